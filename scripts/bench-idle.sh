#!/usr/bin/env bash
# Idle CPU per screen: starts the app under a private Xvfb (Mesa software GL, as on a terminal
# without a GPU), brings it to one screen with xdotool, lets it settle, then reads the process's
# CPU ticks (utime + stime of /proc/PID/stat) over a quiet window and prints the share of one
# core. Nothing is typed or moved during the window: what it measures is what the app does on
# its own (repaints asked by timers, blinking cursors, polling).
#
# Usage: scripts/bench-idle.sh [--release] [--bin PATH] [--seconds N] [--shots DIR] [SCREEN...]
#   SCREEN    setup         first run: the setup screen (empty data folder), shop name focused
#             login         the sign-in screen (demo shop), the login field focused
#             lock          the lock screen (admin, locked by the idle timeout), password focused
#             pinpad        kiosk mode: a technician's lock screen, which is the large PIN pad
#             dashboard     signed in as the admin, on the dashboard
#             clients       the clients list, its search field focused
#             atelier       the shop-floor board (two interventions running)
#             intervention  a running intervention, its step notes field focused
#             sync          the sign-in screen of a terminal that syncs (the demo shop made the
#                           hub of a fresh PostgreSQL database on RPMA_TEST_PG_URL): its sync
#                           and listening threads run during the window
#             (default: all of them, in that order; sync only when RPMA_TEST_PG_URL is set)
#   --release build and run the release profile (default: the debug build)
#   --bin     run this binary instead of building (e.g. a copy of an older build, to compare)
#   --seconds length of the quiet window (default 30)
#   --shots   save a screenshot of each screen, taken just before its window, into DIR
# Needs: xvfb xdotool sqlite3 (imagemagick + x11-apps for --shots; openbox used when installed).
# The lock and PIN pad screens are reached through the real idle timeout, set to its minimum
# (1 min) in the copied demo database: each of them takes about 70 s more.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug bin= secs=30 shots=
screens=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release) profile=release; shift ;;
    --bin) bin=$2; shift 2 ;;
    --seconds) secs=$2; shift 2 ;;
    --shots) shots=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) screens+=("$1"); shift ;;
  esac
done
if [ ${#screens[@]} -eq 0 ]; then
  screens=(setup login lock pinpad dashboard clients atelier intervention)
  [ -z "${RPMA_TEST_PG_URL:-}" ] || screens+=(sync)
fi
if [ -z "$bin" ]; then
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rpma-target}"
  if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
  bin="$CARGO_TARGET_DIR/$profile/rpma"
fi
[ -z "$shots" ] || mkdir -p "$shots"

work=$(mktemp -d)
pids=()
hub_drop() { :; }  # replaced by scripts/lib-hub.sh when the sync screen is measured
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  hub_drop
  rm -rf "$work"
}
trap cleanup EXIT
n=130; while [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ]; do n=$((n + 1)); done
Xvfb :$n -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
export DISPLAY=:$n XDG_RUNTIME_DIR="$work/xdg" LIBGL_ALWAYS_SOFTWARE=1
mkdir -m 700 "$XDG_RUNTIME_DIR"
sleep 1.5
if command -v openbox >/dev/null; then openbox >/dev/null 2>&1 & pids+=($!); sleep 0.5; fi

# The demo shop, created once (the first run writes it), copied for each screen.
"$bin" --demo --data-dir "$work/demo" --bench-startup >/dev/null 2>&1

type_line() { xdotool type --delay 20 "$1"; }
# A click at x y inside the app's window (its client area, whatever the window manager did).
click_at() { xdotool search --name '^RPMA$' mousemove --window %1 "$1" "$2" click 1; sleep 2; }
sign_in() { # user password
  type_line "$1"; sleep 0.5; xdotool key Tab; sleep 0.5; type_line "$2"; sleep 0.5; xdotool key Return
}
# The shortest idle timeout the settings allow (1 min), written into the copied database.
short_idle() {
  sqlite3 "$1/rpma.db" "INSERT INTO settings (key, value, updated_at) VALUES ('security', '{}', 0)
    ON CONFLICT(key) DO NOTHING;
    UPDATE settings SET value = json_set(value, '$.idle_timeout_min', 1) WHERE key = 'security';"
}

hz=$(getconf CLK_TCK)
for screen in "${screens[@]}"; do
  data="$work/$screen"
  args=(--data-dir "$data")
  case "$screen" in
    setup) mkdir -p "$data" ;;
    login|dashboard|clients|atelier|intervention) cp -a "$work/demo" "$data"; args+=(--demo) ;;
    lock) cp -a "$work/demo" "$data"; short_idle "$data"; args+=(--demo) ;;
    pinpad) cp -a "$work/demo" "$data"; short_idle "$data"; args+=(--demo --kiosk) ;;
    sync)
      : "${RPMA_TEST_PG_URL:?the sync screen needs RPMA_TEST_PG_URL (a PostgreSQL superuser URL)}"
      cp -a "$work/demo" "$data"
      source scripts/lib-hub.sh
      hub_create "rpma_idle_$$"
      "$bin" --data-dir "$data" sync init-server "$HUB_URL" >/dev/null ;;
    *) echo "unknown screen: $screen" >&2; exit 2 ;;
  esac
  "$bin" "${args[@]}" >"$work/$screen.log" 2>&1 & app=$!; pids+=($app)
  sleep 4
  case "$screen" in
    setup) click_at 599 417; type_line Garage ;;
    dashboard) sign_in admin Demo-Admin-2026; sleep 5 ;;
    clients) sign_in admin Demo-Admin-2026; sleep 4; click_at 75 297; click_at 439 125 ;;
    atelier) sign_in admin Demo-Admin-2026; sleep 4; click_at 74 183 ;;
    intervention)
      sign_in admin Demo-Admin-2026; sleep 4; click_at 74 183; click_at 659 183
      xdotool search --name '^RPMA$' mousemove --window %1 700 450 click --repeat 15 5; sleep 1
      click_at 706 563 ;;
    lock) sign_in admin Demo-Admin-2026; sleep 70 ;;
    pinpad) sign_in karim Demo-Tech-2026; sleep 70 ;;
    *) sleep 2 ;;
  esac
  # Toasts ("locked after inactivity") go after 4 s; animations end: let it settle.
  sleep 6
  [ -z "$shots" ] || xwd -root -silent | convert xwd:- "$shots/idle-$screen.png"
  ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
  t0=$(ticks); s0=$(date +%s.%N)
  sleep "$secs"
  t1=$(ticks); s1=$(date +%s.%N)
  awk -v n="$screen" -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN {
    printf "%-10s idle CPU over %.0f s: %5.2f %% of one core (%d ticks)\n", n, e - s, 100 * (b - a) / hz / (e - s), b - a }'
  kill "$app"; wait "$app" 2>/dev/null || true
done

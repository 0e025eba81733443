#!/usr/bin/env bash
# Measures what users feel at start-up and at rest, on the release build, under Xvfb:
#   - time from launch to the first painted frame (the app prints it with --bench-startup),
#   - CPU used while idle on the dashboard (should be ~0: egui repaints only on input),
#   - resident (RSS) and proportional (PSS) memory after 30 s idle with the demo shop.
# Usage: scripts/bench.sh [runs]      (needs: xvfb xdotool; builds --release first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rpma-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/rpma"
data=$(mktemp -d)
n=120; while [ -e /tmp/.X11-unix/X$n ]; do n=$((n + 1)); done
Xvfb :$n -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
export DISPLAY=:$n XDG_RUNTIME_DIR=$(mktemp -d) && chmod 700 "$XDG_RUNTIME_DIR"
sleep 1

echo "binary: $(du -h "$bin" | cut -f1)  $(ls -l "$bin" | awk '{print $5}') bytes"
# First run creates the demo data folder (not timed).
"$bin" --demo --data-dir "$data" --bench-startup >/dev/null 2>&1
times=()
for _ in $(seq "$runs"); do
  t=$("$bin" --demo --data-dir "$data" --bench-startup 2>/dev/null | sed -n 's/^first_frame_painted_ms=//p')
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "first frame painted (ms, %d runs): min %.1f  median %.1f  max %.1f\n", NR, a[1], a[int((NR+1)/2)], a[NR]}'

# Idle: log in as the admin, then leave the dashboard alone.
"$bin" --demo --data-dir "$data" >/dev/null 2>&1 & app=$!
sleep 3
xdotool type --delay 20 admin; xdotool key Tab; xdotool type --delay 20 Demo-Admin-2026; xdotool key Return
sleep 5
ticks() { awk '{print $14 + $15}' /proc/$app/stat; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep 30
t1=$(ticks); s1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" 'BEGIN {printf "idle CPU over %.0f s on the dashboard: %.2f %% of one core (%d ticks)\n", e - s, 100 * (b - a) / hz / (e - s), b - a}'
rss=$(awk '/VmRSS/ {print $2}' /proc/$app/status)
pss=$(awk '/^Pss:/ {print $2}' /proc/$app/smaps_rollup)
echo "memory after 30 s idle (logged in, dashboard): RSS $((rss / 1024)) MB, PSS $((pss / 1024)) MB"
kill $app; wait $app 2>/dev/null || true

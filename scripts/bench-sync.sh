#!/usr/bin/env bash
# Sync figures (issue 16) on loopback, against the PostgreSQL of RPMA_TEST_PG_URL (a superuser
# URL; .ci/run sets one up):
#   scripts/bench-sync.sh            # PROFILE=release by default; WORK=/var/tmp/rpma-bench-sync
# A bench shop is generated on terminal A (CLIENTS/VEHICLES/JOBS, small by default: about
# 10,000 changes once interventions are counted), then timed:
#   - `rpma sync init-server`: makes the hub and pushes the whole shop (the snapshot);
#   - `rpma sync join` from an empty data folder: registers B and pulls and merges every change;
#   - an idle `rpma sync now` (nothing to do: connect, check, two empty queries).
# Prints the number of changes on the hub. Not a pass/fail test: figures go to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RPMA_TEST_PG_URL:?set RPMA_TEST_PG_URL to a superuser postgres:// URL}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rpma-target}"
PROFILE="${PROFILE:-release}"
WORK="${WORK:-/var/tmp/rpma-bench-sync}"
CLIENTS="${CLIENTS:-1000}"; VEHICLES="${VEHICLES:-1000}"; JOBS="${JOBS:-1500}"
if [ "${NO_BUILD:-0}" != "1" ]; then
    if [ "$PROFILE" = release ]; then cargo build --release --locked --bin rpma
    else cargo build --locked --bin rpma; fi
fi
BIN="$CARGO_TARGET_DIR/$PROFILE/rpma"
source scripts/lib-hub.sh
cleanup() {
    hub_drop
    if [ "${KEEP:-0}" != "1" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK"
hub_create rpma_bench_sync
URL="$HUB_URL"
A="$WORK/a"; B="$WORK/b"
timed() { local label="$1"; shift; local t0 t1; t0=$(date +%s.%N); "$@" >"$WORK/out.txt"; t1=$(date +%s.%N);
    printf '%-44s %8.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"; }
"$BIN" --lang en --data-dir "$A" bench generate --clients "$CLIENTS" --vehicles "$VEHICLES" --jobs "$JOBS" >/dev/null
timed "init-server (push the shop)" "$BIN" --lang en --data-dir "$A" sync init-server "$URL" --name A
CODE="$(grep '^RPMA-' "$WORK/out.txt")"
echo "changes on the hub: $(hub_psql 'SELECT count(*) FROM rpma_hub.changes')"
timed "join from an empty folder (pull + merge)" "$BIN" --lang en --data-dir "$B" sync join "$URL" --code "$CODE" --name B
timed "idle sync now on B" "$BIN" --lang en --data-dir "$B" sync now
echo "changes on the hub: $(hub_psql 'SELECT count(*) FROM rpma_hub.changes')"

#!/usr/bin/env bash
# Head-office figures (issue 16) on loopback, against the PostgreSQL of RPMA_TEST_PG_URL (a
# superuser URL; .ci/run sets one up):
#   scripts/bench-head-office.sh     # PROFILE=release by default; WORK=/var/tmp/rpma-bench-hq;
#                                    # DB=rpma_bench_hq (the hub database, made and dropped)
# SHOPS bench shops (default 10) are generated, one data folder each (CLIENTS/VEHICLES/JOBS per
# shop, `rpma bench generate --seed k`), and each makes its shop on one hub with
# `rpma sync init-server` (snapshot + push). Then an empty data folder becomes the chain's head
# office, timed: `rpma sync head-office` (makes the read-only role, then downloads every shop:
# the initial join of a head office). Prints the changes on the hub and the rows it received.
# Not a pass/fail test: figures go to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RPMA_TEST_PG_URL:?set RPMA_TEST_PG_URL to a superuser postgres:// URL}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rpma-target}"
PROFILE="${PROFILE:-release}"
WORK="${WORK:-/var/tmp/rpma-bench-hq}"
SHOPS="${SHOPS:-10}"
CLIENTS="${CLIENTS:-5000}"; VEHICLES="${VEHICLES:-5000}"; JOBS="${JOBS:-10000}"
if [ "${NO_BUILD:-0}" != "1" ]; then
    if [ "$PROFILE" = release ]; then cargo build --release --locked --bin rpma
    else cargo build --locked --bin rpma; fi
fi
BIN="${BIN:-$CARGO_TARGET_DIR/$PROFILE/rpma}"
source scripts/lib-hub.sh
cleanup() {
    hub_drop
    if [ "${KEEP:-0}" != "1" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK"
hub_create "${DB:-rpma_bench_hq}"
URL="$HUB_URL"
timed() { local label="$1"; shift; local t0 t1; t0=$(date +%s.%N); "$@" >"$WORK/out.txt"; t1=$(date +%s.%N);
    printf '%-48s %8.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"; }
for k in $(seq 1 "$SHOPS"); do
    "$BIN" --lang en --data-dir "$WORK/shop$k" bench generate --clients "$CLIENTS" \
        --vehicles "$VEHICLES" --jobs "$JOBS" --seed "$k" >/dev/null
    timed "shop $k: init-server (push the shop)" \
        "$BIN" --lang en --data-dir "$WORK/shop$k" sync init-server "$URL" --name "S$k"
    rm -rf "$WORK/shop$k"
done
echo "changes on the hub: $(hub_psql 'SELECT count(*) FROM rpma_hub.changes')"
timed "head office: role + download of the chain" \
    "$BIN" --lang en --data-dir "$WORK/hq" sync head-office "$URL" --name HQ
cat "$WORK/out.txt"
sqlite3 "$WORK/hq/rpma.db" "SELECT 'clients ' || count(*) FROM clients; SELECT 'jobs ' || count(*) FROM jobs; SELECT 'rejected ' || count(*) FROM sync_rejects" 2>/dev/null || true
# Where the head office's database goes: its size, and the merge's clocks (entries, bytes).
echo "database $(du -h "$WORK/hq/rpma.db" | cut -f1)"
sqlite3 "$WORK/hq/rpma.db" "SELECT 'sync_versions ' || count(*) || ' entries' FROM sync_versions;
    SELECT 'sync_versions ' || (sum(pgsize) / 1048576) || ' MiB' FROM dbstat WHERE name = 'sync_versions'" \
    2>/dev/null || true
timed "idle sync now at the head office" "$BIN" --lang en --data-dir "$WORK/hq" sync now

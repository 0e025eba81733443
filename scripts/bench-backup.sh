#!/usr/bin/env bash
# Backup figures (issue 15), release build, on the 100k-job bench shop plus N GB of
# incompressible JPEG-like photos:
#   scripts/bench-backup.sh            # PHOTO_GB=5 by default; WORK=/var/tmp/rpma-bench-backup
# Measures, side by side in one run, with /usr/bin/time -v (wall time, peak RSS):
#   - the reference: tar of the same files piped to `zstd -1 -T1`, then fsync of its output
#     (RPMA fsyncs its backup before renaming it), and without the fsync;
#   - rpma backup create (writes, fsyncs, then verifies: its output gives each phase's time);
#   - rpma backup verify, and sha256sum over the same files;
#   - rpma backup restore into an empty data folder, then again over that shop (--yes: the
#     shop in place is moved aside, the backup's put in its place);
#   - rpma backup upload to object storage on a local folder (`remote set --kind fs`): the
#     copy streams in 8 MB parts, so its peak RSS does not grow with the archive.
# Everything it writes is under $WORK, removed at the end (KEEP=1 keeps it). Needs about
# 6 × PHOTO_GB of free disk.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rpma-target}"
WORK="${WORK:-/var/tmp/rpma-bench-backup}"
PHOTO_GB="${PHOTO_GB:-5}"
BIN="$CARGO_TARGET_DIR/release/rpma"
D="$WORK/data"

cleanup() { if [ "${KEEP:-0}" != "1" ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

# NO_BUILD=1: measure the release binary already built.
if [ "${NO_BUILD:-0}" != "1" ]; then cargo build --release --locked --bin rpma; fi
rm -rf "$WORK"
mkdir -p "$WORK"
# A private copy: the shared target folder may be rebuilt meanwhile.
cp "$BIN" "$WORK/rpma"
BIN="$WORK/rpma"
echo "== bench shop (100k jobs) + ${PHOTO_GB} GB of photos in $D"
"$BIN" --lang en --data-dir "$D" bench generate
python3 scripts/bench_photos.py "$D" "$PHOTO_GB"
sync
du -sh "$D" "$D/rpma.db" "$D/photos"
FILES=$(cd "$D" && find rpma.db photos documents -type f 2>/dev/null | wc -l)
BYTES=$(cd "$D" && find rpma.db photos documents -type f -printf '%s\n' 2>/dev/null | awk '{s+=$1} END {print s}')
echo "files: $FILES, bytes: $BYTES"

measure() { # label, command...
    local label="$1"; shift
    local log="$WORK/time-$label.txt"
    /usr/bin/time -v -o "$log" "$@" > "$WORK/out-$label.txt" 2>&1 || { cat "$WORK/out-$label.txt"; exit 1; }
    local wall rss user sys
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    user=$(grep 'User time' "$log" | awk '{print $NF}')
    sys=$(grep 'System time' "$log" | awk '{print $NF}')
    printf '%-28s wall %-10s cpu %6.1f s (user %s, sys %s)  peak RSS %6d MB\n' \
        "$label" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" $((rss / 1024))
}
warm() { (cd "$D" && find rpma.db photos -type f -print0 | xargs -0 cat > /dev/null); }

echo "== side by side (page cache warmed before each)"
warm
measure "tar|zstd -1 (+fsync)" sh -c "tar -C '$D' -cf - rpma.db photos | zstd -1 -T1 -q -o '$WORK/ref.tar.zst' && sync '$WORK/ref.tar.zst'"
rm -f "$WORK/ref.tar.zst"; sync
warm
measure "tar|zstd -1 (no fsync)" sh -c "tar -C '$D' -cf - rpma.db photos | zstd -1 -T1 -q -o '$WORK/ref.tar.zst'"
rm -f "$WORK/ref.tar.zst"; sync
warm
measure "rpma backup create" "$BIN" --lang en --data-dir "$D" backup create --out "$WORK/out"
cat "$WORK/out-rpma backup create.txt"
FILE=$(ls "$WORK"/out/rpma-backup-*.tar.zst)
ls -l "$FILE"
warm
measure "sha256sum" sh -c "cd '$D' && find rpma.db photos -type f -print0 | xargs -0 sha256sum > /dev/null"
measure "rpma backup verify" "$BIN" --lang en backup verify "$FILE"
cat "$WORK/out-rpma backup verify.txt"
measure "rpma backup restore" "$BIN" --lang en --data-dir "$WORK/restored" backup restore "$FILE"
cat "$WORK/out-rpma backup restore.txt"
du -sh "$WORK/restored"
measure "rpma backup restore --yes" "$BIN" --lang en --data-dir "$WORK/restored" backup restore "$FILE" --yes
cat "$WORK/out-rpma backup restore --yes.txt"
rm -rf "$WORK"/restored.before-restore-*
"$BIN" --lang en --data-dir "$D" backup remote set --kind fs --bucket "$WORK/remote" --prefix bench
measure "rpma backup upload (folder)" "$BIN" --lang en --data-dir "$D" backup upload "$FILE"
cat "$WORK/out-rpma backup upload (folder).txt"
du -sh "$WORK/remote"

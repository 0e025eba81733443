#!/usr/bin/env bash
# Builds the Debian package with cargo-bundle from the release build:
#   scripts/package-deb.sh            -> prints the .deb's path on its last line
# cargo-bundle: `cargo install cargo-bundle --locked` (on PATH, or in $RPMA_TOOLS/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${RPMA_TOOLS:-/var/tmp/rpma-tools}"
export PATH="$tools/bin:$PATH"
command -v cargo-bundle >/dev/null || {
  echo "cargo-bundle is not installed: cargo install cargo-bundle --locked [--root $tools]" >&2
  exit 1
}
target_dir="${CARGO_TARGET_DIR:-target}"
# The release binary is built once (cargo-bundle's own build is then a no-op).
cargo build --release --locked
cargo bundle --release --format deb >&2
deb=$(ls -t "$target_dir"/release/bundle/deb/*.deb | head -n 1)
echo "$deb"

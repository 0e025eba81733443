#!/usr/bin/env bash
# The project's test command: formatting, file sizes, lints, every test. CI runs exactly this (.ci/run).
#   scripts/check.sh
# Needs Xvfb for the end-to-end window test (Debian/Ubuntu: see README "Build from source").
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== file sizes (at most 800 lines, scripts/oversize-allowlist.txt)"
scripts/check-file-size.sh

echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --locked

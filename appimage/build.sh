#!/usr/bin/env bash
# Builds the RPMA AppDir and, when appimagetool is installed, the AppImage.
#
#   appimage/build.sh [--binary PATH] [--out DIR] [--require-appimagetool]
#
# Default binary: $CARGO_TARGET_DIR/release/rpma (or target/release/rpma); default out: dist/.
# APPIMAGE_RUNTIME_FILE: the AppImage runtime to embed (else appimagetool downloads its own).
# The AppDir is always checked: AppRun runs the binary, the icon is a 256 px PNG and the desktop
# file passes desktop-file-validate. appimagetool cannot be downloaded on an offline machine (it
# is not in Debian); without it this script says so loudly and stops after the AppDir, unless
# --require-appimagetool (the release workflow) makes that an error.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
binary="$target_dir/release/rpma"
out="dist"
require_tool=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --require-appimagetool) require_tool=1; shift ;;
    *) echo "usage: appimage/build.sh [--binary PATH] [--out DIR] [--require-appimagetool]" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "appimage: no binary at $binary (cargo build --release first)" >&2; exit 1; }

version=$("$binary" --version | awk '{print $2}')
arch=$(uname -m)
appdir="$out/RPMA.AppDir"
rm -rf "$appdir"
mkdir -p "$appdir/usr/bin" "$appdir/usr/share/applications" "$appdir/usr/share/icons/hicolor/256x256/apps"
install -m 0755 "$binary" "$appdir/usr/bin/rpma"
install -m 0755 appimage/AppRun "$appdir/AppRun"
install -m 0644 appimage/rpma.desktop "$appdir/rpma.desktop"
install -m 0644 appimage/rpma.desktop "$appdir/usr/share/applications/rpma.desktop"
install -m 0644 appimage/rpma.png "$appdir/rpma.png"
install -m 0644 appimage/rpma.png "$appdir/usr/share/icons/hicolor/256x256/apps/rpma.png"
ln -sf rpma.png "$appdir/.DirIcon"

echo "== AppDir checks ($appdir)"
fail() { echo "appimage: FAIL: $*" >&2; exit 1; }
[ -x "$appdir/AppRun" ] || fail "AppRun missing or not executable"
[ -f "$appdir/rpma.desktop" ] || fail "desktop file missing"
[ -f "$appdir/rpma.png" ] || fail "icon missing"
file_type=$(head -c 8 "$appdir/rpma.png" | od -An -tx1 | tr -d ' \n')
[ "$file_type" = "89504e470d0a1a0a" ] || fail "icon is not a PNG"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$appdir/rpma.desktop" || fail "desktop-file-validate refused rpma.desktop"
  echo "ok   desktop-file-validate"
else
  fail "desktop-file-validate not installed (Debian: desktop-file-utils)"
fi
grep -q '^Icon=rpma$' "$appdir/rpma.desktop" || fail "desktop file does not name the icon rpma"
ran=$("$appdir/AppRun" --version) || fail "AppRun does not run the binary"
[ "$ran" = "rpma $version" ] || fail "AppRun printed '$ran'"
echo "ok   AppRun runs: $ran"

image="$out/RPMA-$version-$arch.AppImage"
if command -v appimagetool >/dev/null; then
  # The release workflow passes a pinned, checksummed runtime (APPIMAGE_RUNTIME_FILE) so that
  # appimagetool does not download one itself.
  runtime_args=()
  [ -n "${APPIMAGE_RUNTIME_FILE:-}" ] && runtime_args=(--runtime-file "$APPIMAGE_RUNTIME_FILE")
  ARCH="$arch" appimagetool --no-appstream "${runtime_args[@]}" "$appdir" "$image"
  echo "AppImage: $image ($(du -h "$image" | cut -f1))"
else
  echo
  echo "!!! appimagetool NOT FOUND: the AppImage itself was NOT built."
  echo "!!! The AppDir is ready and checked at $appdir; the release workflow (which can download"
  echo "!!! appimagetool) squashes it into $image."
  echo
  [ "$require_tool" = 1 ] && exit 1
fi
exit 0

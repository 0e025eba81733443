#!/usr/bin/env bash
# Packaging checks (CI runs them after scripts/check.sh, see .ci/run):
#   - the release binary: size, runtime libraries (ldd: system libraries only, no OpenSSL),
#     no openssl-sys anywhere in the dependency tree, `rpma --version`, the update build marker,
#     no `--install-path` and `RPMA_UPDATE_API_URL` ignored;
#   - the .deb (cargo-bundle): metadata and contents, installed into a throwaway root where
#     `rpma --version` runs;
#   - wix/main.wxs: well-formed, and built into an MSI by wixl (msitools) without the
#     Windows-only block; the MSI's shortcuts, upgrade code and per-machine scope are checked;
#   - the AppImage AppDir (appimage/build.sh): AppRun, icon, desktop-file-validate;
#   - the macOS bundle inputs: plists well-formed, the .icns readable.
# Needs: cargo-bundle (installed into $RPMA_TOOLS, default /var/tmp/rpma-tools, on first run),
# dpkg-deb, xmllint, wixl + msiinfo, desktop-file-validate.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
tools="${RPMA_TOOLS:-/var/tmp/rpma-tools}"
export PATH="$tools/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package-check: FAIL: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }

for tool in dpkg-deb xmllint wixl msiinfo desktop-file-validate ldd; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (Debian: dpkg, libxml2-utils, wixl, msitools, desktop-file-utils)"
done
if ! command -v cargo-bundle >/dev/null; then
  echo "== installing cargo-bundle into $tools (once; cached there)"
  cargo install cargo-bundle --version 0.12.0 --locked --root "$tools"
fi

echo "== release binary"
cargo build --release --locked
bin="$CARGO_TARGET_DIR/release/rpma"
version=$(cargo metadata --no-deps --format-version 1 \
  | sed -n 's/.*"name":"rpma","version":"\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$version" ] || version=$(grep -m1 '^version' Cargo.toml | cut -d'"' -f2)
[ "$("$bin" --version)" = "rpma $version" ] || fail "rpma --version does not print rpma $version"
ok "rpma --version: rpma $version"
size=$(stat -c %s "$bin")
ok "size: $size bytes ($(du -h "$bin" | cut -f1))"
ldd "$bin" | tee "$work/ldd.txt"
if grep -Eiq 'libssl|libcrypto|libX11|libGL|libwayland|libvulkan|libdbus' "$work/ldd.txt"; then
  fail "the binary links a library that must be loaded at run time or not at all"
fi
ok "ldd: system libraries only"
if cargo tree --locked -e normal,build -i openssl-sys --target all >/dev/null 2>&1; then
  fail "openssl-sys is in the dependency tree (use rustls)"
fi
ok "no openssl-sys in the dependency tree"
# Updates (issue 13): the build marker that `rpma update rollback` reads from a kept binary is in
# the shipped file; the test-only redirections do not exist in a release build.
grep -qa 'RPMA-BUILD-INFO' "$bin" || fail "the build marker (src/update/build_info.rs) is not in the binary"
ok "build marker present"
if "$bin" update rollback --install-path "$work/none" >"$work/install-path.txt" 2>&1; then
  fail "the release binary accepts --install-path"
fi
grep -q -- "--install-path" "$work/install-path.txt" || fail "--install-path not refused as unknown"
ok "no --install-path in the release binary"
RPMA_UPDATE_API_URL=http://127.0.0.1:9 "$bin" --lang en --data-dir "$work/upd" update check \
  >"$work/api-url.txt" 2>&1 || true
grep -q -e "update server" -e "up to date" -e "is available" "$work/api-url.txt" \
  || fail "rpma update check did not run: $(cat "$work/api-url.txt")"
if grep -q -e "Connection refused" -e "os error 111" "$work/api-url.txt"; then
  fail "the release binary followed RPMA_UPDATE_API_URL"
fi
ok "RPMA_UPDATE_API_URL ignored by the release binary"

echo "== .deb (cargo-bundle)"
deb=$(scripts/package-deb.sh | tail -n 1)
[ -f "$deb" ] || fail "no .deb built"
dpkg-deb --info "$deb" | tee "$work/deb-info.txt"
grep -q "^ Package: rpma$" "$work/deb-info.txt" || fail ".deb Package is not rpma"
grep -q "^ Version: $version$" "$work/deb-info.txt" || fail ".deb Version is not $version"
grep -q "^ Depends: .*libgl1" "$work/deb-info.txt" || fail ".deb Depends lacks the run-time libraries"
dpkg-deb --contents "$deb" | tee "$work/deb-contents.txt"
# dpkg-deb lists paths with or without a leading "./" depending on how the archive was made.
for f in usr/bin/rpma usr/share/applications/rpma.desktop usr/share/icons/hicolor/256x256/apps/rpma.png; do
  grep -Eq " (\./)?$f$" "$work/deb-contents.txt" || fail ".deb lacks $f"
done
grep -Eq '^-rwxr-xr-x .* (\./)?usr/bin/rpma$' "$work/deb-contents.txt" || fail ".deb: usr/bin/rpma is not executable"
root="$work/root"
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/rpma.desktop" || fail "the .deb's desktop file is invalid"
[ "$("$root/usr/bin/rpma" --version)" = "rpma $version" ] || fail "rpma from the .deb does not run"
ok ".deb installs into a throwaway root and rpma --version runs from it ($(du -h "$deb" | cut -f1))"

echo "== wix/main.wxs"
xmllint --noout wix/main.wxs || fail "wix/main.wxs is not well-formed"
ok "well-formed"
mkdir -p "$work/wix/wix"
# wixl has no WixUI library and no <?ifndef?>: those lines are for WiX on Windows only.
sed '/windows-only: begin/,/windows-only: end/d; /^<?ifndef/d; /^<?define/d; /^<?endif/d' wix/main.wxs \
  | sed 's#\\#/#g' > "$work/wix/main.wxs"
cp wix/License.rtf wix/rpma.ico "$work/wix/wix/"
# The Linux binary stands in for rpma.exe: this checks the installer's structure, not Windows.
cp "$bin" "$work/wix/rpma.exe"
(cd "$work/wix" && wixl -a x64 -D "Version=$version" -D CargoTargetBinDir=. -o rpma.msi main.wxs 2>"$work/wixl.log") \
  || { cat "$work/wixl.log"; fail "wixl refused wix/main.wxs"; }
msi="$work/wix/rpma.msi"
msiinfo export "$msi" Shortcut > "$work/shortcuts.txt"
grep -q "^StartMenuRpma	ApplicationProgramsFolder	RPMA	" "$work/shortcuts.txt" || fail "MSI: no Start menu shortcut"
grep -q "^StartMenuRpmaKiosk	.*	--kiosk	" "$work/shortcuts.txt" || fail "MSI: no kiosk shortcut"
grep -q "^DesktopRpma	DesktopFolder	RPMA	" "$work/shortcuts.txt" || fail "MSI: no desktop shortcut"
msiinfo export "$msi" Property > "$work/props.txt"
grep -q "^ALLUSERS	1" "$work/props.txt" || fail "MSI: not per-machine"
grep -q "^UpgradeCode	{424EB422-2FBD-4EE4-9148-1C1F7A8FBB98}" "$work/props.txt" || fail "MSI: upgrade code changed"
grep -q "^ProductVersion	$version" "$work/props.txt" || fail "MSI: version is not $version"
# Into a file first: `grep -q` stops reading at the first match, and with pipefail the writer's
# SIGPIPE would fail the check at random.
msiinfo export "$msi" File > "$work/files.txt"
grep -q "rpma.exe" "$work/files.txt" || fail "MSI: rpma.exe missing"
ok "wixl built an MSI ($(du -h "$msi" | cut -f1)): Start menu + kiosk + desktop shortcuts, per-machine, upgrade code, version"

echo "== AppImage"
appimage/build.sh --binary "$bin" --out "$work/appimage"

echo "== macOS .app (structure only: the binary inside is the Linux one; the release workflow builds the real one on macOS)"
xmllint --noout macos/entitlements.plist || fail "macos/entitlements.plist is not well-formed"
{ echo '<dict>'; cat macos/Info.plist.ext; echo '</dict>'; } | xmllint --noout - || fail "macos/Info.plist.ext is not a well-formed <dict> fragment"
[ "$(head -c 4 macos/rpma.icns)" = "icns" ] || fail "macos/rpma.icns is not an icns file"
cargo bundle --release --format osx >&2
app="$CARGO_TARGET_DIR/release/bundle/osx/RPMA.app/Contents"
xmllint --noout "$app/Info.plist" || fail "RPMA.app Info.plist is not well-formed"
dups=$(grep -o '^  <key>[^<]*</key>' "$app/Info.plist" | sort | uniq -d)
[ -z "$dups" ] || fail "RPMA.app Info.plist has duplicate keys: $dups"
grep -A1 CFBundleIdentifier "$app/Info.plist" | grep -q 'fr.rpma.RPMA' || fail "RPMA.app: wrong bundle identifier"
grep -q '<string>fr</string>' "$app/Info.plist" || fail "RPMA.app: Info.plist.ext not merged"
[ -f "$app/Resources/rpma.icns" ] && [ -x "$app/MacOS/rpma" ] || fail "RPMA.app: icon or executable missing"
ok "RPMA.app: Info.plist (identifier, overrides merged, no duplicate key), rpma.icns, entitlements"

echo "package-check: all packaging checks passed"

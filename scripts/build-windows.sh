#!/usr/bin/env bash
# Builds 招商台账 for Windows 10/11 on Linux, offline: zhaoshang-desktop.exe (UI embedded),
# zhaoshang.exe (CLI) and the installer 招商台账-<version>-setup.exe, with Debian's mingw-w64 and
# makensis. How it is built and checked: docs/WINDOWS.md.
#
#   bash scripts/build-windows.sh            # release (LTO): what an office installs; ≤ 35 min cold on 2 cores
#   bash scripts/build-windows.sh --dev      # dev profile, shares the Wine tests' build (CI)
#   bash scripts/build-windows.sh --server   # also zhaoshang-server.exe (beside, not in the installer)
#
# Output in target/windows/<profile>/: the exes, WebView2Loader.dll and the setup.exe.
# Fails if an exe imports a DLL that is not part of Windows (a mingw runtime DLL would be
# missing on an officer's laptop), or if the release installer is over 15 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=x86_64-pc-windows-gnu
profile=release
server=0
for arg in "$@"; do
  case "$arg" in
    --dev) profile=dev ;;
    --server) server=1 ;;
    *) echo "usage: $0 [--dev] [--server]" >&2; exit 2 ;;
  esac
done
cargo_dir=$([ "$profile" = dev ] && echo debug || echo release)
profile_flag=$([ "$profile" = dev ] && echo "" || echo "--release")

need() { command -v "$1" >/dev/null || { echo "missing: $1 ($2)" >&2; exit 1; }; }
need x86_64-w64-mingw32-gcc "apt-get install mingw-w64"
need x86_64-w64-mingw32-objdump "apt-get install mingw-w64"
need makensis "apt-get install nsis"
rustup target list --installed | grep -qx "$target" \
  || { echo "missing: rustup target add $target" >&2; exit 1; }

version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)
conf_version=$(sed -n 's/^ *"version": *"\(.*\)",/\1/p' src-tauri/tauri.conf.json)
if [ "$version" != "$conf_version" ]; then
  echo "Cargo.toml says $version, src-tauri/tauri.conf.json says $conf_version: make them agree" >&2
  exit 1
fi

echo "== UI (embedded in the exe)"
(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npx --no-install vite build --logLevel warn)

echo "== cargo build ($profile, $target)"
start=$(date +%s)
# shellcheck disable=SC2086
cargo build $profile_flag --target "$target" -p zhaoshang-desktop -p zhaoshang-cli \
  --features zhaoshang-desktop/custom-protocol
if [ "$server" = 1 ]; then
  # shellcheck disable=SC2086
  cargo build $profile_flag --target "$target" -p zhaoshang-server
fi
echo "built in $(($(date +%s) - start)) s"

out="$root/target/windows/$profile"
rm -rf "$out" && mkdir -p "$out"
bin="$root/target/$target/$cargo_dir"
cp "$bin/zhaoshang-desktop.exe" "$bin/zhaoshang.exe" "$out/"
[ "$server" = 1 ] && cp "$bin/zhaoshang-server.exe" "$out/"
# The release profile strips its exes; a dev build's debug info would make the installer huge.
[ "$profile" = dev ] && x86_64-w64-mingw32-strip "$out"/*.exe
# The exe links WebView2Loader.dll (webview2-com-sys on the gnu target): ship it beside.
loader=$(ls -t "$bin"/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -n 1)
cp "$loader" "$out/"

echo "== import tables: only Windows' own DLLs (and WebView2Loader.dll beside the app)"
bash scripts/windows/check-imports.sh "$out"/*.exe

echo "== file properties of zhaoshang-desktop.exe"
python3 - "$out/zhaoshang-desktop.exe" "$version" <<'PY'
import sys
exe, version = open(sys.argv[1], "rb").read(), sys.argv[2]
def has(text):
    return text.encode("utf-16-le") in exe
checks = {
    "ProductName 招商台账": has("ProductName") and has("招商台账"),
    f"ProductVersion {version}": has("ProductVersion") and has(version),
    "icon resource": b"\x00\x00\x01\x00" in exe and has("FileDescription"),
}
for what, ok in checks.items():
    print(("ok   " if ok else "MISSING ") + what)
sys.exit(0 if all(checks.values()) else 1)
PY

echo "== installer"
setup="$out/招商台账-$version-setup.exe"
makensis -V2 -WX -DVERSION="$version" -DSRC="$out" -DOUT="$setup" \
  -DICON="$root/icons/icon.ico" scripts/windows/installer.nsi
size=$(stat -c %s "$setup")
awk -v s="$size" -v f="$setup" 'BEGIN { printf "%s: %.1f MB\n", f, s / 1048576 }'
ls -l "$out"
if [ "$profile" = release ] && [ "$size" -gt $((15 * 1024 * 1024)) ]; then
  echo "the installer is over its 15 MB goal" >&2
  exit 1
fi

#!/usr/bin/env bash
# The Windows installer, proven under Wine (docs/WINDOWS.md): install silently, check what it
# made, run the installed CLI and compare its report with the Linux build's, make a backup and
# encrypt (the two that failed on Windows before), refuse a full or read-only USB stick cleanly,
# upgrade over it with a newer build, start the desktop app without WebView2 (it must say so in
# a message box, not crash), uninstall, and check the ledger is still there.
#
#   bash scripts/windows/check-installer.sh target/windows/dev [path/to/linux/zhaoshang]
#
# Uses a fresh Wine prefix (target/wine-install) and HOME, so nothing of an earlier run counts.
# Needs: wine, makensis, mingw-w64, Xvfb, xdotool, ImageMagick's import (screenshot).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "${1:?usage: $0 <folder with the built exes and setup.exe> [linux zhaoshang]}" && pwd)
linux_cli=${2:-$root/target/debug/zhaoshang}
setup=$(ls "$out"/招商台账-*-setup.exe)
version=$(basename "$setup" | sed 's/^招商台账-\(.*\)-setup\.exe$/\1/')

tmp=$(mktemp -d /tmp/zhaoshang-win.XXXXXX)
export HOME="$tmp/home" ZHAOSHANG_WINEPREFIX="$root/target/wine-install"
mkdir -p "$HOME"
rm -rf "$ZHAOSHANG_WINEPREFIX"
# shellcheck source=wine-env.sh
. "$root/scripts/windows/wine-env.sh"
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  for m in "$tmp/usb-full" "$tmp/usb-ro"; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
ok() { echo "ok    $*"; passed=$((passed + 1)); }
fail() { echo "FAIL  $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
disk_free() { df -h --output=avail "$tmp" | tail -n 1 | tr -d ' '; }
# Anything else that fails stops the script: it says which line and command, and the disk (a CI
# run on 2026-12-07 stopped with no word, right after "== install").
trap 'rc=$?; echo "FAIL  line $LINENO exited $rc: $BASH_COMMAND (disk free $(disk_free))"' ERR
# Runs an installer or uninstaller silently and checks its exit code. Under Wine in CI a program
# has failed to start at all (CreateProcess error 1359, see crates/cli/tests/common), so a
# failure is tried once more, with Wine's errors on: the first exit code, the disk and what Wine
# said are printed either way, and only a second failure fails the check. An installer that fails
# for a reason of its own fails twice; what it installed is checked after it, whichever try made it.
run_silently() { # label, then the program and its arguments
  local what=$1 rc=0; shift
  wine "$@" || rc=$?
  if [ "$rc" = 0 ]; then ok "$what: exit code 0"; return; fi
  echo "      $what: exit code $rc (disk free $(disk_free)); once more, with Wine's errors:"
  rc=0
  WINEDEBUG=err+all wine "$@" 2>"$tmp/wine-errors.txt" || rc=$?
  tail -n 20 "$tmp/wine-errors.txt" | sed 's/^/      /'
  check "$what: exit code 0 on the second try (got $rc)" test "$rc" = 0
}
win_env() { wine cmd /c echo "%$1%" 2>/dev/null | tr -d '\r'; }
reg_value() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v v="$2" '$1 == v { print $3 }'; }
reg_default() { wine reg query "$1" /ve 2>/dev/null | tr -d '\r' | awk '/REG_SZ/ { print $NF }'; }
reg_exists() { wine reg query "$1" >/dev/null 2>&1; }
unix() { winepath -u "$1" 2>/dev/null; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
figures() { # the report's figures, without the ids each ledger made for itself (UUIDv7)
  python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items()
                if k not in ("id", "devices", "generated_at") and not k.endswith("_id")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
print(json.dumps(strip(r), ensure_ascii=False, sort_keys=True))' "$1"
}

local_appdata=$(unix "$(win_env LOCALAPPDATA)")
appdata=$(unix "$(win_env APPDATA)")
profile=$(unix "$(win_env USERPROFILE)")
inst="$local_appdata/Programs/招商台账"
data="$appdata/cn.zhaoshang.app"
start_menu="$appdata/Microsoft/Windows/Start Menu/Programs/招商台账.lnk"
desktop_lnk="$profile/Desktop/招商台账.lnk"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.zhaoshang.app'

echo "== install $(basename "$setup") silently (/S), from a folder with 中文 and spaces"
dist="$tmp/分发 目录"
mkdir -p "$dist"
cp "$setup" "$dist/"
# Wine has no WebView2: setup.exe must run the runtime installer the office put beside it.
x86_64-w64-mingw32-gcc -O2 -s -o "$dist/MicrosoftEdgeWebView2RuntimeInstallerX64.exe" \
  "$root/scripts/windows/fake-webview2-installer.c"
run_silently "setup.exe /S" "$dist/$(basename "$setup")" /S
check "installed into %LOCALAPPDATA%\\Programs\\招商台账 (per user)" test -d "$inst"
for f in zhaoshang-desktop.exe zhaoshang.exe WebView2Loader.dll; do
  check "$f installed as built" cmp -s "$out/$f" "$inst/$f"
done
check "uninstaller installed" test -f "$inst/uninstall.exe"
check "Start-menu shortcut" test -f "$start_menu"
check "desktop shortcut" test -f "$desktop_lnk"
check "listed in 应用和功能 with version $version" test "$(reg_value "$uninstall_key" DisplayVersion)" = "$version"
check "quiet uninstall string registered" reg_exists "$uninstall_key"
check ".zsync opens in the app" test "$(reg_default 'HKCU\Software\Classes\.zsync')" = cn.zhaoshang.zsync
check ".zsync open command names the installed exe" \
  sh -c "wine reg query 'HKCU\\Software\\Classes\\cn.zhaoshang.zsync\\shell\\open\\command' /ve 2>/dev/null | grep -q 'zhaoshang-desktop.exe'"
webview2_args="$(unix "$(win_env TEMP)")/zs-webview2-args.txt"
check "WebView2 missing: ran the runtime installer beside setup.exe with /silent /install" \
  grep -qx '/silent /install' "$webview2_args"
check "install wrote nothing into the data folder" test ! -e "$data"

echo "== the installed CLI: demo ledger, report, backup, encryption (Windows semantics)"
wine "$inst/zhaoshang.exe" demo >"$tmp/demo.txt" 2>&1 || { cat "$tmp/demo.txt"; fail "zhaoshang.exe demo"; }
check "the demo ledger is in %APPDATA%\\cn.zhaoshang.app" test -f "$data/ledger.sqlite3"
wine "$inst/zhaoshang.exe" report --json >"$tmp/win.json"
"$linux_cli" --db "$tmp/linux.sqlite3" demo >/dev/null
"$linux_cli" --db "$tmp/linux.sqlite3" report --json >"$tmp/linux.json"
check "report --json: the same figures as the Linux build" \
  test "$(figures "$tmp/win.json")" = "$(figures "$tmp/linux.json")"
wine "$inst/zhaoshang.exe" report --region 京津冀 >"$tmp/report.txt"
check "report --region 京津冀 says the demo's sentence" \
  grep -q "面向京津冀招商168次，对接洽谈项目156个，27个项目签约，落地开工项目22个" "$tmp/report.txt"
if wine "$inst/zhaoshang.exe" backup >"$tmp/backup.txt" 2>&1; then ok "zhaoshang.exe backup"; else cat "$tmp/backup.txt"; fail "zhaoshang.exe backup"; fi
check "the backup is in the data folder's backups" sh -c "ls '$data/backups/'ledger-*.sqlite3 >/dev/null"
wine "$inst/zhaoshang.exe" backup --list >/dev/null && ok "backup --list" || fail "backup --list"

odd="$tmp/王磊 的台账"
mkdir -p "$odd"
cp "$data/ledger.sqlite3" "$odd/ledger.sqlite3"
odd_win="Z:$(echo "$odd" | tr / '\\')\\ledger.sqlite3"
if ZS_NEW='凌源 2022!' wine "$inst/zhaoshang.exe" --db "$odd_win" passphrase --new-passphrase-env ZS_NEW \
  >"$tmp/pass.txt" 2>&1; then ok "passphrase: a ledger under 中文 and spaces is encrypted"
else cat "$tmp/pass.txt"; fail "passphrase: a ledger under 中文 and spaces is encrypted"; fi
check "the encrypted file has no readable SQLite header" \
  sh -c "! head -c 16 '$odd/ledger.sqlite3' | grep -q 'SQLite format'"
ZS_PASS='凌源 2022!' wine "$inst/zhaoshang.exe" --db "$odd_win" --passphrase-env ZS_PASS report --json \
  >"$tmp/enc.json" 2>/dev/null || true
check "the encrypted ledger reports the same figures" \
  test "$(figures "$tmp/enc.json" 2>/dev/null)" = "$(figures "$tmp/win.json")"

echo "== bad input loses nothing: a full and a read-only USB stick"
before=$(sha "$data/ledger.sqlite3")
mkdir -p "$tmp/usb-full" "$tmp/usb-ro"
if mount -t tmpfs -o size=256k tmpfs "$tmp/usb-full" 2>/dev/null \
  && mount -t tmpfs -o ro,size=256k tmpfs "$tmp/usb-ro" 2>/dev/null; then
  for stick in usb-full usb-ro; do
    stick_win="Z:$(echo "$tmp/$stick" | tr / '\\')"
    if wine "$inst/zhaoshang.exe" backup --to "$stick_win" >"$tmp/$stick.txt" 2>&1; then
      fail "$stick: backup --to reports the failure"
    else
      ok "$stick: backup --to reports the failure"
    fi
    sed 's/^/      /' "$tmp/$stick.txt"
    check "$stick: the message names the stick and says what went wrong, in Chinese" \
      grep -q "$stick" "$tmp/$stick.txt"
    check "$stick: nothing half-written left on it" test -z "$(ls -A "$tmp/$stick")"
  done
else
  echo "skipped: cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)"
fi
check "the ledger is unchanged by the failed backups" test "$(sha "$data/ledger.sqlite3")" = "$before"

echo "== the desktop app without WebView2 says so (native message box, exit code 3)"
display=:97
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 2
DISPLAY=$display wine "$inst/zhaoshang-desktop.exe" >"$tmp/desktop.out" 2>"$tmp/desktop.err" &
app=$!
box=""
for _ in $(seq 1 60); do
  box=$(DISPLAY=$display xdotool search --name '^招商台账$' 2>/dev/null | head -n 1) && [ -n "$box" ] && break
  kill -0 "$app" 2>/dev/null || break
  sleep 1
done
if [ -n "$box" ]; then
  ok "a message box titled 招商台账 is shown"
  sleep 1
  DISPLAY=$display import -window root "$root/tests/screenshots/windows-no-webview2.png" 2>/dev/null \
    && echo "      screenshot: tests/screenshots/windows-no-webview2.png"
  # No window manager under Xvfb: focus the box directly, then press 确定 (Enter).
  DISPLAY=$display xdotool windowfocus --sync "$box" 2>/dev/null || true
  DISPLAY=$display xdotool key Return 2>/dev/null || true
else
  fail "a message box titled 招商台账 is shown"
fi
code=0
for _ in $(seq 1 30); do kill -0 "$app" 2>/dev/null || break; sleep 1; done
if kill -0 "$app" 2>/dev/null; then wineserver -k; code=timeout; else wait "$app" || code=$?; fi
check "the app exits with code 3 once the box is closed (got $code)" test "$code" = 3
check "stderr says WebView2 is missing" grep -q "WebView2" "$tmp/desktop.err"
kill "$xvfb_pid" 2>/dev/null; xvfb_pid=""

echo "== upgrade in place with a newer build"
newer=$(echo "$version" | awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }')
makensis -V1 -DVERSION="$newer" -DSRC="$out" -DOUT="$tmp/招商台账-$newer-setup.exe" \
  -DICON="$root/icons/icon.ico" "$root/scripts/windows/installer.nsi"
before=$(sha "$data/ledger.sqlite3")
backups_before=$(ls "$data/backups" | wc -l)
run_silently "the newer setup.exe /S" "$tmp/招商台账-$newer-setup.exe" /S
check "应用和功能 now lists $newer" test "$(reg_value "$uninstall_key" DisplayVersion)" = "$newer"
check "in the same folder" test "$(unix "$(reg_value "$uninstall_key" InstallLocation)")" = "$inst" -o -d "$inst"
check "one entry in 应用和功能" test "$(wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' 2>/dev/null | grep -c 'cn.zhaoshang.app')" = 1
check "the ledger is untouched by the upgrade" test "$(sha "$data/ledger.sqlite3")" = "$before"
check "its backups too" test "$(ls "$data/backups" | wc -l)" = "$backups_before"
wine "$inst/zhaoshang.exe" report --json >"$tmp/after.json"
check "the upgraded CLI reports the same figures" test "$(figures "$tmp/after.json")" = "$(figures "$tmp/win.json")"

echo "== uninstall silently"
# The uninstaller runs a copy of itself from %TEMP% and returns at once: wait for the copy.
run_silently "uninstall.exe /S" "$inst/uninstall.exe" /S
for _ in $(seq 1 60); do [ -e "$inst" ] || break; sleep 1; done
check "the program files are gone" test ! -e "$inst"
check "the shortcuts are gone" test ! -e "$start_menu" -a ! -e "$desktop_lnk"
check "gone from 应用和功能" sh -c "! wine reg query '$uninstall_key' >/dev/null 2>&1"
check "the .zsync association is gone" sh -c "! wine reg query 'HKCU\\Software\\Classes\\cn.zhaoshang.zsync' >/dev/null 2>&1"
check "the ledger is still there, unchanged" test "$(sha "$data/ledger.sqlite3")" = "$before"
check "its backups too" test "$(ls "$data/backups" | wc -l)" = "$backups_before"

echo "installer: $passed passed, $failed failed"
[ "$failed" = 0 ]

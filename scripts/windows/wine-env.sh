# Source this file: a Wine prefix that runs windows-gnu test binaries and the installer.
#
#   . scripts/windows/wine-env.sh      # then: cargo test --target x86_64-pc-windows-gnu …
#
# - WINEPREFIX: target/wine (made on first use, kept between runs; delete it to start over).
# - WINEDEBUG=-all: Wine's own chatter off, so test output is the test's.
# - The cargo runner for the Windows target is Wine, so `cargo test --target …` runs under it.
# - bcryptprimitives.dll: Rust's std imports ProcessPrng from it; Wine 8.0 lacks it, so a
#   stand-in built from scripts/windows/bcryptprimitives.c goes into the prefix (test only).
# - wineserver stays up 30 s after the last program (see the end of this file).
# - A Chinese locale (zh_CN.UTF-8), as on an officer's laptop: the ANSI code page is then 936.
_zs_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export WINEPREFIX="${ZHAOSHANG_WINEPREFIX:-$_zs_root/target/wine}"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$_zs_root/scripts/windows/wine-run.sh"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$WINEPREFIX"
  wineboot -i >/dev/null 2>&1 || true
  wineserver -w
fi
_zs_sys32="$WINEPREFIX/drive_c/windows/system32"
if [ ! -f "$_zs_sys32/bcryptprimitives.dll" ] \
  || [ "$_zs_root/scripts/windows/bcryptprimitives.c" -nt "$_zs_sys32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$_zs_sys32/bcryptprimitives.dll" \
    "$_zs_root/scripts/windows/bcryptprimitives.c" -ladvapi32
fi
# A wineserver that outlives each program by 30 s: with Wine's default 3 s, a program started
# just as the server was shutting down failed with «wine client error: recvmsg» (seen in CI).
wineserver -p30 2>/dev/null || true
unset _zs_root _zs_sys32

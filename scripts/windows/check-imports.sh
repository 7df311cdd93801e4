#!/usr/bin/env bash
# Fails if a Windows exe imports a DLL that an officer's Windows 10/11 laptop does not have:
# only Windows' own DLLs (and WebView2Loader.dll, shipped beside the app) are allowed. A mingw
# runtime (libgcc_s_seh-1.dll, libwinpthread-1.dll, libstdc++-6.dll) would fail to start there.
#
#   bash scripts/windows/check-imports.sh target/windows/release/*.exe
set -euo pipefail
allowed='^(kernel32|kernelbase|combase|user32|gdi32|advapi32|shell32|ole32|oleaut32|comctl32|comdlg32|uxtheme|dwmapi|ntdll|ws2_32|bcrypt|bcryptprimitives|crypt32|secur32|userenv|shlwapi|msvcrt|ucrtbase|version|winmm|imm32|propsys|powrprof|setupapi|msimg32|winspool\.drv|dbghelp|iphlpapi|ncrypt|rpcrt4|synchronization|api-ms-win-[a-z0-9-]+|webview2loader)\.dll$|^winspool\.drv$'
bad=0
for exe in "$@"; do
  dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | sort -fu)
  echo "$(basename "$exe"): $(echo "$dlls" | tr '\n' ' ')"
  while read -r dll; do
    [ -n "$dll" ] || continue
    if ! echo "$dll" | tr 'A-Z' 'a-z' | grep -Eq "$allowed"; then
      echo "  NOT A WINDOWS DLL: $dll" >&2
      bad=1
    fi
    if [ "$(echo "$dll" | tr 'A-Z' 'a-z')" = webview2loader.dll ] \
      && [ ! -f "$(dirname "$exe")/WebView2Loader.dll" ]; then
      echo "  $dll is imported but not beside $(basename "$exe")" >&2
      bad=1
    fi
  done <<<"$dlls"
done
exit "$bad"

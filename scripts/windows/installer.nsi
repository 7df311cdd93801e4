; 招商台账 installer for Windows 10/11, built on Linux by Debian's makensis (scripts/build-windows.sh).
; How it is built and checked: docs/WINDOWS.md.
;
;   makensis -DVERSION=0.1.0 -DSRC=<folder with the exes> -DOUT=<setup.exe> -DICON=<icon.ico> installer.nsi
;
; - Per user, no administrator rights: into %LOCALAPPDATA%\Programs\招商台账, registered under
;   HKCU (应用和功能 lists it; .zsync files open in the app).
; - Upgrades in place: a newer setup.exe finds the old folder and replaces the program files.
; - Never touches the ledger: it lives in %APPDATA%\cn.zhaoshang.app (with its backups and
;   settings), which neither install, upgrade nor uninstall writes or deletes.
; - WebView2: if the Evergreen runtime is missing, says so; if the office put Microsoft's
;   runtime installer (MicrosoftEdgeWebView2*.exe) beside setup.exe, runs it.
; - /S installs silently (all message boxes take their default answer).

; 64-bit and Unicode: the app is x64 only, and Wine in CI runs 64-bit programs only.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!macro REQUIRE NAME
  !ifndef ${NAME}
    !error "usage: makensis -DVERSION=x.y.z -DSRC=dir -DOUT=setup.exe -DICON=icon.ico installer.nsi"
  !endif
!macroend
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE SRC
!insertmacro REQUIRE OUT
!insertmacro REQUIRE ICON
!ifndef VERSION_QUAD
  !define VERSION_QUAD "${VERSION}.0"
!endif

!define PRODUCT "招商台账"
!define IDENTIFIER "cn.zhaoshang.app"
!define PUBLISHER "招商台账"
!define APP_EXE "zhaoshang-desktop.exe"
!define CLI_EXE "zhaoshang.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
!define ZSYNC_PROGID "cn.zhaoshang.zsync"
; The Evergreen WebView2 runtime's client id (Microsoft's documented detection key).
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
; The desktop app's single-instance window (tauri-plugin-single-instance: "<identifier>-sic").
!define APP_WINDOW_CLASS "${IDENTIFIER}-sic"

Name "${PRODUCT}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "安装 ${PRODUCT} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "${PRODUCT}是招商引资项目台账：项目、企业、对接记录和报表，离线可用。$\r$\n$\r$\n安装只为当前 Windows 用户进行，不需要管理员权限。如果已安装旧版本，将就地升级。$\r$\n$\r$\n您的台账、备份和设置保存在$\r$\n%APPDATA%\${IDENTIFIER}$\r$\n安装、升级和卸载都不会改动它们。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动${PRODUCT}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "将删除${PRODUCT}的程序文件、快捷方式和 .zsync 文件关联。$\r$\n您的台账、备份和设置（%APPDATA%\${IDENTIFIER}）不会被删除：重新安装后可继续使用；如需彻底删除，请在确认已另存备份后手动删除该文件夹。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; Asks the user to close a running 招商台账 (its program files cannot be replaced while it runs).
!macro WAIT_FOR_APP_CLOSED UN
Function ${UN}WaitForAppClosed
  ${Do}
    FindWindow $0 "${APP_WINDOW_CLASS}"
    ${If} $0 == 0
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${PRODUCT}正在运行。请先关闭它（保存正在编辑的内容），再点“重试”。" /SD IDCANCEL IDRETRY retry
    Abort "${PRODUCT}正在运行，已取消。"
    retry:
  ${Loop}
FunctionEnd
!macroend
!insertmacro WAIT_FOR_APP_CLOSED ""
!insertmacro WAIT_FOR_APP_CLOSED "un."

; $0 = the installed WebView2 runtime's version, or "" when there is none.
Function FindWebView2
  ; Machine-wide (EdgeUpdate is 32-bit: WOW6432Node from this 64-bit installer), then per user.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Function EnsureWebView2
  Call FindWebView2
  ${If} $0 != ""
    DetailPrint "WebView2 运行时：$0"
    Return
  ${EndIf}
  FindFirst $1 $2 "$EXEDIR\MicrosoftEdgeWebView2*.exe"
  FindClose $1
  ${If} $2 != ""
    DetailPrint "未找到 WebView2 运行时，正在运行 $2 …"
    ExecWait '"$EXEDIR\$2" /silent /install' $3
    DetailPrint "WebView2 安装程序已结束（返回 $3）"
    Call FindWebView2
    ${If} $0 == ""
      MessageBox MB_OK|MB_ICONEXCLAMATION "已运行 $2，但仍未检测到 WebView2 运行时。$\r$\n${PRODUCT}需要它才能显示窗口。请联系单位的信息化人员安装“Microsoft Edge WebView2 运行时”。" /SD IDOK
    ${EndIf}
  ${Else}
    MessageBox MB_OK|MB_ICONEXCLAMATION "这台电脑没有 Microsoft Edge WebView2 运行时，${PRODUCT}需要它才能显示窗口。$\r$\n$\r$\nWindows 10（2018年4月以后）和 Windows 11 一般已自带；如果没有：请把微软的“WebView2 运行时独立安装程序”（MicrosoftEdgeWebView2RuntimeInstallerX64.exe）放在本安装程序旁边，再运行本安装程序，它会自动安装。$\r$\n$\r$\n${PRODUCT}会照常安装。" /SD IDOK
  ${EndIf}
FunctionEnd

Section "${PRODUCT}" SecMain
  SectionIn RO
  Call WaitForAppClosed
  SetOutPath "$INSTDIR"
  File "${SRC}\${APP_EXE}"
  File "${SRC}\${CLI_EXE}"
  File "${SRC}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; .zsync sync files open in the app (which takes the user to 同步 with the file chosen).
  WriteRegStr HKCU "Software\Classes\.zsync" "" "${ZSYNC_PROGID}"
  WriteRegStr HKCU "Software\Classes\${ZSYNC_PROGID}" "" "${PRODUCT}同步文件"
  WriteRegStr HKCU "Software\Classes\${ZSYNC_PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "Software\Classes\${ZSYNC_PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; 应用和功能 (Apps & features).
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  Call EnsureWebView2
SectionEnd

Section "Uninstall"
  Call un.WaitForAppClosed
  ; Only the files this installer put here: never a recursive delete, never the data folder.
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"

  ReadRegStr $0 HKCU "Software\Classes\.zsync" ""
  ${If} $0 == "${ZSYNC_PROGID}"
    DeleteRegKey HKCU "Software\Classes\.zsync"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${ZSYNC_PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

//! The window needs Microsoft's WebView2 runtime on Windows. Windows 10 (since April 2018) and
//! 11 ship it, but a locked-down office laptop may lack it: then the app says so in a native
//! message box, in Chinese, instead of exiting without a word (docs/WINDOWS.md).

/// What the officer reads when the runtime is missing (also printed to stderr).
pub const MISSING_MESSAGE: &str = "招商台账需要 Microsoft Edge WebView2 运行时才能显示窗口，\
但这台电脑上没有找到它。\n\n\
请联系单位的信息化人员安装“Microsoft Edge WebView2 运行时”：把微软的独立安装程序 \
MicrosoftEdgeWebView2RuntimeInstallerX64.exe 放在招商台账安装程序旁边，再运行一次招商台账安装程序即可。\
Windows 10（2018年4月以后）和 Windows 11 一般已自带该运行时。\n\n\
您的台账没有受到影响，它保存在 %APPDATA%\\cn.zhaoshang.app。\n\n\
This app needs the Microsoft Edge WebView2 Runtime, which is not installed on this computer.";

/// The process exit code when the runtime is missing.
pub const MISSING_EXIT_CODE: i32 = 3;

/// If no WebView2 runtime can be found, shows [`MISSING_MESSAGE`] and exits. (Windows only:
/// elsewhere the webview, WebKitGTK, is a package dependency.)
pub fn exit_if_missing() {
    if let Err(e) = tauri::webview_version() {
        eprintln!("{MISSING_MESSAGE}\n({e})");
        message_box("招商台账", MISSING_MESSAGE);
        std::process::exit(MISSING_EXIT_CODE);
    }
}

fn message_box(title: &str, text: &str) {
    use std::ffi::c_void;
    #[link(name = "user32")]
    extern "system" {
        fn MessageBoxW(hwnd: *mut c_void, text: *const u16, caption: *const u16, flags: u32)
            -> i32;
    }
    const MB_OK: u32 = 0x0;
    const MB_ICONERROR: u32 = 0x10;
    const MB_SETFOREGROUND: u32 = 0x10000;
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let (text, title) = (wide(text), wide(title));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | MB_ICONERROR | MB_SETFOREGROUND,
        );
    }
}

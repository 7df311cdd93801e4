//! Harness for end-to-end tests: starts `tauri-driver` for the real built app (with a fresh
//! XDG_DATA_HOME so every run gets its own ledger file), connects a WebDriver client, and stops
//! the driver with SIGTERM (SIGKILL would orphan WebKitWebDriver).
//!
//! The tests run only when `ZHAOSHANG_E2E=1` (set by `scripts/test-all.sh`, which builds the app
//! and runs them under Xvfb); otherwise they print why they were skipped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

pub fn enabled() -> bool {
    if std::env::var("ZHAOSHANG_E2E").as_deref() == Ok("1") {
        true
    } else {
        eprintln!("skipped: set ZHAOSHANG_E2E=1 (scripts/test-all.sh does) to drive the built app");
        false
    }
}

/// The app binary built with `--features tauri/custom-protocol` (assets embedded).
pub fn app_binary() -> PathBuf {
    if let Ok(p) = std::env::var("ZHAOSHANG_APP") {
        return PathBuf::from(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.join("target/debug/zhaoshang-desktop")
}

pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots")
}

pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    /// tauri-driver on `port`, its WebKitWebDriver on `port + 1`: tests of one binary run at
    /// once, so each takes an even port of its own (4612 and 4613 once collided in CI).
    pub fn start(data_home: &Path, port: u16) -> Driver {
        assert!(
            port.is_multiple_of(2),
            "Driver ports are even: {port}+1 is its WebKitWebDriver's"
        );
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .env("XDG_DATA_HOME", data_home)
            .env("XDG_CONFIG_HOME", data_home.join("config"))
            .env("XDG_CACHE_HOME", data_home.join("cache"))
            // Chinese locale when the machine has it (.ci/run generates it): dates in inputs
            // then read 2022/06/30 as on an office's Chinese Windows.
            .env("LANG", locale())
            .env("LANGUAGE", "zh_CN:zh")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver --locked)");
        std::thread::sleep(Duration::from_millis(800));
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// The `-wal` beside a ledger file: there while the file is open, gone once it is closed cleanly.
pub fn wal_of(ledger: &Path) -> PathBuf {
    let mut wal = ledger.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

/// Closes the app as an officer does, with its window's close button: a `WM_DELETE_WINDOW`
/// message (`e2e/tools/close-window.py`; the tests run without a window manager, and a
/// WebDriver session ends by killing the app). Then waits, up to 20 s, until `ledger`'s `-wal`
/// is gone: the app closed the file cleanly. Returns whether it went.
pub async fn close_app_window(ledger: &Path) -> bool {
    let found = Command::new("xdotool")
        .args(["search", "--name", "^招商台账$"])
        .output()
        .expect("xdotool (apt-get install xdotool)");
    let ids = String::from_utf8_lossy(&found.stdout);
    assert!(
        ids.lines().next().is_some(),
        "the app's window on the display"
    );
    // Every window of that name: GTK may list more than the one with the close button (the
    // first of them was not always it: a measure run once left the app open).
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/tools/close-window.py");
    for window in ids.lines() {
        let sent = Command::new("python3").arg(&script).arg(window).status();
        assert!(sent.is_ok_and(|s| s.success()), "close-window.py failed");
    }
    let wal = wal_of(ledger);
    for _ in 0..200 {
        if !wal.exists() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

pub async fn connect(driver: &Driver) -> Client {
    connect_with_args(driver, &[]).await
}

/// Starts the app with command-line arguments (as Explorer starts it for a double-clicked file).
pub async fn connect_with_args(driver: &Driver, args: &[&str]) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app_binary().to_string_lossy(), "args": args }),
    );
    caps.insert("browserName".into(), serde_json::json!("wry"));
    let url = format!("http://127.0.0.1:{}", driver.port);
    let mut last = None;
    for _ in 0..30 {
        // A launch that dies early (seen once: GTK failing to open the display while the
        // machine was loaded) leaves the session request hanging: give up on it and retry.
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps.clone());
        let attempt = builder.connect(&url);
        match tokio::time::timeout(Duration::from_secs(45), attempt).await {
            Ok(Ok(c)) => return c,
            Ok(Err(e)) => last = Some(e.to_string()),
            Err(_) => last = Some("no session after 45 s".into()),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("could not start a session with the app: {last:?}");
}

/// Waits for an element by `data-testid` and returns it.
pub async fn find(c: &Client, testid: &str) -> fantoccini::elements::Element {
    match c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&format!("[data-testid='{testid}']")))
        .await
    {
        Ok(e) => e,
        Err(e) => {
            let body = dump(c).await;
            panic!("element [data-testid={testid}] did not appear: {e}\n{body}")
        }
    }
}

/// On failure: saves what the window shows to `screenshots/failure.png.tmp` and returns the
/// page text, so a failed run explains itself.
pub async fn dump(c: &Client) -> String {
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(screenshot_dir().join("failure.png.tmp"), png);
    }
    match c.find(Locator::Css("body")).await {
        Ok(b) => b.text().await.unwrap_or_default(),
        Err(e) => format!("(no page: {e})"),
    }
}

/// Waits until the element's text contains `want`; returns the text.
pub async fn wait_text(c: &Client, testid: &str, want: &str) -> String {
    let mut text = String::new();
    for _ in 0..60 {
        if let Ok(e) = c
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
        {
            text = e.text().await.unwrap_or_default();
            if text.contains(want) {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let body = dump(c).await;
    panic!("[data-testid={testid}] never showed {want:?}; last text: {text:?}\npage: {body}");
}

/// Waits until the element's `textContent` contains `want`; returns it. Unlike [`wait_text`]
/// this reads text that is clipped on screen: WebKitWebDriver's element text leaves out what
/// sits in a cell cut off with `text-overflow: ellipsis` (project names in lists).
pub async fn wait_content(c: &Client, testid: &str, want: &str) -> String {
    let mut text = String::new();
    for _ in 0..60 {
        let read = c
            .execute(
                "return document.querySelector(`[data-testid='${arguments[0]}']`)?.textContent ?? null;",
                vec![serde_json::json!(testid)],
            )
            .await;
        if let Ok(serde_json::Value::String(t)) = read {
            text = t;
            if text.contains(want) {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let body = dump(c).await;
    panic!("[data-testid={testid}] never held {want:?}; last textContent: {text:?}\npage: {body}");
}

pub async fn click(c: &Client, testid: &str) {
    find(c, testid)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {testid}: {e}"));
}

pub async fn type_into(c: &Client, testid: &str, text: &str) {
    let e = find(c, testid).await;
    e.clear().await.ok();
    e.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {testid}: {e}"));
}

/// Types `text` into a field that a record fills in the background once it has loaded (a
/// project's form just opened): typed before the load, the loaded value lands in front of the
/// typed text (a CI run saw 20000 + 26000 = "2000026000"). Types until the field holds exactly
/// `text`, and still does 300 ms later.
pub async fn type_exactly(c: &Client, testid: &str, text: &str) {
    for _ in 0..20 {
        if value_of(c, testid).await != text {
            type_into(c, testid, text).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        if value_of(c, testid).await == text {
            return;
        }
    }
    panic!("{testid} never held {text:?}");
}

/// Fills an input with text that cannot be typed: WebKitWebDriver under Xvfb types shifted
/// characters unshifted (capitals as lower case, `:` as `;`), so a server address such as
/// `http://127.0.0.1:8780` is set the way React sees typing (the native value setter, then an
/// `input` event). Prefer [`type_into`] wherever the text allows it.
pub async fn fill(c: &Client, testid: &str, text: &str) {
    find(c, testid).await;
    c.execute(
        "const e = document.querySelector(`[data-testid='${arguments[0]}']`);
         const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
         set.call(e, arguments[1]);
         e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![serde_json::json!(testid), serde_json::json!(text)],
    )
    .await
    .unwrap_or_else(|e| panic!("fill {testid}: {e}"));
}

fn locale() -> &'static str {
    let out = Command::new("locale").arg("-a").output();
    let has = out.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l == "zh_CN.utf8")
    });
    if has {
        "zh_CN.UTF-8"
    } else {
        "C.UTF-8"
    }
}

pub async fn screenshot(c: &Client, name: &str) {
    // Park the pointer on the title so no chart tooltip or hover state is captured.
    if let Ok(title) = c.find(Locator::Css("[data-testid='page-title']")).await {
        let _ = title.click().await;
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let png = c.screenshot().await.expect("screenshot");
    std::fs::create_dir_all(screenshot_dir()).unwrap();
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).unwrap();
}

/// Waits until the element's text is exactly `want` (trimmed).
pub async fn wait_exact(c: &Client, testid: &str, want: &str) {
    let mut text = String::new();
    for _ in 0..60 {
        if let Ok(e) = c
            .find(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
        {
            text = e.text().await.unwrap_or_default();
            if text.trim() == want {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let body = dump(c).await;
    panic!("[data-testid={testid}] never read {want:?}; last text: {text:?}\npage: {body}");
}

/// The current value of an input.
pub async fn value_of(c: &Client, testid: &str) -> String {
    find(c, testid)
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

pub async fn scroll_to(c: &Client, testid: &str) {
    c.execute(
        "document.querySelector(`[data-testid='${arguments[0]}']`).scrollIntoView({block: 'start'});",
        vec![serde_json::json!(testid)],
    )
    .await
    .unwrap_or_else(|e| panic!("scroll to {testid}: {e}"));
}

/// The whole number an element shows (a count).
pub async fn number_of(c: &Client, testid: &str) -> u32 {
    let text = find(c, testid).await.text().await.unwrap_or_default();
    text.trim()
        .parse()
        .unwrap_or_else(|e| panic!("[data-testid={testid}] is not a number: {text:?} ({e})"))
}

/// Sets the dashboard's period as if typed (React sees the input event of each date field),
/// until both fields hold it: the suggested period arrives asynchronously and may replace a
/// date set before it.
pub async fn set_dashboard_period(c: &Client, from: &str, to: &str) {
    let mut held = serde_json::Value::Null;
    for _ in 0..20 {
        for (i, value) in [from, to].into_iter().enumerate() {
            c.execute(
                "const input = document.querySelectorAll('.dashboard .toolbar input[type=date]')[arguments[0]];
                 Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, arguments[1]);
                 input.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::json!(i), serde_json::json!(value)],
            )
            .await
            .expect("set the dashboard's period");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        held = c
            .execute(
                "return Array.from(document.querySelectorAll('.dashboard .toolbar input[type=date]')).map(i => i.value);",
                vec![],
            )
            .await
            .expect("read the dashboard's period");
        if held == serde_json::json!([from, to]) {
            return;
        }
    }
    panic!("the dashboard's period: {held}");
}

//! Two laptops, two real app instances with separate data folders: the office sets up, an
//! officer's laptop joins by importing the office's sync file, both work offline, they exchange
//! sync files both ways through one shared folder, and their dashboards agree. Then both change
//! the same project's investment before syncing: the 冲突 screen shows both values and taking
//! the other value syncs back. Screenshots of 同步 and 冲突 go to tests/screenshots/.

use fantoccini::Client;
use zhaoshang_e2e::*;

async fn nav(c: &Client, screen: &str) {
    click(c, &format!("nav-{screen}")).await;
}

async fn select(c: &Client, testid: &str, label: &str) {
    find(c, testid)
        .await
        .select_by_label(label)
        .await
        .unwrap_or_else(|e| panic!("select {label} in {testid}: {e}"));
}

async fn text_of(c: &Client, testid: &str) -> String {
    find(c, testid).await.text().await.unwrap_or_default()
}

async fn setup(c: &Client, office: &str, label: &str) {
    type_into(c, "setup-office", office).await;
    click(c, "setup-empty").await;
    find(c, "nav-sync").await;
    nav(c, "sync").await;
    type_into(c, "sync-label", label).await;
    click(c, "sync-label-save").await;
    wait_text(c, "toast", "保存").await;
}

async fn new_project(c: &Client, name: &str, wan: &str) {
    nav(c, "projects").await;
    click(c, "new-project").await;
    type_into(c, "np-name", name).await;
    type_into(c, "np-investment", wan).await;
    click(c, "np-save").await;
    find(c, "project-detail").await;
}

async fn open_project(c: &Client, name: &str) {
    nav(c, "projects").await;
    type_into(c, "project-search", name).await;
    wait_text(c, "project-total", "共 1 个项目").await;
    click(c, "project-row").await;
    find(c, "project-detail").await;
}

async fn sign(c: &Client) {
    select(c, "stage-select", "签约").await;
    click(c, "stage-add").await;
    wait_text(c, "detail-stage", "签约").await;
}

async fn set_investment(c: &Client, name: &str, wan: &str) {
    open_project(c, name).await;
    type_exactly(c, "pd-investment", wan).await;
    click(c, "pd-save").await;
    wait_text(c, "toast", "保存").await;
}

/// Exports this laptop's sync file into the shared folder.
/// Types a folder into a field whose default (the 同步 folder) loads in the background: typed
/// while it loads, the default landed in front of the typed text (a CI run failed so). Waits
/// for the default, then types until the field holds exactly `text`.
async fn type_path(c: &Client, testid: &str, text: &str) {
    for i in 0..40 {
        let value = find(c, testid)
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        if value == text {
            return;
        }
        if !value.is_empty() || i >= 12 {
            type_into(c, testid, text).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    panic!("{testid} never held {text:?}");
}

async fn export(c: &Client, share: &str) {
    nav(c, "sync").await;
    type_path(c, "sync-export-folder", share).await;
    click(c, "sync-export").await;
    wait_text(c, "sync-exported", "已导出").await;
}

/// Imports every sync file in the shared folder; returns (merged, conflicts).
async fn import(c: &Client, share: &str) -> (u32, u32) {
    nav(c, "sync").await;
    type_path(c, "sync-import-path", share).await;
    click(c, "sync-import").await;
    find(c, "sync-summary").await;
    let merged = text_of(c, "sync-merged").await.trim().parse().unwrap();
    let conflicts = text_of(c, "sync-conflicts").await.trim().parse().unwrap();
    (merged, conflicts)
}

/// The dashboard's key counts, once the project list shows `total` (e.g. "共 3 个项目").
async fn dashboard(c: &Client, total: &str) -> Vec<String> {
    // The list's total first: it is read after the list has loaded (it reads 共 0 个项目 while
    // loading).
    nav(c, "projects").await;
    wait_text(c, "project-total", total).await;
    nav(c, "dashboard").await;
    // Both ledgers hold two signings: wait for the counted report, not the first render.
    wait_exact(c, "metric-signed-value", "2").await;
    // Let the report settle (it is counted in the background).
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let mut out = Vec::new();
    for k in ["trips", "contacted", "signed", "started"] {
        out.push(text_of(c, &format!("metric-{k}-value")).await);
    }
    out
}

#[tokio::test]
async fn two_laptops_exchange_sync_files_and_agree() {
    if !enabled() {
        return;
    }
    let (data_a, data_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // The shared folder's path is typed into the app: lower case only (WebKitWebDriver under
    // Xvfb types capitals as lower case).
    let shared = tempfile::Builder::new()
        .prefix("zs-share-")
        .rand_bytes(0)
        .suffix(&std::process::id().to_string())
        .tempdir()
        .unwrap();
    let share = shared.path().display().to_string();
    let driver_a = Driver::start(data_a.path(), 4520);
    let driver_b = Driver::start(data_b.path(), 4530);
    let a = connect(&driver_a).await;
    let b = connect(&driver_b).await;

    // The office (A) sets up and registers a project; the officer's laptop (B) joins.
    setup(&a, "测试县投资促进中心", "办公室").await;
    setup(&b, "测试县投资促进中心", "王磊的笔记本").await;
    new_project(&a, "光伏组件项目", "20000").await;
    export(&a, &share).await;
    let (merged, _) = import(&b, &share).await;
    assert!(merged > 0, "B received the office's project");

    // Offline on both: B signs the shared project and registers another; A registers and
    // signs a third.
    open_project(&b, "光伏组件项目").await;
    sign(&b).await;
    new_project(&b, "风电装备项目", "30000").await;
    new_project(&a, "碳纤维复合材料项目", "10000").await;
    sign(&a).await;

    // Exchange both ways through the shared folder (each skips its own files; A's first file,
    // imported again by B, changes nothing).
    export(&a, &share).await;
    import(&b, &share).await;
    export(&b, &share).await;
    import(&a, &share).await;
    screenshot(&a, "sync").await;
    let (da, db) = (
        dashboard(&a, "共 3 个项目").await,
        dashboard(&b, "共 3 个项目").await,
    );
    assert_eq!(da, db, "both laptops count the same ledger");
    assert_eq!(da[2], "2", "two signings: {da:?}");
    nav(&a, "dashboard").await;
    let devices = wait_text(&a, "dash-devices", "王磊的笔记本").await;
    assert!(devices.contains("办公室"), "{devices}");

    // The same field changed on both before syncing: B's later value wins on both, and each
    // lists the conflict with both values.
    set_investment(&a, "光伏组件项目", "25000").await;
    set_investment(&b, "光伏组件项目", "26000").await;
    export(&a, &share).await;
    let (_, conflicts_b) = import(&b, &share).await;
    assert_eq!(conflicts_b, 1);
    export(&b, &share).await;
    let (_, conflicts_a) = import(&a, &share).await;
    assert_eq!(conflicts_a, 1);
    wait_exact(&a, "nav-conflicts-count", "1").await;
    nav(&a, "conflicts").await;
    wait_text(&a, "conflict-record", "光伏组件项目").await;
    wait_exact(&a, "conflict-field", "总投资").await;
    wait_exact(&a, "conflict-current-value", "2.6亿元").await;
    wait_exact(&a, "conflict-other-value", "2.5亿元").await;
    wait_text(&a, "conflict-current", "王磊的笔记本").await;
    screenshot(&a, "conflicts").await;
    // The office takes its own value back: a new edit that reaches B at the next exchange.
    click(&a, "conflict-take").await;
    find(&a, "conflicts-empty").await;
    assert!(
        a.find(fantoccini::Locator::Css(
            "[data-testid='nav-conflicts-count']"
        ))
        .await
        .is_err(),
        "no count once reviewed"
    );
    export(&a, &share).await;
    let (merged, conflicts) = import(&b, &share).await;
    assert!(merged >= 1);
    assert_eq!(conflicts, 0, "the fix saw both values");
    nav(&b, "conflicts").await;
    find(&b, "conflicts-empty").await;
    open_project(&b, "光伏组件项目").await;
    assert_eq!(value_of(&b, "pd-investment").await, "25000");
    assert_eq!(
        dashboard(&a, "共 3 个项目").await,
        dashboard(&b, "共 3 个项目").await
    );
    a.close().await.ok();
    b.close().await.ok();
}

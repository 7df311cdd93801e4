//! 附件 in the real app: on a project of the demo ledger, add a contract with 添加附件 (the
//! file picker; WebDriver cannot drag a file from the desktop, so the picker's input is given
//! the path), see it listed with its size, have an empty file refused by the core with its
//! name, delete the contract and bring it back with 撤销; after a restart it is still there.

use std::time::Duration;

use fantoccini::{Client, Locator};
use zhaoshang_e2e::*;

const CONTRACT: &str = "投资合同（签字版）.pdf";

/// The picker's `<input type=file>` is hidden behind the 添加附件 button; WebDriver gives a
/// file only to an input it can see.
async fn choose_file(c: &Client, path: &std::path::Path) {
    find(c, "attach-add").await;
    c.execute(
        "document.querySelector(`[data-testid='attachments-project'] [data-testid='attach-input']`).hidden = false;",
        vec![],
    )
    .await
    .expect("show the file input");
    c.find(Locator::Css(
        "[data-testid='attachments-project'] [data-testid='attach-input']",
    ))
    .await
    .expect("the file input")
    .send_keys(&path.display().to_string())
    .await
    .expect("choose the file");
}

/// Opens the first project the search for `query` lists, once the list is the search's (not the
/// whole ledger's); returns its name.
async fn open_first_project(c: &Client, query: &str) -> String {
    click(c, "nav-projects").await;
    let all = wait_text(c, "project-total", "个项目").await;
    type_into(c, "project-search", query).await;
    let mut narrowed = false;
    for _ in 0..60 {
        let now = find(c, "project-total")
            .await
            .text()
            .await
            .unwrap_or_default();
        if now != all && now.contains('共') {
            narrowed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        narrowed,
        "the search for {query} never narrowed the list ({all})"
    );
    click(c, "project-row").await;
    find(c, "timeline").await;
    scroll_to(c, "attachments-project").await;
    c.execute(
        "return document.querySelector('.project-title').textContent;",
        vec![],
    )
    .await
    .expect("the project's title")
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Opens the project named exactly `name` (the search also lists similar names).
async fn open_project_named(c: &Client, name: &str) {
    click(c, "nav-projects").await;
    wait_text(c, "project-total", "个项目").await;
    type_into(c, "project-search", name).await;
    assert!(!name.contains('\''), "{name}");
    c.wait()
        .for_element(Locator::XPath(&format!(
            "//div[@data-testid='project-row'][div[contains(@class,'c-name') and normalize-space(.)='{name}']]"
        )))
        .await
        .unwrap_or_else(|e| panic!("no row named {name:?}: {e}"))
        .click()
        .await
        .expect("open the project");
    find(c, "timeline").await;
    scroll_to(c, "attachments-project").await;
}

#[tokio::test]
async fn a_contract_is_attached_to_a_project_deleted_and_brought_back() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    // A small PDF-like contract (60 KB) and an empty file.
    let contract = files.path().join(CONTRACT);
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(60 * 1024, b'x');
    std::fs::write(&contract, &bytes).unwrap();
    let empty = files.path().join("空白.docx");
    std::fs::write(&empty, b"").unwrap();

    let driver = Driver::start(data.path(), 4660);
    let c = connect(&driver).await;
    click(&c, "setup-demo").await;
    wait_text(&c, "metric-trips", "次").await;

    let name = open_first_project(&c, "光伏").await;
    assert!(!name.is_empty(), "the project's title");
    wait_text(&c, "attachments-project", "暂无附件").await;

    choose_file(&c, &contract).await;
    let listed = wait_text(&c, "attach-list", CONTRACT).await;
    assert!(listed.contains("60 KB"), "size shown: {listed}");
    assert_eq!(
        c.find_all(Locator::Css("[data-testid='attach-item']"))
            .await
            .unwrap()
            .len(),
        1
    );
    screenshot(&c, "attachments").await;

    // An empty file is refused by the core, and the message names it.
    choose_file(&c, &empty).await;
    wait_text(&c, "attach-errors", "空白.docx").await;
    assert_eq!(
        c.find_all(Locator::Css("[data-testid='attach-item']"))
            .await
            .unwrap()
            .len(),
        1,
        "nothing added for the empty file"
    );

    // Delete, then 撤销.
    click(&c, "attach-remove").await;
    wait_text(&c, "attach-deleted", CONTRACT).await;
    wait_text(&c, "attach-list", "暂无附件").await;
    click(&c, "attach-undo").await;
    wait_text(&c, "attach-list", CONTRACT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(c
        .find(Locator::Css("[data-testid='attach-deleted']"))
        .await
        .is_err());
    c.close().await.ok();
    drop(driver);

    // The ledger keeps it across a restart.
    let driver = Driver::start(data.path(), 4662);
    let c = connect(&driver).await;
    wait_text(&c, "metric-trips", "次").await;
    open_project_named(&c, &name).await;
    wait_text(&c, "attach-list", CONTRACT).await;
    c.close().await.ok();
}

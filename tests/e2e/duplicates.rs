//! 重复企业 (issue 4) in the real app: from an empty ledger, import the merged-header ledger
//! (its investor 凌源钢铁股份有限公司), enter one more project for 凌源鋼鐵有限公司 (the same
//! company in traditional characters, another suffix), see the pair on the 重复企业 screen,
//! keep the imported one, merge, and find every project under the kept company; 撤销 brings
//! the pair back with their own projects.

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use zhaoshang_e2e::*;

const KEEP: &str = "凌源钢铁股份有限公司";
const MERGE: &str = "凌源鋼鐵有限公司";

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ledger_merged.xlsx")
}

async fn nav(c: &Client, screen: &str) {
    click(c, &format!("nav-{screen}")).await;
}

fn row_xpath(name: &str) -> String {
    format!(
        "//tr[@data-testid='dup-company'][td[@data-testid='dup-name'][normalize-space(.)='{name}']]"
    )
}

/// The number in cell `testid` of the duplicate row whose company is `name` (waits for it).
async fn cell_of(c: &Client, name: &str, testid: &str) -> u32 {
    let xpath = format!("{}//td[@data-testid='{testid}']", row_xpath(name));
    let mut last = String::new();
    for _ in 0..40 {
        if let Ok(cell) = c.find(Locator::XPath(&xpath)).await {
            if let Ok(text) = cell.text().await {
                if let Ok(n) = text.trim().parse() {
                    return n;
                }
                last = text;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let page = dump(c).await;
    panic!("{testid} of {name} never read a number (last {last:?})\npage: {page}");
}

async fn click_in_row(c: &Client, name: &str, testid: &str) {
    let xpath = format!("{}//*[@data-testid='{testid}']", row_xpath(name));
    match c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(&xpath))
        .await
    {
        Ok(e) => e
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {testid} of {name}: {e}")),
        Err(e) => {
            let page = dump(c).await;
            panic!("{testid} of {name}: {e}\npage: {page}")
        }
    }
}

/// The project list searched for `company` counts `n` projects.
async fn projects_of(c: &Client, company: &str, n: u32) {
    nav(c, "projects").await;
    type_into(c, "project-search", company).await;
    wait_text(c, "project-total", &format!("共 {n} 个项目")).await;
}

#[tokio::test]
async fn merge_two_spellings_of_one_investor_and_undo() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4560);
    let c = connect(&driver).await;
    type_into(&c, "setup-office", "测试县投资促进中心").await;
    click(&c, "setup-empty").await;
    wait_exact(&c, "metric-signed-value", "0").await;

    // Nothing to merge in an empty ledger.
    nav(&c, "duplicates").await;
    wait_text(&c, "dup-empty", "没有疑似重复的企业").await;

    // The imported ledger brings 凌源钢铁股份有限公司.
    nav(&c, "import").await;
    find(&c, "import-file")
        .await
        .send_keys(&fixture().display().to_string())
        .await
        .expect("choose the file");
    wait_text(&c, "import-counts", "新建 7 个项目").await;
    click(&c, "import-apply").await;
    wait_text(&c, "import-result-counts", "新建 7 个项目").await;

    // An officer enters one more project under the traditional-character spelling.
    nav(&c, "projects").await;
    click(&c, "new-project").await;
    type_into(&c, "np-name", "凌钢特钢深加工项目").await;
    type_into(&c, "np-company", MERGE).await;
    type_into(&c, "np-investment", "8000").await;
    click(&c, "np-save").await;
    find(&c, "project-detail").await;

    nav(&c, "duplicates").await;
    wait_text(&c, "dup-reason", "名称相同（规范化后）：凌源钢铁").await;
    let groups = c
        .find_all(Locator::Css("[data-testid='dup-group']"))
        .await
        .unwrap();
    assert_eq!(groups.len(), 1, "one pair of duplicates");
    let keep_projects = cell_of(&c, KEEP, "dup-projects").await;
    let merge_projects = cell_of(&c, MERGE, "dup-projects").await;
    assert!(keep_projects >= 1, "the imported company has projects");
    assert_eq!(merge_projects, 1);
    projects_of(&c, KEEP, keep_projects).await;
    nav(&c, "duplicates").await;

    // Keep the imported company, merge the other after confirming.
    click_in_row(&c, KEEP, "dup-keep").await;
    click_in_row(&c, MERGE, "dup-merge").await;
    wait_text(
        &c,
        "dup-confirm-text",
        &format!("将“{MERGE}”合并到“{KEEP}”"),
    )
    .await;
    screenshot(&c, "duplicates").await;
    click(&c, "dup-confirm-merge").await;
    let total = keep_projects + merge_projects;
    wait_text(&c, "dup-result-text", &format!("现有{total}个项目")).await;
    wait_text(&c, "dup-empty", "没有疑似重复的企业").await;
    find(&c, "dup-undo").await;

    // Every project is now under the kept company.
    projects_of(&c, KEEP, total).await;

    // The merge is the last action: one 撤销 (the header's, as the screen was left) takes all
    // of it back.
    let what = find(&c, "undo")
        .await
        .attr("title")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(what, format!("合并企业“{MERGE}”到“{KEEP}”"));
    click(&c, "undo").await;
    nav(&c, "duplicates").await;
    wait_text(&c, "dup-reason", "凌源钢铁").await;
    assert_eq!(cell_of(&c, MERGE, "dup-projects").await, merge_projects);
    assert_eq!(cell_of(&c, KEEP, "dup-projects").await, keep_projects);
    projects_of(&c, KEEP, keep_projects).await;
    c.close().await.ok();
}

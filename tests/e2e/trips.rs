//! 出访详情 in the real app on the demo ledger (issue 15 item 5): an 外出招商 recorded on
//! 快速记录 with its 团组名称, 带队领导 and 取得成果, seen under the entry, still there after a
//! restart, shown on the linked project's activity list, and its 出访报告 exported and read back.

use calamine::{open_workbook_auto, Data, Reader};
use fantoccini::{Client, Locator};
use zhaoshang_e2e::*;

const GROUP: &str = "京津冀招商小分队";
const LEADER: &str = "李县长";
const OUTCOMES: &str = "达成投资意向一项";

async fn nav(c: &Client, screen: &str) {
    click(c, &format!("nav-{screen}")).await;
}

#[tokio::test]
async fn a_trip_with_its_outcomes_is_recorded_reopened_and_reported() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let downloads = data.path().join("下载");
    std::fs::create_dir_all(data.path().join("config")).unwrap();
    std::fs::write(
        data.path().join("config/user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
    )
    .unwrap();
    let project_name;
    {
        let driver = Driver::start(data.path(), 4840);
        let c = connect(&driver).await;
        click(&c, "setup-demo").await;
        find(&c, "metric-signed-value").await;

        nav(&c, "quick").await;
        click(&c, "kind-IncomingVisit").await;
        // The section belongs to 外出招商 only.
        assert!(c
            .find(Locator::Css("[data-testid='qe-trip']"))
            .await
            .is_err());
        click(&c, "kind-OutboundTrip").await;
        wait_text(&c, "qe-trip", "出访详情").await;
        type_into(&c, "qe-trip_group", GROUP).await;
        type_into(&c, "qe-trip_leader", LEADER).await;
        type_into(&c, "qe-outcomes", OUTCOMES).await;
        type_into(&c, "qe-summary", "赴北京拜访新能源企业").await;
        // Linked to the first project the search offers, to see the trip on its page.
        type_into(&c, "qe-project", "项目").await;
        let suggestion = c
            .wait()
            .for_element(Locator::XPath("//div[contains(@class,'suggest')]/div[1]"))
            .await
            .expect("project suggestion");
        suggestion.click().await.unwrap();
        let picked = c
            .find(Locator::Css(".picked .tag"))
            .await
            .expect("the picked project")
            .text()
            .await
            .unwrap();
        project_name = picked.trim_end_matches('×').trim().to_string();
        assert!(!project_name.is_empty(), "{picked}");
        click(&c, "qe-officer").await;
        click(&c, "qe-save").await;
        wait_text(&c, "toast", "记录已保存").await;
        // The form starts again; the entry shows under 最近记录 with its details.
        assert_eq!(value_of(&c, "qe-trip_group").await, "");
        let recent = wait_text(&c, "recent-activities", GROUP).await;
        assert!(recent.contains(OUTCOMES), "{recent}");
        assert!(recent.contains(LEADER), "{recent}");
        screenshot(&c, "trip-recorded").await;
        c.close().await.ok();
    }

    // Restart on the same data folder: the details are read back from the ledger.
    let driver = Driver::start(data.path(), 4840);
    let c = connect(&driver).await;
    find(&c, "metric-signed-value").await;
    nav(&c, "quick").await;
    wait_exact(&c, "trip-summary-trip_group", GROUP).await;
    wait_exact(&c, "trip-summary-outcomes", OUTCOMES).await;

    // On the project's page: the trip with its details, editable, and its own report.
    nav(&c, "projects").await;
    type_into(&c, "project-search", &project_name).await;
    wait_content(&c, "project-rows", &project_name).await;
    // The search also offers projects with similar names: open the row named exactly so.
    assert!(!project_name.contains('\''), "{project_name}");
    c.find(Locator::XPath(&format!(
        "//div[@data-testid='project-row'][div[contains(@class,'c-name') and normalize-space(.)='{project_name}']]"
    )))
    .await
    .unwrap_or_else(|e| panic!("no row named {project_name:?}: {e}"))
    .click()
    .await
    .expect("open the project");
    let listed = wait_text(&c, "activities", GROUP).await;
    assert!(listed.contains(OUTCOMES), "{listed}");
    click(&c, "activity-edit").await;
    assert_eq!(value_of(&c, "activity-edit-trip_group").await, GROUP);
    c.find(Locator::Css("[data-testid='activity-edit-outcomes']"))
        .await
        .expect("the outcomes field")
        .prop("value")
        .await
        .ok()
        .flatten()
        .filter(|v| v == OUTCOMES)
        .expect("the saved outcomes in the edit form");
    click(&c, "export-trip-report").await;
    let path = wait_text(&c, "trip-report-path", ".xlsx").await;
    let path = std::path::PathBuf::from(path.trim());
    assert!(path.starts_with(&downloads), "{}", path.display());
    let mut book = open_workbook_auto(&path).expect("the report opens as a workbook");
    let sheet = book.sheet_names()[0].clone();
    assert_eq!(sheet, "出访报告");
    let range = book.worksheet_range(&sheet).unwrap();
    let cell = |r: u32, col: u32| match range.get_value((r, col)) {
        Some(Data::String(s)) => s.clone(),
        other => format!("{other:?}"),
    };
    assert!(cell(0, 0).contains(GROUP), "{}", cell(0, 0));
    assert_eq!(cell(3, 2), GROUP);
    assert_eq!(cell(3, 3), LEADER);
    assert_eq!(cell(3, 7), OUTCOMES);
    assert!(cell(3, 9).contains(&project_name), "{}", cell(3, 9));
    screenshot(&c, "trip-on-project").await;
    c.close().await.ok();
}

//! 上报报表 in the real app on the demo ledger: from 工作台, export the built-in
//! 在谈项目信息采集表 for the week holding 30 June 2022 and read the .xlsx back — its title,
//! its header counts (在谈 equals the app's own report of that week: 洽谈 at its Sunday), its
//! column titles and a project row.

use std::path::PathBuf;

use calamine::{open_workbook_auto, Data, Reader};
use fantoccini::Client;
use serde_json::Value;
use zhaoshang_e2e::*;

/// The week (Monday–Sunday) holding Thursday 30 June 2022.
const DATE: &str = "2022-06-30";
const WEEK: (&str, &str) = ("2022-06-27", "2022-07-03");

/// The app's own report of the week: its 在谈 (`negotiating_at_end`).
async fn negotiating_at_end(c: &Client) -> u64 {
    let v: Value = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               window.__TAURI_INTERNALS__
                 .invoke("report", { query: { period: { from: arguments[0], to: arguments[1] }, scope: {} } })
                 .then(done, (e) => done({ error: e }));"#,
            vec![WEEK.0.into(), WEEK.1.into()],
        )
        .await
        .expect("the report command");
    v["metrics"]["negotiating_at_end"]
        .as_u64()
        .unwrap_or_else(|| panic!("no 在谈 in the report: {v}"))
}

#[tokio::test]
async fn export_the_weekly_form_from_the_dashboard_and_read_it_back() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    // Exports go to the user's Downloads folder: point it into the test's own folder.
    let downloads = data.path().join("下载");
    std::fs::create_dir_all(data.path().join("config")).unwrap();
    std::fs::write(
        data.path().join("config/user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
    )
    .unwrap();

    let driver = Driver::start(data.path(), 4820);
    let c = connect(&driver).await;
    click(&c, "setup-demo").await;
    wait_text(&c, "metric-trips", "次").await;

    // The panel lists the built-ins first: the 采集表 is chosen.
    scroll_to(&c, "forms-panel").await;
    wait_text(&c, "form-template", "在谈项目信息采集表").await;
    assert_eq!(
        value_of(&c, "form-template").await,
        "builtin:weekly_negotiating"
    );
    fill(&c, "form-date", DATE).await;
    assert_eq!(value_of(&c, "form-date").await, DATE);
    click(&c, "form-export").await;
    let path = wait_text(&c, "form-export-path", ".xlsx").await;
    let path = PathBuf::from(path.trim());
    assert!(
        path.starts_with(&downloads),
        "{} not in {}",
        path.display(),
        downloads.display()
    );
    assert!(
        path.display()
            .to_string()
            .contains("在谈项目信息采集表-2022-06-30"),
        "{}",
        path.display()
    );
    screenshot(&c, "forms-exported").await;

    let want = negotiating_at_end(&c).await;
    assert!(
        want > 0,
        "the demo has projects in talks at the end of June 2022"
    );
    let mut book = open_workbook_auto(&path).expect("the form opens as a workbook");
    assert_eq!(book.sheet_names(), vec!["在谈项目信息采集表"]);
    let s = book.worksheet_range("在谈项目信息采集表").unwrap();
    let cell = |r: u32, col: u32| {
        s.get_value((r, col))
            .cloned()
            .unwrap_or(Data::Empty)
            .to_string()
    };
    assert!(cell(0, 0).ends_with("在谈项目信息采集表"), "{}", cell(0, 0));
    assert_eq!(cell(1, 0), "统计时间：2022年6月27日至2022年7月3日");
    assert!(
        cell(2, 0).starts_with(&format!("在谈项目共{want}个，本周新增")),
        "{} (the report says {want})",
        cell(2, 0)
    );
    let heads: Vec<String> = (0..10).map(|col| cell(3, col)).collect();
    assert_eq!(
        heads,
        [
            "序号",
            "项目名称",
            "投资方",
            "固定资产投资（万元）",
            "项目内容",
            "用地",
            "联系人",
            "进度",
            "研判",
            "招商专员"
        ]
    );
    // One row per project in talks, numbered; the first is a project in 洽谈.
    assert_eq!(cell(4, 0), "1");
    assert!(!cell(4, 1).is_empty(), "a project name");
    assert!(cell(4, 7).starts_with("洽谈（"), "进度: {}", cell(4, 7));
    let rows = (4..).take_while(|r| !cell(*r, 1).is_empty()).count() as u64;
    assert_eq!(rows, want, "one row per project in talks");
}

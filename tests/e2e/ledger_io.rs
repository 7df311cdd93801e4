//! Excel in, Excel out, search (issue 4) in the real app: from an empty ledger, import the
//! merged-header ledger through the 导入 screen (dry run, then the import with its progress
//! bar), see the dashboard count what the file holds, export the project list and read the
//! .xlsx back, and find a project with the search box in the header.

use std::path::Path;
use std::time::Duration;

use calamine::{open_workbook_auto, Reader};
use fantoccini::{Client, Locator};
use zhaoshang_e2e::*;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ledger_merged.xlsx")
}

/// What the dashboard must show after the import, for 2022 (the file's year): the file's
/// 签约时间 column has three dates in 2022, its 开工时间 and 投产时间 one each; nobody was
/// met that year in an activity (the ledger has no activities sheet), so 对接洽谈 is 0.
struct Expected {
    names: Vec<String>,
    signed: u32,
    started: u32,
    operating: u32,
}

/// The year the fixture's ledger covers (its sheet is 2022年项目台账); the dashboard is set to it.
const FROM: &str = "2022-01-01";
const TO: &str = "2022-12-31";

/// The fixture's project names, read from the file itself: column 项目名称 of the rows whose
/// 序号 is a number (not the group title, not the total).
fn expected() -> Expected {
    let mut book = open_workbook_auto(fixture()).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let mut names: Vec<String> = range
        .rows()
        .filter(|r| {
            r.first()
                .is_some_and(|c| c.to_string().trim().parse::<u32>().is_ok())
        })
        .map(|r| r[1].to_string().trim().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7, "the fixture has 7 projects: {names:?}");
    Expected {
        names,
        signed: 3,
        started: 1,
        operating: 1,
    }
}

async fn nav(c: &Client, screen: &str) {
    click(c, &format!("nav-{screen}")).await;
}

#[tokio::test]
async fn import_a_ledger_see_it_counted_export_it_and_search_it() {
    if !enabled() {
        return;
    }
    let want = expected();
    let data = tempfile::tempdir().unwrap();
    // Exports go to the user's Downloads folder: point it into the test's own folder.
    let downloads = data.path().join("下载");
    std::fs::create_dir_all(data.path().join("config")).unwrap();
    std::fs::write(
        data.path().join("config/user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
    )
    .unwrap();

    let driver = Driver::start(data.path(), 4470);
    let c = connect(&driver).await;
    type_into(&c, "setup-office", "测试县投资促进中心").await;
    click(&c, "setup-empty").await;
    wait_exact(&c, "metric-signed-value", "0").await;

    // Choose the file as an officer does: the file input of the 导入 screen.
    nav(&c, "import").await;
    let input = find(&c, "import-file").await;
    input
        .send_keys(&fixture().display().to_string())
        .await
        .expect("choose the file");
    let counts = wait_text(&c, "import-counts", "新建 7 个项目").await;
    assert!(counts.contains("错误 0 行"), "{counts}");
    wait_text(&c, "import-plan", "新建企业“凌源钢铁股份有限公司”").await;
    wait_text(&c, "import-plan", "合计行").await;
    screenshot(&c, "import-preview").await;
    // The dry run wrote nothing.
    nav(&c, "projects").await;
    wait_text(&c, "project-total", "共 0 个项目").await;

    nav(&c, "import").await;
    // The staged file is kept: choosing it again is not needed, but a fresh screen starts at
    // the file choice; choose it again.
    find(&c, "import-file")
        .await
        .send_keys(&fixture().display().to_string())
        .await
        .expect("choose the file again");
    wait_text(&c, "import-counts", "新建 7 个项目").await;
    click(&c, "import-apply").await;
    let done = wait_text(&c, "import-result-counts", "新建 7 个项目").await;
    assert!(done.contains("新建企业 6 家"), "{done}");
    find(&c, "import-undo").await;
    screenshot(&c, "import-done").await;

    // The dashboard counts what the file holds (for the file's year: its undated rows were
    // registered today, which makes this year the suggested period).
    nav(&c, "dashboard").await;
    find(&c, "metric-signed-value").await;
    set_dashboard_period(&c, FROM, TO).await;
    wait_exact(&c, "metric-signed-value", &want.signed.to_string()).await;
    wait_exact(&c, "metric-started-value", &want.started.to_string()).await;
    wait_exact(&c, "metric-operating-value", &want.operating.to_string()).await;
    screenshot(&c, "import-dashboard").await;

    // Export the project list and read the workbook back.
    nav(&c, "projects").await;
    wait_text(&c, "project-total", "共 7 个项目").await;
    click(&c, "export-xlsx").await;
    let path = wait_text(&c, "export-path", ".xlsx").await;
    let path = std::path::PathBuf::from(path.trim());
    assert!(
        path.starts_with(&downloads),
        "{} not in {}",
        path.display(),
        downloads.display()
    );
    let mut book = open_workbook_auto(&path).expect("the export opens as a workbook");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    let cells: Vec<String> = range.cells().map(|(_, _, v)| v.to_string()).collect();
    for name in &want.names {
        assert!(cells.contains(name), "{name} missing from the export");
    }
    assert!(
        cells.iter().any(|c| c == "项目名称"),
        "ledger layout header"
    );
    screenshot(&c, "export-done").await;
    click(&c, "export-csv").await;
    wait_text(&c, "export-path", ".csv").await;

    // The header's search box: pinyin initials of 凌源钢铁 find the company; its projects open.
    type_into(&c, "global-search", "lygt").await;
    wait_text(&c, "search-results", "凌源钢铁").await;
    // (`screenshot` clicks the title first, which would close the results.)
    tokio::time::sleep(Duration::from_millis(500)).await;
    std::fs::write(
        screenshot_dir().join("search.png"),
        c.screenshot().await.expect("screenshot"),
    )
    .unwrap();
    click(&c, "search-hit-Company").await;
    wait_text(&c, "project-total", "共").await;
    assert_eq!(value_of(&c, "project-search").await, "凌源钢铁股份有限公司");
    // Part of a project's name finds the project; picking it opens its page.
    let name: String = want.names[0].chars().take(4).collect();
    type_into(&c, "global-search", &name).await;
    let hit = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid='search-hit-Project']"))
        .await
        .expect("a project hit");
    hit.click().await.unwrap();
    find(&c, "project-detail").await;

    // The import is the last action: one 撤销 takes all of it back.
    let what = find(&c, "undo")
        .await
        .attr("title")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(what.contains("新建企业“凌源钢铁股份有限公司”"), "{what}");
    click(&c, "undo").await;
    nav(&c, "projects").await;
    wait_text(&c, "project-total", "共 0 个项目").await;
    nav(&c, "dashboard").await;
    wait_exact(&c, "metric-signed-value", "0").await;

    // A 企业名录 is read as one: its kind shown, its mapping editable, companies imported.
    nav(&c, "import").await;
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/companies.xlsx");
    find(&c, "import-file")
        .await
        .send_keys(&directory.display().to_string())
        .await
        .expect("choose the company directory");
    wait_text(&c, "import-counts", "企业名录：新建 4 家企业").await;
    assert_eq!(value_of(&c, "import-kind").await, "Companies");
    find(&c, "import-mapping-Companies").await;
    wait_text(&c, "import-plan", "校验位不正确").await;
    screenshot(&c, "import-companies-preview").await;
    click(&c, "import-apply").await;
    wait_text(&c, "import-result-counts", "新建 4 家企业").await;
    c.close().await.ok();
}

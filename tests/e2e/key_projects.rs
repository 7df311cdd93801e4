//! Truthful counts and key-project scheduling (issue 13) in the real app: import a 集中开工
//! ledger (a 开工时间 column, no 签约 column, a 2022年计划投资 column, 所在园区) through the 导入
//! screen, and see the dashboard count its starts, no invented signing (the signings' dates are
//! unknown and said so), the projects by park, and the year's plan.

use std::path::Path;
use zhaoshang_core::io::import::ImportOptions;
use zhaoshang_core::{Ledger, Period, ReportQuery, Scope};
use zhaoshang_e2e::*;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ledger_jizhong_kaigong.xlsx")
}

const FROM: &str = "2022-01-01";
const TO: &str = "2022-06-30";

#[tokio::test]
async fn a_jizhong_kaigong_ledger_imported_counts_starts_parks_and_plan_and_no_invented_signing() {
    if !enabled() {
        return;
    }
    // What the core counts for the same file (the app must show exactly this), and the facts
    // of the file itself that must hold whatever the core says.
    let core = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(core.path().join("l.sqlite3")).unwrap();
    let bytes = std::fs::read(fixture()).unwrap();
    ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    let want = ledger
        .report(&ReportQuery {
            period: Period::new(
                chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
                chrono::NaiveDate::from_ymd_opt(2022, 6, 30).unwrap(),
            )
            .unwrap(),
            scope: Scope::default(),
        })
        .unwrap();
    assert_eq!(want.metrics.signed, 0, "the file has no 签约 column");
    assert!(
        want.metrics.started >= 5,
        "five projects started on 2022-04-15"
    );
    assert_eq!(want.metrics.signed_date_unknown, want.metrics.started);

    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4600);
    let c = connect(&driver).await;
    type_into(&c, "setup-office", "凌源市投资促进服务中心").await;
    click(&c, "setup-empty").await;
    wait_exact(&c, "metric-signed-value", "0").await;

    click(&c, "nav-import").await;
    find(&c, "import-file")
        .await
        .send_keys(&fixture().display().to_string())
        .await
        .expect("choose the file");
    let counts = wait_text(&c, "import-counts", "新建 8 个项目").await;
    assert!(counts.contains("错误 0 行"), "{counts}");
    wait_text(&c, "import-plan", "签约日期不详").await;
    click(&c, "import-apply").await;
    wait_text(&c, "import-result-counts", "新建 8 个项目").await;

    click(&c, "nav-dashboard").await;
    find(&c, "metric-signed-value").await;
    set_dashboard_period(&c, FROM, TO).await;
    wait_exact(
        &c,
        "metric-started-value",
        &want.metrics.started.to_string(),
    )
    .await;
    wait_exact(&c, "metric-signed-value", "0").await;
    wait_text(
        &c,
        "briefing",
        &format!("另有{}个项目签约日期不详", want.metrics.signed_date_unknown),
    )
    .await;
    // The year's plan: 年度计划投资 10亿元.
    wait_text(&c, "plan-planned", "10亿元").await;
    // By park: the 园区 tab lists the file's parks with their 新建 counts.
    click(&c, "breakdown-byPark").await;
    let dev = want
        .by_park
        .iter()
        .find(|b| b.label == "凌源经济开发区")
        .expect("the core counts the park");
    let table = wait_text(&c, "breakdown-table-byPark", "凌源经济开发区").await;
    assert!(table.contains("汽车产业园"), "{table}");
    assert!(
        table.contains(&format!("{}（", dev.metrics.started_new)),
        "{table}"
    );
    screenshot(&c, "key-projects-dashboard").await;

    // The park filter narrows the dashboard to one park.
    c.execute(
        "const s = document.querySelector('[data-testid=dash-park]');
         Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(s, '汽车产业园');
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await
    .expect("choose a park");
    let car = want
        .by_park
        .iter()
        .find(|b| b.label == "汽车产业园")
        .expect("the core counts the park");
    wait_exact(&c, "metric-started-value", &car.metrics.started.to_string()).await;
    c.close().await.ok();
}

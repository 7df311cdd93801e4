//! The real app in a real WebKit window: first launch, field work, reports, restart, bad input.
//! Saves a screenshot of each main screen to tests/screenshots/ (README shows them).

use fantoccini::{Client, Locator};
use zhaoshang_e2e::*;

async fn select(c: &Client, testid: &str, label: &str) {
    find(c, testid)
        .await
        .select_by_label(label)
        .await
        .unwrap_or_else(|e| panic!("select {label} in {testid}: {e}"));
}

async fn nav(c: &Client, screen: &str) {
    click(c, &format!("nav-{screen}")).await;
}

/// A chart's data as ECharts holds it: Chart.tsx writes `data-chart` from `getOption()` after
/// every `setOption`.
async fn chart_data(c: &Client, testid: &str) -> serde_json::Value {
    let text = find(c, testid)
        .await
        .attr("data-chart")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("[data-testid={testid}] has no data-chart"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{testid}'s data-chart: {e}: {text}"))
}

/// The report for the dashboard's period and region group, from the app's own `report` command.
async fn dashboard_report(c: &Client) -> serde_json::Value {
    c.execute_async(
        r#"const done = arguments[arguments.length - 1];
           const [from, to] = [...document.querySelectorAll(".dashboard .toolbar input[type=date]")].map((e) => e.value);
           const region = document.querySelector("[data-testid='dash-region']").value;
           window.__TAURI_INTERNALS__
             .invoke("report", { query: { period: { from, to }, scope: { region_group_ids: region ? [region] : [] } } })
             .then(done, (e) => done({ error: e }));"#,
        vec![],
    )
    .await
    .expect("the report command")
}

/// Each dashboard chart's data equals the report's numbers: the funnel its stages at the
/// period's end, the bars its region groups (those with anything in the period), the pie its
/// industries' signings, the lines its months.
async fn charts_show_the_report(c: &Client) -> serde_json::Value {
    use serde_json::{json, Value};
    let report = dashboard_report(c).await;
    assert!(report.get("error").is_none(), "{report}");
    let n = |v: &Value, k: &str| v["metrics"][k].as_i64().unwrap();
    let stages = ["Lead", "Negotiating", "Signed", "Started", "Operating"];
    let names = ["线索", "洽谈", "签约", "开工", "投产"];
    let funnel: Vec<Value> = stages
        .iter()
        .zip(names)
        .filter_map(|(s, name)| {
            let row = report["stages_at_end"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["stage"] == *s)?;
            Some(json!({ "name": name, "value": row["count"] }))
        })
        .collect();
    let regions: Vec<&Value> = report["by_region_group"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| n(r, "contacted") + n(r, "signed") + n(r, "trips") > 0)
        .collect();
    let column = |k: &str| regions.iter().map(|r| n(r, k)).collect::<Vec<_>>();
    let industries: Vec<Value> = report["by_industry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| n(r, "signed") > 0)
        .map(|r| json!({ "name": r["label"], "value": n(r, "signed") }))
        .collect();
    let monthly = report["monthly"].as_array().unwrap();
    let month = |k: &str| monthly.iter().map(|m| m[k].clone()).collect::<Vec<_>>();
    let want = [
        (
            "chart-funnel",
            json!({ "categories": null, "series": [{ "name": null, "data": funnel }] }),
        ),
        (
            "chart-region",
            json!({
                "categories": regions.iter().map(|r| r["label"].clone()).collect::<Vec<_>>(),
                "series": [
                    { "name": "对接洽谈项目", "data": column("contacted") },
                    { "name": "签约项目", "data": column("signed") },
                    { "name": "落地开工项目", "data": column("started") },
                ],
            }),
        ),
        (
            "chart-industry",
            json!({ "categories": null, "series": [{ "name": null, "data": industries }] }),
        ),
        (
            "chart-trend",
            json!({
                "categories": month("month"),
                "series": [
                    { "name": "外出招商", "data": month("trips") },
                    { "name": "对接洽谈项目", "data": month("contacted") },
                    { "name": "签约项目", "data": month("signed") },
                    { "name": "落地开工项目", "data": month("started") },
                ],
            }),
        ),
    ];
    for (testid, want) in want {
        // The charts redraw a moment after the figures they follow.
        let mut got = Value::Null;
        for _ in 0..40 {
            got = chart_data(c, testid).await;
            if got == want {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        assert_eq!(got, want, "{testid} does not show the report's numbers");
    }
    report
}

/// Demo ledger: every main screen, and the dashboard reproduces the county's H1 2022 briefing.
async fn demo_screens(data: &std::path::Path) {
    let driver = Driver::start(data, 4444);
    let c = connect(&driver).await;
    find(&c, "setup-demo").await;
    screenshot(&c, "first-launch").await;
    click(&c, "setup-demo").await;
    wait_text(&c, "metric-trips", "次").await;
    find(&c, "charts").await;
    screenshot(&c, "dashboard").await;
    scroll_to(&c, "charts").await;
    screenshot(&c, "dashboard-charts").await;
    scroll_to(&c, "nav-dashboard").await;
    select(&c, "dash-region", "京津冀").await;
    let briefing = wait_text(&c, "briefing", "面向京津冀招商168次").await;
    assert!(
        briefing.contains(
            "截至6月末，面向京津冀招商168次，对接洽谈项目156个，27个项目签约，落地开工项目22个。"
        ),
        "{briefing}"
    );
    wait_exact(&c, "metric-signed-value", "27").await;
    wait_exact(&c, "metric-started-value", "22").await;
    // Every chart shows the report's numbers, and the 京津冀 bars the county's published ones.
    let report = charts_show_the_report(&c).await;
    let region = chart_data(&c, "chart-region").await;
    let at = region["categories"]
        .as_array()
        .unwrap()
        .iter()
        .position(|l| l == "京津冀")
        .unwrap_or_else(|| panic!("no 京津冀 bar: {region}"));
    let bars: Vec<&serde_json::Value> = region["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["data"][at])
        .collect();
    assert_eq!(bars, [156, 27, 22], "{region}");
    let trips: i64 = report["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["trips"].as_i64().unwrap())
        .sum();
    assert_eq!(trips, 168, "the monthly trips add up to the period's");

    nav(&c, "projects").await;
    wait_text(&c, "project-total", "个项目").await;
    screenshot(&c, "projects").await;
    type_into(&c, "project-search", "光伏").await;
    wait_text(&c, "project-total", "共").await;
    click(&c, "project-row").await;
    find(&c, "timeline").await;
    screenshot(&c, "project").await;

    nav(&c, "quick").await;
    find(&c, "quick-entry").await;
    screenshot(&c, "quick-entry").await;
    nav(&c, "followups").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    screenshot(&c, "follow-ups").await;
    nav(&c, "settings").await;
    find(&c, "team-name").await;
    screenshot(&c, "settings").await;

    // 繁體: the UI's own texts (generated from zh-CN) and the core's briefing, converted with
    // OpenCC loaded on demand.
    select(&c, "language", "繁體中文").await;
    nav(&c, "dashboard").await;
    wait_text(&c, "nav-projects", "項目庫").await;
    let briefing = wait_text(&c, "briefing", "對接洽談項目").await;
    assert!(!briefing.contains("对接洽谈项目"), "{briefing}");

    // The same office in English.
    select(&c, "language", "English").await;
    nav(&c, "dashboard").await;
    wait_text(&c, "nav-projects", "Projects").await;
    find(&c, "charts").await;
    screenshot(&c, "dashboard-en").await;
    c.close().await.ok();
}

/// An empty ledger: set up a team, create a project, log an activity, sign and start it, see
/// the dashboard count it, restart, and see bad input refused with a message.
async fn field_work(data: &std::path::Path) {
    {
        let driver = Driver::start(data, 4450);
        let c = connect(&driver).await;
        type_into(&c, "setup-office", "测试县投资促进中心").await;
        click(&c, "setup-empty").await;

        nav(&c, "settings").await;
        type_into(&c, "team-name", "招商一组").await;
        click(&c, "team-add").await;
        wait_text(&c, "toast", "保存").await;
        type_into(&c, "officer-name", "王磊").await;
        select(&c, "officer-team", "招商一组").await;
        click(&c, "officer-add").await;
        // Bad input: the same team twice.
        type_into(&c, "team-name", "招商一组").await;
        click(&c, "team-add").await;
        wait_text(&c, "error-name", "已有名为“招商一组”的团队").await;

        nav(&c, "dashboard").await;
        wait_exact(&c, "metric-signed-value", "0").await;
        wait_exact(&c, "metric-started-value", "0").await;

        nav(&c, "projects").await;
        click(&c, "new-project").await;
        type_into(&c, "np-name", "年产5万吨碳纤维复合材料项目").await;
        type_into(&c, "np-company", "北京测试新材料科技有限公司").await;
        type_into(&c, "np-origin", "海淀").await;
        c.wait()
            .for_element(Locator::XPath(
                "//div[contains(@class,'suggest')]/div[contains(., '海淀区')]",
            ))
            .await
            .expect("origin suggestion")
            .click()
            .await
            .unwrap();
        // 两亿 is an amount since the forms read amounts with the import's parser; this is not.
        type_into(&c, "np-investment", "很多").await;
        click(&c, "np-save").await;
        wait_text(&c, "error-total_investment", "金额“很多”无法识别").await;
        screenshot(&c, "new-project-error").await;
        // Nothing typed was lost.
        assert_eq!(value_of(&c, "np-name").await, "年产5万吨碳纤维复合材料项目");
        assert_eq!(
            value_of(&c, "np-company").await,
            "北京测试新材料科技有限公司"
        );
        type_into(&c, "np-investment", "20000").await;
        click(&c, "np-save").await;
        find(&c, "project-detail").await;
        wait_text(&c, "detail-stage", "线索").await;

        // 开工 before 签约 is refused with the core's message.
        select(&c, "stage-select", "开工").await;
        click(&c, "stage-add").await;
        wait_text(&c, "stage-error", "尚未签约").await;
        select(&c, "stage-select", "签约").await;
        click(&c, "stage-add").await;
        wait_text(&c, "detail-stage", "签约").await;
        select(&c, "stage-select", "开工").await;
        click(&c, "stage-add").await;
        wait_text(&c, "detail-stage", "开工").await;

        nav(&c, "quick").await;
        click(&c, "kind-VideoMeeting").await;
        type_into(&c, "qe-summary", "视频洽谈二期扩产").await;
        click(&c, "qe-save").await;
        wait_text(&c, "qe-officer-error", "请至少选择一名").await;
        type_into(&c, "qe-project", "碳纤维").await;
        c.wait()
            .for_element(Locator::XPath(
                "//div[contains(@class,'suggest')]/div[contains(., '碳纤维')]",
            ))
            .await
            .expect("project suggestion")
            .click()
            .await
            .unwrap();
        click(&c, "qe-officer").await;
        click(&c, "qe-save").await;
        wait_text(&c, "toast", "记录已保存").await;

        nav(&c, "dashboard").await;
        wait_exact(&c, "metric-contacted-value", "1").await;
        wait_exact(&c, "metric-signed-value", "1").await;
        wait_exact(&c, "metric-started-value", "1").await;
        wait_text(&c, "briefing", "1个项目签约").await;
        c.close().await.ok();
    }
    // Restart: the same data folder, the data is still there and no setup is asked for.
    let driver = Driver::start(data, 4456);
    let c = connect(&driver).await;
    wait_exact(&c, "metric-signed-value", "1").await;
    nav(&c, "projects").await;
    wait_text(&c, "project-total", "共 1 个项目").await;
    click(&c, "project-row").await;
    wait_text(&c, "detail-stage", "开工").await;
    wait_text(&c, "timeline", "签约").await;
    wait_text(&c, "activities", "视频洽谈二期扩产").await;
    // Soft delete, then undo from the message that confirms it.
    click(&c, "delete-project").await;
    wait_text(&c, "project-total", "共 0 个项目").await;
    click(&c, "toast-undo").await;
    wait_text(&c, "project-total", "共 1 个项目").await;
    c.close().await.ok();
}

#[tokio::test]
async fn the_desktop_app_end_to_end() {
    if !enabled() {
        return;
    }
    let demo = tempfile::tempdir().unwrap();
    demo_screens(demo.path()).await;
    let fresh = tempfile::tempdir().unwrap();
    field_work(fresh.path()).await;
}

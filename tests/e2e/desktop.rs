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

    // The same office in English (zh-TW works the same way).
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
        wait_text(&c, "settings-error", "已有名为“招商一组”的团队").await;

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
        type_into(&c, "np-investment", "两亿").await;
        click(&c, "np-save").await;
        wait_text(&c, "error-total_investment", "请输入数字").await;
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

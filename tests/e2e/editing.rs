//! Editing what the ledger already holds, in the real app (issue 16): a team renamed in 设置,
//! its refusal shown at the field, the rename undone with 撤销; a retired officer kept in the
//! list but no longer offered on 快速记录.

use zhaoshang_e2e::*;

#[tokio::test]
async fn a_team_is_renamed_refused_at_its_field_and_undone() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4700);
    let c = connect(&driver).await;
    type_into(&c, "setup-office", "凌源市投资促进服务中心").await;
    click(&c, "setup-empty").await;
    find(&c, "metric-signed-value").await;

    click(&c, "nav-settings").await;
    type_into(&c, "team-name", "招商一组").await;
    click(&c, "team-add").await;
    wait_text(&c, "teams", "招商一组").await;
    type_into(&c, "team-name", "招商二组").await;
    click(&c, "team-add").await;
    wait_text(&c, "teams", "招商二组").await;

    // A name another team has: refused, at the field, nothing renamed.
    click(&c, "team-rename-招商二组").await;
    type_into(&c, "team-rename-input", "招商一组").await;
    click(&c, "team-rename-save").await;
    wait_text(&c, "error-name", "已有名为“招商一组”的团队").await;

    type_into(&c, "team-rename-input", "产业招商组").await;
    click(&c, "team-rename-save").await;
    let teams = wait_text(&c, "teams", "产业招商组").await;
    assert!(!teams.contains("招商二组"), "{teams}");
    screenshot(&c, "team-renamed").await;

    // 撤销 puts the old name back.
    click(&c, "undo").await;
    let teams = wait_text(&c, "teams", "招商二组").await;
    assert!(!teams.contains("产业招商组"), "{teams}");

    // An officer who left stays listed (on request) and is offered no more on 快速记录.
    type_into(&c, "officer-name", "张伟").await;
    click(&c, "officer-add").await;
    wait_text(&c, "officer-list", "张伟").await;
    click(&c, "officer-retire-张伟").await;
    click(&c, "officer-retire-save").await;
    click(&c, "officer-show-retired").await;
    wait_text(&c, "officer-张伟", "已离岗").await;
    click(&c, "nav-quick").await;
    wait_text(&c, "page-title", "快速记录").await;
    std::thread::sleep(std::time::Duration::from_secs(1));
    let page = c
        .find(fantoccini::Locator::Css("main"))
        .await
        .expect("the page")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        !page.contains("张伟"),
        "a retired officer is offered on 快速记录: {page}"
    );
}

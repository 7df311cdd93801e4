//! 交办/督办单 in the real app on the demo ledger (issue 15 item 2): a 交办 created on a project's
//! page with a due date long past shows on 督办 as overdue (督办, more than 7 days), is finished
//! (办结 with a result), and is gone from the overdue list; the 办结 list shows it with its result.

use fantoccini::{Client, Locator};
use zhaoshang_e2e::*;

const TASK: &str = "协调解决项目用地指标";
const LEADER: &str = "李县长";
const RESULT: &str = "已协调县自然资源局落实用地指标";

async fn nav(c: &Client, screen: &str) {
    click(c, &format!("nav-{screen}")).await;
}

/// The 督办 list's row of our task (the demo ledger has no other 交办单).
async fn our_row(c: &Client) -> fantoccini::elements::Element {
    c.wait()
        .for_element(Locator::XPath(&format!(
            "//li[@data-testid='assignment-row'][.//*[@data-testid='assignment-task' and contains(., '{TASK}')]]"
        )))
        .await
        .unwrap_or_else(|e| panic!("the 交办单 row: {e}"))
}

async fn attr(e: &fantoccini::elements::Element, name: &str) -> String {
    e.attr(name).await.ok().flatten().unwrap_or_default()
}

#[tokio::test]
async fn an_overdue_task_is_assigned_finished_and_leaves_the_overdue_list() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4860);
    let c = connect(&driver).await;
    click(&c, "setup-demo").await;
    find(&c, "metric-signed-value").await;

    // 交办 on the first project of the list, to a 包保领导, due long ago.
    nav(&c, "projects").await;
    click(&c, "project-row").await;
    wait_text(&c, "project-assignments", "交办单（0）").await;
    scroll_to(&c, "project-assignments").await;
    click(&c, "assign-open").await;
    type_into(&c, "assign-task", TASK).await;
    type_into(&c, "assign-leader", LEADER).await;
    fill(&c, "assign-assigned-on", "2024-01-02").await;
    // No 办理时限 first: refused at its field.
    click(&c, "assign-submit").await;
    wait_text(&c, "error-due_on", "办理时限").await;
    fill(&c, "assign-due", "2024-01-10").await;
    click(&c, "assign-submit").await;
    wait_text(&c, "toast", "已交办").await;
    wait_text(&c, "project-assignments", "交办单（1）").await;
    wait_text(&c, "assignments", TASK).await;

    // On 督办, only overdue: marked 督办 (more than 7 days past 办理时限).
    nav(&c, "assignments").await;
    click(&c, "assignments-overdue").await;
    let row = our_row(&c).await;
    assert_eq!(attr(&row, "data-urgency").await, "supervise");
    assert_eq!(attr(&row, "data-status").await, "assigned");
    let mark = row
        .find(Locator::Css("[data-testid='assignment-urgency']"))
        .await
        .expect("the 催办/督办 mark")
        .text()
        .await
        .unwrap();
    assert!(mark.starts_with("督办"), "{mark}");
    assert!(row.text().await.unwrap().contains(LEADER));
    screenshot(&c, "assignments-overdue").await;

    // 办结 with a result.
    row.find(Locator::Css("[data-testid='assignment-finish']"))
        .await
        .expect("办结")
        .click()
        .await
        .unwrap();
    type_into(&c, "finish-result", RESULT).await;
    click(&c, "finish-confirm").await;
    wait_text(&c, "toast", "已办结").await;

    // Gone from the overdue list …
    wait_text(&c, "assignments-empty", "没有交办单").await;
    // … and listed as 办结 with its result.
    click(&c, "assignments-overdue").await;
    find(&c, "assignments-status")
        .await
        .select_by_value("done")
        .await
        .expect("select 办结");
    let row = our_row(&c).await;
    assert_eq!(attr(&row, "data-status").await, "done");
    assert_eq!(attr(&row, "data-urgency").await, "");
    wait_text(&c, "assignment-result", RESULT).await;
    screenshot(&c, "assignments-done").await;
    c.close().await.ok();
}

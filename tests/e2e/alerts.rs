//! 督办 on 跟进提醒 in the real app on the demo ledger: the card lists what the app's own
//! `alerts` command answers; a reason stated in the inline 「填写未更新原因」 form takes the
//! project off the list (and is kept as the project's 未更新说明); a threshold raised in
//! 设置 › 预警规则 clears that rule's projects.

use fantoccini::Client;
use serde_json::{json, Value};
use zhaoshang_e2e::*;

async fn invoke(c: &Client, cmd: &str, args: Value) -> Value {
    c.execute_async(
        r#"const done = arguments[arguments.length - 1];
           window.__TAURI_INTERNALS__
             .invoke(arguments[0], arguments[1])
             .then(done, (e) => done({ error: e }));"#,
        vec![json!(cmd), args],
    )
    .await
    .unwrap_or_else(|e| panic!("the {cmd} command: {e}"))
}

/// Sets a textarea's text the way React sees typing (Chinese cannot be typed under Xvfb).
async fn fill_textarea(c: &Client, testid: &str, text: &str) {
    find(c, testid).await;
    c.execute(
        "const e = document.querySelector(`[data-testid='${arguments[0]}']`);
         const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
         set.call(e, arguments[1]);
         e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(testid), json!(text)],
    )
    .await
    .unwrap_or_else(|e| panic!("fill {testid}: {e}"));
}

#[tokio::test]
async fn supervision_lists_the_alerts_and_a_reason_clears_one() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4760);
    let c = connect(&driver).await;
    click(&c, "setup-demo").await;
    wait_text(&c, "metric-trips", "次").await;
    click(&c, "nav-followups").await;

    let list = invoke(&c, "alerts", json!({ "limit": 5000 })).await;
    let alerts = list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .clone();
    let n = alerts.len();
    assert_eq!(list["total"], json!(n), "the demo has fewer than 5000");
    assert!(n > 0, "the demo has projects to supervise");
    wait_text(&c, "supervision", &format!("督办（{n}）")).await;
    let first = &alerts[0];
    wait_content(&c, "supervision", first["project_name"].as_str().unwrap()).await;
    screenshot(&c, "follow-ups-supervision").await;

    // A no-update item: state a reason inline.
    let quiet = alerts
        .iter()
        .find(|a| a["rule_id"] == "no_update")
        .expect("the demo has a project with no update");
    let project = quiet["project_id"].as_str().unwrap();
    click(&c, &format!("reason-open-{project}")).await;
    fill_textarea(
        &c,
        &format!("reason-text-{project}"),
        "企业等待集团董事会决策",
    )
    .await;
    click(&c, &format!("reason-submit-{project}")).await;
    wait_text(&c, "supervision", &format!("督办（{}）", n - 1)).await;
    let reasons = invoke(&c, "no_update_reasons", json!({ "projectId": project })).await;
    assert_eq!(reasons.as_array().map(Vec::len), Some(1), "{reasons}");
    assert_eq!(reasons[0]["reason"], "企业等待集团董事会决策");

    // 设置 › 预警规则: 签约未开工 at 3650 days clears every 签约 item.
    let signed = alerts
        .iter()
        .filter(|a| a["rule_id"] == "signed_not_started")
        .count();
    click(&c, "nav-settings").await;
    fill(&c, "rule-signed_not_started-threshold", "3650").await;
    click(&c, "rule-signed_not_started-save").await;
    let mut left = Value::Null;
    for _ in 0..40 {
        left = invoke(&c, "alerts", json!({ "limit": 5000 })).await["items"].clone();
        if left.as_array().map(Vec::len) == Some(n - 1 - signed) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let left = left.as_array().unwrap();
    assert_eq!(left.len(), n - 1 - signed);
    assert!(left.iter().all(|a| a["rule_id"] != "signed_not_started"));
    click(&c, "nav-followups").await;
    wait_text(&c, "supervision", &format!("督办（{}）", n - 1 - signed)).await;
    c.close().await.ok();
}

//! 考核排名 in the real app (issue 15): on the demo ledger, three 推介会 recorded this month for
//! one officer put him at the top of the month's ranking with their points (3 each by the
//! default 计分表), the screen's top row says so and equals the app's own `scores` answer, a
//! click on it lists the traced lines (the app's `officer_score_lines`), the three 推介会 among
//! them; for a past month of the demo the top row is the app's answer too.

use fantoccini::Client;
use serde_json::{json, Value};
use zhaoshang_e2e::*;

/// Calls a command through the app's own IPC, as the UI does.
async fn invoke(c: &Client, cmd: &str, args: Value) -> Value {
    let v = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               window.__TAURI_INTERNALS__
                 .invoke(arguments[0], arguments[1])
                 .then(done, (e) => done({ error: e }));"#,
            vec![json!(cmd), args],
        )
        .await
        .unwrap_or_else(|e| panic!("the {cmd} command: {e}"));
    assert!(v.get("error").is_none(), "{cmd}: {v}");
    v
}

/// Today as the app's webview sees it (YYYY-MM-DD, local time).
async fn today(c: &Client) -> String {
    c.execute(
        "const d = new Date(); const p = (n) => String(n).padStart(2, '0');
         return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;",
        vec![],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_string()
}

/// Picks an option of a <select> the way React sees a user's choice.
async fn choose(c: &Client, testid: &str, value: &str) {
    find(c, testid).await;
    c.execute(
        "const e = document.querySelector(`[data-testid='${arguments[0]}']`);
         Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(e, arguments[1]);
         e.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(testid), json!(value)],
    )
    .await
    .unwrap_or_else(|e| panic!("choose {value} in {testid}: {e}"));
}

/// The `textContent` of every element with this `data-testid`, in page order. WebKitWebDriver's
/// `text()` drops what an `text-overflow: ellipsis` element clips, so text is read this way.
async fn contents(c: &Client, testid: &str) -> Vec<String> {
    let v = c
        .execute(
            "return Array.from(document.querySelectorAll(`[data-testid='${arguments[0]}']`))
               .map((e) => e.textContent.trim());",
            vec![json!(testid)],
        )
        .await
        .unwrap_or_else(|e| panic!("read the text of {testid}: {e}"));
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// The name (with its 已离岗 tag, if any) and total of the ranking's first officer row.
async fn top_row(c: &Client) -> (String, String) {
    find(c, "officer-row").await;
    let first = |v: Vec<String>| v.into_iter().next().unwrap_or_default();
    (
        first(contents(c, "officer-name").await),
        first(contents(c, "officer-total").await),
    )
}

/// Points as the screen prints them (Ranking.tsx `pts`): no trailing zeros.
fn pts(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Waits until the top row shows `want` (the screen reloads after a period change).
async fn wait_top(c: &Client, want: &(String, String)) {
    let mut got = (String::new(), String::new());
    for _ in 0..60 {
        got = top_row(c).await;
        if &got == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    panic!(
        "the top row read {got:?}, not {want:?}\npage: {}",
        dump(c).await
    );
}

#[tokio::test]
async fn the_ranking_screens_top_row_is_the_officer_with_the_most_points() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4740);
    let c = connect(&driver).await;
    click(&c, "setup-demo").await;
    wait_text(&c, "metric-trips", "次").await;

    // Three 推介会 today for one officer of the demo (the demo's facts end in 2022).
    let officers = invoke(&c, "officers", json!({})).await;
    let officer = officers
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["retired_on"].is_null())
        .expect("an officer on the staff")
        .clone();
    let on = today(&c).await;
    for i in 0..3 {
        invoke(
            &c,
            "create_activity",
            json!({ "input": {
                "kind": "PromotionEvent", "occurred_on": on, "place": null,
                "destination_code": null, "summary": format!("招商推介会{i}"),
                "follow_up_on": null, "officer_ids": [officer["id"]],
                "company_ids": [], "project_ids": [],
            }}),
        )
        .await;
    }
    let (year, month) = (&on[..4], on[5..7].trim_start_matches('0'));
    let answer = invoke(
        &c,
        "scores",
        json!({ "query": { "year": year.parse::<i32>().unwrap(), "month": month.parse::<u32>().unwrap() } }),
    )
    .await;
    let top = &answer["officers"][0];
    assert_eq!(top["officer_id"], officer["id"], "{answer}");
    assert!(top["total"].as_f64().unwrap() >= 9.0, "{answer}");

    click(&c, "nav-ranking").await;
    wait_top(
        &c,
        &(
            officer["name"].as_str().unwrap().to_string(),
            pts(top["total"].as_f64().unwrap()),
        ),
    )
    .await;
    // A click shows where the points came from: the three 推介会 among them.
    click(&c, "officer-open").await;
    find(&c, "score-lines").await;
    find(&c, "score-line").await;
    let traced = invoke(
        &c,
        "officer_score_lines",
        json!({ "query": answer["query"], "officerId": officer["id"] }),
    )
    .await;
    let mut lines = Vec::new();
    for _ in 0..40 {
        lines = contents(&c, "score-line").await;
        if lines.len() == traced.as_array().unwrap().len() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(lines.len(), traced.as_array().unwrap().len(), "{traced}");
    let promotions = lines
        .iter()
        .filter(|l| l.contains("推介会：招商推介会"))
        .count();
    assert_eq!(promotions, 3);
    // The screenshot (README) shows the ranking with the opened officer's row highlighted.
    screenshot(&c, "ranking").await;

    // A past month of the demo: the top row is the app's own answer.
    choose(&c, "ranking-year", "2022").await;
    choose(&c, "ranking-month", "5").await;
    let may = invoke(
        &c,
        "scores",
        json!({ "query": { "year": 2022, "month": 5 } }),
    )
    .await;
    let best = &may["officers"][0];
    assert!(best["total"].as_f64().unwrap() > 0.0, "{may}");
    // A retired officer's name carries the screen's 已离岗 tag.
    let retired = if best["retired_on"].is_null() {
        ""
    } else {
        "已离岗"
    };
    wait_top(
        &c,
        &(
            format!("{}{retired}", best["name"].as_str().unwrap()),
            pts(best["total"].as_f64().unwrap()),
        ),
    )
    .await;
    c.close().await.ok();
}

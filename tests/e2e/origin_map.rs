//! 招商地图 in the real app on the demo ledger: the map's data equals the app's own `origin_map`
//! answer for the screen's period, province by province and inside a province; a click on a
//! region opens the project list filtered by that origin, and the list counts what the map says.

use fantoccini::Client;
use serde_json::{json, Value};
use zhaoshang_e2e::*;

/// The app's own answer for the map screen's period.
async fn origin_map(c: &Client) -> Value {
    c.execute_async(
        r#"const done = arguments[arguments.length - 1];
           const [from, to] = [...document.querySelectorAll(".origin-map .toolbar input[type=date]")].map((e) => e.value);
           window.__TAURI_INTERNALS__
             .invoke("origin_map", { query: { period: { from, to }, scope: {} } })
             .then(done, (e) => done({ error: e }));"#,
        vec![],
    )
    .await
    .expect("the origin_map command")
}

/// The map chart's data (Chart.tsx's `data-chart`), once it has some.
async fn map_data(c: &Client) -> Vec<Value> {
    for _ in 0..100 {
        if let Ok(el) = c
            .find(fantoccini::Locator::Css("[data-testid='chart-origin-map']"))
            .await
        {
            if let Ok(Some(text)) = el.attr("data-chart").await {
                let v: Value = serde_json::from_str(&text).unwrap();
                return v["series"][0]["data"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the map was not drawn:\n{}", dump(c).await);
}

/// What the map should show: the answer's places of `level` (under `prefix`) with a count.
fn expected(answer: &Value, metric: &str, level: u64, prefix: &str) -> Vec<Value> {
    let mut v: Vec<Value> = answer["places"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["level"] == level
                && p["code"].as_str().unwrap().starts_with(prefix)
                && p["counts"][metric].as_u64().unwrap() > 0
        })
        .map(|p| json!({ "code": p["code"], "value": p["counts"][metric] }))
        .collect();
    v.sort_by_key(|x| x["code"].as_str().unwrap().to_string());
    v
}

fn shown(data: &[Value]) -> Vec<Value> {
    // ECharts lists every region of the map; those without data have no value.
    let mut v: Vec<Value> = data
        .iter()
        .filter(|d| !d["value"].is_null())
        .map(|d| json!({ "code": d["code"], "value": d["value"] }))
        .collect();
    v.sort_by_key(|x| x["code"].as_str().unwrap().to_string());
    v
}

#[tokio::test]
async fn the_map_shows_the_apps_origin_map_and_opens_the_filtered_list() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4680);
    let c = connect(&driver).await;
    click(&c, "setup-demo").await;
    wait_text(&c, "metric-trips", "次").await;
    click(&c, "nav-map").await;
    let data = map_data(&c).await;
    let answer = origin_map(&c).await;
    assert!(answer.get("error").is_none(), "{answer}");
    // 签约 by province.
    let want = expected(&answer, "signed", 1, "");
    assert!(!want.is_empty(), "the demo signs projects: {answer}");
    assert_eq!(shown(&data), want);
    screenshot(&c, "origin-map").await;
    // 在谈 by province.
    click(&c, "map-metric-negotiating").await;
    let want = expected(&answer, "negotiating", 1, "");
    let mut got = Vec::new();
    for _ in 0..50 {
        got = shown(&map_data(&c).await);
        if got == want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(got, want);

    // The province with the most projects in talks: its row opens the list on it.
    let top = want
        .iter()
        .max_by_key(|x| x["value"].as_u64().unwrap())
        .unwrap()
        .clone();
    let code = top["code"].as_str().unwrap();
    let row = c
        .find(fantoccini::Locator::Css(&format!(
            "[data-testid='map-row-{code}'] button"
        )))
        .await
        .expect("the province's row");
    row.click().await.unwrap();
    find(&c, "filter-origin").await;
    let total = top["value"].as_u64().unwrap();
    wait_text(&c, "project-total", &format!("共 {total} 个项目")).await;
    c.close().await.ok();
}

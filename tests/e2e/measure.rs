//! Measurements for src-tauri/MEASUREMENTS.md: cold start to the first dashboard paint, project
//! list filter latency at 100k projects, and the memory of the app's processes. Not a pass/fail
//! test: an ignored harness run by hand (see MEASUREMENTS.md) with `--ignored`, and
//! `ZHAOSHANG_BENCH_DB` pointing at a ledger made by `zhaoshang bench`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use zhaoshang_e2e::*;

/// Starts the app on `data` and returns (spawn → first dashboard paint as seen by the driver,
/// navigation → paint inside the page), both in ms.
async fn start_and_paint(driver: &Driver) -> (Client, f64, f64) {
    let t0 = Instant::now();
    let c = connect(driver).await;
    loop {
        if let Ok(e) = c
            .find(Locator::Css("[data-testid='metric-signed-value']"))
            .await
        {
            let text = e.text().await.unwrap_or_default();
            if text.trim().parse::<u64>().is_ok() {
                break;
            }
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "dashboard never painted"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let outside = t0.elapsed().as_secs_f64() * 1000.0;
    let mut inside = f64::NAN;
    for _ in 0..100 {
        let v = c
            .execute(
                "const m = performance.getEntriesByName('zs:dashboard-painted')[0]; return m ? m.startTime : null;",
                vec![],
            )
            .await
            .unwrap();
        if let Some(ms) = v.as_f64() {
            inside = ms;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (c, outside, inside)
}

/// Sum of (RSS, PSS) in MiB of the app process and, separately, of it plus its WebKit children.
fn memory(app: &Path) -> ((f64, f64), (f64, f64)) {
    let mut procs = Vec::new(); // (pid, ppid, exe)
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let Some(after) = stat.rsplit_once(") ").map(|(_, a)| a.to_string()) else {
            continue;
        };
        let ppid: u32 = after
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        procs.push((pid, ppid, exe));
    }
    let app = std::fs::canonicalize(app).unwrap();
    // The newest instance: one an earlier session started may still be exiting.
    let root = procs
        .iter()
        .filter(|p| p.2 == app)
        .map(|p| p.0)
        .max()
        .expect("app process");
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    let kib = |pid: u32, file: &str, key: &str| -> f64 {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let one = |pid: u32| {
        (
            kib(pid, "status", "VmRSS:"),
            kib(pid, "smaps_rollup", "Pss:"),
        )
    };
    let app_only = one(root);
    let all = tree
        .iter()
        .map(|&p| one(p))
        .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    let mib = |(r, p): (f64, f64)| (r / 1024.0, p / 1024.0);
    (mib(app_only), mib(all))
}

/// Runs `action` in the page and returns ms until the project list shows a different result
/// (total line or first row changed) and the next frame is painted.
async fn filter_latency(c: &Client, action: &str) -> f64 {
    let script = format!(
        r#"
        const done = arguments[arguments.length - 1];
        const sig = () => (document.querySelector("[data-testid='project-total']")?.textContent ?? "")
          + "|" + (document.querySelector("[data-testid='project-row']")?.textContent ?? "");
        const before = sig();
        const rows = document.querySelector("[data-testid='project-rows']").parentElement;
        const t0 = performance.now();
        const obs = new MutationObserver(() => {{
          if (sig() !== before) {{
            obs.disconnect();
            requestAnimationFrame(() => done(performance.now() - t0));
          }}
        }});
        obs.observe(rows.parentElement, {{ childList: true, characterData: true, subtree: true }});
        const setValue = (el, v) => {{
          const proto = el.tagName === "SELECT" ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
          Object.getOwnPropertyDescriptor(proto, "value").set.call(el, v);
          el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", {{ bubbles: true }}));
        }};
        const q = (id) => document.querySelector(`[data-testid='${{id}}']`);
        {action}
        setTimeout(() => {{ obs.disconnect(); done(-1); }}, 20000);
        "#
    );
    let v = c.execute_async(&script, vec![]).await.unwrap();
    v.as_f64().unwrap()
}

fn stats(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let p50 = v[v.len() / 2];
    let max = v[v.len() - 1];
    format!("p50 {p50:.0} ms, max {max:.0} ms (n={})", v.len())
}

#[tokio::test]
#[ignore = "a measurement run, started by hand with --ignored: src-tauri/MEASUREMENTS.md"]
async fn measure() {
    let app = app_binary();
    println!("app: {}", app.display());

    // 1. The demo ledger: cold starts and memory.
    let demo = tempfile::tempdir().unwrap();
    {
        let driver = Driver::start(demo.path(), 4470);
        let c = connect(&driver).await;
        click(&c, "setup-demo").await;
        find(&c, "charts").await;
        c.close().await.ok();
    }
    let mut outside = Vec::new();
    let mut inside = Vec::new();
    for i in 0..5 {
        let driver = Driver::start(demo.path(), 4472 + 2 * i);
        let (c, o, n) = start_and_paint(&driver).await;
        outside.push(o);
        inside.push(n);
        if i == 4 {
            tokio::time::sleep(Duration::from_secs(2)).await;
            let (a, all) = memory(&app);
            println!("memory, demo ledger on the dashboard: app process RSS {:.0} MiB (PSS {:.0}); with WebKit processes RSS {:.0} MiB (PSS {:.0})", a.0, a.1, all.0, all.1);
        }
        c.close().await.ok();
    }
    println!(
        "demo ledger, start → dashboard painted (driver, includes WebDriver session setup): {}",
        stats(outside)
    );
    println!(
        "demo ledger, page navigation → dashboard painted: {}",
        stats(inside)
    );

    // 2. 100k projects.
    let Ok(bench) = std::env::var("ZHAOSHANG_BENCH_DB") else {
        println!("no ZHAOSHANG_BENCH_DB: skipping the 100k part");
        return;
    };
    let big = tempfile::tempdir().unwrap();
    let dir: PathBuf = big.path().join("cn.zhaoshang.app");
    std::fs::create_dir_all(&dir).unwrap();
    let ledger = dir.join("ledger.sqlite3");
    std::fs::copy(&bench, &ledger).unwrap();
    // Each start below but one follows a clean close (the window's close button: the app
    // folds its -wal into the file, stopping its start-up backup if that still runs), as an
    // officer's day does; a killed app would make the next start run the full quick_check.
    {
        // The first open may upgrade the file's schema (with a backup): reported, not counted.
        let driver = Driver::start(big.path(), 4488);
        let (c, o, n) = start_and_paint(&driver).await;
        println!("100k ledger, first open (may include a schema upgrade) → dashboard painted: driver {o:.0} ms, in page {n:.0} ms");
        let clean = close_app_window(&ledger).await;
        println!("  closed cleanly: {clean}");
        c.close().await.ok();
    }
    {
        // Straight to the project list while the dashboard's first report is still counting:
        // lists use their own read connection, so they need not wait for it.
        let driver = Driver::start(big.path(), 4486);
        let t0 = Instant::now();
        let c = connect(&driver).await;
        click(&c, "nav-projects").await;
        find(&c, "project-row").await;
        println!(
            "100k ledger, launch → project list rows shown while the first report counts: {:.0} ms",
            t0.elapsed().as_secs_f64() * 1000.0
        );
        close_app_window(&ledger).await;
        c.close().await.ok();
    }
    let (mut outside, mut inside) = (Vec::new(), Vec::new());
    for i in 0..3 {
        let driver = Driver::start(big.path(), 4492 + 2 * i);
        let (c, o, n) = start_and_paint(&driver).await;
        outside.push(o);
        inside.push(n);
        let clean = close_app_window(&ledger).await;
        assert!(clean, "the app left its -wal behind");
        c.close().await.ok();
    }
    println!(
        "100k ledger, start after a clean close → dashboard painted: driver {}; in page {}",
        stats(outside),
        stats(inside)
    );
    {
        // Killed (as after a crash), then started: the full check runs first.
        let driver = Driver::start(big.path(), 4500);
        let (c, _, _) = start_and_paint(&driver).await;
        c.close().await.ok();
        let frames = std::fs::metadata(wal_of(&ledger))
            .map(|m| m.len())
            .unwrap_or(0);
        println!("  killed: its -wal holds {frames} bytes (more than 0: the next start checks the whole file)");
    }
    let driver = Driver::start(big.path(), 4490);
    let (c, o, n) = start_and_paint(&driver).await;
    println!("100k ledger, start after the app was killed → dashboard painted: driver {o:.0} ms, in page {n:.0} ms");
    click(&c, "nav-projects").await;
    wait_text(&c, "project-total", "共").await;
    find(&c, "project-row").await;
    let mut stage = Vec::new();
    let mut search = Vec::new();
    let mut region = Vec::new();
    let mut sort = Vec::new();
    for i in 0..6 {
        stage.push(filter_latency(&c, "q('stage-chip-Signed').click();").await);
        stage.push(filter_latency(&c, "q('stage-chip-Signed').click();").await);
        let word = ["光伏", "冷链", "储能", "精密", "智能", "装备"][i];
        search.push(filter_latency(&c, &format!("setValue(q('project-search'), '{word}');")).await);
        search.push(filter_latency(&c, "setValue(q('project-search'), '');").await);
        region.push(
            filter_latency(
                &c,
                "const s = q('filter-region'); setValue(s, s.options[1].value);",
            )
            .await,
        );
        region.push(filter_latency(&c, "setValue(q('filter-region'), '');").await);
        sort.push(
            filter_latency(&c, "document.querySelectorAll('.th.sortable')[1].click();").await,
        );
    }
    let (a, all) = memory(&app);
    println!("100k ledger, stage chip on/off: {}", stats(stage));
    println!(
        "100k ledger, search box (includes 150 ms typing debounce): {}",
        stats(search)
    );
    println!("100k ledger, region group select: {}", stats(region));
    println!("100k ledger, sort by 总投资 (toggle): {}", stats(sort));
    println!("memory, 100k ledger after filtering: app process RSS {:.0} MiB (PSS {:.0}); with WebKit processes RSS {:.0} MiB (PSS {:.0})", a.0, a.1, all.0, all.1);
    screenshot(&c, "projects-100k").await;
    c.close().await.ok();
}

//! `zhaoshang bench`: builds a synthetic ledger at realistic scale (default 100k projects, 1M
//! activities; `zhaoshang_demo::synthetic::generate`) through the same write path as the app,
//! then prints build time, file size and p50/p95 latencies of reports and project-list queries.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use zhaoshang_core::{
    Ledger, Period, ProjectFilter, ProjectSort, ReportQuery, Result, Scope, Stage,
};
use zhaoshang_demo::synthetic::{bench_today, generate, time_runs};

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Generates (or, with `reuse`, opens) the ledger at `path` and times queries on it.
pub fn run(path: &Path, n_projects: u32, n_activities: u32, runs: u32, reuse: bool) -> Result<()> {
    let ledger = if reuse && path.exists() {
        println!("复用已有数据：{}", path.display());
        let mut l = Ledger::open(path)?;
        l.set_today(Some(bench_today()));
        l
    } else {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(p));
        }
        println!("生成 {n_projects} 个项目、{n_activities} 条活动 …");
        let s = Instant::now();
        let l = generate(path, n_projects, n_activities, 2022)?;
        let took = s.elapsed();
        l.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
        println!(
            "build: {:.1} s ({:.0} rows/s)",
            took.as_secs_f64(),
            (n_projects + n_activities) as f64 / took.as_secs_f64()
        );
        l
    };
    let size = std::fs::metadata(path)?.len();
    println!("db size: {:.1} MiB", size as f64 / 1024.0 / 1024.0);
    let year = Period::year(2025);
    let groups = ledger.region_groups()?;
    let jjj = groups
        .iter()
        .find(|g| g.name == "京津冀")
        .map(|g| g.id.clone());
    let industry = ledger.industries()?.into_iter().next().map(|i| i.id);
    let full = ReportQuery {
        period: year,
        scope: Scope::default(),
    };
    let filtered = ReportQuery {
        period: Period::new(
            NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
            NaiveDate::from_ymd_opt(2025, 6, 30).expect("date"),
        )?,
        scope: Scope {
            region_group_ids: jjj.iter().cloned().collect(),
            industry_ids: industry.iter().cloned().collect(),
            ..Scope::default()
        },
    };
    let s = Instant::now();
    zhaoshang_core::reports::facts::load(ledger.connection())?;
    println!("reading the facts (warm file cache): {}", ms(s.elapsed()));
    let s = Instant::now();
    let r = ledger.report(&full)?;
    println!(
        "first report after opening (reads the facts): {}",
        ms(s.elapsed())
    );
    println!(
        "full-year 2025 report: trips {} contacted {} signed {} started {} ({} breakdown rows)",
        r.metrics.trips,
        r.metrics.contacted,
        r.metrics.signed,
        r.metrics.started,
        r.by_region_group.len() + r.by_industry.len() + r.by_team.len() + r.by_officer.len()
    );
    let (p50, p95) = time_runs(runs, || ledger.report(&full).map(|_| ()))?;
    println!(
        "report, full year 2025, whole office:     p50 {}  p95 {}",
        ms(p50),
        ms(p95)
    );
    let (p50, p95) = time_runs(runs, || ledger.report(&filtered).map(|_| ()))?;
    println!(
        "report, H1 2025, 京津冀 × one industry:   p50 {}  p95 {}",
        ms(p50),
        ms(p95)
    );
    let (p50, p95) = time_runs(runs, || ledger.metrics(&Scope::default(), year).map(|_| ()))?;
    println!(
        "metrics only (no breakdowns), full year:  p50 {}  p95 {}",
        ms(p50),
        ms(p95)
    );
    let list = ProjectFilter {
        scope: Scope {
            region_group_ids: jjj.iter().cloned().collect(),
            ..Scope::default()
        },
        stages: vec![Stage::Negotiating, Stage::Signed],
        sort: ProjectSort::TotalInvestment,
        descending: true,
        limit: 100,
        ..Default::default()
    };
    let (p50, p95) = time_runs(runs, || ledger.list_projects(&list).map(|_| ()))?;
    println!(
        "project list, 京津冀 × 洽谈/签约, by 总投资: p50 {}  p95 {}",
        ms(p50),
        ms(p95)
    );
    let search = ProjectFilter {
        search: Some("碳纤维".into()),
        limit: 100,
        ..Default::default()
    };
    let (p50, p95) = time_runs(runs, || ledger.list_projects(&search).map(|_| ()))?;
    println!(
        "project list, name search \"碳纤维\":         p50 {}  p95 {}",
        ms(p50),
        ms(p95)
    );
    Ok(())
}

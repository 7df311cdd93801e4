//! Times the 企业库 screen's reads on a synthetic ledger (`synthetic::generate`: 0.6 companies per
//! project): the first page unfiltered, by region group, by industry, by a text query, the last
//! page, and one company's detail. Prints the median of several runs of each.
//!
//! `cargo run --release -p zhaoshang-core --example companies_list_bench -- [projects] [activities]`
//! (defaults 100000 and 100000; the ledger is made in a temp folder and removed).

use zhaoshang_core::CompanyFilter;
use zhaoshang_demo::synthetic;

fn main() -> zhaoshang_core::Result<()> {
    let mut args = std::env::args().skip(1);
    let n_projects: u32 = args
        .next()
        .map_or(100_000, |a| a.parse().expect("projects"));
    let n_activities: u32 = args
        .next()
        .map_or(100_000, |a| a.parse().expect("activities"));
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ledger.sqlite3");
    let t = std::time::Instant::now();
    let ledger = synthetic::generate(&path, n_projects, n_activities, 7)?;
    println!(
        "ledger: {n_projects} projects, {n_activities} activities, made in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // The search index is brought up to date once, as the app does after an import.
    ledger.refresh_search_index()?;
    let all = ledger.list_companies(&CompanyFilter::default())?;
    println!("companies: {}", all.total);
    let group = ledger
        .region_groups()?
        .into_iter()
        .next()
        .expect("a region group");
    let industry = ledger
        .industries()?
        .into_iter()
        .next()
        .expect("an industry");
    let cases: Vec<(String, CompanyFilter)> = vec![
        (
            "first page (100), no filter".into(),
            CompanyFilter::default(),
        ),
        (
            format!("region group {}", group.name),
            CompanyFilter {
                region_group_id: Some(group.id.clone()),
                ..Default::default()
            },
        ),
        (
            format!("industry {}", industry.name),
            CompanyFilter {
                industry_id: Some(industry.id.clone()),
                ..Default::default()
            },
        ),
        (
            "query 科技有限公司12".into(),
            CompanyFilter {
                query: Some("科技有限公司12".into()),
                ..Default::default()
            },
        ),
        (
            "last page".into(),
            CompanyFilter {
                offset: all.total.saturating_sub(100),
                ..Default::default()
            },
        ),
    ];
    for (name, filter) in &cases {
        let mut total = 0;
        let (median, p95) = synthetic::time_runs(7, || {
            total = ledger.list_companies(filter)?.total;
            Ok(())
        })?;
        println!(
            "list_companies, {name}: {total} matching, median {:.1} ms, p95 {:.1} ms",
            median.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3
        );
    }
    let busiest = all
        .rows
        .iter()
        .max_by_key(|r| r.project_count + r.activity_count)
        .expect("a company");
    let (median, p95) = synthetic::time_runs(7, || {
        ledger.company_detail(&busiest.company.id)?;
        Ok(())
    })?;
    println!(
        "company_detail ({} projects, {} activities): median {:.1} ms, p95 {:.1} ms",
        busiest.project_count,
        busiest.activity_count,
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );
    Ok(())
}

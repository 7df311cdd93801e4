//! `zhaoshang bench`: builds a synthetic ledger at realistic scale (default 100k projects, 1M
//! activities) through the same write path as the app, then prints build time, file size and
//! p50/p95 latencies of reports and project-list queries.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::*;
use crate::projects::{ProjectFilter, ProjectSort};
use crate::reports::ReportQuery;
use crate::{
    activities, companies, projects, reference::officers, reference::teams, Period, Scope,
};

/// Origins spread over the region groups (city or county codes present in the division list).
const ORIGINS: &[&str] = &[
    "110108", "120116", "130203", "130283", "130602", "131002", "310115", "320505", "330106",
    "340104", "440305", "440604", "441900", "210203", "220104", "230103", "211382", "211302",
    "370202", "410105", "420106", "500103", "510107", "610113",
];
const DESTINATIONS: &[&str] = &[
    "110105", "120104", "130102", "130203", "310104", "320102", "440106", "440304", "210102",
];
const WORDS: &[&str] = &[
    "年产",
    "万吨",
    "精密",
    "铸造",
    "新材料",
    "光伏",
    "储能",
    "冷链",
    "物流园",
    "数字",
    "智能",
    "装备",
    "零部件",
    "农产品",
    "深加工",
    "文旅",
    "康养",
    "生物",
    "医药",
    "碳纤维",
    "氢能",
];

/// Builds a synthetic ledger with `n_projects` projects and `n_activities` activities, dated
/// 2021–2025. Returns the ledger (today fixed to 2026-01-01).
pub fn generate(path: &Path, n_projects: u32, n_activities: u32, seed: u64) -> Result<Ledger> {
    let mut ledger = Ledger::open(path)?;
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    ledger.set_today(Some(today));
    let mut rng = StdRng::seed_from_u64(seed);
    let industry_ids: Vec<String> = ledger.industries()?.into_iter().map(|i| i.id).collect();
    ledger.write(|tx, today| {
        let mut officer_ids = Vec::new();
        let mut team_of = Vec::new();
        for t in 0..6 {
            let team = teams::create(
                tx,
                &format!("招商{}组", ["一", "二", "三", "四", "五", "六"][t]),
            )?;
            for o in 0..7 {
                let officer = officers::create(
                    tx,
                    &OfficerInput {
                        name: format!("专员{}{}", t + 1, o + 1),
                        team_id: Some(team.id.clone()),
                        ..Default::default()
                    },
                )?;
                officer_ids.push(officer.id);
                team_of.push(team.id.clone());
            }
        }
        let n_companies = (n_projects * 6 / 10).max(1);
        let mut company_ids = Vec::with_capacity(n_companies as usize);
        for i in 0..n_companies {
            let c = companies::create(
                tx,
                &CompanyInput {
                    name: format!(
                        "{}{}科技有限公司{i}",
                        WORDS[i as usize % WORDS.len()],
                        WORDS[(i as usize / 7) % WORDS.len()]
                    ),
                    origin_code: Some(ORIGINS[rng.random_range(0..ORIGINS.len())].to_string()),
                    industry_id: Some(
                        industry_ids[rng.random_range(0..industry_ids.len())].clone(),
                    ),
                    ..Default::default()
                },
            )?;
            company_ids.push(c.id);
        }
        let start = NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
        let span_days = (today - start).num_days() as u64 - 1;
        let mut project_ids = Vec::with_capacity(n_projects as usize);
        for i in 0..n_projects {
            let o = rng.random_range(0..officer_ids.len());
            let created = start + Days::new(rng.random_range(0..span_days));
            let first_stage = if rng.random_bool(0.7) {
                Stage::Lead
            } else {
                Stage::Negotiating
            };
            let p = projects::create(
                tx,
                &NewProject {
                    project: ProjectInput {
                        name: format!(
                            "{}{}{}项目{i}",
                            WORDS[rng.random_range(0..WORDS.len())],
                            WORDS[rng.random_range(0..WORDS.len())],
                            WORDS[rng.random_range(0..WORDS.len())]
                        ),
                        company_id: Some(
                            company_ids[rng.random_range(0..company_ids.len())].clone(),
                        ),
                        total_investment: (rng.random_range(5..2000u32) as i64) * 100 * WAN
                            / (1 + rng.random_range(0..3)),
                        industry_id: Some(
                            industry_ids[rng.random_range(0..industry_ids.len())].clone(),
                        ),
                        key_project: rng.random_bool(0.1),
                        enclave: rng.random_bool(0.05),
                        relocation: rng.random_bool(0.15),
                        team_id: Some(team_of[o].clone()),
                        officer_id: Some(officer_ids[o].clone()),
                        ..Default::default()
                    },
                    first_stage,
                    first_stage_on: created,
                },
                today,
            )?;
            // Walk the pipeline forward with decreasing odds.
            let mut on = created;
            let mut stage = first_stage;
            for next in [
                Stage::Negotiating,
                Stage::Signed,
                Stage::Started,
                Stage::Operating,
            ] {
                if next == stage {
                    continue;
                }
                if !rng.random_bool(0.55) {
                    if rng.random_bool(0.1) {
                        let later = on + Days::new(rng.random_range(10..200));
                        if later < today {
                            projects::record_stage_change(
                                tx,
                                &p.id,
                                &change(Stage::Dropped, later),
                                today,
                            )?;
                        }
                    }
                    break;
                }
                let later = on + Days::new(rng.random_range(10..240));
                if later >= today {
                    break;
                }
                projects::record_stage_change(tx, &p.id, &change(next, later), today)?;
                on = later;
                stage = next;
            }
            project_ids.push(p.id);
        }
        let kinds = ActivityKind::ALL;
        for i in 0..n_activities {
            let o = rng.random_range(0..officer_ids.len());
            let kind = kinds[(i as usize * 7 + rng.random_range(0..3)) % kinds.len()];
            let mut officers = vec![officer_ids[o].clone()];
            if rng.random_bool(0.3) {
                let other = officer_ids[rng.random_range(0..officer_ids.len())].clone();
                if other != officers[0] {
                    officers.push(other);
                }
            }
            let project = rng
                .random_bool(0.85)
                .then(|| project_ids[rng.random_range(0..project_ids.len())].clone());
            activities::create(
                tx,
                &ActivityInput {
                    kind,
                    occurred_on: start + Days::new(rng.random_range(0..span_days)),
                    place: None,
                    destination_code: (kind == ActivityKind::OutboundTrip)
                        .then(|| DESTINATIONS[rng.random_range(0..DESTINATIONS.len())].to_string()),
                    summary: Some("洽谈投资意向，介绍园区政策".into()),
                    follow_up_on: None,
                    officer_ids: officers,
                    company_ids: vec![company_ids[rng.random_range(0..company_ids.len())].clone()],
                    project_ids: project.into_iter().collect(),
                },
                today,
            )?;
        }
        Ok(())
    })?;
    Ok(ledger)
}

fn change(to: Stage, on: NaiveDate) -> StageChangeInput {
    StageChangeInput {
        to_stage: to,
        changed_on: on,
        construction_kind: None,
        added_investment: 0,
        officer_id: None,
        note: None,
    }
}

/// Times `f` `runs` times (after one warm-up) and returns (p50, p95).
pub fn time_runs(runs: u32, mut f: impl FnMut() -> Result<()>) -> Result<(Duration, Duration)> {
    f()?;
    let mut t: Vec<Duration> = Vec::with_capacity(runs as usize);
    for _ in 0..runs.max(1) {
        let s = Instant::now();
        f()?;
        t.push(s.elapsed());
    }
    t.sort();
    let at = |q: f64| t[((t.len() as f64 - 1.0) * q).round() as usize];
    Ok((at(0.5), at(0.95)))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub fn run(path: &Path, n_projects: u32, n_activities: u32, runs: u32, reuse: bool) -> Result<()> {
    let ledger = if reuse && path.exists() {
        println!("复用已有数据：{}", path.display());
        let mut l = Ledger::open(path)?;
        l.set_today(NaiveDate::from_ymd_opt(2026, 1, 1));
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
    crate::reports::facts::load(ledger.connection())?;
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
    let _ = year.from.year();
    Ok(())
}

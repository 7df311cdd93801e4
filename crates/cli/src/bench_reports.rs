//! The report engine's figures for `zhaoshang bench`: opening, warm reports beside the raw SQL
//! aggregates for the same counts, and the next report after a write.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::params;
use zhaoshang_core::reports::facts::Source;
use zhaoshang_core::{
    ActivityInput, ActivityKind, Ledger, Period, ProjectFilter, ReportQuery, Result, Scope, Stage,
    StageChangeInput,
};

use zhaoshang_demo::synthetic::{bench_today, p50_p95, time_runs};

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub(crate) fn open(path: &Path) -> Result<Ledger> {
    let mut l = Ledger::open(path)?;
    l.set_today(Some(bench_today()));
    Ok(l)
}

/// The full-year and filtered queries the figures use.
pub(crate) struct Queries {
    pub full: ReportQuery,
    pub filtered: ReportQuery,
}

pub(crate) fn year(y: i32) -> Period {
    Period::year(y)
}

pub(crate) fn whole_office(period: Period) -> ReportQuery {
    ReportQuery {
        period,
        scope: Scope::default(),
    }
}

fn line(what: &str, times: Vec<Duration>) {
    let n = times.len();
    let (p50, p95) = p50_p95(times);
    println!("{what}: p50 {}  p95 {}  (n={n})", ms(p50), ms(p95));
}

/// Opening → the first full report: without a snapshot (the first open after an upgrade), then
/// with it.
pub fn opening(path: &Path, opens: u32) -> Result<()> {
    let full = whole_office(year(2025));
    {
        let l = open(path)?;
        l.connection().execute("DELETE FROM report_snapshot", [])?;
    }
    let s = Instant::now();
    let l = open(path)?;
    let opened = s.elapsed();
    let s = Instant::now();
    l.report(&full)?;
    let first = s.elapsed();
    let snapshot: i64 = l.connection().query_row(
        "SELECT COALESCE(SUM(length(data)), 0) FROM report_snapshot",
        [],
        |r| r.get(0),
    )?;
    println!(
        "open without a snapshot (the first open after the upgrade): open {}, first full report {} \
         (read the tables: {:?}; wrote a {:.1} MiB snapshot)",
        ms(opened),
        ms(first),
        l.facts_source(),
        snapshot as f64 / 1024.0 / 1024.0
    );
    drop(l);
    let mut times = Vec::new();
    let mut opens_only = Vec::new();
    for _ in 0..opens.max(1) {
        let s = Instant::now();
        let l = open(path)?;
        opens_only.push(s.elapsed());
        l.report(&full)?;
        times.push(s.elapsed());
        if l.facts_source() != Some(Source::Snapshot) {
            println!(
                "  (!) facts came from {:?}, not the snapshot",
                l.facts_source()
            );
        }
    }
    line("open (Ledger::open alone)", opens_only);
    line(
        "open → first full report (snapshot + change log since)",
        times,
    );
    let facts = open(path)?.facts()?.heap_bytes();
    println!(
        "the report engine's facts in memory: {:.1} MiB",
        facts as f64 / 1024.0 / 1024.0
    );
    Ok(())
}

pub(crate) fn queries(ledger: &Ledger) -> Result<Queries> {
    let jjj = ledger
        .region_groups()?
        .into_iter()
        .find(|g| g.name == "京津冀")
        .map(|g| g.id);
    let industry = ledger.industries()?.into_iter().next().map(|i| i.id);
    Ok(Queries {
        full: whole_office(year(2025)),
        filtered: ReportQuery {
            period: Period::new(d(2025, 1, 1), d(2025, 6, 30))?,
            scope: Scope {
                region_group_ids: jjj.into_iter().collect(),
                industry_ids: industry.into_iter().collect(),
                ..Scope::default()
            },
        },
    })
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// Warm full and filtered reports, each beside the raw SQL aggregates of the same counts.
pub fn warm(ledger: &Ledger, q: &Queries, runs: u32) -> Result<()> {
    for (what, query) in [
        ("full report, 2025, whole office", &q.full),
        (
            "filtered report, H1 2025, 京津冀 × one industry",
            &q.filtered,
        ),
    ] {
        let (p50, p95) = time_runs(runs, || ledger.report(query).map(|_| ()))?;
        let m = ledger.metrics(&query.scope, query.period)?;
        let engine = [m.trips, m.contacted, m.signed, m.started];
        let mut sql = [0u32; 4];
        let (s50, s95) = time_runs(runs.min(3), || {
            sql = sql_counts(ledger, query)?;
            Ok(())
        })?;
        println!(
            "{what}: p50 {}  p95 {}; the raw SQL aggregates of trips, contacted, signed, started \
             alone: p50 {}  p95 {} (×{:.1} the whole report's p50){}",
            ms(p50),
            ms(p95),
            ms(s50),
            ms(s95),
            s50.as_secs_f64() / p50.as_secs_f64().max(1e-9),
            if sql == engine {
                String::new()
            } else {
                format!(" (!) SQL counts {sql:?} ≠ report {engine:?}")
            }
        );
    }
    Ok(())
}

/// 招商次数, 对接洽谈, 签约 and 落地开工 of a query counted with SQL alone, over the same
/// indexes (the report engine's rules: trips by destination region, projects by their own
/// region and industry; deleted rows left out; 日期不详 开工 not counted).
fn sql_counts(ledger: &Ledger, q: &ReportQuery) -> Result<[u32; 4]> {
    let c = ledger.connection();
    let (from, to) = (q.period.from.to_string(), q.period.to.to_string());
    let region = q.scope.region_group_ids.first().cloned();
    let industry = q.scope.industry_ids.first().cloned();
    let one = |sql: &str| -> Result<u32> {
        Ok(c.prepare_cached(sql)?
            .query_row(params![from, to, region, industry], |r| r.get(0))?)
    };
    let projects = "p.deleted_at IS NULL AND (?3 IS NULL OR p.region_group_id = ?3)
                    AND (?4 IS NULL OR p.industry_id = ?4)";
    Ok([
        one("SELECT COUNT(*) FROM activities a
             WHERE a.kind = 'outbound_trip' AND a.deleted_at IS NULL
               AND a.occurred_on BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR a.region_group_id = ?3) AND (?4 IS NULL OR 1)
               AND EXISTS (SELECT 1 FROM activity_officer_links o WHERE o.activity_rid = a.rid)")?,
        one(&format!(
            "SELECT COUNT(DISTINCT l.project_rid) FROM activity_project_links l
             JOIN projects p ON p.rid = l.project_rid
             WHERE l.deleted_at IS NULL AND l.occurred_on BETWEEN ?1 AND ?2 AND {projects}"
        ))?,
        one(&format!(
            "SELECT COUNT(*) FROM projects p WHERE p.signed_on BETWEEN ?1 AND ?2 AND {projects}"
        ))?,
        one(&format!(
            "SELECT COUNT(DISTINCT sc.project_id) FROM stage_changes sc
             JOIN projects p ON p.id = sc.project_id
             WHERE sc.to_stage = 'started' AND sc.deleted_at IS NULL AND NOT sc.date_unknown
               AND sc.changed_on BETWEEN ?1 AND ?2 AND {projects}"
        ))?,
    ])
}

/// A write → the next full report: an activity saved, a stage change recorded (this
/// connection), and an activity saved by another process.
pub fn after_writes(path: &Path, runs: u32) -> Result<()> {
    let full = whole_office(year(2025));
    let mut l = open(path)?;
    l.report(&full)?;
    let officer = l.officers()?.into_iter().next().map(|o| o.id);
    let leads = l.list_projects(&ProjectFilter {
        stages: vec![Stage::Lead],
        limit: runs.max(1),
        ..Default::default()
    })?;
    let project_ids: Vec<String> = leads.rows.iter().map(|r| r.id.clone()).collect();
    let activity = |project: Option<&String>| ActivityInput {
        kind: ActivityKind::OutboundTrip,
        occurred_on: d(2025, 6, 1),
        place: None,
        destination_code: Some("110000".into()),
        summary: Some("bench".into()),
        follow_up_on: None,
        officer_ids: officer.iter().cloned().collect(),
        company_ids: vec![],
        project_ids: project.into_iter().cloned().collect(),
        trip: Default::default(),
    };
    let mut t = AfterWrites::default();
    for i in 0..runs.max(1) as usize {
        t.time(&mut l, &full, |l| {
            l.create_activity(&activity(project_ids.get(i))).map(drop)
        })?;
    }
    t.print("save one activity");

    let mut t = AfterWrites::default();
    for id in &project_ids {
        t.time(&mut l, &full, |l| {
            l.record_stage_change(
                id,
                &StageChangeInput {
                    to_stage: Stage::Negotiating,
                    changed_on: bench_today(),
                    construction_kind: None,
                    added_investment: 0,
                    officer_id: None,
                    note: None,
                    date_unknown: false,
                },
            )
            .map(drop)
        })?;
    }
    if !t.saves.is_empty() {
        t.print("record one stage change");
    }

    let mut other = open(path)?;
    let (mut reports, mut followed) = (Vec::new(), 0);
    for i in 0..runs.max(1) as usize {
        other.create_activity(&activity(project_ids.get(i)))?;
        let s = Instant::now();
        l.report(&full)?;
        reports.push(s.elapsed());
        followed += (l.facts_source() == Some(Source::Followed)) as u32;
    }
    line(
        &format!(
            "another process saves an activity → next full report here (followed {followed} times)"
        ),
        reports,
    );
    Ok(())
}

/// A write's own time, the delta it leaves, and the next full report, over several writes.
#[derive(Default)]
struct AfterWrites {
    saves: Vec<Duration>,
    deltas: Vec<Duration>,
    reports: Vec<Duration>,
    followed: u32,
}

impl AfterWrites {
    fn time(
        &mut self,
        l: &mut Ledger,
        full: &ReportQuery,
        write: impl FnOnce(&mut Ledger) -> Result<()>,
    ) -> Result<()> {
        let s = Instant::now();
        write(l)?;
        self.saves.push(s.elapsed());
        let s = Instant::now();
        l.facts()?;
        self.deltas.push(s.elapsed());
        self.followed += (l.facts_source() == Some(Source::Followed)) as u32;
        l.report(full)?;
        self.reports.push(s.elapsed());
        Ok(())
    }

    fn print(self, what: &str) {
        line(&format!("{what} (the write itself)"), self.saves);
        line("  applying it to the facts (the delta alone)", self.deltas);
        line(
            &format!(
                "{what} → next full report (followed {} times)",
                self.followed
            ),
            self.reports,
        );
    }
}

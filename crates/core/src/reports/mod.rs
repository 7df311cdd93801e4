//! The report engine (docs/DOMAIN.md §3): scope × period → every metric, counted from the facts
//! (activities, stage history, project rows) that `facts.rs` reads with SQL; nothing is a stored
//! counter.
//!
//! Each metric is counted into *cells* keyed by (region group, industry, team, officer) of the
//! project (or, for trips, of the activity). Totals and every breakdown are sums of cells, so one
//! pass per metric serves the whole report. Counting rules:
//! - 招商次数: activities of kind 外出招商 dated in the period, scoped by destination region
//!   group, the activity's team and its officers.
//! - 对接洽谈: distinct projects with at least one activity in the period.
//! - 签约: projects whose *first* 签约 is in the period (a later 签约 is an upgrade, 升格); the
//!   investment counted is 总投资 less later 增资, and 增资 recorded in the period is added on its
//!   own (only the increment counts).
//! - 开工: distinct projects with a 开工 change in the period, split by the kind of their first
//!   such change in the period (新建 / 续建 / 复工).
//! - 投产: projects whose first 投产 is in the period.
//! - 在谈 / 储备 / 重点: the stage each project was in at the period's last day.

pub mod facts;
pub mod period;
pub mod scope;
pub mod targets;

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{ConstructionKind, Stage, Target, TargetMetric, Tier};
use crate::reports::facts::{day, ActivityFact, Dict, Facts, ProjectFact, NONE};
use crate::reports::period::Period;
use crate::reports::scope::Scope;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportQuery {
    pub period: Period,
    #[serde(default)]
    pub scope: Scope,
}

/// Counts by 总投资 band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TierCounts {
    pub over_10yi: u32,
    pub over_1yi: u32,
    pub over_5000wan: u32,
    pub under_5000wan: u32,
}

impl TierCounts {
    fn add(&mut self, tier: Tier, n: u32) {
        match tier {
            Tier::Over10Yi => self.over_10yi += n,
            Tier::Over1Yi => self.over_1yi += n,
            Tier::Over5000Wan => self.over_5000wan += n,
            Tier::Under5000Wan => self.under_5000wan += n,
        }
    }

    fn merge(&mut self, o: &TierCounts) {
        self.over_10yi += o.over_10yi;
        self.over_1yi += o.over_1yi;
        self.over_5000wan += o.over_5000wan;
        self.under_5000wan += o.under_5000wan;
    }

    /// Projects of 5000万元 and more (all three upper bands).
    pub fn at_least_5000wan(&self) -> u32 {
        self.over_10yi + self.over_1yi + self.over_5000wan
    }
}

/// Every metric of one scope and period. Money is in 元.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Metrics {
    /// 招商次数 (外出招商).
    pub trips: u32,
    /// 对接洽谈项目.
    pub contacted: u32,
    /// Distinct companies reached by 电话 in the period.
    pub companies_called: u32,
    /// 签约项目 (first signings).
    pub signed: u32,
    /// 签约总投资: first signings' investment without later 增资, plus 增资 in the period.
    pub signed_investment: i64,
    pub signed_tiers: TierCounts,
    /// 升格 / re-signings in the period (not new signings).
    pub upgraded: u32,
    /// 增资 recorded in the period.
    pub added_investment: i64,
    /// Signed projects whose signing day had a 视频洽谈 (云签约).
    pub signed_by_video: u32,
    /// 承接产业转移 projects signed in the period.
    pub relocation_signed: u32,
    /// 两高 projects signed in the period (screened: counted separately).
    pub high_energy_signed: u32,
    /// 落地开工项目.
    pub started: u32,
    pub started_new: u32,
    pub started_continued: u32,
    pub started_resumed: u32,
    pub started_investment: i64,
    /// 投产项目.
    pub operating: u32,
    pub operating_investment: i64,
    /// 在谈: projects in 洽谈 at the period's end.
    pub negotiating_at_end: u32,
    /// 储备: projects in 线索 at the period's end.
    pub lead_at_end: u32,
    /// 承接产业转移 projects in 线索/洽谈 at the period's end.
    pub relocation_pipeline: u32,
    /// 重点项目 not 终止 at the period's end, with their 总投资 and bands.
    pub key_projects: u32,
    pub key_investment: i64,
    pub key_tiers: TierCounts,
}

/// One row of a breakdown (by region group, industry, team or officer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BreakdownRow {
    /// Id of the group; None collects rows where it is not filled in.
    pub id: Option<String>,
    pub label: String,
    pub metrics: Metrics,
    /// 占比 of the period's signed projects (0–1).
    pub signed_share: f64,
    /// 占比 of the period's signed investment (0–1).
    pub investment_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageCount {
    pub stage: Stage,
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthPoint {
    /// "2022-06".
    pub month: String,
    pub trips: u32,
    pub contacted: u32,
    pub signed: u32,
    pub signed_investment: i64,
    pub started: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TargetProgress {
    pub target: Target,
    /// "2022年 一季度 新开工项目".
    pub label: String,
    /// The metric over the target's period up to the report's end.
    pub actual: i64,
    /// actual / value (0 when the target is 0).
    pub ratio: f64,
    /// Whether the target's period has fully passed by the report's end.
    pub period_over: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Report {
    pub query: ReportQuery,
    pub metrics: Metrics,
    /// Same scope, same days one year earlier (同比).
    pub previous_year: Metrics,
    pub by_region_group: Vec<BreakdownRow>,
    pub by_industry: Vec<BreakdownRow>,
    pub by_team: Vec<BreakdownRow>,
    pub by_officer: Vec<BreakdownRow>,
    /// Projects per stage at the period's end (the funnel).
    pub stages_at_end: Vec<StageCount>,
    pub monthly: Vec<MonthPoint>,
    pub targets: Vec<TargetProgress>,
    /// 「截至6月末，面向京津冀招商168次，对接洽谈项目156个，27个项目签约，落地开工项目22个。」
    pub briefing: String,
    /// Further sentences for the briefing (investment, 飞地, 重点, targets).
    pub briefing_details: Vec<String>,
    /// Whose data the counts include: every device merged into this ledger, and when each
    /// last synced.
    pub devices: Vec<crate::sync::review::SyncDevice>,
}

/// A cell key: dense (region group, industry, team, officer) indices of `Facts`.
type Key = [u32; 4];
const TOTAL: Key = [NONE; 4];

/// A fast hasher for small integer keys (the cells' dense indices).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

#[derive(Default)]
struct Cells {
    map: FastMap<Key, Metrics>,
    /// Trips counted once per officer taking part (for the by-officer breakdown).
    trips_by_officer: HashMap<u32, u32>,
    stages: HashMap<Stage, u32>,
}

impl Cells {
    fn cell(&mut self, key: Key) -> &mut Metrics {
        self.map.entry(key).or_default()
    }

    fn total(&self) -> Metrics {
        let mut t = Metrics::default();
        for m in self.map.values() {
            add(&mut t, m);
        }
        t
    }

    fn by(&self, axis: usize) -> FastMap<u32, Metrics> {
        let mut out: FastMap<u32, Metrics> = FastMap::default();
        for (k, m) in &self.map {
            add(out.entry(k[axis]).or_default(), m);
        }
        if axis == 3 {
            for m in out.values_mut() {
                m.trips = 0;
            }
            for (officer, n) in &self.trips_by_officer {
                out.entry(*officer).or_default().trips = *n;
            }
        }
        out
    }
}

fn add(t: &mut Metrics, m: &Metrics) {
    t.trips += m.trips;
    t.contacted += m.contacted;
    t.companies_called += m.companies_called;
    t.signed += m.signed;
    t.signed_investment += m.signed_investment;
    t.signed_tiers.merge(&m.signed_tiers);
    t.upgraded += m.upgraded;
    t.added_investment += m.added_investment;
    t.signed_by_video += m.signed_by_video;
    t.relocation_signed += m.relocation_signed;
    t.high_energy_signed += m.high_energy_signed;
    t.started += m.started;
    t.started_new += m.started_new;
    t.started_continued += m.started_continued;
    t.started_resumed += m.started_resumed;
    t.started_investment += m.started_investment;
    t.operating += m.operating;
    t.operating_investment += m.operating_investment;
    t.negotiating_at_end += m.negotiating_at_end;
    t.lead_at_end += m.lead_at_end;
    t.relocation_pipeline += m.relocation_pipeline;
    t.key_projects += m.key_projects;
    t.key_investment += m.key_investment;
    t.key_tiers.merge(&m.key_tiers);
}

/// A scope resolved against the facts' dense keys.
struct Filter {
    projects: Vec<bool>,
    regions: Option<HashSet<u32>>,
    teams: Option<HashSet<u32>>,
    officers: Option<HashSet<u32>>,
}

fn set(dict: &Dict, ids: &[String]) -> Option<HashSet<u32>> {
    (!ids.is_empty()).then(|| ids.iter().map(|id| dict.get(id)).collect())
}

impl Filter {
    fn new(f: &Facts, scope: &Scope) -> Filter {
        let regions = set(&f.regions, &scope.region_group_ids);
        let industries = set(&f.industries, &scope.industry_ids);
        let teams = set(&f.teams, &scope.team_ids);
        let officers = set(&f.officers, &scope.officer_ids);
        let parks: Option<HashSet<u32>> =
            (!scope.parks.is_empty()).then(|| scope.parks.iter().map(|p| f.parks.get(p)).collect());
        let within = |s: &Option<HashSet<u32>>, v: u32| s.as_ref().is_none_or(|s| s.contains(&v));
        let flag = |want: Option<bool>, v: bool| want.is_none_or(|w| w == v);
        let projects = f
            .projects
            .iter()
            .map(|p| {
                within(&regions, p.region)
                    && within(&industries, p.industry)
                    && within(&teams, p.team)
                    && within(&officers, p.officer)
                    && within(&parks, p.park)
                    && flag(scope.enclave, p.enclave)
                    && flag(scope.relocation, p.relocation)
                    && flag(scope.key_project, p.key)
                    && flag(scope.high_energy, p.high_energy)
            })
            .collect();
        Filter {
            projects,
            regions,
            teams,
            officers,
        }
    }

    /// 招商次数 and calls: destination region group, the activity's team and its officers.
    fn activity(&self, a: &ActivityFact, with_region: bool) -> bool {
        (!with_region || self.regions.as_ref().is_none_or(|s| s.contains(&a.region)))
            && self.teams.as_ref().is_none_or(|s| s.contains(&a.team))
            && self
                .officers
                .as_ref()
                .is_none_or(|s| a.officers.iter().any(|o| s.contains(o)))
    }
}

fn cells(f: &Facts, scope: &Scope, period: Period, grouped: bool) -> Cells {
    let mut c = Cells::default();
    let filter = Filter::new(f, scope);
    let (from, to) = (day(period.from), day(period.to));
    let pkey = |p: &ProjectFact| -> Key {
        if grouped {
            [p.region, p.industry, p.team, p.officer]
        } else {
            TOTAL
        }
    };

    // 招商次数.
    for t in Facts::day_range(&f.trips, |t| t.day, from, to) {
        if !filter.activity(t, true) {
            continue;
        }
        let key = if grouped {
            [t.region, NONE, t.team, NONE]
        } else {
            TOTAL
        };
        c.cell(key).trips += 1;
        if grouped {
            for o in &t.officers {
                *c.trips_by_officer.entry(*o).or_default() += 1;
            }
        }
    }

    // Companies reached by phone (by the activity's team/officers; on the total only).
    let mut called: HashSet<u32> = HashSet::new();
    for call in Facts::day_range(&f.calls, |t| t.day, from, to) {
        if filter.activity(call, false) {
            called.extend(call.companies.iter().copied());
        }
    }
    c.cell(TOTAL).companies_called += called.len() as u32;

    // 对接洽谈: distinct projects with an activity in the period.
    let mut seen = vec![false; f.projects.len()];
    for &(_, p) in Facts::day_range(&f.contacts, |x| x.0, from, to) {
        let i = p as usize;
        if !seen[i] && filter.projects[i] {
            seen[i] = true;
            c.cell(pkey(&f.projects[i])).contacted += 1;
        }
    }

    // Per project: first signing, 投产, and the stage at the period's end.
    for (i, p) in f.projects.iter().enumerate() {
        if !filter.projects[i] {
            continue;
        }
        let key = pkey(p);
        if (from..=to).contains(&p.signed_on) {
            let m = c.cell(key);
            m.signed += 1;
            m.signed_investment += (p.total_investment - p.added_investment).max(0);
            m.signed_tiers.add(Tier::of(p.total_investment), 1);
            m.relocation_signed += p.relocation as u32;
            m.high_energy_signed += p.high_energy as u32;
            m.signed_by_video += f.video_days.contains(&(i as u32, p.signed_on)) as u32;
        }
        if (from..=to).contains(&p.operating_on) {
            let m = c.cell(key);
            m.operating += 1;
            m.operating_investment += p.total_investment;
        }
        let Some(stage) = f.stage_at(p, to) else {
            continue;
        };
        *c.stages.entry(stage).or_default() += 1;
        let m = c.cell(key);
        match stage {
            Stage::Negotiating => m.negotiating_at_end += 1,
            Stage::Lead => m.lead_at_end += 1,
            _ => {}
        }
        if p.relocation && matches!(stage, Stage::Lead | Stage::Negotiating) {
            m.relocation_pipeline += 1;
        }
        if p.key && stage != Stage::Dropped {
            m.key_projects += 1;
            m.key_investment += p.total_investment;
            m.key_tiers.add(Tier::of(p.total_investment), 1);
        }
    }

    // Stage changes in the period: 升格, 增资, and 开工 (first 开工 of each project decides
    // its kind).
    let mut started = vec![false; f.projects.len()];
    for &e in Facts::day_range(&f.events_by_day, |&e| f.events[e as usize].day, from, to) {
        let e = &f.events[e as usize];
        let i = e.project as usize;
        if !filter.projects[i] {
            continue;
        }
        let p = &f.projects[i];
        let m = c.cell(pkey(p));
        if e.upgrade {
            m.upgraded += 1;
        }
        if e.added_investment > 0 {
            m.added_investment += e.added_investment;
            m.signed_investment += e.added_investment;
        }
        if e.stage == Stage::Started && !std::mem::replace(&mut started[i], true) {
            m.started += 1;
            m.started_investment += p.total_investment;
            match e.kind.unwrap_or(ConstructionKind::New) {
                ConstructionKind::New => m.started_new += 1,
                ConstructionKind::Continued => m.started_continued += 1,
                ConstructionKind::Resumed => m.started_resumed += 1,
            }
        }
    }
    c
}

/// Every metric of a scope and period, without breakdowns (used for 同比 and targets).
pub fn metrics(f: &Facts, scope: &Scope, period: Period) -> Metrics {
    cells(f, scope, period, false).total()
}

fn names(conn: &Connection, table: &str) -> Result<HashMap<String, (String, i64)>> {
    let order = if table == "officers" {
        "0"
    } else {
        "sort_order"
    };
    let mut stmt = conn.prepare_cached(&format!("SELECT id, name, {order} FROM {table}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn breakdown(
    conn: &Connection,
    cells: &Cells,
    axis: usize,
    dict: &Dict,
    table: &str,
    total: &Metrics,
) -> Result<Vec<BreakdownRow>> {
    let names = names(conn, table)?;
    let mut rows: Vec<(i64, BreakdownRow)> = cells
        .by(axis)
        .into_iter()
        .map(|(k, m)| {
            let id = dict.id(k).map(str::to_string);
            let (label, order) = match &id {
                Some(id) => names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| ("（已删除）".to_string(), i64::MAX - 1)),
                None => ("未填写".to_string(), i64::MAX),
            };
            let share = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
            (
                order,
                BreakdownRow {
                    signed_share: share(m.signed as f64, total.signed as f64),
                    investment_share: share(
                        m.signed_investment as f64,
                        total.signed_investment as f64,
                    ),
                    id,
                    label,
                    metrics: m,
                },
            )
        })
        .collect();
    if table == "officers" {
        rows.sort_by(|a, b| {
            (b.1.metrics.signed, b.1.metrics.contacted, b.1.metrics.trips)
                .cmp(&(a.1.metrics.signed, a.1.metrics.contacted, a.1.metrics.trips))
                .then(a.1.label.cmp(&b.1.label))
        });
    } else {
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.label.cmp(&b.1.label)));
    }
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

fn monthly(f: &Facts, scope: &Scope, period: Period) -> Vec<MonthPoint> {
    let months = period.months();
    if months.len() > 36 {
        return Vec::new();
    }
    let filter = Filter::new(f, scope);
    let (from, to) = (day(period.from), day(period.to));
    let starts: Vec<i32> = months.iter().map(|m| day(m.from)).collect();
    let month_of = |d: i32| starts.partition_point(|&s| s <= d) - 1;
    let mut points: Vec<MonthPoint> = months
        .iter()
        .map(|m| MonthPoint {
            month: m.from.format("%Y-%m").to_string(),
            trips: 0,
            contacted: 0,
            signed: 0,
            signed_investment: 0,
            started: 0,
        })
        .collect();
    for t in Facts::day_range(&f.trips, |t| t.day, from, to) {
        if filter.activity(t, true) {
            points[month_of(t.day)].trips += 1;
        }
    }
    let mut seen: HashSet<(usize, u32), std::hash::BuildHasherDefault<KeyHasher>> =
        HashSet::default();
    for &(d, p) in Facts::day_range(&f.contacts, |x| x.0, from, to) {
        if filter.projects[p as usize] && seen.insert((month_of(d), p)) {
            points[month_of(d)].contacted += 1;
        }
    }
    for (i, p) in f.projects.iter().enumerate() {
        if filter.projects[i] && (from..=to).contains(&p.signed_on) {
            let m = &mut points[month_of(p.signed_on)];
            m.signed += 1;
            m.signed_investment += (p.total_investment - p.added_investment).max(0);
        }
    }
    let mut started: HashSet<(usize, u32), std::hash::BuildHasherDefault<KeyHasher>> =
        HashSet::default();
    for &e in Facts::day_range(&f.events_by_day, |&e| f.events[e as usize].day, from, to) {
        let e = &f.events[e as usize];
        if e.stage == Stage::Started
            && filter.projects[e.project as usize]
            && started.insert((month_of(e.day), e.project))
        {
            points[month_of(e.day)].started += 1;
        }
    }
    points
}

/// The value of one target metric over a scope and period.
pub fn target_metric(m: &Metrics, metric: TargetMetric) -> i64 {
    match metric {
        TargetMetric::Trips => m.trips as i64,
        TargetMetric::Contacted => m.contacted as i64,
        TargetMetric::Signed => m.signed as i64,
        TargetMetric::SignedOver5000Wan => m.signed_tiers.at_least_5000wan() as i64,
        TargetMetric::SignedInvestment => m.signed_investment,
        TargetMetric::Started => m.started as i64,
        TargetMetric::StartedNew => m.started_new as i64,
        TargetMetric::StartedResumed => m.started_resumed as i64,
        TargetMetric::Operating => m.operating as i64,
        TargetMetric::KeyProjects => m.key_projects as i64,
    }
}

/// Filters a trip or a plan figure cannot follow (they narrow projects only).
fn project_only_filters(s: &Scope) -> bool {
    !s.industry_ids.is_empty()
        || !s.parks.is_empty()
        || s.enclave.is_some()
        || s.relocation.is_some()
        || s.key_project.is_some()
        || s.high_energy.is_some()
        || !s.officer_ids.is_empty()
}

fn target_progress(
    conn: &Connection,
    f: &Facts,
    query: &ReportQuery,
) -> Result<Vec<TargetProgress>> {
    use chrono::Datelike;
    let year = query.period.to.year();
    // Plan figures are for the office, a region group or a team: a report narrowed further
    // (飞地, one industry, …) shows none rather than the office's.
    if project_only_filters(&query.scope) {
        return Ok(Vec::new());
    }
    let targets = crate::reports::targets::list(conn, Some(year))?;
    let mut cache: HashMap<(Option<String>, Option<String>, Period), Metrics> = HashMap::new();
    let mut out = Vec::new();
    for t in targets {
        // A target for one region group or team shows only when the report covers it.
        let covers = |want: &Option<String>, have: &[String]| match want {
            Some(w) => have.is_empty() || have.contains(w),
            None => have.is_empty(),
        };
        if !covers(&t.region_group_id, &query.scope.region_group_ids)
            || !covers(&t.team_id, &query.scope.team_ids)
        {
            continue;
        }
        let (from, to) = t.period.range(year);
        if from > query.period.to {
            // Not begun yet at the report's end: show with zero progress.
            out.push(TargetProgress {
                label: target_label(&t),
                actual: 0,
                ratio: 0.0,
                period_over: false,
                target: t,
            });
            continue;
        }
        let period = Period {
            from,
            to: to.min(query.period.to),
        };
        let key = (t.region_group_id.clone(), t.team_id.clone(), period);
        if !cache.contains_key(&key) {
            let scope = Scope {
                region_group_ids: t.region_group_id.iter().cloned().collect(),
                team_ids: t.team_id.iter().cloned().collect(),
                ..Scope::default()
            };
            cache.insert(key.clone(), metrics(f, &scope, period));
        }
        let actual = target_metric(&cache[&key], t.metric);
        out.push(TargetProgress {
            label: target_label(&t),
            ratio: if t.value > 0 {
                actual as f64 / t.value as f64
            } else {
                0.0
            },
            actual,
            period_over: to <= query.period.to,
            target: t,
        });
    }
    Ok(out)
}

fn target_label(t: &Target) -> String {
    t.label
        .clone()
        .unwrap_or_else(|| format!("{}年{}{}", t.year, t.period.label(), t.metric.label()))
}

pub fn report(conn: &Connection, f: &Facts, query: &ReportQuery) -> Result<Report> {
    let period = Period::new(query.period.from, query.period.to)?;
    let cells = cells(f, &query.scope, period, true);
    let metrics = cells.total();
    let previous_year = self::metrics(f, &query.scope, period.year_before());
    let mut stages_at_end: Vec<StageCount> = Stage::ALL
        .iter()
        .map(|s| StageCount {
            stage: *s,
            label: s.label().to_string(),
            count: cells.stages.get(s).copied().unwrap_or(0),
        })
        .collect();
    stages_at_end.retain(|s| s.count > 0 || s.stage.is_open());
    let region_names: Vec<String> = {
        let all = names(conn, "region_groups")?;
        query
            .scope
            .region_group_ids
            .iter()
            .filter_map(|id| all.get(id).map(|(n, _)| n.clone()))
            .collect()
    };
    let team_names: Vec<String> = {
        let all = names(conn, "teams")?;
        query
            .scope
            .team_ids
            .iter()
            .filter_map(|id| all.get(id).map(|(n, _)| n.clone()))
            .collect()
    };
    let targets = target_progress(conn, f, query)?;
    let trips_apply = !project_only_filters(&query.scope);
    let briefing = briefing(period, &region_names, &team_names, &metrics, trips_apply);
    let briefing_details = briefing_details(&metrics, &previous_year, &targets);
    Ok(Report {
        by_region_group: breakdown(conn, &cells, 0, &f.regions, "region_groups", &metrics)?,
        by_industry: breakdown(conn, &cells, 1, &f.industries, "industries", &metrics)?,
        by_team: breakdown(conn, &cells, 2, &f.teams, "teams", &metrics)?,
        by_officer: breakdown(conn, &cells, 3, &f.officers, "officers", &metrics)?,
        monthly: monthly(f, &query.scope, period),
        query: ReportQuery {
            period,
            scope: query.scope.clone(),
        },
        metrics,
        previous_year,
        stages_at_end,
        targets,
        briefing,
        briefing_details,
        devices: crate::sync::review::devices(conn)?,
    })
}

/// The sentence an office puts in its briefing.
/// `trips_apply` is false when the scope narrows projects by something a trip does not have
/// (industry, 飞地, 重点 …): the sentence then leaves trips out rather than quote the office's.
pub fn briefing(
    period: Period,
    regions: &[String],
    teams: &[String],
    m: &Metrics,
    trips_apply: bool,
) -> String {
    let who = teams.join("、");
    let trips = if !trips_apply {
        String::new()
    } else if regions.is_empty() {
        format!("外出招商{}次，", m.trips)
    } else {
        format!("面向{}招商{}次，", regions.join("、"), m.trips)
    };
    format!(
        "{who}{}，{trips}对接洽谈项目{}个，{}个项目签约，落地开工项目{}个。",
        period.briefing_label(),
        m.contacted,
        m.signed,
        m.started
    )
}

fn briefing_details(m: &Metrics, prev: &Metrics, targets: &[TargetProgress]) -> Vec<String> {
    use crate::util::zh_money;
    let mut out = Vec::new();
    if m.signed > 0 {
        out.push(format!(
            "签约项目总投资{}，其中10亿元以上{}个、1亿至10亿元{}个、5000万至1亿元{}个。",
            zh_money(m.signed_investment),
            m.signed_tiers.over_10yi,
            m.signed_tiers.over_1yi,
            m.signed_tiers.over_5000wan
        ));
    }
    if m.started > 0 {
        let mut parts = Vec::new();
        for (n, what) in [
            (m.started_new, "新开工"),
            (m.started_resumed, "复工"),
            (m.started_continued, "续建"),
        ] {
            if n > 0 {
                parts.push(format!("{what}{n}个"));
            }
        }
        out.push(format!("落地开工项目中{}。", parts.join("、")));
    }
    if m.operating > 0 {
        out.push(format!(
            "投产项目{}个，总投资{}。",
            m.operating,
            zh_money(m.operating_investment)
        ));
    }
    if m.key_projects > 0 {
        out.push(format!(
            "重点项目{}个，总投资{}，其中10亿元以上{}个、1亿元以上{}个、5000万元以上{}个。",
            m.key_projects,
            zh_money(m.key_investment),
            m.key_tiers.over_10yi,
            m.key_tiers.over_1yi,
            m.key_tiers.over_5000wan
        ));
    }
    out.push(format!(
        "在谈项目{}个，储备项目{}个。",
        m.negotiating_at_end, m.lead_at_end
    ));
    if prev.signed > 0 || prev.started > 0 {
        let change = |now: u32, before: u32| -> String {
            if before == 0 {
                "去年同期为0".to_string()
            } else {
                let pct = (now as f64 - before as f64) / before as f64 * 100.0;
                if pct >= 0.0 {
                    format!("同比增长{pct:.1}%")
                } else {
                    format!("同比下降{:.1}%", -pct)
                }
            }
        };
        out.push(format!(
            "签约项目{}，落地开工项目{}。",
            change(m.signed, prev.signed),
            change(m.started, prev.started)
        ));
    }
    for t in targets.iter().filter(|t| t.target.value > 0) {
        out.push(format!(
            "{}目标{}，已完成{}，完成率{:.1}%。",
            t.label,
            t.target.value,
            t.actual,
            t.ratio * 100.0
        ));
    }
    out
}

//! Counting every metric of a scope and period into cells (region group, industry, team,
//! officer): the engine behind the report, its breakdowns and the dashboard.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{ConstructionKind, Stage, Target, Tier};
use crate::reports::facts::{day, ActivityFact, Dict, Facts, ProjectFact, NONE};
use crate::reports::period::Period;
use crate::reports::scope::Scope;

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
    /// Projects whose first 签约 has an unknown date not later than a day of the period (a
    /// 开工 ledger row with no 签约 date): signed, but maybe in this period, maybe before.
    pub signed_date_unknown: u32,
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
    /// 总投资 of the 新建 and 复工 starts.
    pub started_new_investment: i64,
    pub started_resumed_investment: i64,
    /// Projects whose first 开工 has an unknown date not later than a day of the period (a
    /// 投产 row with no 开工 date).
    pub started_date_unknown: u32,
    /// 续建 in 重点项目建设调度: projects under construction (开工) at the period's start, or
    /// with a 续建 开工 in the period, each once — a project building on into a new year counts
    /// without anyone entering a 开工 again.
    pub continued: u32,
    pub continued_investment: i64,
    /// 储备（未开工）: projects in 线索, 洽谈 or 签约 at the period's end (not yet built).
    pub not_started_at_end: u32,
    pub not_started_investment: i64,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageCount {
    pub stage: Stage,
    pub label: String,
    pub count: u32,
}

/// A cell key: dense (region group, industry, team, officer, park) indices of `Facts`.
pub(crate) type Key = [u32; 5];

pub(crate) const TOTAL: Key = [NONE; 5];

/// The axes of a cell key.
pub(crate) const BY_REGION: usize = 0;
pub(crate) const BY_INDUSTRY: usize = 1;
pub(crate) const BY_TEAM: usize = 2;
pub(crate) const BY_OFFICER: usize = 3;
pub(crate) const BY_PARK: usize = 4;

/// A fast hasher for small integer keys (the cells' dense indices).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // A key's u32s arrive as one slice of bytes: mixed a word at a time, not a byte at a
        // time (this was a third of a full report's time at 1M activities).
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.write_u64(u64::from_le_bytes(w.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
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

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

#[derive(Default)]
pub(crate) struct Cells {
    /// Each cell's key and metrics, by dense cell index.
    keys: Vec<Key>,
    metrics: Vec<Metrics>,
    index: FastMap<Key, u32>,
    /// Trips counted once per officer taking part (for the by-officer breakdown).
    /// By dense officer index; the last slot counts trips of an officer the facts do not
    /// know (`NONE`).
    pub(crate) trips_by_officer: Vec<u32>,
    /// Projects in each stage at the period's end (by `Stage as usize`, `Stage::ALL`'s order).
    pub(crate) stages: [u32; Stage::ALL.len()],
    /// Counting without breakdowns: the one cell every count goes to (no key is hashed).
    single: Option<usize>,
}

impl Cells {
    /// The dense index of the cell of `key` (created empty when new).
    fn slot(&mut self, key: Key) -> usize {
        let (keys, metrics) = (&mut self.keys, &mut self.metrics);
        *self.index.entry(key).or_insert_with(|| {
            keys.push(key);
            metrics.push(Metrics::default());
            keys.len() as u32 - 1
        }) as usize
    }

    pub(crate) fn cell(&mut self, key: Key) -> &mut Metrics {
        let i = match self.single {
            Some(total) => total,
            None => self.slot(key),
        };
        &mut self.metrics[i]
    }

    pub(crate) fn total(&self) -> Metrics {
        let mut t = Metrics::default();
        for m in &self.metrics {
            add(&mut t, m);
        }
        t
    }

    pub(crate) fn by(&self, axis: usize) -> FastMap<u32, Metrics> {
        let mut out: FastMap<u32, Metrics> = FastMap::default();
        for (k, m) in self.keys.iter().zip(&self.metrics) {
            add(out.entry(k[axis]).or_default(), m);
        }
        if axis == BY_OFFICER {
            for m in out.values_mut() {
                m.trips = 0;
            }
            let unknown = self.trips_by_officer.len().saturating_sub(1);
            for (officer, &n) in self.trips_by_officer.iter().enumerate() {
                if n > 0 {
                    let officer = if officer == unknown {
                        NONE
                    } else {
                        officer as u32
                    };
                    out.entry(officer).or_default().trips = n;
                }
            }
        }
        out
    }
}

/// Each project's cell, looked up once per count (a report touches a project's cell from its
/// contacts, its row and its stage changes).
struct ProjectCells {
    slots: Vec<u32>,
}

impl ProjectCells {
    fn get(&mut self, c: &mut Cells, i: usize, key: impl FnOnce() -> Key) -> usize {
        if let Some(total) = c.single {
            return total;
        }
        if self.slots[i] == NONE {
            self.slots[i] = c.slot(key()) as u32;
        }
        self.slots[i] as usize
    }
}

pub(crate) fn add(t: &mut Metrics, m: &Metrics) {
    t.trips += m.trips;
    t.contacted += m.contacted;
    t.companies_called += m.companies_called;
    t.signed += m.signed;
    t.signed_date_unknown += m.signed_date_unknown;
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
    t.started_new_investment += m.started_new_investment;
    t.started_resumed_investment += m.started_resumed_investment;
    t.started_date_unknown += m.started_date_unknown;
    t.continued += m.continued;
    t.continued_investment += m.continued_investment;
    t.not_started_at_end += m.not_started_at_end;
    t.not_started_investment += m.not_started_investment;
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
pub(crate) struct Filter {
    pub(crate) projects: Vec<bool>,
    pub(crate) regions: Option<HashSet<u32>>,
    pub(crate) teams: Option<HashSet<u32>>,
    pub(crate) officers: Option<HashSet<u32>>,
}

pub(crate) fn set(dict: &Dict, ids: &[String]) -> Option<HashSet<u32>> {
    (!ids.is_empty()).then(|| ids.iter().map(|id| dict.get(id)).collect())
}

impl Filter {
    pub(crate) fn new(f: &Facts, scope: &Scope) -> Filter {
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
                p.live
                    && within(&regions, p.region)
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
    pub(crate) fn activity(&self, a: &ActivityFact, with_region: bool) -> bool {
        (!with_region || self.regions.as_ref().is_none_or(|s| s.contains(&a.region)))
            && self.teams.as_ref().is_none_or(|s| s.contains(&a.team))
            && self
                .officers
                .as_ref()
                .is_none_or(|s| a.officers().iter().any(|o| s.contains(o)))
    }
}

pub(crate) fn cells(f: &Facts, scope: &Scope, period: Period, grouped: bool) -> Cells {
    let mut c = Cells::default();
    if !grouped {
        c.single = Some(c.slot(TOTAL));
    }
    let filter = Filter::new(f, scope);
    let (from, to) = (day(period.from), day(period.to));
    let pkey = |p: &ProjectFact| -> Key {
        if grouped {
            [p.region, p.industry, p.team, p.officer, p.park]
        } else {
            TOTAL
        }
    };

    // 招商次数.
    let n_officers = f.officers.len();
    if grouped {
        c.trips_by_officer = vec![0; n_officers + 1];
    }
    for t in Facts::day_range(&f.trips, |t| t.day, from, to) {
        if !filter.activity(t, true) {
            continue;
        }
        let key = if grouped {
            [t.region, NONE, t.team, NONE, NONE]
        } else {
            TOTAL
        };
        c.cell(key).trips += 1;
        if grouped {
            for &o in t.officers() {
                c.trips_by_officer[(o as usize).min(n_officers)] += 1;
            }
        }
    }

    // Companies reached by phone (by the activity's team/officers; on the total only).
    let mut called = vec![false; f.companies.len()];
    let mut n_called = 0;
    for call in Facts::day_range(&f.calls, |t| t.day, from, to) {
        if filter.activity(call, false) {
            for &co in call.companies() {
                if let Some(seen) = called.get_mut(co as usize) {
                    n_called += !std::mem::replace(seen, true) as u32;
                }
            }
        }
    }
    c.cell(TOTAL).companies_called += n_called;
    let mut cell_of = ProjectCells {
        slots: vec![NONE; f.projects.len()],
    };

    // 对接洽谈: distinct projects with an activity in the period.
    let mut seen = vec![false; f.projects.len()];
    for contact in Facts::day_range(&f.contacts, |x| x.day, from, to) {
        let i = contact.project as usize;
        if !seen[i] && filter.projects[i] {
            seen[i] = true;
            let k = cell_of.get(&mut c, i, || pkey(&f.projects[i]));
            c.metrics[k].contacted += 1;
        }
    }

    // Per project: first signing, 投产, and the stage at the period's start and end (the
    // project's cell is looked up once).
    let mut continued = vec![false; f.projects.len()];
    for (i, p) in f.projects.iter().enumerate() {
        if !filter.projects[i] {
            continue;
        }
        let signed = (from..=to).contains(&p.signed_on);
        let operating = (from..=to).contains(&p.operating_on);
        // 续建: under construction when the period began.
        let building = f.stage_at(p, from - 1) == Some(Stage::Started);
        let end = f.stage_at(p, to);
        if !(signed || operating || building || end.is_some()) {
            continue;
        }
        let k = cell_of.get(&mut c, i, || pkey(p));
        let m = &mut c.metrics[k];
        if signed {
            m.signed += 1;
            m.signed_investment += (p.total_investment - p.added_investment).max(0);
            m.signed_tiers.add(Tier::of(p.total_investment), 1);
            m.relocation_signed += p.relocation as u32;
            m.high_energy_signed += p.high_energy as u32;
            m.signed_by_video += f.video_days.contains(&(i as u32, p.signed_on)) as u32;
        }
        if operating {
            m.operating += 1;
            m.operating_investment += p.total_investment;
        }
        if building {
            continued[i] = true;
            m.continued += 1;
            m.continued_investment += p.total_investment;
        }
        let Some(stage) = end else {
            continue;
        };
        c.stages[stage as usize] += 1;
        match stage {
            Stage::Negotiating => m.negotiating_at_end += 1,
            Stage::Lead => m.lead_at_end += 1,
            _ => {}
        }
        if matches!(stage, Stage::Lead | Stage::Negotiating | Stage::Signed) {
            m.not_started_at_end += 1;
            m.not_started_investment += p.total_investment;
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
        let k = cell_of.get(&mut c, i, || pkey(p));
        let m = &mut c.metrics[k];
        if e.date_unknown {
            // Reached by this day at the latest: said beside the counts, never counted in them.
            let first = |stage: Stage| {
                f.events[p.events.start as usize..p.events.end as usize]
                    .iter()
                    .find(|x| x.stage == stage)
                    .is_some_and(|x| std::ptr::eq(x, e))
            };
            if e.stage == Stage::Signed && first(Stage::Signed) {
                m.signed_date_unknown += 1;
            }
            if e.stage == Stage::Started && first(Stage::Started) {
                m.started_date_unknown += 1;
            }
            continue;
        }
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
                ConstructionKind::New => {
                    m.started_new += 1;
                    m.started_new_investment += p.total_investment;
                }
                ConstructionKind::Continued => {
                    m.started_continued += 1;
                    if !std::mem::replace(&mut continued[i], true) {
                        m.continued += 1;
                        m.continued_investment += p.total_investment;
                    }
                }
                ConstructionKind::Resumed => {
                    m.started_resumed += 1;
                    m.started_resumed_investment += p.total_investment;
                }
            }
        }
    }
    c
}

/// Every metric of a scope and period, without breakdowns (used for 同比 and targets).
pub fn metrics(f: &Facts, scope: &Scope, period: Period) -> Metrics {
    cells(f, scope, period, false).total()
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

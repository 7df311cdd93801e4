//! The report engine (DESIGN.md §3): scope × period → every metric, computed with SQL over the
//! facts (activities, stage history, project rows); nothing is a stored counter.
//!
//! Each metric query groups its rows into *cells* keyed by (region group, industry, team,
//! officer) of the project (or, for trips, of the activity). Totals and every breakdown are sums
//! of cells, so one scan per metric serves the whole report. Counting rules:
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

use std::collections::HashMap;

use rusqlite::{params_from_iter, types::Value, Connection};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{ConstructionKind, Stage, Target, TargetMetric, Tier};
use crate::period::Period;
use crate::scope::{Scope, SqlWhere};

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
}

/// A cell key: (region group, industry, team, officer).
type Key = [Option<String>; 4];

#[derive(Default)]
struct Cells {
    map: HashMap<Key, Metrics>,
    /// Trips counted once per officer taking part (for the by-officer breakdown).
    trips_by_officer: HashMap<Option<String>, u32>,
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

    fn by(&self, axis: usize) -> HashMap<Option<String>, Metrics> {
        let mut out: HashMap<Option<String>, Metrics> = HashMap::new();
        for (k, m) in &self.map {
            add(out.entry(k[axis].clone()).or_default(), m);
        }
        if axis == 3 {
            for m in out.values_mut() {
                m.trips = 0;
            }
            for (officer, n) in &self.trips_by_officer {
                out.entry(officer.clone()).or_default().trips = *n;
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

const PROJECT_KEY: &str = "p.region_group_id, p.industry_id, p.team_id, p.officer_id";

fn project_where(scope: &Scope) -> SqlWhere {
    let mut w = SqlWhere::new();
    w.push("p.deleted_at IS NULL", []);
    scope.apply_to_projects(&mut w);
    w
}

fn range(p: Period) -> [Value; 2] {
    [
        Value::from(p.from.to_string()),
        Value::from(p.to.to_string()),
    ]
}

/// Runs `sql` (which must select the 4 key columns first) and hands each row to `f`.
fn each_row(
    conn: &Connection,
    sql: &str,
    params: Vec<Value>,
    mut f: impl FnMut(Key, &rusqlite::Row) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(r) = rows.next()? {
        let key: Key = [r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?];
        f(key, r)?;
    }
    Ok(())
}

fn cells(conn: &Connection, scope: &Scope, period: Period, grouped: bool) -> Result<Cells> {
    let mut c = Cells::default();
    // Without breakdowns every key is NULL: one group, no sorting.
    let pkey = if grouped {
        PROJECT_KEY
    } else {
        "NULL, NULL, NULL, NULL"
    };
    let akey = if grouped {
        "a.region_group_id, NULL, a.team_id, NULL"
    } else {
        "NULL, NULL, NULL, NULL"
    };
    let skey = if grouped {
        "region_group_id, industry_id, team_id, officer_id"
    } else {
        "NULL, NULL, NULL, NULL"
    };
    let pw = project_where(scope);
    let pw_sql = pw.sql();
    let pw_params = pw.into_params();
    let with = |first: &[Value]| -> Vec<Value> {
        let mut v = first.to_vec();
        v.extend(pw_params.iter().cloned());
        v
    };

    // 招商次数: by (destination region group, -, team, -), and per officer.
    let mut aw = SqlWhere::new();
    aw.push(
        "a.deleted_at IS NULL AND a.kind = 'outbound_trip' AND a.occurred_on BETWEEN ? AND ?",
        range(period),
    );
    scope.apply_to_activities(&mut aw);
    let aw_sql = aw.sql();
    let aw_params = aw.into_params();
    each_row(
        conn,
        &format!("SELECT {akey}, COUNT(*) FROM activities a WHERE {aw_sql} GROUP BY {akey}"),
        aw_params.clone(),
        |k, r| {
            c.cell(k).trips += r.get::<_, u32>(4)?;
            Ok(())
        },
    )?;
    if grouped {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT ao.officer_id, COUNT(*) FROM activities a
             JOIN activity_officers ao ON ao.activity_id = a.id
             WHERE {aw_sql} GROUP BY ao.officer_id"
        ))?;
        let mut rows = stmt.query(params_from_iter(aw_params))?;
        while let Some(r) = rows.next()? {
            c.trips_by_officer.insert(r.get(0)?, r.get(1)?);
        }
    }

    // 对接洽谈: distinct projects with an activity in the period.
    each_row(
        conn,
        &format!(
            "SELECT {pkey}, COUNT(*) FROM projects p
             WHERE p.id IN (SELECT project_id FROM activity_projects
                            WHERE deleted_at IS NULL AND occurred_on BETWEEN ? AND ?)
               AND {pw_sql}
             GROUP BY {pkey}"
        ),
        with(&range(period)),
        |k, r| {
            c.cell(k).contacted += r.get::<_, u32>(4)?;
            Ok(())
        },
    )?;

    // Companies reached by phone (by the activity's team/officers; counted on the total only).
    {
        let mut cw = SqlWhere::new();
        cw.push(
            "a.deleted_at IS NULL AND a.kind = 'call' AND a.occurred_on BETWEEN ? AND ?",
            range(period),
        );
        let mut ts = scope.clone();
        ts.region_group_ids.clear();
        ts.apply_to_activities(&mut cw);
        let n: u32 = conn.query_row(
            &format!(
                "SELECT COUNT(DISTINCT ac.company_id) FROM activities a
                 JOIN activity_companies ac ON ac.activity_id = a.id WHERE {}",
                cw.sql()
            ),
            params_from_iter(cw.params()),
            |r| r.get(0),
        )?;
        c.cell([None, None, None, None]).companies_called += n;
    }

    // 签约 (first signings), with bands, flags and 云签约.
    each_row(
        conn,
        &format!(
            "SELECT {pkey}, p.total_investment, p.added_investment, p.relocation,
                    p.high_energy,
                    EXISTS(SELECT 1 FROM activity_projects ap JOIN activities a ON a.id = ap.activity_id
                           WHERE ap.project_id = p.id AND ap.deleted_at IS NULL
                             AND ap.occurred_on = p.signed_on AND a.kind = 'video_meeting')
             FROM projects p WHERE p.signed_on BETWEEN ? AND ? AND {pw_sql}"
        ),
        with(&range(period)),
        |k, r| {
            let total: i64 = r.get(4)?;
            let added: i64 = r.get(5)?;
            let m = c.cell(k);
            m.signed += 1;
            m.signed_investment += (total - added).max(0);
            m.signed_tiers.add(Tier::of(total), 1);
            m.relocation_signed += r.get::<_, bool>(6)? as u32;
            m.high_energy_signed += r.get::<_, bool>(7)? as u32;
            m.signed_by_video += r.get::<_, bool>(8)? as u32;
            Ok(())
        },
    )?;

    // 升格 and 增资 in the period: 签约 rows that are not a first signing, and increments.
    each_row(
        conn,
        &format!(
            "SELECT {pkey},
                    SUM(s.to_stage = 'signed' AND NOT (s.changed_on = p.signed_on AND s.id = (
                        SELECT f.id FROM stage_changes f WHERE f.project_id = p.id
                          AND f.deleted_at IS NULL AND f.to_stage = 'signed'
                        ORDER BY f.changed_on, f.created_at, f.id LIMIT 1))),
                    SUM(s.added_investment)
             FROM stage_changes s JOIN projects p ON p.id = s.project_id
             WHERE s.deleted_at IS NULL AND s.changed_on BETWEEN ? AND ?
               AND (s.to_stage = 'signed' OR s.added_investment > 0) AND {pw_sql}
             GROUP BY {pkey}"
        ),
        with(&range(period)),
        |k, r| {
            let m = c.cell(k);
            m.upgraded += r.get::<_, Option<u32>>(4)?.unwrap_or(0);
            let added: i64 = r.get::<_, Option<i64>>(5)?.unwrap_or(0);
            m.added_investment += added;
            m.signed_investment += added;
            Ok(())
        },
    )?;

    // 开工: first 开工 change of each project within the period decides its kind.
    each_row(
        conn,
        &format!(
            "SELECT {pkey}, s.construction_kind, MIN(s.changed_on || s.created_at),
                    p.total_investment
             FROM stage_changes s JOIN projects p ON p.id = s.project_id
             WHERE s.deleted_at IS NULL AND s.to_stage = 'started'
               AND s.changed_on BETWEEN ? AND ? AND {pw_sql}
             GROUP BY s.project_id"
        ),
        with(&range(period)),
        |k, r| {
            let kind: Option<ConstructionKind> = r.get(4)?;
            let m = c.cell(k);
            m.started += 1;
            m.started_investment += r.get::<_, i64>(6)?;
            match kind.unwrap_or(ConstructionKind::New) {
                ConstructionKind::New => m.started_new += 1,
                ConstructionKind::Continued => m.started_continued += 1,
                ConstructionKind::Resumed => m.started_resumed += 1,
            }
            Ok(())
        },
    )?;

    // 投产.
    each_row(
        conn,
        &format!(
            "SELECT {pkey}, COUNT(*), SUM(p.total_investment) FROM projects p
             WHERE p.operating_on BETWEEN ? AND ? AND {pw_sql} GROUP BY {pkey}"
        ),
        with(&range(period)),
        |k, r| {
            let m = c.cell(k);
            m.operating += r.get::<_, u32>(4)?;
            m.operating_investment += r.get::<_, i64>(5)?;
            Ok(())
        },
    )?;

    // Stage at the period's end: the cached stage when nothing changed after the end, else
    // the latest change on or before it (NULL: the project did not exist yet).
    let end = Value::from(period.to.to_string());
    each_row(
        conn,
        &format!(
            "SELECT {skey}, stage_at_end, key_project, relocation,
                    COUNT(*), SUM(total_investment), SUM(total_investment >= 1000000000),
                    SUM(total_investment >= 100000000 AND total_investment < 1000000000),
                    SUM(total_investment >= 50000000 AND total_investment < 100000000)
             FROM (SELECT p.region_group_id, p.industry_id, p.team_id, p.officer_id,
                          p.key_project, p.relocation, p.total_investment,
                          CASE WHEN p.stage_since <= ?1 THEN p.stage ELSE
                            (SELECT s.to_stage FROM stage_changes s
                             WHERE s.project_id = p.id AND s.deleted_at IS NULL AND s.changed_on <= ?1
                             ORDER BY s.changed_on DESC, s.created_at DESC, s.id DESC LIMIT 1)
                          END AS stage_at_end
                   FROM projects p WHERE {pw_sql})
             WHERE stage_at_end IS NOT NULL
             GROUP BY {skey}, stage_at_end, key_project, relocation"
        )
        .replace("?1", "?"),
        {
            let mut v = vec![end.clone(), end];
            v.extend(pw_params.iter().cloned());
            v
        },
        |k, r| {
            let stage: Stage = r.get(4)?;
            let key: bool = r.get(5)?;
            let relocation: bool = r.get(6)?;
            let n: u32 = r.get(7)?;
            let sum: i64 = r.get(8)?;
            *c.stages.entry(stage).or_default() += n;
            let m = c.cell(k);
            match stage {
                Stage::Negotiating => m.negotiating_at_end += n,
                Stage::Lead => m.lead_at_end += n,
                _ => {}
            }
            if relocation && matches!(stage, Stage::Lead | Stage::Negotiating) {
                m.relocation_pipeline += n;
            }
            if key && stage != Stage::Dropped {
                m.key_projects += n;
                m.key_investment += sum;
                let (t10, t1, t5): (u32, u32, u32) = (r.get(9)?, r.get(10)?, r.get(11)?);
                m.key_tiers.over_10yi += t10;
                m.key_tiers.over_1yi += t1;
                m.key_tiers.over_5000wan += t5;
                m.key_tiers.under_5000wan += n - t10 - t1 - t5;
            }
            Ok(())
        },
    )?;
    Ok(c)
}

/// Every metric of a scope and period, without breakdowns (cheap: used for 同比 and targets).
pub fn metrics(conn: &Connection, scope: &Scope, period: Period) -> Result<Metrics> {
    Ok(cells(conn, scope, period, false)?.total())
}

fn names(conn: &Connection, table: &str) -> Result<HashMap<String, (String, i64)>> {
    let order = if table == "officers" {
        "0"
    } else {
        "sort_order"
    };
    let mut stmt = conn.prepare(&format!("SELECT id, name, {order} FROM {table}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn breakdown(
    conn: &Connection,
    cells: &Cells,
    axis: usize,
    table: &str,
    total: &Metrics,
) -> Result<Vec<BreakdownRow>> {
    let names = names(conn, table)?;
    let mut rows: Vec<(i64, BreakdownRow)> = cells
        .by(axis)
        .into_iter()
        .map(|(id, m)| {
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

fn monthly(conn: &Connection, scope: &Scope, period: Period) -> Result<Vec<MonthPoint>> {
    // Months are few (≤ 12 for a year report); each month is cheap but not free, so a report
    // spanning more than 36 months gets no trend.
    let months = period.months();
    if months.len() > 36 {
        return Ok(Vec::new());
    }
    let pw = project_where(scope);
    let mut aw = SqlWhere::new();
    aw.push(
        "a.deleted_at IS NULL AND a.kind = 'outbound_trip' AND a.occurred_on BETWEEN ? AND ?",
        range(period),
    );
    scope.apply_to_activities(&mut aw);
    let group = |sql: String, params: Vec<Value>| -> Result<HashMap<String, (u32, i64)>> {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get(1)?, r.get::<_, Option<i64>>(2)?.unwrap_or(0)),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mut pparams: Vec<Value> = range(period).to_vec();
    pparams.extend(pw.params().cloned());
    let trips = group(
        format!(
            "SELECT substr(a.occurred_on, 1, 7), COUNT(*), 0 FROM activities a WHERE {} GROUP BY 1",
            aw.sql()
        ),
        aw.into_params(),
    )?;
    let contacted = group(
        format!(
            "SELECT m, COUNT(*), 0 FROM (SELECT DISTINCT substr(ap.occurred_on, 1, 7) AS m, ap.project_id
               FROM activity_projects ap JOIN projects p ON p.id = ap.project_id
               WHERE ap.deleted_at IS NULL AND ap.occurred_on BETWEEN ? AND ? AND {}) GROUP BY m",
            pw.sql()
        ),
        pparams.clone(),
    )?;
    let signed = group(
        format!(
            "SELECT substr(p.signed_on, 1, 7), COUNT(*), SUM(MAX(p.total_investment - p.added_investment, 0))
             FROM projects p WHERE p.signed_on BETWEEN ? AND ? AND {} GROUP BY 1",
            pw.sql()
        ),
        pparams.clone(),
    )?;
    let started = group(
        format!(
            "SELECT m, COUNT(*), 0 FROM (SELECT DISTINCT substr(s.changed_on, 1, 7) AS m, s.project_id
               FROM stage_changes s JOIN projects p ON p.id = s.project_id
               WHERE s.deleted_at IS NULL AND s.to_stage = 'started'
                 AND s.changed_on BETWEEN ? AND ? AND {}) GROUP BY m",
            pw.sql()
        ),
        pparams,
    )?;
    Ok(months
        .iter()
        .map(|m| {
            let key = m.from.format("%Y-%m").to_string();
            let get = |h: &HashMap<String, (u32, i64)>| h.get(&key).copied().unwrap_or((0, 0));
            MonthPoint {
                trips: get(&trips).0,
                contacted: get(&contacted).0,
                signed: get(&signed).0,
                signed_investment: get(&signed).1,
                started: get(&started).0,
                month: key,
            }
        })
        .collect())
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

fn target_progress(conn: &Connection, query: &ReportQuery) -> Result<Vec<TargetProgress>> {
    use chrono::Datelike;
    let year = query.period.to.year();
    let targets = crate::targets::list(conn, Some(year))?;
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
            cache.insert(key.clone(), metrics(conn, &scope, period)?);
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

pub fn report(conn: &Connection, query: &ReportQuery) -> Result<Report> {
    let period = Period::new(query.period.from, query.period.to)?;
    let cells = cells(conn, &query.scope, period, true)?;
    let metrics = cells.total();
    let previous_year = self::metrics(conn, &query.scope, period.year_before())?;
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
    let targets = target_progress(conn, query)?;
    let briefing = briefing(period, &region_names, &team_names, &metrics);
    let briefing_details = briefing_details(&metrics, &previous_year, &targets);
    Ok(Report {
        by_region_group: breakdown(conn, &cells, 0, "region_groups", &metrics)?,
        by_industry: breakdown(conn, &cells, 1, "industries", &metrics)?,
        by_team: breakdown(conn, &cells, 2, "teams", &metrics)?,
        by_officer: breakdown(conn, &cells, 3, "officers", &metrics)?,
        monthly: monthly(conn, &query.scope, period)?,
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
    })
}

/// The sentence an office puts in its briefing.
pub fn briefing(period: Period, regions: &[String], teams: &[String], m: &Metrics) -> String {
    let who = teams.join("、");
    let toward = if regions.is_empty() {
        "外出招商".to_string()
    } else {
        format!("面向{}招商", regions.join("、"))
    };
    format!(
        "{who}{}，{toward}{}次，对接洽谈项目{}个，{}个项目签约，落地开工项目{}个。",
        period.briefing_label(),
        m.trips,
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

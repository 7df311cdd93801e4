//! The report an office publishes: the metrics with their breakdowns by region, industry and
//! team, the months, progress against annual targets, 同比 and the briefing.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::{Stage, Target, TargetMetric};
use crate::reports::briefing::*;
use crate::reports::facts::{day, Dict, Facts};
use crate::reports::metrics::*;
use crate::reports::period::Period;
use crate::reports::scope::Scope;
use crate::reports::year_on_year;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportQuery {
    pub period: Period,
    #[serde(default)]
    pub scope: Scope,
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
pub struct Report {
    pub query: ReportQuery,
    pub metrics: Metrics,
    /// Same scope, same days one year earlier (同比).
    pub previous_year: Metrics,
    /// 同比 of the headline figures, in percent (`year_on_year.rs`).
    #[serde(default)]
    pub year_on_year: year_on_year::YearOnYear,
    pub by_region_group: Vec<BreakdownRow>,
    pub by_industry: Vec<BreakdownRow>,
    /// By 产业链: each chain's industries together (projects of an industry in no chain: 未填写).
    pub by_chain: Vec<BreakdownRow>,
    /// By 园区 (the park each project names).
    pub by_park: Vec<BreakdownRow>,
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
    pub devices: Vec<crate::sync::devices::SyncDevice>,
    /// 年度计划投资, 完成投资 and 完成率 of the period's year, with shares (`plans.rs`).
    #[serde(default)]
    pub investment_plan: crate::reports::plans::InvestmentPlan,
}

pub(crate) fn names(conn: &Connection, table: &str) -> Result<HashMap<String, (String, i64)>> {
    let order = if table == "officers" {
        "0"
    } else {
        "sort_order"
    };
    // Projects name their park (the facts key parks by name); the list gives the order.
    let (key, live) = if table == "parks" {
        ("name", " WHERE deleted_at IS NULL")
    } else {
        ("id", "")
    };
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {key}, name, {order} FROM {table}{live}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn breakdown(
    conn: &Connection,
    groups: FastMap<u32, Metrics>,
    dict: &Dict,
    table: &str,
    total: &Metrics,
) -> Result<Vec<BreakdownRow>> {
    let names = names(conn, table)?;
    let mut rows: Vec<(i64, BreakdownRow)> = groups
        .into_iter()
        .map(|(k, m)| {
            let id = dict.id(k).map(str::to_string);
            let (label, order) = match &id {
                Some(id) => names.get(id).cloned().unwrap_or_else(|| {
                    // A park is named on its projects; one not (or no longer) on the list
                    // shows under its name.
                    let label = if table == "parks" {
                        id
                    } else {
                        "（已删除）"
                    };
                    (label.to_string(), i64::MAX - 1)
                }),
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

/// The by-industry cells gathered into their 产业链.
pub(crate) fn by_chain(f: &Facts, cells: &Cells) -> FastMap<u32, Metrics> {
    let mut out: FastMap<u32, Metrics> = FastMap::default();
    for (industry, m) in cells.by(BY_INDUSTRY) {
        let chain = f
            .industry_chain
            .get(industry as usize)
            .copied()
            .unwrap_or(crate::reports::facts::NONE);
        add(out.entry(chain).or_default(), &m);
    }
    out
}

pub(crate) fn monthly(f: &Facts, scope: &Scope, period: Period) -> Vec<MonthPoint> {
    let months = period.months();
    if months.len() > 36 {
        return Vec::new();
    }
    let filter = Filter::new(f, scope);
    let (from, to) = (day(period.from), day(period.to));
    let starts: Vec<i32> = months.iter().map(|m| day(m.from)).collect();
    // Each day of the period's month, looked up (every call is for a day inside the period).
    let months_by_day: Vec<u8> = (from..=to)
        .map(|d| (starts.partition_point(|&s| s <= d) - 1) as u8)
        .collect();
    let month_of = |d: i32| months_by_day[(d - from) as usize] as usize;
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
    // Contacts and stage changes come sorted by day: a project counts in a month once when
    // the month it last counted in is an earlier one.
    let mut counted_in = vec![usize::MAX; f.projects.len()];
    for c in Facts::day_range(&f.contacts, |x| x.day, from, to) {
        let (month, p) = (month_of(c.day), c.project as usize);
        if filter.projects[p] && std::mem::replace(&mut counted_in[p], month) != month {
            points[month].contacted += 1;
        }
    }
    for (i, p) in f.projects.iter().enumerate() {
        if filter.projects[i] && (from..=to).contains(&p.signed_on) {
            let m = &mut points[month_of(p.signed_on)];
            m.signed += 1;
            m.signed_investment += (p.total_investment - p.added_investment).max(0);
        }
    }
    let mut started_in = vec![usize::MAX; f.projects.len()];
    for &e in Facts::day_range(&f.events_by_day, |&e| f.events[e as usize].day, from, to) {
        let e = &f.events[e as usize];
        let (month, p) = (month_of(e.day), e.project as usize);
        if e.stage == Stage::Started
            && !e.date_unknown
            && filter.projects[p]
            && std::mem::replace(&mut started_in[p], month) != month
        {
            points[month].started += 1;
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
pub(crate) fn project_only_filters(s: &Scope) -> bool {
    !s.industry_ids.is_empty()
        || !s.parks.is_empty()
        || s.enclave.is_some()
        || s.relocation.is_some()
        || s.key_project.is_some()
        || s.high_energy.is_some()
        || !s.officer_ids.is_empty()
}

pub(crate) fn target_progress(
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

pub(crate) fn target_label(t: &Target) -> String {
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
            count: cells.stages[*s as usize],
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
    let mut briefing_details = briefing_details(&metrics, &previous_year, &targets);
    let year_on_year = year_on_year::YearOnYear::of(&metrics, &previous_year);
    let by_chain = breakdown(
        conn,
        self::by_chain(f, &cells),
        &f.chains,
        "industry_chains",
        &metrics,
    )?;
    let by_park = breakdown(conn, cells.by(BY_PARK), &f.parks, "parks", &metrics)?;
    briefing_details.extend(key_project_details(&by_park, &by_chain, &metrics));
    let investment_plan = crate::reports::plans::investment_plan(conn, &query.scope, period)?;
    let briefing_details: Vec<String> = briefing_details
        .into_iter()
        .chain(investment_plan.sentence())
        .collect();
    Ok(Report {
        by_region_group: breakdown(
            conn,
            cells.by(BY_REGION),
            &f.regions,
            "region_groups",
            &metrics,
        )?,
        by_industry: breakdown(
            conn,
            cells.by(BY_INDUSTRY),
            &f.industries,
            "industries",
            &metrics,
        )?,
        by_chain,
        by_park,
        by_team: breakdown(conn, cells.by(BY_TEAM), &f.teams, "teams", &metrics)?,
        by_officer: breakdown(
            conn,
            cells.by(BY_OFFICER),
            &f.officers,
            "officers",
            &metrics,
        )?,
        monthly: monthly(f, &query.scope, period),
        query: ReportQuery {
            period,
            scope: query.scope.clone(),
        },
        metrics,
        previous_year,
        year_on_year,
        stages_at_end,
        targets,
        briefing,
        briefing_details,
        devices: crate::sync::devices::devices(conn)?,
        investment_plan,
    })
}

impl Ledger {
    // ── reports and reminders ────────────────────────────────────────────────────────────
    pub fn report(&self, query: &ReportQuery) -> Result<Report> {
        report(self.connection(), &*self.facts()?, query)
    }

    /// Every metric of one scope and period, without breakdowns.
    pub fn metrics(&self, scope: &crate::Scope, period: crate::Period) -> Result<crate::Metrics> {
        Ok(metrics(&*self.facts()?, scope, period))
    }
}

impl Ledger {
    /// The period a dashboard should open on: this year to date when the ledger has facts this
    /// year, else the half-year (or year) holding the latest fact (a demo or an old ledger).
    pub fn suggested_period(&self) -> Result<crate::Period> {
        use chrono::Datelike;
        let today = self.today();
        let latest: Option<NaiveDate> = self.connection().query_row(
            "SELECT MAX(d) FROM (
                SELECT MAX(occurred_on) AS d FROM activities WHERE deleted_at IS NULL
                UNION ALL SELECT MAX(changed_on) FROM stage_changes WHERE deleted_at IS NULL)",
            [],
            |r| r.get(0),
        )?;
        let year_start = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).expect("date");
        Ok(match latest {
            Some(d) if d.year() < today.year() => {
                let end_month = if d.month() <= 6 { 6 } else { 12 };
                crate::Period {
                    from: year_start(d.year()),
                    to: crate::reports::period::month_end(d.year(), end_month),
                }
            }
            _ => crate::Period {
                from: year_start(today.year()),
                to: today,
            },
        })
    }
}

//! 年度计划投资 and 完成投资 of a scope for a year and a period (docs/DOMAIN.md «A project's
//! years»), from the projects' years (`projects::years`):
//! - the year is the period's last day's year; the months counted run from the period's first
//!   month in that year (January when it begins in an earlier year) to its last month;
//! - 年度计划投资: the sum of the plans of the scope's projects for that year;
//! - 完成投资 (cumulative): each project's 年初至月末 figure at the period's last month, or at the
//!   latest month before it that was reported (a cumulative figure never goes down);
//! - 完成投资 in the period: that figure less the one at the month before the period began
//!   (equal to the cumulative figure for a period that begins in January);
//! - 完成率 = 完成投资 (cumulative) ÷ 年度计划投资, over the same projects;
//! - shares: each industry's, chain's and park's part of the year's 年度计划投资.

use chrono::Datelike;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::reports::period::Period;
use crate::reports::scope::{Scope, SqlWhere};
use crate::util::zh_money;

/// One group (an industry, a chain, a park) of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanShare {
    /// Id of the industry or chain; the park's name for a park; None: not filled in.
    pub id: Option<String>,
    pub label: String,
    /// Projects of the group with this year.
    pub projects: u32,
    pub planned: i64,
    /// Part of the year's whole 年度计划投资 (0–1).
    pub planned_share: f64,
    /// 完成投资 at the period's last month (cumulative within the year).
    pub completed: i64,
    /// `completed ÷ planned` (0 when nothing is planned).
    pub completion_rate: f64,
}

/// One project's year in the plan (the 调度表's rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanLine {
    pub project_id: String,
    pub project_name: String,
    pub industry: Option<String>,
    pub park: Option<String>,
    pub planned: Option<i64>,
    /// 完成投资 at the period's last month (cumulative within the year).
    pub completed: i64,
    /// `completed ÷ planned` (None without a plan).
    pub completion_rate: Option<f64>,
    /// 形象进度.
    pub progress: Option<String>,
}

/// The plan figures of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvestmentPlan {
    pub year: i32,
    /// The months counted, 1–12: from the period's first month in `year` to its last.
    pub from_month: u32,
    pub to_month: u32,
    /// «1-6月», «4-6月», «1月».
    pub months_label: String,
    /// Projects of the scope with this year filled in (a plan, a figure or 形象进度).
    pub projects: u32,
    /// Of which with a 年度计划投资.
    pub planned_projects: u32,
    pub planned: i64,
    /// 完成投资 from 1 January to the end of `to_month`.
    pub completed: i64,
    /// 完成投资 within the months `from_month`–`to_month`.
    pub completed_in_period: i64,
    /// `completed ÷ planned` (0 when nothing is planned).
    pub completion_rate: f64,
    pub by_industry: Vec<PlanShare>,
    pub by_chain: Vec<PlanShare>,
    pub by_park: Vec<PlanShare>,
    /// Each project's year, largest plan first.
    pub lines: Vec<PlanLine>,
}

/// One project's year as the plan counts it.
struct Line {
    project_id: String,
    project_name: String,
    progress: Option<String>,
    industry: Option<String>,
    chain: Option<String>,
    park: Option<String>,
    planned: Option<i64>,
    /// Cumulative at the period's last month and at the month before it began.
    at_end: i64,
    before: i64,
}

fn cumulative(months: &[Option<i64>], month: u32) -> i64 {
    (1..=month.min(12))
        .rev()
        .find_map(|m| months.get(m as usize - 1).copied().flatten())
        .unwrap_or(0)
}

fn ratio(a: i64, b: i64) -> f64 {
    if b > 0 {
        a as f64 / b as f64
    } else {
        0.0
    }
}

/// «1-6月» for months `from`–`to`.
pub fn months_label(from: u32, to: u32) -> String {
    if from == to {
        format!("{to}月")
    } else {
        format!("{from}-{to}月")
    }
}

/// The plan figures of `scope` for `period`'s year and months.
pub fn investment_plan(conn: &Connection, scope: &Scope, period: Period) -> Result<InvestmentPlan> {
    let year = period.to.year();
    let from_month = if period.from.year() == year {
        period.from.month()
    } else {
        1
    };
    let to_month = period.to.month();
    let mut w = SqlWhere::new();
    w.push("p.deleted_at IS NULL", []);
    scope.apply_to_projects(&mut w);
    let sql = format!(
        "SELECT p.industry_id, i.chain_id, p.park, y.planned_investment, y.completed_by_month,
            p.id, p.name, y.progress
         FROM project_years y JOIN projects p ON p.id = y.project_id
         LEFT JOIN industries i ON i.id = p.industry_id
         WHERE y.deleted_at IS NULL AND y.year = {year} AND {}",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let lines: Vec<Line> = stmt
        .query_map(params_from_iter(w.params()), |r| {
            let months: Vec<Option<i64>> = r
                .get::<_, Option<String>>(4)?
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            Ok(Line {
                project_id: r.get(5)?,
                project_name: r.get(6)?,
                progress: r.get(7)?,
                industry: r.get(0)?,
                chain: r.get(1)?,
                park: r.get(2)?,
                planned: r.get(3)?,
                at_end: cumulative(&months, to_month),
                before: if from_month > 1 {
                    cumulative(&months, from_month - 1)
                } else {
                    0
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let planned: i64 = lines.iter().filter_map(|l| l.planned).sum();
    let completed: i64 = lines.iter().map(|l| l.at_end).sum();
    let names = |table: &str| names(conn, table);
    let by = |key: fn(&Line) -> Option<String>,
              names: &std::collections::HashMap<String, (String, i64)>| {
        group(&lines, key, planned, |id| {
            names
                .get(id)
                .cloned()
                .unwrap_or_else(|| ("（已删除）".into(), i64::MAX - 1))
        })
    };
    let industries = names("industries")?;
    let mut plan_lines: Vec<PlanLine> = lines
        .iter()
        .map(|l| PlanLine {
            project_id: l.project_id.clone(),
            project_name: l.project_name.clone(),
            industry: l
                .industry
                .as_ref()
                .and_then(|i| industries.get(i))
                .map(|(n, _)| n.clone()),
            park: l.park.clone(),
            planned: l.planned,
            completed: l.at_end,
            completion_rate: l.planned.filter(|p| *p > 0).map(|p| ratio(l.at_end, p)),
            progress: l.progress.clone(),
        })
        .collect();
    plan_lines.sort_by(|a, b| {
        b.planned
            .cmp(&a.planned)
            .then(a.project_name.cmp(&b.project_name))
    });
    let chains = names("industry_chains")?;
    let parks = park_order(conn)?;
    Ok(InvestmentPlan {
        year,
        from_month,
        to_month,
        months_label: months_label(from_month, to_month),
        projects: lines.len() as u32,
        planned_projects: lines.iter().filter(|l| l.planned.is_some()).count() as u32,
        planned,
        completed,
        completed_in_period: lines.iter().map(|l| l.at_end - l.before).sum(),
        completion_rate: ratio(completed, planned),
        by_industry: by(|l| l.industry.clone(), &industries),
        by_chain: by(|l| l.chain.clone(), &chains),
        lines: plan_lines,
        by_park: group(
            &lines,
            |l| l.park.clone(),
            planned,
            |name| {
                (
                    name.to_string(),
                    parks.get(name).copied().unwrap_or(i64::MAX - 2),
                )
            },
        ),
    })
}

/// Id → (name, list order) of a reference list (industries, industry_chains).
fn names(
    conn: &Connection,
    table: &str,
) -> Result<std::collections::HashMap<String, (String, i64)>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT id, name, sort_order FROM {table}"))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The office's park list order (parks named on projects but not in the list come after).
fn park_order(conn: &Connection) -> Result<std::collections::HashMap<String, i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, sort_order FROM parks WHERE deleted_at IS NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn group(
    lines: &[Line],
    key: impl Fn(&Line) -> Option<String>,
    total_planned: i64,
    name: impl Fn(&str) -> (String, i64),
) -> Vec<PlanShare> {
    let mut groups: std::collections::BTreeMap<Option<String>, PlanShare> = Default::default();
    for l in lines {
        let k = key(l);
        let g = groups.entry(k.clone()).or_insert_with(|| PlanShare {
            id: k,
            ..Default::default()
        });
        g.projects += 1;
        g.planned += l.planned.unwrap_or(0);
        g.completed += l.at_end;
    }
    let mut rows: Vec<(i64, PlanShare)> = groups
        .into_values()
        .map(|mut g| {
            let (label, order) = match &g.id {
                Some(id) => name(id),
                None => ("未填写".to_string(), i64::MAX),
            };
            g.label = label;
            g.planned_share = ratio(g.planned, total_planned);
            g.completion_rate = ratio(g.completed, g.planned);
            (order, g)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.label.cmp(&b.1.label)));
    rows.into_iter().map(|(_, g)| g).collect()
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

impl InvestmentPlan {
    /// The briefing's sentence: «年度计划投资X亿元，1-6月完成投资Y亿元，完成率Z%。» (None when
    /// no project has a plan or a figure for the year).
    pub fn sentence(&self) -> Option<String> {
        if self.planned == 0 && self.completed == 0 {
            return None;
        }
        let done = if self.from_month > 1 {
            format!(
                "{}完成投资{}（年初累计{}）",
                self.months_label,
                zh_money(self.completed_in_period),
                zh_money(self.completed)
            )
        } else {
            format!("{}完成投资{}", self.months_label, zh_money(self.completed))
        };
        Some(if self.planned > 0 {
            format!(
                "{}个项目年度计划投资{}，{done}，完成率{}。",
                self.planned_projects,
                zh_money(self.planned),
                percent(self.completion_rate)
            )
        } else {
            format!("{done}。")
        })
    }

    /// «计划投资X亿元，其中新能源项目计划投资Y亿元，占全部计划投资的Z%。» for one group.
    pub fn share_sentence(&self, group: &PlanShare) -> String {
        format!(
            "计划投资{}，其中{}项目计划投资{}，占全部计划投资的{}。",
            zh_money(self.planned),
            group.label,
            zh_money(group.planned),
            percent(group.planned_share)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_not_reported_takes_the_latest_figure_before_it() {
        let months = [None, None, Some(5), None, None, Some(9)];
        assert_eq!(cumulative(&months, 2), 0);
        assert_eq!(cumulative(&months, 4), 5);
        assert_eq!(cumulative(&months, 6), 9);
        assert_eq!(cumulative(&months, 12), 9);
        assert_eq!(months_label(1, 6), "1-6月");
        assert_eq!(months_label(4, 4), "4月");
    }
}

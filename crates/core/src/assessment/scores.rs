//! 考核得分: the scores of officers and teams for a month or a year, computed from the ledger's
//! facts with the points table every time they are asked for (never stored), each point a
//! [`ScoreLine`] naming the activity, stage change or 交办单 that earned or cost it.
//!
//! The rules:
//! - **活动**: each live activity in the period gives its kind's points to *every* officer
//!   taking part (activity_officers): a trip by three officers is three officers' trip, as the
//!   offices' 比拼表 count it. An activity with a 带队领导 (activities.trip_leader not blank)
//!   adds 'activity:leader_led' to each of them.
//! - **阶段**: each live stage change in the period (date known; imported «不晚于» dates are not
//!   placed in a period) of a live project, to a stage with points, gives them to the project's
//!   责任人 (projects.officer_id, as it is now). A change to 签约 also gives the points of the
//!   project's 总投资 band ('tier:…', by its current 总投资).
//! - **扣分**: each live 交办单 assigned to the officer whose due date falls in the period and
//!   that was done after it, or is still open past it (at the period's end, or today for the
//!   running period), costs 'deduct:assignment_overdue' once.
//! - A team's score is the sum of its officers' scores, by each officer's *current* team (an
//!   officer who moved takes his points with him). Retired or deleted officers keep the points
//!   their facts earned; officers with no points are listed only while on the staff.
//! - Points hang on activities and stage changes, not on companies: merging two companies does
//!   not change any score.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::points::{self, ASSIGNMENT_OVERDUE, LEADER_LED};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{ActivityKind, Stage, Tier};
use crate::reports::period::{month_end, Period};

/// A month (`month` 1–12) or a whole year (`month` None).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoreQuery {
    pub year: i32,
    pub month: Option<u32>,
}

impl ScoreQuery {
    pub fn period(self) -> Result<Period> {
        if !(2000..=2100).contains(&self.year) {
            return Err(Error::invalid(
                "year",
                format!("年份 {} 不在 2000–2100 之间。", self.year),
            ));
        }
        match self.month {
            None => Ok(Period::year(self.year)),
            Some(m) if (1..=12).contains(&m) => Ok(Period {
                from: NaiveDate::from_ymd_opt(self.year, m, 1).expect("valid month"),
                to: month_end(self.year, m),
            }),
            Some(m) => Err(Error::invalid(
                "month",
                format!("月份 {m} 不在 1–12 之间。"),
            )),
        }
    }

    /// "2026年11月" or "2026年".
    pub fn label(self) -> String {
        match self.month {
            Some(m) => format!("{}年{}月", self.year, m),
            None => format!("{}年", self.year),
        }
    }
}

/// What earned (or cost) a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ScoreSource {
    Activity,
    StageChange,
    Assignment,
}

/// One traced point: the fact, the rule, the points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoreLine {
    pub officer_id: String,
    pub source: ScoreSource,
    /// The activity's, stage change's or 交办单's id.
    pub source_id: String,
    pub date: NaiveDate,
    pub rule_id: String,
    pub points: f64,
    /// "外出招商：赴深圳考察（带队：张副县长）", "项目“光伏组件”签约", "交办单逾期：…".
    pub what: String,
}

/// Activities of one kind an officer took part in, and their points (leader bonus apart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KindCount {
    pub kind: ActivityKind,
    pub count: u32,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OfficerScore {
    pub officer_id: String,
    pub name: String,
    /// His current team (None: 未分组).
    pub team_id: Option<String>,
    pub retired_on: Option<NaiveDate>,
    /// One entry per activity kind, in `ActivityKind::ALL` order.
    pub activities: Vec<KindCount>,
    /// Trips with a 带队领导 and their bonus points.
    pub leader_led: u32,
    pub leader_points: f64,
    /// 活动得分: the kinds' points and the 带队领导 bonus together.
    pub activity_points: f64,
    /// Stage changes (and 签约 tiers) that scored, and their points.
    pub stage_changes: u32,
    pub stage_points: f64,
    /// Overdue 交办单 and the points they cost (≤ 0).
    pub overdue: u32,
    pub deductions: f64,
    pub total: f64,
    /// 1-based, ties share a rank (1, 1, 3).
    pub rank: u32,
    /// Every point, by date: they sum to `total` (empty from [`Scores::without_lines`]).
    pub lines: Vec<ScoreLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TeamScore {
    /// None: officers without a team (未分组).
    pub team_id: Option<String>,
    pub name: String,
    pub officers: u32,
    pub total: f64,
    pub rank: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Scores {
    pub query: ScoreQuery,
    pub period: Period,
    /// "2026年11月".
    pub label: String,
    /// Ranked, best first.
    pub officers: Vec<OfficerScore>,
    /// Ranked, best first.
    pub teams: Vec<TeamScore>,
}

impl Scores {
    /// The ranking without the traced lines (the screen asks for one officer's lines when he
    /// is clicked, so a year of a large office is not sent whole).
    pub fn without_lines(mut self) -> Scores {
        for o in &mut self.officers {
            o.lines = Vec::new();
        }
        self
    }
}

/// Rounds away float noise from sums of half points.
fn tidy(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

fn activity_lines(
    conn: &Connection,
    p: Period,
    only: Option<&str>,
    pts: &HashMap<String, f64>,
    out: &mut Vec<ScoreLine>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.kind, a.occurred_on, COALESCE(a.summary, ''), TRIM(COALESCE(a.trip_leader, '')),
                ao.officer_id
         FROM activities a JOIN activity_officers ao ON ao.activity_id = a.id
         WHERE a.deleted_at IS NULL AND a.occurred_on BETWEEN ?1 AND ?2
           AND (?3 IS NULL OR ao.officer_id = ?3)
         ORDER BY a.occurred_on, a.id, ao.position",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![p.from.to_string(), p.to.to_string(), only],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    for row in rows {
        let (id, kind, on, summary, leader, officer) = row?;
        let (Some(kind), Some(date)) = (ActivityKind::from_code(&kind), day(&on)) else {
            continue;
        };
        let summary: String = summary.chars().take(40).collect();
        let what = if summary.is_empty() {
            kind.label().to_string()
        } else {
            format!("{}：{summary}", kind.label())
        };
        let rule_id = format!("activity:{}", kind.code());
        if let Some(&points) = pts.get(&rule_id) {
            out.push(ScoreLine {
                officer_id: officer.clone(),
                source: ScoreSource::Activity,
                source_id: id.clone(),
                date,
                rule_id,
                points,
                what: what.clone(),
            });
        }
        if !leader.is_empty() {
            if let Some(&points) = pts.get(LEADER_LED) {
                out.push(ScoreLine {
                    officer_id: officer,
                    source: ScoreSource::Activity,
                    source_id: id,
                    date,
                    rule_id: LEADER_LED.to_string(),
                    points,
                    what: format!("{what}（带队领导：{leader}）"),
                });
            }
        }
    }
    Ok(())
}

fn stage_lines(
    conn: &Connection,
    p: Period,
    only: Option<&str>,
    pts: &HashMap<String, f64>,
    out: &mut Vec<ScoreLine>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.to_stage, s.changed_on, p.name, p.officer_id, p.total_investment
         FROM stage_changes s JOIN projects p ON p.id = s.project_id
         WHERE s.deleted_at IS NULL AND p.deleted_at IS NULL AND s.date_unknown = 0
           AND p.officer_id IS NOT NULL AND s.changed_on BETWEEN ?1 AND ?2
           AND (?3 IS NULL OR p.officer_id = ?3)
         ORDER BY s.changed_on, s.id",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![p.from.to_string(), p.to.to_string(), only],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        },
    )?;
    for row in rows {
        let (id, stage, on, project, officer, total) = row?;
        let (Some(stage), Some(date)) = (Stage::from_code(&stage), day(&on)) else {
            continue;
        };
        let rule_id = format!("stage:{}", stage.code());
        if let Some(&points) = pts.get(&rule_id) {
            out.push(ScoreLine {
                officer_id: officer.clone(),
                source: ScoreSource::StageChange,
                source_id: id.clone(),
                date,
                rule_id,
                points,
                what: format!("项目“{project}”{}", stage.label()),
            });
        }
        if stage == Stage::Signed {
            let tier = Tier::of(total);
            let rule_id = format!("tier:{}", tier.code());
            if let Some(&points) = pts.get(&rule_id) {
                out.push(ScoreLine {
                    officer_id: officer,
                    source: ScoreSource::StageChange,
                    source_id: id,
                    date,
                    rule_id,
                    points,
                    what: format!("项目“{project}”签约，总投资{}", tier.label()),
                });
            }
        }
    }
    Ok(())
}

fn assignment_lines(
    conn: &Connection,
    p: Period,
    only: Option<&str>,
    today: NaiveDate,
    pts: &HashMap<String, f64>,
    out: &mut Vec<ScoreLine>,
) -> Result<()> {
    let Some(&points) = pts.get(ASSIGNMENT_OVERDUE) else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.task, a.due_on, a.status, a.done_on, a.assignee_officer_id,
                COALESCE(p.name, '')
         FROM assignments a LEFT JOIN projects p ON p.id = a.project_id
         WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL
           AND a.assignee_officer_id IS NOT NULL AND a.due_on BETWEEN ?1 AND ?2
           AND (?3 IS NULL OR a.assignee_officer_id = ?3)
         ORDER BY a.due_on, a.id",
    )?;
    let rows = stmt.query_map(
        rusqlite::params![p.from.to_string(), p.to.to_string(), only],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        },
    )?;
    // Open past its due day: at the period's end, or today while the period runs.
    let end = (p.to + chrono::Days::new(1)).min(today);
    for row in rows {
        let (id, task, due, status, done_on, officer, project) = row?;
        let Some(due) = day(&due) else { continue };
        let done_on = done_on.as_deref().and_then(day);
        let overdue = if status == "done" {
            done_on.is_some_and(|d| d > due)
        } else {
            due < end
        };
        if !overdue {
            continue;
        }
        let task: String = task.chars().take(40).collect();
        let how = match done_on {
            Some(d) if status == "done" => format!("{}办结", crate::util::zh_date(d)),
            _ => "未办结".to_string(),
        };
        out.push(ScoreLine {
            officer_id: officer,
            source: ScoreSource::Assignment,
            source_id: id,
            date: due,
            rule_id: ASSIGNMENT_OVERDUE.to_string(),
            points,
            what: format!(
                "交办单逾期：{task}（项目“{project}”，{}到期，{how}）",
                crate::util::zh_date(due)
            ),
        });
    }
    Ok(())
}

/// Every traced line of the period, by date then source.
pub fn lines(conn: &Connection, query: ScoreQuery, today: NaiveDate) -> Result<Vec<ScoreLine>> {
    lines_of(conn, query, today, None)
}

/// The period's lines, of one officer only when `only` names him.
fn lines_of(
    conn: &Connection,
    query: ScoreQuery,
    today: NaiveDate,
    only: Option<&str>,
) -> Result<Vec<ScoreLine>> {
    let p = query.period()?;
    let pts = points::points_by_id(conn)?;
    let mut out = Vec::new();
    activity_lines(conn, p, only, &pts, &mut out)?;
    stage_lines(conn, p, only, &pts, &mut out)?;
    assignment_lines(conn, p, only, today, &pts, &mut out)?;
    out.sort_by(|a, b| {
        (a.date, a.source, &a.source_id, &a.rule_id, &a.officer_id).cmp(&(
            b.date,
            b.source,
            &b.source_id,
            &b.rule_id,
            &b.officer_id,
        ))
    });
    Ok(out)
}

/// Competition ranks (1, 1, 3) of totals already sorted best first.
fn ranks(totals: &[f64]) -> Vec<u32> {
    let mut out = Vec::with_capacity(totals.len());
    for (i, t) in totals.iter().enumerate() {
        if i > 0 && (totals[i - 1] - t).abs() < 1e-9 {
            out.push(out[i - 1]);
        } else {
            out.push(i as u32 + 1);
        }
    }
    out
}

struct OfficerRow {
    name: String,
    team_id: Option<String>,
    retired_on: Option<NaiveDate>,
    deleted: bool,
}

fn officers(conn: &Connection) -> Result<BTreeMap<String, OfficerRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, team_id, retired_on, deleted_at IS NOT NULL FROM officers",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            OfficerRow {
                name: r.get(1)?,
                team_id: r.get(2)?,
                retired_on: r.get::<_, Option<String>>(3)?.as_deref().and_then(day),
                deleted: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The scores of every officer and team for the period, ranked.
pub fn scores(conn: &Connection, query: ScoreQuery, today: NaiveDate) -> Result<Scores> {
    let period = query.period()?;
    let all = lines(conn, query, today)?;
    let roster = officers(conn)?;
    let mut by_officer: BTreeMap<String, Vec<ScoreLine>> = BTreeMap::new();
    for l in all {
        by_officer.entry(l.officer_id.clone()).or_default().push(l);
    }
    // On the staff during the period: listed even with no points.
    for (id, o) in &roster {
        if !o.deleted && o.retired_on.is_none_or(|r| r >= period.from) {
            by_officer.entry(id.clone()).or_default();
        }
    }
    let mut list: Vec<OfficerScore> = by_officer
        .into_iter()
        .map(|(id, lines)| officer_score(id, lines, &roster))
        .collect();
    list.sort_by(|a, b| {
        b.total
            .partial_cmp(&a.total)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.officer_id.cmp(&b.officer_id))
    });
    let r = ranks(&list.iter().map(|o| o.total).collect::<Vec<_>>());
    for (o, rank) in list.iter_mut().zip(r) {
        o.rank = rank;
    }
    let teams = team_scores(conn, &list)?;
    Ok(Scores {
        query,
        period,
        label: query.label(),
        officers: list,
        teams,
    })
}

fn officer_score(
    id: String,
    lines: Vec<ScoreLine>,
    roster: &BTreeMap<String, OfficerRow>,
) -> OfficerScore {
    let who = roster.get(&id);
    let mut activities: Vec<KindCount> = ActivityKind::ALL
        .iter()
        .map(|&kind| KindCount {
            kind,
            count: 0,
            points: 0.0,
        })
        .collect();
    let (mut leader_led, mut leader_points) = (0, 0.0);
    let (mut stage_changes, mut stage_points) = (0, 0.0);
    let (mut overdue, mut deductions) = (0, 0.0);
    for l in &lines {
        match l.source {
            ScoreSource::Activity if l.rule_id == LEADER_LED => {
                leader_led += 1;
                leader_points += l.points;
            }
            ScoreSource::Activity => {
                let code = l.rule_id.trim_start_matches("activity:");
                if let Some(k) = activities.iter_mut().find(|k| k.kind.code() == code) {
                    k.count += 1;
                    k.points += l.points;
                }
            }
            ScoreSource::StageChange => {
                if l.rule_id.starts_with("stage:") {
                    stage_changes += 1;
                }
                stage_points += l.points;
            }
            ScoreSource::Assignment => {
                overdue += 1;
                deductions += l.points;
            }
        }
    }
    for k in &mut activities {
        k.points = tidy(k.points);
    }
    let total = tidy(lines.iter().map(|l| l.points).sum());
    let activity_points = tidy(activities.iter().map(|k| k.points).sum::<f64>() + leader_points);
    OfficerScore {
        name: who.map(|o| o.name.clone()).unwrap_or_else(|| id.clone()),
        team_id: who.and_then(|o| o.team_id.clone()),
        retired_on: who.and_then(|o| o.retired_on),
        officer_id: id,
        activities,
        leader_led,
        leader_points: tidy(leader_points),
        activity_points,
        stage_changes,
        stage_points: tidy(stage_points),
        overdue,
        deductions: tidy(deductions),
        total,
        rank: 0,
        lines,
    }
}

fn team_scores(conn: &Connection, officers: &[OfficerScore]) -> Result<Vec<TeamScore>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM teams WHERE deleted_at IS NULL ORDER BY sort_order, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut teams: Vec<TeamScore> = rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(id, name)| TeamScore {
            team_id: Some(id),
            name,
            officers: 0,
            total: 0.0,
            rank: 0,
        })
        .collect();
    for o in officers {
        let slot = match teams.iter().position(|t| t.team_id == o.team_id) {
            Some(i) => i,
            None => {
                // No team, or a deleted team: 未分组.
                match teams.iter().position(|t| t.team_id.is_none()) {
                    Some(i) => i,
                    None => {
                        teams.push(TeamScore {
                            team_id: None,
                            name: "未分组".into(),
                            officers: 0,
                            total: 0.0,
                            rank: 0,
                        });
                        teams.len() - 1
                    }
                }
            }
        };
        teams[slot].officers += 1;
        teams[slot].total = tidy(teams[slot].total + o.total);
    }
    teams.sort_by(|a, b| {
        b.total
            .partial_cmp(&a.total)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let r = ranks(&teams.iter().map(|t| t.total).collect::<Vec<_>>());
    for (t, rank) in teams.iter_mut().zip(r) {
        t.rank = rank;
    }
    Ok(teams)
}

/// The month a date falls in, as a query.
pub fn month_of(d: NaiveDate) -> ScoreQuery {
    ScoreQuery {
        year: d.year(),
        month: Some(d.month()),
    }
}

impl Ledger {
    // ── 考核得分 ──────────────────────────────────────────────────────────────────────────
    pub fn scores(&self, query: ScoreQuery) -> Result<Scores> {
        scores(self.connection(), query, self.today())
    }
    pub fn score_lines(&self, query: ScoreQuery) -> Result<Vec<ScoreLine>> {
        lines(self.connection(), query, self.today())
    }
    /// One officer's traced lines for the period (what 考核排名 shows on a click).
    pub fn officer_score_lines(
        &self,
        query: ScoreQuery,
        officer_id: &str,
    ) -> Result<Vec<ScoreLine>> {
        lines_of(self.connection(), query, self.today(), Some(officer_id))
    }
}

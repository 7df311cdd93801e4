//! Which live projects trip which enabled 预警 rules on a given day, and by how long
//! (docs/DOMAIN.md «预警与督办»). Computed from the ledger's facts every time, never stored.
//!
//! - 签约未开工: stage 签约 and more than N days since it entered 签约.
//! - 开工未投产: stage 开工 and more than N calendar months since it entered 开工 (a month
//!   from 1月31日 ends on the last day of February).
//! - 洽谈无活动: stage 洽谈 and more than N days since its latest linked activity, or since it
//!   entered 洽谈 when that is later.
//! - 未更新须说明原因: more than N days since the project's last update (see `last_update`)
//!   and no reason stated in those N days: a stated reason clears the rule until N days have
//!   passed since it.
//!
//! 投产, 终止 and 搁置 trip nothing: a project put 搁置 has had its state stated.

use chrono::{Months, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::alerts::rules::{self, AlertRule};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::Stage;

/// One project tripping one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectAlert {
    pub project_id: String,
    pub project_name: String,
    pub stage: Stage,
    /// The project's 责任人.
    pub officer_id: Option<String>,
    pub officer_name: Option<String>,
    /// The rule tripped (see `alerts::rules`).
    pub rule_id: String,
    pub rule_name: String,
    pub threshold: i64,
    /// "days" or "months".
    pub unit: String,
    /// The day the rule counts from (entered the stage, latest activity, last update).
    pub since: NaiveDate,
    /// Whole units (days, or months for a months rule) from `since` to today.
    pub elapsed: i64,
    /// For a months rule: days beyond the whole months; 0 otherwise.
    pub extra_days: i64,
    /// Days from `since` to today.
    pub days: i64,
    /// For the no-update rule: the latest stated reason, if any (older than the threshold).
    pub last_reason_on: Option<NaiveDate>,
}

impl ProjectAlert {
    /// 「签约未开工 127天（规则：90天）」, 「开工未投产 12个月3天（规则：12个月）」.
    pub fn describe(&self) -> String {
        let elapsed = if self.unit == "months" {
            if self.extra_days > 0 {
                format!("{}个月{}天", self.elapsed, self.extra_days)
            } else {
                format!("{}个月", self.elapsed)
            }
        } else {
            format!("{}天", self.elapsed)
        };
        let rule = if self.unit == "months" {
            format!("{}个月", self.threshold)
        } else {
            format!("{}天", self.threshold)
        };
        let name = if self.rule_id == rules::NO_UPDATE {
            "未更新"
        } else {
            self.rule_name.as_str()
        };
        format!("{name} {elapsed}（规则：{rule}）")
    }
}

/// Whole months from `since` to `today` (`since + m months <= today`), and the days beyond.
pub fn months_between(since: NaiveDate, today: NaiveDate) -> (i64, i64) {
    use chrono::Datelike;
    if today <= since {
        return (0, (today - since).num_days().max(0));
    }
    let mut m =
        (today.year() - since.year()) as i64 * 12 + today.month() as i64 - since.month() as i64;
    while m > 0 && add_months(since, m) > today {
        m -= 1;
    }
    (m, (today - add_months(since, m)).num_days())
}

fn add_months(d: NaiveDate, m: i64) -> NaiveDate {
    d.checked_add_months(Months::new(m.max(0) as u32))
        .unwrap_or(NaiveDate::MAX)
}

struct Facts {
    id: String,
    name: String,
    stage: Stage,
    stage_since: NaiveDate,
    officer_id: Option<String>,
    officer_name: Option<String>,
    last_stage_change: Option<NaiveDate>,
    last_activity: Option<NaiveDate>,
    last_edit: Option<NaiveDate>,
    last_reason: Option<NaiveDate>,
}

impl Facts {
    /// The project's last update: the latest of its stage changes' dates, its linked
    /// activities' dates and the days its own record (or its 年度投资) was edited — each on or
    /// before `today`. Its creation is not an edit (its first stage change dates it).
    fn last_update(&self) -> NaiveDate {
        [self.last_stage_change, self.last_activity, self.last_edit]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(self.stage_since)
    }
}

fn live_projects(conn: &Connection, today: NaiveDate) -> Result<Vec<Facts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.stage, p.stage_since, p.officer_id, o.name,
            (SELECT MAX(s.changed_on) FROM stage_changes s
              WHERE s.project_id = p.id AND s.deleted_at IS NULL AND s.changed_on <= ?1),
            (SELECT MAX(ap.occurred_on) FROM activity_projects ap
              WHERE ap.project_id = p.id AND ap.deleted_at IS NULL AND ap.occurred_on <= ?1),
            (SELECT MAX(d) FROM (
                SELECT date(c.changed_at, 'localtime') AS d FROM changes c
                 WHERE c.table_name = 'projects' AND c.row_id = p.id AND c.field <> '*'
                UNION ALL
                SELECT date(c.changed_at, 'localtime') FROM changes c
                 WHERE c.table_name = 'project_years' AND c.field <> '*'
                   AND c.row_id IN (SELECT y.id FROM project_years y WHERE y.project_id = p.id))
              WHERE d <= ?1),
            (SELECT MAX(r.stated_on) FROM no_update_reasons r
              WHERE r.project_id = p.id AND r.deleted_at IS NULL AND r.stated_on <= ?1)
         FROM projects p LEFT JOIN officers o ON o.id = p.officer_id
         WHERE p.deleted_at IS NULL AND p.stage NOT IN ('operating', 'dropped', 'on_hold')
         ORDER BY p.name",
    )?;
    let rows = stmt.query_map([today], |r| {
        let edit: Option<String> = r.get(8)?;
        Ok(Facts {
            id: r.get(0)?,
            name: r.get(1)?,
            stage: r.get(2)?,
            stage_since: r.get(3)?,
            officer_id: r.get(4)?,
            officer_name: r.get(5)?,
            last_stage_change: r.get(6)?,
            last_activity: r.get(7)?,
            last_edit: edit.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            last_reason: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn alert(p: &Facts, rule: &AlertRule, since: NaiveDate, today: NaiveDate) -> ProjectAlert {
    let days = (today - since).num_days();
    let (elapsed, extra_days) = if rule.unit == "months" {
        months_between(since, today)
    } else {
        (days, 0)
    };
    ProjectAlert {
        project_id: p.id.clone(),
        project_name: p.name.clone(),
        stage: p.stage,
        officer_id: p.officer_id.clone(),
        officer_name: p.officer_name.clone(),
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        threshold: rule.threshold,
        unit: rule.unit.clone(),
        since,
        elapsed,
        extra_days,
        days,
        last_reason_on: None,
    }
}

/// Days-rule test: more than `threshold` days from `since` to `today`.
fn over_days(since: NaiveDate, today: NaiveDate, threshold: i64) -> bool {
    (today - since).num_days() > threshold
}

/// Every enabled rule every live project trips on `today`: by rule (in the rules' order),
/// longest first.
pub fn alerts(conn: &Connection, today: NaiveDate) -> Result<Vec<ProjectAlert>> {
    let rules: Vec<AlertRule> = rules::list(conn)?
        .into_iter()
        .filter(|r| r.enabled)
        .collect();
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    let projects = live_projects(conn, today)?;
    let mut out = Vec::new();
    for rule in &rules {
        let mut tripped: Vec<ProjectAlert> = Vec::new();
        for p in &projects {
            let since = match rule.id.as_str() {
                rules::SIGNED_NOT_STARTED if p.stage == Stage::Signed => {
                    Some(p.stage_since).filter(|s| over_days(*s, today, rule.threshold))
                }
                rules::STARTED_NOT_PRODUCING if p.stage == Stage::Started => {
                    Some(p.stage_since).filter(|s| today > add_months(*s, rule.threshold))
                }
                rules::NEGOTIATING_IDLE if p.stage == Stage::Negotiating => {
                    let since = p
                        .last_activity
                        .map_or(p.stage_since, |a| a.max(p.stage_since));
                    Some(since).filter(|s| over_days(*s, today, rule.threshold))
                }
                rules::NO_UPDATE => {
                    let updated = p.last_update();
                    let cleared_until = p.last_reason.map_or(updated, |r| r.max(updated));
                    Some(updated).filter(|_| over_days(cleared_until, today, rule.threshold))
                }
                _ => None,
            };
            if let Some(since) = since {
                let mut a = alert(p, rule, since, today);
                if rule.id == rules::NO_UPDATE {
                    a.last_reason_on = p.last_reason;
                }
                tripped.push(a);
            }
        }
        tripped.sort_by(|a, b| {
            b.days
                .cmp(&a.days)
                .then(a.project_name.cmp(&b.project_name))
        });
        out.extend(tripped);
    }
    Ok(out)
}

/// The 督办 list as 跟进提醒 shows it: the first `items` of all `total` tripped (project, rule)
/// pairs, in `alerts`' order, as of `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AlertList {
    pub as_of: NaiveDate,
    pub total: u32,
    pub items: Vec<ProjectAlert>,
}

impl Ledger {
    /// 预警 as of `today`.
    pub fn alerts_on(&self, today: NaiveDate) -> Result<Vec<ProjectAlert>> {
        alerts(self.connection(), today)
    }
    /// 预警 as of the day 跟进提醒 uses (today, or the end of the latest half-year with facts
    /// for a ledger whose facts stop in an earlier year).
    pub fn alerts(&self) -> Result<Vec<ProjectAlert>> {
        let today = self.today();
        let as_of = self.suggested_period()?.to.min(today);
        alerts(self.connection(), as_of)
    }
    /// `alerts()` cut to its first `limit` items (0: 500; at most 5000), with the total, so a
    /// ledger of many stalled projects does not send them all to the screen.
    pub fn alert_list(&self, limit: u32) -> Result<AlertList> {
        let today = self.today();
        let as_of = self.suggested_period()?.to.min(today);
        let mut items = alerts(self.connection(), as_of)?;
        let total = items.len() as u32;
        let limit = if limit == 0 { 500 } else { limit.min(5000) };
        items.truncate(limit as usize);
        Ok(AlertList {
            as_of,
            total,
            items,
        })
    }
}

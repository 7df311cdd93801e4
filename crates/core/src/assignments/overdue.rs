//! 催办/督办: a 交办单 still open after its 办理时限 is overdue; overdue by 1–7 days it is 催办
//! (a reminder), by more than 7 days 督办 (supervised). Computed from `due_on` and today, never
//! stored (docs/DOMAIN.md). And the 督办 list built on it.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::records::{from_row, COLUMNS};
use super::types::{Assignment, AssignmentStatus};
use crate::error::Result;

/// Overdue by up to this many days: 催办; beyond: 督办.
pub const REMIND_DAYS: i64 = 7;

/// How hard an overdue 交办单 is chased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// 催办: overdue by 1–7 days.
    Remind,
    /// 督办: overdue by more than 7 days.
    Supervise,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Remind => "催办",
            Urgency::Supervise => "督办",
        }
    }
}

/// Days an open 交办单 is past its 办理时限 on `today` (None when it is 办结 or not yet past:
/// on the due day itself it is not overdue). 考核 deducts for these.
pub fn overdue_days(a: &Assignment, today: NaiveDate) -> Option<i64> {
    if a.status == AssignmentStatus::Done {
        return None;
    }
    let days = (today - a.due_on).num_days();
    (days > 0).then_some(days)
}

/// Days a 交办单 was or is late: an open one's `overdue_days`, a 办结 one's days between its
/// 办理时限 and its 办结日期 (None when done in time).
pub fn days_late(a: &Assignment, today: NaiveDate) -> Option<i64> {
    match (a.status, a.done_on) {
        (AssignmentStatus::Done, Some(done)) => {
            let days = (done - a.due_on).num_days();
            (days > 0).then_some(days)
        }
        (AssignmentStatus::Done, None) => None,
        _ => overdue_days(a, today),
    }
}

/// 催办 (1–7 days overdue) or 督办 (more than 7), None when not overdue.
pub fn urgency(a: &Assignment, today: NaiveDate) -> Option<Urgency> {
    overdue_days(a, today).map(|d| {
        if d > REMIND_DAYS {
            Urgency::Supervise
        } else {
            Urgency::Remind
        }
    })
}

/// Which 交办单 the 督办 list shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignmentFilter {
    pub status: Option<AssignmentStatus>,
    /// Only those not 办结 (交办 and 办理中).
    #[serde(default)]
    pub open_only: bool,
    /// Only overdue ones (催办 and 督办).
    #[serde(default)]
    pub overdue_only: bool,
    /// Assigned to this officer.
    pub officer_id: Option<String>,
    pub project_id: Option<String>,
}

/// One line of the 督办 list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignmentRow {
    pub assignment: Assignment,
    pub project_name: String,
    /// The officer's name, or the 包保领导's.
    pub assignee_name: String,
    pub assigned_by_name: Option<String>,
    /// Days past 办理时限 (open ones only).
    pub overdue_days: Option<i64>,
    pub urgency: Option<Urgency>,
}

/// The 督办 list: open ones first, the most overdue first, then by 办理时限.
pub fn list(
    conn: &Connection,
    filter: &AssignmentFilter,
    today: NaiveDate,
) -> Result<Vec<AssignmentRow>> {
    let officer = crate::util::clean(&filter.officer_id);
    let project = crate::util::clean(&filter.project_id);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, p.name, o.name, b.name FROM assignments a
         JOIN projects p ON p.id = a.project_id AND p.deleted_at IS NULL
         LEFT JOIN officers o ON o.id = a.assignee_officer_id
         LEFT JOIN officers b ON b.id = a.assigned_by
         WHERE a.deleted_at IS NULL
           AND (?1 IS NULL OR a.status = ?1)
           AND (?2 = 0 OR a.status <> 'done')
           AND (?3 IS NULL OR a.assignee_officer_id = ?3)
           AND (?4 IS NULL OR a.project_id = ?4)
         ORDER BY a.status = 'done', a.due_on, a.assigned_on, a.created_at"
    ))?;
    let rows = stmt.query_map(
        params![filter.status, filter.open_only, officer, project],
        |r| {
            let a = from_row(r)?;
            let officer_name: Option<String> = r.get(12)?;
            Ok(AssignmentRow {
                project_name: r.get(11)?,
                assignee_name: officer_name
                    .or_else(|| a.assignee_leader.clone())
                    .unwrap_or_default(),
                assigned_by_name: r.get(13)?,
                overdue_days: overdue_days(&a, today),
                urgency: urgency(&a, today),
                assignment: a,
            })
        },
    )?;
    let mut out: Vec<AssignmentRow> = rows.collect::<rusqlite::Result<_>>()?;
    if filter.overdue_only {
        out.retain(|r| r.overdue_days.is_some());
    }
    Ok(out)
}

//! 跟进提醒: activities and projects whose follow-up date has passed or is near, and projects
//! stalled in one stage longer than a given number of days.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::Stage;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FollowUpQuery {
    /// Show follow-ups due within this many days from today (overdue ones always show).
    pub within_days: u32,
    /// A project is stalled when it has sat in 线索/洽谈/签约 longer than this.
    pub stalled_days: u32,
    /// Only this officer's items, when set.
    pub officer_id: Option<String>,
    pub limit: u32,
}

impl Default for FollowUpQuery {
    fn default() -> Self {
        FollowUpQuery {
            within_days: 7,
            stalled_days: 90,
            officer_id: None,
            limit: 200,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FollowUpItem {
    /// "activity" or "project".
    pub kind: String,
    pub id: String,
    /// Project id to open (the activity's first project, or the project itself).
    pub project_id: Option<String>,
    pub title: String,
    pub due_on: NaiveDate,
    /// Negative when overdue.
    pub days_left: i64,
    pub officer_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StalledProject {
    pub project_id: String,
    pub name: String,
    pub stage: Stage,
    pub stage_since: NaiveDate,
    pub days_in_stage: i64,
    pub officer_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FollowUps {
    pub today: NaiveDate,
    /// Due on or before `today + within_days`, oldest first (overdue first).
    pub due: Vec<FollowUpItem>,
    pub stalled: Vec<StalledProject>,
}

pub fn follow_ups(conn: &Connection, q: &FollowUpQuery, today: NaiveDate) -> Result<FollowUps> {
    let horizon = today + Days::new(q.within_days as u64);
    let stalled_before = today - Days::new(q.stalled_days as u64);
    let limit = if q.limit == 0 { 200 } else { q.limit.min(2000) };
    let mut due: Vec<FollowUpItem> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, (SELECT ap.project_id FROM activity_projects ap WHERE ap.activity_id = a.id LIMIT 1),
                    a.kind, COALESCE(a.summary, ''), a.follow_up_on,
                    (SELECT o.name FROM activity_officers ao JOIN officers o ON o.id = ao.officer_id
                     WHERE ao.activity_id = a.id ORDER BY ao.position LIMIT 1)
             FROM activities a
             WHERE a.deleted_at IS NULL AND a.follow_up_on IS NOT NULL AND a.follow_up_on <= ?1
               AND (?2 IS NULL OR a.id IN (SELECT activity_id FROM activity_officers WHERE officer_id = ?2))
               AND NOT EXISTS (
                   -- a later activity on the same project counts as the follow-up done
                   SELECT 1 FROM activity_projects ap JOIN activity_projects later
                     ON later.project_id = ap.project_id AND later.deleted_at IS NULL
                   WHERE ap.activity_id = a.id AND later.occurred_on > a.occurred_on)
             ORDER BY a.follow_up_on LIMIT ?3",
        )?;
        let rows = stmt.query_map(rusqlite::params![horizon, q.officer_id, limit], |r| {
            let kind: crate::model::ActivityKind = r.get(2)?;
            let summary: String = r.get(3)?;
            let due_on: NaiveDate = r.get(4)?;
            Ok(FollowUpItem {
                kind: "activity".into(),
                id: r.get(0)?,
                project_id: r.get(1)?,
                title: if summary.is_empty() {
                    kind.label().to_string()
                } else {
                    format!(
                        "{}：{}",
                        kind.label(),
                        summary.chars().take(40).collect::<String>()
                    )
                },
                due_on,
                days_left: (due_on - today).num_days(),
                officer_name: r.get(5)?,
            })
        })?;
        for r in rows {
            due.push(r?);
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            "SELECT p.id, p.name, p.follow_up_on, o.name FROM projects p
             LEFT JOIN officers o ON o.id = p.officer_id
             WHERE p.deleted_at IS NULL AND p.follow_up_on IS NOT NULL AND p.follow_up_on <= ?1
               AND p.stage NOT IN ('operating', 'dropped')
               AND (?2 IS NULL OR p.officer_id = ?2)
             ORDER BY p.follow_up_on LIMIT ?3",
        )?;
        let rows = stmt.query_map(rusqlite::params![horizon, q.officer_id, limit], |r| {
            let due_on: NaiveDate = r.get(2)?;
            let id: String = r.get(0)?;
            Ok(FollowUpItem {
                kind: "project".into(),
                project_id: Some(id.clone()),
                id,
                title: r.get(1)?,
                due_on,
                days_left: (due_on - today).num_days(),
                officer_name: r.get(3)?,
            })
        })?;
        for r in rows {
            due.push(r?);
        }
    }
    due.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.title.cmp(&b.title)));
    due.truncate(limit as usize);
    let mut stalled = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT p.id, p.name, p.stage, p.stage_since, o.name FROM projects p
             LEFT JOIN officers o ON o.id = p.officer_id
             WHERE p.deleted_at IS NULL AND p.stage IN ('lead', 'negotiating', 'signed')
               AND p.stage_since < ?1 AND (?2 IS NULL OR p.officer_id = ?2)
             ORDER BY p.stage_since LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![stalled_before, q.officer_id, limit],
            |r| {
                let since: NaiveDate = r.get(3)?;
                Ok(StalledProject {
                    project_id: r.get(0)?,
                    name: r.get(1)?,
                    stage: r.get(2)?,
                    stage_since: since,
                    days_in_stage: (today - since).num_days(),
                    officer_name: r.get(4)?,
                })
            },
        )?;
        for r in rows {
            stalled.push(r?);
        }
    }
    Ok(FollowUps {
        today,
        due,
        stalled,
    })
}

impl Ledger {
    /// Follow-ups as of today, or, for a ledger whose latest fact is in an earlier year (the demo,
    /// an archive), as of the end of its latest half-year, so nothing reads "逾期 1600 天".
    pub fn follow_ups(&self, query: &FollowUpQuery) -> Result<FollowUps> {
        let today = self.today();
        let as_of = self.suggested_period()?.to.min(today);
        follow_ups(self.connection(), query, as_of)
    }
}

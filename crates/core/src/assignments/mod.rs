//! 交办单/督办单: tasks on projects assigned to an officer or a 包保领导 with a due date,
//! moving 交办 → 办理中 → 办结; overdue ones are 催办/督办.
//!
//! - [`records`]: create, edit, start, finish, reopen, delete, 撤销 (every write logged).
//! - [`overdue`]: 催办/督办, computed from `due_on` and today (never stored), and the 督办 list.
//! - [`export`]: the 督办 list as an .xlsx.

pub mod export;
pub mod overdue;
pub mod records;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;

pub use overdue::{overdue_days, urgency, AssignmentFilter, AssignmentRow, Urgency};

/// 交办单's status: 交办 (assigned) → 办理中 (in progress) → 办结 (done).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    Assigned,
    InProgress,
    Done,
}

impl AssignmentStatus {
    pub const ALL: &'static [AssignmentStatus] = &[Self::Assigned, Self::InProgress, Self::Done];
    /// The code stored in the database (its serde name too).
    pub fn code(self) -> &'static str {
        match self {
            Self::Assigned => "assigned",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }
    /// The Chinese name users see.
    pub fn label(self) -> &'static str {
        match self {
            Self::Assigned => "交办",
            Self::InProgress => "办理中",
            Self::Done => "办结",
        }
    }
    /// The stored code or the Chinese name.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.code() == t || s.label() == t)
    }
}

impl rusqlite::types::ToSql for AssignmentStatus {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.code().into())
    }
}

impl rusqlite::types::FromSql for AssignmentStatus {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        Self::ALL
            .iter()
            .copied()
            .find(|x| x.code() == s)
            .ok_or_else(|| {
                rusqlite::types::FromSqlError::Other(format!("unknown status code {s:?}").into())
            })
    }
}

/// One 交办单 as stored (its fields are the table's columns: the change log and sync carry
/// them by these names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Assignment {
    pub id: String,
    pub project_id: String,
    /// 交办事项.
    pub task: String,
    /// 承办人: an officer of the ledger …
    pub assignee_officer_id: Option<String>,
    /// … or a 包保领导, by name (exactly one of the two).
    pub assignee_leader: Option<String>,
    /// The officer who assigned it, when known.
    pub assigned_by: Option<String>,
    pub assigned_on: NaiveDate,
    /// 办理时限.
    pub due_on: NaiveDate,
    pub status: AssignmentStatus,
    /// 办理结果 (办结 only).
    pub result: Option<String>,
    pub done_on: Option<NaiveDate>,
}

/// What a leader fills in to assign (or edit) a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignmentInput {
    pub project_id: String,
    pub task: String,
    pub assignee_officer_id: Option<String>,
    pub assignee_leader: Option<String>,
    pub assigned_by: Option<String>,
    /// Today when empty.
    pub assigned_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
}

/// 办结: the result and the day it was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FinishInput {
    pub result: String,
    /// Today when empty.
    pub done_on: Option<NaiveDate>,
}

impl Ledger {
    // ── 交办单 ───────────────────────────────────────────────────────────────────────────
    /// The 督办 list: 交办单 matching `filter`, open ones first, most overdue first.
    pub fn assignments(&self, filter: &AssignmentFilter) -> Result<Vec<AssignmentRow>> {
        overdue::list(self.connection(), filter, self.today())
    }
    /// A project's 交办单 (its page's 交办单 section), oldest first.
    pub fn project_assignments(&self, project_id: &str) -> Result<Vec<AssignmentRow>> {
        let filter = AssignmentFilter {
            project_id: Some(project_id.to_string()),
            ..Default::default()
        };
        let mut rows = overdue::list(self.connection(), &filter, self.today())?;
        rows.sort_by(|a, b| {
            (a.assignment.assigned_on, &a.assignment.id)
                .cmp(&(b.assignment.assigned_on, &b.assignment.id))
        });
        Ok(rows)
    }
    pub fn assignment(&self, id: &str) -> Result<Assignment> {
        records::get(self.connection(), id)
    }
    pub fn create_assignment(&mut self, input: &AssignmentInput) -> Result<Assignment> {
        self.write(|tx, today| records::create(tx, input, today))
    }
    pub fn update_assignment(&mut self, id: &str, input: &AssignmentInput) -> Result<Assignment> {
        self.write(|tx, today| records::update(tx, id, input, today))
    }
    /// 开始办理: 交办 → 办理中.
    pub fn start_assignment(&mut self, id: &str) -> Result<Assignment> {
        self.write(|tx, _| records::start(tx, id))
    }
    /// 办结, with the result.
    pub fn finish_assignment(&mut self, id: &str, input: &FinishInput) -> Result<Assignment> {
        self.write(|tx, today| records::finish(tx, id, input, today))
    }
    /// 重新办理: 办结 → 办理中 (the result is cleared; the history keeps it).
    pub fn reopen_assignment(&mut self, id: &str) -> Result<Assignment> {
        self.write(|tx, _| records::reopen(tx, id))
    }
    pub fn delete_assignment(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| records::delete(tx, id))
    }
    /// The 督办 list as an .xlsx (title with today's date).
    pub fn export_assignments_xlsx(&self, filter: &AssignmentFilter) -> Result<Vec<u8>> {
        let rows = self.assignments(filter)?;
        export::assignments_xlsx(&rows, self.today())
    }
}

/// A missing or unreadable status in text input (CLI).
pub fn parse_status(text: &str) -> Result<AssignmentStatus> {
    AssignmentStatus::parse(text).ok_or_else(|| {
        Error::invalid(
            "status",
            format!("无法识别的办理状态“{text}”（可用：交办、办理中、办结）。"),
        )
    })
}

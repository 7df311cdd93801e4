//! The 交办单's types: its status, the stored record and the inputs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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

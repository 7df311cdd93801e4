//! 交办单/督办单: tasks on projects assigned to an officer or a 包保领导 with a due date,
//! moving 交办 → 办理中 → 办结; overdue ones are 催办/督办.
//!
//! - [`records`]: create, edit, start, finish, reopen, delete, 撤销 (every write logged).
//! - [`overdue`]: 催办/督办, computed from `due_on` and today (never stored), and the 督办 list.
//! - [`export`]: the 督办 list as an .xlsx.
//! - [`types`]: the status, the record and its inputs.

pub mod export;
pub mod overdue;
pub mod records;
pub mod types;

use crate::error::{Error, Result};
use crate::ledger::Ledger;

pub use overdue::{days_late, overdue_days, urgency, AssignmentFilter, AssignmentRow, Urgency};
pub use types::{Assignment, AssignmentInput, AssignmentStatus, FinishInput};

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

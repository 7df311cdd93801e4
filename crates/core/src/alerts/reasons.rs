//! 未更新说明: the reason an officer states for a project with no update. It clears the
//! no-update rule until the rule's threshold passes again, and stays in the project's history.
//! Stating a reason never touches the project's fields.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::util::{clean, new_id, now_stamp};

/// Longest reason, in characters.
pub const MAX_REASON: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoUpdateReason {
    pub id: String,
    pub project_id: String,
    pub stated_on: NaiveDate,
    pub reason: String,
    pub officer_id: Option<String>,
    pub officer_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NoUpdateReasonInput {
    pub project_id: String,
    /// The day the reason is stated; today when empty.
    pub stated_on: Option<NaiveDate>,
    pub reason: String,
    /// Who states it (an officer of the ledger), when known.
    pub officer_id: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.project_id, r.stated_on, r.reason, r.officer_id, o.name
     FROM no_update_reasons r LEFT JOIN officers o ON o.id = r.officer_id";

fn from_row(r: &Row) -> rusqlite::Result<NoUpdateReason> {
    Ok(NoUpdateReason {
        id: r.get(0)?,
        project_id: r.get(1)?,
        stated_on: r.get(2)?,
        reason: r.get(3)?,
        officer_id: r.get(4)?,
        officer_name: r.get(5)?,
    })
}

/// A project's stated reasons, newest first.
pub fn list(conn: &Connection, project_id: &str) -> Result<Vec<NoUpdateReason>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.project_id = ?1 AND r.deleted_at IS NULL
         ORDER BY r.stated_on DESC, r.created_at DESC"
    ))?;
    let rows = stmt.query_map([project_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<NoUpdateReason> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.id = ?1 AND r.deleted_at IS NULL"
    ))?;
    let mut rows = stmt.query_map([id], from_row)?;
    match rows.next() {
        Some(r) => Ok(r?),
        None => Err(Error::not_found("未更新说明", id)),
    }
}

pub fn add(
    conn: &Connection,
    input: &NoUpdateReasonInput,
    today: NaiveDate,
) -> Result<NoUpdateReason> {
    let live: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1 AND deleted_at IS NULL)",
        [&input.project_id],
        |r| r.get(0),
    )?;
    if !live {
        return Err(Error::invalid("project_id", "项目不存在或已删除。"));
    }
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "请填写未更新的原因。"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(Error::invalid(
            "reason",
            format!("未更新原因过长（最多 {MAX_REASON} 个字）。"),
        ));
    }
    let stated_on = input.stated_on.unwrap_or(today);
    if stated_on > today {
        return Err(Error::invalid("stated_on", "说明日期不能晚于今天。"));
    }
    let officer = clean(&input.officer_id);
    if let Some(o) = &officer {
        let known: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM officers WHERE id = ?1 AND deleted_at IS NULL)",
            [o],
            |r| r.get(0),
        )?;
        if !known {
            return Err(Error::invalid("officer_id", "所选人员不存在或已删除。"));
        }
    }
    let id = new_id();
    conn.execute(
        "INSERT INTO no_update_reasons (id, project_id, stated_on, reason, officer_id,
            created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            id,
            input.project_id,
            stated_on,
            reason,
            officer,
            now_stamp()
        ],
    )?;
    crate::storage::changelog::record_created(conn, "no_update_reasons", &id)?;
    get(conn, &id)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE no_update_reasons SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "no_update_reasons", id, true)
}

/// 撤销 of a reason's action: stated → deleted, deleted → restored. (Reasons are not edited.)
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    let fields: Vec<(&str, Option<&str>)> = fields.collect();
    if fields.iter().any(|(f, _)| *f == "*") {
        return delete(conn, id);
    }
    if let Some((_, old)) = fields.iter().find(|(f, _)| *f == "deleted") {
        return crate::storage::changelog::put_back_deleted(conn, "no_update_reasons", id, *old);
    }
    Ok(())
}

impl Ledger {
    // ── 未更新说明 ───────────────────────────────────────────────────────────────────────
    pub fn no_update_reasons(&self, project_id: &str) -> Result<Vec<NoUpdateReason>> {
        list(self.connection(), project_id)
    }
    pub fn add_no_update_reason(&mut self, input: &NoUpdateReasonInput) -> Result<NoUpdateReason> {
        self.write(|tx, today| add(tx, input, today))
    }
    pub fn delete_no_update_reason(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| delete(tx, id))
    }
}

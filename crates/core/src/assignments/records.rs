//! 交办单 records: validation, the status moves (交办 → 办理中 → 办结, 重新办理), soft delete and
//! 撤销. Every write goes through the change log.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::types::{Assignment, AssignmentInput, AssignmentStatus, FinishInput};
use crate::error::{Error, Result};
use crate::util::{clean, new_id, now_stamp, optional_text, required_name};

const TABLE: &str = "assignments";
pub(crate) const COLUMNS: &str = "a.id, a.project_id, a.task, a.assignee_officer_id, \
    a.assignee_leader, a.assigned_by, a.assigned_on, a.due_on, a.status, a.result, a.done_on";

/// Longest 交办事项 and 办理结果.
pub const MAX_TASK: usize = 500;
pub const MAX_RESULT: usize = 2000;

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Assignment> {
    Ok(Assignment {
        id: r.get(0)?,
        project_id: r.get(1)?,
        task: r.get(2)?,
        assignee_officer_id: r.get(3)?,
        assignee_leader: r.get(4)?,
        assigned_by: r.get(5)?,
        assigned_on: r.get(6)?,
        due_on: r.get(7)?,
        status: r.get(8)?,
        result: r.get(9)?,
        done_on: r.get(10)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Assignment> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignments a WHERE a.id = ?1 AND a.deleted_at IS NULL"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("交办单", id))
}

/// The live 交办单 of one project, oldest assignment first.
pub fn of_project(conn: &Connection, project_id: &str) -> Result<Vec<Assignment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignments a WHERE a.project_id = ?1 AND a.deleted_at IS NULL
         ORDER BY a.assigned_on, a.created_at"
    ))?;
    let rows = stmt.query_map([project_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn officer_state(conn: &Connection, id: &str) -> Result<Option<(String, Option<NaiveDate>)>> {
    Ok(conn
        .query_row(
            "SELECT name, retired_on FROM officers WHERE id = ?1 AND deleted_at IS NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Checks `input` and makes the stored record (status and result from `before`, if any).
fn validated(
    conn: &Connection,
    id: &str,
    input: &AssignmentInput,
    before: Option<&Assignment>,
    today: NaiveDate,
) -> Result<Assignment> {
    let project_id = input.project_id.trim();
    if project_id.is_empty() {
        return Err(Error::invalid("project_id", "请选择交办的项目。"));
    }
    let live: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1 AND deleted_at IS NULL)",
        [project_id],
        |r| r.get(0),
    )?;
    if !live {
        return Err(Error::invalid(
            "project_id",
            "所选项目不存在或已删除，请重新选择。",
        ));
    }
    let task = required_name("task", "交办事项", &input.task, MAX_TASK)?;
    let officer = clean(&input.assignee_officer_id);
    let leader = optional_text(
        "assignee_leader",
        "包保领导姓名",
        &input.assignee_leader,
        50,
    )?;
    match (&officer, &leader) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "assignee_officer_id",
                "承办人只能是一位招商专员或一位包保领导，请只填其中一项。",
            ))
        }
        (None, None) => {
            return Err(Error::invalid(
                "assignee_officer_id",
                "请选择承办的招商专员，或填写包保领导的姓名。",
            ))
        }
        _ => {}
    }
    if let Some(o) = &officer {
        let Some((name, retired_on)) = officer_state(conn, o)? else {
            return Err(Error::invalid(
                "assignee_officer_id",
                "所选承办人不存在或已删除，请重新选择。",
            ));
        };
        // A retired officer keeps the 交办单 he already has; he gets no new one.
        let unchanged = before.is_some_and(|b| b.assignee_officer_id.as_deref() == Some(o));
        if let (Some(since), false) = (retired_on, unchanged) {
            return Err(Error::invalid(
                "assignee_officer_id",
                format!("{name}已于{since}离岗，不能承办交办单，请另选承办人。"),
            ));
        }
    }
    let assigned_by = clean(&input.assigned_by);
    if let Some(b) = &assigned_by {
        if officer_state(conn, b)?.is_none() {
            return Err(Error::invalid(
                "assigned_by",
                "所选交办人不存在或已删除，请重新选择。",
            ));
        }
    }
    let assigned_on = input
        .assigned_on
        .or(before.map(|b| b.assigned_on))
        .unwrap_or(today);
    if assigned_on > today {
        return Err(Error::invalid(
            "assigned_on",
            format!("交办日期 {assigned_on} 晚于今天，请填写实际交办的日期。"),
        ));
    }
    let Some(due_on) = input.due_on else {
        return Err(Error::invalid("due_on", "请填写办理时限。"));
    };
    if due_on < assigned_on {
        return Err(Error::invalid(
            "due_on",
            format!("办理时限 {due_on} 早于交办日期 {assigned_on}。"),
        ));
    }
    if let Some(done_on) = before.and_then(|b| b.done_on) {
        if assigned_on > done_on {
            return Err(Error::invalid(
                "assigned_on",
                format!("交办日期 {assigned_on} 晚于办结日期 {done_on}。"),
            ));
        }
    }
    Ok(Assignment {
        id: id.to_string(),
        project_id: project_id.to_string(),
        task,
        assignee_officer_id: officer,
        assignee_leader: leader,
        assigned_by,
        assigned_on,
        due_on,
        status: before.map_or(AssignmentStatus::Assigned, |b| b.status),
        result: before.and_then(|b| b.result.clone()),
        done_on: before.and_then(|b| b.done_on),
    })
}

/// Writes `after` (a new row when `before` is None) and logs it.
fn store(conn: &Connection, before: Option<&Assignment>, after: &Assignment) -> Result<Assignment> {
    let a = after;
    let now = now_stamp();
    if before.is_none() {
        conn.execute(
            "INSERT INTO assignments (id, project_id, task, assignee_officer_id, assignee_leader,
                assigned_by, assigned_on, due_on, status, result, done_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            params![
                a.id,
                a.project_id,
                a.task,
                a.assignee_officer_id,
                a.assignee_leader,
                a.assigned_by,
                a.assigned_on,
                a.due_on,
                a.status,
                a.result,
                a.done_on,
                now
            ],
        )?;
    } else {
        conn.execute(
            "UPDATE assignments SET project_id = ?2, task = ?3, assignee_officer_id = ?4,
                assignee_leader = ?5, assigned_by = ?6, assigned_on = ?7, due_on = ?8,
                status = ?9, result = ?10, done_on = ?11, updated_at = ?12 WHERE id = ?1",
            params![
                a.id,
                a.project_id,
                a.task,
                a.assignee_officer_id,
                a.assignee_leader,
                a.assigned_by,
                a.assigned_on,
                a.due_on,
                a.status,
                a.result,
                a.done_on,
                now
            ],
        )?;
    }
    let stored = get(conn, &a.id)?;
    crate::storage::changelog::record(conn, TABLE, &a.id, before, &stored, &[])?;
    Ok(stored)
}

/// 交办: a new 交办单 (status 交办).
pub fn create(conn: &Connection, input: &AssignmentInput, today: NaiveDate) -> Result<Assignment> {
    let a = validated(conn, &new_id(), input, None, today)?;
    store(conn, None, &a)
}

/// Edits what was assigned (project, task, assignee, dates); the status is moved by
/// `start`/`finish`/`reopen` only.
pub fn update(
    conn: &Connection,
    id: &str,
    input: &AssignmentInput,
    today: NaiveDate,
) -> Result<Assignment> {
    let before = get(conn, id)?;
    let after = validated(conn, id, input, Some(&before), today)?;
    store(conn, Some(&before), &after)
}

/// 开始办理: 交办 → 办理中.
pub fn start(conn: &Connection, id: &str) -> Result<Assignment> {
    let before = get(conn, id)?;
    match before.status {
        AssignmentStatus::Assigned => {}
        AssignmentStatus::InProgress => {
            return Err(Error::invalid("status", "这张交办单已在办理中。"))
        }
        AssignmentStatus::Done => {
            return Err(Error::invalid(
                "status",
                "这张交办单已办结；如需继续办理，请先“重新办理”。",
            ))
        }
    }
    let after = Assignment {
        status: AssignmentStatus::InProgress,
        ..before.clone()
    };
    store(conn, Some(&before), &after)
}

/// 办结 (from 交办 or 办理中), with a result and the day it was done (today when empty).
pub fn finish(
    conn: &Connection,
    id: &str,
    input: &FinishInput,
    today: NaiveDate,
) -> Result<Assignment> {
    let before = get(conn, id)?;
    if before.status == AssignmentStatus::Done {
        return Err(Error::invalid(
            "status",
            format!(
                "这张交办单已于{}办结。",
                before.done_on.map(|d| d.to_string()).unwrap_or_default()
            ),
        ));
    }
    let result = required_name("result", "办理结果", &input.result, MAX_RESULT)?;
    let done_on = input.done_on.unwrap_or(today);
    if done_on > today {
        return Err(Error::invalid(
            "done_on",
            format!("办结日期 {done_on} 晚于今天，请在办结当天或之后登记。"),
        ));
    }
    if done_on < before.assigned_on {
        return Err(Error::invalid(
            "done_on",
            format!("办结日期 {done_on} 早于交办日期 {}。", before.assigned_on),
        ));
    }
    let after = Assignment {
        status: AssignmentStatus::Done,
        result: Some(result),
        done_on: Some(done_on),
        ..before.clone()
    };
    store(conn, Some(&before), &after)
}

/// 重新办理: 办结 → 办理中; the result and 办结日期 are cleared (the history keeps them).
pub fn reopen(conn: &Connection, id: &str) -> Result<Assignment> {
    let before = get(conn, id)?;
    if before.status != AssignmentStatus::Done {
        return Err(Error::invalid(
            "status",
            "这张交办单尚未办结，无需重新办理。",
        ));
    }
    let after = Assignment {
        status: AssignmentStatus::InProgress,
        result: None,
        done_on: None,
        ..before.clone()
    };
    store(conn, Some(&before), &after)
}

/// Soft delete.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE assignments SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, TABLE, id, true)
}

/// 撤销 of a 交办单's action: created → deleted, deleted → restored, edited or moved (开始办理,
/// 办结, 重新办理) → the old values, status included.
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
        return crate::storage::changelog::put_back_deleted(conn, TABLE, id, *old);
    }
    let before = get(conn, id)?;
    let back: Assignment = crate::storage::changelog::with_old_values(&before, &fields)
        .map_err(|e| Error::Conflict(format!("无法撤销：交办单已改变（{e}）。")))?;
    store(conn, Some(&before), &back).map(|_| ())
}

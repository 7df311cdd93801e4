//! 招商专员 table.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::model::{Officer, OfficerInput};
use crate::util::{new_id, now_stamp, optional_text, required_name};

const COLUMNS: &str = "id, name, team_id, title, phone, retired_on";

fn from_row(r: &Row) -> rusqlite::Result<Officer> {
    Ok(Officer {
        id: r.get(0)?,
        name: r.get(1)?,
        team_id: r.get(2)?,
        title: r.get(3)?,
        phone: r.get(4)?,
        retired_on: r.get(5)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Officer>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM officers WHERE deleted_at IS NULL ORDER BY name"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Officer> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM officers WHERE id = ?1 AND deleted_at IS NULL"
    ))?;
    let mut rows = stmt.query_map([id], from_row)?;
    match rows.next() {
        Some(o) => Ok(o?),
        None => Err(Error::not_found("招商专员", id)),
    }
}

/// Checks an officer reference from another record.
pub fn check_ref(conn: &Connection, field: &'static str, id: &str) -> Result<()> {
    let live = conn
        .prepare_cached("SELECT 1 FROM officers WHERE id = ?1 AND deleted_at IS NULL")?
        .exists([id])?;
    if live {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            "所选人员不存在或已删除，请重新选择。",
        ))
    }
}

fn validate(conn: &Connection, input: &OfficerInput) -> Result<OfficerInput> {
    let team_id = crate::util::clean(&input.team_id);
    if let Some(t) = &team_id {
        if !crate::reference::teams::exists(conn, t)? {
            return Err(Error::invalid("team_id", "所选团队不存在或已删除。"));
        }
    }
    Ok(OfficerInput {
        name: required_name("name", "姓名", &input.name, 20)?,
        team_id,
        title: optional_text("title", "职务", &input.title, 40)?,
        phone: optional_text("phone", "电话", &input.phone, 40)?,
    })
}

pub fn create(conn: &Connection, input: &OfficerInput) -> Result<Officer> {
    let v = validate(conn, input)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO officers (id, name, team_id, title, phone, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, v.name, v.team_id, v.title, v.phone, now_stamp()],
    )?;
    let created = get(conn, &id)?;
    crate::storage::changelog::record(conn, "officers", &id, None, &created, &[])?;
    Ok(created)
}

pub fn update(conn: &Connection, id: &str, input: &OfficerInput) -> Result<Officer> {
    let before = get(conn, id)?;
    let v = validate(conn, input)?;
    conn.execute(
        "UPDATE officers SET name = ?2, team_id = ?3, title = ?4, phone = ?5, updated_at = ?6 WHERE id = ?1",
        params![id, v.name, v.team_id, v.title, v.phone, now_stamp()],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "officers", id, Some(&before), &after, &[])?;
    Ok(after)
}

/// What an officer's name is on: projects he leads or sponsors, stage changes he recorded,
/// activities he took part in (live or in the recycle bin). None when he has no history.
fn history_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [id], |r| r.get(0))?) };
    let projects = count("SELECT COUNT(*) FROM projects WHERE officer_id = ?1 OR sponsor_id = ?1")?;
    let activities = count("SELECT COUNT(*) FROM activity_officers WHERE officer_id = ?1")?;
    let stages = count("SELECT COUNT(*) FROM stage_changes WHERE officer_id = ?1")?;
    let mut parts = Vec::new();
    if projects > 0 {
        parts.push(format!("{projects} 个项目"));
    }
    if activities > 0 {
        parts.push(format!("{activities} 条活动记录"));
    }
    if stages > 0 {
        parts.push(format!("{stages} 条阶段记录"));
    }
    Ok((!parts.is_empty()).then(|| parts.join("、")))
}

/// Deletes an officer entered by mistake. One with history (projects, activities, stage
/// changes) is refused: 离岗 keeps him on his records instead.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    let officer = get(conn, id)?;
    if let Some(what) = history_of(conn, id)? {
        return Err(Error::invalid(
            "id",
            format!(
                "{}已登记在{what}上，删除会让这些记录失去经办人；如已离岗或退休，请改用“离岗”，历史记录和过去的报表会保留他的名字。",
                officer.name
            ),
        ));
    }
    remove(conn, id)
}

/// Moves him to the recycle bin, history or not: for 撤销 of the action that created him, which
/// takes back the records of his that it made too.
fn remove(conn: &Connection, id: &str) -> Result<()> {
    conn.execute(
        "UPDATE officers SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "officers", id, true)
}

/// 离岗 (left, retired) on `on`: he stays on his history; pickers stop offering him.
pub fn retire(conn: &Connection, id: &str, on: NaiveDate, today: NaiveDate) -> Result<Officer> {
    let before = get(conn, id)?;
    if let Some(since) = before.retired_on {
        return Err(Error::invalid(
            "retired_on",
            format!("{}已于{since}离岗。", before.name),
        ));
    }
    if on > today {
        return Err(Error::invalid(
            "retired_on",
            "离岗日期晚于今天，请在离岗当天或之后登记。",
        ));
    }
    set_retired(conn, before, Some(on))
}

/// Back on the staff (离岗 entered by mistake, or he came back).
pub fn reinstate(conn: &Connection, id: &str) -> Result<Officer> {
    let before = get(conn, id)?;
    if before.retired_on.is_none() {
        return Err(Error::invalid(
            "retired_on",
            format!("{}在岗，无需恢复。", before.name),
        ));
    }
    set_retired(conn, before, None)
}

fn set_retired(conn: &Connection, before: Officer, on: Option<NaiveDate>) -> Result<Officer> {
    conn.execute(
        "UPDATE officers SET retired_on = ?2, updated_at = ?3 WHERE id = ?1",
        params![before.id, on, now_stamp()],
    )?;
    let after = get(conn, &before.id)?;
    crate::storage::changelog::record(conn, "officers", &before.id, Some(&before), &after, &[])?;
    Ok(after)
}

/// 撤销 of an officer's action: the fields as they were (creation undone deletes him).
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    let fields: Vec<(&str, Option<&str>)> = fields.collect();
    if fields.iter().any(|(f, _)| *f == "*") {
        return remove(conn, id);
    }
    if let Some((_, old)) = fields.iter().find(|(f, _)| *f == "deleted") {
        return crate::storage::changelog::put_back_deleted(conn, "officers", id, *old);
    }
    let before = get(conn, id)?;
    let back: Officer = crate::storage::changelog::with_old_values(&before, &fields)
        .map_err(|e| Error::Conflict(format!("无法撤销：人员记录已改变（{e}）。")))?;
    let input = OfficerInput {
        name: back.name,
        team_id: back.team_id,
        title: back.title,
        phone: back.phone,
    };
    let v = validate(conn, &input)?;
    conn.execute(
        "UPDATE officers SET name = ?2, team_id = ?3, title = ?4, phone = ?5, retired_on = ?6,
            updated_at = ?7 WHERE id = ?1",
        params![
            id,
            v.name,
            v.team_id,
            v.title,
            v.phone,
            back.retired_on,
            now_stamp()
        ],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "officers", id, Some(&before), &after, &[])
}

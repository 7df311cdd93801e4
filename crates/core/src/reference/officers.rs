//! 招商专员 table.

use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::model::{Officer, OfficerInput};
use crate::util::{new_id, now_stamp, optional_text, required_name};

const COLUMNS: &str = "id, name, team_id, title, phone";

fn from_row(r: &Row) -> rusqlite::Result<Officer> {
    Ok(Officer {
        id: r.get(0)?,
        name: r.get(1)?,
        team_id: r.get(2)?,
        title: r.get(3)?,
        phone: r.get(4)?,
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

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE officers SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "officers", id, true)
}

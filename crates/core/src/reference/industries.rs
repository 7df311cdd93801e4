//! 产业 (industries) table (editable list); a 产业链 groups several (`industry_chains`).

use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::model::Industry;
use crate::util::{new_id, now_stamp, required_name};

pub fn list(conn: &Connection) -> Result<Vec<Industry>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, sort_order, chain_id FROM industries WHERE deleted_at IS NULL ORDER BY sort_order, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Industry {
            id: r.get(0)?,
            name: r.get(1)?,
            sort_order: r.get(2)?,
            chain_id: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Industry> {
    list(conn)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Error::not_found("产业", id))
}

pub fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM industries WHERE id = ?1 AND deleted_at IS NULL)",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// The id of the industry with this exact name, if any.
pub fn find_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(list(conn)?
        .into_iter()
        .find(|i| i.name == name.trim())
        .map(|i| i.id))
}

fn check_unique(conn: &Connection, name: &str, except: Option<&str>) -> Result<()> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM industries WHERE name = ?1 AND deleted_at IS NULL AND id IS NOT ?2)",
        params![name, except],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid("name", format!("已有名为“{name}”的产业。")));
    }
    Ok(())
}

pub fn create(conn: &Connection, name: &str) -> Result<Industry> {
    let name = required_name("name", "产业名称", name, 40)?;
    check_unique(conn, &name, None)?;
    let id = new_id();
    let order: i32 = conn.query_row(
        "SELECT COALESCE(MAX(sort_order), -1) + 1 FROM industries",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO industries (id, name, sort_order, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, name, order, now_stamp()],
    )?;
    let created = get(conn, &id)?;
    crate::storage::changelog::record(conn, "industries", &id, None, &created, &[])?;
    Ok(created)
}

pub fn rename(conn: &Connection, id: &str, name: &str) -> Result<Industry> {
    let name = required_name("name", "产业名称", name, 40)?;
    let before = get(conn, id)?;
    check_unique(conn, &name, Some(id))?;
    conn.execute(
        "UPDATE industries SET name = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, name, now_stamp()],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "industries", id, Some(&before), &after, &[])?;
    Ok(after)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE industries SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "industries", id, true)
}

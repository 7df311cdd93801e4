//! 招商团队 table.

use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::model::Team;
use crate::util::{new_id, now_stamp, required_name};

pub fn list(conn: &Connection) -> Result<Vec<Team>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, sort_order FROM teams WHERE deleted_at IS NULL ORDER BY sort_order, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Team {
            id: r.get(0)?,
            name: r.get(1)?,
            sort_order: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Team> {
    list(conn)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Error::not_found("团队", id))
}

pub fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM teams WHERE id = ?1 AND deleted_at IS NULL)")?
        .query_row([id], |r| r.get(0))?)
}

fn check_unique(conn: &Connection, name: &str, except: Option<&str>) -> Result<()> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM teams WHERE name = ?1 AND deleted_at IS NULL AND id IS NOT ?2)",
        params![name, except],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid("name", format!("已有名为“{name}”的团队。")));
    }
    Ok(())
}

pub fn create(conn: &Connection, name: &str) -> Result<Team> {
    let name = required_name("name", "团队名称", name, 40)?;
    check_unique(conn, &name, None)?;
    let id = new_id();
    let now = now_stamp();
    let order: i32 = conn.query_row(
        "SELECT COALESCE(MAX(sort_order), -1) + 1 FROM teams",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO teams (id, name, sort_order, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, name, order, now],
    )?;
    let created = get(conn, &id)?;
    crate::storage::changelog::record(conn, "teams", &id, None, &created, &[])?;
    Ok(created)
}

pub fn rename(conn: &Connection, id: &str, name: &str) -> Result<Team> {
    let name = required_name("name", "团队名称", name, 40)?;
    let before = get(conn, id)?;
    check_unique(conn, &name, Some(id))?;
    conn.execute(
        "UPDATE teams SET name = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, name, now_stamp()],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "teams", id, Some(&before), &after, &[])?;
    Ok(after)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE teams SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "teams", id, true)
}

/// 撤销 of a team's action: the name as it was, the delete reversed, the creation removed.
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    for (field, old) in fields {
        match field {
            "*" => return delete(conn, id),
            "deleted" => crate::storage::changelog::put_back_deleted(conn, "teams", id, old)?,
            "name" => {
                rename(
                    conn,
                    id,
                    &crate::storage::changelog::old_value::<String>(old),
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

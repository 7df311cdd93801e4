//! 园区: the office's list of parks (开发区, 产业园 …). A project names its park as ledgers do
//! (`projects.park`, text); the list gives the form its choices and the reports their order,
//! and renaming a park renames it on its projects (each a logged change, so it syncs and
//! undoes like any edit).

use rusqlite::{params, Connection};

use super::named_list::{NamedList, Row};
use crate::error::{Error, Result};
use crate::model::Park;
use crate::storage::connection::with_small_cache;
use crate::util::now_stamp;

const PARKS: NamedList = NamedList {
    table: "parks",
    what: "园区",
};

fn park(r: Row) -> Park {
    Park {
        id: r.0,
        name: r.1,
        sort_order: r.2,
    }
}

/// The list, and after it every other park name projects use (id None), by name.
pub fn list(conn: &Connection) -> Result<Vec<Park>> {
    Ok(PARKS.list(conn)?.into_iter().map(park).collect())
}

/// Park names used on live projects that are not on the list.
///
/// Every project is read (no index holds `park`: 40 ms at 100k projects), through a small page
/// cache so that the scan leaves the connection's cache as it was.
pub fn unlisted(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT trim(park) FROM projects
         WHERE deleted_at IS NULL AND trim(COALESCE(park, '')) <> ''
           AND trim(park) NOT IN (SELECT name FROM parks WHERE deleted_at IS NULL)
         ORDER BY 1",
    )?;
    with_small_cache(conn, || stmt.query_map([], |r| r.get(0))?.collect())
}

/// Every park name a filter can offer: the list (its order), then the names projects use that
/// the list lacks.
pub fn names(conn: &Connection) -> Result<Vec<String>> {
    let mut names: Vec<String> = list(conn)?.into_iter().map(|p| p.name).collect();
    names.extend(unlisted(conn)?);
    Ok(names)
}

/// Park names asked for by a person (the CLI's `--park`), trimmed, each one `names` knows;
/// an unknown one is refused naming those it knows.
pub fn known(conn: &Connection, asked: &[String]) -> Result<Vec<String>> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let known = names(conn)?;
    asked
        .iter()
        .map(|p| {
            let p = p.trim();
            if known.iter().any(|k| k == p) {
                Ok(p.to_string())
            } else {
                Err(Error::invalid(
                    "park",
                    format!("没有名为“{p}”的园区。已有：{}", known.join("、")),
                ))
            }
        })
        .collect()
}

pub fn create(conn: &Connection, name: &str) -> Result<Park> {
    PARKS.create(conn, name).map(park)
}

/// Renames a park on the list and on every live project that names it.
pub fn rename(conn: &Connection, id: &str, name: &str) -> Result<Park> {
    let (old, after) = PARKS.rename(conn, id, name)?;
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM projects WHERE deleted_at IS NULL AND trim(park) = ?1")?
        .query_map([&old], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for project in ids {
        let before = crate::projects::get(conn, &project)?;
        conn.execute(
            "UPDATE projects SET park = ?2, updated_at = ?3 WHERE id = ?1",
            params![project, after.1, now_stamp()],
        )?;
        let after = crate::projects::get(conn, &project)?;
        crate::storage::changelog::record(
            conn,
            "projects",
            &project,
            Some(&before),
            &after,
            crate::projects::DERIVED,
        )?;
    }
    Ok(park(after))
}

/// Undo of a park action on the list itself (its projects' renames are undone as project
/// edits): created → deleted, deleted ↔ restored, renamed → the old name.
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    for (field, old) in fields {
        match field {
            "*" => return PARKS.delete(conn, id),
            "deleted" => crate::storage::changelog::put_back_deleted(conn, "parks", id, old)?,
            "name" => {
                let name: String = crate::storage::changelog::old_value(old);
                let before = PARKS.get(conn, id)?;
                conn.execute(
                    "UPDATE parks SET name = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, name, now_stamp()],
                )?;
                let after = PARKS.get(conn, id)?;
                crate::storage::changelog::record(
                    conn,
                    "parks",
                    id,
                    Some(&super::named_list::Named::from(&before)),
                    &super::named_list::Named::from(&after),
                    &[],
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Takes a park off the list; projects keep the name they state.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    PARKS.delete(conn, id)
}

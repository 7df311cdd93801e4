//! GB/T 2260 administrative divisions (read-only reference data, seeded from the embedded list).

use rusqlite::{Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::Division;

fn from_row(r: &Row) -> rusqlite::Result<Division> {
    Ok(Division {
        code: r.get(0)?,
        name: r.get(1)?,
        full_name: r.get(2)?,
        level: r.get(3)?,
    })
}

pub fn get(conn: &Connection, code: &str) -> Result<Option<Division>> {
    Ok(conn
        .prepare_cached("SELECT code, name, full_name, level FROM divisions WHERE code = ?1")?
        .query_row([code], from_row)
        .optional()?)
}

/// Checks a division code typed by a user.
pub fn check(conn: &Connection, field: &'static str, code: &str) -> Result<String> {
    let code = code.trim();
    let known = conn
        .prepare_cached("SELECT 1 FROM divisions WHERE code = ?1")?
        .exists([code])?;
    if known {
        Ok(code.to_string())
    } else {
        Err(Error::invalid(
            field,
            format!("“{code}”不是有效的行政区划代码，请从列表中选择。"),
        ))
    }
}

/// Divisions whose code starts with, or whose name contains, `query` (most general first).
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<Division>> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let like = format!("%{}%", q.replace(['%', '_'], ""));
    let prefix = format!("{}%", q.replace(['%', '_'], ""));
    let mut stmt = conn.prepare_cached(
        "SELECT code, name, full_name, level FROM divisions
         WHERE code LIKE ?1 OR full_name LIKE ?2
         ORDER BY (name = ?3) DESC, level, code LIMIT ?4",
    )?;
    let rows = stmt.query_map(rusqlite::params![prefix, like, q, limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

//! Office-wide settings (key/value).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::util::now_stamp;

/// The office's own prefecture-level city (GB/T 2260); origins there count as 本地.
pub const LOCAL_CITY_CODE: &str = "local_city_code";
/// The office's name, shown in report titles.
pub const OFFICE_NAME: &str = "office_name";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![key, v, now_stamp()],
        )?,
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    Ok(())
}

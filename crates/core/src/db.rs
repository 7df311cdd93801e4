//! Opening the ledger file: pragmas on every connection, embedded migrations applied atomically.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};
use crate::seed;

/// Migrations, in order; `PRAGMA user_version` counts how many have been applied.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_ledger.sql")];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) a ledger file with WAL, `synchronous=FULL`, foreign keys and a
/// busy timeout, then brings its schema up to date in one transaction.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let mut conn = Connection::open_with_flags(path, flags)?;
    configure(&conn).map_err(|e| not_a_ledger(path, e))?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Per-connection settings (Yaak style: every connection, no exceptions).
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Conflict(format!(
            "无法启用预写日志（WAL）模式（当前为 {mode}），台账文件所在位置可能不支持。"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -32_000)?;
    Ok(())
}

fn not_a_ledger(path: &Path, e: Error) -> Error {
    match e {
        Error::Storage(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            Error::Conflict(format!(
                "“{}”不是招商台账数据库，或文件已损坏。",
                path.display()
            ))
        }
        other => other,
    }
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if applied > SCHEMA_VERSION {
        return Err(Error::Conflict(format!(
            "此台账由更新版本的招商台账创建（数据版本 {applied}，本软件支持到 {SCHEMA_VERSION}）。请升级软件后再打开，文件未被改动。"
        )));
    }
    if applied == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for sql in &MIGRATIONS[applied as usize..] {
        tx.execute_batch(sql)?;
    }
    if applied == 0 {
        seed::reference_data(&tx)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

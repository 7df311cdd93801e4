//! Opening the ledger file: pragmas on every connection, embedded migrations applied atomically.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};
use crate::seed;

/// Migrations, in order; `PRAGMA user_version` counts how many have been applied.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_ledger.sql"),
    include_str!("migrations/0002_search.sql"),
    include_str!("migrations/0003_sync.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) a ledger file with WAL, `synchronous=FULL`, foreign keys and a
/// busy timeout, then brings its schema up to date in one transaction. An existing file must
/// pass `PRAGMA quick_check` first (else `Error::Corrupt`, file untouched); an older schema is
/// backed up (`backup::before_migration`) before it is upgraded.
pub fn open(path: &Path) -> Result<Connection> {
    open_with_migrations(path, MIGRATIONS)
}

/// [`open`] with another migration list: lets tests play a future schema upgrade.
#[doc(hidden)]
pub fn open_with_migrations(path: &Path, migrations: &[&str]) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let existed = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    let mut conn = Connection::open_with_flags(path, flags)?;
    if existed {
        check_integrity(&conn, path)?;
    }
    configure(&conn).map_err(|e| not_a_ledger(path, e))?;
    migrate(&mut conn, path, migrations)?;
    Ok(conn)
}

/// `PRAGMA quick_check` before anything writes to an existing file.
fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    match crate::backup::integrity_problems(conn, true) {
        Ok(problems) if problems.is_empty() => Ok(()),
        Ok(problems) => Err(crate::backup::corrupt_error(path, &problems[0])),
        Err(rusqlite::Error::SqliteFailure(f, m))
            if f.code == rusqlite::ErrorCode::DatabaseCorrupt =>
        {
            Err(crate::backup::corrupt_error(
                path,
                m.as_deref().unwrap_or("database disk image is malformed"),
            ))
        }
        Err(e) => Err(not_a_ledger(path, e.into())),
    }
}

/// Per-connection settings (Yaak style: every connection, no exceptions).
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // The table modules and imports reuse many statements; keep them all prepared.
    conn.set_prepared_statement_cache_capacity(256);
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

fn migrate(conn: &mut Connection, path: &Path, migrations: &[&str]) -> Result<()> {
    let target = migrations.len() as i64;
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if applied > target {
        return Err(Error::Conflict(format!(
            "此台账由更新版本的招商台账创建（数据版本 {applied}，本软件支持到 {target}）。请升级软件后再打开，文件未被改动。"
        )));
    }
    if applied == target {
        return Ok(());
    }
    if applied > 0 {
        crate::backup::before_migration(conn, path, applied, target)?;
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another program (the app and the CLI started together) may have upgraded the file while
    // this one waited for the write lock.
    let applied: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if applied >= target {
        return Ok(());
    }
    for sql in &migrations[applied as usize..] {
        tx.execute_batch(sql)?;
    }
    if applied == 0 {
        seed::reference_data(&tx)?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

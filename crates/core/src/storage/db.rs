//! Opening the ledger file: an existing file is checked, an older schema is backed up and
//! upgraded in one transaction (one program at a time), a new file is created and seeded.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};
use crate::reference::seed;
use crate::storage::connection::{apply_key, connect};

pub use crate::storage::connection::{configure, is_encrypted, PASSPHRASE_FIELD};
pub use crate::storage::schema::{MIGRATIONS, SCHEMA_VERSION};

/// Opens (creating if needed) a ledger file with WAL, `synchronous=FULL`, foreign keys and a
/// busy timeout, then brings its schema up to date in one transaction. An existing file must
/// pass `PRAGMA quick_check` first (else `Error::Corrupt`, file untouched); an older schema is
/// backed up (`backup::before_migration`) before it is upgraded.
pub fn open(path: &Path) -> Result<Connection> {
    open_with_migrations(path, MIGRATIONS)
}

/// [`open`] for a ledger that may be encrypted (SQLCipher): an encrypted file needs its
/// passphrase (else a `Validation` error on the field [`PASSPHRASE_FIELD`], file untouched); a
/// plaintext file ignores it; a new file given a passphrase is created encrypted.
pub fn open_with_passphrase(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    open_keyed_with_migrations(path, passphrase, MIGRATIONS)
}

/// [`open`] with another migration list: lets tests play a future schema upgrade.
#[doc(hidden)]
pub fn open_with_migrations(path: &Path, migrations: &[&str]) -> Result<Connection> {
    open_keyed_with_migrations(path, None, migrations)
}

/// [`open_with_passphrase`] with another migration list.
#[doc(hidden)]
pub fn open_keyed_with_migrations(
    path: &Path,
    passphrase: Option<&str>,
    migrations: &[&str],
) -> Result<Connection> {
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
    let mut conn = connect(path, flags)?;
    let opened = (|| -> Result<()> {
        // Before any statement: another program may be creating or upgrading the same file.
        conn.busy_timeout(Duration::from_secs(5))?;
        let keyed = apply_key(&conn, path, passphrase)?;
        if existed {
            if needs_quick_check(path) {
                check_integrity(&conn, path)?;
            } else {
                check_structure(&conn, path)?;
            }
        }
        retry_while_busy(|| configure(&conn)).map_err(|e| not_a_ledger(path, e))?;
        migrate(&mut conn, path, migrations, passphrase.filter(|_| keyed))
    })();
    // An encrypted page that fails its HMAC surfaces wherever it is first read: it is damage.
    opened.map_err(|e| match e {
        Error::Storage(rusqlite::Error::SqliteFailure(f, m))
            if f.code == rusqlite::ErrorCode::DatabaseCorrupt =>
        {
            crate::storage::backup::corrupt_error(
                path,
                m.as_deref().unwrap_or("database disk image is malformed"),
            )
        }
        other => other,
    })?;
    Ok(conn)
}

/// Files up to this size get `PRAGMA quick_check` at every opening. Measured on a 622 MB
/// ledger (`examples/open_check_bench.rs`): 2.6 s plaintext, 5.6 s encrypted, so about 1 s per
/// 256 MB encrypted. Bigger files get the full `quick_check` only after an unclean shutdown (a
/// `-wal` with frames is left behind) and a cheap structural check otherwise; the backup the
/// app makes at every start reads every table and index (`VACUUM INTO`) and reports a damaged
/// ledger within the first minute.
const QUICK_CHECK_MAX_BYTES: u64 = 256 << 20;
thread_local! {
    /// [`QUICK_CHECK_MAX_BYTES`] per thread, so that a test changing it
    /// ([`set_quick_check_max_bytes`]) changes it for its own openings only, not for the tests
    /// running beside it in the same process.
    static QUICK_CHECK_LIMIT: std::cell::Cell<u64> = const { std::cell::Cell::new(QUICK_CHECK_MAX_BYTES) };
}

/// Changes the size limit of the check at every opening on this thread (tests).
#[doc(hidden)]
pub fn set_quick_check_max_bytes(bytes: u64) {
    QUICK_CHECK_LIMIT.with(|l| l.set(bytes));
}

/// Whether opening this file runs the full `quick_check`: a small file, or one whose `-wal`
/// still holds frames (the last program using it did not close it: a crash, a power cut, or it
/// is open elsewhere).
fn needs_quick_check(path: &Path) -> bool {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_frames = std::fs::metadata(std::path::PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    wal_frames || size <= QUICK_CHECK_LIMIT.with(std::cell::Cell::get)
}

/// The cheap check of a big, cleanly closed file: its header and schema read (SQLite itself
/// refuses a file shorter than its header says: a truncated file fails here).
fn check_structure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    let read = conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    match read {
        Ok(_) => Ok(()),
        Err(e) => Err(unreadable(path, e)),
    }
}

/// A read that failed on an existing file: damaged (`Corrupt`, the recovery screen is offered)
/// or not a ledger at all.
fn unreadable(path: &Path, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, m) if f.code == rusqlite::ErrorCode::DatabaseCorrupt => {
            crate::storage::backup::corrupt_error(
                path,
                m.as_deref().unwrap_or("database disk image is malformed"),
            )
        }
        e => not_a_ledger(path, e.into()),
    }
}

/// `PRAGMA quick_check` before anything writes to an existing file.
fn check_integrity(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    match crate::storage::backup::integrity_problems(conn, true) {
        Ok(problems) if problems.is_empty() => Ok(()),
        Ok(problems) => Err(crate::storage::backup::corrupt_error(path, &problems[0])),
        Err(e) => Err(unreadable(path, e)),
    }
}

/// Runs `f` again, for up to 5 s, while it fails with "database is locked": a few steps of
/// opening do not wait for the busy timeout themselves. Seen when two programs open a new file
/// at once (`PRAGMA journal_mode = WAL` while the other one is creating it).
fn retry_while_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        match f() {
            Err(Error::Storage(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
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

fn migrate(
    conn: &mut Connection,
    path: &Path,
    migrations: &[&str],
    passphrase: Option<&str>,
) -> Result<()> {
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
    // Programs opening an older file at once (the app and the CLI) take turns: one backs it up
    // and upgrades it while the others wait here, then find the work done. Without the turn,
    // two backups of the same second replaced each other's file, which Windows refuses while
    // the other program still has it open («拒绝访问»).
    let _turn = if applied > 0 {
        let turn = crate::storage::backup::snapshot::upgrade_turn(path)?;
        let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if applied >= target {
            return Ok(());
        }
        crate::storage::backup::snapshot::before_migration(
            conn, path, applied, target, passphrase,
        )?;
        Some(turn)
    } else {
        None
    };
    // A migration may rebuild a table others refer to (SQLite's "make a new table, copy, drop
    // the old, rename" procedure), which foreign keys would refuse halfway: they are off while
    // migrating (a pragma that only takes effect outside a transaction), and every reference is
    // checked before the upgrade commits.
    conn.pragma_update(None, "foreign_keys", false)?;
    let upgraded = apply_migrations(conn, migrations, target);
    conn.pragma_update(None, "foreign_keys", true)?;
    upgraded?;
    if applied > 0 {
        give_back_freed_pages(conn);
    }
    Ok(())
}

/// After an upgrade that rebuilt tables (v14 rewrote the links, and freed a third of a large
/// file), gives the freed pages back to the disk: SQLite keeps them for later writes, so the
/// file would stay as large as before. Only when more than a quarter of the file is free; a
/// failure (another program reading the file at that moment) leaves it as it is, whole and
/// correct, only larger than it needs to be.
fn give_back_freed_pages(conn: &Connection) {
    let pages = |pragma: &str| -> i64 {
        conn.pragma_query_value(None, pragma, |r| r.get(0))
            .unwrap_or(0)
    };
    let (free, total) = (pages("freelist_count"), pages("page_count"));
    if free > 0 && free * 4 > total {
        // VACUUM builds the new file in a temporary one: on disk, not in memory (the
        // connection keeps its temporary tables in memory), or a large ledger would need its
        // size again in RAM.
        let _ = conn.execute_batch("PRAGMA temp_store = FILE; VACUUM;");
        let _ = conn.pragma_update(None, "temp_store", "MEMORY");
    }
}

/// Applies the migrations not yet applied in one transaction, foreign keys checked at its end.
fn apply_migrations(conn: &mut Connection, migrations: &[&str], target: i64) -> Result<()> {
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
    let broken: Option<String> = tx
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()?;
    if let Some(table) = broken {
        return Err(Error::Conflict(format!(
            "升级台账时发现表“{table}”的记录引用了不存在的记录，升级已撤销，文件未被改动。"
        )));
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

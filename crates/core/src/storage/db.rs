//! Opening the ledger file: pragmas on every connection, embedded migrations applied atomically.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};
use crate::reference::seed;

/// Migrations, in order; `PRAGMA user_version` counts how many have been applied.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_ledger.sql"),
    include_str!("migrations/0002_search.sql"),
    include_str!("migrations/0003_sync.sql"),
    include_str!("migrations/0004_search_index.sql"),
    include_str!("migrations/0005_company_details.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens a SQLite connection; every connection this crate makes is opened here.
///
/// SQLCipher registers `sqlcipher_export` (used to encrypt and decrypt ledgers) at the very end
/// of `sqlite3_initialize`, after SQLite already counts itself initialized. A connection that
/// a second thread opened in that window lacked the function, and setting a passphrase failed
/// with "no such function: sqlcipher_export" (seen once in CI, tests opening ledgers in
/// parallel). Initializing once, before any connection, closes the window.
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    initialize_sqlite();
    Connection::open_with_flags(path, flags)
}

/// Runs `sqlite3_initialize` (and SQLCipher's set-up within it) to the end, once per process;
/// other threads wait for it.
pub(crate) fn initialize_sqlite() {
    static INITIALIZED: std::sync::Once = std::sync::Once::new();
    INITIALIZED.call_once(|| {
        // SAFETY: sqlite3_initialize takes no arguments and may be called at any time; `Once`
        // makes every other opener wait until it has returned.
        let rc = unsafe { rusqlite::ffi::sqlite3_initialize() };
        assert_eq!(rc, rusqlite::ffi::SQLITE_OK, "SQLite failed to initialize");
    });
}

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

/// The input field named by a missing or wrong passphrase error.
pub const PASSPHRASE_FIELD: &str = "passphrase";

/// The first 16 bytes of every plaintext SQLite file; an encrypted one starts with random salt.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` looks like an encrypted ledger: whole pages (a multiple of 512
/// bytes, at least one page) that do not start with SQLite's plaintext header. (A ledger whose
/// header was destroyed looks the same: it then fails to open with any passphrase.)
pub fn is_encrypted(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let len = file.metadata()?.len();
    if len < 512 || len % 512 != 0 {
        return Ok(false);
    }
    let mut head = Vec::with_capacity(16);
    file.by_ref().take(16).read_to_end(&mut head)?;
    Ok(head.as_slice() != SQLITE_HEADER)
}

/// Gives a fresh connection its key, before anything reads the file: for an encrypted file the
/// passphrase is required and checked (a wrong one reads nothing and writes nothing); for a new
/// or empty file a passphrase makes it encrypted; for a plaintext file it is ignored. Returns
/// whether the connection is keyed.
pub(crate) fn apply_key(conn: &Connection, path: &Path, passphrase: Option<&str>) -> Result<bool> {
    // SQLCipher logs failed decryptions to stderr; the error returned says it all.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    let passphrase = passphrase.filter(|p| !p.is_empty());
    let encrypted = is_encrypted(path)?;
    let exists = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    match (encrypted, passphrase) {
        (true, None) => Err(Error::Validation {
            field: Some(PASSPHRASE_FIELD),
            message: format!("台账“{}”已加密，请输入密码打开。", path.display()),
        }),
        (true, Some(p)) => {
            conn.pragma_update(None, "key", p)?;
            let probe: rusqlite::Result<i64> =
                conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0));
            match probe {
                Ok(_) => Ok(true),
                Err(e) if is_not_a_database(&e) => match first_page_damaged(path, p) {
                    Ok(true) => Err(crate::storage::backup::corrupt_error(
                        path,
                        "第 1 页已损坏，其余页面与密码相符",
                    )),
                    _ => Err(wrong_passphrase()),
                },
                Err(e) => Err(e.into()),
            }
        }
        (false, Some(p)) if !exists => {
            conn.pragma_update(None, "key", p)?;
            Ok(true)
        }
        (false, _) => Ok(false),
    }
}

/// Pages copied by [`first_page_damaged`].
const PAGES_CHECKED: u64 = 8;
/// SQLCipher's page size (its default; ledgers use it).
const CIPHER_PAGE_SIZE: u64 = 4096;

/// Whether an encrypted file that `passphrase` did not open has a damaged first page rather
/// than a wrong passphrase. Both look the same to SQLite (page 1 fails its HMAC), but every page
/// has its own HMAC: when a later page verifies with the key derived from this passphrase (and
/// the salt, the first 16 bytes, which the HMAC of page 1 does not cover), the passphrase is
/// right. Only the first [`PAGES_CHECKED`] pages are copied to a temporary file and checked with
/// `PRAGMA cipher_integrity_check`; the file itself is only read.
fn first_page_damaged(path: &Path, passphrase: &str) -> Result<bool> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(PAGES_CHECKED * CIPHER_PAGE_SIZE)
        .read_to_end(&mut head)?;
    let pages = head.len() as u64 / CIPHER_PAGE_SIZE;
    if pages < 2 {
        return Ok(false);
    }
    head.truncate((pages * CIPHER_PAGE_SIZE) as usize);
    let copy = std::env::temp_dir().join(format!(
        "zhaoshang-page-check-{}.sqlite3",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::write(&copy, &head)?;
    let failing = (|| -> Result<Vec<String>> {
        let conn = connect(
            &copy,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
        conn.pragma_update(None, "key", passphrase)?;
        let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })();
    let _ = std::fs::remove_file(&copy);
    let failing = failing?;
    let page1_fails = failing.iter().any(|m| m.ends_with(" page 1"));
    // Every page but the first verifies: a wrong key fails them all.
    Ok(page1_fails && (failing.len() as u64) < pages)
}

/// The message for a passphrase that does not open the file.
pub(crate) fn wrong_passphrase() -> Error {
    Error::Validation {
        field: Some(PASSPHRASE_FIELD),
        message: "密码不正确，台账没有打开，文件未被改动。请检查大小写和输入法后重试。".into(),
    }
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase)
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
static QUICK_CHECK_MAX_BYTES: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(256 << 20);

/// Changes the size limit of the check at every opening (tests).
#[doc(hidden)]
pub fn set_quick_check_max_bytes(bytes: u64) {
    QUICK_CHECK_MAX_BYTES.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

/// Whether opening this file runs the full `quick_check`: a small file, or one whose `-wal`
/// still holds frames (the last program using it did not close it: a crash, a power cut, or it
/// is open elsewhere).
fn needs_quick_check(path: &Path) -> bool {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_frames = std::fs::metadata(std::path::PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    wal_frames || size <= QUICK_CHECK_MAX_BYTES.load(std::sync::atomic::Ordering::Relaxed)
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
        let turn = crate::storage::backup::upgrade_turn(path)?;
        let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if applied >= target {
            return Ok(());
        }
        crate::storage::backup::before_migration(conn, path, applied, target, passphrase)?;
        Some(turn)
    } else {
        None
    };
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

//! One SQLite connection to a ledger file: opened (every connection of this crate is opened
//! here), keyed for SQLCipher, configured (WAL, foreign keys, busy timeout), and checked.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

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
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    Ok(())
}

/// The page cache `configure` gives every connection, in KiB.
pub const CACHE_KIB: i64 = 32_000;

/// Runs `f`, one pass over many pages read once (the facts' snapshot, a scan of every project),
/// with this connection's page cache made small, then sets it back: those pages would otherwise
/// fill the cache and stay there, the app's memory (32 MiB a connection at 100k projects),
/// pushing out the pages its queries use (issue 14).
pub fn with_small_cache<T>(
    conn: &Connection,
    f: impl FnOnce() -> rusqlite::Result<T>,
) -> Result<T> {
    let size: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -1024)?;
    let out = f();
    conn.pragma_update(None, "cache_size", size)?;
    Ok(out?)
}

/// The problems `PRAGMA integrity_check` (or the faster `quick_check`) reports; empty = sound.
/// An error reading the file at all (SQLITE_CORRUPT, SQLITE_NOTADB) is returned as an error.
pub fn integrity_problems(conn: &Connection, quick: bool) -> rusqlite::Result<Vec<String>> {
    let sql = if quick {
        "PRAGMA quick_check"
    } else {
        "PRAGMA integrity_check"
    };
    let rows: Vec<String> = conn
        .prepare(sql)?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(Vec::new())
    } else {
        Ok(rows)
    }
}

/// The error for a ledger or backup that failed its integrity check.
pub(crate) fn corrupt_error(path: &Path, detail: &str) -> Error {
    Error::Corrupt {
        message: format!(
            "台账文件“{}”已损坏（完整性检查未通过：{detail}）。为免损坏扩大，软件没有使用它；可从最近的备份恢复（zhaoshang restore --latest）。",
            path.display()
        ),
    }
}

pub(crate) fn is_code(e: &rusqlite::Error, codes: &[rusqlite::ErrorCode]) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if codes.contains(&f.code))
}

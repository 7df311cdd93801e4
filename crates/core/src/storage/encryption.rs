//! Encryption at rest (SQLCipher): setting, changing and removing a ledger's passphrase.
//!
//! - Opening: `Ledger::open_with_passphrase` keys the connection (`PRAGMA key`) before anything
//!   reads the file; a wrong passphrase reads nothing and writes nothing.
//! - Encrypting a plaintext ledger (and removing encryption) writes a new file with
//!   `sqlcipher_export` beside the ledger, verifies it (integrity check, same schema version,
//!   same row counts), syncs it, keeps the old file aside under a hard link, renames the new
//!   file over the ledger in one step and reopens it; only then is the old file deleted (it
//!   holds the plaintext, or the old key). At every moment the ledger path holds a whole file.
//! - Changing the passphrase of an encrypted ledger is `PRAGMA rekey` (one transaction: a crash
//!   leaves the old passphrase valid).
//! - The passphrase is not stored anywhere; SQLCipher derives the key from it (PBKDF2-HMAC-SHA512,
//!   256,000 iterations, AES-256 per page with an HMAC). Without it the data cannot be read.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::storage::backup::{remove_if_exists, sync_dir, sync_file};
use crate::storage::db::{self, PASSPHRASE_FIELD};
use crate::Ledger;

/// Shortest passphrase accepted when setting one.
pub const MIN_PASSPHRASE_CHARS: usize = 6;
/// The input field of the current passphrase when changing or removing it.
pub const CURRENT_PASSPHRASE_FIELD: &str = "current_passphrase";

/// Checks a new passphrase: at least [`MIN_PASSPHRASE_CHARS`] characters, not only spaces, at
/// most 256 characters, no control characters.
pub fn validate_passphrase(p: &str) -> Result<()> {
    let chars = p.chars().count();
    let problem = if p.trim().is_empty() {
        Some("密码不能为空。".to_string())
    } else if chars < MIN_PASSPHRASE_CHARS {
        Some(format!("密码至少需要 {MIN_PASSPHRASE_CHARS} 个字符。"))
    } else if chars > 256 {
        Some("密码不能超过 256 个字符。".to_string())
    } else if p.chars().any(char::is_control) {
        Some("密码不能包含控制字符（如换行）。".to_string())
    } else {
        None
    };
    match problem {
        Some(message) => Err(Error::Validation {
            field: Some(PASSPHRASE_FIELD),
            message,
        }),
        None => Ok(()),
    }
}

/// Copies everything `src` holds (schema, rows, `user_version`) into a new file at `target`,
/// encrypted with `passphrase` (plaintext with `None`).
pub(crate) fn export(src: &Connection, target: &Path, passphrase: Option<&str>) -> Result<()> {
    let target_str = target.to_str().ok_or_else(|| {
        Error::Conflict(format!("路径“{}”含有无法处理的字符。", target.display()))
    })?;
    let version: i64 = src.pragma_query_value(None, "user_version", |r| r.get(0))?;
    src.execute(
        "ATTACH DATABASE ?1 AS zs_export KEY ?2",
        rusqlite::params![target_str, passphrase.unwrap_or("")],
    )?;
    let exported = (|| -> Result<()> {
        src.query_row("SELECT sqlcipher_export('zs_export')", [], |_| Ok(()))?;
        src.execute_batch(&format!("PRAGMA zs_export.user_version = {version}"))?;
        Ok(())
    })();
    let detached = src.execute_batch("DETACH DATABASE zs_export");
    exported?;
    detached?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Row counts that must survive re-encryption unchanged.
fn fingerprint(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0
               AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(tables.len() + 1);
    for t in tables {
        let n: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM \"{}\"", t.replace('"', "\"\"")),
            [],
            |r| r.get(0),
        )?;
        out.push((t, n));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    out.push(("user_version".into(), version));
    Ok(out)
}

impl Ledger {
    /// Sets, changes or removes the ledger's passphrase.
    ///
    /// - `current`: the passphrase the ledger is encrypted with (checked; ignored for a
    ///   plaintext ledger);
    /// - `new`: the new passphrase (validated), or `None` to store the ledger unencrypted.
    ///
    /// Other connections to the file (the app's reader) must be closed first: the file is
    /// replaced. Backups made from now on use the new passphrase; older ones keep theirs.
    pub fn set_passphrase(&mut self, current: Option<&str>, new: Option<&str>) -> Result<()> {
        if let Some(p) = new {
            validate_passphrase(p)?;
        }
        if let Some(stored) = self.passphrase() {
            if current != Some(stored) {
                return Err(Error::Validation {
                    field: Some(CURRENT_PASSPHRASE_FIELD),
                    message: "当前密码不正确，密码没有改动。".into(),
                });
            }
        }
        match (self.is_encrypted(), new) {
            (false, None) => Ok(()),
            (true, Some(p)) => self.rekey(p),
            (_, new) => self.reencrypt(new),
        }
    }

    /// `PRAGMA rekey`: re-encrypts every page with the new key in one transaction.
    fn rekey(&mut self, new: &str) -> Result<()> {
        if self.passphrase() == Some(new) {
            return Ok(());
        }
        self.connection()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.connection().pragma_update(None, "rekey", new)?;
        self.connection()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        // Prove the new passphrase opens the file before forgetting the old one.
        let conn = db::open_with_passphrase(self.path(), Some(new))?;
        self.replace_connection(conn, Some(new.to_string()));
        Ok(())
    }

    /// Writes the ledger into a new file under `new` (or plaintext), verifies it and swaps it in.
    fn reencrypt(&mut self, new: Option<&str>) -> Result<()> {
        let path = self.path().to_path_buf();
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let tmp = with_suffix(&path, &format!(".reencrypt-{stamp}.partial"));
        let aside = with_suffix(&path, &format!(".before-reencrypt-{stamp}"));
        let before = fingerprint(self.connection())?;
        let built = (|| -> Result<()> {
            remove_if_exists(&tmp)?;
            export(self.connection(), &tmp, new)?;
            let check = crate::storage::connection::connect(
                &tmp,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            crate::storage::connection::apply_key(&check, &tmp, new)?;
            let problems = crate::storage::backup::integrity_problems(&check, false)?;
            if let Some(first) = problems.first() {
                return Err(Error::Conflict(format!(
                    "加密后的副本未通过完整性检查（{first}），台账未被改动。"
                )));
            }
            if fingerprint(&check)? != before {
                return Err(Error::Conflict(
                    "加密后的副本与台账的数据条数不一致，台账未被改动。".into(),
                ));
            }
            drop(check);
            sync_file(&tmp)?;
            Ok(())
        })();
        if let Err(e) = built {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        // Close this connection (the last one: SQLite then checkpoints and deletes the -wal).
        // A copy wiped when this function returns.
        let old_passphrase = self
            .passphrase()
            .map(|p| zeroize::Zeroizing::new(p.to_string()));
        let placeholder = crate::storage::connection::connect(
            Path::new(":memory:"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        self.replace_connection(placeholder, old_passphrase.as_deref().cloned());
        let wal = with_suffix(&path, "-wal");
        let reopen_old = |ledger: &mut Ledger| -> Result<()> {
            let conn =
                db::open_with_passphrase(&path, old_passphrase.as_deref().map(String::as_str))?;
            ledger.replace_connection(conn, old_passphrase.as_deref().cloned());
            Ok(())
        };
        if wal.exists() {
            let _ = std::fs::remove_file(&tmp);
            reopen_old(self)?;
            return Err(Error::Conflict(format!(
                "台账“{}”正被其他程序（或本程序的另一窗口）使用，请先关闭它再设置密码；台账未被改动。",
                path.display()
            )));
        }
        let swapped = (|| -> Result<()> {
            remove_if_exists(&aside)?;
            if std::fs::hard_link(&path, &aside).is_err() {
                std::fs::copy(&path, &aside)?;
            }
            remove_if_exists(&wal)?;
            remove_if_exists(&with_suffix(&path, "-shm"))?;
            std::fs::rename(&tmp, &path)?;
            sync_dir(&dir);
            Ok(())
        })();
        if let Err(e) = swapped {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(&aside);
            reopen_old(self)?;
            return Err(e);
        }
        match db::open_with_passphrase(&path, new) {
            Ok(conn) => {
                self.replace_connection(conn, new.map(str::to_string));
                // The old file holds the plaintext (or the old key): it goes once the new one
                // opened.
                let _ = std::fs::remove_file(&aside);
                Ok(())
            }
            Err(e) => {
                // Put the old file back; nothing is lost.
                std::fs::rename(&aside, &path)?;
                sync_dir(&dir);
                reopen_old(self)?;
                Err(e)
            }
        }
    }
}

/// The plaintext backups in a folder (made before the ledger was encrypted): they still hold
/// the data unencrypted. The settings page lists them so the user can delete them.
pub fn plaintext_backups(dir: &Path) -> Result<Vec<crate::storage::backup::BackupInfo>> {
    Ok(crate::storage::backup::list_backups(dir)?
        .into_iter()
        .filter(|b| !b.encrypted)
        .collect())
}

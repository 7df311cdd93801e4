//! Restoring a backup over the ledger: the old file is kept aside, the swap is one rename.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::OpenFlags;

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::storage::backup::naming::*;
use crate::storage::backup::verify::*;
use crate::storage::backup::*;
use crate::storage::connection::*;
use crate::storage::files::*;

/// Replaces the ledger at `ledger_path` with the backup at `backup`:
/// 1. the backup is verified (integrity check, known schema), else nothing is touched;
/// 2. a fresh compact copy is written beside the ledger under a temporary name and verified;
/// 3. the live file, if any, is checkpointed (refused if another program has it open) and kept
///    aside as `ledger.sqlite3.before-restore-<ts>` (with its `-wal` if it has one);
/// 4. the copy is renamed over the ledger in one step and the ledger is reopened (which
///    upgrades an older schema, making its own pre-upgrade backup).
pub fn restore(backup: &Path, ledger_path: &Path, now: DateTime<Utc>) -> Result<RestoreReport> {
    restore_with(backup, ledger_path, now, None)
}

/// [`restore`] with a passphrase: it opens an encrypted backup, and the restored ledger is
/// encrypted with it (a plaintext backup is encrypted on the way in). Without one, the backup
/// must be plaintext and the restored ledger is too.
pub fn restore_with(
    backup: &Path,
    ledger_path: &Path,
    now: DateTime<Utc>,
    passphrase: Option<&str>,
) -> Result<RestoreReport> {
    let passphrase = passphrase.filter(|p| !p.is_empty());
    verify_with(backup, passphrase)?;
    let dir = ledger_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir)?;
    let file = ledger_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(crate::LEDGER_FILE_NAME);
    let tmp = partial_path(&dir, &format!("{file}.restore"));
    let built = (|| -> Result<()> {
        remove_if_exists(&tmp)?;
        let src = open_read_only(backup, passphrase)?;
        let tmp_str = tmp.to_str().ok_or_else(|| {
            Error::Conflict(format!("路径“{}”含有无法处理的字符。", tmp.display()))
        })?;
        match passphrase {
            Some(p) if !crate::storage::db::is_encrypted(backup)? => {
                // ATTACH creates the target with the connection's flags (read-write, create);
                // nothing writes to the backup itself.
                drop(src);
                let src = crate::storage::connection::connect(
                    backup,
                    OpenFlags::SQLITE_OPEN_READ_WRITE
                        | OpenFlags::SQLITE_OPEN_CREATE
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                crate::storage::encryption::export(&src, &tmp, Some(p))?;
            }
            _ => {
                src.execute("VACUUM INTO ?1", [tmp_str])?;
                drop(src);
            }
        }
        verify_with(&tmp, passphrase)?;
        sync_file(&tmp)?;
        Ok(())
    })();
    if let Err(e) = built {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let previous = match keep_live_aside(ledger_path, now, passphrase) {
        Ok(p) => p,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if let Err(e) = std::fs::rename(&tmp, ledger_path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    sync_dir(&dir);
    let _ = prune_kept_aside(ledger_path, now);
    let ledger = Ledger::open_with_passphrase(ledger_path, passphrase)?;
    let projects: i64 = ledger.connection().query_row(
        "SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    let schema_version: i64 =
        ledger
            .connection()
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(RestoreReport {
        restored_from: backup.to_path_buf(),
        ledger_path: ledger_path.to_path_buf(),
        previous_kept_at: previous,
        verified: Verified {
            schema_version,
            projects,
        },
    })
}

/// Checkpoints the live file (so its main file holds everything), refuses if another program
/// has it open, links or copies it (and any `-wal`) aside, then removes the live `-wal`/`-shm`
/// so that the file renamed in next is not mixed with the old log.
pub(super) fn keep_live_aside(
    ledger_path: &Path,
    now: DateTime<Utc>,
    passphrase: Option<&str>,
) -> Result<Option<PathBuf>> {
    let wal = with_suffix(ledger_path, "-wal");
    let shm = with_suffix(ledger_path, "-shm");
    if !ledger_path.exists() {
        remove_if_exists(&wal)?;
        remove_if_exists(&shm)?;
        return Ok(None);
    }
    let in_use = || {
        Error::Conflict(format!(
            "台账“{}”正被其他程序（如招商台账桌面应用）使用。请先关闭它再恢复；台账未被改动。",
            ledger_path.display()
        ))
    };
    let checkpointed = {
        let conn = crate::storage::connection::connect(
            ledger_path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // An encrypted live file that this passphrase does not open is kept aside as it is.
        let _ = crate::storage::connection::apply_key(&conn, ledger_path, passphrase);
        let r: rusqlite::Result<(i64, i64, i64)> =
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            });
        match r {
            Ok((0, _, _)) => true,
            Ok(_) => return Err(in_use()),
            Err(e) if is_code(&e, &[rusqlite::ErrorCode::DatabaseBusy]) => return Err(in_use()),
            Err(_) => false, // corrupt or not a database: keep it aside as it is
        }
    };
    // The last connection to close deletes the -wal; if it is still there, someone else has
    // the file open.
    if checkpointed && wal.exists() {
        return Err(in_use());
    }
    let aside = with_suffix(
        ledger_path,
        &format!(".before-restore-{}", now.format(STAMP)),
    );
    remove_if_exists(&aside)?;
    if std::fs::hard_link(ledger_path, &aside).is_err() {
        std::fs::copy(ledger_path, &aside)?;
        sync_file(&aside)?;
    }
    if wal.exists() {
        let aside_wal = with_suffix(&aside, "-wal");
        std::fs::copy(&wal, &aside_wal)?;
        sync_file(&aside_wal)?;
    }
    remove_if_exists(&wal)?;
    remove_if_exists(&shm)?;
    Ok(Some(aside))
}

/// How long files kept aside by a restore (`ledger.sqlite3.before-restore-<time>`) stay.
pub const KEPT_ASIDE_DAYS: i64 = 30;

/// Deletes the files a restore kept aside (with their `-wal`) that are more than
/// [`KEPT_ASIDE_DAYS`] older than `now`, always keeping the newest one. Returns what it deleted.
pub fn prune_kept_aside(ledger_path: &Path, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
    let Some(dir) = ledger_path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(Vec::new());
    };
    let Some(base) = ledger_path.file_name().and_then(|n| n.to_str()) else {
        return Ok(Vec::new());
    };
    let prefix = format!("{base}.before-restore-");
    let mut aside: Vec<(DateTime<Utc>, PathBuf)> = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(stamp) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if let Ok(t) = NaiveDateTime::parse_from_str(stamp, STAMP) {
            aside.push((t.and_utc(), entry.path()));
        }
    }
    aside.sort_by_key(|a| std::cmp::Reverse(a.0));
    let mut deleted = Vec::new();
    for (taken, path) in aside.into_iter().skip(1) {
        if now - taken > chrono::Duration::days(KEPT_ASIDE_DAYS) {
            std::fs::remove_file(&path)?;
            let _ = std::fs::remove_file(with_suffix(&path, "-wal"));
            deleted.push(path);
        }
    }
    Ok(deleted)
}

/// Restores the newest backup in `dir` that passes verification.
pub fn restore_latest(dir: &Path, ledger_path: &Path, now: DateTime<Utc>) -> Result<RestoreReport> {
    restore_latest_with(dir, ledger_path, now, None)
}

/// [`restore_latest`] among the backups `passphrase` opens (and plaintext ones).
pub fn restore_latest_with(
    dir: &Path,
    ledger_path: &Path,
    now: DateTime<Utc>,
    passphrase: Option<&str>,
) -> Result<RestoreReport> {
    match newest_good_backup_with(dir, passphrase)? {
        Some((b, _)) => restore_with(&b.path, ledger_path, now, passphrase),
        None => Err(Error::NotFound {
            what: "可用的备份",
            id: dir.display().to_string(),
        }),
    }
}

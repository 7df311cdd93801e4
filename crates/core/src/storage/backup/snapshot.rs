//! One verified snapshot of a ledger (`VACUUM INTO`, checked, synced, renamed into place), its
//! copies in more folders, and the snapshot made before a schema upgrade.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::storage::backup::naming::*;
use crate::storage::backup::retention::*;
use crate::storage::backup::verify::*;
use crate::storage::backup::*;
use crate::storage::connection::*;
use crate::storage::files::*;

pub(super) fn backup_from(
    conn: &Connection,
    ledger_path: &Path,
    passphrase: Option<&str>,
    dirs: &[PathBuf],
    now: DateTime<Utc>,
    policy: RetentionPolicy,
) -> Result<BackupOutcome> {
    let started = Instant::now();
    let default = [default_dir(ledger_path)];
    let dirs = if dirs.is_empty() { &default[..] } else { dirs };
    let name = file_name(now, None);
    // A snapshot of a damaged ledger fails (or fails its check): say so about the ledger.
    let (first, verified) =
        snapshot_into(conn, &dirs[0], &name, passphrase).map_err(|e| match e {
            Error::Storage(ref s)
                if is_code(
                    s,
                    &[
                        rusqlite::ErrorCode::DatabaseCorrupt,
                        rusqlite::ErrorCode::NotADatabase,
                    ],
                ) =>
            {
                corrupt_error(ledger_path, &s.to_string())
            }
            Error::Corrupt { .. } => corrupt_error(ledger_path, "它的备份副本未通过检查"),
            other => other,
        })?;
    let mut made = vec![first.clone()];
    let mut failed = Vec::new();
    for dir in &dirs[1..] {
        match copy_verified(&first.path, dir, &name, passphrase) {
            Ok(info) => made.push(info),
            Err(e) => failed.push((dir.clone(), e.to_string())),
        }
    }
    let offset = local_offset();
    let mut pruned = Vec::new();
    for b in &made {
        let dir = b.path.parent().expect("backup in a folder");
        pruned.extend(prune(dir, policy, offset)?);
    }
    Ok(BackupOutcome {
        made,
        failed,
        pruned,
        verified,
        elapsed: started.elapsed(),
    })
}

/// The snapshot made before a schema upgrade (called by `db::open` with the connection about
/// to migrate): tagged `v<from>-before-v<to>`, never pruned. Any failure stops the upgrade.
pub(crate) fn before_migration(
    conn: &Connection,
    ledger_path: &Path,
    from: i64,
    to: i64,
    passphrase: Option<&str>,
) -> Result<BackupInfo> {
    let name = file_name(Utc::now(), Some(&format!("v{from}-before-v{to}")));
    snapshot_into(conn, &default_dir(ledger_path), &name, passphrase)
        .map(|(info, _)| info)
        .map_err(|e| {
            Error::Conflict(format!(
                "升级数据版本（{from} → {to}）前的备份没有成功，为安全起见没有升级，台账未被改动：{e}"
            ))
        })
}

/// The lock file in the backup folder held while a ledger is backed up and upgraded.
pub(super) const UPGRADE_LOCK: &str = ".upgrade.lock";

/// Waits for, and holds until dropped, the turn to back up and upgrade the ledger at
/// `ledger_path`: an exclusive lock (LockFileEx on Windows, flock elsewhere) on a small file in
/// its backup folder, which every program and thread opens on its own handle.
pub(crate) fn upgrade_turn(ledger_path: &Path) -> Result<std::fs::File> {
    let dir = default_dir(ledger_path);
    std::fs::create_dir_all(&dir)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(UPGRADE_LOCK))?;
    file.lock()?;
    Ok(file)
}

/// `VACUUM INTO` a temporary file in `dir`, verify it, sync it, rename it to `name`. SQLCipher
/// writes the copy of an encrypted connection encrypted with the same key.
pub(super) fn snapshot_into(
    conn: &Connection,
    dir: &Path,
    name: &str,
    passphrase: Option<&str>,
) -> Result<(BackupInfo, Verified)> {
    std::fs::create_dir_all(dir)?;
    let tmp = partial_path(dir, name);
    let result = (|| {
        remove_if_exists(&tmp)?;
        let tmp_str = tmp.to_str().ok_or_else(|| {
            Error::Conflict(format!("备份路径“{}”含有无法处理的字符。", tmp.display()))
        })?;
        conn.execute("VACUUM INTO ?1", [tmp_str])?;
        finish(&tmp, dir, name, passphrase)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Copies a verified backup into another folder (a USB stick), verifying the copy there.
pub(super) fn copy_verified(
    src: &Path,
    dir: &Path,
    name: &str,
    passphrase: Option<&str>,
) -> Result<BackupInfo> {
    std::fs::create_dir_all(dir)?;
    let tmp = partial_path(dir, name);
    let result = (|| {
        std::fs::copy(src, &tmp)?;
        finish(&tmp, dir, name, passphrase).map(|(info, _)| info)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Verifies and syncs a finished temporary file, then renames it into place.
pub(super) fn finish(
    tmp: &Path,
    dir: &Path,
    name: &str,
    passphrase: Option<&str>,
) -> Result<(BackupInfo, Verified)> {
    let verified = verify_with(tmp, passphrase)?;
    sync_file(tmp)?;
    let path = dir.join(name);
    std::fs::rename(tmp, &path)?;
    sync_dir(dir);
    let (taken_at, tag) = parse_file_name(name).expect("names made by file_name parse");
    let size = std::fs::metadata(&path)?.len();
    Ok((
        BackupInfo {
            encrypted: crate::storage::db::is_encrypted(&path)?,
            path,
            taken_at,
            tag,
            size,
        },
        verified,
    ))
}

//! Backup file names and the backup folder, and listing the backups in it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::error::Result;
use crate::storage::backup::*;

/// The backup folder beside a ledger file (`<data dir>/backups`).
pub fn default_dir(ledger_path: &Path) -> PathBuf {
    ledger_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join(BACKUP_DIR_NAME)
}

/// `ledger-20220630T081500Z.sqlite3`, or `ledger-20220630T081500Z-<tag>.sqlite3`.
pub fn file_name(taken_at: DateTime<Utc>, tag: Option<&str>) -> String {
    let stamp = taken_at.format(STAMP);
    match tag {
        Some(t) => format!("{PREFIX}{stamp}-{t}{EXTENSION}"),
        None => format!("{PREFIX}{stamp}{EXTENSION}"),
    }
}

/// The time and tag in a backup file name; `None` for any other file.
pub fn parse_file_name(name: &str) -> Option<(DateTime<Utc>, Option<String>)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    let stamp = rest.get(..16)?;
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    match &rest[16..] {
        "" => Some((taken, None)),
        tail => {
            let tag = tail.strip_prefix('-')?;
            let ok = !tag.is_empty()
                && tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            ok.then(|| (taken, Some(tag.to_string())))
        }
    }
}

/// The backups in a folder, newest first (a missing folder has none).
pub fn list_backups(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let Some((taken_at, tag)) = parse_file_name(&name) else {
            continue;
        };
        let meta = entry.metadata()?;
        if !meta.is_file() {
            continue;
        }
        out.push(BackupInfo {
            encrypted: crate::storage::db::is_encrypted(&entry.path())?,
            path: entry.path(),
            taken_at,
            tag,
            size: meta.len(),
        });
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(out)
}

/// A temporary name no other backup run (in this or another process) uses at the same time.
pub(super) fn partial_path(dir: &Path, name: &str) -> PathBuf {
    static RUN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{run}{PARTIAL}", std::process::id()))
}

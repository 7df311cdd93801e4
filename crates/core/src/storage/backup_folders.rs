//! Which folders hold a ledger's backups, the backups in all of them, and the newest good one
//! among them (the recovery screen's offer and `zhaoshang restore --latest`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::storage::backup::{self, BackupInfo};

/// The folders automatic and manual backups go to: `backups` beside the ledger, then a second
/// folder (a USB stick: `SecuritySettings::extra_dir`) when one is set.
pub fn backup_dirs(ledger_path: &Path, extra_dir: Option<&str>) -> Vec<PathBuf> {
    let mut dirs = vec![backup::default_dir(ledger_path)];
    if let Some(d) = extra_dir {
        dirs.push(PathBuf::from(d));
    }
    dirs
}

/// One backup file as the app lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupEntry {
    pub path: String,
    pub folder: String,
    /// RFC 3339, UTC.
    pub taken_at: String,
    /// `v1-before-v2` for a backup made before a schema upgrade (never pruned).
    pub tag: Option<String>,
    pub size: u64,
    pub encrypted: bool,
}

impl From<BackupInfo> for BackupEntry {
    fn from(b: BackupInfo) -> Self {
        BackupEntry {
            folder: b
                .path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            path: b.path.display().to_string(),
            taken_at: b.taken_at.to_rfc3339(),
            tag: b.tag,
            size: b.size,
            encrypted: b.encrypted,
        }
    }
}

/// Every backup in `dirs`, newest first (a folder that cannot be read lists none).
pub fn all_backups(dirs: &[PathBuf]) -> Vec<BackupEntry> {
    let mut out: Vec<BackupInfo> = dirs
        .iter()
        .flat_map(|d| backup::list_backups(d).unwrap_or_default())
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    out.into_iter().map(BackupEntry::from).collect()
}

/// The newest good backup among several folders, and the folders that could not be searched.
#[derive(Debug, Default)]
pub struct NewestGood {
    /// The newest backup that passes its integrity check (on a tie, the earlier folder's).
    pub backup: Option<BackupInfo>,
    /// The folders whose search failed, in the order given, with why.
    pub unreadable: Vec<(PathBuf, Error)>,
}

impl NewestGood {
    /// Strict: the first folder that could not be searched is an error, none found is
    /// `NotFound` naming the folders (`zhaoshang restore --latest`).
    pub fn required(self, dirs: &[PathBuf]) -> Result<BackupInfo> {
        if let Some((_, e)) = self.unreadable.into_iter().next() {
            return Err(e);
        }
        self.backup.ok_or_else(|| Error::NotFound {
            what: "可用的备份",
            id: dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
        })
    }
}

/// The newest backup in any of `dirs` that passes its integrity check: plaintext ones and
/// those `passphrase` opens ([`backup::newest_good_backup_with`] in each folder).
pub fn newest_good_backup(dirs: &[PathBuf], passphrase: Option<&str>) -> NewestGood {
    let mut out = NewestGood::default();
    for dir in dirs {
        match backup::newest_good_backup_with(dir, passphrase) {
            Ok(Some((b, _))) => {
                if out.backup.as_ref().is_none_or(|x| b.taken_at > x.taken_at) {
                    out.backup = Some(b);
                }
            }
            Ok(None) => {}
            Err(e) => out.unreadable.push((dir.clone(), e)),
        }
    }
    out
}

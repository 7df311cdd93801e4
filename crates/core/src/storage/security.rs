//! This laptop's backup and lock settings (设置 → 安全与备份): a second backup folder, the hours
//! between automatic backups and the minutes before an encrypted ledger locks itself.
//!
//! They live in `security.json` beside the ledger, not in it: they are needed before an
//! encrypted ledger is unlocked, and they belong to this laptop (a USB stick's path), not to the
//! office's shared data (sync does not carry them).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::storage::backup_folders::{self, BackupEntry};
use crate::storage::db;

/// The settings file, in the ledger's folder.
pub const SETTINGS_FILE: &str = "security.json";

/// Longest interval between automatic backups: one week, in hours.
pub const MAX_BACKUP_EVERY_HOURS: u32 = 24 * 7;
/// Longest idle time before an encrypted ledger locks: one day, in minutes (0 = never).
pub const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;

/// This laptop's backup and lock settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SecuritySettings {
    /// A second folder (a USB stick) every automatic backup is copied to.
    pub extra_backup_dir: Option<String>,
    /// Hours of use between automatic backups (one is also made at every start).
    pub backup_every_hours: u32,
    /// Minutes without keyboard or mouse input before an encrypted ledger locks (0 = never).
    pub auto_lock_minutes: u32,
}

impl Default for SecuritySettings {
    fn default() -> Self {
        SecuritySettings {
            extra_backup_dir: None,
            backup_every_hours: 4,
            auto_lock_minutes: 15,
        }
    }
}

impl SecuritySettings {
    /// The second backup folder, trimmed; None when it is not set (or only blanks).
    pub fn extra_dir(&self) -> Option<&str> {
        self.extra_backup_dir
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
    }

    /// The folders backups go to: `backups` beside the ledger, then the second folder.
    pub fn backup_dirs(&self, ledger_path: &Path) -> Vec<PathBuf> {
        backup_folders::backup_dirs(ledger_path, self.extra_dir())
    }

    /// The rules a saved setting must keep, each reported on its own field.
    pub fn validate(&self) -> Result<()> {
        if self.backup_every_hours == 0 || self.backup_every_hours > MAX_BACKUP_EVERY_HOURS {
            return Err(Error::invalid(
                "backup_every_hours",
                "备份间隔应在 1 到 168 小时之间。",
            ));
        }
        if self.auto_lock_minutes > MAX_AUTO_LOCK_MINUTES {
            return Err(Error::invalid(
                "auto_lock_minutes",
                "自动锁定时间应在 0（不锁定）到 1440 分钟之间。",
            ));
        }
        if let Some(d) = self.extra_dir() {
            if !Path::new(d).is_absolute() {
                return Err(Error::invalid(
                    "extra_backup_dir",
                    "第二备份位置须是完整路径，如 E:\\招商台账备份。",
                ));
            }
        }
        Ok(())
    }
}

/// Where the settings of the ledger at `ledger_path` are kept.
pub fn settings_path(ledger_path: &Path) -> PathBuf {
    ledger_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join(SETTINGS_FILE)
}

/// The saved settings; the defaults when there are none or the file cannot be read.
pub fn load_settings(ledger_path: &Path) -> SecuritySettings {
    std::fs::read(settings_path(ledger_path))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Checks `settings` ([`SecuritySettings::validate`]) and saves them whole
/// ([`crate::storage::files::write_whole`]). Returns what was saved.
pub fn save_settings(ledger_path: &Path, settings: SecuritySettings) -> Result<SecuritySettings> {
    settings.validate()?;
    let json = serde_json::to_vec_pretty(&settings)
        .map_err(|e| Error::Io(std::io::Error::other(format!("设置未能保存：{e}"))))?;
    crate::storage::files::write_whole(&settings_path(ledger_path), &json)
        .map_err(|e| Error::Io(std::io::Error::new(e.kind(), format!("设置未能保存：{e}"))))?;
    Ok(settings)
}

/// What 设置 → 安全与备份 shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecurityStatus {
    /// The ledger file is encrypted with a passphrase.
    pub encrypted: bool,
    /// The ledger is open (unlocked).
    pub unlocked: bool,
    pub settings: SecuritySettings,
    /// Backups in the backup folders, newest first.
    pub backups: Vec<BackupEntry>,
    /// Backups that are not encrypted (made before the passphrase was set).
    pub plaintext_backups: u32,
}

/// The status of the ledger at `ledger_path`; `unlocked`: whether the caller has it open.
pub fn status(ledger_path: &Path, unlocked: bool) -> Result<SecurityStatus> {
    let settings = load_settings(ledger_path);
    let backups = backup_folders::all_backups(&settings.backup_dirs(ledger_path));
    Ok(SecurityStatus {
        encrypted: db::is_encrypted(ledger_path)?,
        unlocked,
        plaintext_backups: backups.iter().filter(|b| !b.encrypted).count() as u32,
        settings,
        backups,
    })
}

/// The recovery screen's offer: the newest backup, in any folder of the settings, that passes
/// its integrity check (plaintext, or opened by `passphrase`). A folder that cannot be searched
/// is passed over.
pub fn newest_good_backup(ledger_path: &Path, passphrase: Option<&str>) -> Option<BackupEntry> {
    let dirs = load_settings(ledger_path).backup_dirs(ledger_path);
    backup_folders::newest_good_backup(&dirs, passphrase)
        .backup
        .map(BackupEntry::from)
}

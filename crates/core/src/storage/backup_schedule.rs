//! When a running program backs its ledger up, and what may not happen meanwhile: one backup
//! at every start and then whenever the newest is `backup_every_hours` old ([`BackupSchedule`]),
//! 立即备份 ([`backup_now`]), and deleting the plaintext backups once the ledger is encrypted
//! ([`delete_plaintext_backups`]). Each reads [`security`] for the folders and the interval.
//!
//! A backup reads the ledger file through its own connection, so the program keeps working
//! meanwhile; but setting the passphrase and restoring replace the file, and need no other
//! connection open. [`file_gate`] makes them take turns.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::storage::backup::{self, BackupInfo, BackupOutcome};
use crate::storage::{encryption, security};

/// Held while a backup reads the ledger file, and while setting the passphrase or restoring
/// replaces it: an automatic backup running at that moment made setting a passphrase fail with
/// "正被其他程序使用". A program holding the ledger behind locks of its own takes this first.
static FILE_GATE: Mutex<()> = Mutex::new(());

/// Waits for, then holds, the ledger file for a backup or a replacement (see [`FILE_GATE`]).
pub fn file_gate() -> MutexGuard<'static, ()> {
    FILE_GATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// For a program about to end: stops the backup under way, if any (its statements are
/// interrupted: it fails and removes its unfinished file), and holds the [`file_gate`] so that
/// no other starts (one that tries is refused) until the returned guard is dropped. When this
/// returns, no backup has a connection to the ledger open, so the program's own connections,
/// closed next, are the last: SQLite folds the `-wal` into the file and removes it, and the
/// next start sees a cleanly closed ledger. It acts on every backup of the process.
pub fn stop_backups() -> BackupsStopped {
    backup::running::stopping(true);
    loop {
        backup::running::interrupt_all();
        match FILE_GATE.try_lock() {
            Ok(gate) => return BackupsStopped { _gate: gate },
            Err(std::sync::TryLockError::Poisoned(e)) => {
                return BackupsStopped {
                    _gate: e.into_inner(),
                }
            }
            // A backup between two statements when interrupted goes on to the next one:
            // interrupt again until it has given up.
            Err(std::sync::TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
        }
    }
}

/// Backups are stopped while this lives ([`stop_backups`]).
pub struct BackupsStopped {
    _gate: MutexGuard<'static, ()>,
}

impl Drop for BackupsStopped {
    fn drop(&mut self) {
        backup::running::stopping(false);
    }
}

/// Backs up the ledger at `ledger_path` into the folders of its settings, holding the
/// [`file_gate`]. `passphrase` is asked for once the gate is held: it may change while waiting.
fn gated_backup(
    ledger_path: &Path,
    settings: &security::SecuritySettings,
    passphrase: impl FnOnce() -> Option<String>,
    now: DateTime<Utc>,
) -> Result<BackupOutcome> {
    // Checked before waiting for the gate too: a backup waiting for it while the program
    // stops its backups would keep taking it from [`stop_backups`].
    backup::running::refuse_while_stopping()?;
    let _gate = file_gate();
    backup::running::refuse_while_stopping()?;
    let passphrase = passphrase();
    backup::make_backup_with(
        ledger_path,
        passphrase.as_deref(),
        &settings.backup_dirs(ledger_path),
        now,
    )
}

/// Automatic backups of one running program: one at its start (once the ledger is open: an
/// encrypted one after unlocking), then whenever the newest routine backup in the default
/// folder is `backup_every_hours` old. Call [`BackupSchedule::run_if_due`] every few minutes
/// while the ledger is open.
#[derive(Debug, Default)]
pub struct BackupSchedule {
    started: bool,
}

impl BackupSchedule {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the backup when it is due (None when it is not). A failed backup is not tried
    /// again until it is due again; an error of kind `Corrupt` means the backup read every page
    /// of the ledger and found damage: stop writing to it and offer the newest good backup.
    pub fn run_if_due(
        &mut self,
        ledger_path: &Path,
        passphrase: impl FnOnce() -> Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Option<BackupOutcome>> {
        let settings = security::load_settings(ledger_path);
        let due = || {
            backup::automatic_backup_due(ledger_path, settings.backup_every_hours, now)
                .unwrap_or(true)
        };
        if self.started && !due() {
            return Ok(None);
        }
        self.started = true;
        gated_backup(ledger_path, &settings, passphrase, now).map(Some)
    }
}

/// 立即备份: a backup into every folder of the settings now. When the second folder (a USB
/// stick) could not be written, the backup beside the ledger is still made, and the error (on
/// the field `extra_backup_dir`) says both.
pub fn backup_now(
    ledger_path: &Path,
    passphrase: impl FnOnce() -> Option<String>,
    now: DateTime<Utc>,
) -> Result<BackupInfo> {
    let settings = security::load_settings(ledger_path);
    let out = gated_backup(ledger_path, &settings, passphrase, now)?;
    if let Some((dir, why)) = out.failed.first() {
        return Err(Error::invalid(
            "extra_backup_dir",
            format!(
                "已备份到 {}，但未能备份到 {}：{why}",
                out.made[0].path.display(),
                dir.display()
            ),
        ));
    }
    Ok(out.made[0].clone())
}

/// Deletes the backups that are not encrypted (made before the passphrase was set) from every
/// backup folder, after a fresh encrypted backup was made and verified, so the ledger is never
/// left without one. `passphrase`: the open ledger's; None (a plaintext ledger) is refused.
/// Returns how many were deleted (one that cannot be deleted is left, uncounted).
pub fn delete_plaintext_backups(
    ledger_path: &Path,
    passphrase: Option<String>,
    now: DateTime<Utc>,
) -> Result<u32> {
    let passphrase = passphrase.ok_or_else(|| Error::Validation {
        field: None,
        message: "台账没有加密：请先设置密码，再删除未加密的备份。".into(),
    })?;
    let settings = security::load_settings(ledger_path);
    gated_backup(ledger_path, &settings, || Some(passphrase), now)?;
    let mut deleted = 0;
    for dir in &settings.backup_dirs(ledger_path) {
        for b in encryption::plaintext_backups(dir).unwrap_or_default() {
            if std::fs::remove_file(&b.path).is_ok() {
                deleted += 1;
            }
        }
    }
    Ok(deleted)
}

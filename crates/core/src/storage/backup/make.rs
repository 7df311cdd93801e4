//! A backup run (snapshot, copies, pruning) and the automatic schedule.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::storage::backup::naming::*;
use crate::storage::backup::retention::*;
use crate::storage::backup::snapshot::*;
use crate::storage::backup::verify::*;
use crate::storage::backup::*;

/// Makes a backup of the ledger file at `ledger_path` (which may be open in another process:
/// the snapshot is consistent) into `dirs` (the first is the main folder; empty = the default
/// folder beside the ledger), then prunes each folder that received a verified copy.
pub fn make_backup(
    ledger_path: &Path,
    dirs: &[PathBuf],
    now: DateTime<Utc>,
) -> Result<BackupOutcome> {
    make_backup_with(ledger_path, None, dirs, now)
}

/// [`make_backup`] of a ledger that may be encrypted: the backups are encrypted with the same
/// passphrase.
pub fn make_backup_with(
    ledger_path: &Path,
    passphrase: Option<&str>,
    dirs: &[PathBuf],
    now: DateTime<Utc>,
) -> Result<BackupOutcome> {
    if !ledger_path.is_file() {
        return Err(Error::NotFound {
            what: "台账文件",
            id: ledger_path.display().to_string(),
        });
    }
    let conn = open_read_only(ledger_path, passphrase)?;
    let _running = super::running::register(&conn);
    conn.busy_timeout(Duration::from_secs(5))?;
    let keyed = crate::storage::db::is_encrypted(ledger_path)?;
    backup_from(
        &conn,
        ledger_path,
        passphrase.filter(|_| keyed),
        dirs,
        now,
        RetentionPolicy::default(),
    )
}

/// Whether the ledger at `ledger_path` is due its automatic backup: [`backup_due`] for the
/// newest routine (untagged) backup in its default folder. For callers that back up through
/// their own connection (the app, so its ledger stays usable meanwhile) and for
/// [`Ledger::backup_if_due`].
pub fn automatic_backup_due(
    ledger_path: &Path,
    every_hours: u32,
    now: DateTime<Utc>,
) -> Result<bool> {
    let last = list_backups(&default_dir(ledger_path))?
        .into_iter()
        .find(|b| b.tag.is_none())
        .map(|b| b.taken_at);
    Ok(backup_due(last, now, every_hours))
}

impl Ledger {
    /// Backs this ledger up now (consistent with every committed write of this connection)
    /// into the default folder beside it, then `extra_dirs` (a USB stick), pruning old ones.
    pub fn backup_now(&self, extra_dirs: &[PathBuf], now: DateTime<Utc>) -> Result<BackupOutcome> {
        let mut dirs = vec![default_dir(self.path())];
        dirs.extend(extra_dirs.iter().cloned());
        backup_from(
            self.connection(),
            self.path(),
            self.passphrase(),
            &dirs,
            now,
            RetentionPolicy::default(),
        )
    }

    /// The automatic backup: made when [`backup_due`] says so for the newest backup in the
    /// default folder. Call it when the app starts (`every_hours` = 0 backs up on every start)
    /// and every few minutes while it runs; "every N hours of use" follows.
    pub fn backup_if_due(
        &self,
        extra_dirs: &[PathBuf],
        every_hours: u32,
        now: DateTime<Utc>,
    ) -> Result<Option<BackupOutcome>> {
        if automatic_backup_due(self.path(), every_hours, now)? {
            self.backup_now(extra_dirs, now).map(Some)
        } else {
            Ok(None)
        }
    }
}

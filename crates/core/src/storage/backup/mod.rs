//! Backups of the ledger file and restoring from them.
//!
//! - A backup is a consistent snapshot made with `VACUUM INTO` (a compact single file in
//!   rollback-journal mode, readable without its `-wal`), written under a temporary name,
//!   verified (`PRAGMA integrity_check` = ok, a ledger schema this build knows), synced, and only
//!   then renamed to `ledger-20220630T081500Z.sqlite3` (UTC) in `<data dir>/backups/` and
//!   optionally in more folders (a USB stick). Older backups are pruned only after the new one
//!   verified, following [`RetentionPolicy`] (7 daily, 4 weekly, 12 monthly by default).
//! - Backups carrying a tag (`ledger-20220630T081500Z-v1-before-v2.sqlite3`, made before a
//!   schema upgrade) are never pruned automatically.
//! - [`restore`] verifies the backup, builds the new live file beside the ledger under a
//!   temporary name, keeps the old live file aside (`ledger.sqlite3.before-restore-<ts>`, with
//!   its `-wal`), and renames the new file over the ledger in one step: at every moment the
//!   ledger path holds either the old file or the restored one, never half of either.
//!
//! | file | what it does |
//! |---|---|
//! | `naming.rs` | backup file names (`ledger-<UTC>[-tag].sqlite3`), the folder, listing |
//! | `snapshot.rs` | one verified snapshot (`VACUUM INTO`), copies to more folders, the pre-upgrade backup |
//! | `make.rs` | a backup run: snapshot, copies, pruning; the automatic schedule |
//! | `verify.rs` | checking a backup file; the newest good backup |
//! | `retention.rs` | which backups are kept (daily, weekly, monthly) and pruning |
//! | `restore.rs` | restoring a backup over the ledger, keeping the old file aside |

mod make;
mod naming;
mod restore;
mod retention;
pub(crate) mod running;
pub(crate) mod snapshot;
mod verify;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub(crate) use crate::storage::connection::corrupt_error;
pub use crate::storage::connection::integrity_problems;
pub(crate) use crate::storage::files::{remove_if_exists, sync_dir, sync_file};
pub use make::{automatic_backup_due, make_backup, make_backup_with};
pub use naming::{default_dir, file_name, list_backups, parse_file_name};
pub use restore::{
    prune_kept_aside, restore, restore_latest, restore_latest_with, restore_with, KEPT_ASIDE_DAYS,
};
pub use retention::{backup_due, local_offset, prune, retention};
pub use verify::{newest_good_backup, newest_good_backup_with, verify, verify_with};

/// Name of the backup folder next to the ledger file.
pub const BACKUP_DIR_NAME: &str = "backups";

const PREFIX: &str = "ledger-";

const EXTENSION: &str = ".sqlite3";

const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// Temporary files are hidden and end with this; a crash leaves at most one, removed later.
const PARTIAL: &str = ".partial";

/// One backup file found in a backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When the snapshot was taken (from the file name, UTC, whole seconds).
    pub taken_at: DateTime<Utc>,
    /// `Some("v1-before-v2")` for a backup made before a schema upgrade: never pruned.
    pub tag: Option<String>,
    /// File size in bytes.
    pub size: u64,
    /// Encrypted with a passphrase (SQLCipher): the ledger's passphrase when it was taken.
    pub encrypted: bool,
}

/// What a verified backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// `PRAGMA user_version` of the backup (its schema version).
    pub schema_version: i64,
    /// Live (not deleted) projects in it.
    pub projects: i64,
}

/// The result of one backup run.
#[derive(Debug, Clone, Serialize)]
pub struct BackupOutcome {
    /// The verified backup files written, the main backup folder's first.
    pub made: Vec<BackupInfo>,
    /// Extra folders the backup could not be written to (folder, reason); the main one never
    /// appears here: its failure is the run's error.
    pub failed: Vec<(PathBuf, String)>,
    /// Older backups deleted by rotation.
    pub pruned: Vec<PathBuf>,
    /// What the backup holds.
    pub verified: Verified,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

/// The result of a restore.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub restored_from: PathBuf,
    pub ledger_path: PathBuf,
    /// Where the replaced live file was kept (`None` when there was no live file).
    pub previous_kept_at: Option<PathBuf>,
    /// What the restored ledger holds (after any schema upgrade on reopening).
    pub verified: Verified,
}

/// How many backups rotation keeps: every backup made less than `recent_hours` before the
/// newest one (the "every N hours" backups of the working day), and the newest one of each of
/// the last `daily` days, `weekly` ISO weeks and `monthly` months that have backups (restic's
/// `--keep-*` rule: a laptop left in a drawer for a season does not lose its old backups just
/// because time passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetentionPolicy {
    pub recent_hours: u32,
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            recent_hours: 24,
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

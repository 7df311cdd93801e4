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

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::storage::db::SCHEMA_VERSION;
use crate::Ledger;

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

/// The newest backup in `dir` that passes [`verify`], with what it holds.
pub fn newest_good_backup(dir: &Path) -> Result<Option<(BackupInfo, Verified)>> {
    newest_good_backup_with(dir, None)
}

/// [`newest_good_backup`] among the plaintext backups and those `passphrase` opens.
pub fn newest_good_backup_with(
    dir: &Path,
    passphrase: Option<&str>,
) -> Result<Option<(BackupInfo, Verified)>> {
    for b in list_backups(dir)? {
        if let Ok(v) = verify_with(&b.path, passphrase) {
            return Ok(Some((b, v)));
        }
    }
    Ok(None)
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

fn is_code(e: &rusqlite::Error, codes: &[rusqlite::ErrorCode]) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if codes.contains(&f.code))
}

/// Opens a backup read-only and checks it fully: `integrity_check` = ok, a ledger schema this
/// build can open (1..=SCHEMA_VERSION). Never writes to the file.
pub fn verify(path: &Path) -> Result<Verified> {
    verify_with(path, None)
}

/// Opens a file read-only, keyed with `passphrase` when it is encrypted (see `db::apply_key`).
fn open_read_only(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    let conn = crate::storage::db::connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::storage::db::apply_key(&conn, path, passphrase)?;
    Ok(conn)
}

/// [`verify`] for a backup that may be encrypted: `passphrase` opens it (a plaintext backup
/// ignores it). A missing or wrong passphrase is a `Validation` error on `passphrase`.
pub fn verify_with(path: &Path, passphrase: Option<&str>) -> Result<Verified> {
    let bad = |detail: String| Error::Corrupt {
        message: format!("备份“{}”不可用：{detail}。台账未被改动。", path.display()),
    };
    if !path.is_file() {
        return Err(Error::NotFound {
            what: "备份文件",
            id: path.display().to_string(),
        });
    }
    let conn = open_read_only(path, passphrase).map_err(|e| match e {
        Error::Validation { field, .. } => Error::Validation {
            field,
            message: if passphrase.is_some_and(|p| !p.is_empty()) {
                format!("密码打不开备份“{}”：它可能是修改密码之前做的，请输入当时的密码。台账未被改动。", path.display())
            } else {
                format!("备份“{}”已加密，请输入密码。台账未被改动。", path.display())
            },
        },
        other => other,
    })?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let problems = match integrity_problems(&conn, false) {
        Ok(p) => p,
        Err(e)
            if is_code(
                &e,
                &[
                    rusqlite::ErrorCode::DatabaseCorrupt,
                    rusqlite::ErrorCode::NotADatabase,
                ],
            ) =>
        {
            return Err(bad(format!("文件已损坏或不是数据库（{e}）")))
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(first) = problems.first() {
        return Err(bad(format!("完整性检查未通过（{first}）")));
    }
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if schema_version > SCHEMA_VERSION {
        return Err(bad(format!(
            "它来自更新版本的招商台账（数据版本 {schema_version}，本软件支持到 {SCHEMA_VERSION}）"
        )));
    }
    let has_projects: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projects')",
        [],
        |r| r.get(0),
    )?;
    if schema_version < 1 || !has_projects {
        return Err(bad("它不是招商台账数据库".into()));
    }
    let projects: i64 = conn.query_row(
        "SELECT COUNT(*) FROM projects WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(Verified {
        schema_version,
        projects,
    })
}

/// Whether an automatic backup is due: none yet, the newest is `every_hours` old, or the
/// clock went back (the newest backup looks more than an hour in the future).
pub fn backup_due(last: Option<DateTime<Utc>>, now: DateTime<Utc>, every_hours: u32) -> bool {
    match last {
        None => true,
        Some(last) if last > now + chrono::Duration::hours(1) => true,
        Some(last) => now - last >= chrono::Duration::hours(i64::from(every_hours)),
    }
}

/// A day, ISO week or month as a comparable key.
type BucketKey = fn(NaiveDate) -> (i32, u32, u32);

/// Rotation as a pure function: for each input time, whether to keep that backup. Days, weeks
/// (ISO) and months are counted in `offset` (the office's local time, UTC+8 in China). The
/// newest backup is always kept; equal times keep the first one given.
pub fn retention(
    taken: &[DateTime<Utc>],
    policy: RetentionPolicy,
    offset: FixedOffset,
) -> Vec<bool> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|&a, &b| taken[b].cmp(&taken[a]).then(a.cmp(&b)));
    let mut keep = vec![false; taken.len()];
    if let Some(&newest) = order.first() {
        keep[newest] = true;
        let since = taken[newest] - chrono::Duration::hours(i64::from(policy.recent_hours));
        for &i in &order {
            if taken[i] > since {
                keep[i] = true;
            }
        }
    }
    let local: Vec<NaiveDate> = taken
        .iter()
        .map(|t| t.with_timezone(&offset).date_naive())
        .collect();
    let buckets: [(usize, BucketKey); 3] = [
        (policy.daily, |d| (d.year(), d.month(), d.day())),
        (policy.weekly, |d| {
            (d.iso_week().year(), d.iso_week().week(), 0)
        }),
        (policy.monthly, |d| (d.year(), d.month(), 0)),
    ];
    for (count, key) in buckets {
        let mut seen = 0;
        let mut last = None;
        for &i in &order {
            if seen == count {
                break;
            }
            let k = key(local[i]);
            if last != Some(k) {
                last = Some(k);
                keep[i] = true;
                seen += 1;
            }
        }
    }
    keep
}

/// Deletes the untagged backups in `dir` that rotation does not keep (and temporary files
/// left by a crash more than an hour ago). Returns the deleted backups.
pub fn prune(dir: &Path, policy: RetentionPolicy, offset: FixedOffset) -> Result<Vec<PathBuf>> {
    let rotating: Vec<BackupInfo> = list_backups(dir)?
        .into_iter()
        .filter(|b| b.tag.is_none())
        .collect();
    let times: Vec<DateTime<Utc>> = rotating.iter().map(|b| b.taken_at).collect();
    let keep = retention(&times, policy, offset);
    let mut deleted = Vec::new();
    for (b, keep) in rotating.into_iter().zip(keep) {
        if !keep {
            std::fs::remove_file(&b.path)?;
            deleted.push(b.path);
        }
    }
    remove_stale_partials(dir);
    Ok(deleted)
}

fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_partial = name.to_str().is_some_and(|n| n.ends_with(PARTIAL));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if is_partial && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The office's UTC offset now (for day/week/month buckets).
pub fn local_offset() -> FixedOffset {
    chrono::Local::now().offset().fix()
}

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

fn backup_from(
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
const UPGRADE_LOCK: &str = ".upgrade.lock";

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

/// A temporary name no other backup run (in this or another process) uses at the same time.
fn partial_path(dir: &Path, name: &str) -> PathBuf {
    static RUN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{run}{PARTIAL}", std::process::id()))
}

/// `VACUUM INTO` a temporary file in `dir`, verify it, sync it, rename it to `name`. SQLCipher
/// writes the copy of an encrypted connection encrypted with the same key.
fn snapshot_into(
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
fn copy_verified(
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
fn finish(
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

/// Writes a finished file's data to the disk before it is renamed into place.
///
/// Opened for writing: Windows' `FlushFileBuffers` refuses a read-only handle («拒绝访问»,
/// os error 5), where Linux's fsync takes any handle. With `File::open` no backup was ever made
/// and no ledger could be encrypted on an officer's laptop (docs/WINDOWS.md).
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Makes a rename durable (POSIX); Windows has no directory handles to sync.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

pub(crate) fn remove_if_exists(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

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
                let src = crate::storage::db::connect(
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
fn keep_live_aside(
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
        let conn = crate::storage::db::connect(
            ledger_path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // An encrypted live file that this passphrase does not open is kept aside as it is.
        let _ = crate::storage::db::apply_key(&conn, ledger_path, passphrase);
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn kept(
        times: &[DateTime<Utc>],
        policy: RetentionPolicy,
        offset: FixedOffset,
    ) -> Vec<DateTime<Utc>> {
        let keep = retention(times, policy, offset);
        let mut out: Vec<_> = times
            .iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(t, _)| *t)
            .collect();
        out.sort();
        out
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn china() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn names_round_trip_and_other_files_are_ignored() {
        let at = t(2022, 6, 30, 8, 15);
        assert_eq!(file_name(at, None), "ledger-20220630T081500Z.sqlite3");
        assert_eq!(
            parse_file_name("ledger-20220630T081500Z.sqlite3"),
            Some((at, None))
        );
        assert_eq!(
            parse_file_name(&file_name(at, Some("v1-before-v2"))),
            Some((at, Some("v1-before-v2".into())))
        );
        for other in [
            "ledger.sqlite3",
            "ledger-20220630T081500Z.sqlite3-wal",
            ".ledger-20220630T081500Z.sqlite3.123.partial",
            "ledger-20221330T081500Z.sqlite3",
            "ledger-20220630T081500Z-.sqlite3",
            "ledger-20220630T081500Zx.sqlite3",
            "ledger-2022.sqlite3",
            "ledger-20220630T081500Z-备份.sqlite3",
        ] {
            assert_eq!(parse_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn hourly_backups_over_a_year_thin_out_to_7_daily_4_weekly_12_monthly() {
        // Every 4 hours from 2021-01-01 to 2022-06-30 20:00 UTC.
        let mut times = Vec::new();
        let mut at = t(2021, 1, 1, 0, 0);
        while at <= t(2022, 6, 30, 20, 0) {
            times.push(at);
            at += chrono::Duration::hours(4);
        }
        let thinned = RetentionPolicy {
            recent_hours: 0,
            ..Default::default()
        };
        let keep = kept(&times, thinned, utc());
        // Daily: newest of 06-24 … 06-30; weekly: newest of ISO weeks 2022-W26 (06-30) and W25
        // (Sunday 06-26), both already daily, W24 (06-19), W23 (06-12); monthly: newest of
        // 2022-06 (daily), 05, 04, 03, 02, 01, 2021-12, 11, 10, 09, 08, 07.
        let mut expected: Vec<DateTime<Utc>> = (24..=30).map(|d| t(2022, 6, d, 20, 0)).collect();
        expected.extend([t(2022, 6, 19, 20, 0), t(2022, 6, 12, 20, 0)]);
        for (y, m, d) in [
            (2022, 5, 31),
            (2022, 4, 30),
            (2022, 3, 31),
            (2022, 2, 28),
            (2022, 1, 31),
            (2021, 12, 31),
            (2021, 11, 30),
            (2021, 10, 31),
            (2021, 9, 30),
            (2021, 8, 31),
            (2021, 7, 31),
        ] {
            expected.push(t(y, m, d, 20, 0));
        }
        expected.sort();
        assert_eq!(keep, expected);
        assert_eq!(keep.len(), 7 + 2 + 11);
        // By default the last day's backups (06-30 00:00 … 16:00) stay as well.
        assert_eq!(
            kept(&times, RetentionPolicy::default(), utc()).len(),
            7 + 2 + 11 + 5
        );
    }

    #[test]
    fn iso_weeks_cross_the_new_year_and_leap_days_count_once() {
        // 2020-12-31 (Thu) and 2021-01-03 (Sun) are both in ISO week 2020-W53.
        let times = [
            t(2020, 12, 28, 9, 0),
            t(2020, 12, 31, 9, 0),
            t(2021, 1, 3, 9, 0),
            t(2021, 1, 4, 9, 0), // 2021-W01
        ];
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 2,
            monthly: 0,
        };
        assert_eq!(
            kept(&times, policy, utc()),
            [t(2021, 1, 3, 9, 0), t(2021, 1, 4, 9, 0)]
        );
        // Months: 2020-02-29 (leap day) is February's newest; March 1 is another month.
        let times = [
            t(2020, 2, 1, 0, 0),
            t(2020, 2, 29, 23, 59),
            t(2020, 3, 1, 0, 0),
        ];
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 0,
            monthly: 12,
        };
        assert_eq!(
            kept(&times, policy, utc()),
            [t(2020, 2, 29, 23, 59), t(2020, 3, 1, 0, 0)]
        );
    }

    #[test]
    fn days_and_months_follow_the_office_clock_not_utc() {
        // 2022-06-30 16:30 UTC is 2022-07-01 00:30 in China: a new day and a new month there.
        let times = [t(2022, 6, 30, 15, 30), t(2022, 6, 30, 16, 30)];
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 2,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(kept(&times, policy, china()).len(), 2);
        assert_eq!(kept(&times, policy, utc()), [t(2022, 6, 30, 16, 30)]);
        let policy = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 0,
            monthly: 2,
        };
        assert_eq!(kept(&times, policy, china()).len(), 2);
        assert_eq!(kept(&times, policy, utc()).len(), 1);
    }

    #[test]
    fn a_laptop_left_in_a_drawer_keeps_its_old_backups() {
        // Backups only in Jan 2021 and again in Nov 2022: the old ones are not aged out.
        let times = [
            t(2021, 1, 10, 9, 0),
            t(2021, 1, 11, 9, 0),
            t(2022, 11, 20, 9, 0),
        ];
        assert_eq!(kept(&times, RetentionPolicy::default(), china()).len(), 3);
    }

    #[test]
    fn edge_cases_empty_single_duplicates_unsorted_and_zero_policy() {
        assert!(retention(&[], RetentionPolicy::default(), utc()).is_empty());
        let zero = RetentionPolicy {
            recent_hours: 0,
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(retention(&[t(2022, 1, 1, 0, 0)], zero, utc()), [true]);
        // Unsorted input; the newest is kept even with a zero policy.
        assert_eq!(
            retention(
                &[
                    t(2022, 1, 1, 0, 0),
                    t(2022, 3, 1, 0, 0),
                    t(2022, 2, 1, 0, 0)
                ],
                zero,
                utc()
            ),
            [false, true, false]
        );
        // Two backups with the same second: one is kept.
        let same = t(2022, 5, 5, 5, 5);
        let one_day = RetentionPolicy {
            recent_hours: 0,
            ..Default::default()
        };
        assert_eq!(retention(&[same, same], one_day, utc()), [true, false]);
        // Within the recent hours everything stays; exactly `recent_hours` old does not.
        let recent = [
            t(2022, 5, 5, 5, 0),
            t(2022, 5, 4, 6, 0),
            t(2022, 5, 4, 5, 0),
        ];
        let only_recent = RetentionPolicy {
            recent_hours: 24,
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(retention(&recent, only_recent, utc()), [true, true, false]);
    }

    #[test]
    fn a_backup_is_due_after_the_interval_or_when_the_clock_went_back() {
        let now = t(2022, 6, 30, 12, 0);
        assert!(backup_due(None, now, 4));
        assert!(!backup_due(Some(t(2022, 6, 30, 9, 0)), now, 4));
        assert!(backup_due(Some(t(2022, 6, 30, 8, 0)), now, 4));
        assert!(backup_due(Some(t(2022, 6, 30, 11, 59)), now, 0));
        assert!(
            !backup_due(Some(t(2022, 6, 30, 12, 30)), now, 4),
            "small skew"
        );
        assert!(
            backup_due(Some(t(2023, 1, 1, 0, 0)), now, 4),
            "clock went back"
        );
    }
}

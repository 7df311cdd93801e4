//! 安全 (issue 5): unlocking an encrypted ledger, setting / changing / removing its passphrase,
//! locking it (auto-lock after idle time, timed by the UI), automatic backups on a background
//! thread, the list of backups with a verified restore, and recovery from a corrupt ledger.
//!
//! Device settings for this (second backup folder, backup interval, auto-lock minutes) live in
//! `security.json` beside the ledger: they are needed before the ledger is unlocked and belong to
//! this laptop (a USB stick's path), not to the office's shared data.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use zhaoshang_core::storage::backup::{self, BackupInfo};
use zhaoshang_core::{storage::db, Ledger};

use crate::{AppError, AppState};

type Res<T> = Result<T, AppError>;

const SETTINGS_FILE: &str = "security.json";

/// This laptop's backup and lock settings.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
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

fn settings_path(ledger_path: &Path) -> PathBuf {
    ledger_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join(SETTINGS_FILE)
}

fn load_settings(ledger_path: &Path) -> SecuritySettings {
    std::fs::read(settings_path(ledger_path))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn backup_dirs(ledger_path: &Path, s: &SecuritySettings) -> Vec<PathBuf> {
    let mut dirs = vec![backup::default_dir(ledger_path)];
    if let Some(d) = s
        .extra_backup_dir
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        dirs.push(PathBuf::from(d.trim()));
    }
    dirs
}

/// One backup file as the UI lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
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

#[derive(Debug, Clone, Serialize, specta::Type)]
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

fn passphrase_of(state: &AppState) -> Option<String> {
    let guard = state.ledger.lock().unwrap_or_else(|e| e.into_inner());
    guard
        .as_ref()
        .and_then(|l| l.passphrase().map(str::to_string))
}

fn all_backups(dirs: &[PathBuf]) -> Vec<BackupEntry> {
    let mut out: Vec<BackupInfo> = dirs
        .iter()
        .flat_map(|d| backup::list_backups(d).unwrap_or_default())
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    out.into_iter().map(BackupEntry::from).collect()
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Res<T> + Send + 'static) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(format!("后台任务失败：{e}")))?
}

#[tauri::command]
#[specta::specta]
pub async fn security_status(state: State<'_, AppState>) -> Res<SecurityStatus> {
    let path = state.path.clone();
    let unlocked = state
        .ledger
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .is_some();
    blocking(move || {
        let settings = load_settings(&path);
        let backups = all_backups(&backup_dirs(&path, &settings));
        Ok(SecurityStatus {
            encrypted: db::is_encrypted(&path).map_err(AppError::from)?,
            unlocked,
            plaintext_backups: backups.iter().filter(|b| !b.encrypted).count() as u32,
            settings,
            backups,
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_security_settings(
    state: State<'_, AppState>,
    settings: SecuritySettings,
) -> Res<SecuritySettings> {
    let path = state.path.clone();
    blocking(move || {
        if settings.backup_every_hours == 0 || settings.backup_every_hours > 24 * 7 {
            return Err(AppError {
                kind: zhaoshang_core::ErrorKind::Validation,
                message: "备份间隔应在 1 到 168 小时之间。".into(),
                field: Some("backup_every_hours".into()),
            });
        }
        if settings.auto_lock_minutes > 24 * 60 {
            return Err(AppError {
                kind: zhaoshang_core::ErrorKind::Validation,
                message: "自动锁定时间应在 0（不锁定）到 1440 分钟之间。".into(),
                field: Some("auto_lock_minutes".into()),
            });
        }
        if let Some(d) = settings
            .extra_backup_dir
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            let d = Path::new(d.trim());
            if !d.is_absolute() {
                return Err(AppError {
                    kind: zhaoshang_core::ErrorKind::Validation,
                    message: "第二备份位置须是完整路径，如 E:\\招商台账备份。".into(),
                    field: Some("extra_backup_dir".into()),
                });
            }
        }
        let json =
            serde_json::to_vec_pretty(&settings).map_err(|e| AppError::internal(e.to_string()))?;
        let file = settings_path(&path);
        let tmp = file.with_extension("json.partial");
        std::fs::write(&tmp, json)
            .and_then(|_| std::fs::rename(&tmp, &file))
            .map_err(|e| AppError::internal(format!("设置未能保存：{e}")))?;
        Ok(settings)
    })
    .await
}

/// Opens the writer and the reader with `passphrase`; on success the app is unlocked.
fn open_both(state: &AppState, passphrase: Option<&str>) -> Res<()> {
    let mut writer = state.ledger.lock().unwrap_or_else(|e| e.into_inner());
    let mut reader = state.reader.lock().unwrap_or_else(|e| e.into_inner());
    *reader = None;
    *writer = None;
    match Ledger::open_with_passphrase(&state.path, passphrase) {
        Ok(l) => {
            *reader = Ledger::open_with_passphrase(&state.path, l.passphrase()).ok();
            *writer = Some(l);
            *state.open_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
            Ok(())
        }
        Err(e) => {
            let e = AppError::from(e);
            // A wrong passphrase keeps the unlock screen; anything else (corrupt) is the
            // app's open error from now on.
            if e.field.as_deref() != Some(db::PASSPHRASE_FIELD) {
                *state.open_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(e.clone());
            }
            Err(e)
        }
    }
}

/// 解锁: opens the encrypted ledger with its passphrase.
#[tauri::command]
#[specta::specta]
pub async fn unlock(app: AppHandle, passphrase: String) -> Res<()> {
    blocking(move || {
        let state = app.state::<AppState>();
        open_both(&state, Some(&passphrase))
    })
    .await
}

/// 锁定: closes both connections of an encrypted ledger (the passphrase is forgotten); the UI
/// shows the unlock screen. A plaintext ledger is not locked.
#[tauri::command]
#[specta::specta]
pub async fn lock_ledger(app: AppHandle) -> Res<bool> {
    blocking(move || {
        let state = app.state::<AppState>();
        let mut writer = state.ledger.lock().unwrap_or_else(|e| e.into_inner());
        if !writer.as_ref().is_some_and(Ledger::is_encrypted) {
            return Ok(false);
        }
        let mut reader = state.reader.lock().unwrap_or_else(|e| e.into_inner());
        *reader = None;
        *writer = None;
        // The same error the app shows at start for an encrypted ledger: the unlock screen.
        let locked = Ledger::open(&state.path)
            .err()
            .map(AppError::from)
            .unwrap_or_else(|| AppError::internal("台账已锁定。"));
        *state.open_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(locked);
        Ok(true)
    })
    .await
}

/// Held while a backup reads the ledger file, and while setting the passphrase or restoring
/// replaces it: those need no other connection open, and an automatic backup running at that
/// moment made setting a passphrase fail with "正被其他程序使用". Taken before the ledger's locks.
static FILE_GATE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn file_gate() -> std::sync::MutexGuard<'static, ()> {
    FILE_GATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sets (`current` = None on a plaintext ledger), changes or removes (`new` = None) the
/// passphrase. The reader is closed meanwhile and reopened with the new passphrase.
#[tauri::command]
#[specta::specta]
pub async fn set_passphrase(
    app: AppHandle,
    current: Option<String>,
    new_passphrase: Option<String>,
) -> Res<()> {
    blocking(move || {
        let _gate = file_gate();
        let state = app.state::<AppState>();
        let mut writer = state.ledger.lock().unwrap_or_else(|e| e.into_inner());
        let mut reader = state.reader.lock().unwrap_or_else(|e| e.into_inner());
        let l = writer
            .as_mut()
            .ok_or_else(|| AppError::internal("台账文件未能打开。"))?;
        *reader = None;
        let result = l.set_passphrase(
            current.as_deref(),
            new_passphrase.as_deref().filter(|p| !p.is_empty()),
        );
        *reader = Ledger::open_with_passphrase(&state.path, l.passphrase()).ok();
        result.map_err(AppError::from)
    })
    .await
}

/// 立即备份 into the backup folders.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(app: AppHandle) -> Res<BackupEntry> {
    blocking(move || {
        let state = app.state::<AppState>();
        let settings = load_settings(&state.path);
        let _gate = file_gate();
        let passphrase = passphrase_of(&state);
        if state
            .ledger
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
        {
            return Err(AppError::internal("台账文件未能打开。"));
        }
        let out = backup::make_backup_with(
            &state.path,
            passphrase.as_deref(),
            &backup_dirs(&state.path, &settings),
            Utc::now(),
        )?;
        if let Some((dir, why)) = out.failed.first() {
            return Err(AppError {
                kind: zhaoshang_core::ErrorKind::Conflict,
                message: format!(
                    "已备份到 {}，但未能备份到 {}：{why}",
                    out.made[0].path.display(),
                    dir.display()
                ),
                field: Some("extra_backup_dir".into()),
            });
        }
        Ok(BackupEntry::from(out.made[0].clone()))
    })
    .await
}

/// Deletes the backups that are not encrypted (made before the passphrase was set), after a
/// fresh encrypted backup was made and verified, so the ledger is never left without one.
#[tauri::command]
#[specta::specta]
pub async fn delete_plaintext_backups(app: AppHandle) -> Res<u32> {
    blocking(move || {
        let state = app.state::<AppState>();
        let passphrase = passphrase_of(&state).ok_or_else(|| AppError {
            kind: zhaoshang_core::ErrorKind::Validation,
            message: "台账没有加密：请先设置密码，再删除未加密的备份。".into(),
            field: None,
        })?;
        let settings = load_settings(&state.path);
        let dirs = backup_dirs(&state.path, &settings);
        {
            let _gate = file_gate();
            backup::make_backup_with(&state.path, Some(&passphrase), &dirs, Utc::now())?;
        }
        let mut deleted = 0;
        for dir in &dirs {
            for b in zhaoshang_core::storage::encryption::plaintext_backups(dir).unwrap_or_default()
            {
                if std::fs::remove_file(&b.path).is_ok() {
                    deleted += 1;
                }
            }
        }
        Ok(deleted)
    })
    .await
}

/// The newest backup that passes its integrity check (the recovery screen's offer).
/// `passphrase`: for an encrypted ledger that is locked (else the open ledger's is used).
#[tauri::command]
#[specta::specta]
pub async fn newest_good_backup(
    app: AppHandle,
    passphrase: Option<String>,
) -> Res<Option<BackupEntry>> {
    blocking(move || {
        let state = app.state::<AppState>();
        let passphrase = passphrase.or_else(|| passphrase_of(&state));
        let settings = load_settings(&state.path);
        let mut best: Option<BackupInfo> = None;
        for dir in backup_dirs(&state.path, &settings) {
            if let Ok(Some((b, _))) = backup::newest_good_backup_with(&dir, passphrase.as_deref()) {
                let newer = match &best {
                    None => true,
                    Some(x) => b.taken_at > x.taken_at,
                };
                if newer {
                    best = Some(b);
                }
            }
        }
        Ok(best.map(BackupEntry::from))
    })
    .await
}

/// Replaces the ledger with a backup: verified first, the old file kept aside, then both
/// connections are reopened. `passphrase`: the backup's (and the restored ledger's); None uses
/// the open ledger's passphrase.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(app: AppHandle, path: String, passphrase: Option<String>) -> Res<u32> {
    blocking(move || {
        let state = app.state::<AppState>();
        let passphrase = passphrase
            .filter(|p| !p.is_empty())
            .or_else(|| passphrase_of(&state));
        // Verify before closing anything: a bad backup changes nothing.
        backup::verify_with(Path::new(&path), passphrase.as_deref())?;
        let _gate = file_gate();
        {
            let mut writer = state.ledger.lock().unwrap_or_else(|e| e.into_inner());
            let mut reader = state.reader.lock().unwrap_or_else(|e| e.into_inner());
            *reader = None;
            *writer = None;
        }
        let restored = backup::restore_with(
            Path::new(&path),
            &state.path,
            Utc::now(),
            passphrase.as_deref(),
        );
        match restored {
            Ok(report) => {
                open_both(&state, passphrase.as_deref())?;
                Ok(report.verified.projects as u32)
            }
            Err(e) => {
                // Nothing was replaced: reopen what was there (it may still be corrupt).
                let _ = open_both(&state, passphrase.as_deref());
                Err(AppError::from(e))
            }
        }
    })
    .await
}

/// Automatic backups: one at start, then whenever the newest is `backup_every_hours` old,
/// checked every few minutes on this thread (never the UI's). A backup reads the file through
/// its own connection, so the app keeps working meanwhile.
pub fn start_automatic_backups(app: AppHandle) {
    std::thread::Builder::new()
        .name("automatic-backups".into())
        .spawn(move || {
            // One backup per start (once the ledger is open: an encrypted one after unlocking).
            let mut started = false;
            loop {
                let state = app.state::<AppState>();
                let open = state
                    .ledger
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .is_some();
                if open {
                    let settings = load_settings(&state.path);
                    let now = Utc::now();
                    let due = || {
                        backup::automatic_backup_due(&state.path, settings.backup_every_hours, now)
                            .unwrap_or(true)
                    };
                    if !started || due() {
                        started = true;
                        // The gate first: the passphrase may change while waiting for it.
                        let gate = file_gate();
                        let passphrase = passphrase_of(&state);
                        let made = backup::make_backup_with(
                            &state.path,
                            passphrase.as_deref(),
                            &backup_dirs(&state.path, &settings),
                            now,
                        );
                        drop(gate);
                        match made {
                            Ok(_) => {}
                            // The backup read every page and found damage (a big file is not
                            // fully checked at opening): stop writing to it; the UI's status
                            // poll sees the ledger closed and shows the recovery screen.
                            Err(e) if e.kind() == zhaoshang_core::ErrorKind::Corrupt => {
                                let mut writer =
                                    state.ledger.lock().unwrap_or_else(|e| e.into_inner());
                                let mut reader =
                                    state.reader.lock().unwrap_or_else(|e| e.into_inner());
                                *reader = None;
                                *writer = None;
                                *state.open_error.lock().unwrap_or_else(|e| e.into_inner()) =
                                    Some(AppError::from(e));
                            }
                            Err(e) => eprintln!("自动备份失败：{e}"),
                        }
                    }
                }
                std::thread::sleep(Duration::from_secs(60));
            }
        })
        .expect("start the automatic backup thread");
}

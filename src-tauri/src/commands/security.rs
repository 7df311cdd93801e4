//! 安全 (issue 5): unlocking an encrypted ledger, setting / changing / removing its passphrase,
//! locking it (auto-lock after idle time, timed by the UI), automatic backups on a background
//! thread, the list of backups with a verified restore, and recovery from a corrupt ledger.
//!
//! The rules (this laptop's settings in `security.json`, the backup folders, when a backup is
//! due, the newest good backup) are the core's `storage::{security, backup_folders,
//! backup_schedule}`; here the app's two connections are closed and reopened around them.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager, State};
use zeroize::Zeroizing;
use zhaoshang_core::storage::backup;
use zhaoshang_core::storage::backup_folders::BackupEntry;
use zhaoshang_core::storage::backup_schedule::{self, file_gate, BackupSchedule};
use zhaoshang_core::storage::security::{self, SecuritySettings, SecurityStatus};
use zhaoshang_core::Ledger;

use crate::state::{blocking, AppState, Res};
use crate::AppError;

#[tauri::command]
#[specta::specta]
pub async fn security_status(state: State<'_, AppState>) -> Res<SecurityStatus> {
    let (path, unlocked) = (state.path.clone(), state.is_open());
    blocking(move || Ok(security::status(&path, unlocked)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_security_settings(
    state: State<'_, AppState>,
    settings: SecuritySettings,
) -> Res<SecuritySettings> {
    let path = state.path.clone();
    blocking(move || Ok(security::save_settings(&path, settings)?)).await
}

/// 解锁: opens the encrypted ledger with its passphrase.
#[tauri::command]
#[specta::specta]
pub async fn unlock(app: AppHandle, passphrase: String) -> Res<()> {
    // Wiped from memory when the command ends (as every passphrase the commands receive).
    let passphrase = Zeroizing::new(passphrase);
    blocking(move || app.state::<AppState>().open_both(Some(passphrase.as_str()))).await
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

/// Sets (`current` = None on a plaintext ledger), changes or removes (`new` = None) the
/// passphrase. The reader is closed meanwhile and reopened with the new passphrase.
#[tauri::command]
#[specta::specta]
pub async fn set_passphrase(
    app: AppHandle,
    current: Option<String>,
    new_passphrase: Option<String>,
) -> Res<()> {
    let (current, new_passphrase) = (
        current.map(Zeroizing::new),
        new_passphrase.map(Zeroizing::new),
    );
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
            current.as_deref().map(String::as_str),
            new_passphrase
                .as_deref()
                .map(String::as_str)
                .filter(|p| !p.is_empty()),
        );
        *reader = crate::state::open_reader(&state.path, l.passphrase());
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
        if !state.is_open() {
            return Err(AppError::internal("台账文件未能打开。"));
        }
        let made = backup_schedule::backup_now(&state.path, || state.passphrase(), Utc::now())?;
        Ok(BackupEntry::from(made))
    })
    .await
}

/// Deletes the backups that are not encrypted, after a fresh encrypted backup was made and
/// verified, so the ledger is never left without one.
#[tauri::command]
#[specta::specta]
pub async fn delete_plaintext_backups(app: AppHandle) -> Res<u32> {
    blocking(move || {
        let state = app.state::<AppState>();
        let (path, passphrase) = (&state.path, state.passphrase());
        Ok(backup_schedule::delete_plaintext_backups(
            path,
            passphrase,
            Utc::now(),
        )?)
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
        let passphrase = Zeroizing::new(passphrase.or_else(|| state.passphrase()));
        Ok(security::newest_good_backup(
            &state.path,
            passphrase.as_deref(),
        ))
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
        let passphrase = Zeroizing::new(
            passphrase
                .filter(|p| !p.is_empty())
                .or_else(|| state.passphrase()),
        );
        // Verify before closing anything: a bad backup changes nothing.
        backup::verify_with(Path::new(&path), passphrase.as_deref())?;
        let _gate = file_gate();
        state.close(None);
        let restored = backup::restore_with(
            Path::new(&path),
            &state.path,
            Utc::now(),
            passphrase.as_deref(),
        );
        match restored {
            Ok(report) => {
                state.open_both(passphrase.as_deref())?;
                Ok(report.verified.projects as u32)
            }
            Err(e) => {
                // Nothing was replaced: reopen what was there (it may still be corrupt).
                let _ = state.open_both(passphrase.as_deref());
                Err(AppError::from(e))
            }
        }
    })
    .await
}

/// Automatic backups ([`BackupSchedule`]: one at start, then whenever due), checked every
/// minute on this thread (never the UI's). A backup reads the file through its own
/// connection, so the app keeps working meanwhile.
pub fn start_automatic_backups(app: AppHandle) {
    std::thread::Builder::new()
        .name("automatic-backups".into())
        .spawn(move || {
            let mut schedule = BackupSchedule::new();
            loop {
                let state = app.state::<AppState>();
                if state.is_open() {
                    match schedule.run_if_due(&state.path, || state.passphrase(), Utc::now()) {
                        Ok(_) => {}
                        // The backup read every page and found damage (a big file is not fully
                        // checked at opening): stop writing to it; the UI's status poll sees the
                        // ledger closed and shows the recovery screen.
                        Err(e) if e.kind() == zhaoshang_core::ErrorKind::Corrupt => {
                            state.close(Some(AppError::from(e)))
                        }
                        Err(e) => eprintln!("自动备份失败：{e}"),
                    }
                }
                std::thread::sleep(Duration::from_secs(60));
            }
        })
        .expect("start the automatic backup thread");
}

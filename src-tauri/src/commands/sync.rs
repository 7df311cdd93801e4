//! 同步 and 冲突 commands (issue 6): bundle files in a folder (a USB stick or a shared folder)
//! and the review of concurrent edits. Thin wrappers over `zhaoshang-core`'s `sync`.
//!
//! The live ledger stays in the app's own data folder; only bundle files are read from or
//! written to the folder the user names.

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use zhaoshang_core::sync::conflicts::SyncConflict;
use zhaoshang_core::sync::devices::SyncDevice;
use zhaoshang_core::sync::folders::{self, ExportedBundle, ImportSummary};
use zhaoshang_core::*;

use crate::state::{run, AppState, Res};

/// Where bundles go unless the user names another folder (`sync::folders::default_folder`).
fn default_folder(app: &AppHandle) -> PathBuf {
    let p = app.path();
    folders::default_folder(p.document_dir().ok(), p.home_dir().ok())
}

#[derive(Serialize, specta::Type)]
pub struct SyncStatus {
    pub device_id: Option<String>,
    pub device_label: Option<String>,
    /// Where bundles go unless the user names another folder.
    pub default_folder: String,
    /// Where the live ledger is (never on the shared folder).
    pub ledger_path: String,
    pub devices: Vec<SyncDevice>,
    pub open_conflicts: u32,
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(app: AppHandle, state: State<'_, AppState>) -> Res<SyncStatus> {
    let default_folder = default_folder(&app).display().to_string();
    let ledger_path = state.path.display().to_string();
    run(state, move |l| {
        Ok(SyncStatus {
            device_id: l.device_id()?,
            device_label: l.device_label()?,
            default_folder,
            ledger_path,
            devices: l.sync_devices()?,
            open_conflicts: l.sync_conflict_count()?,
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_device_label(state: State<'_, AppState>, label: Option<String>) -> Res<()> {
    run(state, move |l| l.set_device_label(label.as_deref())).await
}

/// Writes one bundle into `folder` (the suggested folder is created when missing).
#[tauri::command]
#[specta::specta]
pub async fn export_sync_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    folder: String,
) -> Res<ExportedBundle> {
    let folder = folders::folder_named(&folder)?;
    folders::create_if_default(&folder, &default_folder(&app))?;
    run(state, move |l| l.export_bundle_to_folder(&folder)).await
}

/// Imports one bundle file, or every bundle in a folder.
#[tauri::command]
#[specta::specta]
pub async fn import_sync_bundles(state: State<'_, AppState>, path: String) -> Res<ImportSummary> {
    let path = folders::folder_named(&path)?;
    run(state, move |l| l.import_bundles(&path)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, AppState>) -> Res<Vec<SyncConflict>> {
    run(state, |l| l.sync_conflicts()).await
}

/// 保留当前 (`take_other` false) or 采用另一值 (true).
#[tauri::command]
#[specta::specta]
pub async fn resolve_sync_conflict(
    state: State<'_, AppState>,
    id: String,
    take_other: bool,
) -> Res<()> {
    run(state, move |l| l.resolve_conflict(&id, take_other)).await
}

// ── 办公室服务器: the office sync server, when the office runs one ─────────────────────────

/// Which office server this ledger is logged in to, if any (the password is never kept).
#[derive(Serialize, specta::Type)]
pub struct OfficeServerInfo {
    pub url: Option<String>,
    pub login: Option<String>,
    pub logged_in: bool,
    /// The account's role, learnt at the last login (None: never logged in, or an older
    /// server).
    pub role: Option<zhaoshang_core::sync::office_server::Role>,
    /// The role's Chinese name (办公室主任/管理员, 组长, 招商专员, 领导（只读）).
    pub role_label: Option<String>,
    /// 领导: this ledger only reads (the core refuses every change with a message).
    pub read_only: bool,
}

fn office_server_info(l: &Ledger) -> zhaoshang_core::Result<OfficeServerInfo> {
    use zhaoshang_core::sync::office_server::{SERVER_LOGIN, SERVER_TOKEN, SERVER_URL};
    let conn = l.connection();
    let role = zhaoshang_core::sync::office_server::role(conn)?;
    Ok(OfficeServerInfo {
        role,
        role_label: role.map(|r| r.label().to_string()),
        read_only: role.is_some_and(|r| !r.writes()),
        url: zhaoshang_core::storage::settings::get(conn, SERVER_URL)?,
        login: zhaoshang_core::storage::settings::get(conn, SERVER_LOGIN)?,
        logged_in: zhaoshang_core::storage::settings::get(conn, SERVER_TOKEN)?.is_some(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn office_server(state: State<'_, AppState>) -> Res<OfficeServerInfo> {
    run(state, |l| office_server_info(l)).await
}

#[tauri::command]
#[specta::specta]
pub async fn office_server_login(
    state: State<'_, AppState>,
    url: String,
    login: String,
    password: String,
) -> Res<OfficeServerInfo> {
    run(state, move |l| {
        let name = l.device_label()?.unwrap_or_else(|| "本机".into());
        zhaoshang_core::sync::office_server::login(l, &url, &login, &password, &name)?;
        office_server_info(l)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn office_server_logout(state: State<'_, AppState>) -> Res<OfficeServerInfo> {
    run(state, |l| {
        zhaoshang_core::sync::office_server::logout(l)?;
        office_server_info(l)
    })
    .await
}

/// Pushes this laptop's changes to the office server and pulls everyone else's.
#[tauri::command]
#[specta::specta]
pub async fn office_server_sync(
    state: State<'_, AppState>,
) -> Res<zhaoshang_core::sync::office_server::SyncSummary> {
    run(state, |l| {
        let config = zhaoshang_core::sync::office_server::ServerConfig::from_ledger(l)?;
        zhaoshang_core::sync::office_server::sync(l, &config)
    })
    .await
}

/// The `.zsync` file the app was started with, once (later launches send `SYNC_FILE_OPENED`).
#[tauri::command]
#[specta::specta]
pub async fn take_opened_sync_file(state: State<'_, AppState>) -> Res<Option<String>> {
    let mut file = state
        .opened_sync_file
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    Ok(file.take())
}

/// Open conflicts, for the count next to 冲突 in the navigation.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflict_count(state: State<'_, AppState>) -> Res<u32> {
    run(state, |l| l.sync_conflict_count()).await
}

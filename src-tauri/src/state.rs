//! The open ledger the commands share ([`AppState`]) and the helpers every command runs its core
//! call through: [`run`] (the writer), [`read`] (the reader) and [`blocking`] (no ledger). This
//! module imports no command module: each of those imports it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tauri::State;
use zhaoshang_core::storage::db;
use zhaoshang_core::Ledger;

use crate::AppError;

pub type Res<T> = Result<T, AppError>;

/// The open ledger (None until opened, or when opening failed: see `open_error`).
///
/// Two connections to the one file: `ledger` for writes and reports (it holds the report
/// engine's cache), `reader` for lists, searches and detail pages, so those stay responsive
/// while a report over a big ledger is being counted (SQLite WAL: readers see every
/// committed write).
pub struct AppState {
    pub ledger: Arc<Mutex<Option<Ledger>>>,
    pub reader: Arc<Mutex<Option<Ledger>>>,
    pub path: PathBuf,
    pub open_error: Mutex<Option<AppError>>,
    /// A `.zsync` file the app was started with (double-clicked in Explorer: the installer
    /// registers the extension), until the UI takes it to show 同步 with the file chosen.
    pub opened_sync_file: Mutex<Option<String>>,
}

impl AppState {
    /// Whether the ledger is open (unlocked, not corrupt).
    pub fn is_open(&self) -> bool {
        self.ledger
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// The open ledger's passphrase (None: plaintext, or not open).
    pub fn passphrase(&self) -> Option<String> {
        let guard = self.ledger.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .and_then(|l| l.passphrase().map(str::to_string))
    }

    /// Closes both connections; `why` (if any) is the app's open error from now on (the UI
    /// shows the unlock or the recovery screen for it).
    pub fn close(&self, why: Option<AppError>) {
        let mut writer = self.ledger.lock().unwrap_or_else(|e| e.into_inner());
        let mut reader = self.reader.lock().unwrap_or_else(|e| e.into_inner());
        *reader = None;
        *writer = None;
        if why.is_some() {
            *self.open_error.lock().unwrap_or_else(|e| e.into_inner()) = why;
        }
    }

    /// Opens the writer and the reader with `passphrase`; on success the app is unlocked.
    pub fn open_both(&self, passphrase: Option<&str>) -> Res<()> {
        let mut writer = self.ledger.lock().unwrap_or_else(|e| e.into_inner());
        let mut reader = self.reader.lock().unwrap_or_else(|e| e.into_inner());
        *reader = None;
        *writer = None;
        match Ledger::open_with_passphrase(&self.path, passphrase) {
            Ok(l) => {
                *reader = open_reader(&self.path, l.passphrase());
                *writer = Some(l);
                *self.open_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
                Ok(())
            }
            Err(e) => {
                let e = AppError::from(e);
                // A wrong passphrase keeps the unlock screen; anything else (corrupt) is the
                // app's open error from now on.
                if e.field.as_deref() != Some(db::PASSPHRASE_FIELD) {
                    *self.open_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(e.clone());
                }
                Err(e)
            }
        }
    }
}

/// The page cache of the read connection, in KiB. Lists, searches and detail pages read
/// through the list indexes (~6 MiB at 100k projects) and a page of rows; pages that do not fit
/// come from the system's file cache. The writer keeps the core's 32 MiB (imports, syncs).
/// Measured at 100k projects: the project list's figures unchanged, the app's memory ~20 MiB
/// less (src-tauri/MEASUREMENTS.md).
const READER_CACHE_KIB: i64 = 8 * 1024;

/// Opens the read connection to the ledger at `path` (None when it cannot be opened: the
/// commands then read through the writer).
pub fn open_reader(path: &std::path::Path, passphrase: Option<&str>) -> Option<Ledger> {
    let reader = Ledger::open_with_passphrase(path, passphrase).ok()?;
    if let Err(e) = reader.set_page_cache_kib(READER_CACHE_KIB) {
        eprintln!("read connection cache: {e}");
    }
    Some(reader)
}

/// Runs `f` on a blocking thread (file work stays off the UI thread).
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Res<T> + Send + 'static) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(format!("后台任务失败：{e}")))?
}

/// Runs `f` on the open ledger on a blocking thread (SQLite work stays off the UI thread).
pub async fn run<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&mut Ledger) -> zhaoshang_core::Result<T> + Send + 'static,
) -> Res<T> {
    run_app(state, move |l| f(l).map_err(AppError::from)).await
}

/// [`run`] for work that makes its own [`AppError`]s (a progress channel, a file the shell
/// writes).
pub async fn run_app<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&mut Ledger) -> Res<T> + Send + 'static,
) -> Res<T> {
    let ledger = state.ledger.clone();
    blocking(move || {
        let mut guard = ledger.lock().unwrap_or_else(|e| e.into_inner());
        let l = guard
            .as_mut()
            .ok_or_else(|| AppError::internal("台账文件未能打开。"))?;
        f(l)
    })
    .await
}

/// Like `run`, on the read connection (lists, searches, detail pages); the writer when there
/// is none.
pub async fn read<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&Ledger) -> zhaoshang_core::Result<T> + Send + 'static,
) -> Res<T> {
    let reader = state.reader.clone();
    let writer = state.ledger.clone();
    blocking(move || {
        let guard = reader.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = guard.as_ref() {
            return f(l).map_err(AppError::from);
        }
        drop(guard);
        let guard = writer.lock().unwrap_or_else(|e| e.into_inner());
        let l = guard
            .as_ref()
            .ok_or_else(|| AppError::internal("台账文件未能打开。"))?;
        f(l).map_err(AppError::from)
    })
    .await
}

//! 导入导出 commands (issue 4): thin wrappers over `zhaoshang-core`'s `io`.
//!
//! A file to import reaches Rust once (`import_stage_file` with the bytes the page read from an
//! `<input type=file>`, or `import_stage_path` for a dropped file or a typed path) and is kept
//! here until it is previewed and imported, so the dry run and the import read the very same
//! bytes. Exports are written to the user's Downloads folder (else Documents, else home) under
//! a name that never overwrites an earlier file (`io::file_names`); the UI shows where.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use zhaoshang_core::io::import::ImportOptions;
use zhaoshang_core::io::import_preview::{self, ImportView};
use zhaoshang_core::io::traditional::Script;
use zhaoshang_core::io::{file_names, staged_file};
use zhaoshang_core::*;

use crate::state::{blocking, run_app, AppState, Res};
use crate::AppError;

/// The file chosen for import: (file name, bytes).
static STAGED: Mutex<Option<(String, Vec<u8>)>> = Mutex::new(None);

#[derive(Serialize, specta::Type)]
pub struct StagedFile {
    pub name: String,
    pub bytes: u32,
}

fn stage(name: String, bytes: Vec<u8>) -> Res<StagedFile> {
    let size = staged_file::check_not_empty(&name, &bytes)?;
    *STAGED.lock().unwrap_or_else(|e| e.into_inner()) = Some((name.clone(), bytes));
    Ok(StagedFile { name, bytes: size })
}

/// Keeps a file the page read (base64, as an `<input type=file>` gives it) for import.
#[tauri::command]
#[specta::specta]
pub async fn import_stage_file(name: String, data_base64: String) -> Res<StagedFile> {
    let bytes = blocking(move || Ok(staged_file::decode_base64(&data_base64)?)).await?;
    stage(name, bytes)
}

/// Keeps a file on disk (dropped on the window or typed as a path) for import.
#[tauri::command]
#[specta::specta]
pub async fn import_stage_path(path: String) -> Res<StagedFile> {
    let (name, bytes) = staged_file::read_path(&path)?;
    stage(name, bytes)
}

fn staged() -> Res<(String, Vec<u8>)> {
    STAGED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| AppError {
            kind: ErrorKind::Validation,
            message: "请先选择要导入的文件。".into(),
            field: None,
        })
}

/// 预览: the dry run of the staged file (writes nothing).
#[tauri::command]
#[specta::specta]
pub async fn import_preview(state: State<'_, AppState>, options: ImportOptions) -> Res<ImportView> {
    let (name, bytes) = staged()?;
    run_app(state, move |l| {
        let plan = l.import_preview(&bytes, &options)?;
        Ok(import_preview::view(name, plan))
    })
    .await
}

#[derive(Clone, Serialize, specta::Type)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// 导入: the staged file in one transaction, reporting progress for the progress bar.
#[tauri::command]
#[specta::specta]
pub async fn import_apply(
    state: State<'_, AppState>,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> Res<ImportView> {
    let (name, bytes) = staged()?;
    let writer = state.ledger.clone();
    let out = run_app(state, move |l| {
        let mut last = std::time::Instant::now();
        let plan = l.import_apply_with_progress(&bytes, &options, &mut |done, total| {
            // At most ~20 messages a second.
            if done == total || last.elapsed().as_millis() >= 50 {
                last = std::time::Instant::now();
                let _ = on_progress.send(ImportProgress { done, total });
            }
        })?;
        Ok(import_preview::view(name, plan))
    })
    .await?;
    *STAGED.lock().unwrap_or_else(|e| e.into_inner()) = None;
    // A big import commits its data and leaves the search index to a refresh of its own: run
    // it now, in the background (the result is already on screen; reads use their own
    // connection, and a search meanwhile waits for it).
    tauri::async_runtime::spawn_blocking(move || {
        let guard = writer.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = guard.as_ref() {
            if let Err(e) = l.refresh_search_index() {
                eprintln!("搜索索引未能更新（下次搜索时再试）：{e}");
            }
        }
    });
    Ok(out)
}

#[derive(Serialize, specta::Type)]
pub struct ExportedFile {
    pub path: String,
    pub folder: String,
}

fn export_folder(app: &AppHandle) -> PathBuf {
    let p = app.path();
    p.download_dir()
        .or_else(|_| p.document_dir())
        .or_else(|_| p.home_dir())
        .unwrap_or_else(|_| std::env::temp_dir())
}

pub(crate) fn write_export(
    app: &AppHandle,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Res<ExportedFile> {
    let folder = export_folder(app);
    let path = file_names::write_export(&folder, stem, ext, bytes)?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        folder: folder.display().to_string(),
    })
}

#[derive(Clone, Copy, serde::Deserialize, specta::Type)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

/// An amount typed in a form (总投资, 注册资本, 增资) in 元, read by the import's own parser: a
/// bare number is 万元; 5000万, 1.2亿元, 两亿 as written. `None` when left empty. An error names
/// the field (`{kind, message, field}`), for the form to show at it.
#[tauri::command]
#[specta::specta]
pub fn parse_amount(
    text: String,
    field: zhaoshang_core::io::import::parse::AmountField,
) -> Res<Option<i64>> {
    Ok(zhaoshang_core::io::import::parse::parse_amount_field(
        &text, field,
    )?)
}

/// 导出台账: the project list with its current filter, as .xlsx (ledger layout) or CSV; its
/// headers and fixed words in 繁體 when `language` (the UI's) is zh-TW, else 简体.
#[tauri::command]
#[specta::specta]
pub async fn export_projects(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: ProjectFilter,
    format: ExportFormat,
    language: String,
) -> Res<ExportedFile> {
    let script = Script::for_language(&language);
    run_app(state, move |l| {
        let (bytes, ext) = match format {
            ExportFormat::Xlsx => (l.export_projects_xlsx_in(&filter, script)?, "xlsx"),
            ExportFormat::Csv => (l.export_projects_csv_in(&filter, script)?, "csv"),
        };
        write_export(
            &app,
            &file_names::projects_export_stem(l.today()),
            ext,
            &bytes,
        )
    })
    .await
}

/// 调度表: the report of a period as a workbook, in 繁體 when `language` (the UI's) is zh-TW.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    query: ReportQuery,
    language: String,
) -> Res<ExportedFile> {
    let script = Script::for_language(&language);
    run_app(state, move |l| {
        let bytes = l.export_report_xlsx_in(&query, script)?;
        let stem = file_names::report_export_stem(&query.period);
        write_export(&app, &stem, "xlsx", &bytes)
    })
    .await
}

/// Opens the folder an export was written to in the system's file manager.
#[tauri::command]
#[specta::specta]
pub async fn open_folder(path: String) -> Res<()> {
    let p = PathBuf::from(&path);
    let dir = if p.is_dir() {
        p
    } else {
        p.parent().map(Path::to_path_buf).unwrap_or(p)
    };
    open_with_system(&dir)
        .map_err(|e| AppError::internal(format!("无法打开文件夹 {}：{e}", dir.display())))
}

/// Opens a folder in the file manager, or a file with the program the system has for it.
pub(crate) fn open_with_system(path: &Path) -> std::io::Result<()> {
    let program = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(path)
        .spawn()
        .map(|_| ())
}

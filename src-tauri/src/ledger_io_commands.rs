//! Import, export and search commands (issue 4): thin wrappers over `zhaoshang-core`.
//!
//! A file to import reaches Rust once (`import_stage_file` with the bytes the page read from an
//! `<input type=file>`, or `import_stage_path` for a dropped file or a typed path) and is kept
//! here until it is previewed and imported, so the dry run and the import read the very same
//! bytes. Exports are written to the user's Downloads folder (else Documents, else home) under
//! a name that never overwrites an earlier file; the UI shows where.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use zhaoshang_core::io::import::{ImportOptions, ImportPlan, PlanRow, RowAction};
use zhaoshang_core::search::SearchHit;
use zhaoshang_core::*;

use crate::commands::run_app;
use crate::{AppError, AppState};

type Res<T> = Result<T, AppError>;

/// The file chosen for import: (file name, bytes).
static STAGED: Mutex<Option<(String, Vec<u8>)>> = Mutex::new(None);

/// Rows of a plan sent to the page: every error, skip and update first, then the rest, up to
/// this many (a 100k-row ledger's plan would be tens of MB otherwise).
const ROWS_SHOWN: usize = 2000;

fn validation(message: impl Into<String>) -> AppError {
    AppError {
        kind: ErrorKind::Validation,
        message: message.into(),
        field: None,
    }
}

#[derive(Serialize, specta::Type)]
pub struct StagedFile {
    pub name: String,
    pub bytes: u32,
}

fn stage(name: String, bytes: Vec<u8>) -> Res<StagedFile> {
    if bytes.is_empty() {
        return Err(validation(format!("文件“{name}”是空的，未导入任何数据。")));
    }
    let size = bytes.len() as u32;
    *STAGED.lock().unwrap_or_else(|e| e.into_inner()) = Some((name.clone(), bytes));
    Ok(StagedFile { name, bytes: size })
}

fn too_big(len: usize) -> Option<AppError> {
    let max = zhaoshang_core::io::import::read::MAX_FILE_BYTES;
    (len > max).then(|| {
        validation(format!(
            "文件过大（{} MB），最多导入 {} MB 的表格。未导入任何数据。",
            len / (1024 * 1024),
            max / (1024 * 1024)
        ))
    })
}

/// Keeps a file the page read (base64, as an `<input type=file>` gives it) for import.
#[tauri::command]
#[specta::specta]
pub async fn import_stage_file(name: String, data_base64: String) -> Res<StagedFile> {
    if let Some(e) = too_big(data_base64.len() / 4 * 3) {
        return Err(e);
    }
    let bytes = tauri::async_runtime::spawn_blocking(move || decode_base64(&data_base64))
        .await
        .map_err(|e| AppError::internal(format!("后台任务失败：{e}")))?
        .ok_or_else(|| validation("文件内容未能读取，请重新选择文件。"))?;
    stage(name, bytes)
}

/// Keeps a file on disk (dropped on the window or typed as a path) for import.
#[tauri::command]
#[specta::specta]
pub async fn import_stage_path(path: String) -> Res<StagedFile> {
    let p = PathBuf::from(path.trim().trim_matches('"'));
    let meta =
        std::fs::metadata(&p).map_err(|_| validation(format!("找不到文件“{}”。", p.display())))?;
    if !meta.is_file() {
        return Err(validation(format!("“{}”不是文件。", p.display())));
    }
    if let Some(e) = too_big(meta.len() as usize) {
        return Err(e);
    }
    let bytes =
        std::fs::read(&p).map_err(|e| validation(format!("文件“{}”无法读取：{e}", p.display())))?;
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    stage(name, bytes)
}

fn staged() -> Res<(String, Vec<u8>)> {
    STAGED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| validation("请先选择要导入的文件。"))
}

/// A plan as the page gets it: all counts, at most `ROWS_SHOWN` rows (the telling ones first).
#[derive(Serialize, specta::Type)]
pub struct ImportView {
    pub file_name: String,
    pub plan: ImportPlan,
    pub rows_total: u32,
}

fn view(file_name: String, mut plan: ImportPlan) -> ImportView {
    let rows_total = plan.rows.len() as u32;
    if plan.rows.len() > ROWS_SHOWN {
        let telling = |r: &PlanRow| {
            matches!(
                r.action,
                RowAction::Error | RowAction::Skip | RowAction::Update
            )
        };
        let (mut shown, rest): (Vec<PlanRow>, Vec<PlanRow>) = std::mem::take(&mut plan.rows)
            .into_iter()
            .partition(telling);
        shown.truncate(ROWS_SHOWN);
        let room = ROWS_SHOWN - shown.len();
        shown.extend(rest.into_iter().take(room));
        shown.sort_by_key(|r| r.row);
        plan.rows = shown;
    }
    ImportView {
        file_name,
        plan,
        rows_total,
    }
}

/// 预览: the dry run of the staged file (writes nothing).
#[tauri::command]
#[specta::specta]
pub async fn import_preview(state: State<'_, AppState>, options: ImportOptions) -> Res<ImportView> {
    let (name, bytes) = staged()?;
    run_app(state, move |l| {
        let plan = l.import_preview(&bytes, &options)?;
        Ok(view(name, plan))
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
        Ok(view(name, plan))
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

/// `folder/stem.ext`, or `stem (2).ext`… when that exists.
fn free_name(folder: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = folder.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("{stem} ({n}).{ext}")))
        .find(|p| !p.exists())
        .expect("some free name")
}

fn write_export(app: &AppHandle, stem: &str, ext: &str, bytes: &[u8]) -> Res<ExportedFile> {
    let folder = export_folder(app);
    std::fs::create_dir_all(&folder)
        .map_err(|e| AppError::internal(format!("无法创建文件夹 {}：{e}", folder.display())))?;
    let path = free_name(&folder, stem, ext);
    // Written whole to a temporary name first: a half-written file never has the real name.
    let tmp = path.with_extension(format!("{ext}.part"));
    std::fs::write(&tmp, bytes)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            AppError::internal(format!("无法写入 {}：{e}", path.display()))
        })?;
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

/// 导出台账: the project list with its current filter, as .xlsx (ledger layout) or CSV.
#[tauri::command]
#[specta::specta]
pub async fn export_projects(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: ProjectFilter,
    format: ExportFormat,
) -> Res<ExportedFile> {
    run_app(state, move |l| {
        let (bytes, ext) = match format {
            ExportFormat::Xlsx => (l.export_projects_xlsx(&filter)?, "xlsx"),
            ExportFormat::Csv => (l.export_projects_csv(&filter)?, "csv"),
        };
        let stem = format!("项目台账-{}", l.today().format("%Y-%m-%d"));
        write_export(&app, &stem, ext, &bytes)
    })
    .await
}

/// 调度表: the report of a period as a workbook.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    query: ReportQuery,
) -> Res<ExportedFile> {
    run_app(state, move |l| {
        let bytes = l.export_report_xlsx(&query)?;
        let p = &query.period;
        let stem = format!(
            "调度表-{}至{}",
            p.from.format("%Y%m%d"),
            p.to.format("%Y%m%d")
        );
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
    let program = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(&dir)
        .spawn()
        .map(|_| ())
        .map_err(|e| AppError::internal(format!("无法打开文件夹 {}：{e}", dir.display())))
}

/// 搜索: projects, companies and officers by name, pinyin, initials, 繁/简 or alias.
#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: String, limit: u32) -> Res<Vec<SearchHit>> {
    // The box shows at most 100 hits; an empty query finds nothing (the core's rule).
    crate::commands::read(state, move |l| l.search(&query, limit.min(100))).await
}

/// Standard base64 (with or without padding; a `data:…;base64,` prefix is skipped).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = match text.find(";base64,") {
        Some(i) if text.starts_with("data:") => &text[i + 8..],
        _ => text,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b'\n' | b'\r' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_the_browsers_encoding() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(
            decode_base64("data:application/octet-stream;base64,UEsDBA==").unwrap(),
            b"PK\x03\x04"
        );
        assert_eq!(decode_base64("5oub5ZWG").unwrap(), "招商".as_bytes());
        assert!(decode_base64("not*base64").is_none());
    }

    #[test]
    fn export_names_never_overwrite() {
        let dir = std::env::temp_dir().join(format!("zs-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = free_name(&dir, "项目台账", "xlsx");
        std::fs::write(&a, b"x").unwrap();
        let b = free_name(&dir, "项目台账", "xlsx");
        assert_ne!(a, b);
        assert!(b.to_string_lossy().ends_with("项目台账 (2).xlsx"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

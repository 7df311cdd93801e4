//! 附件 commands: thin wrappers over `zhaoshang-core`'s `attachments` (contracts, 签约 photos,
//! PDFs, Word/Excel files on projects, companies and activities; up to 50 MB each).
//!
//! Files reach Rust as paths (dropped on the window: the webview gives paths; several at once,
//! each added in its own transaction and reported on its own) or as base64 (the page's file
//! picker). 打开 writes the content to a folder of this app's cache (`open-attachments/`), the
//! file name kept, read-only, and hands it to the system's viewer; the folder is emptied at the
//! next start and at exit. An encrypted ledger's attachment is therefore decrypted to that
//! file while it is open (docs/SECURITY.md says so).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use zhaoshang_core::attachments::{Attachment, AttachmentOwner};
use zhaoshang_core::io::staged_file;

use crate::commands::io::open_with_system;
use crate::state::{blocking, read, run, AppState, Res};
use crate::AppError;

/// The live attachments of a project, company or activity, newest first.
#[tauri::command]
#[specta::specta]
pub async fn attachments(
    state: State<'_, AppState>,
    owner: AttachmentOwner,
    owner_id: String,
) -> Res<Vec<Attachment>> {
    read(state, move |l| l.attachments(owner, &owner_id)).await
}

/// One file of [`add_attachment_files`]: added, or why not.
#[derive(Serialize, specta::Type)]
pub struct AddedFile {
    pub file_name: String,
    pub attachment: Option<Attachment>,
    pub error: Option<AppError>,
}

/// Files dropped on the window (paths): each is added on its own, so one refused file (too big,
/// unreadable) does not keep the others out; the result says which were added and why not.
#[tauri::command]
#[specta::specta]
pub async fn add_attachment_files(
    state: State<'_, AppState>,
    owner: AttachmentOwner,
    owner_id: String,
    paths: Vec<String>,
) -> Res<Vec<AddedFile>> {
    run(state, move |l| {
        Ok(paths
            .iter()
            .map(|p| {
                let path = Path::new(p.trim().trim_matches('"'));
                let file_name = path
                    .file_name()
                    .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned());
                match l.add_attachment_file(owner, &owner_id, path) {
                    Ok(a) => AddedFile {
                        file_name,
                        attachment: Some(a),
                        error: None,
                    },
                    Err(e) => AddedFile {
                        file_name,
                        attachment: None,
                        error: Some(AppError::from(e)),
                    },
                }
            })
            .collect())
    })
    .await
}

/// A file the page read (base64, as an `<input type=file>` gives it).
#[tauri::command]
#[specta::specta]
pub async fn add_attachment_data(
    state: State<'_, AppState>,
    owner: AttachmentOwner,
    owner_id: String,
    file_name: String,
    data_base64: String,
) -> Res<Attachment> {
    run(state, move |l| {
        let content = staged_file::decode_base64(&data_base64)?;
        l.add_attachment(owner, &owner_id, &file_name, &content)
    })
    .await
}

/// Deletes an attachment (soft: 撤销 or [`restore_attachment`] brings it back).
#[tauri::command]
#[specta::specta]
pub async fn delete_attachment(state: State<'_, AppState>, id: String) -> Res<()> {
    run(state, move |l| l.delete_attachment(&id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_attachment(state: State<'_, AppState>, id: String) -> Res<Attachment> {
    run(state, move |l| l.restore_attachment(&id)).await
}

/// Opens an attachment with the system's viewer (a read-only copy in the app's cache, removed
/// at the next start or exit); returns the copy's path.
#[tauri::command]
#[specta::specta]
pub async fn open_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Res<String> {
    let (attachment, content) = read(state, move |l| l.attachment_content(&id)).await?;
    let folder = open_folder(&app);
    let path = blocking(move || write_for_viewer(&folder, &attachment, &content)).await?;
    open_with_system(&path)
        .map_err(|e| AppError::internal(format!("无法用系统程序打开“{}”：{e}", path.display())))?;
    Ok(path.display().to_string())
}

/// Where opened attachments are written: `open-attachments/` in the app's cache folder.
pub fn open_folder(app: &AppHandle) -> PathBuf {
    app.path()
        .app_cache_dir()
        .unwrap_or_else(|_| std::env::temp_dir().join("cn.zhaoshang.app"))
        .join("open-attachments")
}

/// A file name every system accepts: the characters Windows refuses become `_`.
fn portable_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let clean = clean.trim().trim_end_matches('.').to_string();
    if clean.is_empty() {
        "附件".into()
    } else {
        clean
    }
}

/// Writes `content` to a subfolder of its own under `folder` (the same attachment opened twice,
/// or two of one name, never overwrite a file a viewer still holds), named as the attachment,
/// read-only: edits made in the viewer do not go back into the ledger, so the viewer says so
/// instead of saving them where they would be lost.
fn write_for_viewer(folder: &Path, a: &Attachment, content: &[u8]) -> Res<PathBuf> {
    static OPENED: AtomicU64 = AtomicU64::new(0);
    let failed = |e: std::io::Error| AppError::internal(format!("附件未能写入临时文件夹：{e}"));
    create_private_dir(folder).map_err(failed)?;
    let n = OPENED.fetch_add(1, Ordering::Relaxed);
    let dir = folder.join(format!(
        "{}-{}-{n}",
        portable_name(&a.id),
        std::process::id()
    ));
    create_private_dir(&dir).map_err(failed)?;
    let path = dir.join(portable_name(&a.file_name));
    std::fs::write(&path, content).map_err(failed)?;
    let mut perms = std::fs::metadata(&path).map_err(failed)?.permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).map_err(failed)?;
    Ok(path)
}

/// A folder only this user can read (on Unix; a Windows profile's cache is the user's own).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Removes every opened attachment's copy (at start and at exit). A file a viewer still holds
/// open on Windows stays until the next time.
pub fn clear_opened(app: &AppHandle) {
    clear_folder(&open_folder(app));
}

fn clear_folder(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        if let Ok(files) = std::fs::read_dir(&dir) {
            for file in files.flatten() {
                let p = file.path();
                if let Ok(meta) = std::fs::metadata(&p) {
                    let mut perms = meta.permissions();
                    #[allow(clippy::permissions_set_readonly_false)]
                    perms.set_readonly(false);
                    let _ = std::fs::set_permissions(&p, perms);
                }
                let _ = std::fs::remove_file(&p);
            }
        }
        let _ = std::fs::remove_dir(&dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(id: &str, file_name: &str) -> Attachment {
        Attachment {
            id: id.into(),
            owner: AttachmentOwner::Project,
            owner_id: "p1".into(),
            file_name: file_name.into(),
            size: 3,
            sha256: String::new(),
            added_at: String::new(),
            added_by: None,
        }
    }

    #[test]
    fn names_keep_their_text_and_lose_what_windows_refuses() {
        assert_eq!(
            portable_name("投资合同（签字版）.pdf"),
            "投资合同（签字版）.pdf"
        );
        assert_eq!(portable_name("a:b?.docx"), "a_b_.docx");
        assert_eq!(portable_name("..\\..\\evil.exe"), "evil.exe");
        assert_eq!(portable_name("../"), "附件");
        assert_eq!(portable_name("照片. "), "照片");
    }

    #[test]
    fn opened_copies_are_read_only_apart_and_cleared() {
        let root = std::env::temp_dir().join(format!("zs-open-att-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let a = attachment("a1", "合同.pdf");
        let first = write_for_viewer(&root, &a, b"one").unwrap();
        let second = write_for_viewer(&root, &a, b"two").unwrap();
        assert_ne!(
            first, second,
            "a second open never overwrites the first copy"
        );
        assert_eq!(first.file_name().unwrap(), "合同.pdf");
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        assert!(std::fs::metadata(&first).unwrap().permissions().readonly());
        clear_folder(&root);
        assert!(!first.exists() && !second.exists());
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 0);
        let _ = std::fs::remove_dir_all(&root);
    }
}

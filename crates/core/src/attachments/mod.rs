//! 附件: contracts, 签约 photos, PDFs, Word and Excel files on projects, companies and
//! activities; up to 50 MB each, any number per record.
//!
//! An attachment is two things: a row of `attachments` (who owns it, its file name, size and
//! hash, who added it when), a domain row like any other (written through `Ledger::write` and
//! the change log, so 撤销, the recycle and sync follow it; deleting it is a soft delete), and
//! its content in `attachment_blobs`, keyed by the SHA-256 of the bytes. The content is
//! immutable: stored once however many rows name it (the same contract on a project and on
//! its company is one blob), never logged as a change, never removed when a row is deleted, so
//! a restore or an undo finds it again.
//!
//! Why inside the ledger file and not files beside it: SQLCipher encrypts the blobs with the
//! ledger, `VACUUM INTO` backups carry them and the integrity check reads them, with nothing
//! to add; a ledger copied or restored is whole. Measured (debug build, 2-core VM, one 50 MB
//! file of random bytes; `cargo test -p zhaoshang-core --test integration -- --ignored
//! --nocapture attachments::measure`, also in src-tauri/MEASUREMENTS.md § Attachments):
//!
//! | ledger | add (read, hash, write) | read back | file growth | same content again |
//! |---|---|---|---|---|
//! | plain | 0.99 s | 0.16 s | +50.0 MB | 0.22 s, +0 bytes |
//! | encrypted | 1.00 s | 0.39 s | +51.0 MB | 0.17 s, +0 bytes |
//!
//! Sync carries a blob with the first row that names it for the receiver (sync/export.rs)
//! and the office server stores blobs by hash, sending only those the other side lacks
//! (`blobs` in sync/office_server.rs).

pub mod blobs;

use std::io::Read;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::util::{new_id, now_stamp};

/// The largest attachment: 50 MB.
pub const MAX_SIZE: u64 = 50 * 1024 * 1024;
/// The longest file name kept (characters).
const MAX_NAME: usize = 200;

/// What an attachment hangs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AttachmentOwner {
    Project,
    Company,
    Activity,
}

impl AttachmentOwner {
    /// The code stored in `attachments.owner`.
    pub fn code(self) -> &'static str {
        match self {
            AttachmentOwner::Project => "project",
            AttachmentOwner::Company => "company",
            AttachmentOwner::Activity => "activity",
        }
    }
    fn from_code(code: &str) -> Option<AttachmentOwner> {
        match code {
            "project" => Some(AttachmentOwner::Project),
            "company" => Some(AttachmentOwner::Company),
            "activity" => Some(AttachmentOwner::Activity),
            _ => None,
        }
    }
    fn label(self) -> &'static str {
        match self {
            AttachmentOwner::Project => "项目",
            AttachmentOwner::Company => "企业",
            AttachmentOwner::Activity => "活动记录",
        }
    }
    fn table(self) -> &'static str {
        match self {
            AttachmentOwner::Project => "projects",
            AttachmentOwner::Company => "companies",
            AttachmentOwner::Activity => "activities",
        }
    }
}

/// One attachment (its row; the content comes with [`Ledger::attachment_content`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Attachment {
    pub id: String,
    pub owner: AttachmentOwner,
    pub owner_id: String,
    /// The file's name as added (no folder), e.g. "投资协议.pdf".
    pub file_name: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    pub added_at: String,
    /// Name of the officer who added it (None: no officer was at the keyboard).
    pub added_by: Option<String>,
}

const SELECT: &str = "SELECT a.id, a.owner, a.owner_id, a.file_name, a.size, a.sha256,
    a.added_at, COALESCE(o.name, a.added_by), a.deleted_at IS NOT NULL FROM attachments a
    LEFT JOIN officers o ON o.id = a.added_by";

fn from_row(r: &Row) -> rusqlite::Result<Attachment> {
    let owner: String = r.get(1)?;
    Ok(Attachment {
        id: r.get(0)?,
        owner: AttachmentOwner::from_code(&owner).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Text,
                format!("unknown attachment owner {owner}").into(),
            )
        })?,
        owner_id: r.get(2)?,
        file_name: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        added_at: r.get(6)?,
        added_by: r.get(7)?,
    })
}

/// "12.3 MB" / "850 KB" / "12 字节".
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} 字节")
    }
}

fn too_big(name: &str, bytes: u64) -> Error {
    Error::Validation {
        field: Some("content"),
        message: format!(
            "文件“{name}”大小为 {}，超过附件上限 {}，未添加。",
            size_text(bytes),
            size_text(MAX_SIZE)
        ),
    }
}

/// The name kept for a file: its last path component, without control characters, trimmed.
pub fn clean_file_name(name: &str) -> Result<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(MAX_NAME)
        .collect();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        return Err(Error::Validation {
            field: Some("file_name"),
            message: "附件的文件名不能为空。".into(),
        });
    }
    Ok(cleaned)
}

fn check_owner(conn: &Connection, owner: AttachmentOwner, owner_id: &str) -> Result<()> {
    let live: Option<bool> = conn
        .query_row(
            &format!(
                "SELECT deleted_at IS NULL FROM {} WHERE id = ?1",
                owner.table()
            ),
            [owner_id],
            |r| r.get(0),
        )
        .optional()?;
    match live {
        Some(true) => Ok(()),
        _ => Err(Error::not_found(owner.label(), owner_id)),
    }
}

/// One attachment by id, and whether it is deleted.
fn any(conn: &Connection, id: &str) -> Result<Option<(Attachment, bool)>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?
        .query_row([id], |r| Ok((from_row(r)?, r.get::<_, bool>(8)?)))
        .optional()?)
}

/// A live attachment.
pub fn get(conn: &Connection, id: &str) -> Result<Attachment> {
    match any(conn, id)? {
        Some((a, false)) => Ok(a),
        _ => Err(Error::not_found("附件", id)),
    }
}

/// The live attachments of one record, newest first.
pub fn list(conn: &Connection, owner: AttachmentOwner, owner_id: &str) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.owner = ?1 AND a.owner_id = ?2 AND a.deleted_at IS NULL
         ORDER BY a.added_at DESC, a.rowid DESC"
    ))?;
    let rows = stmt.query_map(params![owner.code(), owner_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds an attachment (row + blob, the blob only if new). Runs in the caller's transaction.
pub fn add(
    conn: &Connection,
    owner: AttachmentOwner,
    owner_id: &str,
    file_name: &str,
    content: &[u8],
) -> Result<Attachment> {
    let name = clean_file_name(file_name)?;
    if content.is_empty() {
        return Err(Error::Validation {
            field: Some("content"),
            message: format!("文件“{name}”是空文件（0 字节），未添加。"),
        });
    }
    if content.len() as u64 > MAX_SIZE {
        return Err(too_big(&name, content.len() as u64));
    }
    check_owner(conn, owner, owner_id)?;
    let sha = blobs::put(conn, content)?;
    // Who is at the keyboard: the officer of this action (see `changelog::begin`).
    let officer_id: Option<String> = conn
        .query_row(
            "SELECT officer_id FROM temp.write_context WHERE k = 0",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let id = new_id();
    let now = now_stamp();
    conn.prepare_cached(
        "INSERT INTO attachments (id, owner, owner_id, file_name, size, sha256, added_at,
            added_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?7)",
    )?
    .execute(params![
        id,
        owner.code(),
        owner_id,
        name,
        content.len() as i64,
        sha,
        now,
        officer_id
    ])?;
    crate::storage::changelog::record_created(conn, "attachments", &id)?;
    get(conn, &id)
}

/// Soft-deletes an attachment (its blob stays).
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    let now = now_stamp();
    conn.execute(
        "UPDATE attachments SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    crate::storage::changelog::record_deleted(conn, "attachments", id, true)
}

/// Brings a deleted attachment back (its owner must be live).
pub fn restore(conn: &Connection, id: &str) -> Result<Attachment> {
    let Some((a, deleted)) = any(conn, id)? else {
        return Err(Error::not_found("附件", id));
    };
    if !deleted {
        return Ok(a);
    }
    check_owner(conn, a.owner, &a.owner_id)?;
    conn.execute(
        "UPDATE attachments SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "attachments", id, false)?;
    get(conn, id)
}

/// Reads a file for [`add`]: refuses one over the limit before reading it.
pub fn read_file(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = clean_file_name(&name)?;
    let file = std::fs::File::open(path).map_err(|e| Error::Validation {
        field: Some("path"),
        message: format!("无法打开文件“{}”：{e}", path.display()),
    })?;
    let len = file.metadata()?.len();
    if len > MAX_SIZE {
        return Err(too_big(&name, len));
    }
    let mut content = Vec::with_capacity(len as usize);
    // At most one byte over the limit: a file that grew meanwhile is still refused.
    file.take(MAX_SIZE + 1).read_to_end(&mut content)?;
    if content.len() as u64 > MAX_SIZE {
        return Err(too_big(&name, content.len() as u64));
    }
    Ok((name, content))
}

impl Ledger {
    // ── attachments ─────────────────────────────────────────────────────────────────────
    /// The live attachments of a project, company or activity, newest first.
    pub fn attachments(&self, owner: AttachmentOwner, owner_id: &str) -> Result<Vec<Attachment>> {
        list(self.connection(), owner, owner_id)
    }
    /// Adds an attachment of `content` named `file_name` (≤ 50 MB, not empty).
    pub fn add_attachment(
        &mut self,
        owner: AttachmentOwner,
        owner_id: &str,
        file_name: &str,
        content: &[u8],
    ) -> Result<Attachment> {
        self.write(|tx, _| add(tx, owner, owner_id, file_name, content))
    }
    /// Adds the file at `path` (refused before reading when over 50 MB).
    pub fn add_attachment_file(
        &mut self,
        owner: AttachmentOwner,
        owner_id: &str,
        path: &Path,
    ) -> Result<Attachment> {
        let (name, content) = read_file(path)?;
        self.add_attachment(owner, owner_id, &name, &content)
    }
    /// A live attachment and its content.
    pub fn attachment_content(&self, id: &str) -> Result<(Attachment, Vec<u8>)> {
        let conn = self.connection();
        let a = get(conn, id)?;
        let content = blobs::get(conn, &a.sha256)?.ok_or_else(|| {
            Error::Conflict(format!(
                "附件“{}”的内容不在本台账中（同步未完成？），请重新同步后再打开。",
                a.file_name
            ))
        })?;
        Ok((a, content))
    }
    /// Deletes an attachment (soft: 撤销 or [`Ledger::restore_attachment`] brings it back).
    pub fn delete_attachment(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| delete(tx, id))
    }
    /// Brings back a deleted attachment.
    pub fn restore_attachment(&mut self, id: &str) -> Result<Attachment> {
        self.write(|tx, _| restore(tx, id))
    }
}

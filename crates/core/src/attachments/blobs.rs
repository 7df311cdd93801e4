//! Attachment content, stored once per SHA-256 in `attachment_blobs`: immutable, never logged
//! as a change, never deleted with a row (sync and the office server exchange them by hash).

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// SHA-256 of `content`, lowercase hex.
pub fn sha256_hex(content: &[u8]) -> String {
    Sha256::digest(content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores `content` under its hash unless already there; returns the hash.
pub fn put(conn: &Connection, content: &[u8]) -> Result<String> {
    let sha = sha256_hex(content);
    conn.prepare_cached(
        "INSERT OR IGNORE INTO attachment_blobs (sha256, size, content) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![sha, content.len() as i64, content])?;
    Ok(sha)
}

/// Stores content received from elsewhere under `sha256`, refusing it when the bytes do not
/// hash to that (a damaged or forged transfer).
pub fn put_checked(conn: &Connection, sha256: &str, content: &[u8]) -> Result<()> {
    let actual = sha256_hex(content);
    if actual != sha256 {
        return Err(Error::Validation {
            field: None,
            message: format!("附件内容校验失败（应为 {sha256}，实为 {actual}），未导入任何数据。"),
        });
    }
    put(conn, content)?;
    Ok(())
}

/// The content stored under `sha256`.
pub fn get(conn: &Connection, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT content FROM attachment_blobs WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?)
}

/// Whether the content of `sha256` is stored here.
pub fn has(conn: &Connection, sha256: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM attachment_blobs WHERE sha256 = ?1)")?
        .query_row([sha256], |r| r.get(0))?)
}

/// How many blobs are stored.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM attachment_blobs", [], |r| r.get(0))?)
}

/// Hashes named by attachment rows (deleted ones too) whose content is not stored here:
/// what to fetch from the office server.
pub fn missing(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT a.sha256 FROM attachments a
         WHERE NOT EXISTS (SELECT 1 FROM attachment_blobs b WHERE b.sha256 = a.sha256)
         ORDER BY a.sha256",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

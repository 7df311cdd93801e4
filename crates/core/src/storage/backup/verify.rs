//! Checking a backup file (integrity, a schema this build knows) and finding the newest good one.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::storage::backup::naming::*;
use crate::storage::backup::*;
use crate::storage::connection::*;
use crate::storage::schema::SCHEMA_VERSION;

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

/// Opens a backup read-only and checks it fully: `integrity_check` = ok, a ledger schema this
/// build can open (1..=SCHEMA_VERSION). Never writes to the file.
pub fn verify(path: &Path) -> Result<Verified> {
    verify_with(path, None)
}

/// Opens a file read-only, keyed with `passphrase` when it is encrypted (see `db::apply_key`).
pub(super) fn open_read_only(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    let conn = crate::storage::connection::connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::storage::connection::apply_key(&conn, path, passphrase)?;
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
    let _running = super::running::register(&conn);
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

//! One error type for the whole core. Every message is written for the person at the keyboard,
//! in Chinese (the UI's first language); `kind()` tells a caller how to react.

use serde::Serialize;

/// What a caller can do about an error. The desktop app sends it to the UI as `{kind, message}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ErrorKind {
    /// The record asked for does not exist (or was deleted).
    NotFound,
    /// The input breaks a rule; `field` (when known) names the input field.
    Validation,
    /// The input clashes with data already stored (a duplicate credit code, a newer schema).
    Conflict,
    /// Storage or I/O failed; nothing was written.
    Internal,
    /// The ledger (or a backup) failed its integrity check and was not used: offer the newest
    /// good backup (`backup::newest_good_backup`).
    Corrupt,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{what}不存在或已删除（{id}）")]
    NotFound { what: &'static str, id: String },
    #[error("{message}")]
    Validation {
        /// The input field at fault, in the API's own field name (e.g. `total_investment`).
        field: Option<&'static str>,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    /// A file that failed its integrity check (see `backup.rs`).
    #[error("{message}")]
    Corrupt { message: String },
    #[error("数据库错误：{0}")]
    Storage(#[from] rusqlite::Error),
    #[error("文件读写失败：{}", io_message(.0))]
    Io(#[from] std::io::Error),
}

/// Whether another program holds the file open without sharing it: Windows'
/// ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION, which std leaves uncategorized.
fn held_open_elsewhere(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// An I/O error in words an officer can act on: a full or write-protected USB stick, a file
/// another program holds open. The system's own text follows for whoever helps him.
fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let held_open = held_open_elsewhere(e);
    let plain = match e.kind() {
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => {
            Some("磁盘或U盘空间不足，请腾出空间或换一个位置")
        }
        K::ReadOnlyFilesystem => Some("该位置只读（U盘是否打开了写保护？），请换一个位置"),
        K::PermissionDenied => Some("没有读写权限（文件只读、被其他程序占用，或U盘写保护）"),
        _ if held_open => Some("文件正被其他程序使用，请关闭占用它的程序后重试"),
        _ => None,
    };
    match plain {
        Some(p) => format!("{p}。（{e}）"),
        None => e.to_string(),
    }
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Validation { .. } => ErrorKind::Validation,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::Corrupt { .. } => ErrorKind::Corrupt,
            Error::Storage(_) | Error::Io(_) => ErrorKind::Internal,
        }
    }

    /// The input field an error is about, if any (lets a form show the message next to it).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Validation { field, .. } => *field,
            _ => None,
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Validation {
            field: Some(field),
            message: message.into(),
        }
    }

    pub(crate) fn not_found(what: &'static str, id: &str) -> Self {
        Error::NotFound {
            what,
            id: id.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rusqlite::types::FromSqlError> for Error {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        Error::Storage(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::Error;
    use std::io::{Error as IoError, ErrorKind};

    #[test]
    fn a_full_or_read_only_stick_is_named_as_such() {
        let full = Error::from(IoError::from(ErrorKind::StorageFull)).to_string();
        assert!(
            full.starts_with("文件读写失败：磁盘或U盘空间不足"),
            "{full}"
        );
        let ro = Error::from(IoError::from(ErrorKind::ReadOnlyFilesystem)).to_string();
        assert!(ro.contains("只读"), "{ro}");
        let denied = Error::from(IoError::from(ErrorKind::PermissionDenied)).to_string();
        assert!(denied.contains("没有读写权限"), "{denied}");
        // Anything else keeps the system's words.
        let other = Error::from(IoError::other("磁头故障")).to_string();
        assert_eq!(other, "文件读写失败：磁头故障");
    }
}

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
    #[error("文件读写失败：{0}")]
    Io(#[from] std::io::Error),
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

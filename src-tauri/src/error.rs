//! Errors as the UI sees them: `{kind, message, field}`; the UI switches on `kind`.

use serde::Serialize;
use zhaoshang_core::ErrorKind;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub kind: ErrorKind,
    /// Shown to the user as is (Chinese, from the core).
    pub message: String,
    /// The input field at fault, so a form can show the message next to it.
    pub field: Option<String>,
}

impl From<zhaoshang_core::Error> for AppError {
    fn from(e: zhaoshang_core::Error) -> Self {
        AppError {
            kind: e.kind(),
            field: e.field().map(str::to_string),
            message: e.to_string(),
        }
    }
}

impl AppError {
    pub fn internal(message: impl Into<String>) -> Self {
        AppError {
            kind: ErrorKind::Internal,
            message: message.into(),
            field: None,
        }
    }
}

//! The file chosen for import, before it is read as a sheet: the bytes a page read (base64, as
//! an `<input type=file>` gives them) or a file on disk (dropped on the window, or a typed
//! path), refused when empty, too big or unreadable, with a message that says which.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};

use crate::error::{Error, Result};
use crate::io::import::read::MAX_FILE_BYTES;

fn refused(message: impl Into<String>) -> Error {
    Error::Validation {
        field: None,
        message: message.into(),
    }
}

/// A file of `len` bytes is refused when over [`MAX_FILE_BYTES`].
pub fn check_size(len: usize) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(refused(format!(
            "文件过大（{} MB），最多导入 {} MB 的表格。未导入任何数据。",
            len / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// An empty file is refused; else its size in bytes.
pub fn check_not_empty(name: &str, bytes: &[u8]) -> Result<u32> {
    if bytes.is_empty() {
        return Err(refused(format!("文件“{name}”是空的，未导入任何数据。")));
    }
    Ok(bytes.len() as u32)
}

/// Standard base64, padded or not, line breaks and blanks ignored; the URL-safe `-` and `_`
/// read as `+` and `/`.
const BROWSER: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The bytes of a file a page read as base64 (a `data:…;base64,` prefix is skipped). Too big
/// a text is refused before decoding; text that is not base64 is refused too.
pub fn decode_base64(text: &str) -> Result<Vec<u8>> {
    check_size(text.len() / 4 * 3)?;
    let text = match text.find(";base64,") {
        Some(i) if text.starts_with("data:") => &text[i + 8..],
        _ => text,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'=' | b'\n' | b'\r' | b' '))
        .map(|b| match b {
            b'-' => b'+',
            b'_' => b'/',
            b => b,
        })
        .collect();
    BROWSER
        .decode(clean)
        .map_err(|_| refused("文件内容未能读取，请重新选择文件。"))
}

/// The file at a typed or dropped `path` (blanks and quotes around it are dropped): its name
/// and bytes.
pub fn read_path(path: &str) -> Result<(String, Vec<u8>)> {
    let p = PathBuf::from(path.trim().trim_matches('"'));
    let meta =
        std::fs::metadata(&p).map_err(|_| refused(format!("找不到文件“{}”。", p.display())))?;
    if !meta.is_file() {
        return Err(refused(format!("“{}”不是文件。", p.display())));
    }
    check_size(meta.len() as usize)?;
    let bytes =
        std::fs::read(&p).map_err(|e| refused(format!("文件“{}”无法读取：{e}", p.display())))?;
    Ok((file_name(&p), bytes))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

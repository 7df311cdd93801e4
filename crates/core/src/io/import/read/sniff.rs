//! What a file is, decided by its content and never by its extension: government and vendor
//! systems save Excel 2003 XML and HTML tables as `.xls`, WPS saves `.et` as a compound file,
//! and a file that is no table at all is refused with a sentence naming what it looks like.

use std::io::Cursor;

use super::sheet::{Format, Refusal, MAX_ZIP_ENTRIES};

/// The kind of a zip, from the names of its parts (nothing is expanded here).
pub(super) fn zip_kind(bytes: &[u8]) -> Result<Format, Refusal> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件以压缩包格式开头但已损坏，不是有效的 .xlsx 文件。".to_string())?;
    let names: Vec<String> = zip
        .file_names()
        .take(MAX_ZIP_ENTRIES + 1)
        .flatten()
        .map(|n| n.into_owned())
        .collect();
    let has = |n: &str| names.iter().any(|m| m == n);
    if has("xl/workbook.xml") || has("xl/workbook.bin") {
        return Ok(Format::Xlsx);
    }
    if has("content.xml") {
        // The first part of an OpenDocument file is `mimetype`, stored uncompressed: its text
        // is in the file's first bytes.
        let head = &bytes[..bytes.len().min(200)];
        if contains(head, b"opendocument.spreadsheet") {
            return Ok(Format::Ods);
        }
        if contains(head, b"opendocument.text") {
            return Err(refuse("OpenDocument 文字文档（.odt），不是 Excel 表格"));
        }
        if contains(head, b"opendocument.presentation") {
            return Err(refuse("OpenDocument 演示文稿（.odp），不是 Excel 表格"));
        }
    }
    if has("word/document.xml") {
        return Err(refuse("Word 文档（.docx），不是 Excel 表格"));
    }
    if has("ppt/presentation.xml") {
        return Err(refuse("PPT 演示文稿（.pptx），不是 Excel 表格"));
    }
    Err(refuse(
        "压缩包（zip），不是 Excel 表格；请先解压，再导入其中的表格",
    ))
}

/// A compound file (BIFF .xls, WPS .et) that is a Word or PowerPoint document instead.
pub(super) fn cfb_not_a_sheet(bytes: &[u8]) -> Option<Refusal> {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let has_stream = |s: &str| contains(bytes, &utf16(s));
    if has_stream("Workbook") || has_stream("Book") {
        return None;
    }
    if has_stream("WordDocument") {
        return Some(refuse("Word 文档（.doc），不含 Excel 工作簿"));
    }
    if has_stream("PowerPoint Document") {
        return Some(refuse("PPT 演示文稿（.ppt），不含 Excel 工作簿"));
    }
    None
}

/// What a text file holds: a SpreadsheetML workbook, an HTML table, a CSV, or something that
/// is refused (a web page without a table, another XML document, JSON).
pub(super) fn text_kind(text: &str) -> Result<Format, Refusal> {
    let start = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    let markup = start.strip_prefix('<').is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!' || c == '?')
    });
    if !markup {
        if start.starts_with('{') || start.starts_with("[{") {
            return Err(refuse("JSON 数据文件，不是表格"));
        }
        return Ok(Format::Csv);
    }
    // Markup: look at the first 64 KB (a web page's <head> can be long).
    let head: String = start
        .chars()
        .take(64 * 1024)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.contains("progid=\"excel.sheet\"")
        || head.contains("urn:schemas-microsoft-com:office:spreadsheet")
    {
        return Ok(Format::SpreadsheetMl);
    }
    if head.contains("progid=\"word.document\"")
        || head.contains("schemas.microsoft.com/office/word")
    {
        return Err(refuse("Word 文档（网页或 XML 格式），不是表格"));
    }
    let whole_lower = || text.to_ascii_lowercase();
    if head.starts_with("<?xml") && !head.contains("<html") {
        return Err(refuse("XML 数据文件，不是表格（Excel 2003 XML 表格除外）"));
    }
    if head.contains("<table") || whole_lower().contains("<table") {
        return Ok(Format::Html);
    }
    if head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") {
        return Err(
            "这是一个网页文件，不是表格：其中没有任何表格（<table>）。请在系统中选择“导出 Excel”，或把网页中的表格复制到 Excel 后另存为 .xlsx 再导入。"
                .into(),
        );
    }
    Err(refuse("网页或 XML 标记文件，不是表格"))
}

fn refuse(what: &str) -> Refusal {
    format!("这是{what}。请导入 Excel（.xlsx/.xls/.et/.ods）或 CSV 文件。")
}

pub(super) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

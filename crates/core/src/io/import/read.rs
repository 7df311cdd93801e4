//! Reading an imported file into rows of cells. What the file is comes from its content, never
//! its extension (`sniff`): .xlsx (streamed, cached formula values), .xls and WPS .et (BIFF in a
//! compound file), .ods, Excel 2003 XML (`spreadsheetml`) and HTML tables (`html`) that systems
//! save as `.xls`, and .csv/.txt (UTF-8 with or without BOM, GBK/GB18030, UTF-16 from Excel's
//! "Unicode text"); anything else is refused naming what it looks like. Hostile input is refused before it is expanded: the file's size, a zip's entries and
//! their real uncompressed sizes, the number of rows and the length of a cell are all capped,
//! and every refusal is one Chinese sentence.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, DataRef, Ods, Reader, Xls, Xlsx};

use super::parse::Cell;

mod html;
mod sheet;
mod sniff;
mod spreadsheetml;
mod xls_check;
use sheet::{huge_cell, too_big_unzipped, Rows};
pub use sheet::{
    Format, Refusal, Row, Sheet, MAX_CELL_CHARS, MAX_COLS, MAX_FILE_BYTES, MAX_MERGED_CELLS,
    MAX_MERGED_COPY_BYTES, MAX_ROWS, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES,
};
pub use xls_check::{MAX_XLS_AREA_CELLS, MAX_XLS_TEXT_BYTES};

pub fn detect(bytes: &[u8]) -> Result<Format, Refusal> {
    if bytes.is_empty() {
        return Err("文件是空的。".into());
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "文件过大（{} MB），最多导入 {} MB 的表格。",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff::zip_kind(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Format::Xls);
    }
    let known: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF 文件"),
        (b"\x89PNG", "图片"),
        (b"\xFF\xD8\xFF", "图片"),
        (b"GIF8", "图片"),
        (b"Rar!", "RAR 压缩包"),
        (b"7z\xBC\xAF", "7z 压缩包"),
        (b"\x1F\x8B", "gzip 压缩包"),
        (b"SQLite format 3", "数据库文件"),
        (b"MZ", "程序文件"),
        (b"\x7FELF", "程序文件"),
        (b"{\\rtf", "RTF 文档"),
        (b"BM", "图片"),
        (b"II*\0", "图片"),
        (b"MM\0*", "图片"),
        (b"RIFF", "音视频或图片文件"),
        (b"\0\0\0\x18ftyp", "视频文件"),
        (b"\0\0\0\x20ftyp", "视频文件"),
        (b"ID3", "音频文件"),
    ];
    for (magic, what) in known {
        if bytes.starts_with(magic) {
            return Err(format!(
                "这是{what}，不是表格。请导入 Excel（.xlsx/.xls/.et/.ods）或 CSV 文件。"
            ));
        }
    }
    sniff::text_kind(&decode_text(bytes)?)
}

/// Reads every sheet worth looking at (a workbook: each sheet; an HTML page: each table;
/// csv: one), each marked with what the file was read as.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, Refusal> {
    let format = detect(bytes)?;
    // The spreadsheet readers are third-party code fed hostile bytes: a panic in them is a
    // corrupt file, not a crash (in builds that unwind; see IMPORT_NOTES.md).
    let mut sheets = std::panic::catch_unwind(|| match format {
        Format::Xlsx => read_xlsx(bytes),
        Format::Xls => read_xls(bytes),
        Format::Ods => read_ods(bytes),
        Format::SpreadsheetMl => spreadsheetml::read(&decode_text(bytes)?),
        Format::Html => html::read(&decode_text(bytes)?),
        Format::Csv => Ok(vec![read_csv(bytes)?]),
    })
    .unwrap_or_else(|_| Err("文件已损坏，无法读取（不是有效的表格文件）。".into()))?;
    for s in &mut sheets {
        s.read_as = format.read_as();
    }
    Ok(sheets)
}

fn not_excel(e: impl std::fmt::Display) -> Refusal {
    format!("无法读取这个 Excel 文件（文件已损坏、加密或不是表格）：{e}")
}

/// Checks a zip's directory and the real size of each part (a part may lie about its size)
/// before calamine expands anything.
fn check_zip(bytes: &[u8]) -> Result<(), Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "文件以压缩包格式开头但已损坏，不是有效的 .xlsx 文件。".to_string())?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(format!(
            "文件含有 {} 个部件，不像是表格（可能是恶意构造的文件），已拒绝。",
            zip.len()
        ));
    }
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|_| "文件已损坏，无法读取。".to_string())?;
        declared = declared.saturating_add(f.size());
    }
    if declared > MAX_UNZIPPED_BYTES {
        return Err(too_big_unzipped());
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(not_excel)?;
        let mut limited = f.take(MAX_UNZIPPED_BYTES - total + 1);
        loop {
            match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    total += n as u64;
                    if total > MAX_UNZIPPED_BYTES {
                        return Err(too_big_unzipped());
                    }
                }
                Err(e) => return Err(not_excel(e)),
            }
        }
    }
    Ok(())
}

fn from_data_ref(d: DataRef<'_>) -> Cell {
    match d {
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Float(f) => Cell::Number(f),
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => excel_datetime(&dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(_) | DataRef::Empty => Cell::Empty,
    }
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => excel_datetime(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

fn excel_datetime(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_datetime() {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        match chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
            Some(day) => Cell::Date(day),
            None => Cell::Number(dt.as_f64()),
        }
    } else {
        Cell::Number(dt.as_f64())
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, Refusal> {
    check_zip(bytes)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(not_excel)?;
    let names: Vec<String> = book.sheet_names().into_iter().take(50).collect();
    // A sheet's merged regions come after its cells, and calamine parses the whole sheet again
    // to find them (a third of the reading time of a big ledger): a second reader of the same
    // bytes does that on another core while this one reads the cells.
    std::thread::scope(|s| {
        let merged = s.spawn(|| -> Vec<Option<Vec<calamine::Dimensions>>> {
            match open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) {
                Ok(mut book) => names
                    .iter()
                    .map(|n| book.merge_cells_by_sheet_name(n).ok())
                    .collect(),
                Err(_) => Vec::new(),
            }
        });
        let mut read = Vec::with_capacity(names.len());
        for name in &names {
            let mut rows = Rows::default();
            let mut reader = book.worksheet_cells_reader(name).map_err(not_excel)?;
            while let Some(cell) = reader.next_cell().map_err(not_excel)? {
                let (r, c) = cell.get_position();
                rows.put(r, c, from_data_ref(cell.get_value().clone()))?;
            }
            read.push(rows);
        }
        let merged = merged
            .join()
            .map_err(|_| Refusal::from("文件已损坏，无法读取其中的合并单元格。"))?;
        let mut sheets = Vec::with_capacity(read.len());
        for (i, (mut rows, name)) in read.into_iter().zip(names.iter()).enumerate() {
            if let Some(Some(regions)) = merged.get(i) {
                rows.fill_merged(regions)?;
            }
            sheets.push(rows.into_sheet(name.clone()));
        }
        Ok(sheets)
    })
}

fn read_ods(bytes: &[u8]) -> Result<Vec<Sheet>, Refusal> {
    check_zip(bytes)?;
    let mut book: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(not_excel)?;
    let names: Vec<String> = book.sheet_names().into_iter().take(50).collect();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(not_excel)?;
        sheets.push(range_to_sheet(&range, name)?);
    }
    Ok(sheets)
}

fn range_to_sheet(range: &calamine::Range<Data>, name: String) -> Result<Sheet, Refusal> {
    let mut rows = Rows::default();
    if let Some((r0, c0)) = range.start() {
        for (i, row) in range.rows().enumerate() {
            for (j, d) in row.iter().enumerate() {
                rows.put(r0 + i as u32, c0 + j as u32, from_data(d))?;
            }
        }
    }
    Ok(rows.into_sheet(name))
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, Refusal> {
    if let Some(refusal) = sniff::cfb_not_a_sheet(&bytes[..bytes.len().min(1 << 20)]) {
        return Err(refusal);
    }
    // The compound-file reader indexes past the end of a truncated last sector (found by the
    // fuzz target): check the sector size and pad the file to whole sectors first.
    let shift = bytes
        .get(30..32)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .unwrap_or(0);
    if shift != 9 && shift != 12 {
        return Err("文件已损坏，不是有效的 .xls 表格。".into());
    }
    let sector = 1usize << shift;
    let mut padded;
    let bytes = if !bytes.len().is_multiple_of(sector) || bytes.len() < 2 * sector {
        padded = bytes.to_vec();
        let len = padded.len().div_ceil(sector).max(2) * sector;
        padded.resize(len, 0);
        &padded[..]
    } else {
        bytes
    };
    // calamine allocates what the file claims (stream sizes, a sheet's dimensions, the area
    // between its cells, string lengths): check all of it first (see xls_check.rs).
    xls_check::check(bytes, sector)?;
    let mut book: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(not_excel)?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    for name in names.into_iter().take(50) {
        let range = book.worksheet_range(&name).map_err(not_excel)?;
        let mut rows = Rows::default();
        if let Some((r0, c0)) = range.start() {
            for (i, row) in range.rows().enumerate() {
                for (j, d) in row.iter().enumerate() {
                    rows.put(r0 + i as u32, c0 + j as u32, from_data(d))?;
                }
            }
        }
        if let Ok(regions) = book.merge_cells_by_sheet_name(&name) {
            rows.fill_merged(&regions)?;
        }
        sheets.push(rows.into_sheet(name));
    }
    Ok(sheets)
}

/// Decodes a text file: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (GBK's superset).
pub fn decode_text(bytes: &[u8]) -> Result<String, Refusal> {
    let not_text = || -> Refusal {
        "文件不是表格：既不是 Excel 文件，也不是可识别编码（UTF-8 或 GBK）的 CSV 文本。".into()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(rest);
        return if bad {
            Err(not_text())
        } else {
            Ok(text.into_owned())
        };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (text, _, bad) = encoding_rs::UTF_16BE.decode(rest);
        return if bad {
            Err(not_text())
        } else {
            Ok(text.into_owned())
        };
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(body) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or_else(not_text)?
            .into_owned(),
    };
    // Binary data decodes as text in GB18030 too: control characters give it away.
    let sample = text.chars().take(64 * 1024);
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in sample {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            controls += 1;
        }
    }
    if controls > 0 && controls * 100 >= total.max(1) {
        return Err(not_text());
    }
    Ok(text)
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, Refusal> {
    let text = decode_text(bytes)?;
    let delimiter = guess_delimiter(&text);
    let mut rows = Rows::default();
    let mut record = 0u32;
    let mut col = 0u32;
    let mut field = String::new();
    let mut quoted = false;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    let flush = |rows: &mut Rows, record: u32, col: u32, field: &mut String| {
        let f = std::mem::take(field);
        rows.put(record, col, Cell::Text(f))
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
                if field.len() > MAX_CELL_CHARS * 4 {
                    return Err(huge_cell(record + 1, col as usize));
                }
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            c if c == delimiter => {
                flush(&mut rows, record, col, &mut field)?;
                col += 1;
                at_field_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                flush(&mut rows, record, col, &mut field)?;
                record = record.saturating_add(1);
                col = 0;
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
                if field.len() > MAX_CELL_CHARS * 4 {
                    return Err(huge_cell(record + 1, col as usize));
                }
            }
        }
    }
    flush(&mut rows, record, col, &mut field)?;
    Ok(rows.into_sheet("CSV".into()))
}

/// The delimiter of the first lines: comma, tab or semicolon, whichever is most common.
fn guess_delimiter(text: &str) -> char {
    let head: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
    let count = |d: char| head.chars().filter(|c| *c == d).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        '\t'
    } else if semi > comma && semi > tab {
        ';'
    } else {
        ','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_newlines_and_encodings() {
        let sheet =
            read_csv("项目名称,备注\r\n\"A,1\",\"说\"\"明\"\"\n第二行\"\n\n,\nB,x".as_bytes())
                .unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[1].get(0), &Cell::Text("A,1".into()));
        assert_eq!(sheet.rows[1].get(1), &Cell::Text("说\"明\"\n第二行".into()));
        assert_eq!(sheet.rows[2].number, 5);
        let (gbk, _, _) = encoding_rs::GBK.encode("项目名称,总投资\n凌源钢铁,5000\n");
        let sheet = read_csv(&gbk).unwrap();
        assert_eq!(sheet.rows[1].get(0), &Cell::Text("凌源钢铁".into()));
        let bom = [&[0xEF, 0xBB, 0xBF][..], "项目名称\t总投资\nX\t1".as_bytes()].concat();
        let sheet = read_csv(&bom).unwrap();
        assert_eq!(sheet.rows[0].get(1), &Cell::Text("总投资".into()));
    }

    #[test]
    fn refuses_what_is_not_a_sheet() {
        assert!(read(b"%PDF-1.7 ...").unwrap_err().contains("PDF"));
        assert!(read(b"").unwrap_err().contains("空"));
        assert!(read(b"PK\x03\x04garbage").unwrap_err().contains("损坏"));
        assert!(read(&[0u8, 1, 2, 3, 0, 0, 0, 7, 8, 9]).is_err());
    }
}

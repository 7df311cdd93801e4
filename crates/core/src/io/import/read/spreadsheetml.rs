//! Excel 2003 XML (SpreadsheetML: `<?mso-application progid="Excel.Sheet"?>`), which WPS and
//! many government systems save as `.xls`. Read with quick-xml (the XML reader calamine itself
//! uses, so no new crate to build): every `<Worksheet ss:Name>`, rows and cells placed by
//! `ss:Index`, `ss:MergeAcross`/`ss:MergeDown` filled like merged cells of an .xlsx, and each
//! `<Data ss:Type>` typed (Number, DateTime, Boolean, String; rich text inside a cell joined).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::sheet::{
    huge_cell, too_many_rows, Refusal, Rows, Sheet, MAX_CELL_CHARS, MAX_COLS, MAX_ROWS,
};
use crate::io::import::parse::Cell;

/// Most worksheets read (as for .xlsx).
const MAX_SHEETS: usize = 50;

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let name = key.rsplit(':').next().unwrap_or(key);
        (name == local).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

fn index(e: &BytesStart<'_>, local: &str) -> Option<u32> {
    attr(e, local)?.trim().parse::<u32>().ok()
}

fn local(e: &BytesStart<'_>) -> String {
    let n = e.local_name();
    n.as_ref().to_string()
}

fn bad(e: impl std::fmt::Display) -> Refusal {
    format!("这个 Excel 2003 XML 表格已损坏，无法读取：{e}")
}

/// The value of a `<Data>` as its `ss:Type` says.
fn typed(kind: &str, text: String) -> Cell {
    let t = text.trim();
    match kind {
        "Number" => t
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Cell::Number)
            .unwrap_or(Cell::Text(text)),
        "DateTime" => {
            let day = t.get(..10).unwrap_or(t);
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map(Cell::Date)
                .unwrap_or(Cell::Text(text))
        }
        "Boolean" => Cell::Bool(t == "1" || t.eq_ignore_ascii_case("true")),
        "Error" => Cell::Empty,
        _ => Cell::Text(text),
    }
}

struct Open {
    rows: Rows,
    name: String,
    merged: Vec<calamine::Dimensions>,
}

pub(super) fn read(text: &str) -> Result<Vec<Sheet>, Refusal> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut sheets = Vec::new();
    let mut sheet: Option<Open> = None;
    // 0-based position of the next row and the next cell.
    let mut row: u32 = 0;
    let mut col: u32 = 0;
    let mut row_started = false;
    // Inside a cell's <Data> (not a <Comment>'s): its type and text so far.
    let mut data: Option<(String, String)> = None;
    let mut in_comment = 0u32;
    let mut cell_at: Option<(u32, u32)> = None;
    loop {
        let event = reader.read_event().map_err(bad)?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match local(e).as_str() {
                    "Worksheet" => {
                        if let Some(done) = sheet.take() {
                            sheets.push(finish(done)?);
                        }
                        if sheets.len() >= MAX_SHEETS {
                            break;
                        }
                        sheet = Some(Open {
                            rows: Rows::default(),
                            name: attr(e, "Name")
                                .unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1)),
                            merged: Vec::new(),
                        });
                        row = 0;
                    }
                    "Row" => {
                        if let Some(i) = index(e, "Index") {
                            row = i.saturating_sub(1);
                        }
                        if row as usize > MAX_ROWS * 8 {
                            return Err(too_many_rows());
                        }
                        col = 0;
                        row_started = true;
                        if empty {
                            row = row.saturating_add(1);
                            row_started = false;
                        }
                    }
                    "Cell" if row_started => {
                        if let Some(i) = index(e, "Index") {
                            col = i.saturating_sub(1);
                        }
                        let across = index(e, "MergeAcross").unwrap_or(0);
                        let down = index(e, "MergeDown").unwrap_or(0);
                        if (across > 0 || down > 0) && (col as usize) < MAX_COLS {
                            if let Some(s) = sheet.as_mut() {
                                s.merged.push(calamine::Dimensions {
                                    start: (row, col),
                                    end: (
                                        row.saturating_add(down.min(MAX_ROWS as u32)),
                                        col.saturating_add(across.min(MAX_COLS as u32)),
                                    ),
                                });
                            }
                        }
                        cell_at = Some((row, col));
                        col = col
                            .saturating_add(across.min(MAX_COLS as u32))
                            .saturating_add(1);
                        if empty {
                            cell_at = None;
                        }
                    }
                    "Comment" => in_comment += u32::from(!empty),
                    "Data" if in_comment == 0 && cell_at.is_some() && !empty => {
                        data = Some((attr(e, "Type").unwrap_or_default(), String::new()));
                    }
                    "Br" | "br" => {
                        if let Some((_, t)) = data.as_mut() {
                            t.push('\n');
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "Worksheet" => {
                    if let Some(done) = sheet.take() {
                        sheets.push(finish(done)?);
                    }
                }
                "Row" => {
                    row = row.saturating_add(1);
                    row_started = false;
                }
                "Cell" => cell_at = None,
                "Comment" => in_comment = in_comment.saturating_sub(1),
                "Data" if in_comment == 0 => {
                    if let (Some((kind, text)), Some((r, c)), Some(s)) =
                        (data.take(), cell_at, sheet.as_mut())
                    {
                        s.rows.put(r, c, typed(&kind, text))?;
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, text)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                    if text.len() > MAX_CELL_CHARS * 4 {
                        let (r, c) = cell_at.unwrap_or((row, col));
                        return Err(huge_cell(r + 1, c as usize));
                    }
                }
            }
            Event::CData(t) => {
                if let Some((_, text)) = data.as_mut() {
                    text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = data.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        text.push(c);
                    } else if let Some(s) =
                        quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                    {
                        text.push_str(s);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(done) = sheet.take() {
        sheets.push(finish(done)?);
    }
    if sheets.is_empty() {
        return Err("这个 Excel 2003 XML 文件中没有工作表（<Worksheet>）。".into());
    }
    Ok(sheets)
}

fn finish(mut open: Open) -> Result<Sheet, Refusal> {
    open.rows.fill_merged(&open.merged)?;
    Ok(open.rows.into_sheet(open.name))
}

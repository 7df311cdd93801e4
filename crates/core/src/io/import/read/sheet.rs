//! What every reader produces and the limits every reader keeps: a sheet's rows, the kind of
//! file read, refusals, and the sparse row store that fills merged cells. Shared by `read` and
//! its per-format readers (html, spreadsheetml, sniff), which import it from here rather than
//! from `read` (that made them and `read` import each other).

use std::collections::BTreeMap;

use crate::io::import::parse::Cell;

/// Largest file accepted (bytes).
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;
/// Largest total uncompressed size of an .xlsx's parts.
pub const MAX_UNZIPPED_BYTES: u64 = 600 * 1024 * 1024;
/// Most parts an .xlsx may have.
pub const MAX_ZIP_ENTRIES: usize = 5_000;
/// Most non-empty rows in a sheet (header rows included).
pub const MAX_ROWS: usize = 200_000;
/// Columns past this one are ignored.
pub const MAX_COLS: usize = 200;
/// Excel's own limit for one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most cells that merged regions may cover (their value is copied into each, see
/// `fill_merged`; rows are widened to the region, 32 bytes a cell): a merged title over 30
/// columns or a company merged over a few rows needs tens.
pub const MAX_MERGED_CELLS: usize = 1_000_000;
/// Most text (bytes) copied from merged regions' first cells into their other cells.
pub const MAX_MERGED_COPY_BYTES: usize = 16 * 1024 * 1024;

/// A sheet's non-empty rows.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
    /// What the file was read as ([`Format::read_as`]; empty for sheets made in code).
    pub read_as: &'static str,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based row number as Excel shows it (CSV: the line's record number).
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn get(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// What kind of file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    /// BIFF in a compound file: Excel 97-2003 .xls and WPS .et.
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Excel 2003 XML, often named .xls.
    SpreadsheetMl,
    /// An HTML page with tables, often named .xls.
    Html,
    Csv,
}

impl Format {
    /// What the file was read as, in the officer's words.
    pub fn read_as(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel 工作簿（.xlsx）",
            Format::Xls => "Excel 97-2003 / WPS 表格（.xls/.et）",
            Format::Ods => "OpenDocument 表格（.ods）",
            Format::SpreadsheetMl => "Excel 2003 XML 表格",
            Format::Html => "网页表格（HTML）",
            Format::Csv => "CSV 文本",
        }
    }
}

/// Why a file was refused (shown as is).
pub type Refusal = String;

pub(super) fn too_big_unzipped() -> Refusal {
    format!(
        "文件解压后超过 {} MB（可能是“压缩炸弹”），已拒绝，台账未作任何改动。",
        MAX_UNZIPPED_BYTES / (1024 * 1024)
    )
}

pub(super) fn too_many_rows() -> Refusal {
    format!("表格超过 {MAX_ROWS} 行，请拆分后分批导入。")
}

pub(super) fn huge_cell(row: u32, col: usize) -> Refusal {
    format!(
        "第{row}行第{}列的内容超过 {MAX_CELL_CHARS} 个字符，不像是台账表格，已拒绝。",
        col + 1
    )
}

/// Rows keyed by 0-based row index, kept sparse while reading.
#[derive(Default)]
pub(super) struct Rows {
    pub(super) rows: BTreeMap<u32, Vec<Cell>>,
}

impl Rows {
    pub(super) fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), Refusal> {
        if cell.is_empty() || col as usize >= MAX_COLS {
            return Ok(());
        }
        if let Cell::Text(t) = &cell {
            if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS {
                return Err(huge_cell(row + 1, col as usize));
            }
        }
        if !self.rows.contains_key(&row) && self.rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= col as usize {
            cells.resize(col as usize + 1, Cell::Empty);
        }
        cells[col as usize] = cell;
        Ok(())
    }

    /// Copies each merged region's value into its other cells (rows that exist only), so a
    /// merged header or a company merged over several project rows reads on every row. The
    /// cells visited and the text copied are capped: one region over every row and column with
    /// a long text in its corner would otherwise copy that text millions of times.
    pub(super) fn fill_merged(&mut self, regions: &[calamine::Dimensions]) -> Result<(), Refusal> {
        let mut visited = 0usize;
        let mut copied = 0usize;
        let too_big = || -> Refusal {
            "表格中合并单元格的范围过大（文件可能已损坏或是恶意构造的），已拒绝，台账未作任何改动。请取消不必要的合并单元格后再导入。".into()
        };
        for m in regions {
            let (r0, c0) = m.start;
            let (r1, c1) = m.end;
            // A corrupt region may end before it starts.
            if c0 as usize >= MAX_COLS || r1 < r0 || c1 < c0 {
                continue;
            }
            let Some(value) = self
                .rows
                .get(&r0)
                .and_then(|r| r.get(c0 as usize))
                .filter(|c| !c.is_empty())
                .cloned()
            else {
                continue;
            };
            let size = match &value {
                Cell::Text(t) => t.len(),
                _ => 0,
            } + 32;
            let c1 = (c1 as usize).min(MAX_COLS - 1);
            let rows: Vec<u32> = self.rows.range(r0..=r1).map(|(k, _)| *k).collect();
            for r in rows {
                visited += c1 + 1 - c0 as usize;
                if visited > MAX_MERGED_CELLS {
                    return Err(too_big());
                }
                let cells = self.rows.get_mut(&r).expect("row listed");
                if cells.len() <= c1 {
                    cells.resize(c1 + 1, Cell::Empty);
                }
                for cell in &mut cells[c0 as usize..=c1] {
                    if cell.is_empty() {
                        copied += size;
                        if copied > MAX_MERGED_COPY_BYTES {
                            return Err(too_big());
                        }
                        *cell = value.clone();
                    }
                }
            }
        }
        Ok(())
    }

    pub(super) fn into_sheet(self, name: String) -> Sheet {
        Sheet {
            name,
            rows: self
                .rows
                .into_iter()
                .map(|(r, cells)| Row {
                    number: r + 1,
                    cells,
                })
                .collect(),
            read_as: "",
        }
    }
}

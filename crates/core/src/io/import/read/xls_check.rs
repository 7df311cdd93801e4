//! Checks an .xls (compound file + BIFF records) before calamine reads it. calamine takes
//! counts and sizes from the file on trust and allocates them up front: a DIMENSIONS record
//! claiming 8 million rows made it reserve 5.6 GB (`tests/fixtures/hostile_xls_dimensions_8m_rows.bin`,
//! found by the bounded fuzz runner), two cells far apart make it lay out every cell between
//! them, a 9-byte label may ask for a 64 KB string, a shared string is copied once per cell
//! that names it. This walk reads the same structures the same way (FAT, directory, mini
//! stream, the Workbook stream's records, each sheet's records) without allocating what they
//! claim, and refuses before calamine runs when what calamine would build exceeds the limits
//! below. Where calamine itself would stop with an error, the walk stops too (nothing more is
//! allocated past that point) and calamine's error becomes the message.

/// Why a file was refused (shown as is): the same `String` as `read::Refusal`, named here so
/// that this walk does not reach back into the reader that calls it.
type Refusal = String;

/// Most cells calamine may lay out for one sheet (it keeps a sheet as a dense rectangle from the
/// first to the last used cell, 32 bytes a cell, copies it once more when a sheet is read, and
/// reserves 40 bytes a cell for the area a DIMENSIONS record claims): 2 million is 65,536 rows
/// (all an .xls can have) × 30 columns or 20,000 × 100, more than any 台账; the sum over all
/// sheets is capped at the same figure. A hostile file at the cap costs ~130 MB.
pub const MAX_XLS_AREA_CELLS: u64 = 2_000_000;
/// Most text (UTF-8 bytes, counted as calamine would allocate it) in an .xls's cells; reading
/// a sheet copies it once more. 64 MB is some 2 million cells of ten Chinese characters.
pub const MAX_XLS_TEXT_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes of formula records: calamine turns each formula back into text (up to ~150 times
/// its size for names of other sheets; quadratic time for runs of spaces), which the importer
/// does not use. 2 MB is some 60,000 formulas.
pub const MAX_XLS_FORMULA_BYTES: u64 = 2 * 1024 * 1024;
/// Most sheets an .xls may list.
pub const MAX_XLS_SHEETS: usize = 1_000;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

fn corrupt() -> Refusal {
    "文件已损坏，不是有效的 .xls 表格。".into()
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|x| u16::from_le_bytes([x[0], x[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
}

/// The compound file as calamine's `Cfb` sees it (`bytes` padded to whole sectors).
struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// Sectors present in the file (after the header).
    sectors: usize,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn get(&self, id: u32) -> Result<&'a [u8], Refusal> {
        // calamine reads a sector past the end as a short or empty one; no real file has one.
        if id as usize >= self.sectors {
            return Err(corrupt());
        }
        let start = (id as usize + 1) * self.sector;
        self.bytes
            .get(start..start + self.sector)
            .ok_or_else(corrupt)
    }

    /// calamine's `Sectors::get_chain`: sectors from `start` through the FAT until the end of the
    /// chain or `len` bytes. A chain that loops is refused.
    fn chain(&self, start: u32, len: usize) -> Result<Vec<u8>, Refusal> {
        follow(start, len, self.sectors, |id| self.get(id), &self.fat)
    }
}

fn follow<'a>(
    start: u32,
    len: usize,
    max_steps: usize,
    get: impl Fn(u32) -> Result<&'a [u8], Refusal>,
    fat: &[u32],
) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != ENDOFCHAIN {
        let s = get(id)?;
        let take = s.len().min(len - out.len());
        out.extend_from_slice(&s[..take]);
        if out.len() >= len {
            break;
        }
        steps += 1;
        if steps > max_steps {
            return Err(corrupt());
        }
        id = *fat.get(id as usize).ok_or_else(corrupt)?;
    }
    Ok(out)
}

struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// Finds the Workbook stream as calamine does and returns its bytes.
fn workbook_stream(bytes: &[u8], sector: usize) -> Result<Vec<u8>, Refusal> {
    let sectors = (bytes.len() / sector).saturating_sub(1);
    // DIFAT: 109 entries in the header, then a chain of DIFAT sectors (last entry: next one).
    let mut difat: Vec<u32> = (0..109)
        .map(|i| u32_at(bytes, 76 + 4 * i).unwrap_or(u32::MAX))
        .collect();
    let mut cfb = Cfb {
        bytes,
        sector,
        sectors,
        fat: Vec::new(),
    };
    let mut next = u32_at(bytes, 68).ok_or_else(corrupt)?;
    let mut hops = 0usize;
    while next < RESERVED {
        hops += 1;
        if hops > sectors + 1 {
            return Err(corrupt());
        }
        let s = cfb.get(next)?;
        difat.extend(
            s.chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
        next = difat.pop().ok_or_else(corrupt)?;
    }
    // Every FAT sector is a distinct sector of the file: more of them than the file has sectors
    // would make calamine build a FAT many times the file's size.
    let fat_ids: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_ids.len() > sectors {
        return Err(corrupt());
    }
    let mut fat = Vec::with_capacity(fat_ids.len() * sector / 4);
    for id in fat_ids {
        fat.extend(
            cfb.get(id)?
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
    }
    cfb.fat = fat;

    let version = u16_at(bytes, 26).unwrap_or(0);
    let dir_start = u32_at(bytes, 48).ok_or_else(corrupt)?;
    let mini_fat_start = u32_at(bytes, 60).ok_or_else(corrupt)?;
    let mini_fat_len = u32_at(bytes, 64).ok_or_else(corrupt)? as usize;
    let dir = cfb.chain(dir_start, usize::MAX)?;
    let entries: Vec<Entry> = dir
        .chunks_exact(128)
        .map(|e| {
            let units: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
                name.truncate(l);
            }
            let len = if sector == 512 {
                u32::from_le_bytes([e[120], e[121], e[122], e[123]]) as u64
            } else {
                u64::from_le_bytes([
                    e[120], e[121], e[122], e[123], e[124], e[125], e[126], e[127],
                ])
            };
            Entry {
                name,
                start: u32::from_le_bytes([e[116], e[117], e[118], e[119]]),
                len,
            }
        })
        .collect();
    let Some(root) = entries.first() else {
        return Err(corrupt());
    };
    if version != 3 && root.start == ENDOFCHAIN {
        return Err(corrupt());
    }
    // Streams (the mini stream, the mini FAT, the workbook) are at most the file's size.
    let fits = |len: u64| len <= bytes.len() as u64;
    let (ministream, minifat) = if mini_fat_len > 0 {
        let minifat_bytes = mini_fat_len.saturating_mul(sector);
        if !fits(root.len) || !fits(minifat_bytes as u64) {
            return Err(corrupt());
        }
        let ministream = cfb.chain(root.start, root.len as usize)?;
        let minifat: Vec<u32> = cfb
            .chain(mini_fat_start, minifat_bytes)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        (ministream, minifat)
    } else {
        (Vec::new(), Vec::new())
    };
    let find = |name: &str| {
        entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    let Some(book) = find("Workbook").or_else(|| find("Book")) else {
        return Err(
            "这个文件不含 Excel 工作簿（可能是 Word、PowerPoint 等其他 Office 文档），不是表格。"
                .into(),
        );
    };
    if !fits(book.len) {
        return Err(corrupt());
    }
    let len = book.len as usize;
    if len < 4096 {
        let mini_sectors = ministream.len() / 64;
        let get = |id: u32| -> Result<&[u8], Refusal> {
            // calamine reads a mini sector past the mini stream from wherever the file's
            // cursor is; no real file has one.
            if id as usize >= mini_sectors {
                return Err(corrupt());
            }
            Ok(&ministream[id as usize * 64..id as usize * 64 + 64])
        };
        follow(book.start, len, mini_sectors, get, &minifat)
    } else {
        cfb.chain(book.start, len)
    }
}

/// A BIFF record with the CONTINUE records that follow it (calamine's `RecordIter`).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: std::collections::VecDeque<&'a [u8]>,
}

/// Most CONTINUE records after one record: calamine keeps a list of them (and takes them from
/// its front one by one, quadratic). 16,384 full ones are 135 MB, more than any real table.
const MAX_CONTINUES: usize = 16_384;

/// The next record, or None at the end or where calamine's iterator fails.
fn next_record<'a>(s: &mut &'a [u8]) -> Result<Option<Record<'a>>, Refusal> {
    let (Some(typ), Some(len)) = (u16_at(s, 0), u16_at(s, 2)) else {
        return Ok(None);
    };
    let len = len as usize;
    if s.len() < len + 4 {
        return Ok(None);
    }
    let data = &s[4..len + 4];
    *s = &s[len + 4..];
    let mut cont = std::collections::VecDeque::new();
    while s.len() > 4 && u16_at(s, 0) == Some(0x003C) {
        let l = u16_at(s, 2).unwrap_or(0) as usize;
        if s.len() < l + 4 {
            return Ok(None);
        }
        if cont.len() >= MAX_CONTINUES {
            return Err(corrupt());
        }
        cont.push_back(&s[4..l + 4]);
        *s = &s[l + 4..];
    }
    Ok(Some(Record { typ, data, cont }))
}

/// Upper bounds of the UTF-8 size of each shared string, read as calamine's `parse_sst`
/// reads them (None: calamine fails on this table, and so on the whole file).
fn shared_string_sizes(mut r: Record<'_>) -> Option<Vec<u64>> {
    let mut sizes = Vec::new();
    let mut data = r.data.get(8..)?;
    loop {
        if data.is_empty() {
            match r.cont.pop_front() {
                Some(c) => data = c,
                None => break,
            }
            if data.is_empty() {
                // An empty CONTINUE: calamine adds an empty string.
                sizes.push(0);
                continue;
            }
        }
        if data.len() < 3 {
            return None;
        }
        let cch = u16_at(data, 0)? as usize;
        let flags = data[2];
        data = &data[3..];
        let mut high = flags & 1 != 0;
        let mut runs = 0usize;
        let mut ext = 0usize;
        if flags & 0x8 != 0 {
            runs = u16_at(data, 0)? as usize;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            ext = u32_at(data, 0)? as i32 as usize;
            data = &data[4..];
        }
        let mut left = cch;
        while left > 0 {
            let l = if high {
                (data.len() / 2).min(left)
            } else {
                data.len().min(left)
            };
            data = &data[if high { 2 * l } else { l }..];
            left -= l;
            if left > 0 {
                let c = r.cont.pop_front()?;
                high = *c.first()? & 1 != 0;
                data = &c[1..];
            }
        }
        for mut skip in [runs.checked_mul(4)?, ext] {
            while skip > 0 {
                if data.is_empty() {
                    data = r.cont.pop_front()?;
                }
                let l = skip.min(data.len());
                data = &data[l..];
                skip -= l;
            }
        }
        sizes.push(3 * cch as u64);
    }
    Some(sizes)
}

/// Cells of one sheet as calamine collects them.
#[derive(Default)]
struct Area {
    first_row: u32,
    last_row: u32,
    first_col: u32,
    last_col: u32,
    cells: u64,
}

impl Area {
    fn add(&mut self, row: u32, col: u32) {
        if self.cells == 0 {
            (self.first_row, self.last_row, self.first_col, self.last_col) = (row, row, col, col);
        } else {
            self.first_row = self.first_row.min(row);
            self.last_row = self.last_row.max(row);
            self.first_col = self.first_col.min(col);
            self.last_col = self.last_col.max(col);
        }
        self.cells += 1;
    }

    fn size(&self) -> (u64, u64) {
        if self.cells == 0 {
            return (0, 0);
        }
        (
            (self.last_row - self.first_row) as u64 + 1,
            (self.last_col - self.first_col) as u64 + 1,
        )
    }
}

fn area_too_big(sheet: usize, rows: u64, cols: u64) -> Refusal {
    format!(
        "第{sheet}个工作表的数据区域过大（{rows} 行 × {cols} 列），超过 .xls 可导入的 {MAX_XLS_AREA_CELLS} 个单元格（文件可能已损坏或是恶意构造的），已拒绝，台账未作任何改动。如果表格确实这么大，请删除远处零散的单元格，或另存为 .xlsx 后再导入。"
    )
}

fn too_many_cells(sheet: usize) -> Refusal {
    format!(
        "读到第{sheet}个工作表时，单元格已超过 .xls 可导入的 {MAX_XLS_AREA_CELLS} 个（文件可能已损坏或是恶意构造的），已拒绝，台账未作任何改动。如果表格确实这么大，请另存为 .xlsx 后再导入。"
    )
}

fn too_much_text() -> Refusal {
    format!(
        "表格中的文字超过 {} MB，不像是台账表格（文件可能已损坏或是恶意构造的），已拒绝，台账未作任何改动。",
        MAX_XLS_TEXT_BYTES / (1024 * 1024)
    )
}

fn too_many_formulas() -> Refusal {
    format!(
        "表格中的公式过多（超过 {} MB），已拒绝，台账未作任何改动。请在 Excel 中把公式“粘贴为数值”，或另存为 .xlsx 后再导入。",
        MAX_XLS_FORMULA_BYTES / (1024 * 1024)
    )
}

/// Checks `bytes` (padded to whole sectors) before calamine opens them.
pub(super) fn check(bytes: &[u8], sector: usize) -> Result<(), Refusal> {
    let book = workbook_stream(bytes, sector)?;
    walk_records(&book)
}

fn walk_records(book: &[u8]) -> Result<(), Refusal> {
    // The workbook globals, up to their EOF.
    let mut s = book;
    let mut positions = Vec::new();
    let mut shared: Vec<u64> = Vec::new();
    let mut text = 0u64;
    // Longest sheet name and defined name (characters): formulas and defined names that refer
    // to them repeat their text.
    let mut sheet_name = 0u64;
    let mut name_chars = 0u64;
    let (mut names, mut name_bytes) = (0u64, 0u64);
    while let Some(r) = next_record(&mut s)? {
        match r.typ {
            // FilePass (RC4 or CryptoAPI encryption): calamine stops with an English error.
            0x002F if u16_at(r.data, 0).unwrap_or(0) != 0 => {
                return Err(
                    "文件已加密（设置了打开密码），无法读取。请在 Excel 中取消密码并保存后再导入。"
                        .into(),
                )
            }
            // BoundSheet8: where a sheet's records start.
            0x0085 => match u32_at(r.data, 0) {
                Some(pos) if r.data.len() >= 6 => {
                    positions.push(pos as usize);
                    sheet_name = sheet_name.max(*r.data.get(6).unwrap_or(&0) as u64);
                }
                _ => return Ok(()),
            },
            // Lbl (a defined name): its name, and its formula prefixed with a sheet's name.
            0x0018 => {
                names += 1;
                name_bytes += r.data.len() as u64;
                name_chars = name_chars.max(*r.data.get(3).unwrap_or(&0) as u64);
            }
            // SST
            0x00FC => match shared_string_sizes(r) {
                Some(sizes) => {
                    text += sizes.iter().map(|n| n + 24).sum::<u64>();
                    shared = sizes;
                }
                None => return Ok(()),
            },
            0x000A => break,
            _ => {}
        }
    }
    // The text of one reference to a sheet or a defined name (UTF-8, up to 3 bytes a character,
    // with the cell or area and punctuation).
    let reference = 3 * (sheet_name + name_chars) + 64;
    text += names * (24 + reference) + 3 * name_bytes;
    if text > MAX_XLS_TEXT_BYTES {
        return Err(too_much_text());
    }
    // A formula token of n bytes becomes at most this much text per byte (a 5-byte name or
    // 7-byte 3-D reference becomes `reference`; functions, errors, operators ~10 per byte).
    let formula_text_per_byte = 16 + reference / 5;
    if positions.len() > MAX_XLS_SHEETS {
        return Err(format!(
            "文件列出了 {} 个工作表，不像是台账表格（文件可能已损坏），已拒绝。",
            positions.len()
        ));
    }
    // Each sheet, as calamine's parse_workbook reads them all when the file is opened.
    let mut total_area = 0u64;
    let mut walked = 0usize;
    let mut formula_bytes = 0u64;
    for (n, pos) in positions.into_iter().enumerate() {
        let sheet = n + 1;
        let Some(mut s) = book.get(pos..) else {
            return Err(corrupt());
        };
        let start_len = s.len();
        let mut cells = Area::default();
        let mut formulas = Area::default();
        let mut formula_at = (0u32, 0u32);
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut stopped = false;
        while let Some(r) = next_record(&mut s)? {
            let d = r.data;
            let rc = |d: &[u8]| {
                (
                    u16_at(d, 0).unwrap_or(0) as u32,
                    u16_at(d, 2).unwrap_or(0) as u32,
                )
            };
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let need = |n: usize| d.len() >= n;
            match r.typ {
                0x0809 => {
                    if seen_bof {
                        depth += 1;
                    } else {
                        seen_bof = true;
                    }
                }
                // Dimensions: calamine reserves room for rows × columns cells.
                0x0200 => {
                    let (rf, rl, mut cf, cl) = match d.len() {
                        10 => (
                            u16_at(d, 0).unwrap_or(0) as i64,
                            u16_at(d, 2).unwrap_or(0) as i64,
                            u16_at(d, 4).unwrap_or(0) as i64,
                            u16_at(d, 6).unwrap_or(0) as i64,
                        ),
                        14 | 16 => (
                            u32_at(d, 0).unwrap_or(0) as i64,
                            u32_at(d, 4).unwrap_or(0) as i64,
                            u16_at(d, 8).unwrap_or(0) as i64,
                            u16_at(d, 10).unwrap_or(0) as i64,
                        ),
                        _ => {
                            stopped = true;
                            break;
                        }
                    };
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    let (rows, cols) = if rl >= 1 && cl >= 1 {
                        (rl - 1 - rf + 1, cl - 1 - cf + 1)
                    } else {
                        (1, 1)
                    };
                    if rows < 1 || cols < 1 {
                        return Err(corrupt());
                    }
                    if (rows as u64).saturating_mul(cols as u64) > MAX_XLS_AREA_CELLS {
                        return Err(area_too_big(sheet, rows as u64, cols as u64));
                    }
                }
                // Number, BoolErr, RK
                0x0203 | 0x0205 | 0x027E => {
                    let min = match r.typ {
                        0x0203 => 14,
                        0x0205 => 8,
                        _ => 10,
                    };
                    if !need(min) {
                        stopped = true;
                        break;
                    }
                    let (row, col) = rc(d);
                    cells.add(row, col);
                }
                // Label, RString: a string of `cch` characters is allocated for it whatever
                // the record holds.
                0x0204 | 0x00D6 => {
                    if !need(6) {
                        stopped = true;
                        break;
                    }
                    let (row, col) = rc(d);
                    cells.add(row, col);
                    let cch = u16_at(d, 6).unwrap_or(0) as u64;
                    text += 24 + 2 * cch + 3 * d.len() as u64;
                }
                // String (a formula's text value), at the formula's cell.
                0x0207 => {
                    cells.add(formula_at.0, formula_at.1);
                    let cch = u16_at(d, 0).unwrap_or(0) as u64;
                    text += 24 + 2 * cch + 3 * d.len() as u64;
                }
                // LabelSst: a copy of a shared string.
                0x00FD => {
                    if !need(10) {
                        stopped = true;
                        break;
                    }
                    let i = u32_at(d, 6).unwrap_or(u32::MAX) as usize;
                    if let Some(size) = shared.get(i) {
                        let (row, col) = rc(d);
                        cells.add(row, col);
                        text += 24 + size;
                    }
                }
                // MulRk
                0x00BD => {
                    if !need(6) {
                        stopped = true;
                        break;
                    }
                    let (row, first) = rc(d);
                    let last = u16_at(d, d.len() - 2).unwrap_or(0) as i64;
                    let count = last - first as i64 + 1;
                    if count < 0 || d.len() as i64 != 6 + 6 * count {
                        stopped = true;
                        break;
                    }
                    for col in first..first + count as u32 {
                        cells.add(row, col);
                    }
                }
                // Formula: its cached value and its text (rebuilt from the tokens).
                0x0006 => {
                    if !need(20) {
                        stopped = true;
                        break;
                    }
                    formula_at = rc(d);
                    cells.add(formula_at.0, formula_at.1);
                    formulas.add(formula_at.0, formula_at.1);
                    formula_bytes += d.len() as u64;
                    text += 24 + d.len() as u64 * formula_text_per_byte;
                    // Runs of spaces (PtgAttrSpace: 0x19, 0x40/0x41, type, count): calamine
                    // inserts them one by one at the front of an operand (quadratic). Every
                    // real one is at such a byte pattern; counting all of them over-estimates.
                    let spaces: u64 = d[20..]
                        .windows(4)
                        .filter(|w| w[0] == 0x19 && (w[1] == 0x40 || w[1] == 0x41))
                        .map(|w| w[3] as u64)
                        .sum();
                    if spaces > 4096 {
                        return Err(too_many_formulas());
                    }
                }
                0x000A => break,
                _ => {}
            }
            if cells.cells > MAX_XLS_AREA_CELLS {
                return Err(too_many_cells(sheet));
            }
        }
        for area in [&cells, &formulas] {
            let (rows, cols) = area.size();
            if rows.saturating_mul(cols) > MAX_XLS_AREA_CELLS {
                return Err(area_too_big(sheet, rows, cols));
            }
            total_area += rows * cols;
        }
        if total_area > MAX_XLS_AREA_CELLS {
            return Err(too_many_cells(sheet));
        }
        if text > MAX_XLS_TEXT_BYTES {
            return Err(too_much_text());
        }
        if formula_bytes > MAX_XLS_FORMULA_BYTES {
            return Err(too_many_formulas());
        }
        if stopped {
            // calamine fails on this record: it reads no further.
            return Ok(());
        }
        // Sheets lie one after another in the stream; overlapping ones (corrupt) would make
        // calamine read the same records again for each.
        walked += start_len - s.len();
        if walked > 2 * book.len() + 4096 {
            return Err(corrupt());
        }
    }
    Ok(())
}

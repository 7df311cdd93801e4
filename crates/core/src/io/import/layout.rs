//! Which sheet, what it holds and how its columns map: reads the file, detects (or takes the
//! user's, or the remembered) kind and header, and applies the mapping corrections.

use rusqlite::Connection;

use super::header::{self, ColumnMapping, Field};
use super::parse::MoneyUnit;
use super::plan::{ColumnChoice, ImportOptions, SheetKind};
use super::remembered::remembered_mapping;
use super::{activities, companies, read};
use crate::error::{Error, Result};

impl SheetKind {
    /// The fields this kind's columns can be mapped to.
    pub fn fields(self) -> Vec<Field> {
        match self {
            SheetKind::Projects => Field::ALL
                .iter()
                .copied()
                .filter(|f| !f.activity_only())
                .collect(),
            SheetKind::Activities => activities::FIELDS.to_vec(),
            SheetKind::Companies => companies::FIELDS.to_vec(),
        }
    }
}

/// Reads the file and picks the sheet and header: the kind the user chose, else a kind and
/// mapping remembered for the sheet's header, else the detected one (活动台账, 企业名录, then
/// 项目台账). Resolves the column mapping (the user's corrections, else remembered ones).
pub(crate) fn prepare(
    conn: &Connection,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(read::Sheet, Vec<String>, Layout)> {
    let sheets = read::read(bytes).map_err(refused)?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    if let Some(name) = &options.sheet {
        if !names.contains(name) {
            return Err(refused(format!("文件中没有名为“{name}”的工作表。")));
        }
    }
    let mut first_err = None;
    for sheet in sheets {
        if options.sheet.as_ref().is_some_and(|n| *n != sheet.name) {
            continue;
        }
        match layout_of(conn, &sheet, options)? {
            Ok(layout) => return Ok((sheet, names, layout)),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(refused(
        first_err.unwrap_or_else(|| "文件中没有工作表。".to_string()),
    ))
}

/// The layout of one sheet, or why none was found (Ok(Err): try the next sheet).
fn layout_of(
    conn: &Connection,
    sheet: &read::Sheet,
    options: &ImportOptions,
) -> Result<std::result::Result<Layout, String>> {
    let corrected = !options.mapping.is_empty();
    let mut layout = match options.kind {
        Some(kind) => match detect_as(sheet, kind) {
            Ok(l) => l,
            Err(e) => return Ok(Err(e)),
        },
        None => {
            if !corrected {
                if let Some(mut l) = remembered_layout(conn, sheet)? {
                    l.finish();
                    return Ok(Ok(l));
                }
            }
            if let Some(h) = activities::detect(sheet) {
                Layout::Activities(h, false)
            } else if let Some(h) = companies::detect(sheet) {
                Layout::Companies(h, false)
            } else {
                match header::detect(sheet) {
                    Ok(h) => Layout::Projects(h, false),
                    Err(e) => return Ok(Err(e)),
                }
            }
        }
    };
    if corrected {
        apply_choices(layout.columns_mut(), &options.mapping);
    } else if let Some((kind, saved)) = remembered_mapping(conn, &layout.signature())? {
        if kind == layout.kind() {
            apply_choices(layout.columns_mut(), &saved);
            layout.set_remembered();
        }
    }
    layout.finish();
    Ok(Ok(layout))
}

/// The sheet read as `kind` (the user's choice): that kind's header, even with unusual names.
fn detect_as(sheet: &read::Sheet, kind: SheetKind) -> std::result::Result<Layout, String> {
    Ok(match kind {
        SheetKind::Projects => Layout::Projects(header::detect(sheet)?, false),
        SheetKind::Activities => {
            Layout::Activities(activities::detect_as_activities(sheet)?, false)
        }
        SheetKind::Companies => Layout::Companies(companies::detect_as_companies(sheet)?, false),
    })
}

/// A layout remembered for a header of this sheet, with its remembered mapping: the header
/// each kind's detection finds (titles above, merged header rows), else any of the first 30
/// rows alone (a header the user picked).
fn remembered_layout(conn: &Connection, sheet: &read::Sheet) -> Result<Option<Layout>> {
    let mut heads: Vec<header::Header> = [
        &header::PROJECTS,
        &activities::VOCABULARY,
        &companies::VOCABULARY,
    ]
    .into_iter()
    .filter_map(|v| header::detect_with(sheet, v, 1).ok())
    .collect();
    heads.extend(
        (0..sheet.rows.len().min(30))
            .filter(|&i| sheet.rows[i].cells.iter().filter(|c| !c.is_empty()).count() >= 2)
            .map(|i| header::header_at(sheet, i, &header::PROJECTS)),
    );
    let mut tried = Vec::new();
    for h in heads {
        let signature = h.signature();
        if tried.contains(&signature) {
            continue;
        }
        if let Some((kind, saved)) = remembered_mapping(conn, &signature)? {
            let mut l = match kind {
                SheetKind::Projects => Layout::Projects(h, true),
                SheetKind::Activities => {
                    Layout::Activities(header::remap(h, &activities::VOCABULARY), true)
                }
                SheetKind::Companies => Layout::Companies(companies::remap(h), true),
            };
            apply_choices(l.columns_mut(), &saved);
            return Ok(Some(l));
        }
        tried.push(signature);
    }
    Ok(None)
}

/// What a sheet holds and its header (whether a remembered mapping was applied).
pub(crate) enum Layout {
    Projects(header::Header, bool),
    Activities(header::Header, bool),
    Companies(header::Header, bool),
}

impl Layout {
    pub(super) fn kind(&self) -> SheetKind {
        match self {
            Layout::Projects(..) => SheetKind::Projects,
            Layout::Activities(..) => SheetKind::Activities,
            Layout::Companies(..) => SheetKind::Companies,
        }
    }

    fn columns_mut(&mut self) -> &mut Vec<ColumnMapping> {
        match self {
            Layout::Projects(h, _) | Layout::Companies(h, _) | Layout::Activities(h, _) => {
                &mut h.columns
            }
        }
    }

    fn signature(&self) -> String {
        match self {
            Layout::Projects(h, _) | Layout::Companies(h, _) | Layout::Activities(h, _) => {
                h.signature()
            }
        }
    }

    fn set_remembered(&mut self) {
        match self {
            Layout::Projects(_, r) | Layout::Companies(_, r) | Layout::Activities(_, r) => {
                *r = true
            }
        }
    }

    pub(super) fn remembered(&self) -> bool {
        match self {
            Layout::Projects(_, r) | Layout::Companies(_, r) | Layout::Activities(_, r) => *r,
        }
    }

    /// Only this kind's fields stay mapped (a corrected mapping may name others).
    fn finish(&mut self) {
        let fields = self.kind().fields();
        for c in self.columns_mut() {
            if c.field.is_some_and(|f| !fields.contains(&f)) {
                c.field = None;
                c.unit = None;
            }
        }
    }
}

fn apply_choices(columns: &mut [ColumnMapping], choices: &[ColumnChoice]) {
    for choice in choices {
        // One column per field (except 参加人员: several columns may name people).
        if let Some(f) = choice.field.filter(|f| !f.several_columns()) {
            for c in columns.iter_mut() {
                if c.field == Some(f) && c.column != choice.column {
                    c.field = None;
                }
            }
        }
        if let Some(col) = columns.iter_mut().find(|c| c.column == choice.column) {
            col.field = choice.field;
            col.unit = match choice.field {
                Some(Field::TotalInvestment) => Some(
                    choice
                        .unit
                        .unwrap_or_else(|| MoneyUnit::from_header(&col.header)),
                ),
                _ => None,
            };
        }
    }
}

pub(super) fn refused(message: impl Into<String>) -> Error {
    Error::Validation {
        field: None,
        message: format!("{}未导入任何数据。", message.into()),
    }
}

//! The row engine: turns each data row into writes through the table modules, inside the
//! caller's transaction. Asked for it, every row runs in its own SAVEPOINT so that a failing
//! row is rolled back alone and reported (the caller then commits, or refuses the whole file);
//! without, the first failing row stops the run and the caller starts again with them.
//!
//! This file drives the rows (`run`, `write_rows`, one row's triage in `Ctx::row`); `apply/`
//! holds the rest: `lookups` (Ctx), `parse_row`, `matching`, `stages`, `write`.

mod lookups;
mod matching;
mod parse_row;
mod stages;
mod write;
mod years;

use chrono::NaiveDate;
use rusqlite::Connection;

use self::lookups::{project_key, Added, Ctx};
use super::header::{self, Field, Header};
pub use super::places::{Place, Places};
use super::plan::{ImportPlan, PlanCounts, PlanRow, RowAction, SheetKind};
use super::read::{Row, Sheet};
use crate::error::{Error, Result};

/// Writes a project ledger's rows. With `per_row_savepoints` false no row has a savepoint of
/// its own (a savepoint journals every page its row touches: a fifth of a large import's
/// time), and `None` means a row failed: the caller rolls the whole transaction back and runs
/// again with them, so that a bad row leaves no trace while the good rows are kept.
pub fn run(
    conn: &Connection,
    today: NaiveDate,
    sheet: &Sheet,
    head: &Header,
    per_row_savepoints: bool,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Option<ImportPlan>> {
    // One row runs some forty statements through the table modules: keep them all prepared
    // (the default cache of 16 would re-prepare most of them on every row).
    conn.set_prepared_statement_cache_capacity(256);
    let ctx = Ctx::new(conn, today, head)?;
    let mut warnings = Vec::new();
    if head.column(Field::ProjectName).is_none() {
        return Err(Error::Validation {
            field: None,
            message: "没有找到“项目名称”列：请在列对应关系中指定哪一列是项目名称。未导入任何数据。"
                .into(),
        });
    }
    warnings.extend(header::ignored_columns_warning(&head.columns));
    let data = &sheet.rows[head.data_start.min(sheet.rows.len())..];
    // (Not one savepoint around the rows either: it cost another 0.5 s at 100k rows.)
    let Some((rows, ctx)) = write_rows(conn, ctx, data, per_row_savepoints, progress)? else {
        return Ok(None);
    };
    Ok(Some(ImportPlan::of_sheet(
        sheet,
        head,
        SheetKind::Projects,
        rows,
        ctx.counts,
        warnings,
        Vec::new(),
    )))
}

/// Writes the rows of a sheet in order; `per_row_savepoint` false gives up (None) at the first
/// bad row, leaving its partial writes for the caller to roll back.
fn write_rows<'a>(
    conn: &Connection,
    mut ctx: Ctx<'a>,
    data: &[Row],
    per_row_savepoint: bool,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Option<(Vec<PlanRow>, Ctx<'a>)>> {
    let total = data.len() as u32;
    let mut rows = Vec::with_capacity(data.len());
    for (i, row) in data.iter().enumerate() {
        if per_row_savepoint {
            super::row_savepoint::open(conn)?;
        }
        let mut added = Added::default();
        let outcome = ctx.row(row, &mut added);
        let plan_row = match outcome {
            Ok(p) => {
                if per_row_savepoint {
                    super::row_savepoint::keep(conn)?;
                }
                ctx.keep(added);
                p
            }
            Err(_) if !per_row_savepoint => return Ok(None),
            Err(message) => {
                super::row_savepoint::roll_back(conn)?;
                ctx.forget(added);
                PlanRow {
                    row: row.number,
                    action: RowAction::Error,
                    project_name: ctx.text(row, Field::ProjectName),
                    company_name: ctx.text(row, Field::CompanyName),
                    message,
                    project_id: None,
                }
            }
        };
        ctx.counts.count(plan_row.action);
        rows.push(plan_row);
        if i % 500 == 0 || i + 1 == data.len() {
            progress(i as u32 + 1, total);
        }
    }
    Ok(Some((rows, ctx)))
}

impl Ctx<'_> {
    fn row(&mut self, row: &Row, added: &mut Added) -> std::result::Result<PlanRow, String> {
        let name = self.text(row, Field::ProjectName).unwrap_or_default();
        let company_text = self.text(row, Field::CompanyName);
        let skip = |message: String| PlanRow {
            row: row.number,
            action: RowAction::Skip,
            project_name: (!name.is_empty()).then(|| name.clone()),
            company_name: company_text.clone(),
            message,
            project_id: None,
        };
        if let Some(reason) = self.skip_reason(row, &name) {
            return Ok(skip(reason));
        }
        let p = self.parse(row)?;
        let mut notes: Vec<String> = Vec::new();
        let company_id = self
            .company(&p, &mut notes, added)
            .map_err(|e| e.to_string())?;
        let key = (project_key(&p.name), company_id.clone());
        if let Some(first) = self.seen.get(&key) {
            return Ok(skip(format!(
                "与第{first}行是同一项目，已按第{first}行导入"
            )));
        }
        self.seen.insert(key.clone(), row.number);
        added.project_keys.push(key.clone());
        let existing = self.project_by_key.get(&key).cloned();
        let result = match existing {
            Some(id) => self.update(&id, &p, company_id, &mut notes, added),
            None => {
                let r = self.create(&p, company_id, &mut notes, added);
                if let Ok((_, Some(id))) = &r {
                    self.project_by_key.insert(key, id.clone());
                }
                r
            }
        };
        let (action, project_id) = result.map_err(|e| e.to_string())?;
        let action = self
            .years(&p, project_id.as_deref(), action, &mut notes)
            .map_err(|e| e.to_string())?;
        Ok(PlanRow {
            row: row.number,
            action,
            project_name: Some(p.name.clone()),
            company_name: p.company.clone(),
            message: notes.join("；"),
            project_id,
        })
    }
}

/// A company-directory row (`companies.rs`) through the project rows' own company matching:
/// credit code first, then normalized name; an existing company's empty fields are filled.
pub(crate) struct CompanyRows<'a>(Ctx<'a>);

impl<'a> CompanyRows<'a> {
    pub(crate) fn new(conn: &'a Connection, today: NaiveDate, head: &'a Header) -> Result<Self> {
        Ok(CompanyRows(Ctx::new(conn, today, head)?))
    }

    /// The row's company (found or created), what was done (notes) and the counts of companies
    /// created and updated. Err: the row cannot be imported (the caller rolls back its savepoint).
    pub(crate) fn company(
        &mut self,
        row: &Row,
    ) -> std::result::Result<(Option<String>, Vec<String>, PlanCounts), String> {
        let p = self.0.parse(row)?;
        let mut notes = Vec::new();
        let mut added = Added::default();
        match self.0.company(&p, &mut notes, &mut added) {
            Ok(id) => {
                let counts = added.counts;
                self.0.keep(added);
                Ok((id, notes, counts))
            }
            Err(e) => {
                self.0.forget(added);
                Err(e.to_string())
            }
        }
    }
}

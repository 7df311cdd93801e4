//! An import plan as the app's page gets it: every count, but at most [`ROWS_SHOWN`] rows, the
//! telling ones (errors, skips, updates) first (a 100k-row ledger's plan would be tens of MB).

use serde::Serialize;

use crate::io::import::{ImportPlan, PlanRow, RowAction};

/// Most rows of a plan sent to the page.
pub const ROWS_SHOWN: usize = 2000;

/// A plan as the page gets it: all counts, at most [`ROWS_SHOWN`] rows.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportView {
    pub file_name: String,
    pub plan: ImportPlan,
    /// Rows in the whole plan (`plan.rows` may hold fewer).
    pub rows_total: u32,
}

/// Whether a row must be seen before importing: it will not be imported as it reads, or it
/// changes a project already in the ledger.
pub fn is_telling(r: &PlanRow) -> bool {
    matches!(
        r.action,
        RowAction::Error | RowAction::Skip | RowAction::Update
    )
}

/// `plan` cut to [`ROWS_SHOWN`] rows: every error, skip and update first (up to that many),
/// then the others in file order to fill up; shown in file order.
pub fn view(file_name: String, mut plan: ImportPlan) -> ImportView {
    let rows_total = plan.rows.len() as u32;
    if plan.rows.len() > ROWS_SHOWN {
        let (mut shown, rest): (Vec<PlanRow>, Vec<PlanRow>) = std::mem::take(&mut plan.rows)
            .into_iter()
            .partition(is_telling);
        shown.truncate(ROWS_SHOWN);
        let room = ROWS_SHOWN - shown.len();
        shown.extend(rest.into_iter().take(room));
        shown.sort_by_key(|r| r.row);
        plan.rows = shown;
    }
    ImportView {
        file_name,
        plan,
        rows_total,
    }
}

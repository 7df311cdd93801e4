//! An import plan as the app's page gets it: every count, but at most [`ROWS_SHOWN`] rows, the
//! telling ones (errors, skips, updates) first (a 100k-row ledger's plan would be tens of MB),
//! and the verdict on a file that was probably read wrongly (`read_wrongly`).

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
    /// Set when most rows fail: the file was probably read as the wrong kind (the sentence
    /// says what it was read as). The page shows it instead of offering the rows that passed;
    /// the import itself refuses such a file.
    pub read_wrongly: Option<String>,
}

/// Where a plan's warnings carry the verdict of [`read_wrongly`].
const READ_WRONGLY: &str = "文件可能被错误读取";

/// The verdict on a plan whose rows mostly fail (at least 3 rows, two thirds of them errors,
/// skipped rows aside): the file was probably read wrongly, as `read_as` (what the reader took
/// it for, `read::Format::read_as`). One row passing among many failing is not a ledger.
pub fn read_wrongly(plan: &ImportPlan, read_as: &str) -> Option<String> {
    let c = &plan.counts;
    let rows = c.create + c.update + c.unchanged + c.error;
    if rows < 3 || c.error * 3 < rows * 2 {
        return None;
    }
    let read_as = if read_as.is_empty() {
        "表格"
    } else {
        read_as
    };
    Some(format!(
        "{rows}行中有{}行无法导入，{READ_WRONGLY}（按{read_as}读取，工作表“{}”，表头在第{}行）。请确认这是要导入的台账，或在 Excel/WPS 中打开后另存为 .xlsx 再导入。",
        c.error,
        plan.sheet,
        plan.header_rows
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("、"),
    ))
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
    let read_wrongly = plan
        .warnings
        .iter()
        .find(|w| w.contains(READ_WRONGLY))
        .cloned();
    ImportView {
        file_name,
        plan,
        rows_total,
        read_wrongly,
    }
}

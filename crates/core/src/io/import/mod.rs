//! Importing Excel/WPS and CSV ledgers (issue 4): read the file (`read`), find the header and
//! map its columns (`header`), parse each cell (`parse`), then plan and apply row by row
//! (`apply` for 项目台账, `activities` for 招商活动台账, `companies` for 企业名录; the kind is
//! detected, chosen by the user, or remembered with the corrected mapping for that header).
//!
//! A dry run (`Ledger::import_preview`) runs the very same writes inside one transaction and
//! rolls it back, so its row-by-row plan (create / update / unchanged / skip / error, with the
//! reason in Chinese and the sheet's row number) is exactly what the import would do, checked
//! by the same table modules as the app's forms. `Ledger::import_apply` runs it again and
//! commits: all rows or none. Rows are matched to what the ledger holds (projects by name and
//! company, companies by credit code, then normalized name), so importing the same file twice
//! changes nothing the second time.

pub mod activities;
pub mod apply;
pub mod companies;
mod fuzz;
pub mod header;
mod layout;
pub mod parse;
mod places;
mod plan;
pub mod read;
mod remembered;
pub(crate) mod row_savepoint;
mod run;
mod timing;

pub use fuzz::{fuzz_one, parse_only};
pub use header::{ColumnMapping, Field};
pub use parse::MoneyUnit;
pub use plan::{
    ColumnChoice, ImportOptions, ImportPlan, PlanCounts, PlanRow, RowAction, SheetKind,
};
pub use run::set_search_index_after_rows;
pub(crate) use timing::phase_done;

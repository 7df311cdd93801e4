//! Spreadsheets in and out: importing an office's ledger (台账) from .xlsx / .xls / .csv as it
//! is received (`import`), and exporting the ledger and the reports to .xlsx (`export`).

pub mod export;
pub mod file_names;
pub mod forms;
pub mod import;
pub mod import_preview;
mod park_sheet;
mod plan_sheet;
pub mod staged_file;
pub mod traditional;
pub mod trip_report;

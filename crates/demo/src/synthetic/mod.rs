//! Synthetic ledgers for the benchmarks, from fixed seeds:
//!
//! - [`generate`]: a ledger file of N projects and M activities (2021–2025) written through the
//!   app's table modules (`zhaoshang bench`, the core's `*_bench` examples);
//! - [`ledger_rows`]: N rows of a ledger spreadsheet in the export's layout, to write as .xlsx
//!   and import (`zhaoshang io-bench`);
//! - [`time_runs`]: p50/p95 of a query.
//!
//! Unlike the demo, nothing here resembles a real office: names are words in turn, dates and
//! stages are drawn uniformly.

mod ledger;
mod names;
mod rows;
mod timing;

pub use ledger::{bench_today, generate};
pub use names::{team_name, ROW_WORDS, WORDS};
pub use rows::ledger_rows;
pub use timing::{p50_p95, time_runs};

//! The core's integration tests, one module per area, built as one test binary: each file here
//! used to link its own copy of the core (with SQLCipher), 43 binaries in all, which cost CI its
//! disk and its minutes, most of all for the Windows build under Wine.
//!
//! Run one area with its module path: `cargo test -p zhaoshang-core --test integration alerts::`.
//! A test that changes something for its whole process has a binary of its own
//! (`stop_backups.rs`); one that needs a setting changed does it for its own thread
//! (`set_quick_check_max_bytes`, `set_search_index_after_rows`).

mod alerts;
mod assessment;
mod assessment_sync;
mod assignments;
mod attachments;
mod backup;
mod common;
mod compact_storage;
mod companies;
mod company_merge;
mod crash_safety;
mod editing;
mod encryption;
mod first_stages;
mod forms;
mod history;
mod hostile_xls;
mod import_company_directory;
mod import_export;
mod import_formats;
mod import_hostile_files;
mod import_ledgers;
mod import_search_after;
mod import_sheets;
mod import_support;
mod investment_plan;
mod io_files;
mod key_projects;
mod link_keys;
mod open_check;
mod origin_map;
mod project_list;
mod project_names;
mod project_years;
mod report_engine;
mod reports;
mod search;
mod security_settings;
mod stage_history;
mod storage;
mod sync;
mod sync_property;
mod traditional_export;
mod trip_report;
mod trips;
mod year_on_year;

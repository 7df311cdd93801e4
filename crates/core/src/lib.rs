//! 招商台账 core: the domain (projects, companies, activities, stage history), its storage in
//! one SQLite file, and the reports offices publish. No UI and no Tauri here: the desktop app
//! and the `zhaoshang` CLI are thin layers over [`Ledger`].

pub mod activities;
pub mod backup;
pub mod bench;
pub mod changelog;
pub mod companies;
pub mod company_names;
pub mod credit_code;
pub mod db;
pub mod demo;
pub mod divisions;
pub mod encryption;
pub mod error;
pub mod facts;
pub mod follow_ups;
pub mod industries;
pub mod ledger;
pub mod ledger_export;
pub mod ledger_import;
pub mod model;
pub mod office_server;
pub mod officers;
pub mod period;
pub mod projects;
pub mod region_groups;
pub mod report;
pub mod scope;
pub mod search;
mod seed;
pub mod settings;
pub mod stage_changes;
pub mod sync;
pub mod sync_review;
pub mod targets;
pub mod teams;
pub mod undo;
pub mod util;

pub use companies::{CompanyDetail, CompanyFilter, CompanyPage, CompanyProject, CompanyRow};
pub use error::{Error, ErrorKind, Result};
pub use follow_ups::{FollowUpQuery, FollowUps};
pub use ledger::Ledger;
pub use model::*;
pub use period::Period;
pub use projects::{PeriodField, ProjectFilter, ProjectPage, ProjectRow, ProjectSort};
pub use report::{Metrics, Report, ReportQuery};
pub use scope::Scope;

/// The per-user data folder's subfolder, shared by the desktop app (its Tauri identifier) and
/// the CLI, so both open the same ledger by default.
pub const APP_IDENTIFIER: &str = "cn.zhaoshang.app";
/// File name of the ledger inside the data folder.
pub const LEDGER_FILE_NAME: &str = "ledger.sqlite3";

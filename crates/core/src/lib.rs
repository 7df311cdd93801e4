//! 招商台账 core: the domain (projects, companies, activities, stage history), its storage in
//! one SQLite file, and the reports offices publish. No UI and no Tauri here: the desktop app
//! and the `zhaoshang` CLI are thin layers over [`Ledger`]. The words are those of
//! docs/DOMAIN.md; each folder is one part of the domain:
//!
//! | module | what it owns |
//! |---|---|
//! | [`ledger`] | the open ledger: its connection, clock and read/write transactions |
//! | [`projects`] | 项目: the list, the stage history (阶段变更) and follow-ups (跟进) |
//! | [`companies`] | 投资方/企业: names, credit codes, duplicates and merging |
//! | [`activities`] | 招商活动: trips, visits, calls … and their links |
//! | [`attachments`] | 附件: files on projects, companies and activities, stored by SHA-256 |
//! | [`alerts`] | 预警: the rules that make a project 督办, and stated no-update reasons |
//! | [`assignments`] | 交办单/督办单: tasks on projects, 交办 → 办理中 → 办结 |
//! | [`assessment`] | 考核: the points table and scores computed from the facts |
//! | [`reference`] | divisions, region groups, industries, teams, officers |
//! | [`reports`] | the counts: report, facts, scope, period, annual targets |
//! | [`search`] | the search box: folded names, pinyin, aliases |
//! | [`io`] | spreadsheets in (import) and out (export) |
//! | [`sync`] | merging laptops: bundles, devices and conflicts, the office server client |
//! | [`storage`] | the file: opening, upgrades, backups, encryption, change log, undo, settings |

pub mod activities;
pub mod alerts;
pub mod assessment;
pub mod assignments;
pub mod attachments;
pub mod companies;
pub mod error;
pub mod io;
pub mod ledger;
pub mod model;
pub mod projects;
pub mod reference;
pub mod reports;
pub mod search;
pub mod storage;
pub mod sync;
pub mod util;

pub use companies::library::{
    CompanyDetail, CompanyFilter, CompanyPage, CompanyProject, CompanyRow,
};
pub use error::{Error, ErrorKind, Result};
pub use ledger::Ledger;
pub use model::*;
pub use projects::follow_ups::{FollowUpQuery, FollowUps};
pub use projects::{PeriodField, ProjectFilter, ProjectPage, ProjectRow, ProjectSort};
pub use reports::period::Period;
pub use reports::scope::Scope;
pub use reports::{Metrics, Report, ReportQuery};

/// The per-user data folder's subfolder, shared by the desktop app (its Tauri identifier) and
/// the CLI, so both open the same ledger by default.
pub const APP_IDENTIFIER: &str = "cn.zhaoshang.app";
/// File name of the ledger inside the data folder.
pub const LEDGER_FILE_NAME: &str = "ledger.sqlite3";

//! Forms sent upward (上报报表): export templates an office defines once and reuses, and the
//! built-in weekly 在谈项目信息采集表 and monthly 月报.
//!
//! A template lists projects: which columns (from the catalogue in `columns.rs`), in which
//! order, with which titles; optionally a header-counts block; one sheet per team, per park, or
//! one sheet. Its scope says which projects: those whose stage at the end of the period is one
//! of `scope.stages` (none listed: every stage but 终止), the period being the week or the
//! month holding the chosen date.
//!
//! - Week: Monday to Sunday holding the date (ISO week). The 采集表 is due on Friday; exported
//!   on Friday 4 December 2026 it covers 30 November – 6 December, the stage «at the end of the
//!   week» being the stage recorded for Sunday (usually today's).
//! - «New this week/month»: a listed project whose stage the day before the period began was not
//!   one of the scope's stages (or which did not exist yet).
//! - 在谈 = stage 洽谈 at the period's end, as the report engine's `negotiating_at_end`
//!   (docs/DOMAIN.md §3.3); 线索 is 储备, not 在谈.
//!
//! | file | what it does |
//! |---|---|
//! | `templates.rs` | the templates: built-ins, create / update / delete, validation, 撤销 |
//! | `columns.rs` | the catalogue of columns and reading the listed projects' cells |
//! | `render.rs` | the .xlsx of a template and of the 月报 |

pub mod columns;
mod ledger;
pub mod render;
pub mod templates;
pub mod types;

pub use columns::{column_catalogue, FormColumnInfo};
pub use templates::{BUILTIN_MONTHLY, BUILTIN_WEEKLY};
pub use types::*;

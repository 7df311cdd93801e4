//! 考核: the office's points table and the scores of officers and teams computed from the
//! ledger's facts, each point traced to the activity or stage change that earned it.
//!
//! - [`points`]: the 计分表 (fixed rules, editable points, logged and undoable)
//! - [`scores`]: scores for a month or a year, per officer and team, with traced lines
//! - [`export`]: the 比拼表 workbook (one sheet per team, 总表 ranking the teams)

pub mod export;
pub mod points;
pub mod scores;

pub use points::{RuleGroup, ScoreRule};
pub use scores::{KindCount, OfficerScore, ScoreLine, ScoreQuery, ScoreSource, Scores, TeamScore};

//! The report engine (docs/DOMAIN.md §3): scope × period → every metric, counted from the facts
//! (activities, stage history, project rows) that `facts/` reads with SQL and keeps current
//! through the change log; nothing is a stored counter.
//!
//! Each metric is counted into *cells* keyed by (region group, industry, team, officer) of the
//! project (or, for trips, of the activity). Totals and every breakdown are sums of cells, so one
//! pass per metric serves the whole report. Counting rules:
//! - 招商次数: activities of kind 外出招商 dated in the period, scoped by destination region
//!   group, the activity's team and its officers.
//! - 对接洽谈: distinct projects with at least one activity in the period.
//! - 签约: projects whose *first* 签约 is in the period (a later 签约 is an upgrade, 升格); the
//!   investment counted is 总投资 less later 增资, and 增资 recorded in the period is added on its
//!   own (only the increment counts).
//! - 开工: distinct projects with a 开工 change in the period, split by the kind of their first
//!   such change in the period (新建 / 续建 / 复工).
//! - 投产: projects whose first 投产 is in the period.
//! - 在谈 / 储备 / 重点: the stage each project was in at the period's last day.
//!
//! | file | what it does |
//! |---|---|
//! | `facts/` | the facts read from the ledger, followed through the change log, snapshotted |
//! | `scope.rs`, `period.rs` | what and when a report counts |
//! | `metrics.rs` | counting every metric into cells |
//! | `report.rs` | the report: breakdowns, months, targets, 同比 |
//! | `briefing.rs` | the briefing sentence |
//! | `origin_map.rs` | 招商地图: the counts by origin / destination division |
//! | `targets.rs` | annual targets (年度目标) |
//! | `year_on_year.rs` | 同比 |

pub mod briefing;
pub mod facts;
pub mod metrics;
pub mod origin_map;
pub mod period;
pub mod plans;
pub mod report;
pub mod scope;
pub mod targets;
pub mod year_on_year;

pub use briefing::briefing;
pub use metrics::{metrics, Metrics, StageCount, TargetProgress, TierCounts};
pub use origin_map::{OriginMap, PlaceCounts, PlaceRow};
pub use report::{report, BreakdownRow, MonthPoint, Report, ReportQuery};

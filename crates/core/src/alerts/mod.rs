//! 预警: the office's rules (签约未开工, 开工未投产, 洽谈无活动, 未更新须说明原因) that turn a
//! project into 督办 on 跟进提醒, and the reasons officers state for a project with no update.

pub mod evaluate;
pub mod reasons;
pub mod rules;

pub use evaluate::{alerts, AlertList, ProjectAlert};
pub use reasons::{NoUpdateReason, NoUpdateReasonInput};
pub use rules::{AlertRule, AlertRuleInput};

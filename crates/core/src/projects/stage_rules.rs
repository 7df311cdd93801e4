//! Which stage a project may start in when it is entered by hand (新建项目): a lead, talks
//! already under way, or an agreement already signed. A project further along (开工, 投产) or
//! set aside (搁置, 终止) is entered at one of these and its later stages recorded with dates,
//! so its history (and every report counted from it) is complete. Imports of whole ledgers
//! bring their own history and are not bound by this list.

use crate::model::Stage;

/// The stages 新建项目 offers, in the order shown; the first is the default.
pub const FIRST_STAGES: [Stage; 3] = [Stage::Lead, Stage::Negotiating, Stage::Signed];

/// [`FIRST_STAGES`] as a list (for the app's 初始阶段 choice).
pub fn first_stages() -> Vec<Stage> {
    FIRST_STAGES.to_vec()
}

//! 同比: how each headline figure of a report compares with the same days one year earlier
//! (`Report::previous_year`), as a percentage, so every screen shows the one number.

use serde::{Deserialize, Serialize};

use crate::reports::Metrics;

/// The change from `before` to `now` in percent (+35.0 = up 35 %); None when last year had
/// nothing to compare with.
pub fn change_percent(now: f64, before: f64) -> Option<f64> {
    if before == 0.0 || before.is_nan() {
        return None;
    }
    Some((now - before) / before * 100.0)
}

/// 同比 of the dashboard's headline figures, in percent (None: nothing last year).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct YearOnYear {
    /// 招商次数.
    pub trips: Option<f64>,
    /// 对接洽谈项目.
    pub contacted: Option<f64>,
    /// 签约项目.
    pub signed: Option<f64>,
    /// 落地开工项目.
    pub started: Option<f64>,
    /// 投产项目.
    pub operating: Option<f64>,
}

impl YearOnYear {
    /// The figures of `now` against those of `before` (the same days one year earlier).
    pub fn of(now: &Metrics, before: &Metrics) -> Self {
        let c = |n: u32, b: u32| change_percent(n as f64, b as f64);
        YearOnYear {
            trips: c(now.trips, before.trips),
            contacted: c(now.contacted, before.contacted),
            signed: c(now.signed, before.signed),
            started: c(now.started, before.started),
            operating: c(now.operating, before.operating),
        }
    }
}

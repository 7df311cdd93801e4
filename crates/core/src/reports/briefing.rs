//! The briefing sentence offices write (「上半年面向京津冀招商168次，对接洽谈项目156个…」)
//! and its details, from the counted metrics.

use crate::reports::metrics::*;
use crate::reports::period::Period;
use crate::reports::year_on_year::change_percent;

/// The sentence an office puts in its briefing.
/// `trips_apply` is false when the scope narrows projects by something a trip does not have
/// (industry, 飞地, 重点 …): the sentence then leaves trips out rather than quote the office's.
pub fn briefing(
    period: Period,
    regions: &[String],
    teams: &[String],
    m: &Metrics,
    trips_apply: bool,
) -> String {
    let who = teams.join("、");
    let trips = if !trips_apply {
        String::new()
    } else if regions.is_empty() {
        format!("外出招商{}次，", m.trips)
    } else {
        format!("面向{}招商{}次，", regions.join("、"), m.trips)
    };
    // A signing whose date the ledger does not know is neither counted nor hidden.
    let unknown = if m.signed_date_unknown > 0 {
        format!("（另有{}个项目签约日期不详）", m.signed_date_unknown)
    } else {
        String::new()
    };
    format!(
        "{who}{}，{trips}对接洽谈项目{}个，{}个项目签约{unknown}，落地开工项目{}个。",
        period.briefing_label(),
        m.contacted,
        m.signed,
        m.started
    )
}

/// 重点项目建设调度 sentences: per 园区 «新建项目X个、总投资Y，续建项目Z个、总投资W，储备项目V个»,
/// and the share of the period's signings that belong to a 产业链.
pub(crate) fn key_project_details(
    by_park: &[crate::reports::BreakdownRow],
    by_chain: &[crate::reports::BreakdownRow],
    total: &Metrics,
) -> Vec<String> {
    use crate::util::zh_money;
    let mut out = Vec::new();
    for row in by_park.iter().filter(|r| r.id.is_some()) {
        let m = &row.metrics;
        let mut parts = Vec::new();
        for (n, money, what) in [
            (m.started_new, m.started_new_investment, "新建"),
            (m.continued, m.continued_investment, "续建"),
            (m.started_resumed, m.started_resumed_investment, "复工"),
        ] {
            if n > 0 {
                parts.push(format!("{what}项目{n}个、总投资{}", zh_money(money)));
            }
        }
        if m.operating > 0 {
            parts.push(format!("投产项目{}个", m.operating));
        }
        if m.not_started_at_end > 0 {
            parts.push(format!("储备项目{}个", m.not_started_at_end));
        }
        if !parts.is_empty() {
            out.push(format!("{}{}。", row.label, parts.join("，")));
        }
    }
    let in_chain: u32 = by_chain
        .iter()
        .filter(|r| r.id.is_some())
        .map(|r| r.metrics.signed)
        .sum();
    if in_chain > 0 && total.signed > 0 {
        out.push(format!(
            "签约项目中产业链项目{in_chain}个，占{:.1}%。",
            in_chain as f64 * 100.0 / total.signed as f64
        ));
    }
    out
}

pub(crate) fn briefing_details(
    m: &Metrics,
    prev: &Metrics,
    targets: &[TargetProgress],
) -> Vec<String> {
    use crate::util::zh_money;
    let mut out = Vec::new();
    if m.signed > 0 {
        out.push(format!(
            "签约项目总投资{}，其中10亿元以上{}个、1亿至10亿元{}个、5000万至1亿元{}个。",
            zh_money(m.signed_investment),
            m.signed_tiers.over_10yi,
            m.signed_tiers.over_1yi,
            m.signed_tiers.over_5000wan
        ));
    }
    if m.started > 0 {
        let mut parts = Vec::new();
        for (n, what) in [
            (m.started_new, "新开工"),
            (m.started_resumed, "复工"),
            (m.started_continued, "续建"),
        ] {
            if n > 0 {
                parts.push(format!("{what}{n}个"));
            }
        }
        out.push(format!("落地开工项目中{}。", parts.join("、")));
    }
    if m.started_date_unknown > 0 {
        out.push(format!(
            "另有{}个项目已投产、开工日期不详，未计入落地开工。",
            m.started_date_unknown
        ));
    }
    if m.operating > 0 {
        out.push(format!(
            "投产项目{}个，总投资{}。",
            m.operating,
            zh_money(m.operating_investment)
        ));
    }
    if m.key_projects > 0 {
        out.push(format!(
            "重点项目{}个，总投资{}，其中10亿元以上{}个、1亿元以上{}个、5000万元以上{}个。",
            m.key_projects,
            zh_money(m.key_investment),
            m.key_tiers.over_10yi,
            m.key_tiers.over_1yi,
            m.key_tiers.over_5000wan
        ));
    }
    out.push(format!(
        "在谈项目{}个，储备项目{}个。",
        m.negotiating_at_end, m.lead_at_end
    ));
    if prev.signed > 0 || prev.started > 0 {
        let change = |now: u32, before: u32| -> String {
            match change_percent(now as f64, before as f64) {
                None => "去年同期为0".to_string(),
                Some(pct) if pct >= 0.0 => format!("同比增长{pct:.1}%"),
                Some(pct) => format!("同比下降{:.1}%", -pct),
            }
        };
        out.push(format!(
            "签约项目{}，落地开工项目{}。",
            change(m.signed, prev.signed),
            change(m.started, prev.started)
        ));
    }
    for t in targets.iter().filter(|t| t.target.value > 0) {
        out.push(format!(
            "{}目标{}，已完成{}，完成率{:.1}%。",
            t.label,
            t.target.value,
            t.actual,
            t.ratio * 100.0
        ));
    }
    out
}

//! Small shared helpers: ids, timestamps, text cleaning.

use chrono::{NaiveDate, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// A new UUIDv7 id (time-ordered, made on this device: safe to merge across laptops).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now as RFC 3339 UTC with milliseconds ("2022-06-30T08:00:00.000Z").
pub fn now_stamp() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Trims text; empty becomes None.
pub fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// A required name: trimmed, non-empty, at most `max` characters.
pub fn required_name(field: &'static str, what: &str, text: &str, max: usize) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, format!("请填写{what}。")));
    }
    if t.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("{what}过长（最多 {max} 个字）。"),
        ));
    }
    Ok(t.to_string())
}

/// Optional free text limited to `max` characters.
pub fn optional_text(
    field: &'static str,
    what: &str,
    text: &Option<String>,
    max: usize,
) -> Result<Option<String>> {
    let t = clean(text);
    if let Some(t) = &t {
        if t.chars().count() > max {
            return Err(Error::invalid(
                field,
                format!("{what}过长（最多 {max} 个字）。"),
            ));
        }
    }
    Ok(t)
}

/// 2022年6月30日.
pub fn zh_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 1 亿 in 元 (money is kept in whole 元: docs/DOMAIN.md §5).
pub const YI: i64 = 100_000_000;
/// 1 万 in 元.
pub const WAN: i64 = 10_000;

/// Money in 元 shown the way offices write it: 亿元 from 1亿 up, else 万元.
pub fn zh_money(yuan: i64) -> String {
    let yi = YI as f64;
    if yuan.abs() >= YI {
        format!("{}亿元", trim_decimals(yuan as f64 / yi, 2))
    } else {
        format!("{}万元", trim_decimals(yuan as f64 / 10_000.0, 2))
    }
}

fn trim_decimals(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_like_a_briefing() {
        assert_eq!(zh_money(1_715_000_000), "17.15亿元");
        assert_eq!(zh_money(50_000_000), "5000万元");
        assert_eq!(zh_money(12_345_000), "1234.5万元");
        assert_eq!(zh_money(0), "0万元");
    }

    #[test]
    fn dates_read_in_chinese() {
        assert_eq!(
            zh_date(NaiveDate::from_ymd_opt(2022, 6, 30).unwrap()),
            "2022年6月30日"
        );
    }

    #[test]
    fn ids_are_uuid_v7_and_ordered() {
        let a = new_id();
        let b = new_id();
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 7);
        assert!(a < b);
    }
}

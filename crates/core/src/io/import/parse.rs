//! Cell parsers for imported ledgers: amounts (5000, 5000万, 1.2亿, 三千二百万, "5,000.5"),
//! dates (Excel serials, 2022-06-30, 2022/6/30, 2022年6月30日, 2022.6, 20220630), stages and
//! yes/no flags. Every error message is Chinese and quotes the cell as typed.

use chrono::{Datelike, NaiveDate};

use crate::model::{ConstructionKind, Stage};

/// One cell of an imported sheet, as read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel formats as a date (the reader has turned the serial into a day).
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// Text as a person reads it in the cell (numbers without a trailing ".0").
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

pub use crate::companies::names::to_half_width;

/// The first markup tag in a cell (`<Worksheet ss:Name="台账">`, `</td>`, `<br/>`), if any:
/// `<` (then `/`, `!` or `?`) and an ASCII letter, up to the next `>`. `数据中心<一期>` and
/// `<500亩` are not markup.
pub fn markup_in(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        let tail = &rest[at + 1..];
        let body = tail.trim_start_matches(['/', '!', '?']);
        if body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            if let Some(end) = tail.find('>') {
                let tag = &tail[..end];
                if !tag.contains('<') && tag.chars().count() <= 200 {
                    return Some(format!("<{tag}>"));
                }
            }
        }
        rest = tail;
    }
    None
}

/// The unit a money column is written in (from its header: 总投资(万元), 投资额（亿元）).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum MoneyUnit {
    Yuan,
    Wan,
    Yi,
}

impl MoneyUnit {
    pub fn yuan(self) -> f64 {
        match self {
            MoneyUnit::Yuan => 1.0,
            MoneyUnit::Wan => 1e4,
            MoneyUnit::Yi => 1e8,
        }
    }

    /// The unit a header names; 万元 when it names none (how offices keep ledgers).
    pub fn from_header(header: &str) -> MoneyUnit {
        let h = crate::companies::names::t2s(&to_half_width(header));
        if h.contains("亿") {
            MoneyUnit::Yi
        } else if h.contains('万') {
            MoneyUnit::Wan
        } else if h.contains("(元)") || h.contains("（元）") || h.ends_with("元)") {
            MoneyUnit::Yuan
        } else {
            MoneyUnit::Wan
        }
    }
}

/// Largest amount accepted (10 万亿元), as the project form does.
const MAX_YUAN: f64 = 1e13;

fn chinese_digit(c: char) -> Option<f64> {
    Some(match c {
        '零' | '〇' => 0.0,
        '一' | '壹' => 1.0,
        '二' | '两' | '贰' => 2.0,
        '三' | '叁' => 3.0,
        '四' | '肆' => 4.0,
        '五' | '伍' => 5.0,
        '六' | '陆' => 6.0,
        '七' | '柒' => 7.0,
        '八' | '捌' => 8.0,
        '九' | '玖' => 9.0,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<f64> {
    Some(match c {
        '十' | '拾' => 10.0,
        '百' | '佰' => 100.0,
        '千' | '仟' => 1000.0,
        _ => return None,
    })
}

/// Parses an amount into 元. `None` for an empty cell or a placeholder (—, /, 待定).
/// A bare number is in the column's `unit`; 万, 亿 or 元 written in the cell win.
pub fn parse_amount(cell: &Cell, unit: MoneyUnit) -> Result<Option<i64>, String> {
    let value = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => n * unit.yuan(),
        Cell::Bool(_) | Cell::Date(_) => {
            return Err(format!("金额“{}”不是数字", cell.text()));
        }
        Cell::Text(t) => match parse_amount_text(t, unit)? {
            Some(v) => v,
            None => return Ok(None),
        },
    };
    if !value.is_finite() || value < 0.0 {
        return Err(format!("金额“{}”不能为负数", cell.text()));
    }
    if value > MAX_YUAN {
        return Err(format!("金额“{}”超过10万亿元，请检查单位", cell.text()));
    }
    Ok(Some(value.round() as i64))
}

/// A form's amount field (its name in the API, for the error's `field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AmountField {
    /// 总投资 (new project, project detail).
    TotalInvestment,
    /// 注册资本 (company).
    RegisteredCapital,
    /// 增资 (a stage change).
    AddedInvestment,
    /// 年度计划投资 (a project's year).
    PlannedInvestment,
    /// 完成投资 at a month's end (a project's year; the form names the month's field).
    CompletedInvestment,
}

impl AmountField {
    pub fn code(self) -> &'static str {
        match self {
            AmountField::TotalInvestment => "total_investment",
            AmountField::RegisteredCapital => "registered_capital",
            AmountField::AddedInvestment => "added_investment",
            AmountField::PlannedInvestment => "planned_investment",
            AmountField::CompletedInvestment => "completed_by_month",
        }
    }
}

/// An amount typed in a form, read exactly as import reads a cell (issue 18): a bare number is
/// 万元 (the forms' unit), 万/亿/元 written win (5000, 5000万, 1.2亿元, 两亿, 三千二百万, 1.2億).
/// `None` when empty or a placeholder (待定, —). Errors name the field, in Chinese.
pub fn parse_amount_field(text: &str, field: AmountField) -> crate::Result<Option<i64>> {
    let cell = if text.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_string())
    };
    parse_amount(&cell, MoneyUnit::Wan).map_err(|message| crate::Error::Validation {
        field: Some(field.code()),
        message: if message.ends_with("无法识别") {
            format!("{message}，可填 5000（万元）、5000万、1.2亿元、两亿")
        } else {
            message
        },
    })
}

fn parse_amount_text(raw: &str, unit: MoneyUnit) -> Result<Option<f64>, String> {
    let bad = || format!("金额“{}”无法识别", raw.trim());
    // 繁體 units and digits (1.2億, 兩萬) read as their 简体 forms.
    let mut s: String = crate::companies::names::t2s(&to_half_width(raw))
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，' && *c != '¥' && *c != '￥')
        .collect();
    if s.is_empty()
        || matches!(
            s.as_str(),
            "-" | "—" | "--" | "/" | "无" | "待定" | "暂无" | "不详"
        )
    {
        return Ok(None);
    }
    if s.contains("美元") || s.contains("USD") || s.contains("欧元") || s.contains("港元") {
        return Err(format!(
            "金额“{}”不是人民币，请换算为人民币后导入",
            raw.trim()
        ));
    }
    for prefix in ["约", "计划", "预计", "总投资", "人民币", "RMB"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    for suffix in ["人民币", "左右", "以上"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    // A minus sign: read the amount, so the caller can say it is negative (not unreadable).
    if let Some(rest) = s
        .strip_prefix('-')
        .filter(|r| !r.is_empty() && !r.starts_with('-'))
    {
        return parse_amount_text(rest, unit)
            .map(|v| v.map(|x| -x))
            .map_err(|_| bad());
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Err(bad());
    }
    let mut big = 0.0; // completed 亿 parts
    let mut section = 0.0; // below 亿, with 万 applied
    let mut small = 0.0; // below 万
    let mut num: Option<f64> = None;
    let mut explicit = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let v: f64 = text.parse().map_err(|_| bad())?;
            if num.is_some() {
                return Err(bad());
            }
            num = Some(v);
            continue;
        }
        if let Some(d) = chinese_digit(c) {
            if d != 0.0 {
                if num.is_some() {
                    return Err(bad());
                }
                num = Some(d);
            }
        } else if let Some(u) = small_unit(c) {
            small += num.unwrap_or(1.0) * u;
            num = None;
        } else if c == '万' {
            if num.is_none() && small == 0.0 {
                return Err(bad());
            }
            section += (small + num.unwrap_or(0.0)) * 1e4;
            small = 0.0;
            num = None;
            explicit = true;
        } else if c == '亿' {
            if num.is_none() && small == 0.0 && section == 0.0 {
                return Err(bad());
            }
            big += (section + small + num.unwrap_or(0.0)) * 1e8;
            section = 0.0;
            small = 0.0;
            num = None;
            explicit = true;
        } else if c == '元' && i == chars.len() - 1 {
            explicit = true;
        } else {
            return Err(bad());
        }
        i += 1;
    }
    let rest = small + num.unwrap_or(0.0);
    let value = if explicit {
        big + section + rest
    } else {
        // No 万/亿/元 in the cell: a plain number (or 三千二百) in the column's unit.
        rest * unit.yuan()
    };
    if big + section + rest == 0.0 && !s.chars().any(|c| c == '0' || c == '零' || c == '〇') {
        return Err(bad());
    }
    Ok(Some(value))
}

/// Excel's day 0 (1899-12-30, so that serial 60 is the phantom 1900-02-29's neighbour).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).expect("date")
}

/// A day from an Excel serial number (1900 date system).
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    excel_epoch().checked_add_days(chrono::Days::new(serial.floor() as u64))
}

pub fn to_excel_serial(d: NaiveDate) -> f64 {
    (d - excel_epoch()).num_days() as f64
}

fn plausible(d: NaiveDate) -> bool {
    (1990..=2100).contains(&d.year())
}

/// Parses a date cell. `None` for an empty cell or a placeholder.
pub fn parse_date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    let bad = || format!("日期“{}”无法识别", cell.text());
    let d = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => *d,
        Cell::Bool(_) => return Err(bad()),
        Cell::Number(n) => date_from_number(*n).ok_or_else(bad)?,
        Cell::Text(t) => match parse_date_text(t) {
            Ok(None) => return Ok(None),
            Ok(Some(d)) => d,
            Err(()) => return Err(bad()),
        },
    };
    if !plausible(d) {
        return Err(format!("日期“{}”超出1990至2100年，请检查", cell.text()));
    }
    Ok(Some(d))
}

fn date_from_number(n: f64) -> Option<NaiveDate> {
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    // 20220630 typed as a number.
    if (19_000_101.0..=21_001_231.0).contains(&n) && n.fract() == 0.0 {
        return ymd_digits(&format!("{}", n as i64));
    }
    // 2022.6 typed as a number: year.month (2022.1 is January; Excel drops the 0 of 2022.10).
    if (1990.0..2101.0).contains(&n) && n.fract() != 0.0 {
        let year = n.trunc() as i32;
        let month_text = format!("{:.2}", n.fract());
        let month_text = month_text.trim_start_matches("0.").trim_end_matches('0');
        let month: u32 = month_text.parse().ok()?;
        return NaiveDate::from_ymd_opt(year, month, 1);
    }
    if n.fract() == 0.0 && (1990.0..2101.0).contains(&n) {
        return NaiveDate::from_ymd_opt(n as i32, 1, 1);
    }
    from_excel_serial(n)
}

fn ymd_digits(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        s[0..4].parse().ok()?,
        s[4..6].parse().ok()?,
        s[6..8].parse().ok()?,
    )
}

fn parse_date_text(raw: &str) -> Result<Option<NaiveDate>, ()> {
    let s = to_half_width(raw).trim().to_string();
    if s.is_empty()
        || matches!(
            s.as_str(),
            "-" | "—" | "--" | "/" | "无" | "待定" | "未定" | "暂无"
        )
    {
        return Ok(None);
    }
    // Drop a time part ("2022-06-30 00:00:00", "2022-06-30T08:00").
    let s = s
        .split([' ', 'T'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('日')
        .trim_end_matches('号')
        .to_string();
    if let Some(d) = ymd_digits(&s) {
        return Ok(Some(d));
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !s.is_empty() {
        if let Ok(n) = s.parse::<f64>() {
            // "44742" (a serial as text) or "2022.6" / "2022.06".
            if s.contains('.') {
                let mut parts = s.split('.');
                let y = parts.next().and_then(|p| p.parse::<i32>().ok());
                let m = parts.next().and_then(|p| p.parse::<u32>().ok());
                let d = parts.next().map(|p| p.parse::<u32>().ok());
                if parts.next().is_none() {
                    if let (Some(y), Some(m)) = (y, m) {
                        return match d {
                            None => NaiveDate::from_ymd_opt(y, m, 1).map(Some).ok_or(()),
                            Some(Some(d)) => NaiveDate::from_ymd_opt(y, m, d).map(Some).ok_or(()),
                            Some(None) => Err(()),
                        };
                    }
                }
                return Err(());
            }
            return date_from_number(n).map(Some).ok_or(());
        }
    }
    // 2022-06-30, 2022/6/30, 2022.6.30, 2022年6月30日, 2022年6月, 2022-06.
    let parts: Vec<&str> = s
        .split(['-', '/', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    if !(2..=3).contains(&parts.len())
        || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(());
    }
    let y: i32 = parts[0].parse().map_err(|_| ())?;
    if parts[0].len() != 4 {
        return Err(());
    }
    let m: u32 = parts[1].parse().map_err(|_| ())?;
    let d: u32 = match parts.get(2) {
        Some(p) => p.parse().map_err(|_| ())?,
        None => 1,
    };
    NaiveDate::from_ymd_opt(y, m, d).map(Some).ok_or(())
}

/// A stage as offices write it, with the 开工 kind when the word says it (新开工/续建/复工).
pub fn parse_stage(text: &str) -> Result<Option<(Stage, Option<ConstructionKind>)>, String> {
    // 繁體 stages (簽約, 已開工) read as their 简体 forms.
    let t: String = crate::companies::names::t2s(&to_half_width(text))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || matches!(t.as_str(), "-" | "—" | "/") {
        return Ok(None);
    }
    if let Some(s) = Stage::parse(&t) {
        return Ok(Some((s, None)));
    }
    use ConstructionKind as K;
    use Stage::*;
    const EXACT: &[(&str, Stage, Option<ConstructionKind>)] = &[
        ("储备", Lead, None),
        ("意向", Lead, None),
        ("在库", Lead, None),
        ("信息", Lead, None),
        ("线索储备", Lead, None),
        ("项目线索", Lead, None),
        ("在谈", Negotiating, None),
        ("对接", Negotiating, None),
        ("对接中", Negotiating, None),
        ("洽谈中", Negotiating, None),
        ("在洽谈", Negotiating, None),
        ("推进中", Negotiating, None),
        ("考察", Negotiating, None),
        ("已签约", Signed, None),
        ("签约未开工", Signed, None),
        ("已签约未开工", Signed, None),
        ("签订协议", Signed, None),
        ("签订合同", Signed, None),
        ("框架协议", Signed, None),
        ("落地", Started, None),
        ("落地开工", Started, None),
        ("已开工", Started, None),
        ("在建", Started, None),
        ("建设中", Started, None),
        ("开工建设", Started, None),
        ("新开工", Started, Some(K::New)),
        ("新建", Started, Some(K::New)),
        ("续建", Started, Some(K::Continued)),
        ("复工", Started, Some(K::Resumed)),
        ("已投产", Operating, None),
        ("竣工投产", Operating, None),
        ("达产", Operating, None),
        ("建成投产", Operating, None),
        ("运营", Operating, None),
        ("暂停", OnHold, None),
        ("暂缓", OnHold, None),
        ("停滞", OnHold, None),
        ("放弃", Dropped, None),
        ("取消", Dropped, None),
        ("退出", Dropped, None),
        ("已终止", Dropped, None),
    ];
    let key = t.trim_end_matches("阶段").trim_end_matches("项目");
    if let Some((_, s, k)) = EXACT.iter().find(|(w, _, _)| *w == key) {
        return Ok(Some((*s, *k)));
    }
    if let Some(s) = Stage::parse(key) {
        return Ok(Some((s, None)));
    }
    // Longer phrases: the most advanced word that is not negated (未开工, 尚未签约).
    let mut scrubbed = key.to_string();
    for neg in ["尚未", "未", "没有", "暂未"] {
        while let Some(pos) = scrubbed.find(neg) {
            let after = pos + neg.len();
            let cut = scrubbed[after..]
                .char_indices()
                .nth(2)
                .map(|(i, _)| after + i)
                .unwrap_or(scrubbed.len());
            scrubbed.replace_range(pos..cut, "|");
        }
    }
    const ORDERED: &[(&str, Stage)] = &[
        ("终止", Dropped),
        ("搁置", OnHold),
        ("投产", Operating),
        ("复工", Started),
        ("续建", Started),
        ("开工", Started),
        ("在建", Started),
        ("落地", Started),
        ("签约", Signed),
        ("协议", Signed),
        ("洽谈", Negotiating),
        ("对接", Negotiating),
        ("在谈", Negotiating),
        ("线索", Lead),
        ("储备", Lead),
    ];
    for (w, s) in ORDERED {
        if scrubbed.contains(w) {
            let kind = match *w {
                "复工" => Some(K::Resumed),
                "续建" => Some(K::Continued),
                _ => None,
            };
            return Ok(Some((*s, kind)));
        }
    }
    Err(format!(
        "阶段“{}”无法识别（可填：线索、洽谈、签约、开工、投产、搁置、终止）",
        text.trim()
    ))
}

/// A yes/no cell (是/否, √, Y/N, 1/0). Empty is "no".
pub fn parse_flag(cell: &Cell) -> Result<bool, String> {
    match cell {
        Cell::Empty => Ok(false),
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) => Ok(*n != 0.0),
        Cell::Date(_) => Err(format!("“{}”不是“是”或“否”", cell.text())),
        Cell::Text(t) => {
            let t = to_half_width(t).trim().to_lowercase();
            match t.as_str() {
                "" | "否" | "无" | "n" | "no" | "0" | "false" | "×" | "x" | "不是" | "非" | "-"
                | "/" | "—" => Ok(false),
                "是" | "有" | "√" | "✓" | "✔" | "y" | "yes" | "1" | "true" | "对" | "○" | "●"
                | "★" => Ok(true),
                other => {
                    if other.starts_with('是') || other.contains("重点") || other.contains("飞地")
                    {
                        Ok(true)
                    } else if other.starts_with('否') || other.starts_with('非') {
                        Ok(false)
                    } else {
                        Err(format!("“{}”无法识别，请填“是”或“否”", t))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }
    fn amount(s: &str, unit: MoneyUnit) -> Option<i64> {
        parse_amount(&text(s), unit).unwrap()
    }

    #[test]
    fn amounts_in_every_common_spelling() {
        use MoneyUnit::*;
        let wan = 10_000;
        assert_eq!(amount("5000", Wan), Some(5000 * wan));
        assert_eq!(amount("5000万", Yuan), Some(5000 * wan));
        assert_eq!(amount("5000万元", Yi), Some(5000 * wan));
        assert_eq!(amount("1.2亿", Wan), Some(120_000_000));
        assert_eq!(amount("1.2亿元", Wan), Some(120_000_000));
        assert_eq!(amount("三千二百万", Wan), Some(32_000_000));
        assert_eq!(amount("三千二百万元", Yuan), Some(32_000_000));
        assert_eq!(amount("两千万", Wan), Some(20_000_000));
        assert_eq!(amount("一亿二千万", Wan), Some(120_000_000));
        assert_eq!(amount("十二亿", Wan), Some(1_200_000_000));
        assert_eq!(amount("2亿5000万", Wan), Some(250_000_000));
        assert_eq!(amount("3千万", Wan), Some(30_000_000));
        assert_eq!(amount("三千二百", Wan), Some(32_000_000));
        assert_eq!(amount("5,000.5", Wan), Some(50_005_000));
        assert_eq!(amount("５０００", Wan), Some(5000 * wan));
        assert_eq!(amount("1.5", Yi), Some(150_000_000));
        assert_eq!(amount("80000元", Wan), Some(80_000));
        assert_eq!(amount("约5000万", Wan), Some(5000 * wan));
        assert_eq!(amount("0", Wan), Some(0));
        assert_eq!(amount("", Wan), None);
        assert_eq!(amount("待定", Wan), None);
        assert_eq!(
            parse_amount(&Cell::Number(17.15), Yi).unwrap(),
            Some(1_715_000_000)
        );
        assert_eq!(
            parse_amount(&Cell::Number(5000.0), Wan).unwrap(),
            Some(50_000_000)
        );
        assert!(parse_amount(&text("五千万美元"), Wan)
            .unwrap_err()
            .contains("人民币"));
        assert!(parse_amount(&text("很多"), Wan)
            .unwrap_err()
            .contains("无法识别"));
        assert!(parse_amount(&text("5000亿亿"), Wan).is_err());
        assert!(parse_amount(&Cell::Number(-1.0), Wan).is_err());
        assert!(parse_amount(&text("1.2.3"), Wan).is_err());
    }

    #[test]
    fn money_units_from_headers() {
        assert_eq!(MoneyUnit::from_header("总投资(万元)"), MoneyUnit::Wan);
        assert_eq!(MoneyUnit::from_header("总投资（亿元）"), MoneyUnit::Yi);
        assert_eq!(MoneyUnit::from_header("投资额（元）"), MoneyUnit::Yuan);
        assert_eq!(MoneyUnit::from_header("总投资"), MoneyUnit::Wan);
    }

    #[test]
    fn dates_in_every_common_spelling() {
        let ok = |c: Cell| parse_date(&c).unwrap();
        assert_eq!(ok(Cell::Number(44742.0)), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("44742")), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("2022-06-30")), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("2022/6/30")), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("2022年6月30日")), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("2022年6月")), Some(d(2022, 6, 1)));
        assert_eq!(ok(text("2022.6")), Some(d(2022, 6, 1)));
        assert_eq!(ok(text("2022.06.30")), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("2022.10")), Some(d(2022, 10, 1)));
        assert_eq!(ok(Cell::Number(2022.6)), Some(d(2022, 6, 1)));
        assert_eq!(ok(Cell::Number(2022.12)), Some(d(2022, 12, 1)));
        assert_eq!(ok(text("20220630")), Some(d(2022, 6, 30)));
        assert_eq!(ok(Cell::Number(20220630.0)), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("2022-06-30 00:00:00")), Some(d(2022, 6, 30)));
        assert_eq!(ok(text("２０２２年６月３０日")), Some(d(2022, 6, 30)));
        assert_eq!(ok(Cell::Date(d(2021, 3, 1))), Some(d(2021, 3, 1)));
        assert_eq!(ok(text("")), None);
        assert_eq!(ok(text("待定")), None);
        assert!(parse_date(&text("2022-13-45"))
            .unwrap_err()
            .contains("无法识别"));
        assert!(parse_date(&text("明年")).is_err());
        assert!(parse_date(&text("2022-02-30")).is_err());
        assert!(parse_date(&Cell::Number(3.0)).is_err());
        assert_eq!(to_excel_serial(d(2022, 6, 30)), 44742.0);
    }

    #[test]
    fn stages_and_synonyms() {
        let s = |t: &str| parse_stage(t).unwrap().map(|x| x.0);
        assert_eq!(s("线索"), Some(Stage::Lead));
        assert_eq!(s("洽谈"), Some(Stage::Negotiating));
        assert_eq!(s("在谈"), Some(Stage::Negotiating));
        assert_eq!(s("签约"), Some(Stage::Signed));
        assert_eq!(s("已签约"), Some(Stage::Signed));
        assert_eq!(s("已签约未开工"), Some(Stage::Signed));
        assert_eq!(s("开工"), Some(Stage::Started));
        assert_eq!(s("落地"), Some(Stage::Started));
        assert_eq!(s("在建"), Some(Stage::Started));
        assert_eq!(s("投产"), Some(Stage::Operating));
        assert_eq!(s("搁置"), Some(Stage::OnHold));
        assert_eq!(s("终止"), Some(Stage::Dropped));
        assert_eq!(s("signed"), Some(Stage::Signed));
        assert_eq!(s("正在洽谈，下月考察"), Some(Stage::Negotiating));
        assert_eq!(s(""), None);
        assert_eq!(
            parse_stage("复工").unwrap(),
            Some((Stage::Started, Some(ConstructionKind::Resumed)))
        );
        assert!(parse_stage("不知道").unwrap_err().contains("无法识别"));
    }

    #[test]
    fn flags() {
        for yes in ["是", "√", "Y", "1", "重点", "是（省重点）"] {
            assert!(parse_flag(&text(yes)).unwrap(), "{yes}");
        }
        for no in ["否", "", "×", "N", "0", "无"] {
            assert!(!parse_flag(&text(no)).unwrap(), "{no}");
        }
        assert!(parse_flag(&Cell::Bool(true)).unwrap());
        assert!(parse_flag(&text("也许")).is_err());
    }

    #[test]
    fn form_amounts_read_as_import_reads_them() {
        let f = |s: &str| parse_amount_field(s, AmountField::TotalInvestment);
        assert_eq!(f("5000").unwrap(), Some(50_000_000));
        assert_eq!(f("5000万").unwrap(), Some(50_000_000));
        assert_eq!(f("2亿").unwrap(), Some(200_000_000));
        assert_eq!(f("两亿").unwrap(), Some(200_000_000));
        assert_eq!(f("1.2亿元").unwrap(), Some(120_000_000));
        assert_eq!(f("1.2億").unwrap(), Some(120_000_000));
        assert_eq!(f(" ").unwrap(), None);
        let e = f("很多").unwrap_err();
        assert_eq!(e.field(), Some("total_investment"));
        assert!(e.to_string().contains("1.2亿元"), "{e}");
        let e = parse_amount_field("500万美元", AmountField::RegisteredCapital).unwrap_err();
        assert_eq!(e.field(), Some("registered_capital"));
        assert!(e.to_string().contains("人民币"), "{e}");
        // A negative amount is said to be negative, on the field.
        let e = parse_amount_field("-5", AmountField::RegisteredCapital).unwrap_err();
        assert_eq!(e.to_string(), "金额“-5”不能为负数");
    }

    #[test]
    fn markup_is_found_and_brackets_are_not_markup() {
        let tag = markup_in("<Worksheet ss:Name=\"项目台账\"><Table>");
        assert_eq!(tag.as_deref(), Some("<Worksheet ss:Name=\"项目台账\">"));
        assert_eq!(markup_in("A</td>").as_deref(), Some("</td>"));
        assert_eq!(markup_in("<br/>x").as_deref(), Some("<br/>"));
        assert_eq!(markup_in("数据中心<一期>"), None);
        assert_eq!(markup_in("<500亩 用地"), None);
        assert_eq!(markup_in("a < b > c"), None);
    }
}

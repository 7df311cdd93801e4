//! The .xlsx of a form: a title row, the period, a header-counts block, the columns in order;
//! one sheet, or one per team or park; A4 landscape, fitted to the page width, the header
//! rows repeated on every printed page.
//!
//! The 月报 prints the report engine's figures (`Ledger::report`) for the month and for the
//! year to the month's end: office-wide and by 来源区域. Nothing is recounted here.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::io::export::text_width;
use crate::ledger::Ledger;
use crate::model::Stage;
use crate::reports::period::Period;
use crate::reports::scope::Scope;
use crate::reports::{Metrics, ReportQuery};
use crate::util::zh_date;

use super::columns::{self, Cell, FormRow};
use super::types::{ExportTemplate, FormKind, FormPeriod};

fn xlsx_error(e: XlsxError) -> Error {
    Error::Conflict(format!("生成 Excel 文件失败：{e}"))
}

struct Formats {
    title: Format,
    sub: Format,
    head: Format,
    text: Format,
    money: Format,
    date: Format,
    int: Format,
}

fn formats() -> Formats {
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        sub: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        head: border(
            Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
        ),
        text: border(
            Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
        ),
        money: border(Format::new().set_num_format("#,##0.####")),
        date: border(Format::new().set_num_format("yyyy-mm-dd")),
        int: border(Format::new().set_num_format("0")),
    }
}

/// «2026年11月30日至2026年12月6日».
fn period_text(p: Period) -> String {
    format!("{}至{}", zh_date(p.from), zh_date(p.to))
}

/// A sheet name Excel accepts: no []:*?/\, at most 31 characters, unique in the book.
fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut n = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let base = n.clone();
    let mut i = 2;
    while used.contains(&n) {
        n = format!("{base}{i}");
        i += 1;
    }
    used.push(n.clone());
    n
}

/// The header counts of one sheet: «在谈项目共3个，本周新增1个。按产业：新材料2个、装备制造1个。».
pub fn header_counts(t: &ExportTemplate, rows: &[FormRow]) -> String {
    let what = if t.scope.stages == [Stage::Negotiating] {
        "在谈项目"
    } else {
        "列入项目"
    };
    let when = match t.scope.period {
        FormPeriod::Week => "本周",
        FormPeriod::Month => "本月",
    };
    let new = rows.iter().filter(|r| r.new).count();
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows {
        *by.entry(r.industry.clone().unwrap_or_else(|| "未分产业".into()))
            .or_default() += 1;
    }
    let mut text = format!("{what}共{}个，{when}新增{new}个。", rows.len());
    if !by.is_empty() {
        let parts: Vec<String> = by.iter().map(|(k, n)| format!("{k}{n}个")).collect();
        text.push_str(&format!("按产业：{}。", parts.join("、")));
    }
    text
}

fn excel_date(d: NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The form of a template for the period holding `date`.
pub fn form_xlsx(ledger: &Ledger, t: &ExportTemplate, date: NaiveDate) -> Result<Vec<u8>> {
    let office = ledger.office_name()?.unwrap_or_default();
    match t.kind {
        FormKind::MonthlyFigures => monthly_xlsx(ledger, t, date, &office),
        FormKind::Projects => {
            let period = t.scope.period.of(date);
            let rows = columns::rows(ledger.connection(), &*ledger.facts()?, &t.scope, period)?;
            projects_xlsx(t, &office, period, rows).map_err(xlsx_error)
        }
    }
}

fn projects_xlsx(
    t: &ExportTemplate,
    office: &str,
    period: Period,
    rows: Vec<FormRow>,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut book = Workbook::new();
    let mut used = Vec::new();
    let ncols = t.columns.len().max(1) as u16;
    let sheets = columns::split(rows, t.split_by);
    let unassigned = match t.split_by {
        super::types::SplitBy::Park => "未定园区",
        _ => "未分配团队",
    };
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        let sheet = match &name {
            Some(n) => n.clone(),
            None if t.split_by == super::types::SplitBy::None => t.name.clone(),
            None => unassigned.to_string(),
        };
        ws.set_name(sheet_name(&sheet, &mut used))?;
        let title = match &name {
            Some(n) => format!("{office}{}（{n}）", t.title),
            None => format!("{office}{}", t.title),
        };
        ws.set_row_height(0, 30)?;
        if ncols > 1 {
            ws.merge_range(0, 0, 0, ncols - 1, &title, &f.title)?;
        } else {
            ws.write_string_with_format(0, 0, &title, &f.title)?;
        }
        let mut row = 1u32;
        let span = format!("统计时间：{}", period_text(period));
        if ncols > 1 {
            ws.merge_range(row, 0, row, ncols - 1, &span, &f.sub)?;
        } else {
            ws.write_string(row, 0, &span)?;
        }
        row += 1;
        if t.header_counts {
            let counts = header_counts(t, &rows);
            if ncols > 1 {
                ws.merge_range(row, 0, row, ncols - 1, &counts, &f.sub)?;
            } else {
                ws.write_string(row, 0, &counts)?;
            }
            ws.set_row_height(row, 30)?;
            row += 1;
        }
        let head_row = row;
        for (j, c) in t.columns.iter().enumerate() {
            let width = columns::known(&c.key).map_or(12.0, |(_, _, w)| *w);
            ws.set_column_width(j as u16, width.max(text_width(&c.title) + 2.0))?;
            ws.write_string_with_format(head_row, j as u16, &c.title, &f.head)?;
        }
        for (i, r) in rows.iter().enumerate() {
            let at = head_row + 1 + i as u32;
            for (j, c) in t.columns.iter().enumerate() {
                let j = j as u16;
                match r.cell(&c.key, i + 1) {
                    Cell::Text(s) => ws.write_string_with_format(at, j, &s, &f.text)?,
                    Cell::Wan(y) => {
                        ws.write_number_with_format(at, j, y as f64 / 10_000.0, &f.money)?
                    }
                    Cell::Date(d) => {
                        ws.write_datetime_with_format(at, j, excel_date(d)?, &f.date)?
                    }
                    Cell::Number(n) => ws.write_number_with_format(at, j, n as f64, &f.int)?,
                    Cell::Empty => ws.write_blank(at, j, &f.text)?,
                };
            }
        }
        ws.set_freeze_panes(head_row + 1, 0)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_print_center_horizontally(true);
        ws.set_repeat_rows(head_row, head_row)?;
    }
    book.save_to_buffer()
}

/// The 月报's figures, in order: (label, how to read them from the metrics, in 万元?).
/// How a 月报 figure reads the metrics.
pub type Figure = fn(&Metrics) -> i64;

pub const MONTHLY_FIGURES: &[(&str, Figure, bool)] = &[
    ("外出招商次数", |m| m.trips as i64, false),
    ("对接洽谈项目", |m| m.contacted as i64, false),
    ("签约项目", |m| m.signed as i64, false),
    ("签约总投资（万元）", |m| m.signed_investment, true),
    ("落地开工项目", |m| m.started as i64, false),
    ("开工总投资（万元）", |m| m.started_investment, true),
    ("投产项目", |m| m.operating as i64, false),
    ("投产总投资（万元）", |m| m.operating_investment, true),
    ("在谈项目", |m| m.negotiating_at_end as i64, false),
];

/// The 月报's two periods for `date`: its month, and the year to that month's end.
pub fn monthly_periods(date: NaiveDate) -> (Period, Period) {
    let month = FormPeriod::Month.of(date);
    let year = Period {
        from: NaiveDate::from_ymd_opt(date.year(), 1, 1).expect("1 January"),
        to: month.to,
    };
    (month, year)
}

fn monthly_xlsx(
    ledger: &Ledger,
    t: &ExportTemplate,
    date: NaiveDate,
    office: &str,
) -> Result<Vec<u8>> {
    let (month, year) = monthly_periods(date);
    let mut reports = Vec::new();
    for (label, period) in [("本月", month), ("本年累计", year)] {
        let r = ledger.report(&ReportQuery {
            period,
            scope: Scope::default(),
        })?;
        reports.push((label, period, r));
    }
    let f = formats();
    let build = || -> std::result::Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(t.name.as_str())?;
        let ncols = MONTHLY_FIGURES.len() as u16 + 1;
        ws.set_column_width(0, 16)?;
        for j in 1..ncols {
            ws.set_column_width(j, 12)?;
        }
        let title = format!(
            "{office}{}（{}年{}月）",
            t.title,
            month.to.year(),
            month.to.month()
        );
        ws.set_row_height(0, 30)?;
        ws.merge_range(0, 0, 0, ncols - 1, &title, &f.title)?;
        let mut row = 1u32;
        for (label, period, r) in &reports {
            let head = format!("{label}（{}）", period_text(*period));
            ws.merge_range(row, 0, row, ncols - 1, &head, &Format::new().set_bold())?;
            row += 1;
            ws.merge_range(row, 0, row, ncols - 1, &r.briefing, &f.sub)?;
            ws.set_row_height(row, 45)?;
            row += 1;
            ws.write_string_with_format(row, 0, "来源区域", &f.head)?;
            for (j, (name, _, _)) in MONTHLY_FIGURES.iter().enumerate() {
                ws.write_string_with_format(row, j as u16 + 1, *name, &f.head)?;
            }
            row += 1;
            let lines = std::iter::once(("合计", &r.metrics)).chain(
                r.by_region_group
                    .iter()
                    .map(|b| (b.label.as_str(), &b.metrics)),
            );
            for (name, m) in lines {
                ws.write_string_with_format(row, 0, name, &f.text)?;
                for (j, (_, read, wan)) in MONTHLY_FIGURES.iter().enumerate() {
                    let v = read(m);
                    if *wan {
                        ws.write_number_with_format(
                            row,
                            j as u16 + 1,
                            v as f64 / 10_000.0,
                            &f.money,
                        )?;
                    } else {
                        ws.write_number_with_format(row, j as u16 + 1, v as f64, &f.int)?;
                    }
                }
                row += 1;
            }
            row += 1;
        }
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_print_center_horizontally(true);
        book.save_to_buffer()
    };
    build().map_err(xlsx_error)
}

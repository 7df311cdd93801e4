//! Export (issue 4): a filtered project list as an .xlsx in ledger layout (序号, amounts in 万元,
//! CJK column widths set by hand, frozen header, autofilter) or as CSV (UTF-8 with BOM, which
//! Excel and WPS open correctly); a period's report as a 调度表 workbook (summary sheet with the
//! metrics and the briefing sentence; sheets by region group, industry, team and month; charts).
//!
//! The ledger layout uses the column names the importer maps, so an exported file imports back
//! into a fresh ledger as the same projects, stages, dates and amounts.

use chrono::NaiveDate;
use rusqlite::{params_from_iter, Connection};
use rust_xlsxwriter::{
    Chart, ChartType, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::io::traditional::{FixedWords as Words, Script};
use crate::ledger::Ledger;
use crate::model::{ConstructionKind, Stage};
use crate::projects::{ProjectFilter, ProjectSort};
use crate::reports::year_on_year::change_percent;
use crate::reports::{BreakdownRow, Metrics, Report, ReportQuery};
use crate::util::zh_date;

/// One project as the ledger layout shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub name: String,
    pub company: Option<String>,
    pub credit_code: Option<String>,
    pub origin: Option<String>,
    pub region_group: Option<String>,
    pub industry: Option<String>,
    pub total_investment: i64,
    pub content: Option<String>,
    pub stage: Stage,
    pub registered_on: Option<NaiveDate>,
    pub signed_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub operating_on: Option<NaiveDate>,
    pub stage_since: NaiveDate,
    pub construction_kind: Option<ConstructionKind>,
    pub key_project: bool,
    pub enclave: bool,
    pub relocation: bool,
    pub high_energy: bool,
    pub park: Option<String>,
    pub team: Option<String>,
    pub officer: Option<String>,
    pub sponsor: Option<String>,
    pub responsible_unit: Option<String>,
    pub coordination_issues: Option<String>,
    pub next_step: Option<String>,
    pub notes: Option<String>,
}

/// The ledger layout's columns (after 序号) and their widths in Excel units (a Chinese
/// character is about 2).
pub const LEDGER_COLUMNS: &[(&str, f64)] = &[
    ("项目名称", 30.0),
    ("投资方", 28.0),
    ("统一社会信用代码", 21.0),
    ("来源地", 20.0),
    ("来源区域", 10.0),
    ("所属产业", 14.0),
    ("总投资(万元)", 13.0),
    ("建设内容", 36.0),
    ("项目进展", 10.0),
    ("登记时间", 12.0),
    ("签约时间", 12.0),
    ("开工时间", 12.0),
    ("投产时间", 12.0),
    ("阶段变更时间", 13.0),
    ("开工类型", 10.0),
    ("是否重点", 9.0),
    ("飞地项目", 9.0),
    ("承接产业转移", 13.0),
    ("两高项目", 9.0),
    ("所在园区", 16.0),
    ("招商团队", 12.0),
    ("责任人", 9.0),
    ("包保领导", 10.0),
    ("责任单位", 14.0),
    ("需协调事项", 30.0),
    ("下一步工作", 30.0),
    ("备注", 30.0),
];

/// Every project the filter matches (all pages), in the filter's order.
pub fn ledger_rows(conn: &Connection, f: &ProjectFilter) -> Result<Vec<LedgerRow>> {
    let w = crate::projects::filter_where(conn, f)?;
    let order = match f.sort {
        ProjectSort::UpdatedAt => "p.updated_at",
        ProjectSort::Name => "p.name",
        ProjectSort::TotalInvestment => "p.total_investment",
        ProjectSort::Stage => "CASE p.stage WHEN 'lead' THEN 0 WHEN 'negotiating' THEN 1 WHEN 'signed' THEN 2 WHEN 'started' THEN 3 WHEN 'operating' THEN 4 WHEN 'on_hold' THEN 5 ELSE 6 END",
        ProjectSort::StageSince => "p.stage_since",
        ProjectSort::SignedOn => "p.signed_on",
        ProjectSort::StartedOn => "p.started_on",
    };
    let dir = if f.descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT p.name, c.name, c.credit_code, dv.full_name, g.name, i.name, p.total_investment,
            p.content, p.stage,
            (SELECT MIN(s.changed_on) FROM stage_changes s WHERE s.project_id = p.id AND s.deleted_at IS NULL),
            p.signed_on, p.started_on, p.operating_on, p.stage_since, p.construction_kind,
            p.key_project, p.enclave, p.relocation, p.high_energy, p.park, t.name, o.name, sp.name,
            p.responsible_unit, p.coordination_issues, p.next_step, p.notes, c.overseas
         FROM projects p
         LEFT JOIN companies c ON c.id = p.company_id
         LEFT JOIN divisions dv ON dv.code = c.origin_code
         LEFT JOIN region_groups g ON g.id = p.region_group_id
         LEFT JOIN industries i ON i.id = p.industry_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN officers o ON o.id = p.officer_id
         LEFT JOIN officers sp ON sp.id = p.sponsor_id
         WHERE {} ORDER BY {order} {dir}, p.id {dir}",
        w.sql()
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(w.params()), |r| {
        let overseas: bool = r.get(27)?;
        let origin: Option<String> = r.get(3)?;
        Ok(LedgerRow {
            name: r.get(0)?,
            company: r.get(1)?,
            credit_code: r.get(2)?,
            origin: origin
                .map(|o| o.replace(' ', ""))
                .or_else(|| overseas.then(|| "境外".to_string())),
            region_group: r.get(4)?,
            industry: r.get(5)?,
            total_investment: r.get(6)?,
            content: r.get(7)?,
            stage: r.get(8)?,
            registered_on: r.get(9)?,
            signed_on: r.get(10)?,
            started_on: r.get(11)?,
            operating_on: r.get(12)?,
            stage_since: r.get(13)?,
            construction_kind: r.get(14)?,
            key_project: r.get(15)?,
            enclave: r.get(16)?,
            relocation: r.get(17)?,
            high_energy: r.get(18)?,
            park: r.get(19)?,
            team: r.get(20)?,
            officer: r.get(21)?,
            sponsor: r.get(22)?,
            responsible_unit: r.get(23)?,
            coordination_issues: r.get(24)?,
            next_step: r.get(25)?,
            notes: r.get(26)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A cell of the ledger layout.
enum Out<'a> {
    Text(Option<&'a str>),
    Wan(i64),
    Date(Option<NaiveDate>),
}

fn cells<'a>(r: &'a LedgerRow, w: &'a Words) -> Vec<Out<'a>> {
    let yes = |b| Out::Text(Some(w.yes(b)));
    vec![
        Out::Text(Some(&r.name)),
        Out::Text(r.company.as_deref()),
        Out::Text(r.credit_code.as_deref()),
        Out::Text(r.origin.as_deref()),
        Out::Text(r.region_group.as_deref()),
        Out::Text(r.industry.as_deref()),
        Out::Wan(r.total_investment),
        Out::Text(r.content.as_deref()),
        Out::Text(Some(w.stage(r.stage))),
        Out::Date(r.registered_on),
        Out::Date(r.signed_on),
        Out::Date(r.started_on),
        Out::Date(r.operating_on),
        Out::Date(Some(r.stage_since)),
        Out::Text(r.construction_kind.map(|k| w.kind(k))),
        yes(r.key_project),
        yes(r.enclave),
        yes(r.relocation),
        yes(r.high_energy),
        Out::Text(r.park.as_deref()),
        Out::Text(r.team.as_deref()),
        Out::Text(r.officer.as_deref()),
        Out::Text(r.sponsor.as_deref()),
        Out::Text(r.responsible_unit.as_deref()),
        Out::Text(r.coordination_issues.as_deref()),
        Out::Text(r.next_step.as_deref()),
        Out::Text(r.notes.as_deref()),
    ]
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Conflict(format!("生成 Excel 文件失败：{e}"))
}

fn excel_date(d: NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// 万元 with up to four decimals (exact back to 元).
fn wan(yuan: i64) -> f64 {
    yuan as f64 / 10_000.0
}

/// Display width of text in Excel units: 2 per CJK character, 1.1 per other.
pub fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.05 })
        .sum()
}

/// The ledger layout as an .xlsx workbook.
pub fn ledger_xlsx(rows: &[LedgerRow], title: &str) -> Result<Vec<u8>> {
    ledger_xlsx_in(rows, title, Script::Simplified)
}

/// The ledger layout as an .xlsx workbook, its headers and fixed words in `script` (the title
/// is written as given; the rows' data as entered).
pub fn ledger_xlsx_in(rows: &[LedgerRow], title: &str, script: Script) -> Result<Vec<u8>> {
    build_ledger_xlsx(rows, title, script).map_err(xlsx_error)
}

fn build_ledger_xlsx(
    rows: &[LedgerRow],
    title: &str,
    script: Script,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let words = Words::new(script);
    let heads: Vec<Cow<str>> = LEDGER_COLUMNS.iter().map(|(h, _)| script.text(h)).collect();
    let mut book = Workbook::new();
    let title_format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.####");
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name(script.text("项目台账"))?;
    let ncols = LEDGER_COLUMNS.len() as u16 + 1;
    // Widths: the header's, widened by the content (first rows), within bounds.
    let mut widths: Vec<f64> = std::iter::once(6.0)
        .chain(
            LEDGER_COLUMNS
                .iter()
                .zip(&heads)
                .map(|((_, w), h)| w.max(text_width(h) + 2.0)),
        )
        .collect();
    for r in rows.iter().take(2000) {
        for (j, c) in cells(r, &words).iter().enumerate() {
            let w = match c {
                Out::Text(Some(t)) => text_width(t),
                _ => 0.0,
            };
            widths[j + 1] = widths[j + 1].max((w + 2.0).min(50.0));
        }
    }
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, ncols - 1, title, &title_format)?;
    ws.write_string_with_format(1, 0, script.text("序号"), &head)?;
    for (j, h) in heads.iter().enumerate() {
        ws.write_string_with_format(1, j as u16 + 1, h.as_ref(), &head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        ws.write_number(row, 0, (i + 1) as f64)?;
        for (j, c) in cells(r, &words).into_iter().enumerate() {
            let col = j as u16 + 1;
            match c {
                Out::Text(Some(t)) if !t.is_empty() => {
                    ws.write_string(row, col, t)?;
                }
                Out::Wan(y) => {
                    ws.write_number_with_format(row, col, wan(y), &money)?;
                }
                Out::Date(Some(d)) => {
                    ws.write_datetime_with_format(row, col, excel_date(d)?, &date)?;
                }
                _ => {}
            }
        }
    }
    ws.set_freeze_panes(2, 2)?;
    ws.autofilter(1, 0, rows.len() as u32 + 1, ncols - 1)?;
    book.save_to_buffer()
}

/// The ledger layout as CSV: UTF-8 with BOM, CRLF, quoted where needed.
pub fn ledger_csv(rows: &[LedgerRow]) -> Vec<u8> {
    ledger_csv_in(rows, Script::Simplified)
}

/// The ledger layout as CSV, its headers and fixed words in `script`.
pub fn ledger_csv_in(rows: &[LedgerRow], script: Script) -> Vec<u8> {
    let words = Words::new(script);
    let mut out = String::with_capacity(rows.len() * 200 + 256);
    out.push('\u{FEFF}');
    out.push_str(&script.text("序号"));
    for (h, _) in LEDGER_COLUMNS {
        out.push(',');
        out.push_str(&script.text(h));
    }
    out.push_str("\r\n");
    for (i, r) in rows.iter().enumerate() {
        out.push_str(&(i + 1).to_string());
        for c in cells(r, &words) {
            out.push(',');
            let text = match c {
                Out::Text(t) => t.unwrap_or_default().to_string(),
                Out::Wan(y) => crate::io::import::parse::number_text(wan(y)),
                Out::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            };
            csv_field(&mut out, &text);
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn csv_field(out: &mut String, text: &str) {
    // A leading =, +, - or @ would run as a formula in Excel: keep it text.
    let risky = text.starts_with(['=', '+', '@'])
        || (text.starts_with('-') && text.parse::<f64>().is_err());
    if risky || text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if risky {
            out.push('\'');
        }
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// A metrics-table row: label, how to read it from `Metrics`, whether it is money (万元).
type MetricRow = (&'static str, fn(&Metrics) -> f64, bool);

fn metric_rows() -> Vec<MetricRow> {
    vec![
        ("外出招商次数", |m| m.trips as f64, false),
        ("对接洽谈项目（个）", |m| m.contacted as f64, false),
        ("签约项目（个）", |m| m.signed as f64, false),
        ("签约总投资（万元）", |m| wan(m.signed_investment), true),
        (
            "其中：5000万元以上（个）",
            |m| m.signed_tiers.at_least_5000wan() as f64,
            false,
        ),
        ("升格（不计新签，个）", |m| m.upgraded as f64, false),
        (
            "承接产业转移签约（个）",
            |m| m.relocation_signed as f64,
            false,
        ),
        ("落地开工项目（个）", |m| m.started as f64, false),
        ("其中：新开工", |m| m.started_new as f64, false),
        ("复工", |m| m.started_resumed as f64, false),
        ("续建", |m| m.started_continued as f64, false),
        (
            "开工项目总投资（万元）",
            |m| wan(m.started_investment),
            true,
        ),
        ("投产项目（个）", |m| m.operating as f64, false),
        (
            "在谈项目（期末，个）",
            |m| m.negotiating_at_end as f64,
            false,
        ),
        ("储备项目（期末，个）", |m| m.lead_at_end as f64, false),
        ("重点项目（期末，个）", |m| m.key_projects as f64, false),
        ("重点项目总投资（万元）", |m| wan(m.key_investment), true),
    ]
}

/// The report of a period as a 调度表 workbook.
pub fn report_xlsx(report: &Report, office: Option<&str>) -> Result<Vec<u8>> {
    report_xlsx_in(report, office, Script::Simplified)
}

/// The 调度表 with its titles, headers, labels and the briefing in `script` (the office's name
/// and the projects' own data as entered).
pub fn report_xlsx_in(report: &Report, office: Option<&str>, script: Script) -> Result<Vec<u8>> {
    build_report_xlsx(report, office, script).map_err(xlsx_error)
}

pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) head: Format,
    pub(crate) text: Format,
    pub(crate) int: Format,
    pub(crate) money: Format,
    pub(crate) pct: Format,
    wrap: Format,
}

fn formats() -> Formats {
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
        head: border(
            Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
        ),
        text: border(Format::new()),
        int: border(Format::new().set_num_format("0")),
        money: border(Format::new().set_num_format("#,##0.00")),
        pct: border(Format::new().set_num_format("0.0%")),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

fn build_report_xlsx(
    r: &Report,
    office: Option<&str>,
    script: Script,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = formats();
    let t = |s: &str| script.text(s).into_owned();
    let period = t(&format!(
        "{} 至 {}",
        zh_date(r.query.period.from),
        zh_date(r.query.period.to)
    ));
    let office = office.map_or_else(|| t("招商引资"), str::to_string);
    // Summary.
    {
        let ws = book.add_worksheet();
        ws.set_name(t("汇总"))?;
        ws.set_column_width(0, 30)?;
        for c in 1..=3 {
            ws.set_column_width(c, 14)?;
        }
        let title = format!("{office}{}", t("工作调度表"));
        ws.merge_range(0, 0, 0, 3, &title, &f.title)?;
        let span = format!("{}{period}", t("统计区间："));
        ws.merge_range(1, 0, 1, 3, &span, &Format::new())?;
        let mut text = r.briefing.clone();
        for s in &r.briefing_details {
            text.push('\n');
            text.push_str(s);
        }
        ws.set_row_height(2, 18.0 * (1 + r.briefing_details.len()) as f64)?;
        ws.merge_range(2, 0, 2, 3, &t(&text), &f.wrap)?;
        let header_row = 4;
        for (c, h) in ["指标", "本期", "去年同期", "同比"].iter().enumerate() {
            ws.write_string_with_format(header_row, c as u16, t(h), &f.head)?;
        }
        for (i, (label, get, is_money)) in metric_rows().into_iter().enumerate() {
            let row = header_row + 1 + i as u32;
            let now = get(&r.metrics);
            let before = get(&r.previous_year);
            let fmt = if is_money { &f.money } else { &f.int };
            ws.write_string_with_format(row, 0, t(label), &f.text)?;
            ws.write_number_with_format(row, 1, now, fmt)?;
            ws.write_number_with_format(row, 2, before, fmt)?;
            match change_percent(now, before) {
                Some(pct) => ws.write_number_with_format(row, 3, pct / 100.0, &f.pct)?,
                None => ws.write_string_with_format(row, 3, "—", &f.text)?,
            };
        }
        let mut row = header_row + 2 + metric_rows().len() as u32;
        if !r.targets.is_empty() {
            for (c, h) in ["目标", "完成", "目标值", "完成率"].iter().enumerate() {
                ws.write_string_with_format(row, c as u16, t(h), &f.head)?;
            }
            for target in &r.targets {
                row += 1;
                ws.write_string_with_format(row, 0, t(&target.label), &f.text)?;
                ws.write_number_with_format(row, 1, target.actual as f64, &f.int)?;
                ws.write_number_with_format(row, 2, target.target.value as f64, &f.int)?;
                ws.write_number_with_format(row, 3, target.ratio, &f.pct)?;
            }
        }
    }
    breakdown_sheet(
        &mut book,
        &f,
        script,
        "按来源区域",
        "来源区域",
        &r.by_region_group,
        &period,
        true,
    )?;
    breakdown_sheet(
        &mut book,
        &f,
        script,
        "按产业",
        "产业",
        &r.by_industry,
        &period,
        true,
    )?;
    if r.by_chain.iter().any(|b| b.id.is_some()) {
        breakdown_sheet(
            &mut book,
            &f,
            script,
            "按产业链",
            "产业链",
            &r.by_chain,
            &period,
            true,
        )?;
    }
    if r.by_park.iter().any(|b| b.id.is_some()) {
        crate::io::park_sheet::write(&mut book, &f, script, &r.by_park, &period)?;
    }
    if r.investment_plan.projects > 0 {
        crate::io::plan_sheet::write(&mut book, script, &r.investment_plan)?;
    }
    breakdown_sheet(
        &mut book,
        &f,
        script,
        "按招商团队",
        "招商团队",
        &r.by_team,
        &period,
        false,
    )?;
    // Months, with a line chart.
    {
        let ws = book.add_worksheet();
        let sheet = t("月度");
        ws.set_name(&sheet)?;
        let heads = [
            "月份",
            "招商次数",
            "对接洽谈",
            "签约项目",
            "签约总投资（万元）",
            "落地开工",
        ];
        for (c, h) in heads.iter().enumerate() {
            let h = t(h);
            ws.write_string_with_format(0, c as u16, &h, &f.head)?;
            ws.set_column_width(c as u16, text_width(&h) + 4.0)?;
        }
        for (i, m) in r.monthly.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string_with_format(row, 0, t(&m.month), &f.text)?;
            ws.write_number_with_format(row, 1, m.trips as f64, &f.int)?;
            ws.write_number_with_format(row, 2, m.contacted as f64, &f.int)?;
            ws.write_number_with_format(row, 3, m.signed as f64, &f.int)?;
            ws.write_number_with_format(row, 4, wan(m.signed_investment), &f.money)?;
            ws.write_number_with_format(row, 5, m.started as f64, &f.int)?;
        }
        if !r.monthly.is_empty() {
            let last = r.monthly.len() as u32;
            let mut chart = Chart::new(ChartType::Line);
            chart.title().set_name(&t("逐月进展"));
            for (col, name) in [
                (1u16, "招商次数"),
                (2, "对接洽谈"),
                (3, "签约项目"),
                (5, "落地开工"),
            ] {
                chart
                    .add_series()
                    .set_name(&t(name))
                    .set_categories((sheet.as_str(), 1, 0, last, 0))
                    .set_values((sheet.as_str(), 1, col, last, col));
            }
            ws.insert_chart(1, 7, &chart)?;
        }
    }
    book.save_to_buffer()
}

#[allow(clippy::too_many_arguments)]
fn breakdown_sheet(
    book: &mut Workbook,
    f: &Formats,
    script: Script,
    sheet: &str,
    what: &str,
    rows: &[BreakdownRow],
    period: &str,
    chart: bool,
) -> std::result::Result<(), XlsxError> {
    let t = |s: &str| script.text(s).into_owned();
    let sheet = t(sheet);
    let sheet = sheet.as_str();
    let ws: &mut Worksheet = book.add_worksheet();
    ws.set_name(sheet)?;
    let heads = [
        what,
        "招商次数",
        "对接洽谈",
        "签约项目",
        "签约总投资（万元）",
        "签约占比",
        "投资占比",
        "落地开工",
        "新开工",
        "复工",
        "续建",
        "投产",
        "在谈（期末）",
        "储备（期末）",
        "重点项目",
    ]
    .map(t);
    let labels: Vec<String> = rows.iter().map(|b| t(&b.label)).collect();
    ws.merge_range(
        0,
        0,
        0,
        heads.len() as u16 - 1,
        &format!("{sheet}（{period}）"),
        &f.title,
    )?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &f.head)?;
        let content = if c == 0 {
            labels.iter().map(|l| text_width(l)).fold(0.0, f64::max)
        } else {
            0.0
        };
        ws.set_column_width(c as u16, (text_width(h) + 2.0).max(content + 2.0).max(9.0))?;
    }
    for (i, b) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        let m = &b.metrics;
        ws.write_string_with_format(row, 0, &labels[i], &f.text)?;
        let ints = [m.trips, m.contacted, m.signed];
        for (c, v) in ints.iter().enumerate() {
            ws.write_number_with_format(row, c as u16 + 1, *v as f64, &f.int)?;
        }
        ws.write_number_with_format(row, 4, wan(m.signed_investment), &f.money)?;
        ws.write_number_with_format(row, 5, b.signed_share, &f.pct)?;
        ws.write_number_with_format(row, 6, b.investment_share, &f.pct)?;
        let rest = [
            m.started,
            m.started_new,
            m.started_resumed,
            m.started_continued,
            m.operating,
            m.negotiating_at_end,
            m.lead_at_end,
            m.key_projects,
        ];
        for (c, v) in rest.iter().enumerate() {
            ws.write_number_with_format(row, c as u16 + 7, *v as f64, &f.int)?;
        }
    }
    ws.set_freeze_panes(2, 1)?;
    if chart && !rows.is_empty() {
        let last = rows.len() as u32 + 1;
        let mut c = Chart::new(ChartType::Column);
        c.title().set_name(&format!("{sheet}{}", t("：签约与开工")));
        c.add_series()
            .set_name(&t("签约项目"))
            .set_categories((sheet, 2, 0, last, 0))
            .set_values((sheet, 2, 3, last, 3));
        c.add_series()
            .set_name(&t("落地开工"))
            .set_categories((sheet, 2, 0, last, 0))
            .set_values((sheet, 2, 7, last, 7));
        ws.insert_chart(last + 2, 0, &c)?;
    }
    Ok(())
}

impl Ledger {
    /// Every project the filter matches (paging ignored), in ledger layout.
    pub fn export_rows(&self, filter: &ProjectFilter) -> Result<Vec<LedgerRow>> {
        ledger_rows(self.connection(), filter)
    }

    /// 导出台账: the filtered project list as an .xlsx in ledger layout.
    pub fn export_projects_xlsx(&self, filter: &ProjectFilter) -> Result<Vec<u8>> {
        self.export_projects_xlsx_in(filter, Script::Simplified)
    }

    /// 导出台账 with the headers and fixed words in `script` (繁體 for a zh-TW user).
    pub fn export_projects_xlsx_in(
        &self,
        filter: &ProjectFilter,
        script: Script,
    ) -> Result<Vec<u8>> {
        let rows = self.export_rows(filter)?;
        let t = |s: &str| script.text(s).into_owned();
        let office = self.office_name()?.unwrap_or_else(|| t("招商引资"));
        let title = format!(
            "{office}{}",
            t(&format!("项目台账（导出于{}）", zh_date(self.today())))
        );
        ledger_xlsx_in(&rows, &title, script)
    }

    /// The filtered project list as CSV (UTF-8 with BOM).
    pub fn export_projects_csv(&self, filter: &ProjectFilter) -> Result<Vec<u8>> {
        self.export_projects_csv_in(filter, Script::Simplified)
    }

    /// The CSV with its headers and fixed words in `script`.
    pub fn export_projects_csv_in(
        &self,
        filter: &ProjectFilter,
        script: Script,
    ) -> Result<Vec<u8>> {
        Ok(ledger_csv_in(&self.export_rows(filter)?, script))
    }

    /// 调度表: the report of a period as a workbook.
    pub fn export_report_xlsx(&self, query: &ReportQuery) -> Result<Vec<u8>> {
        self.export_report_xlsx_in(query, Script::Simplified)
    }

    /// 调度表 in `script`: 繁體 titles, headers, labels and briefing for a zh-TW user.
    pub fn export_report_xlsx_in(&self, query: &ReportQuery, script: Script) -> Result<Vec<u8>> {
        let report = self.report(query)?;
        report_xlsx_in(&report, self.office_name()?.as_deref(), script)
    }
}

//! 出访报告 (issue 15 item 5): the 外出招商 of a period (or one trip) with their 出访详情, as a
//! printable .xlsx: one row per trip (日期, 团组名称, 带队领导, 成员, 出访地, 拜访企业, 取得成果,
//! 下一步打算, 关联项目), landscape A4 fitted to the page width, the header row repeated on every
//! page, long text wrapped.
//!
//! A period without any 外出招商 gives no file but a refusal that says so (at `period`): an
//! empty report is nothing an office would print.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::io::traditional::Script;
use crate::ledger::Ledger;
use crate::model::{Activity, ActivityKind};
use crate::reports::period::Period;
use crate::util::zh_date;

/// Which trips a report holds: one activity, or every 外出招商 of a period (optionally of one
/// team: the team the trip counts for, that of its first officer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TripReportQuery {
    /// One trip: this activity (`period` and `team_id` are then ignored).
    pub activity_id: Option<String>,
    pub period: Option<Period>,
    pub team_id: Option<String>,
}

/// One trip as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TripRow {
    pub activity_id: String,
    pub occurred_on: NaiveDate,
    pub trip_group: Option<String>,
    pub trip_leader: Option<String>,
    /// The linked officers' names, then the free-text 成员.
    pub members: String,
    /// 出访地: the place, and the destination's name when the place does not already say it.
    pub destination: String,
    /// 拜访企业: the linked companies' names, then the free text.
    pub companies: String,
    pub outcomes: Option<String>,
    pub next_steps: Option<String>,
    /// 关联项目: the linked projects' names.
    pub projects: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TripReport {
    pub title: String,
    pub rows: Vec<TripRow>,
}

/// The report's columns (after 序号) and their widths in Excel units.
pub const TRIP_COLUMNS: &[(&str, f64)] = &[
    ("日期", 11.0),
    ("团组名称", 16.0),
    ("带队领导", 10.0),
    ("成员", 16.0),
    ("出访地", 16.0),
    ("拜访企业", 24.0),
    ("取得成果", 32.0),
    ("下一步打算", 26.0),
    ("关联项目", 20.0),
];

fn joined(parts: impl IntoIterator<Item = String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        let p = p.trim().to_string();
        if !p.is_empty() && !out.contains(&p) {
            out.push(p);
        }
    }
    out.join("、")
}

fn name_of(conn: &Connection, table: &str, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(&format!("SELECT name FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn names(conn: &Connection, table: &str, ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(n) = name_of(conn, table, id)? {
            out.push(n);
        }
    }
    Ok(out)
}

fn row(conn: &Connection, a: &Activity) -> Result<TripRow> {
    let members = joined(
        names(conn, "officers", &a.officer_ids)?
            .into_iter()
            .chain(a.trip_members.clone()),
    );
    let division = match &a.destination_code {
        Some(code) => crate::reference::divisions::get(conn, code)?.map(|d| d.full_name),
        None => None,
    };
    let place = a.place.clone().unwrap_or_default();
    let destination = match division {
        Some(d) if !place.contains(&d.replace(' ', "")) => {
            format!("{} {place}", d.replace(' ', "")).trim().to_string()
        }
        _ => place,
    };
    let companies = joined(
        names(conn, "companies", &a.company_ids)?
            .into_iter()
            .chain(a.visited_companies.clone()),
    );
    Ok(TripRow {
        activity_id: a.id.clone(),
        occurred_on: a.occurred_on,
        trip_group: a.trip_group.clone(),
        trip_leader: a.trip_leader.clone(),
        members,
        destination,
        companies,
        outcomes: a.outcomes.clone(),
        next_steps: a.next_steps.clone(),
        projects: joined(names(conn, "projects", &a.project_ids)?),
    })
}

/// The trips `q` asks for, oldest first, with the report's title.
pub fn trip_report(conn: &Connection, q: &TripReportQuery, office: &str) -> Result<TripReport> {
    if let Some(id) = q.activity_id.as_deref() {
        let a = crate::activities::get(conn, id)?;
        let what = a
            .trip_group
            .clone()
            .unwrap_or_else(|| format!("{}{}", zh_date(a.occurred_on), a.kind.label()));
        return Ok(TripReport {
            title: format!("{office}出访报告（{what}）"),
            rows: vec![row(conn, &a)?],
        });
    }
    let Some(period) = q.period else {
        return Err(Error::invalid(
            "period",
            "请选择出访报告的起止日期，或选择一次外出招商。",
        ));
    };
    let period = Period::new(period.from, period.to)?;
    let team = match q.team_id.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => Some((
            t.to_string(),
            name_of(conn, "teams", t)?
                .ok_or_else(|| Error::invalid("team_id", "所选团队不存在或已删除，请重新选择。"))?,
        )),
        None => None,
    };
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM activities
             WHERE deleted_at IS NULL AND kind = ?1 AND occurred_on BETWEEN ?2 AND ?3
               AND (?4 IS NULL OR team_id = ?4)
             ORDER BY occurred_on, created_at, id",
        )?
        .query_map(
            params![
                ActivityKind::OutboundTrip,
                period.from,
                period.to,
                team.as_ref().map(|t| &t.0)
            ],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let span = format!("{}至{}", zh_date(period.from), zh_date(period.to));
    let team_name = team.map(|t| t.1).unwrap_or_default();
    if ids.is_empty() {
        return Err(Error::invalid(
            "period",
            format!("{span}{team_name}没有外出招商记录，未生成出访报告。"),
        ));
    }
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        rows.push(row(conn, &crate::activities::get(conn, id)?)?);
    }
    Ok(TripReport {
        title: format!("{office}{team_name}出访报告（{span}）"),
        rows,
    })
}

/// The file name (without extension) a report is saved under.
pub fn trip_report_stem(q: &TripReportQuery, report: &TripReport) -> String {
    match (&q.activity_id, q.period, report.rows.first()) {
        (None, Some(p), _) => format!(
            "出访报告-{}至{}",
            p.from.format("%Y%m%d"),
            p.to.format("%Y%m%d")
        ),
        (_, _, Some(r)) => format!("出访报告-{}", r.occurred_on.format("%Y-%m-%d")),
        _ => "出访报告".to_string(),
    }
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Conflict(format!("生成 Excel 文件失败：{e}"))
}

/// The report as a printable workbook, its fixed words in `script` (the title as given, the
/// trips' data as entered).
pub fn trip_report_xlsx(report: &TripReport, script: Script) -> Result<Vec<u8>> {
    build(report, script).map_err(xlsx_error)
}

fn build(report: &TripReport, script: Script) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let border = |f: Format| {
        f.set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_text_wrap()
    };
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let note = Format::new().set_align(FormatAlign::Right);
    let head = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let cell = border(Format::new());
    let center = border(Format::new().set_align(FormatAlign::Center));
    let ws = book.add_worksheet();
    ws.set_name(script.text("出访报告"))?;
    let ncols = TRIP_COLUMNS.len() as u16 + 1;
    ws.set_column_width(0, 6.0)?;
    for (j, (_, w)) in TRIP_COLUMNS.iter().enumerate() {
        ws.set_column_width(j as u16 + 1, *w)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, ncols - 1, &report.title, &title)?;
    let count = format!("共 {} 次外出招商", report.rows.len());
    ws.merge_range(1, 0, 1, ncols - 1, &script.text(&count), &note)?;
    ws.write_string_with_format(2, 0, script.text("序号"), &head)?;
    for (j, (h, _)) in TRIP_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(2, j as u16 + 1, script.text(h), &head)?;
    }
    for (i, r) in report.rows.iter().enumerate() {
        let row = i as u32 + 3;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &center)?;
        let date = r.occurred_on.format("%Y-%m-%d").to_string();
        let cells: [&str; 9] = [
            &date,
            r.trip_group.as_deref().unwrap_or(""),
            r.trip_leader.as_deref().unwrap_or(""),
            &r.members,
            &r.destination,
            &r.companies,
            r.outcomes.as_deref().unwrap_or(""),
            r.next_steps.as_deref().unwrap_or(""),
            &r.projects,
        ];
        for (j, text) in cells.iter().enumerate() {
            ws.write_string_with_format(row, j as u16 + 1, *text, &cell)?;
        }
    }
    // Print: landscape A4, one page wide, the header row on every page, page numbers.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(2, 2)?;
    ws.set_footer(script.text("&C第 &P 页，共 &N 页").into_owned());
    ws.set_freeze_panes(3, 0)?;
    book.save_to_buffer()
}

impl Ledger {
    /// 出访报告: the trips `q` asks for, with the title.
    pub fn trip_report(&self, q: &TripReportQuery) -> Result<TripReport> {
        let office = self.office_name()?.unwrap_or_default();
        trip_report(self.connection(), q, &office)
    }

    /// 出访报告 as a printable .xlsx in `script`; returns the file's name (without extension)
    /// and its bytes.
    pub fn export_trip_report_xlsx(
        &self,
        q: &TripReportQuery,
        script: Script,
    ) -> Result<(String, Vec<u8>)> {
        let mut report = self.trip_report(q)?;
        report.title = script.text(&report.title).into_owned();
        let bytes = trip_report_xlsx(&report, script)?;
        Ok((trip_report_stem(q, &report), bytes))
    }
}

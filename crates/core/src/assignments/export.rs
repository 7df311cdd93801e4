//! The 督办 list as an .xlsx (the house style of `io::export`): a title with the date, a
//! bordered header, dates as dates, overdue rows' 催办/督办 in red; set up to print on A4
//! landscape, one page wide, the header repeated on every page.

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::overdue::AssignmentRow;
use crate::error::{Error, Result};
use crate::io::export::text_width;
use crate::util::zh_date;

/// The columns, in order, with their minimum widths.
pub const COLUMNS: &[(&str, f64)] = &[
    ("序号", 6.0),
    ("项目", 24.0),
    ("交办事项", 36.0),
    ("承办人/包保领导", 14.0),
    ("交办日期", 12.0),
    ("办理时限", 12.0),
    ("状态", 8.0),
    ("催办/督办", 10.0),
    ("逾期天数", 9.0),
    ("办理结果", 36.0),
];

/// The title: 督办清单（截至2026年12月6日）.
pub fn title(today: NaiveDate) -> String {
    format!("督办清单（截至{}）", zh_date(today))
}

pub fn assignments_xlsx(rows: &[AssignmentRow], today: NaiveDate) -> Result<Vec<u8>> {
    build(rows, today).map_err(|e| Error::Conflict(format!("生成 Excel 文件失败：{e}")))
}

fn excel_date(d: NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn build(rows: &[AssignmentRow], today: NaiveDate) -> std::result::Result<Vec<u8>, XlsxError> {
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
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let centered = cell.clone().set_align(FormatAlign::Center);
    let date = centered.clone().set_num_format("yyyy-mm-dd");
    let alarm = centered.clone().set_bold().set_font_color("#C00000");
    let ws = book.add_worksheet();
    ws.set_name("督办清单")?;
    let ncols = COLUMNS.len() as u16;
    let mut widths: Vec<f64> = COLUMNS
        .iter()
        .map(|(h, w)| w.max(text_width(h) + 2.0))
        .collect();
    for r in rows {
        let texts = [(1, r.project_name.as_str()), (3, r.assignee_name.as_str())];
        for (j, t) in texts {
            widths[j] = widths[j].max((text_width(t) + 2.0).min(40.0));
        }
    }
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, ncols - 1, &title(today), &title_format)?;
    for (j, (h, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(1, j as u16, *h, &head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        let a = &r.assignment;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &centered)?;
        ws.write_string_with_format(row, 1, &r.project_name, &cell)?;
        ws.write_string_with_format(row, 2, &a.task, &cell)?;
        ws.write_string_with_format(row, 3, &r.assignee_name, &centered)?;
        ws.write_datetime_with_format(row, 4, excel_date(a.assigned_on)?, &date)?;
        ws.write_datetime_with_format(row, 5, excel_date(a.due_on)?, &date)?;
        ws.write_string_with_format(row, 6, a.status.label(), &centered)?;
        match r.urgency {
            Some(u) => ws.write_string_with_format(row, 7, u.label(), &alarm)?,
            None => ws.write_blank(row, 7, &centered)?,
        };
        match r.overdue_days {
            Some(d) => ws.write_number_with_format(row, 8, d as f64, &alarm)?,
            None => ws.write_blank(row, 8, &centered)?,
        };
        ws.write_string_with_format(row, 9, a.result.as_deref().unwrap_or(""), &cell)?;
    }
    let last = rows.len() as u32 + 1;
    ws.set_freeze_panes(2, 0)?;
    ws.autofilter(1, 0, last, ncols - 1)?;
    // Print: A4 landscape, one page wide, title and header on every page, page numbers.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 1)?;
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_print_area(0, 0, last, ncols - 1)?;
    book.save_to_buffer()
}

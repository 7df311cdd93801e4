//! The 调度表's 重点项目建设调度 sheet: per 园区, the period's 新建, 续建 and 复工 projects with
//! their 总投资, 投产, and the 储备 (not yet started) projects at the period's end — the figures
//! of «某园区新建项目X个、总投资Y亿元，续建项目Z个…，储备项目W个».

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::io::export::Formats;
use crate::io::traditional::Script;
use crate::reports::report::BreakdownRow;
use crate::util::YI;

pub(crate) const SHEET: &str = "按园区";

pub(crate) fn write(
    book: &mut Workbook,
    f: &Formats,
    script: Script,
    rows: &[BreakdownRow],
    period: &str,
) -> Result<(), XlsxError> {
    let t = |s: &str| script.text(s).into_owned();
    let ws = book.add_worksheet();
    ws.set_name(t(SHEET))?;
    let heads = [
        "园区",
        "新建项目",
        "新建总投资（亿元）",
        "续建项目",
        "续建总投资（亿元）",
        "复工项目",
        "复工总投资（亿元）",
        "投产项目",
        "储备项目（未开工，期末）",
        "储备总投资（亿元）",
        "签约项目",
        "签约占比",
    ]
    .map(t);
    // `period` comes converted already.
    let title = format!("{}{period}）", t("重点项目建设调度（按园区，"));
    ws.merge_range(0, 0, 0, heads.len() as u16 - 1, &title, &f.title)?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &f.head)?;
        ws.set_column_width(c as u16, if c == 0 { 24.0 } else { 12.0 })?;
    }
    let yi = |v: i64| v as f64 / YI as f64;
    for (i, b) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        let m = &b.metrics;
        ws.write_string_with_format(row, 0, t(&b.label), &f.text)?;
        let cells: [(f64, bool); 10] = [
            (m.started_new as f64, false),
            (yi(m.started_new_investment), true),
            (m.continued as f64, false),
            (yi(m.continued_investment), true),
            (m.started_resumed as f64, false),
            (yi(m.started_resumed_investment), true),
            (m.operating as f64, false),
            (m.not_started_at_end as f64, false),
            (yi(m.not_started_investment), true),
            (m.signed as f64, false),
        ];
        for (c, (v, money)) in cells.iter().enumerate() {
            let fmt = if *money { &f.money } else { &f.int };
            ws.write_number_with_format(row, c as u16 + 1, *v, fmt)?;
        }
        ws.write_number_with_format(row, 11, b.signed_share, &f.pct)?;
    }
    ws.set_freeze_panes(2, 1)?;
    Ok(())
}

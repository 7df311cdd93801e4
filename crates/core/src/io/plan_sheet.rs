//! The 调度表's 年度投资 sheet: per project, 年度计划投资, 累计完成投资 (at the period's last
//! month), 完成率 and 形象进度, with the totals — the figures of «年度计划投资X亿元，1-6月完成投资
//! Y亿元，完成率Z%».

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::io::traditional::Script;
use crate::reports::plans::InvestmentPlan;
use crate::util::WAN;

pub(crate) const SHEET: &str = "年度投资";

/// The sheet, its titles, headers and labels in `script` (the projects' data as entered).
pub(crate) fn write(
    book: &mut Workbook,
    script: Script,
    plan: &InvestmentPlan,
) -> Result<(), XlsxError> {
    let t = |s: &str| script.text(s).into_owned();
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);
    let head = border(
        Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
    );
    let text = border(Format::new());
    let money = border(Format::new().set_num_format("#,##0.00"));
    let pct = border(Format::new().set_num_format("0.0%"));
    let bold_money = border(Format::new().set_bold().set_num_format("#,##0.00"));
    let bold_pct = border(Format::new().set_bold().set_num_format("0.0%"));
    let bold_text = border(Format::new().set_bold());

    let ws = book.add_worksheet();
    ws.set_name(t(SHEET))?;
    let heads = [
        t("项目名称"),
        t("产业"),
        t("所在园区"),
        t(&format!("{}年计划投资（万元）", plan.year)),
        t(&format!("{}完成投资（万元，年初累计）", plan.months_label)),
        t("完成率"),
        t("形象进度"),
    ];
    ws.merge_range(
        0,
        0,
        0,
        heads.len() as u16 - 1,
        &t(&format!(
            "{}年重点项目年度投资完成情况（{}）",
            plan.year, plan.months_label
        )),
        &title,
    )?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &head)?;
        let width = match c {
            0 => 30.0,
            6 => 30.0,
            1 | 2 => 16.0,
            _ => 14.0,
        };
        ws.set_column_width(c as u16, width)?;
    }
    let wan = |v: i64| v as f64 / WAN as f64;
    let mut row = 2;
    for l in &plan.lines {
        ws.write_string_with_format(row, 0, &l.project_name, &text)?;
        ws.write_string_with_format(row, 1, l.industry.as_deref().unwrap_or(""), &text)?;
        ws.write_string_with_format(row, 2, l.park.as_deref().unwrap_or(""), &text)?;
        match l.planned {
            Some(p) => ws.write_number_with_format(row, 3, wan(p), &money)?,
            None => ws.write_string_with_format(row, 3, "", &text)?,
        };
        ws.write_number_with_format(row, 4, wan(l.completed), &money)?;
        match l.completion_rate {
            Some(r) => ws.write_number_with_format(row, 5, r, &pct)?,
            None => ws.write_string_with_format(row, 5, "—", &text)?,
        };
        ws.write_string_with_format(row, 6, l.progress.as_deref().unwrap_or(""), &text)?;
        row += 1;
    }
    ws.write_string_with_format(
        row,
        0,
        t(&format!("合计（{}个项目）", plan.projects)),
        &bold_text,
    )?;
    ws.write_string_with_format(row, 1, "", &bold_text)?;
    ws.write_string_with_format(row, 2, "", &bold_text)?;
    ws.write_number_with_format(row, 3, wan(plan.planned), &bold_money)?;
    ws.write_number_with_format(row, 4, wan(plan.completed), &bold_money)?;
    ws.write_number_with_format(row, 5, plan.completion_rate, &bold_pct)?;
    ws.write_string_with_format(row, 6, "", &bold_text)?;
    // The shares of the year's plan by industry, 产业链 and park, below the projects.
    row += 2;
    for (what, shares) in [
        ("产业", &plan.by_industry),
        ("产业链", &plan.by_chain),
        ("园区", &plan.by_park),
    ] {
        if !shares.iter().any(|s| s.id.is_some()) {
            continue;
        }
        for (c, h) in [
            what,
            "项目",
            "计划投资（万元）",
            "占比",
            "完成投资（万元）",
            "完成率",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, c as u16, t(h), &head)?;
        }
        for s in shares {
            row += 1;
            ws.write_string_with_format(row, 0, t(&s.label), &text)?;
            ws.write_number_with_format(row, 1, s.projects as f64, &text)?;
            ws.write_number_with_format(row, 2, wan(s.planned), &money)?;
            ws.write_number_with_format(row, 3, s.planned_share, &pct)?;
            ws.write_number_with_format(row, 4, wan(s.completed), &money)?;
            ws.write_number_with_format(row, 5, s.completion_rate, &pct)?;
        }
        row += 2;
    }
    Ok(())
}

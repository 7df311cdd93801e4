//! 招商员绩效比拼表: the period's scores as an .xlsx workbook. A 总表 sheet ranks the teams
//! (and lists every officer's rank), then one sheet per team: its officers with their counts
//! per activity kind, the leader bonus, stage points, deductions, total and 排名 within the
//! team. Row 1 is the title, row 2 the header, officers from row 3 (house style of io::export).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::scores::{OfficerScore, Scores};
use crate::error::{Error, Result};
use crate::io::export::text_width;
use crate::ledger::Ledger;
use crate::model::ActivityKind;

fn xlsx_error(e: XlsxError) -> Error {
    Error::Conflict(format!("生成 Excel 文件失败：{e}"))
}

struct Formats {
    title: Format,
    head: Format,
    text: Format,
    num: Format,
}

fn formats() -> Formats {
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        head: Format::new()
            .set_bold()
            .set_background_color("#DDEBF7")
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
        text: border(Format::new()),
        num: border(Format::new().set_num_format("0.##")),
    }
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let base = if clean.trim().is_empty() {
        "团队".to_string()
    } else {
        clean
    };
    let mut out = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t == &out) || out == "总表" {
        out = format!("{base}{n}");
        n += 1;
    }
    taken.push(out.clone());
    out
}

/// The officers' sheet columns.
pub fn officer_headers() -> Vec<String> {
    let mut h = vec!["排名".to_string(), "姓名".to_string()];
    h.extend(
        ActivityKind::ALL
            .iter()
            .map(|k| format!("{}（次）", k.label())),
    );
    h.extend(
        ["领导带队（次）", "活动得分", "阶段得分", "扣分", "总分"]
            .iter()
            .map(|s| s.to_string()),
    );
    h
}

fn header(ws: &mut Worksheet, title: &str, heads: &[String], f: &Formats) -> Result<()> {
    let last = heads.len().saturating_sub(1) as u16;
    ws.merge_range(0, 0, 0, last, title, &f.title)
        .map_err(xlsx_error)?;
    ws.set_row_height(0, 30).map_err(xlsx_error)?;
    for (j, h) in heads.iter().enumerate() {
        ws.write_with_format(1, j as u16, h, &f.head)
            .map_err(xlsx_error)?;
        ws.set_column_width(j as u16, (text_width(h) + 2.0).max(8.0))
            .map_err(xlsx_error)?;
    }
    ws.set_freeze_panes(2, 2).map_err(xlsx_error)?;
    Ok(())
}

fn officer_row(
    ws: &mut Worksheet,
    row: u32,
    rank: u32,
    o: &OfficerScore,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    ws.write_with_format(row, 0, rank, &f.num)?;
    let name = match o.retired_on {
        Some(_) => format!("{}（离岗）", o.name),
        None => o.name.clone(),
    };
    ws.write_with_format(row, 1, name, &f.text)?;
    let mut c = 2u16;
    for k in &o.activities {
        ws.write_with_format(row, c, k.count, &f.num)?;
        c += 1;
    }
    for v in [
        o.leader_led as f64,
        o.activity_points,
        o.stage_points,
        o.deductions,
        o.total,
    ] {
        ws.write_with_format(row, c, v, &f.num)?;
        c += 1;
    }
    Ok(())
}

/// The 比拼表 workbook of `scores`; `office` prefixes the title when known.
pub fn ranking_xlsx(scores: &Scores, office: Option<&str>) -> Result<Vec<u8>> {
    let f = formats();
    let mut wb = Workbook::new();
    let title = format!(
        "{}招商员绩效比拼表（{}）",
        office.unwrap_or(""),
        scores.label
    );
    let mut taken = Vec::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name("总表").map_err(xlsx_error)?;
        let heads: Vec<String> = ["排名", "团队", "人数", "总分", "人均"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        header(ws, &format!("{title} 团队排名"), &heads, &f)?;
        for (i, t) in scores.teams.iter().enumerate() {
            let r = 2 + i as u32;
            let mean = if t.officers > 0 {
                t.total / t.officers as f64
            } else {
                0.0
            };
            (|| -> std::result::Result<(), XlsxError> {
                ws.write_with_format(r, 0, t.rank, &f.num)?;
                ws.write_with_format(r, 1, &t.name, &f.text)?;
                ws.write_with_format(r, 2, t.officers, &f.num)?;
                ws.write_with_format(r, 3, t.total, &f.num)?;
                ws.write_with_format(r, 4, (mean * 100.0).round() / 100.0, &f.num)?;
                Ok(())
            })()
            .map_err(xlsx_error)?;
        }
        ws.set_column_width(1, 20).map_err(xlsx_error)?;
    }
    for t in &scores.teams {
        let members: Vec<&OfficerScore> = scores
            .officers
            .iter()
            .filter(|o| match &t.team_id {
                Some(id) => o.team_id.as_ref() == Some(id),
                None => !scores
                    .teams
                    .iter()
                    .any(|x| x.team_id.is_some() && x.team_id == o.team_id),
            })
            .collect();
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.name, &mut taken))
            .map_err(xlsx_error)?;
        header(ws, &format!("{title} {}", t.name), &officer_headers(), &f)?;
        ws.set_column_width(1, 12).map_err(xlsx_error)?;
        // Rank within the team: officers are already sorted best first.
        let totals: Vec<f64> = members.iter().map(|o| o.total).collect();
        let mut rank = 0;
        for (i, o) in members.iter().enumerate() {
            if i == 0 || (totals[i - 1] - totals[i]).abs() > 1e-9 {
                rank = i as u32 + 1;
            }
            officer_row(ws, 2 + i as u32, rank, o, &f).map_err(xlsx_error)?;
        }
    }
    wb.save_to_buffer().map_err(xlsx_error)
}

impl Ledger {
    /// The 比拼表 of a month or a year as .xlsx bytes.
    pub fn export_ranking_xlsx(&self, query: super::ScoreQuery) -> Result<Vec<u8>> {
        let scores = self.scores(query)?;
        ranking_xlsx(&scores, self.office_name()?.as_deref())
    }
}

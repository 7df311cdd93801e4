//! Writes the multi-row-header fixtures (run from the repo root):
//! `cargo run -p zhaoshang-core --example make_header_fixtures`.
//!
//! - `activities_two_row_header.xlsx`: a 招商活动台账 as offices keep it: a merged title row
//!   「2022年上半年外出招商活动台账」, a 「填报单位：…  填报时间：…」 row, then a two-row header
//!   with real merged ranges: 序号, 活动时间, 活动类型, 地点 and 活动内容, 备注 merged down over
//!   both rows; 「对接情况」 merged across 「对接企业」「洽谈项目」, 「参加人员」 across
//!   「带队领导」「责任人」. Five activities (dates as Excel dates and as text), a 合计 row.
//! - `activities_two_row_header.csv`: the same sheet in GBK as WPS saves it: no merge
//!   information, a merged cell's text in its first cell only.
//! - `companies_two_row_header.xlsx`: a 企业名录 the same way: title, 填报 row, 序号 and 备注
//!   merged down, 「企业基本信息」 merged across 企业名称, 统一社会信用代码, 所属行业, 注册地,
//!   「联系方式」 across 联系人, 联系电话. Four companies, a 合计 row.
//! - `companies_two_row_header.csv`: the same in UTF-8 with a BOM.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use zhaoshang_core::companies::credit_code::with_check_char;

/// One header column: (group over it, its own name). A column without a group is merged down
/// over both header rows.
type Head = (Option<&'static str>, &'static str);

const ACTIVITY_HEAD: [Head; 10] = [
    (None, "序号"),
    (None, "活动时间"),
    (None, "活动类型"),
    (None, "地点"),
    (Some("对接情况"), "对接企业"),
    (Some("对接情况"), "洽谈项目"),
    (Some("参加人员"), "带队领导"),
    (Some("参加人员"), "责任人"),
    (None, "活动内容"),
    (None, "备注"),
];

/// (序号, date: Excel date or text, kind, place, companies, projects, leader, officers, content,
/// notes)
type ActivityRow = (
    &'static str,
    Result<(u16, u8, u8), &'static str>,
    [&'static str; 8],
);

const ACTIVITIES: [ActivityRow; 5] = [
    (
        "1",
        Ok((2022, 3, 2)),
        [
            "外出招商",
            "北京市海淀区",
            "北京华夏汽车科技有限公司",
            "新能源汽车零部件产业园",
            "张伟",
            "赵强",
            "拜访华夏汽车总部，洽谈零部件产业园落地",
            "",
        ],
    ),
    (
        "2",
        Err("2022/3/15"),
        [
            "来访接待",
            "凌源市",
            "凌源钢铁股份有限公司",
            "",
            "李明",
            "王磊、刘洋",
            "凌钢来访考察经济开发区",
            "二次对接",
        ],
    ),
    (
        "3",
        Ok((2022, 4, 8)),
        [
            "视频洽谈",
            "",
            "天津绿能新能源有限公司",
            "",
            "",
            "赵强",
            "视频洽谈储能项目选址",
            "",
        ],
    ),
    (
        "4",
        Err("2022年5月20日"),
        [
            "推介会",
            "天津市",
            "天津绿能新能源有限公司、北京华夏汽车科技有限公司",
            "",
            "张伟",
            "王磊",
            "京津冀产业转移（天津）推介会",
            "",
        ],
    ),
    (
        "5",
        Err("2022.6.28"),
        [
            "签约仪式",
            "凌源市",
            "凌源钢铁股份有限公司",
            "",
            "李明",
            "王磊",
            "精密铸件扩产项目签约",
            "市长出席",
        ],
    ),
];

const COMPANY_HEAD: [Head; 8] = [
    (None, "序号"),
    (Some("企业基本信息"), "企业名称"),
    (Some("企业基本信息"), "统一社会信用代码"),
    (Some("企业基本信息"), "所属行业"),
    (Some("企业基本信息"), "注册地"),
    (Some("联系方式"), "联系人"),
    (Some("联系方式"), "联系电话"),
    (None, "备注"),
];

fn companies() -> Vec<[String; 8]> {
    let r = |cells: [&str; 8]| cells.map(str::to_string);
    vec![
        r([
            "1",
            "凌源钢铁股份有限公司",
            "91211300MA0Y2Q3B47",
            "钢铁",
            "辽宁省朝阳市凌源市",
            "张建国",
            "0421-6831234",
            "市级重点企业",
        ]),
        r([
            "2",
            "北京华夏汽车科技有限公司",
            &with_check_char("91110108MA01ABCD1"),
            "汽车及零部件",
            "北京市海淀区",
            "孙浩",
            "010-62881234",
            "",
        ]),
        r([
            "3",
            "天津绿能新能源有限公司",
            "",
            "新能源",
            "天津市滨海新区",
            "周敏",
            "13802212345",
            "储能二期意向",
        ]),
        r([
            "4",
            "苏州禾丰食品有限公司",
            &with_check_char("91320500MA1XYW8Q2"),
            "农产品深加工",
            "江苏省苏州市",
            "吴芳",
            "0512-65201234",
            "",
        ]),
        r(["合计", "共4家", "", "", "", "", "", ""]),
    ]
}

/// Title (merged across), a 填报 row (two merged halves), then the two-row header with real
/// merged ranges. Returns the first data row (0-based).
fn title_and_header(
    ws: &mut Worksheet,
    title: &str,
    filled_by: [&str; 2],
    head: &[Head],
) -> Result<u32, XlsxError> {
    let last = head.len() as u16 - 1;
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, last, title, &bold)?;
    let half = last / 2;
    ws.merge_range(1, 0, 1, half, filled_by[0], &Format::new())?;
    ws.merge_range(1, half + 1, 1, last, filled_by[1], &Format::new())?;
    let mut c = 0;
    while c < head.len() {
        match head[c] {
            (None, name) => {
                ws.merge_range(2, c as u16, 3, c as u16, name, &bold)?;
                c += 1;
            }
            (Some(group), _) => {
                let span = head[c..]
                    .iter()
                    .take_while(|(g, _)| *g == Some(group))
                    .count();
                ws.merge_range(2, c as u16, 2, (c + span - 1) as u16, group, &bold)?;
                for (k, (_, name)) in head[c..c + span].iter().enumerate() {
                    ws.write_string_with_format(3, (c + k) as u16, *name, &bold)?;
                }
                c += span;
            }
        }
    }
    for c in 0..head.len() {
        ws.set_column_width(c as u16, 16)?;
    }
    Ok(4)
}

/// The CSV of a sheet with this title, 填报 row and header: a merged cell's text in its first
/// cell only (as WPS and Excel save it).
fn csv(title: &str, filled_by: [&str; 2], head: &[Head], rows: &[Vec<String>]) -> String {
    let width = head.len();
    let line = |cells: Vec<String>| {
        cells
            .into_iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    let mut out = String::new();
    let mut cells = vec![String::new(); width];
    cells[0] = title.to_string();
    out.push_str(&line(cells));
    let mut cells = vec![String::new(); width];
    cells[0] = filled_by[0].to_string();
    cells[(width - 1) / 2 + 1] = filled_by[1].to_string();
    out.push_str(&line(cells));
    let upper: Vec<String> = head
        .iter()
        .enumerate()
        .map(|(c, h)| match h {
            (None, name) => name.to_string(),
            (Some(g), _) if c > 0 && head[c - 1].0 == Some(g) => String::new(),
            (Some(g), _) => g.to_string(),
        })
        .collect();
    out.push_str(&line(upper));
    let lower: Vec<String> = head
        .iter()
        .map(|h| match h {
            (None, _) => String::new(),
            (Some(_), name) => name.to_string(),
        })
        .collect();
    out.push_str(&line(lower));
    for r in rows {
        out.push_str(&line(r.clone()));
    }
    out
}

const ACTIVITY_TITLE: &str = "2022年上半年外出招商活动台账";
const ACTIVITY_FILLED_BY: [&str; 2] = ["填报单位：凌源市招商局", "填报时间：2022年7月5日"];
const COMPANY_TITLE: &str = "凌源市招商引资重点企业名录";
const COMPANY_FILLED_BY: [&str; 2] = ["填报单位：凌源市招商局", "截至2022年6月30日"];

fn activity_rows() -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = ACTIVITIES
        .iter()
        .map(|(n, date, rest)| {
            let date = match date {
                Ok((y, m, d)) => format!("{y}-{m:02}-{d:02}"),
                Err(t) => t.to_string(),
            };
            let mut r = vec![n.to_string(), date];
            r.extend(rest.iter().map(|s| s.to_string()));
            r
        })
        .collect();
    let mut total = vec![String::new(); ACTIVITY_HEAD.len()];
    total[0] = "合计".into();
    total[8] = "共5次".into();
    rows.push(total);
    rows
}

fn activities_xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("外出招商活动")?;
    let first = title_and_header(ws, ACTIVITY_TITLE, ACTIVITY_FILLED_BY, &ACTIVITY_HEAD)?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, (n, on, rest)) in ACTIVITIES.iter().enumerate() {
        let r = first + i as u32;
        ws.write_number(r, 0, n.parse::<f64>().expect("a number"))?;
        match on {
            Ok((y, m, d)) => {
                ws.write_datetime_with_format(r, 1, ExcelDateTime::from_ymd(*y, *m, *d)?, &date)?;
            }
            Err(t) => {
                ws.write_string(r, 1, *t)?;
            }
        }
        for (k, v) in rest.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, k as u16 + 2, *v)?;
            }
        }
    }
    let total = first + ACTIVITIES.len() as u32;
    ws.write_string(total, 0, "合计")?;
    ws.write_string(total, 8, "共5次")?;
    wb.save_to_buffer()
}

fn companies_xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("重点企业名录")?;
    let first = title_and_header(ws, COMPANY_TITLE, COMPANY_FILLED_BY, &COMPANY_HEAD)?;
    for (i, row) in companies().iter().enumerate() {
        let r = first + i as u32;
        for (j, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) if j == 0 => ws.write_number(r, 0, n)?,
                _ => ws.write_string(r, j as u16, v)?,
            };
        }
    }
    wb.save_to_buffer()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new("tests/fixtures");
    std::fs::write(
        dir.join("activities_two_row_header.xlsx"),
        activities_xlsx()?,
    )?;
    let text = csv(
        ACTIVITY_TITLE,
        ACTIVITY_FILLED_BY,
        &ACTIVITY_HEAD,
        &activity_rows(),
    );
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad, "fixture text is GBK-encodable");
    std::fs::write(dir.join("activities_two_row_header.csv"), gbk)?;
    std::fs::write(dir.join("companies_two_row_header.xlsx"), companies_xlsx()?)?;
    let rows: Vec<Vec<String>> = companies().into_iter().map(Vec::from).collect();
    let text = csv(COMPANY_TITLE, COMPANY_FILLED_BY, &COMPANY_HEAD, &rows);
    std::fs::write(
        dir.join("companies_two_row_header.csv"),
        format!("\u{feff}{text}"),
    )?;
    Ok(())
}

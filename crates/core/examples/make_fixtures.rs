//! Writes the import fixtures in `tests/fixtures/` (run from the repo root):
//! `cargo run -p zhaoshang-core --example make_fixtures`.
//!
//! - `ledger_merged.xlsx`: a county ledger as offices keep it: a merged title row, a 填报 row,
//!   a two-row merged header (投资情况 over 总投资(万元) / 已完成投资), a group row, a company
//!   merged over two project rows, amounts and dates in every usual spelling, real Excel dates,
//!   a 合计 row whose value is a formula (read as its cached value).
//! - `ledger_utf8_bom.csv`, `ledger_gbk.csv`: the same rows as CSV in UTF-8 with BOM and GBK.
//! - `ledger_bad_row_400.xlsx`: 450 valid rows but row 400 has an impossible date.
//! - `ledger.xls` is written by `make_xls.py` (xlwt) from `ledger_utf8_bom.csv`.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook};

/// The fixture's data rows (as text; the xlsx writes some as numbers and dates).
pub const ROWS: &[[&str; 16]] = &[
    // 项目名称, 投资方, 统一社会信用代码, 来源地, 所属产业, 总投资(万元), 已完成投资, 项目进展,
    // 登记时间, 签约时间, 开工时间, 投产时间, 责任单位, 包保领导, 责任人, 是否重点
    [
        "年产10万吨精密铸件项目",
        "凌源钢铁股份有限公司",
        "91211300MA0Y2Q3B47",
        "辽宁省朝阳市凌源市",
        "钢铁冶金",
        "1.2亿",
        "3000",
        "开工",
        "2022/1/5",
        "2022-03-15",
        "2022年5月20日",
        "",
        "工信局",
        "李明",
        "王磊",
        "是",
    ],
    [
        "特种钢材深加工项目",
        "凌源钢铁股份有限公司",
        "",
        "辽宁朝阳",
        "钢铁",
        "三千二百万",
        "",
        "签约",
        "2022.1",
        "2022.6",
        "",
        "",
        "工信局",
        "李明",
        "王磊",
        "√",
    ],
    [
        "新能源汽车零部件产业园",
        "北京华夏汽车科技有限公司",
        "",
        "北京市海淀区",
        "汽车及零部件",
        "50000",
        "",
        "洽谈",
        "2022-02-10",
        "",
        "",
        "",
        "发改局",
        "张伟",
        "赵强",
        "否",
    ],
    [
        "光伏储能一体化项目",
        "天津绿能新能源有限公司",
        "",
        "天津滨海新区",
        "新能源",
        "80000",
        "12000",
        "投产",
        "2021-03-01",
        "2021-04-01",
        "2021-06-01",
        "2022-05-30",
        "发改局",
        "张伟",
        "赵强",
        "是",
    ],
    [
        "冷链物流园",
        "河北唐山港物流集团有限公司",
        "",
        "河北省唐山市",
        "现代物流",
        "8000万元",
        "",
        "线索",
        "2022-05-06",
        "",
        "",
        "",
        "商务局",
        "",
        "刘洋",
        "",
    ],
    [
        "农产品深加工项目",
        "苏州禾丰食品有限公司",
        "",
        "江苏苏州",
        "农产品深加工",
        "5,000.5",
        "",
        "搁置",
        "2021-11-11",
        "",
        "",
        "",
        "农业农村局",
        "",
        "刘洋",
        "否",
    ],
    [
        "文旅康养小镇",
        "深圳前海文旅投资有限公司",
        "",
        "广东省深圳市",
        "文化旅游",
        "10亿",
        "",
        "签约",
        "2022-01-20",
        "20220628",
        "",
        "",
        "文旅局",
        "陈静",
        "王磊",
        "是",
    ],
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new("tests/fixtures");
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("ledger_merged.xlsx"), merged_xlsx()?)?;
    let csv = csv_text();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(csv.as_bytes());
    std::fs::write(dir.join("ledger_utf8_bom.csv"), bom)?;
    let (gbk, _, bad) = encoding_rs::GBK.encode(&csv);
    assert!(!bad, "fixture text is GBK-encodable");
    std::fs::write(dir.join("ledger_gbk.csv"), gbk)?;
    std::fs::write(dir.join("ledger_bad_row_400.xlsx"), bad_row_xlsx()?)?;
    println!("fixtures written to {}", dir.display());
    Ok(())
}

const HEADERS: [&str; 16] = [
    "项目名称",
    "投资方",
    "统一社会信用代码",
    "来源地",
    "所属产业",
    "总投资(万元)",
    "已完成投资",
    "项目进展",
    "登记时间",
    "签约时间",
    "开工时间",
    "投产时间",
    "责任单位",
    "包保领导",
    "责任人",
    "是否重点",
];

fn csv_text() -> String {
    let mut out = String::from("序号,");
    out.push_str(&HEADERS.join(","));
    out.push('\n');
    for (i, r) in ROWS.iter().enumerate() {
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                if c.contains(',') {
                    format!("\"{c}\"")
                } else {
                    c.to_string()
                }
            })
            .collect();
        out.push_str(&format!("{},{}\n", i + 1, cells.join(",")));
    }
    out
}

fn merged_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name("2022年项目台账")?;
    let last_col = HEADERS.len() as u16; // column 0 is 序号
    ws.merge_range(0, 0, 0, last_col, "凌源市2022年招商引资项目台账", &title)?;
    ws.write_string(1, 0, "填报单位：凌源市招商服务中心")?;
    ws.write_string(1, last_col, "截至2022年6月30日")?;
    // Two-row header: most columns merged vertically, 投资情况 merged over two columns.
    ws.merge_range(2, 0, 3, 0, "序号", &head)?;
    for (i, h) in HEADERS.iter().enumerate() {
        let c = i as u16 + 1;
        match *h {
            "总投资(万元)" => {
                ws.merge_range(2, c, 2, c + 1, "投资情况", &head)?;
                ws.write_string_with_format(3, c, "总投资\n(万元)", &head)?;
            }
            "已完成投资" => {
                ws.write_string_with_format(3, c, *h, &head)?;
            }
            _ => {
                ws.merge_range(2, c, 3, c, h, &head)?;
            }
        }
    }
    // A group row merged across.
    ws.merge_range(4, 0, 4, last_col, "一、续建及新建项目", &head)?;
    let mut row = 5u32;
    let mut merged_company_start = None;
    for (i, r) in ROWS.iter().enumerate() {
        ws.write_number(row, 0, (i + 1) as f64)?;
        for (j, v) in r.iter().enumerate() {
            let c = j as u16 + 1;
            if v.is_empty() {
                continue;
            }
            match (j, i) {
                // The first two rows share one company cell, merged vertically.
                (1, 0) => {
                    merged_company_start = Some(row);
                    continue;
                }
                (1, 1) => {
                    ws.merge_range(
                        merged_company_start.expect("row 0 first"),
                        c,
                        row,
                        c,
                        v,
                        &Format::new(),
                    )?;
                    continue;
                }
                // Numbers as numbers where they are plain.
                (5, _) | (6, _) if v.parse::<f64>().is_ok() => {
                    ws.write_number(row, c, v.parse::<f64>().expect("checked"))?;
                }
                // ISO dates as real Excel dates; other spellings stay text.
                (8..=11, _) if v.len() == 10 && v.as_bytes()[4] == b'-' => {
                    let d = ExcelDateTime::from_ymd(
                        v[0..4].parse().expect("year"),
                        v[5..7].parse().expect("month"),
                        v[8..10].parse().expect("day"),
                    )?;
                    ws.write_datetime_with_format(row, c, &d, &date)?;
                }
                _ => {
                    ws.write_string(row, c, *v)?;
                }
            }
        }
        row += 1;
    }
    // 合计: a formula; the reader sees its cached value.
    ws.write_string(row, 1, "合计")?;
    ws.write_formula(
        row,
        7,
        Formula::new(format!("=SUM(H6:H{row})")).set_result("231000.5"),
    )?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 30)?;
    book.save_to_buffer()
}

fn bad_row_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "序号",
        "项目名称",
        "投资方",
        "总投资(万元)",
        "项目进展",
        "签约时间",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h)?;
    }
    for i in 1..=450u32 {
        ws.write_number(i, 0, i as f64)?;
        ws.write_string(i, 1, format!("批量项目{i:03}"))?;
        ws.write_string(i, 2, format!("批量投资{}有限公司", i % 37))?;
        ws.write_number(i, 3, (i * 10) as f64)?;
        ws.write_string(i, 4, "签约")?;
        // Row 400 of the sheet (index 399) has 2022-13-45.
        let date = if i + 1 == 400 {
            "2022-13-45".to_string()
        } else {
            format!("2022-{:02}-{:02}", i % 12 + 1, i % 28 + 1)
        };
        ws.write_string(i, 5, date)?;
    }
    book.save_to_buffer()
}

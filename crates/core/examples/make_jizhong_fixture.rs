//! Writes `tests/fixtures/ledger_jizhong_kaigong.xlsx` (run from the repo root):
//! `cargo run -p zhaoshang-core --example make_jizhong_fixture`.
//!
//! A 集中开工 ledger as a county office keeps it: a merged title row, a 「填报单位：… 填报时间：…」
//! row, then a two-row header with real merged ranges — 「投资情况」 across 总投资（亿元）,
//! 2022年计划投资（万元） and 1-6月完成投资（万元）; 序号, 项目名称, 建设单位, 所在园区, 所属产业,
//! 开工时间, 形象进度, 备注 merged down. A 开工时间 column and no 签约 column. Eight projects
//! (amounts as numbers and as text with 亿/万 written in the cell; dates as Excel dates and as
//! text), then a 合计 row. Figures (read by `crates/core/tests/investment_plan.rs`):
//! 年度计划投资 10亿元 (新能源 6亿元, 60%; 汽车及零部件 2亿元; 钢铁冶金 1.7亿元; 新材料 0.3亿元),
//! 1-6月完成投资 4.1亿元 (完成率 41%), five projects started on 2022-04-15 (集中开工日).

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

/// Header: (group over it, its own name); a column without a group is merged down.
const HEAD: [(Option<&str>, &str); 11] = [
    (None, "序号"),
    (None, "项目名称"),
    (None, "建设单位"),
    (None, "所在园区"),
    (None, "所属产业"),
    (Some("投资情况"), "总投资（亿元）"),
    (Some("投资情况"), "2022年计划投资（万元）"),
    (Some("投资情况"), "1-6月完成投资（万元）"),
    (None, "开工时间"),
    (None, "形象进度"),
    (None, "备注"),
];

/// A cell: a number, a text, or a date (written as an Excel date).
enum V {
    N(f64),
    T(&'static str),
    D(u16, u8, u8),
    E,
}
use V::*;

const ROWS: [[V; 11]; 8] = [
    [
        N(1.0),
        T("年产5GW光伏组件项目"),
        T("凌源阳光新能源科技有限公司"),
        T("凌源经济开发区"),
        T("新能源"),
        N(12.0),
        N(30000.0),
        N(12000.0),
        D(2022, 4, 15),
        T("主体钢结构施工"),
        E,
    ],
    [
        N(2.0),
        T("100MW风电项目"),
        T("凌源风能发电有限公司"),
        T("凌源经济开发区"),
        T("新能源"),
        N(8.0),
        N(20000.0),
        N(9000.0),
        D(2022, 4, 15),
        T("风机基础浇筑"),
        E,
    ],
    [
        N(3.0),
        T("储能电池项目"),
        T("辽宁储能科技有限公司"),
        T("凌源经济开发区"),
        T("新能源"),
        T("5亿"),
        N(10000.0),
        N(3000.0),
        D(2022, 4, 15),
        T("场地平整"),
        E,
    ],
    [
        N(4.0),
        T("汽车零部件精密铸造项目"),
        T("凌源华汽零部件有限公司"),
        T("汽车产业园"),
        T("汽车及零部件"),
        N(3.5),
        N(15000.0),
        N(6000.0),
        D(2022, 4, 15),
        T("厂房基础施工"),
        E,
    ],
    [
        N(5.0),
        T("新能源汽车电机项目"),
        T("凌源电驱动科技有限公司"),
        T("汽车产业园"),
        T("汽车及零部件"),
        T("8000万"),
        T("5000"),
        N(2500.0),
        T("2022.5.20"),
        T("设备安装"),
        E,
    ],
    [
        N(6.0),
        T("特钢棒材技改项目"),
        T("凌源钢铁股份有限公司"),
        T("钢铁冶金园"),
        T("钢铁冶金"),
        N(6.0),
        N(12000.0),
        N(7000.0),
        D(2022, 3, 18),
        T("主体完工"),
        T("续建"),
    ],
    [
        N(7.0),
        T("钢渣综合利用项目"),
        T("凌源环保建材有限公司"),
        T("钢铁冶金园"),
        T("钢铁冶金"),
        N(2.0),
        N(5000.0),
        T("1500"),
        D(2022, 4, 15),
        T("主体施工"),
        E,
    ],
    [
        N(8.0),
        T("高性能碳纤维项目"),
        T("凌源新材料有限公司"),
        T("凌源经济开发区"),
        T("新材料"),
        N(4.0),
        T("0.3亿"),
        E,
        D(2022, 6, 28),
        T("办理施工许可"),
        E,
    ],
];

fn main() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("集中开工项目")?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let last = HEAD.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last,
        "凌源市2022年第二季度重点项目集中开工台账",
        &bold,
    )?;
    ws.merge_range(1, 0, 1, 5, "填报单位：凌源市发展和改革局", &Format::new())?;
    ws.merge_range(1, 6, 1, last, "填报时间：2022年7月5日", &Format::new())?;
    let mut c = 0;
    while c < HEAD.len() {
        match HEAD[c].0 {
            None => {
                ws.merge_range(2, c as u16, 3, c as u16, HEAD[c].1, &bold)?;
                c += 1;
            }
            Some(group) => {
                let span = HEAD[c..].iter().take_while(|h| h.0 == Some(group)).count();
                ws.merge_range(2, c as u16, 2, (c + span - 1) as u16, group, &bold)?;
                for (k, h) in HEAD[c..c + span].iter().enumerate() {
                    ws.write_string_with_format(3, (c + k) as u16, h.1, &bold)?;
                }
                c += span;
            }
        }
    }
    for (i, row) in ROWS.iter().enumerate() {
        let r = 4 + i as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                N(n) => drop(ws.write_number(r, c, *n)?),
                T(t) => drop(ws.write_string(r, c, *t)?),
                D(y, m, d) => drop(ws.write_datetime_with_format(
                    r,
                    c,
                    ExcelDateTime::from_ymd(*y, *m, *d)?,
                    &date,
                )?),
                E => {}
            }
        }
    }
    let total = 4 + ROWS.len() as u32;
    ws.write_string(total, 1, "合计")?;
    ws.write_number(total, 5, 41.3)?;
    ws.write_number(total, 6, 100000.0)?;
    ws.write_number(total, 7, 41000.0)?;
    let path = "tests/fixtures/ledger_jizhong_kaigong.xlsx";
    wb.save(path)?;
    println!("wrote {path}");
    Ok(())
}

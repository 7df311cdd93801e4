//! Writes `tests/fixtures/companies.xlsx` and `tests/fixtures/companies_gbk.csv` (run from the
//! repo root): `cargo run -p zhaoshang-core --example make_companies_fixture`.
//!
//! A 企业名录 as offices keep it: a merged title row, then 序号, 企业名称, 统一社会信用代码,
//! 所属行业, 注册地, 联系人, 联系电话, 法定代表人, 备注, 注册资本（万元）, 注册地址, 经营范围;
//! no 项目名称. Four good companies (two also in `ledger_merged.xlsx`), one credit code with a
//! wrong check character, one 注册地 that is no region, one company listed twice, a 合计 row.
//! 注册资本 written as offices write it: a bare number in the header's 万元, 5000万, 1.2亿 and
//! one in US dollars (not imported, the row says why). The CSV has the same header and rows
//! (no title) in GBK, as WPS saves it.

use rust_xlsxwriter::{Format, FormatAlign, Workbook};
use zhaoshang_core::companies::credit_code::with_check_char;

const HEAD: [&str; 12] = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "所属行业",
    "注册地",
    "联系人",
    "联系电话",
    "法定代表人",
    "备注",
    "注册资本（万元）",
    "注册地址",
    "经营范围",
];

fn rows() -> Vec<[String; 12]> {
    let bad = {
        // A valid code with its check character changed.
        let good = with_check_char("91440300MA5G8K2P1");
        let last = good.chars().last().expect("18 characters");
        let wrong = if last == '0' { '1' } else { '0' };
        format!("{}{wrong}", &good[..17])
    };
    let r = |cells: [&str; 12]| cells.map(str::to_string);
    let mut out = vec![
        r([
            "1",
            "凌源钢铁股份有限公司",
            "91211300MA0Y2Q3B47",
            "钢铁",
            "辽宁省朝阳市凌源市",
            "张建国",
            "0421-6831234",
            "李志强",
            "市级重点企业",
            "280000",
            "辽宁省凌源市钢铁路3号",
            "钢铁冶炼；钢材轧制；金属材料销售",
        ]),
        r([
            "2",
            "北京华夏汽车科技有限公司",
            "",
            "汽车零部件",
            "北京市海淀区",
            "刘芳",
            "13910001234",
            "",
            "",
            "5000万",
            "北京市海淀区中关村大街1号",
            "汽车零部件研发、制造、销售",
        ]),
        r([
            "3",
            "天津绿能新能源有限公司",
            "",
            "新能源",
            "天津市",
            "周宁",
            "",
            "",
            "储能二期意向",
            "1.2亿",
            "",
            "",
        ]),
        r([
            "4",
            "苏州禾丰食品有限公司",
            "",
            "食品",
            "江苏省苏州市",
            "",
            "0512-66881234",
            "",
            "",
            "500万美元",
            "",
            "",
        ]),
        r([
            "5",
            "深圳市云帆智能科技有限公司",
            "",
            "电子信息",
            "广东省深圳市",
            "黄晓",
            "13800138000",
            "",
            "",
            "",
            "",
            "",
        ]),
        r([
            "6",
            "远星贸易有限公司",
            "",
            "商贸",
            "火星基地",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]),
        r([
            "7",
            "凌源钢铁股份有限公司",
            "91211300MA0Y2Q3B47",
            "钢铁",
            "辽宁省朝阳市凌源市",
            "张建国",
            "0421-6831234",
            "",
            "",
            "",
            "",
            "",
        ]),
    ];
    // 北京华夏 and 苏州禾丰 get real codes (the ledger fixture has none for them).
    out[1][2] = with_check_char("91110108MA01ABCD1");
    out[3][2] = with_check_char("91320500MA1XYW8Q2");
    out[4][2] = bad;
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows = rows();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("重点企业名录")?;
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 11, "凌源市重点企业名录（2022年）", &title)?;
    for (j, h) in HEAD.iter().enumerate() {
        ws.write_string(1, j as u16, *h)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_number(r, 0, row[0].parse::<f64>()?)?;
        for (j, v) in row.iter().enumerate().skip(1) {
            if !v.is_empty() {
                ws.write_string(r, j as u16, v)?;
            }
        }
    }
    let last = rows.len() as u32 + 2;
    ws.write_string(last, 0, "合计")?;
    ws.write_string(last, 1, "共7家")?;
    std::fs::write("tests/fixtures/companies.xlsx", wb.save_to_buffer()?)?;

    let mut csv = HEAD.join(",");
    csv.push_str("\r\n");
    for row in &rows {
        csv.push_str(&row.join(","));
        csv.push_str("\r\n");
    }
    let (gbk, _, bad) = encoding_rs::GBK.encode(&csv);
    assert!(!bad, "fixture text is GBK-encodable");
    std::fs::write("tests/fixtures/companies_gbk.csv", gbk)?;
    println!("tests/fixtures/companies.xlsx and companies_gbk.csv written");
    Ok(())
}

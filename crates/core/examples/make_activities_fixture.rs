//! Writes `tests/fixtures/activities.xlsx` (run from the repo root):
//! `cargo run -p zhaoshang-core --example make_activities_fixture`.
//!
//! A 招商活动台账 as offices keep it: a merged title row, then 序号, 日期, 类型/方式,
//! 带队领导/责任人, 企业, 项目, 地点/去向, 内容. Dates as real Excel dates and as text in the
//! usual spellings; several people in one cell; one project the ledger does not have; one row
//! whose kind is not an activity (聚餐, an error); a 合计 row.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};

/// (序号, date as an Excel date or as text, kind, people, company, project, place, content)
type Row<'a> = (
    &'a str,
    Result<(u16, u8, u8), &'a str>,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2022年上半年招商活动")?;
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 7, "凌源市2022年上半年招商活动台账", &title)?;
    let head = [
        "序号",
        "日期",
        "类型/方式",
        "带队领导/责任人",
        "企业",
        "项目",
        "地点/去向",
        "内容",
    ];
    for (j, h) in head.iter().enumerate() {
        ws.write_string(1, j as u16, *h)?;
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // (序号, date as Excel date or text, kind, people, company, project, place, content)
    let rows: &[Row] = &[
        (
            "1",
            Ok((2022, 3, 2)),
            "外出招商",
            "王磊、李明",
            "凌源钢铁股份有限公司",
            "年产10万吨精密铸件项目",
            "北京市海淀区",
            "拜访凌钢总部，洽谈精密铸件项目扩产",
        ),
        (
            "2",
            Err("2022/3/15"),
            "来访接待",
            "赵强",
            "北京华夏汽车科技有限公司",
            "新能源汽车零部件产业园",
            "凌源市",
            "华夏汽车考察产业园选址",
        ),
        (
            "3",
            Err("2022年4月8日"),
            "视频",
            "王磊",
            "天津绿能新能源有限公司",
            "",
            "",
            "视频对接储能二期",
        ),
        (
            "4",
            Ok((2022, 5, 20)),
            "推介会",
            "张伟，陈静",
            "",
            "",
            "上海市",
            "长三角（上海）招商推介会",
        ),
        (
            "5",
            Err("2022.6.10"),
            "电话",
            "刘洋",
            "苏州禾丰食品有限公司",
            "冷库二期（未立项）",
            "",
            "电话沟通冷库二期用地",
        ),
        (
            "6",
            Err("2022-06-12"),
            "聚餐",
            "刘洋",
            "",
            "",
            "",
            "与客商座谈",
        ),
        (
            "7",
            Err("2022-06-28"),
            "签约仪式",
            "王磊",
            "凌源钢铁股份有限公司",
            "特种钢材深加工项目",
            "凌源市",
            "特种钢材深加工项目签约",
        ),
    ];
    for (i, (n, d, kind, people, company, project, place, content)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_number(r, 0, n.parse::<f64>()?)?;
        match d {
            Ok((y, m, day)) => {
                ws.write_datetime_with_format(r, 1, ExcelDateTime::from_ymd(*y, *m, *day)?, &date)?;
            }
            Err(text) => {
                ws.write_string(r, 1, *text)?;
            }
        }
        for (j, v) in [kind, people, company, project, place, content]
            .iter()
            .enumerate()
        {
            if !v.is_empty() {
                ws.write_string(r, j as u16 + 2, **v)?;
            }
        }
    }
    let last = rows.len() as u32 + 2;
    ws.write_string(last, 0, "合计")?;
    ws.write_string(last, 7, "共7次")?;
    std::fs::write("tests/fixtures/activities.xlsx", wb.save_to_buffer()?)?;
    Ok(())
}

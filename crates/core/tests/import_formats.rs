//! Every kind of file an office receives as «Excel» (issue 18), read by its content and never by
//! its extension: the corpus of tests/fixtures/formats/ (its README says which tool wrote each
//! file and what each must give), the same 项目台账 written as .xlsx, BIFF .xls, .ods, Excel 2003
//! XML, HTML tables and CSV/text in three encodings; 繁體 sheets; files that are no table.

use crate::common::*;
use crate::import_support::*;
use zhaoshang_core::io::import::parse::Cell;
use zhaoshang_core::io::import::read;
use zhaoshang_core::io::import::{Field, ImportOptions, MoneyUnit, RowAction};
use zhaoshang_core::*;

/// The same ledger (a 说明 sheet first, title and 填报单位 rows, 所在园区 merged down, a 合计
/// row) as each writer saved it: (file, what it must be read as, the sheet the import picks).
const SAME_LEDGER: &[(&str, &str, &str)] = &[
    ("ledger_spreadsheetml_wps.xls", "Excel 2003 XML", "项目台账"),
    (
        "ledger_spreadsheetml_libreoffice.xls",
        "Excel 2003 XML",
        "项目台账",
    ),
    ("ledger_html_system_gbk.xls", "网页表格", "项目台账"),
    ("ledger_html_libreoffice.xls", "网页表格", "表格2"),
    ("ledger_libreoffice.xls", ".xls/.et", "项目台账"),
    ("ledger_libreoffice.ods", ".ods", "项目台账"),
    ("ledger_libreoffice.xlsx", ".xlsx", "项目台账"),
    ("ledger_libreoffice_utf8.csv", "CSV", "CSV"),
    ("ledger_libreoffice_utf16.txt", "CSV", "CSV"),
    ("ledger_iconv_gbk.csv", "CSV", "CSV"),
];

const NAMES: &[&str] = &[
    "A&B 新材料产业园",
    "光伏组件生产线",
    "农产品精深加工项目",
    "冷链物流中心",
    "年产5万吨精密铸件项目",
    "数据中心<一期>",
];

fn fixture_2026() -> Fixture {
    let mut f = fixture();
    f.ledger.set_today(Some(d(2026, 4, 30)));
    f
}

#[test]
fn the_same_ledger_in_every_format_gives_the_same_plan() {
    for (name, read_as, sheet) in SAME_LEDGER {
        let bytes = fixture_bytes(&format!("formats/{name}"));
        let sheets = read::read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            sheets.iter().all(|s| s.read_as.contains(read_as)),
            "{name} read as {:?}",
            sheets[0].read_as
        );
        let mut f = fixture_2026();
        let plan = f
            .ledger
            .import_preview(&bytes, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(plan.sheet, *sheet, "{name}");
        assert_eq!(plan.header_rows, vec![3], "{name}");
        let c = &plan.counts;
        assert_eq!(
            (c.create, c.skip, c.error, c.companies_created),
            (6, 1, 0, 6),
            "{name}: {:#?}",
            plan.rows
        );
        let mut names: Vec<&str> = plan
            .rows
            .iter()
            .filter(|r| r.action == RowAction::Create)
            .filter_map(|r| r.project_name.as_deref())
            .collect();
        names.sort();
        assert_eq!(names, NAMES, "{name}");
        assert!(plan.warnings.is_empty(), "{name}: {:?}", plan.warnings);
    }
}

/// What the import writes from the XML and HTML files: typed numbers and dates, amounts with
/// units, merged 所在园区 on every row it covers, entities and rich text decoded.
#[test]
fn spreadsheetml_and_html_import_with_their_structure() {
    for name in [
        "ledger_spreadsheetml_wps.xls",
        "ledger_spreadsheetml_libreoffice.xls",
        "ledger_html_system_gbk.xls",
        "ledger_html_libreoffice.xls",
    ] {
        let mut f = fixture_2026();
        let bytes = fixture_bytes(&format!("formats/{name}"));
        let plan = f
            .ledger
            .import_apply(&bytes, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(plan.applied);
        let ps = all_projects(&f.ledger);
        assert_eq!(ps.len(), 6, "{name}");
        let casting = by_name(&ps, "年产5万吨精密铸件项目");
        assert_eq!(casting.total_investment, 500_000_000, "{name}");
        assert_eq!(casting.stage, Stage::Signed, "{name}");
        assert_eq!(casting.signed_on, Some(d(2026, 3, 15)), "{name}");
        assert_eq!(casting.park.as_deref(), Some("经济开发区"), "{name}");
        let ab = by_name(&ps, "A&B 新材料产业园");
        assert_eq!(ab.total_investment, 120_000_000, "{name}");
        // 洽谈中 with a 签约时间: the date says it was signed.
        assert_eq!(ab.stage, Stage::Signed, "{name}");
        assert_eq!(ab.signed_on, Some(d(2026, 2, 28)), "{name}");
        assert_eq!(
            ab.park.as_deref(),
            Some("经济开发区"),
            "{name}: merged down"
        );
        let cold = by_name(&ps, "冷链物流中心");
        assert_eq!(
            cold.park.as_deref(),
            Some("经济开发区"),
            "{name}: merged down"
        );
        assert_eq!(
            cold.company_name.as_deref(),
            Some("深圳鲜达供应链有限公司"),
            "{name}: rich text joined"
        );
        assert_eq!(
            by_name(&ps, "农产品精深加工项目").park.as_deref(),
            Some("高新技术产业园"),
            "{name}"
        );
        let farm = by_name(&ps, "农产品精深加工项目");
        assert_eq!(farm.signed_on, Some(d(2025, 11, 20)), "{name}");
        let cs = companies(&f.ledger);
        let beijing = company(&cs, "北京华科新材料有限公司");
        assert_eq!(beijing.origin_code.as_deref(), Some("110108"), "{name}");
    }
}

#[test]
fn readers_keep_cell_types_merges_and_sheets() {
    // SpreadsheetML: both worksheets, typed Number and DateTime, &#10; in the header, the title
    // merged across, 所在园区 merged down.
    let sheets = read::read(&fixture_bytes("formats/ledger_spreadsheetml_wps.xls")).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["填表说明", "项目台账"]);
    let s = &sheets[1];
    assert_eq!(
        s.rows[0].get(7),
        &Cell::Text("2026年招商引资项目台账".into())
    );
    assert_eq!(s.rows[2].get(4), &Cell::Text("总投资\n（万元）".into()));
    assert_eq!(s.rows[3].get(4), &Cell::Number(50000.0));
    assert_eq!(s.rows[3].get(5), &Cell::Date(d(2026, 3, 15)));
    assert_eq!(s.rows[5].get(7), &Cell::Text("经济开发区".into()));
    assert_eq!(s.rows[5].get(6), &Cell::Text("洽谈".into()), "ss:Index");
    assert_eq!(s.rows[8].get(1), &Cell::Text("数据中心<一期>".into()));
    // HTML: the layout table and the ledger table, captions, x:num, &nbsp;, <br>, rowspan.
    let sheets = read::read(&fixture_bytes("formats/ledger_html_system_gbk.xls")).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["表格1", "项目台账"]);
    assert_eq!(
        sheets[0].rows[0].get(0),
        &Cell::Text("查询条件：年度=2026 状态=全部".into())
    );
    let s = &sheets[1];
    assert_eq!(
        s.rows[0].get(7),
        &Cell::Text("2026年招商引资项目台账".into())
    );
    assert_eq!(s.rows[2].get(4), &Cell::Text("总投资\n（万元）".into()));
    assert_eq!(s.rows[3].get(4), &Cell::Number(50000.0));
    assert_eq!(s.rows[4].get(1), &Cell::Text("A&B 新材料产业园".into()));
    assert_eq!(s.rows[4].get(7), &Cell::Text("经济开发区".into()));
    assert_eq!(s.rows[5].get(5), &Cell::Empty, "&nbsp; alone is empty");
    // Row 8 has no </tr>: row 9 still starts a row, and the rowspan above covers column 8.
    assert_eq!(s.rows[7].get(7), &Cell::Text("高新技术产业园".into()));
    assert_eq!(s.rows[8].get(7), &Cell::Text("物流园".into()));
    assert_eq!(s.rows[9].get(0), &Cell::Text("合计".into()), "&#x8BA1;");
    // .ods through calamine, BIFF from LibreOffice.
    for name in ["ledger_libreoffice.ods", "ledger_libreoffice.xls"] {
        let sheets = read::read(&fixture_bytes(&format!("formats/{name}"))).unwrap();
        assert_eq!(sheets.len(), 2, "{name}");
        assert_eq!(sheets[1].rows[3].get(4), &Cell::Number(50000.0), "{name}");
    }
}

/// The user picks which table of a page to import; the first table whose header matches is
/// taken by default.
#[test]
fn an_html_page_s_table_can_be_picked() {
    let mut f = fixture_2026();
    let bytes = fixture_bytes("formats/ledger_html_system_gbk.xls");
    let plan = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.sheets, ["表格1", "项目台账"]);
    let picked = ImportOptions {
        sheet: Some("表格1".into()),
        ..Default::default()
    };
    let refused = f.ledger.import_preview(&bytes, &picked).unwrap_err();
    assert!(refused.to_string().contains("表头"), "{refused}");
}

#[test]
fn traditional_chinese_sheets_read_like_simplified() {
    for name in ["ledger_zh_hant.csv", "ledger_zh_hant_libreoffice.xlsx"] {
        let mut f = fixture_2026();
        let bytes = fixture_bytes(&format!("formats/{name}"));
        let plan = f
            .ledger
            .import_preview(&bytes, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let field = |i: usize| plan.columns[i].field;
        assert_eq!(field(0), Some(Field::ProjectName), "{name}");
        assert_eq!(field(1), Some(Field::CompanyName), "{name}");
        assert_eq!(field(2), Some(Field::Origin), "{name}");
        assert_eq!(field(3), Some(Field::TotalInvestment), "{name}");
        assert_eq!(plan.columns[3].unit, Some(MoneyUnit::Yi), "{name}");
        assert_eq!(field(4), Some(Field::SignedOn), "{name}");
        assert_eq!(field(5), Some(Field::Stage), "{name}");
        assert_eq!(field(6), Some(Field::Park), "{name}");
        let c = &plan.counts;
        assert_eq!(
            (c.create, c.skip, c.error),
            (3, 1, 0),
            "{name}: {:#?}",
            plan.rows
        );
        assert_eq!(row(&plan, 5).message, "合计行", "{name}");
        f.ledger
            .import_apply(&bytes, &ImportOptions::default())
            .unwrap();
        let ps = all_projects(&f.ledger);
        let casting = by_name(&ps, "精密鑄件項目");
        assert_eq!(casting.stage, Stage::Signed, "{name}: 簽約");
        assert_eq!(casting.total_investment, 150_000_000, "{name}");
        assert_eq!(
            by_name(&ps, "冷鏈物流中心").total_investment,
            200_000_000,
            "{name}: 兩億"
        );
        let cs = companies(&f.ledger);
        let origin = company(&cs, "凌源鋼鐵股份有限公司").origin_code.clone();
        assert_eq!(origin.as_deref(), Some("110108"), "{name}: 北京市海淀區");
    }
}

#[test]
fn files_that_are_no_table_are_refused_naming_what_they_are() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let odt = {
        let mut z = zip_with(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.text".to_vec(),
            ),
            ("content.xml", b"<office:document-content/>".to_vec()),
        ]);
        // zip_with deflates: put the mimetype's text where ODF puts it (stored, first).
        z.splice(
            30..30,
            b"mimetypeapplication/vnd.oasis.opendocument.text"
                .iter()
                .copied(),
        );
        z
    };
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (fixture_bytes("formats/not_a_sheet_libreoffice.pdf"), "PDF"),
        (fixture_bytes("formats/web_page_no_table.xls"), "这是一个网页文件，不是表格"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "图片"),
        (
            zip_with(&[("word/document.xml", b"<w:document/>".to_vec())]),
            "Word 文档",
        ),
        (zip_with(&[("readme.txt", b"hello".to_vec())]), "压缩包"),
        (odt, "文字文档"),
        (
            b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Word.Document\"?>\n<w:wordDocument/>"
                .to_vec(),
            "Word 文档",
        ),
        (b"<?xml version=\"1.0\"?><rss><channel/></rss>".to_vec(), "XML 数据文件"),
        (b"[{\"name\":\"x\"}]".to_vec(), "JSON"),
    ];
    for (bytes, says) in cases {
        let e = f
            .ledger
            .import_apply(&bytes, &ImportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains(says), "{says}: {e}");
    }
    assert_eq!(footprint(&f.ledger), before);
}

/// A file read as the wrong kind: markup never becomes a name, the preview says the file was
/// probably read wrongly (and as what), and even --skip-invalid imports nothing.
#[test]
fn markup_never_becomes_a_name_and_a_mostly_failing_file_is_called_misread() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    // A SpreadsheetML body whose declaration and <Workbook> were cut off by a system: only
    // markup lines, so it reads as a CSV.
    let text = "项目名称,投资方\n<Worksheet ss:Name=\"项目台账\"><Table>,凌源钢铁股份有限公司\n<Row><Cell>,\n</Row>,\n数据中心<一期>,浙江云数科技有限公司\n";
    let plan = f
        .ledger
        .import_preview(text.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);
    assert_eq!(plan.counts.error, 3, "{:#?}", plan.rows);
    assert!(row(&plan, 2)
        .message
        .contains("<Worksheet ss:Name=\"项目台账\">"));
    let verdict = &plan.warnings[0];
    assert!(verdict.contains("文件可能被错误读取"), "{verdict}");
    assert!(verdict.contains("CSV 文本"), "{verdict}");
    let view = io::import_preview::view("x.xls".into(), plan);
    assert!(view.read_wrongly.is_some());
    let skip = ImportOptions {
        skip_invalid_rows: true,
        ..Default::default()
    };
    let refused = f
        .ledger
        .import_apply(text.as_bytes(), &skip)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("文件可能被错误读取"), "{refused}");
    assert_eq!(footprint(&f.ledger), before);
    // A good file is no misread file.
    let plan = fixture_2026()
        .ledger
        .import_preview(
            &fixture_bytes("formats/ledger_spreadsheetml_wps.xls"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert!(io::import_preview::view("x.xls".into(), plan)
        .read_wrongly
        .is_none());
}

/// A 5,000-row ledger as Excel 2003 XML, as an HTML table and as CSV: every row read and parsed
/// (times printed: `cargo test -p zhaoshang-core --test integration import_formats::big -- --nocapture`).
#[test]
fn big_spreadsheetml_and_html_read_every_row() {
    const N: usize = 5_000;
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"台账\"><Table>\n<Row><Cell><Data ss:Type=\"String\">项目名称</Data></Cell><Cell><Data ss:Type=\"String\">投资方</Data></Cell><Cell><Data ss:Type=\"String\">总投资（万元）</Data></Cell><Cell><Data ss:Type=\"String\">签约时间</Data></Cell></Row>\n",
    );
    let mut html = String::from(
        "<html><body><table><tr><th>项目名称</th><th>投资方</th><th>总投资（万元）</th><th>签约时间</th></tr>\n",
    );
    for i in 0..N {
        xml.push_str(&format!("<Row><Cell><Data ss:Type=\"String\">项目{i}</Data></Cell><Cell><Data ss:Type=\"String\">企业{i}有限公司</Data></Cell><Cell><Data ss:Type=\"Number\">{}</Data></Cell><Cell><Data ss:Type=\"DateTime\">2022-06-30T00:00:00.000</Data></Cell></Row>\n", i % 900 + 100));
        html.push_str(&format!(
            "<tr><td>项目{i}</td><td>企业{i}有限公司</td><td x:num=\"{}\">{}</td><td>2022-06-30</td></tr>\n",
            i % 900 + 100,
            i % 900 + 100
        ));
    }
    xml.push_str("</Table></Worksheet></Workbook>\n");
    html.push_str("</table></body></html>\n");
    let mut csv = String::from("项目名称,投资方,总投资（万元）,签约时间\n");
    for i in 0..N {
        csv.push_str(&format!(
            "项目{i},企业{i}有限公司,{},2022-06-30\n",
            i % 900 + 100
        ));
    }
    for (what, bytes) in [
        ("SpreadsheetML", xml.as_bytes()),
        ("HTML", html.as_bytes()),
        ("CSV", csv.as_bytes()),
    ] {
        let t = std::time::Instant::now();
        read::read(bytes).unwrap();
        println!("{what}: read in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
        let t = std::time::Instant::now();
        let (rows, failed) = io::import::parse_only(bytes).unwrap();
        println!(
            "{what}: {} KB, {rows} rows parsed in {:.0} ms",
            bytes.len() / 1024,
            t.elapsed().as_secs_f64() * 1e3
        );
        assert_eq!((rows, failed), (N, 0), "{what}");
    }
}

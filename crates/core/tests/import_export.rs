//! Import of real .xlsx/.xls/.csv ledgers (tests/fixtures, made by
//! `cargo run -p zhaoshang-core --example make_fixtures` and `tests/fixtures/make_xls.py`),
//! dry run, atomicity, hostile files, remembered mappings, company merge, export round trips.

mod common;

use std::io::Write;

use common::*;
use zhaoshang_core::io::import::{ColumnChoice, Field, ImportOptions, MoneyUnit, RowAction};
use zhaoshang_core::*;

fn all_projects(l: &Ledger) -> Vec<Project> {
    let page = l
        .list_projects(&ProjectFilter {
            limit: 1000,
            sort: ProjectSort::Name,
            ..Default::default()
        })
        .unwrap();
    page.rows
        .iter()
        .map(|r| l.project(&r.id).unwrap())
        .collect()
}

fn by_name<'a>(ps: &'a [Project], name: &str) -> &'a Project {
    ps.iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no project {name}"))
}

#[test]
fn merged_header_xlsx_dry_run_then_apply_then_reimport() {
    let mut f = fixture();
    let (bytes, plan) = f.dry_run("ledger_merged.xlsx");
    assert_eq!(plan.header_rows, vec![3, 4]);
    assert_eq!(plan.counts.create, 7, "{:#?}", plan.rows);
    assert_eq!(plan.counts.error, 0, "{:#?}", plan.rows);
    assert_eq!(plan.counts.companies_created, 6);
    let col = |field| {
        plan.columns
            .iter()
            .find(|c| c.field == Some(field))
            .unwrap()
    };
    assert_eq!(col(Field::TotalInvestment).unit, Some(MoneyUnit::Wan));
    let group = plan.rows.iter().find(|r| r.row == 5).unwrap();
    assert_eq!(group.action, RowAction::Skip);
    assert!(group.message.contains("分组"), "{}", group.message);
    let total = plan
        .rows
        .iter()
        .find(|r| r.message.contains("合计"))
        .unwrap();
    assert_eq!(total.action, RowAction::Skip);
    let first = plan.rows.iter().find(|r| r.row == 6).unwrap();
    assert_eq!(first.action, RowAction::Create);
    assert!(first.message.contains("新建项目"), "{}", first.message);
    assert!(
        first.message.contains("新建企业“凌源钢铁股份有限公司”"),
        "{}",
        first.message
    );

    let applied = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert!(applied.applied);
    assert_eq!(applied.counts.create, 7);
    let ps = all_projects(&f.ledger);
    assert_eq!(ps.len(), 7);

    let casting = by_name(&ps, "年产10万吨精密铸件项目");
    assert_eq!(casting.total_investment, 120_000_000);
    assert_eq!(casting.stage, Stage::Started);
    assert_eq!(casting.signed_on, Some(d(2022, 3, 15)));
    assert_eq!(casting.started_on, Some(d(2022, 5, 20)));
    assert!(casting.key_project);
    let company = f
        .ledger
        .company(casting.company_id.as_ref().unwrap())
        .unwrap();
    assert_eq!(company.credit_code.as_deref(), Some("91211300MA0Y2Q3B47"));
    assert_eq!(company.origin_code.as_deref(), Some("211382"));

    // The company cell merged over two rows: one company for both projects.
    let steel = by_name(&ps, "特种钢材深加工项目");
    assert_eq!(steel.company_id, casting.company_id);
    assert_eq!(steel.total_investment, 32_000_000);
    assert_eq!(steel.stage, Stage::Signed);
    assert_eq!(steel.signed_on, Some(d(2022, 6, 1)));
    let history = f.ledger.stage_history(&steel.id).unwrap();
    assert_eq!(history[0].to_stage, Stage::Negotiating);
    assert_eq!(history[0].changed_on, d(2022, 1, 1));

    let car = by_name(&ps, "新能源汽车零部件产业园");
    assert_eq!(car.total_investment, 500_000_000);
    assert_eq!(car.stage, Stage::Negotiating);
    assert_eq!(car.region_group_id.as_deref(), Some(f.jjj.as_str()));
    let pv = by_name(&ps, "光伏储能一体化项目");
    assert_eq!(pv.stage, Stage::Operating);
    assert_eq!(pv.operating_on, Some(d(2022, 5, 30)));
    assert_eq!(by_name(&ps, "冷链物流园").total_investment, 80_000_000);
    assert_eq!(by_name(&ps, "冷链物流园").stage, Stage::Lead);
    let farm = by_name(&ps, "农产品深加工项目");
    assert_eq!(farm.total_investment, 50_005_000);
    assert_eq!(farm.stage, Stage::OnHold);
    assert_eq!(farm.region_group_id.as_deref(), Some(f.yrd.as_str()));
    let resort = by_name(&ps, "文旅康养小镇");
    assert_eq!(resort.total_investment, 1_000_000_000);
    assert_eq!(resort.signed_on, Some(d(2022, 6, 28)));
    // Officers named in the file exist now (王磊 was there already).
    let officers = f.ledger.officers().unwrap();
    assert!(officers.iter().any(|o| o.name == "李明"));
    assert_eq!(officers.iter().filter(|o| o.name == "王磊").count(), 1);
    assert_eq!(casting.officer_id.as_deref(), Some(f.officer.id.as_str()));

    // Importing the same file again changes nothing.
    let again_before = footprint(&f.ledger);
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.update, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.unchanged, 7);
    assert_eq!(all_projects(&f.ledger).len(), 7);
    let after = footprint(&f.ledger);
    assert_eq!(after[..5], again_before[..5], "no new records");
}

type Summary = Vec<(
    String,
    i64,
    Stage,
    Option<chrono::NaiveDate>,
    Option<chrono::NaiveDate>,
)>;

fn summary(l: &Ledger) -> Summary {
    let mut v: Vec<_> = all_projects(l)
        .into_iter()
        .map(|p| {
            (
                p.name,
                p.total_investment,
                p.stage,
                p.signed_on,
                p.started_on,
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn csv_in_utf8_and_gbk_and_xls_read_like_the_xlsx() {
    let mut reference = fixture();
    reference
        .ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    let expected = summary(&reference.ledger);
    for name in ["ledger_utf8_bom.csv", "ledger_gbk.csv", "ledger.xls"] {
        let mut f = fixture();
        let plan = f
            .ledger
            .import_apply(&fixture_bytes(name), &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(plan.counts.create, 7, "{name}: {:#?}", plan.rows);
        assert_eq!(summary(&f.ledger), expected, "{name}");
    }
}

#[test]
fn a_bad_row_400_leaves_the_ledger_unchanged() {
    let mut f = fixture();
    let bytes = fixture_bytes("ledger_bad_row_400.xlsx");
    let before = footprint(&f.ledger);
    let plan = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.counts.create, 449);
    assert_eq!(plan.counts.error, 1);
    let bad = plan
        .rows
        .iter()
        .find(|r| r.action == RowAction::Error)
        .unwrap();
    assert_eq!(bad.row, 400);
    assert!(
        bad.message.contains("签约时间") && bad.message.contains("2022-13-45"),
        "{}",
        bad.message
    );
    let err = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap_err();
    assert!(err.to_string().contains("第400行"), "{err}");
    assert!(err.to_string().contains("未作任何改动"), "{err}");
    assert_eq!(footprint(&f.ledger), before);
    // The user may choose to import the valid rows only.
    let plan = f
        .ledger
        .import_apply(
            &bytes,
            &ImportOptions {
                skip_invalid_rows: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(plan.counts.create, 449);
    assert_eq!(
        f.ledger.list_projects(&Default::default()).unwrap().total,
        449
    );
}

#[test]
fn core_rules_apply_to_imported_rows() {
    let mut f = fixture();
    let csv = "项目名称,投资方,总投资(万元),项目进展,签约时间,开工时间\n\
               甲项目,甲公司,100,开工,2022-05-01,2022-03-01\n\
               乙项目,乙公司,100,签约,,\n\
               丙项目,丙公司,100,洽谈,2030-01-01,\n\
               丁项目,丁公司,很多,洽谈,,\n\
               戊项目,戊公司,100,不知道,,\n";
    let plan = f
        .ledger
        .import_preview(csv.as_bytes(), &ImportOptions::default())
        .unwrap();
    let msg = |row: u32| {
        let r = plan.rows.iter().find(|r| r.row == row).unwrap();
        assert_eq!(r.action, RowAction::Error, "row {row}: {}", r.message);
        r.message.clone()
    };
    assert!(
        msg(2).contains("签约") && msg(2).contains("开工"),
        "{}",
        msg(2)
    );
    assert!(msg(3).contains("未填签约时间"), "{}", msg(3));
    assert!(msg(4).contains("晚于今天"), "{}", msg(4));
    assert!(msg(5).contains("金额“很多”无法识别"), "{}", msg(5));
    assert!(msg(6).contains("阶段“不知道”无法识别"), "{}", msg(6));
}

fn zip_with(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn hostile_files_get_a_clear_message_and_change_nothing() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
            "PDF",
        ),
        ("empty", Vec::new(), "空"),
        (
            "binary",
            (0..4096u32).map(|i| (i * 7 % 256) as u8).collect(),
            "不是表格",
        ),
        (
            "broken zip",
            b"PK\x03\x04\x14\x00\x00\x00garbage".to_vec(),
            "损坏",
        ),
        (
            "docx",
            zip_with(&[("word/document.xml", b"<w:document/>".to_vec())]),
            "不是 Excel",
        ),
    ];
    // A zip bomb: a 700 MB sheet of zeros that compresses to well under 1 MB.
    let bomb = {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("xl/workbook.xml", opts).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let chunk = vec![b'0'; 1 << 20];
        for _ in 0..700 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
        out.into_inner()
    };
    assert!(bomb.len() < 2 << 20, "bomb is small: {}", bomb.len());
    cases.push(("zip bomb", bomb, "压缩炸弹"));
    // Too many rows.
    let mut big = String::from("项目名称,投资方,总投资\n");
    for i in 0..200_001 {
        big.push_str(&format!("项目{i},公司{i},1\n"));
    }
    cases.push(("rows", big.into_bytes(), "超过 200000 行"));
    // A huge cell.
    let huge = format!("项目名称,投资方,总投资\n{},x,1\n", "长".repeat(40_000));
    cases.push(("huge cell", huge.into_bytes(), "超过 32767 个字符"));
    // A CSV without any header.
    cases.push(("no header", b"a,b,c\n1,2,3\n".to_vec(), "找不到表头"));
    for (what, bytes, expected) in cases {
        for apply in [false, true] {
            let r = if apply {
                f.ledger.import_apply(&bytes, &ImportOptions::default())
            } else {
                f.ledger.import_preview(&bytes, &ImportOptions::default())
            };
            let e = r.expect_err(what);
            let m = e.to_string();
            assert!(m.contains(expected), "{what}: {m}");
            assert!(m.contains("未导入任何数据"), "{what}: {m}");
        }
    }
    assert_eq!(footprint(&f.ledger), before);
}

#[test]
fn a_million_empty_rows_and_formulas_are_harmless() {
    // A sheet with 1M row elements and no cells, and a formula cell with a cached value.
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    sheet.push_str(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>投资方</t></is></c><c r="C1" t="inlineStr"><is><t>总投资(万元)</t></is></c></row>"#);
    sheet.push_str(r#"<row r="2"><c r="A2" t="inlineStr"><is><t>公式项目</t></is></c><c r="B2" t="inlineStr"><is><t>公式公司</t></is></c><c r="C2"><f>100*50</f><v>5000</v></c></row>"#);
    for r in 3..1_000_000 {
        sheet.push_str(&format!("<row r=\"{r}\"/>"));
    }
    sheet.push_str("</sheetData></worksheet>");
    let bytes = zip_with(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec()),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec()),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ]);
    let mut f = fixture();
    let started = std::time::Instant::now();
    let plan = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);
    let ps = all_projects(&f.ledger);
    assert_eq!(
        ps[0].total_investment, 50_000_000,
        "the formula's cached value"
    );
}

#[test]
fn corrected_mappings_are_remembered_per_header_layout() {
    let mut f = fixture();
    let csv = "项目名称,出资人,金额（亿元）,进度\n储能电站,华能新能源有限公司,1.5,洽谈\n";
    let plan = f
        .ledger
        .import_preview(csv.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert!(!plan.remembered_mapping);
    assert_eq!(plan.columns[1].field, None);
    assert_eq!(plan.columns[2].field, None);
    let options = ImportOptions {
        mapping: vec![
            ColumnChoice {
                column: 1,
                field: Some(Field::CompanyName),
                unit: None,
            },
            ColumnChoice {
                column: 2,
                field: Some(Field::TotalInvestment),
                unit: None,
            },
        ],
        ..Default::default()
    };
    f.ledger.import_apply(csv.as_bytes(), &options).unwrap();
    let p = &all_projects(&f.ledger)[0];
    assert_eq!(p.total_investment, 150_000_000, "亿元 from the header");
    assert_eq!(p.company_name.as_deref(), Some("华能新能源有限公司"));
    assert_eq!(p.stage, Stage::Negotiating);
    // Next time the same layout maps by itself.
    let csv2 = "项目名称,出资人,金额（亿元）,进度\n风电项目,华能新能源有限公司,2,线索\n";
    let plan = f
        .ledger
        .import_preview(csv2.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert!(plan.remembered_mapping);
    assert_eq!(plan.columns[1].field, Some(Field::CompanyName));
    assert_eq!(plan.columns[2].unit, Some(MoneyUnit::Yi));
    assert_eq!(plan.counts.create, 1);
    assert_eq!(plan.counts.companies_created, 0, "same company matched");
}

#[test]
fn duplicate_companies_merge_keeping_projects_activities_and_history() {
    let mut f = fixture();
    let a = f.company("凌源钢铁股份有限公司", "211382");
    let b = f
        .ledger
        .create_company(&CompanyInput {
            name: "凌源鋼鐵集團有限公司".into(),
            credit_code: Some("91211300MA0Y2Q3B47".into()),
            ..Default::default()
        })
        .unwrap();
    let other = f.company("鞍山钢铁有限公司", "210300");
    let mk = |f: &mut Fixture, name: &str, company: &str| {
        f.ledger
            .create_project(&NewProject {
                project: ProjectInput {
                    name: name.into(),
                    company_id: Some(company.into()),
                    total_investment: 10 * WAN,
                    ..Default::default()
                },
                first_stage: Stage::Negotiating,
                first_stage_on: d(2022, 1, 10),
            })
            .unwrap()
    };
    let pa = mk(&mut f, "铸件项目", &a.id);
    let pb = mk(&mut f, "钢材项目", &b.id);
    f.stage(&pb.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    let act = f
        .ledger
        .create_activity(&ActivityInput {
            kind: ActivityKind::IncomingVisit,
            occurred_on: d(2022, 2, 1),
            place: None,
            destination_code: None,
            summary: None,
            follow_up_on: None,
            officer_ids: vec![f.officer.id.clone()],
            company_ids: vec![b.id.clone(), other.id.clone()],
            project_ids: vec![pb.id.clone()],
        })
        .unwrap();
    let groups = f.ledger.duplicate_companies().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let ids: Vec<&str> = groups[0].companies.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec![a.id.as_str(), b.id.as_str()]);

    let kept = f.ledger.merge_companies(&a.id, &b.id).unwrap();
    assert_eq!(
        kept.credit_code.as_deref(),
        Some("91211300MA0Y2Q3B47"),
        "filled from the merged one"
    );
    assert_eq!(
        f.ledger.project(&pb.id).unwrap().company_id.as_deref(),
        Some(a.id.as_str())
    );
    assert_eq!(
        f.ledger.project(&pa.id).unwrap().company_id.as_deref(),
        Some(a.id.as_str())
    );
    let history = f.ledger.stage_history(&pb.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        f.ledger.project(&pb.id).unwrap().signed_on,
        Some(d(2022, 3, 1))
    );
    let act = f.ledger.activity(&act.id).unwrap();
    assert!(act.company_ids.contains(&a.id) && act.company_ids.contains(&other.id));
    assert!(!act.company_ids.contains(&b.id));
    assert!(f.ledger.company(&b.id).is_err(), "merged company deleted");
    assert!(f.ledger.duplicate_companies().unwrap().is_empty());
    // The old name still finds the kept company.
    let hits = f.ledger.search("凌源鋼鐵集團", 10).unwrap();
    assert!(hits.iter().any(|h| h.id == a.id), "{hits:#?}");
    // Merging two registered entities is refused.
    let c = f.ledger.create_company(&CompanyInput {
        name: "鞍山钢铁集团".into(),
        credit_code: Some("91210300MA0QBMEW12".into()),
        ..Default::default()
    });
    if let Ok(c) = c {
        let d2 = f.ledger.create_company(&CompanyInput {
            name: "鞍钢".into(),
            credit_code: Some("91211300MA0Y2Q3B47".into()),
            ..Default::default()
        });
        assert!(d2.is_err(), "credit code already taken by the kept company");
        let _ = c;
    }
}

/// A cheap deterministic generator (no seed files needed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn random_and_mutated_bytes_never_panic_and_never_write() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let seeds: Vec<Vec<u8>> = vec![
        fixture_bytes("ledger_merged.xlsx"),
        fixture_bytes("ledger_gbk.csv"),
        fixture_bytes("ledger_utf8_bom.csv"),
        fixture_bytes("ledger.xls"),
    ];
    let mut rng = Lcg(0x5eed);
    let runs = std::env::var("IMPORT_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000u32);
    for i in 0..runs {
        let mut bytes = if i % 5 == 0 {
            (0..rng.below(3000)).map(|_| rng.next() as u8).collect()
        } else {
            seeds[i as usize % seeds.len()].clone()
        };
        let n = 1 + rng.below(12);
        for _ in 0..n {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len() as u64) as usize;
            match rng.below(4) {
                0 => bytes[at] = rng.next() as u8,
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, rng.next() as u8),
                _ => bytes.truncate(at.max(1)),
            }
        }
        // Any outcome but a panic is fine; nothing may be written by a preview.
        let _ = f.ledger.import_preview(&bytes, &ImportOptions::default());
        let _ = zhaoshang_core::io::import::parse_only(&bytes);
    }
    assert_eq!(footprint(&f.ledger), before);
}

type Snapshot = Vec<(
    String,
    Option<String>,
    i64,
    Stage,
    [Option<chrono::NaiveDate>; 3],
    [bool; 4],
    Option<String>,
)>;

/// What a round trip must keep: names, company, 总投资, stage and its dates, flags, region group.
fn snapshot(l: &Ledger) -> Snapshot {
    let groups = l.region_groups().unwrap();
    let group = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| groups.iter().find(|g| &g.id == id))
            .map(|g| g.name.clone())
    };
    let mut v: Snapshot = l
        .export_rows(&ProjectFilter::default())
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.name,
                r.company,
                r.total_investment,
                r.stage,
                [r.signed_on, r.started_on, r.operating_on],
                [r.key_project, r.enclave, r.relocation, r.high_energy],
                r.region_group,
            )
        })
        .collect();
    v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let _ = group;
    v
}

#[test]
fn export_then_import_gives_the_same_ledger() {
    let mut src = fixture();
    src.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    // A few histories the file did not have: 复工 after 搁置, 终止, a manual region group.
    let p = src.project("矿山装备再制造", "130203", 76_543_210, d(2021, 2, 3));
    src.stage(&p.id, Stage::Signed, d(2021, 5, 6)).unwrap();
    src.stage(&p.id, Stage::Started, d(2021, 7, 1)).unwrap();
    src.stage(&p.id, Stage::OnHold, d(2021, 12, 1)).unwrap();
    src.stage(&p.id, Stage::Started, d(2022, 3, 15)).unwrap();
    let q = src.project("氢能重卡示范线", "310115", 3 * YI, d(2022, 2, 1));
    src.stage(&q.id, Stage::Dropped, d(2022, 8, 8)).unwrap();
    let expected = snapshot(&src.ledger);
    assert_eq!(expected.len(), 9);

    let xlsx = src
        .ledger
        .export_projects_xlsx(&ProjectFilter::default())
        .unwrap();
    let csv = src
        .ledger
        .export_projects_csv(&ProjectFilter::default())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("台账.xlsx", &xlsx), ("台账.csv", &csv)] {
        // Real files on disk, read back by the importer.
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut dst = fixture();
        let plan = dst
            .ledger
            .import_file(&path, &ImportOptions::default(), true)
            .unwrap();
        assert_eq!(plan.counts.error, 0, "{name}: {:#?}", plan.rows);
        assert_eq!(plan.counts.create, 9, "{name}");
        assert!(
            plan.warnings.is_empty(),
            "{name}: every column maps: {:?}",
            plan.warnings
        );
        assert_eq!(snapshot(&dst.ledger), expected, "{name}");
        let back = dst
            .ledger
            .list_projects(&ProjectFilter {
                search: Some("矿山装备".into()),
                ..Default::default()
            })
            .unwrap();
        let back = dst.ledger.project(&back.rows[0].id).unwrap();
        assert_eq!(
            back.construction_kind,
            Some(ConstructionKind::Resumed),
            "{name}"
        );
        // And importing the export into the ledger it came from changes nothing.
        let again = src
            .ledger
            .import_file(&path, &ImportOptions::default(), false)
            .unwrap();
        assert_eq!(again.counts.unchanged, 9, "{name}: {:#?}", again.rows);
    }
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn ledger_export_layout_and_filter() {
    let mut f = fixture();
    f.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    let filter = ProjectFilter {
        stages: vec![Stage::Signed, Stage::Started],
        sort: ProjectSort::TotalInvestment,
        descending: true,
        ..Default::default()
    };
    let bytes = f.ledger.export_projects_xlsx(&filter).unwrap();
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<pane"), "frozen header");
    assert!(sheet.contains("<autoFilter"), "autofilter");
    assert!(
        sheet.contains("<col ") && sheet.contains("customWidth=\"1\""),
        "widths set"
    );
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("项目台账").unwrap();
    assert_eq!(range.get((1, 0)), Some(&Data::String("序号".into())));
    assert_eq!(
        range.get((1, 7)),
        Some(&Data::String("总投资(万元)".into()))
    );
    let rows: Vec<_> = range.rows().skip(2).collect();
    assert_eq!(rows.len(), 3, "signed or started only");
    assert_eq!(rows[0][0], Data::Float(1.0));
    assert_eq!(rows[0][1], Data::String("文旅康养小镇".into()));
    assert_eq!(rows[0][7], Data::Float(100_000.0), "万元");
}

#[test]
fn report_workbook_has_summary_breakdowns_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = zhaoshang_demo::create_demo_ledger(&dir.path().join("demo.sqlite3")).unwrap();
    let query = ReportQuery {
        period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
        scope: Scope::default(),
    };
    let report = ledger.report(&query).unwrap();
    let bytes = ledger.export_report_xlsx(&query).unwrap();
    assert!(zip_part(&bytes, "xl/charts/chart1.xml").contains("c:barChart"));
    assert!(zip_part(&bytes, "xl/charts/chart3.xml").contains("c:lineChart"));
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["汇总", "按来源区域", "按产业链", "按招商团队", "月度"]
    );
    let summary = book.worksheet_range("汇总").unwrap();
    let text = match summary.get((2, 0)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("{other:?}"),
    };
    assert!(text.starts_with(&report.briefing), "{text}");
    assert_eq!(
        summary.get((7, 0)),
        Some(&Data::String("签约项目（个）".into()))
    );
    assert_eq!(
        summary.get((7, 1)),
        Some(&Data::Float(report.metrics.signed as f64))
    );
    let regions = book.worksheet_range("按来源区域").unwrap();
    let jjj = regions
        .rows()
        .find(|r| r[0] == Data::String("京津冀".into()))
        .expect("京津冀 row");
    let m = &report
        .by_region_group
        .iter()
        .find(|b| b.label == "京津冀")
        .unwrap()
        .metrics;
    assert_eq!(jjj[1], Data::Float(m.trips as f64));
    assert_eq!(jjj[3], Data::Float(m.signed as f64));
}

/// An import is one action: every row it created is in the change log under one action id,
/// and one 撤销 reverts the whole import (projects, their stage histories, new companies).
#[test]
fn one_undo_reverts_a_whole_import() {
    let mut f = fixture();
    let before = all_projects(&f.ledger).len();
    let bytes = fixture_bytes("ledger_merged.xlsx");
    let plan = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.counts.create, 7);
    let ps = all_projects(&f.ledger);
    assert_eq!(ps.len(), before + 7);
    let mut actions = std::collections::BTreeSet::new();
    for p in &ps {
        let log = f.ledger.history("projects", &p.id).unwrap();
        let created = log
            .iter()
            .find(|e| e.table_name == "projects" && e.field == "*")
            .unwrap_or_else(|| panic!("{} has no creation entry: {log:#?}", p.name));
        actions.insert(created.tx_id.clone());
        let stages = f.ledger.stage_history(&p.id).unwrap();
        assert!(!stages.is_empty());
        for s in &stages {
            let e = log
                .iter()
                .find(|e| e.table_name == "stage_changes" && e.row_id == s.id && e.field == "*")
                .unwrap_or_else(|| panic!("{}: stage {:?} not logged", p.name, s.to_stage));
            assert_eq!(e.tx_id, created.tx_id, "one action for the whole import");
        }
    }
    assert_eq!(actions.len(), 1, "{actions:?}");
    let steel = f.ledger.search_companies("凌源钢铁", 10).unwrap();
    assert_eq!(steel.len(), 1);

    let action = f
        .ledger
        .last_undoable()
        .unwrap()
        .expect("the import can be undone");
    assert_eq!(Some(&action.tx_id), actions.iter().next());
    f.ledger.undo(&action.tx_id).unwrap();
    assert_eq!(
        all_projects(&f.ledger).len(),
        before,
        "every imported project is gone"
    );
    assert!(f
        .ledger
        .search_companies("凌源钢铁", 10)
        .unwrap()
        .is_empty());
    assert!(f.ledger.search("凌源钢铁", 10).unwrap().is_empty());

    // The same file imports again as the first time.
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 7, "{:#?}", again.rows);
    assert_eq!(all_projects(&f.ledger).len(), before + 7);
}

/// 招商活动台账: each row an activity, people and companies matched by name (new ones
/// created), projects linked by name, an unknown kind refused with its row, and the same
/// file imported twice adds nothing.
#[test]
fn activities_sheet_imports_activities_linked_to_projects() {
    let mut f = fixture();
    f.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    let bytes = fixture_bytes("activities.xlsx");
    let before = footprint(&f.ledger);
    let plan = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(footprint(&f.ledger), before, "a dry run writes nothing");
    assert!(plan.activities);
    assert_eq!(plan.header_rows, vec![2]);
    assert_eq!(plan.counts.create, 6, "{:#?}", plan.rows);
    assert_eq!(plan.counts.error, 1, "{:#?}", plan.rows);
    let bad = plan
        .rows
        .iter()
        .find(|r| r.action == RowAction::Error)
        .unwrap();
    assert_eq!(bad.row, 8);
    assert!(bad.message.contains("聚餐"), "{}", bad.message);
    let total = plan.rows.iter().find(|r| r.row == 10).unwrap();
    assert_eq!(total.action, RowAction::Skip);
    let phone = plan.rows.iter().find(|r| r.row == 7).unwrap();
    assert!(phone.message.contains("不在台账中"), "{}", phone.message);

    // Refused whole while a row is wrong.
    let refused = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap_err();
    assert!(refused.to_string().contains("第8行"), "{refused}");
    assert_eq!(footprint(&f.ledger), before);

    let skip = ImportOptions {
        skip_invalid_rows: true,
        ..Default::default()
    };
    let done = f.ledger.import_apply(&bytes, &skip).unwrap();
    assert_eq!(done.counts.create, 6);
    assert_eq!(
        done.counts.officers_created, 0,
        "everyone is in the ledger already"
    );
    let ps = all_projects(&f.ledger);
    let casting = by_name(&ps, "年产10万吨精密铸件项目");
    let acts = f.ledger.project_activities(&casting.id).unwrap();
    assert_eq!(acts.len(), 1, "{acts:#?}");
    let trip = &acts[0];
    assert_eq!(trip.kind, ActivityKind::OutboundTrip);
    assert_eq!(trip.occurred_on, d(2022, 3, 2));
    assert_eq!(trip.officer_ids.len(), 2, "{trip:#?}");
    assert_eq!(trip.company_ids, vec![casting.company_id.clone().unwrap()]);
    assert_eq!(trip.destination_code.as_deref(), Some("110108"), "海淀区");
    let signing = by_name(&ps, "特种钢材深加工项目");
    let acts = f.ledger.project_activities(&signing.id).unwrap();
    assert_eq!(acts[0].kind, ActivityKind::SigningCeremony);
    assert_eq!(acts[0].occurred_on, d(2022, 6, 28));
    // 外出招商 counts in the report as a trip.
    let report = f
        .ledger
        .report(&ReportQuery {
            period: Period {
                from: d(2022, 1, 1),
                to: d(2022, 6, 30),
            },
            scope: Scope::default(),
        })
        .unwrap();
    assert_eq!(report.metrics.trips, 1);

    let again = f.ledger.import_apply(&bytes, &skip).unwrap();
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.unchanged, 6);
}

/// A corrupt .xls whose directory claims a 4 GB stream (found by the bounded fuzz runner):
/// refused with a message, nothing allocated on trust, nothing written.
#[test]
fn xls_claiming_a_huge_stream_is_refused() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let bytes = fixture_bytes("corrupt_xls_4gb_stream.bin");
    let e = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap_err();
    assert!(e.to_string().contains("文件已损坏"), "{e}");
    assert_eq!(footprint(&f.ledger), before);
    // The well-formed .xls still reads.
    let ok = f
        .ledger
        .import_preview(&fixture_bytes("ledger.xls"), &ImportOptions::default())
        .unwrap();
    assert_eq!(ok.counts.create, 7);
}

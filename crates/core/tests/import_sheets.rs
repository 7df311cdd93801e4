//! The importer finding its way in sheets of each kind (项目台账, 招商活动台账, 企业名录):
//! an unusual header corrected by the user and remembered for activities and company sheets,
//! directory words, titles and two-row merged headers, and a sheet whose header cannot be found.

use crate::common::*;
use crate::import_support::*;
use zhaoshang_core::io::import::{ColumnChoice, Field, ImportOptions, RowAction, SheetKind};
use zhaoshang_core::*;

/// An activities sheet whose date column is headed 拜访日期: not recognized by itself; read as
/// a 招商活动台账 with the column mapped by the user it imports, and the next file with the same
/// header imports the same way with no correction.
#[test]
fn activities_sheet_with_an_unusual_header_imports_after_correction_and_is_remembered() {
    let mut f = fixture();
    let header = "拜访日期,类型,带队领导,企业,内容";
    let csv = format!("{header}\n2022-03-02,外出招商,王磊,凌源钢铁股份有限公司,洽谈精密铸件扩产\n");
    let before = footprint(&f.ledger);
    let refused = f
        .ledger
        .import_preview(csv.as_bytes(), &ImportOptions::default())
        .unwrap_err();
    assert!(refused.to_string().contains("表头"), "{refused}");
    // The user says what the sheet is: its columns are shown, the date column unmapped.
    let as_activities = ImportOptions {
        kind: Some(SheetKind::Activities),
        ..Default::default()
    };
    let plan = f
        .ledger
        .import_preview(csv.as_bytes(), &as_activities)
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Activities);
    assert!(plan.activities);
    assert_eq!(plan.columns[0].header, "拜访日期");
    assert_eq!(plan.columns[0].field, None);
    assert_eq!(plan.columns[1].field, Some(Field::ActivityKind));
    assert_eq!(plan.columns[2].field, Some(Field::Participants));
    assert_eq!(plan.columns[3].field, Some(Field::CompanyName));
    assert_eq!(plan.columns[4].field, Some(Field::ActivityContent));
    assert!(plan.fields.contains(&Field::ActivityDate));
    assert_eq!(plan.counts.error, 1, "{:#?}", plan.rows);
    assert!(plan.rows[0].message.contains("日期"), "{:?}", plan.rows[0]);
    assert!(
        plan.warnings.iter().any(|w| w.contains("“日期”")),
        "{:?}",
        plan.warnings
    );
    // The correction.
    let corrected = ImportOptions {
        kind: Some(SheetKind::Activities),
        mapping: vec![ColumnChoice {
            column: 0,
            field: Some(Field::ActivityDate),
            unit: None,
        }],
        ..Default::default()
    };
    let plan = f.ledger.import_preview(csv.as_bytes(), &corrected).unwrap();
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);
    assert_eq!(footprint(&f.ledger), before, "previews write nothing");
    let done = f.ledger.import_apply(csv.as_bytes(), &corrected).unwrap();
    assert_eq!(done.counts.create, 1);
    assert_eq!(done.counts.companies_created, 1);
    let acts: i64 = f
        .ledger
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM activities WHERE occurred_on = '2022-03-02' AND deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(acts, 1);

    // Next month's sheet, same header: imported with no correction.
    let next = format!("{header}\n2022-04-08,来访接待,王磊,凌源钢铁股份有限公司,考察园区\n");
    let plan = f
        .ledger
        .import_preview(next.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Activities);
    assert!(plan.remembered_mapping);
    assert_eq!(plan.columns[0].field, Some(Field::ActivityDate));
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);
    assert_eq!(plan.counts.companies_created, 0, "the company is known");
    let done = f
        .ledger
        .import_apply(next.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(done.counts.create, 1);
    // The first file again: nothing new.
    let again = f
        .ledger
        .import_apply(csv.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.unchanged, 1);
}

/// A company directory naming its company column 单位全称: detected as a directory (credit
/// code, industry, contacts) with the name unmapped, every row refused; mapped by the user it
/// imports, and the same header is read the same way next time.
#[test]
fn company_sheet_with_an_unusual_header_imports_after_correction_and_is_remembered() {
    let mut f = fixture();
    let header = "单位全称,信用代码,所属行业,联系人,电话";
    let csv = format!(
        "{header}\n凌源钢铁股份有限公司,91211300MA0Y2Q3B47,钢铁,张建国,0421-6831234\n\
         天津绿能新能源有限公司,,新能源,周宁,\n"
    );
    let plan = f
        .ledger
        .import_preview(csv.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Companies);
    assert_eq!(plan.columns[0].field, None);
    assert_eq!(plan.counts.error, 2, "{:#?}", plan.rows);
    assert!(plan.rows[0].message.contains("未填企业名称"));
    assert!(plan.warnings.iter().any(|w| w.contains("企业名称")));
    let corrected = ImportOptions {
        kind: Some(SheetKind::Companies),
        mapping: vec![ColumnChoice {
            column: 0,
            field: Some(Field::CompanyName),
            unit: None,
        }],
        ..Default::default()
    };
    let done = f.ledger.import_apply(csv.as_bytes(), &corrected).unwrap();
    assert_eq!(done.counts.create, 2, "{:#?}", done.rows);
    assert!(!done.remembered_mapping);

    let next = format!("{header}\n苏州禾丰食品有限公司,,食品,,0512-66881234\n");
    let plan = f
        .ledger
        .import_preview(next.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Companies);
    assert!(plan.remembered_mapping);
    assert_eq!(plan.columns[0].field, Some(Field::CompanyName));
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);
    f.ledger
        .import_apply(next.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(companies(&f.ledger).len(), 3);
}

/// A directory named in its own words (注册地, 所在地) is still recognized; and a sheet the
/// user said is a project ledger stays one next time, though it looks like a directory.
#[test]
fn directory_words_are_recognized_and_a_chosen_kind_wins_next_time() {
    let mut f = fixture();
    let csv = "企业名称,注册地,联系人\n凌源钢铁股份有限公司,辽宁省朝阳市凌源市,张建国\n";
    let plan = f
        .ledger
        .import_preview(csv.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Companies);
    assert_eq!(plan.columns[1].field, Some(Field::Origin));
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);

    let header = "企业名称,统一社会信用代码,所属行业,联系人,意向内容";
    let sheet = format!("{header}\n天津绿能新能源有限公司,,新能源,周宁,储能电站二期\n");
    let plan = f
        .ledger
        .import_preview(sheet.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Companies, "it looks like a directory");
    let as_projects = ImportOptions {
        kind: Some(SheetKind::Projects),
        mapping: vec![ColumnChoice {
            column: 4,
            field: Some(Field::ProjectName),
            unit: None,
        }],
        ..Default::default()
    };
    let done = f
        .ledger
        .import_apply(sheet.as_bytes(), &as_projects)
        .unwrap();
    assert_eq!(done.kind, SheetKind::Projects);
    assert_eq!(done.counts.create, 1, "{:#?}", done.rows);
    let next = format!("{header}\n苏州禾丰食品有限公司,,食品,,冷库二期\n");
    let plan = f
        .ledger
        .import_preview(next.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Projects, "as the user said last time");
    assert!(plan.remembered_mapping);
    assert_eq!(plan.rows[0].project_name.as_deref(), Some("冷库二期"));
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);
}

// ---------------------------------------------------------------------------------------------
// Multi-row merged headers for activities sheets and company directories
// (`tests/fixtures/*_two_row_header.{xlsx,csv}`, made by
// `cargo run -p zhaoshang-core --example make_header_fixtures`): found below a title and a
// 填报 row like a project ledger's, by the same header code.

fn column(plan: &io::import::ImportPlan, col: u32) -> &io::import::ColumnMapping {
    plan.columns
        .iter()
        .find(|c| c.column == col)
        .unwrap_or_else(|| panic!("no column {col}: {:#?}", plan.columns))
}

/// The names of the people who took part in the activity of `on` (a date), in order.
fn participants(l: &Ledger, on: &str) -> Vec<String> {
    let mut stmt = l
        .connection()
        .prepare(
            "SELECT o.name FROM activities a JOIN activity_officers ao ON ao.activity_id = a.id
             JOIN officers o ON o.id = ao.officer_id
             WHERE a.occurred_on = ?1 AND a.deleted_at IS NULL ORDER BY ao.position",
        )
        .unwrap();
    stmt.query_map([on], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn count(l: &Ledger, sql: &str) -> i64 {
    l.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn activities_sheet_with_a_title_and_a_two_row_merged_header() {
    let mut f = fixture();
    let (bytes, plan) = f.dry_run("activities_two_row_header.xlsx");
    assert_eq!(plan.kind, SheetKind::Activities, "{:#?}", plan.columns);
    assert!(plan.activities);
    assert_eq!(
        plan.header_rows,
        vec![3, 4],
        "below the title and the 填报 row"
    );
    assert_eq!(column(&plan, 0).field, None, "序号");
    assert_eq!(
        column(&plan, 1).header,
        "活动时间",
        "merged down: named once"
    );
    assert_eq!(column(&plan, 1).field, Some(Field::ActivityDate));
    assert_eq!(column(&plan, 2).field, Some(Field::ActivityKind));
    assert_eq!(column(&plan, 3).field, Some(Field::ActivityPlace));
    assert_eq!(column(&plan, 4).header, "对接情况/对接企业");
    assert_eq!(column(&plan, 4).field, Some(Field::CompanyName));
    assert_eq!(column(&plan, 5).header, "对接情况/洽谈项目");
    assert_eq!(column(&plan, 5).field, Some(Field::ProjectName));
    assert_eq!(column(&plan, 6).header, "参加人员/带队领导");
    assert_eq!(column(&plan, 6).field, Some(Field::Participants));
    assert_eq!(column(&plan, 7).header, "参加人员/责任人");
    assert_eq!(
        column(&plan, 7).field,
        Some(Field::Participants),
        "both columns under 参加人员 name people"
    );
    assert_eq!(column(&plan, 8).field, Some(Field::ActivityContent));
    assert_eq!(column(&plan, 9).field, None, "备注");
    // The column not imported is said, 序号 is not.
    let ignored = plan
        .warnings
        .iter()
        .find(|w| w.contains("未导入"))
        .unwrap_or_else(|| panic!("{:?}", plan.warnings));
    assert!(ignored.contains("备注"), "{ignored}");
    assert!(!ignored.contains("序号"), "{ignored}");
    // Row numbers are the spreadsheet's: data from row 5, the 合计 row is 10.
    let numbers: Vec<u32> = plan.rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, vec![5, 6, 7, 8, 9, 10]);
    assert_eq!(plan.counts.create, 5, "{:#?}", plan.rows);
    assert_eq!(plan.counts.error, 0, "{:#?}", plan.rows);
    assert_eq!(row(&plan, 10).action, RowAction::Skip, "合计");
    assert!(
        row(&plan, 5).message.contains("新能源汽车零部件产业园"),
        "a project the ledger lacks is reported: {:?}",
        row(&plan, 5)
    );

    let done = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert!(done.applied);
    assert_eq!(done.counts.create, 5);
    assert_eq!(
        count(
            &f.ledger,
            "SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL"
        ),
        5
    );
    // 带队领导 and every 责任人, from both columns.
    assert_eq!(
        participants(&f.ledger, "2022-03-15"),
        ["李明", "王磊", "刘洋"]
    );
    assert_eq!(participants(&f.ledger, "2022-04-08"), ["赵强"]);
    let summary: String = f
        .ledger
        .connection()
        .query_row(
            "SELECT summary FROM activities WHERE occurred_on = '2022-05-20'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(summary, "京津冀产业转移（天津）推介会");
    assert_eq!(
        count(
            &f.ledger,
            "SELECT COUNT(*) FROM activity_companies ac JOIN activities a ON a.id = ac.activity_id
             WHERE a.occurred_on = '2022-05-20'"
        ),
        2,
        "two companies in one cell"
    );
    let cs = companies(&f.ledger);
    assert_eq!(cs.len(), 3, "{cs:#?}");

    // The same file again creates nothing.
    let again_before = footprint(&f.ledger);
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.unchanged, 5, "{:#?}", again.rows);
    let mut after = footprint(&f.ledger);
    let mut expected = again_before;
    after.remove(6);
    expected.remove(6);
    assert_eq!(after, expected, "only the change log may move");

    // The CSV as WPS saves it (GBK, a merged cell's text in its first cell only): the same
    // header rows and mapping, and the same activities, so nothing new.
    let csv = f
        .ledger
        .import_preview(
            &fixture_bytes("activities_two_row_header.csv"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(csv.kind, SheetKind::Activities);
    assert_eq!(csv.header_rows, vec![3, 4]);
    assert_eq!(column(&csv, 1).field, Some(Field::ActivityDate));
    assert_eq!(column(&csv, 4).header, "对接情况/对接企业");
    assert_eq!(column(&csv, 4).field, Some(Field::CompanyName));
    assert_eq!(column(&csv, 5).header, "对接情况/洽谈项目");
    assert_eq!(column(&csv, 5).field, Some(Field::ProjectName));
    assert_eq!(column(&csv, 6).field, Some(Field::Participants));
    assert_eq!(column(&csv, 7).field, Some(Field::Participants));
    assert_eq!(column(&csv, 9).field, None);
    let numbers: Vec<u32> = csv.rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, vec![5, 6, 7, 8, 9, 10]);
    assert_eq!(csv.counts.create, 0, "{:#?}", csv.rows);
    assert_eq!(csv.counts.unchanged, 5, "{:#?}", csv.rows);
}

#[test]
fn activities_csv_with_a_two_row_header_imports_into_an_empty_ledger() {
    let mut f = fixture();
    let bytes = fixture_bytes("activities_two_row_header.csv");
    let done = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(done.kind, SheetKind::Activities);
    assert_eq!(done.counts.create, 5, "{:#?}", done.rows);
    assert_eq!(done.counts.skip, 1, "合计");
    assert_eq!(
        participants(&f.ledger, "2022-03-15"),
        ["李明", "王磊", "刘洋"]
    );
    assert_eq!(participants(&f.ledger, "2022-06-28"), ["李明", "王磊"]);
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.unchanged, 5);
}

#[test]
fn company_directory_with_a_title_and_a_two_row_merged_header() {
    let mut f = fixture();
    let (bytes, plan) = f.dry_run("companies_two_row_header.xlsx");
    assert_eq!(plan.kind, SheetKind::Companies, "{:#?}", plan.columns);
    assert_eq!(plan.header_rows, vec![3, 4]);
    assert_eq!(column(&plan, 0).header, "序号");
    assert_eq!(column(&plan, 1).header, "企业基本信息/企业名称");
    assert_eq!(column(&plan, 1).field, Some(Field::CompanyName));
    assert_eq!(column(&plan, 2).header, "企业基本信息/统一社会信用代码");
    assert_eq!(column(&plan, 2).field, Some(Field::CreditCode));
    assert_eq!(column(&plan, 3).field, Some(Field::Industry));
    assert_eq!(column(&plan, 4).field, Some(Field::Origin), "注册地");
    assert_eq!(column(&plan, 5).header, "联系方式/联系人");
    assert_eq!(column(&plan, 5).field, Some(Field::ContactPerson));
    assert_eq!(column(&plan, 6).field, Some(Field::ContactPhone));
    assert_eq!(column(&plan, 7).header, "备注");
    assert_eq!(column(&plan, 7).field, Some(Field::Notes));
    let numbers: Vec<u32> = plan.rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, vec![5, 6, 7, 8, 9]);
    assert_eq!(plan.counts.create, 4, "{:#?}", plan.rows);
    assert_eq!(plan.counts.skip, 1, "合计: {:#?}", plan.rows);

    let done = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(done.counts.create, 4);
    let cs = companies(&f.ledger);
    assert_eq!(cs.len(), 4, "{cs:#?}");
    let steel = company(&cs, "凌源钢铁股份有限公司");
    assert_eq!(steel.credit_code.as_deref(), Some("91211300MA0Y2Q3B47"));
    assert_eq!(steel.origin_code.as_deref(), Some("211382"), "凌源市");
    assert_eq!(steel.contact_person.as_deref(), Some("张建国"));
    assert_eq!(steel.notes.as_deref(), Some("市级重点企业"));
    let tianjin = company(&cs, "天津绿能新能源有限公司");
    assert_eq!(tianjin.contact_phone.as_deref(), Some("13802212345"));
    assert_eq!(tianjin.notes.as_deref(), Some("储能二期意向"));

    // The same file again creates nothing.
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.update, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.unchanged, 4);
    assert_eq!(companies(&f.ledger).len(), 4);

    // The CSV (UTF-8 with a BOM, no merge information): 序号 and 备注 sit in the upper header
    // row over empty cells and are still read.
    let csv = f
        .ledger
        .import_preview(
            &fixture_bytes("companies_two_row_header.csv"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(csv.kind, SheetKind::Companies);
    assert_eq!(csv.header_rows, vec![3, 4]);
    assert_eq!(column(&csv, 0).header, "序号");
    assert_eq!(column(&csv, 1).field, Some(Field::CompanyName));
    assert_eq!(column(&csv, 2).field, Some(Field::CreditCode));
    assert_eq!(column(&csv, 5).field, Some(Field::ContactPerson));
    assert_eq!(column(&csv, 6).field, Some(Field::ContactPhone));
    assert_eq!(column(&csv, 7).header, "备注");
    assert_eq!(column(&csv, 7).field, Some(Field::Notes));
    let numbers: Vec<u32> = csv.rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, vec![5, 6, 7, 8, 9]);
    assert_eq!(csv.counts.create, 0, "{:#?}", csv.rows);
    assert_eq!(csv.counts.unchanged, 4, "{:#?}", csv.rows);
}

/// A correction to a two-row header's mapping is remembered for that header: the next file
/// with it is read the same way with no correction and no kind chosen.
#[test]
fn a_corrected_mapping_of_a_two_row_header_is_remembered() {
    let mut f = fixture();
    let acts = fixture_bytes("activities_two_row_header.xlsx");
    // The office links no projects from this sheet: 洽谈项目 is not imported.
    let corrected = ImportOptions {
        mapping: vec![ColumnChoice {
            column: 5,
            field: None,
            unit: None,
        }],
        ..Default::default()
    };
    let plan = f.ledger.import_preview(&acts, &corrected).unwrap();
    assert_eq!(plan.kind, SheetKind::Activities);
    assert_eq!(column(&plan, 5).field, None);
    assert!(!plan.remembered_mapping);
    let signature = plan.signature.clone();
    f.ledger.import_apply(&acts, &corrected).unwrap();
    let plan = f
        .ledger
        .import_preview(&acts, &ImportOptions::default())
        .unwrap();
    assert!(plan.remembered_mapping, "{:#?}", plan.columns);
    assert_eq!(plan.signature, signature);
    assert_eq!(plan.kind, SheetKind::Activities);
    assert_eq!(plan.header_rows, vec![3, 4]);
    assert_eq!(column(&plan, 5).field, None, "as corrected");
    assert_eq!(column(&plan, 4).field, Some(Field::CompanyName));
    assert_eq!(column(&plan, 7).field, Some(Field::Participants));
    assert_eq!(plan.counts.unchanged, 5, "{:#?}", plan.rows);

    // A company directory's two-row header whose 备注 the office keeps to itself: not
    // imported, and remembered so.
    let dir = fixture_bytes("companies_two_row_header.xlsx");
    let corrected = ImportOptions {
        kind: Some(SheetKind::Companies),
        mapping: vec![ColumnChoice {
            column: 7,
            field: None,
            unit: None,
        }],
        ..Default::default()
    };
    let done = f.ledger.import_apply(&dir, &corrected).unwrap();
    assert_eq!(done.header_rows, vec![3, 4]);
    assert_eq!(column(&done, 7).field, None);
    assert!(
        done.warnings.iter().any(|w| w == "以下列未导入：备注"),
        "the column left out is said: {:?}",
        done.warnings
    );
    let steel = company(&companies(&f.ledger), "凌源钢铁股份有限公司").clone();
    assert_eq!(steel.notes, None, "备注 not imported");
    let plan = f
        .ledger
        .import_preview(&dir, &ImportOptions::default())
        .unwrap();
    assert!(plan.remembered_mapping);
    assert_eq!(plan.kind, SheetKind::Companies);
    assert_eq!(column(&plan, 7).field, None, "as corrected");
    assert_eq!(column(&plan, 1).field, Some(Field::CompanyName));
}

/// A sheet whose header cannot be found is refused with a Chinese message saying what a header
/// should name, whatever kind the user chose; nothing is written.
#[test]
fn a_sheet_without_a_findable_header_is_refused_clearly() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let csv = "2022年上半年外出招商活动台账\n\
               填报单位：凌源市招商局\n\
               甲,乙,丙\n\
               ,丁,戊\n\
               1,2,3\n";
    let err = f
        .ledger
        .import_preview(csv.as_bytes(), &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("找不到表头"), "{err}");
    assert!(err.contains("项目名称"), "says what a header names: {err}");
    assert!(err.contains("未导入任何数据"), "{err}");
    // Rows of one cell each: no header row for any kind.
    let titles = "2022年上半年外出招商活动台账\n填报单位：凌源市招商局\n说明：见附件\n";
    for (kind, words) in [
        (SheetKind::Activities, "招商活动台账的表头"),
        (SheetKind::Companies, "企业名录的表头"),
    ] {
        let options = ImportOptions {
            kind: Some(kind),
            ..Default::default()
        };
        let err = f
            .ledger
            .import_apply(titles.as_bytes(), &options)
            .unwrap_err()
            .to_string();
        assert!(err.contains(words), "{kind:?}: {err}");
        assert!(err.contains("未导入任何数据"), "{err}");
    }
    assert_eq!(footprint(&f.ledger), before, "nothing written");
}

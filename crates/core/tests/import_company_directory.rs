//! Company directories (企业名录: `tests/fixtures/companies.xlsx` and its GBK CSV, made by
//! `cargo run -p zhaoshang-core --example make_companies_fixture`): dry run, apply, atomicity,
//! re-import and undo, known companies' empty fields filled, and a project ledger read as one.

use crate::common::*;
use crate::import_support::*;
use zhaoshang_core::io::import::{Field, ImportOptions, RowAction, SheetKind};
use zhaoshang_core::*;

fn industry_name(l: &Ledger, id: &Option<String>) -> Option<String> {
    let id = id.as_ref()?;
    l.industries()
        .unwrap()
        .into_iter()
        .find(|i| &i.id == id)
        .map(|i| i.name)
}

#[test]
fn company_directory_dry_run_apply_and_reimport() {
    let mut f = fixture();
    let (bytes, plan) = f.dry_run("companies.xlsx");
    assert_eq!(plan.kind, SheetKind::Companies);
    assert!(!plan.activities);
    assert_eq!(plan.header_rows, vec![2], "below the merged title row");
    let field = |col: u32| plan.columns.iter().find(|c| c.column == col).unwrap().field;
    assert_eq!(field(1), Some(Field::CompanyName));
    assert_eq!(field(2), Some(Field::CreditCode));
    assert_eq!(field(3), Some(Field::Industry));
    assert_eq!(field(4), Some(Field::Origin), "注册地");
    assert_eq!(field(5), Some(Field::ContactPerson));
    assert_eq!(field(6), Some(Field::ContactPhone));
    assert_eq!(field(7), Some(Field::LegalRepresentative));
    assert_eq!(field(8), Some(Field::Notes));
    assert!(plan.fields.contains(&Field::CreditCode));
    assert!(!plan.fields.contains(&Field::ProjectName));
    assert_eq!(plan.counts.create, 4, "{:#?}", plan.rows);
    assert_eq!(plan.counts.skip, 4, "{:#?}", plan.rows);
    assert_eq!(plan.counts.error, 0, "{:#?}", plan.rows);
    assert_eq!(plan.counts.companies_created, 4);
    assert_eq!(row(&plan, 3).action, RowAction::Create);
    assert!(
        row(&plan, 3).message.contains("新建企业"),
        "{:?}",
        row(&plan, 3)
    );
    let bad_code = row(&plan, 7);
    assert_eq!(bad_code.action, RowAction::Skip);
    assert!(bad_code.message.contains("校验位"), "{}", bad_code.message);
    let mars = row(&plan, 8);
    assert_eq!(mars.action, RowAction::Skip);
    assert!(mars.message.contains("火星基地"), "{}", mars.message);
    let twice = row(&plan, 9);
    assert_eq!(twice.action, RowAction::Skip);
    assert!(twice.message.contains("第3行"), "{}", twice.message);
    assert_eq!(row(&plan, 10).action, RowAction::Skip, "合计");

    let done = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert!(done.applied);
    assert_eq!(done.counts.create, 4);
    let cs = companies(&f.ledger);
    assert_eq!(cs.len(), 4, "{cs:#?}");
    let steel = company(&cs, "凌源钢铁股份有限公司");
    assert_eq!(steel.credit_code.as_deref(), Some("91211300MA0Y2Q3B47"));
    assert_eq!(steel.origin_code.as_deref(), Some("211382"), "凌源市");
    assert_eq!(steel.contact_person.as_deref(), Some("张建国"));
    assert_eq!(steel.contact_phone.as_deref(), Some("0421-6831234"));
    assert_eq!(steel.notes.as_deref(), Some("市级重点企业"));
    assert_eq!(
        industry_name(&f.ledger, &steel.industry_id).as_deref(),
        Some("钢铁冶金")
    );
    let tianjin = company(&cs, "天津绿能新能源有限公司");
    assert_eq!(tianjin.credit_code, None);
    assert_eq!(tianjin.notes.as_deref(), Some("储能二期意向"));
    // Found by search like any company.
    assert_eq!(f.ledger.search_companies("禾丰", 10).unwrap().len(), 1);
    assert!(!f.ledger.search("华夏汽车", 10).unwrap().is_empty());

    // The same file again creates nothing.
    let again_before = footprint(&f.ledger);
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.update, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.unchanged, 4);
    assert_eq!(companies(&f.ledger).len(), 4);
    let mut after = footprint(&f.ledger);
    let mut expected = again_before.clone();
    // The change log may count the (empty) action; nothing else moves.
    after.remove(4);
    expected.remove(4);
    assert_eq!(after, expected);

    // The GBK CSV (same rows, no title) matches the same companies.
    let csv = f
        .ledger
        .import_preview(
            &fixture_bytes("companies_gbk.csv"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(csv.kind, SheetKind::Companies);
    assert_eq!(csv.header_rows, vec![1]);
    assert_eq!(csv.counts.create, 0, "{:#?}", csv.rows);
    assert_eq!(csv.counts.unchanged, 4, "{:#?}", csv.rows);
    assert_eq!(csv.counts.skip, 3, "{:#?}", csv.rows);
}

/// Companies the ledger has from a project ledger: matched by credit code, then by normalized
/// name, and only their empty fields filled.
#[test]
fn company_directory_fills_empty_fields_of_known_companies() {
    let mut f = fixture();
    f.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    let known = companies(&f.ledger).len();
    let huaxia_before = company(&companies(&f.ledger), "北京华夏汽车科技有限公司").clone();
    assert_eq!(huaxia_before.credit_code, None);
    let plan = f
        .ledger
        .import_apply(&fixture_bytes("companies.xlsx"), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.counts.error, 0, "{:#?}", plan.rows);
    let steel = row(&plan, 3);
    assert_eq!(steel.action, RowAction::Update, "{steel:?}");
    assert!(steel.message.contains("补充"), "{}", steel.message);
    let huaxia = row(&plan, 4);
    assert_eq!(huaxia.action, RowAction::Update, "{huaxia:?}");
    assert!(
        huaxia.message.contains("统一社会信用代码"),
        "{}",
        huaxia.message
    );
    let cs = companies(&f.ledger);
    let new = plan.counts.companies_created as usize;
    assert_eq!(cs.len(), known + new, "{:#?}", plan.rows);
    let h = company(&cs, "北京华夏汽车科技有限公司");
    assert_eq!(h.id, huaxia_before.id, "the same company, filled");
    assert!(h.credit_code.is_some());
    assert_eq!(h.origin_code, huaxia_before.origin_code, "kept as it was");
    assert_eq!(h.contact_person.as_deref(), Some("刘芳"));
    // Its projects still point to it.
    let projects = f
        .ledger
        .list_projects(&ProjectFilter {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(projects
        .rows
        .iter()
        .any(|p| p.company_name.as_deref() == Some("北京华夏汽车科技有限公司")));
}

/// One row that cannot be written (a name over 100 characters): the import is refused and
/// nothing is written; with skip_invalid_rows the others are imported.
#[test]
fn a_bad_company_row_writes_nothing() {
    let mut f = fixture();
    let long = "长".repeat(120);
    let csv = format!(
        "企业名称,统一社会信用代码,所属行业,联系人,联系电话\n\
         凌源钢铁股份有限公司,91211300MA0Y2Q3B47,钢铁,张建国,0421-6831234\n\
         {long}有限公司,,食品,王五,13800000000\n\
         天津绿能新能源有限公司,,新能源,周宁,\n"
    );
    let before = footprint(&f.ledger);
    let plan = f
        .ledger
        .import_preview(csv.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Companies);
    assert_eq!(plan.counts.error, 1, "{:#?}", plan.rows);
    assert_eq!(plan.counts.create, 2, "{:#?}", plan.rows);
    assert!(
        row(&plan, 3).message.contains("企业名称"),
        "{:?}",
        row(&plan, 3)
    );
    let err = f
        .ledger
        .import_apply(csv.as_bytes(), &ImportOptions::default())
        .unwrap_err();
    assert!(err.to_string().contains("第3行"), "{err}");
    assert!(err.to_string().contains("未作任何改动"), "{err}");
    assert_eq!(footprint(&f.ledger), before, "all or nothing");
    let skip = ImportOptions {
        skip_invalid_rows: true,
        ..Default::default()
    };
    let done = f.ledger.import_apply(csv.as_bytes(), &skip).unwrap();
    assert_eq!(done.counts.create, 2);
    assert_eq!(companies(&f.ledger).len(), 2);
}

/// 撤销 right after a company import takes every imported company back (one action), search
/// included, and the file then imports as the first time.
#[test]
fn one_undo_reverts_a_company_import() {
    let mut f = fixture();
    let bytes = fixture_bytes("companies.xlsx");
    f.ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    let cs = companies(&f.ledger);
    assert_eq!(cs.len(), 4);
    let mut actions = std::collections::BTreeSet::new();
    for c in &cs {
        let log = f.ledger.history("companies", &c.id).unwrap();
        let created = log
            .iter()
            .find(|e| e.table_name == "companies" && e.field == "*")
            .unwrap_or_else(|| panic!("{} has no creation entry: {log:#?}", c.name));
        actions.insert(created.tx_id.clone());
    }
    assert_eq!(actions.len(), 1, "one action for the whole import");
    let action = f.ledger.last_undoable().unwrap().expect("undoable");
    assert_eq!(Some(&action.tx_id), actions.iter().next());
    f.ledger.undo(&action.tx_id).unwrap();
    assert!(companies(&f.ledger).is_empty());
    assert!(f.ledger.search_companies("禾丰", 10).unwrap().is_empty());
    assert!(f.ledger.search("华夏汽车", 10).unwrap().is_empty());
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.create, 4, "{:#?}", again.rows);
}

/// A project ledger read as a company directory when the user says so: its companies only.
#[test]
fn the_user_can_read_a_project_ledger_as_a_company_directory() {
    let mut f = fixture();
    let bytes = fixture_bytes("ledger_merged.xlsx");
    let options = ImportOptions {
        kind: Some(SheetKind::Companies),
        ..Default::default()
    };
    let plan = f.ledger.import_preview(&bytes, &options).unwrap();
    assert_eq!(plan.kind, SheetKind::Companies);
    assert!(plan
        .columns
        .iter()
        .all(|c| c.field.is_none_or(|f| plan.fields.contains(&f))));
    assert_eq!(plan.counts.error, 0, "{:#?}", plan.rows);
    assert_eq!(plan.counts.companies_created, 6, "{:#?}", plan.rows);
    // And the project ledger is still a project ledger by default.
    let plan = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.kind, SheetKind::Projects);
    let acts = f
        .ledger
        .import_preview(&fixture_bytes("activities.xlsx"), &ImportOptions::default())
        .unwrap();
    assert_eq!(acts.kind, SheetKind::Activities);
}

//! Import of real project ledgers (.xlsx/.xls/.csv in tests/fixtures, made by
//! `cargo run -p zhaoshang-core --example make_fixtures` and `tests/fixtures/make_xls.py`):
//! dry run, apply and re-import, atomicity, core rules, remembered mappings, one undo for a
//! whole import, and an activities sheet linked to projects.

use crate::common::*;
use crate::import_support::*;
use zhaoshang_core::io::import::{ColumnChoice, Field, ImportOptions, MoneyUnit, RowAction};
use zhaoshang_core::*;

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

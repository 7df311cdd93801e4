//! 企业库: a company's registration details (法定代表人, 注册资本, 地址, 经营范围) on real ledger
//! files — saved and read back, checked at the core boundary, filled from a 企业名录, kept by a
//! merge, undone, carried by sync bundles, added to a schema-v4 file — and the screen's listing
//! and detail.

use crate::common::*;
use zhaoshang_core::io::import::{ImportOptions, RowAction};
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

const WAN: i64 = 10_000;

fn detailed(name: &str) -> CompanyInput {
    CompanyInput {
        name: name.into(),
        origin_code: Some("110108".into()),
        legal_representative: Some("  赵明  ".into()),
        registered_capital: Some(5000 * WAN),
        address: Some("北京市海淀区中关村大街1号".into()),
        business_scope: Some("新材料技术研发；碳纤维制品制造".into()),
        ..Default::default()
    }
}

fn by_name(l: &Ledger, name: &str) -> Company {
    let page = l
        .list_companies(&CompanyFilter {
            limit: 500,
            ..Default::default()
        })
        .unwrap();
    page.rows
        .into_iter()
        .map(|r| r.company)
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no company {name}"))
}

#[test]
fn registration_details_are_saved_and_read_back_from_the_file() {
    let mut f = fixture();
    let c = f
        .ledger
        .create_company(&detailed("北京中科新材料有限公司"))
        .unwrap();
    assert_eq!(c.legal_representative.as_deref(), Some("赵明"), "trimmed");
    assert_eq!(c.registered_capital, Some(5000 * WAN));
    let path = f.dir.path().join("ledger.sqlite3");
    drop(f.ledger);
    let l = Ledger::open(&path).unwrap();
    let again = l.company(&c.id).unwrap();
    assert_eq!(again, c);
    assert_eq!(again.address.as_deref(), Some("北京市海淀区中关村大街1号"));
    assert_eq!(
        again.business_scope.as_deref(),
        Some("新材料技术研发；碳纤维制品制造")
    );

    // Cleared fields are stored as empty (NULL), not as blank text.
    let mut l = l;
    let mut input = again.to_input();
    input.legal_representative = Some("   ".into());
    input.registered_capital = None;
    let cleared = l.update_company(&c.id, &input).unwrap();
    assert_eq!(cleared.legal_representative, None);
    assert_eq!(cleared.registered_capital, None);
    assert_eq!(cleared.address, again.address);
}

#[test]
fn bad_details_are_refused_at_the_field_and_change_nothing() {
    let mut f = fixture();
    let c = f
        .ledger
        .create_company(&detailed("北京中科新材料有限公司"))
        .unwrap();
    let refused = |input: CompanyInput, f: &mut Fixture| {
        let e = f.ledger.update_company(&c.id, &input).unwrap_err();
        assert_eq!(f.ledger.company(&c.id).unwrap(), c, "nothing written");
        match e {
            Error::Validation { field, message } => (field.unwrap_or("-"), message),
            other => panic!("{other:?}"),
        }
    };
    let (field, message) = refused(
        CompanyInput {
            registered_capital: Some(-1),
            ..c.to_input()
        },
        &mut f,
    );
    assert_eq!(field, "registered_capital");
    assert_eq!(message, "注册资本不能为负数。");
    let (field, message) = refused(
        CompanyInput {
            registered_capital: Some(11 * 10_000 * YI),
            ..c.to_input()
        },
        &mut f,
    );
    assert_eq!(field, "registered_capital");
    assert!(message.contains("超过10万亿元"), "{message}");
    let (field, message) = refused(
        CompanyInput {
            legal_representative: Some("赵".repeat(41)),
            ..c.to_input()
        },
        &mut f,
    );
    assert_eq!(field, "legal_representative");
    assert_eq!(message, "法定代表人过长（最多 40 个字）。");
    let (field, _) = refused(
        CompanyInput {
            address: Some("路".repeat(201)),
            ..c.to_input()
        },
        &mut f,
    );
    assert_eq!(field, "address");
    let (field, message) = refused(
        CompanyInput {
            business_scope: Some("制".repeat(4001)),
            ..c.to_input()
        },
        &mut f,
    );
    assert_eq!(field, "business_scope");
    assert!(message.starts_with("经营范围过长"), "{message}");
    // The largest allowed amounts pass.
    f.ledger
        .update_company(
            &c.id,
            &CompanyInput {
                registered_capital: Some(10 * 10_000 * YI),
                business_scope: Some("制".repeat(4000)),
                ..c.to_input()
            },
        )
        .unwrap();
}

/// Callers written before schema v5 (and change-log snapshots) send no registration fields.
#[test]
fn an_input_without_the_new_fields_still_reads() {
    let old = serde_json::json!({
        "name": "天津绿能新能源有限公司",
        "credit_code": null,
        "origin_code": "120000",
        "overseas": false,
        "industry_id": null,
        "contact_person": "周宁",
        "contact_phone": null,
        "notes": null
    });
    let input: CompanyInput = serde_json::from_value(old).unwrap();
    assert_eq!(input.legal_representative, None);
    assert_eq!(input.registered_capital, None);
    let mut f = fixture();
    let c = f.ledger.create_company(&input).unwrap();
    assert_eq!(c.contact_person.as_deref(), Some("周宁"));
}

#[test]
fn a_company_directory_fills_the_registration_details() {
    let mut f = fixture();
    // Known before the import: 天津绿能 with its own 注册资本, which the file must not overwrite.
    let tianjin = f
        .ledger
        .create_company(&CompanyInput {
            name: "天津绿能新能源有限公司".into(),
            registered_capital: Some(8000 * WAN),
            ..Default::default()
        })
        .unwrap();
    let bytes = fixture_bytes("companies.xlsx");
    let plan = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap();
    let field = |col: u32| plan.columns.iter().find(|c| c.column == col).unwrap().field;
    assert_eq!(field(7), Some(io::import::Field::LegalRepresentative));
    assert_eq!(
        field(9),
        Some(io::import::Field::RegisteredCapital),
        "注册资本（万元）"
    );
    assert_eq!(
        field(10),
        Some(io::import::Field::Address),
        "注册地址, not 注册地"
    );
    assert_eq!(field(11), Some(io::import::Field::BusinessScope));
    assert_eq!(
        field(4),
        Some(io::import::Field::Origin),
        "注册地 stays the origin"
    );

    let done = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(done.counts.error, 0, "{:#?}", done.rows);
    let steel = by_name(&f.ledger, "凌源钢铁股份有限公司");
    assert_eq!(steel.legal_representative.as_deref(), Some("李志强"));
    assert_eq!(
        steel.registered_capital,
        Some(280_000 * WAN),
        "a bare number in the header's 万元"
    );
    assert_eq!(steel.address.as_deref(), Some("辽宁省凌源市钢铁路3号"));
    assert_eq!(
        steel.business_scope.as_deref(),
        Some("钢铁冶炼；钢材轧制；金属材料销售")
    );
    let huaxia = by_name(&f.ledger, "北京华夏汽车科技有限公司");
    assert_eq!(huaxia.registered_capital, Some(5000 * WAN), "5000万");
    let tj = f.ledger.company(&tianjin.id).unwrap();
    assert_eq!(
        tj.registered_capital,
        Some(8000 * WAN),
        "a filled field is not overwritten (the file says 1.2亿)"
    );
    let row = |n: u32| done.rows.iter().find(|r| r.row == n).unwrap();
    assert_eq!(row(5).action, RowAction::Update, "{:?}", row(5));
    // 500万美元: the company is imported, its capital is not, and the row says why.
    let suzhou = by_name(&f.ledger, "苏州禾丰食品有限公司");
    assert_eq!(suzhou.registered_capital, None);
    assert_eq!(row(6).action, RowAction::Create);
    assert!(
        row(6).message.contains("注册资本未填入")
            && row(6).message.contains("500万美元")
            && row(6).message.contains("人民币"),
        "{}",
        row(6).message
    );

    // Once more: nothing changes, the dollar row still says why.
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.update, 0, "{:#?}", again.rows);
    assert_eq!(again.counts.create, 0, "{:#?}", again.rows);
    assert!(again
        .rows
        .iter()
        .any(|r| r.row == 6 && r.message.contains("注册资本未填入")));

    // A company whose capital is 1.2亿 in a new ledger.
    let mut g = fixture();
    g.ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(
        by_name(&g.ledger, "天津绿能新能源有限公司").registered_capital,
        Some(12_000 * WAN),
        "1.2亿"
    );
}

#[test]
fn a_merge_keeps_the_details_of_both_and_undo_takes_edits_back() {
    let mut f = fixture();
    let keep = f
        .ledger
        .create_company(&CompanyInput {
            name: "凌源钢铁股份有限公司".into(),
            legal_representative: Some("李志强".into()),
            ..Default::default()
        })
        .unwrap();
    let merged = f
        .ledger
        .create_company(&CompanyInput {
            name: "凌源鋼鐵股份有限公司".into(),
            legal_representative: Some("王五".into()),
            registered_capital: Some(280_000 * WAN),
            address: Some("辽宁省凌源市钢铁路3号".into()),
            business_scope: Some("钢铁冶炼".into()),
            ..Default::default()
        })
        .unwrap();
    let kept = f.ledger.merge_companies(&keep.id, &merged.id).unwrap();
    assert_eq!(
        kept.legal_representative.as_deref(),
        Some("李志强"),
        "the kept company's own value wins"
    );
    assert_eq!(kept.registered_capital, Some(280_000 * WAN));
    assert_eq!(kept.address.as_deref(), Some("辽宁省凌源市钢铁路3号"));
    assert_eq!(kept.business_scope.as_deref(), Some("钢铁冶炼"));

    // An edit of the details is one action that 撤销 takes back.
    let edited = f
        .ledger
        .update_company(
            &keep.id,
            &CompanyInput {
                registered_capital: Some(300_000 * WAN),
                address: None,
                ..kept.to_input()
            },
        )
        .unwrap();
    assert_eq!(edited.address, None);
    let undo = f.ledger.last_undoable().unwrap().unwrap();
    f.ledger.undo(&undo.tx_id).unwrap();
    let back = f.ledger.company(&keep.id).unwrap();
    assert_eq!(back.registered_capital, Some(280_000 * WAN));
    assert_eq!(back.address.as_deref(), Some("辽宁省凌源市钢铁路3号"));
    // And the merge itself undoes too: the merged company returns with its own details.
    let undo = f.ledger.last_undoable().unwrap().unwrap();
    f.ledger.undo(&undo.tx_id).unwrap();
    let again = f.ledger.company(&merged.id).unwrap();
    assert_eq!(again.legal_representative.as_deref(), Some("王五"));
    let k = f.ledger.company(&keep.id).unwrap();
    assert_eq!(k.registered_capital, None);
    assert_eq!(k.legal_representative.as_deref(), Some("李志强"));
}

#[test]
fn sync_bundles_carry_the_details_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str| {
        let mut l = Ledger::open(dir.path().join(name)).unwrap();
        l.set_today(Some(d(2022, 12, 31)));
        l
    };
    let send = |from: &Ledger, to: &mut Ledger| {
        let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
        let path = dir.path().join("bundle.zsync");
        write_bundle(&bundle, &path).unwrap();
        to.import_changes(&read_bundle(&path).unwrap()).unwrap()
    };
    let mut a = open("a.sqlite3");
    let mut b = open("b.sqlite3");
    let c = a
        .create_company(&detailed("北京中科新材料有限公司"))
        .unwrap();
    send(&a, &mut b);
    let on_b = b.company(&c.id).unwrap();
    assert_eq!(on_b.legal_representative.as_deref(), Some("赵明"));
    assert_eq!(on_b.registered_capital, Some(5000 * WAN));
    assert_eq!(on_b.address, c.address);
    assert_eq!(on_b.business_scope, c.business_scope);

    // B corrects the capital and clears the scope; A receives exactly that.
    b.update_company(
        &c.id,
        &CompanyInput {
            registered_capital: Some(12_000 * WAN),
            business_scope: None,
            ..on_b.to_input()
        },
    )
    .unwrap();
    let report = send(&b, &mut a);
    assert!(report.applied >= 2, "{report:?}");
    let on_a = a.company(&c.id).unwrap();
    assert_eq!(on_a.registered_capital, Some(12_000 * WAN));
    assert_eq!(on_a.business_scope, None);
    assert_eq!(on_a.legal_representative.as_deref(), Some("赵明"));
    assert_eq!(on_a.to_input(), b.company(&c.id).unwrap().to_input());
}

#[test]
fn a_schema_v4_ledger_gains_the_fields_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    std::fs::copy(fixture_path("schema-v4.sqlite3"), &path).unwrap();
    let mut l = Ledger::open(&path).unwrap();
    let v: i64 = l
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, storage::db::SCHEMA_VERSION);
    const { assert!(storage::db::SCHEMA_VERSION >= 5) };
    let cast = by_name(&l, "遵化夹具精密铸造有限公司");
    assert_eq!(cast.origin_code.as_deref(), Some("130281"), "old data kept");
    assert_eq!(cast.legal_representative, None);
    assert_eq!(cast.registered_capital, None);
    assert_eq!(cast.address, None);
    assert_eq!(cast.business_scope, None);
    l.update_company(
        &cast.id,
        &CompanyInput {
            legal_representative: Some("陈刚".into()),
            registered_capital: Some(3 * YI),
            ..cast.to_input()
        },
    )
    .unwrap();
    drop(l);
    let l = Ledger::open(&path).unwrap();
    let c = l.company(&cast.id).unwrap();
    assert_eq!(c.legal_representative.as_deref(), Some("陈刚"));
    assert_eq!(c.registered_capital, Some(3 * YI));
    let detail = l.company_detail(&cast.id).unwrap();
    assert_eq!(detail.projects.len(), 1);
    assert_eq!(detail.projects[0].stage, Stage::Signed);
    assert_eq!(detail.activities.len(), 1);
}

#[test]
fn the_list_filters_pages_and_counts_and_the_detail_lists_projects_and_activities() {
    let mut f = fixture();
    let industries = f.ledger.industries().unwrap();
    let steel_id = industries
        .iter()
        .find(|i| i.name == "钢铁冶金")
        .unwrap()
        .id
        .clone();
    let make = |f: &mut Fixture, name: &str, origin: &str, industry: Option<&String>| {
        f.ledger
            .create_company(&CompanyInput {
                name: name.into(),
                origin_code: Some(origin.into()),
                industry_id: industry.cloned(),
                ..Default::default()
            })
            .unwrap()
    };
    let tangshan = make(&mut f, "唐山钢铁集团有限公司", "130203", Some(&steel_id));
    let suzhou = make(&mut f, "苏州纳微科技股份有限公司", "320505", None);
    let beijing = make(&mut f, "北京首钢股份有限公司", "110107", Some(&steel_id));
    for i in 0..5 {
        make(&mut f, &format!("上海物流{i}号有限公司"), "310115", None);
    }
    let p1 = f
        .ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: "高强钢板项目".into(),
                company_id: Some(tangshan.id.clone()),
                total_investment: 5 * YI,
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 1, 10),
            first_stage_date_unknown: false,
        })
        .unwrap();
    f.stage(&p1.id, Stage::Negotiating, d(2022, 3, 1)).unwrap();
    let p2 = f
        .ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: "焦化副产品项目".into(),
                company_id: Some(tangshan.id.clone()),
                total_investment: YI,
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 2, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    let gone = f
        .ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: "已删除的项目".into(),
                company_id: Some(tangshan.id.clone()),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 2, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    f.ledger.delete_project(&gone.id).unwrap();
    let visit = |f: &mut Fixture, on, companies: Vec<String>, summary: &str| {
        f.ledger
            .create_activity(&ActivityInput {
                kind: ActivityKind::OutboundTrip,
                occurred_on: on,
                place: None,
                destination_code: None,
                summary: Some(summary.into()),
                follow_up_on: None,
                officer_ids: vec![f.officer.id.clone()],
                company_ids: companies,
                project_ids: vec![],
                trip: Default::default(),
            })
            .unwrap()
    };
    visit(
        &mut f,
        d(2022, 3, 1),
        vec![tangshan.id.clone()],
        "第一次拜访",
    );
    visit(
        &mut f,
        d(2022, 5, 1),
        vec![tangshan.id.clone(), beijing.id.clone()],
        "联合洽谈",
    );

    let list = |f: &Fixture, filter: CompanyFilter| f.ledger.list_companies(&filter).unwrap();
    let all = list(&f, CompanyFilter::default());
    assert_eq!(all.total, 8);
    let names: Vec<&str> = all.rows.iter().map(|r| r.company.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    let ts = all
        .rows
        .iter()
        .find(|r| r.company.id == tangshan.id)
        .unwrap();
    assert_eq!(ts.project_count, 2, "the deleted project is not counted");
    assert_eq!(ts.activity_count, 2);
    assert_eq!(ts.region_group_name.as_deref(), Some("京津冀"));
    assert_eq!(ts.industry_name.as_deref(), Some("钢铁冶金"));

    // Pages.
    let page = |offset| {
        list(
            &f,
            CompanyFilter {
                offset,
                limit: 3,
                ..Default::default()
            },
        )
    };
    let pages: Vec<String> = [0, 3, 6]
        .iter()
        .flat_map(|o| page(*o).rows.into_iter().map(|r| r.company.id))
        .collect();
    assert_eq!(
        pages,
        all.rows
            .iter()
            .map(|r| r.company.id.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(page(6).rows.len(), 2);
    assert_eq!(page(6).total, 8);

    // Region group, industry, and both.
    let jjj = list(
        &f,
        CompanyFilter {
            region_group_id: Some(f.jjj.clone()),
            ..Default::default()
        },
    );
    let mut ids: Vec<String> = jjj.rows.iter().map(|r| r.company.id.clone()).collect();
    ids.sort();
    let mut expected = vec![tangshan.id.clone(), beijing.id.clone()];
    expected.sort();
    assert_eq!(ids, expected);
    let yrd = list(
        &f,
        CompanyFilter {
            region_group_id: Some(f.yrd.clone()),
            ..Default::default()
        },
    );
    assert_eq!(yrd.total, 6, "苏州 and 上海");
    let steel = list(
        &f,
        CompanyFilter {
            industry_id: Some(steel_id.clone()),
            region_group_id: Some(f.yrd.clone()),
            ..Default::default()
        },
    );
    assert_eq!(steel.total, 0);
    let steel = list(
        &f,
        CompanyFilter {
            industry_id: Some(steel_id.clone()),
            ..Default::default()
        },
    );
    let mut ids: Vec<String> = steel.rows.iter().map(|r| r.company.id.clone()).collect();
    ids.sort();
    assert_eq!(ids, expected, "钢铁冶金 alone");
    // A filtered list pages too.
    let yrd_page = list(
        &f,
        CompanyFilter {
            region_group_id: Some(f.yrd.clone()),
            offset: 4,
            limit: 4,
            ..Default::default()
        },
    );
    assert_eq!((yrd_page.total, yrd_page.rows.len()), (6, 2));
    assert_eq!(
        yrd_page.rows[1].company.id, yrd.rows[5].company.id,
        "the same order as unpaged"
    );

    // The query: by name, by pinyin initials, by credit code.
    let q = |l: &Ledger, text: &str| {
        l.list_companies(&CompanyFilter {
            query: Some(text.into()),
            ..Default::default()
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.company.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(q(&f.ledger, "纳微"), ["苏州纳微科技股份有限公司"]);
    assert_eq!(q(&f.ledger, "首钢"), ["北京首钢股份有限公司"]);
    assert!(
        q(&f.ledger, "tsgt").contains(&"唐山钢铁集团有限公司".to_string()),
        "{:?}",
        q(&f.ledger, "tsgt")
    );
    assert_eq!(q(&f.ledger, "上海物流").len(), 5);
    assert!(q(&f.ledger, "没有这家企业").is_empty());
    let code = zhaoshang_core::companies::credit_code::with_check_char("91320594MA1MXY3K1");
    f.ledger
        .update_company(
            &suzhou.id,
            &CompanyInput {
                credit_code: Some(code.clone()),
                ..suzhou.to_input()
            },
        )
        .unwrap();
    assert_eq!(
        q(&f.ledger, &code[..12]),
        ["苏州纳微科技股份有限公司"],
        "by credit code"
    );
    f.ledger
        .update_company(
            &suzhou.id,
            &CompanyInput {
                legal_representative: Some("江必旺".into()),
                ..f.ledger.company(&suzhou.id).unwrap().to_input()
            },
        )
        .unwrap();
    assert_eq!(
        q(&f.ledger, "江必旺"),
        ["苏州纳微科技股份有限公司"],
        "by 法定代表人"
    );

    // A deleted company is not listed.
    f.ledger.delete_company(&beijing.id).unwrap();
    assert_eq!(list(&f, CompanyFilter::default()).total, 7);
    assert!(q(&f.ledger, "首钢").is_empty());

    // The detail: projects by name with their stage, activities newest first.
    let detail = f.ledger.company_detail(&tangshan.id).unwrap();
    assert_eq!(detail.company.id, tangshan.id);
    assert_eq!(detail.region_group_name.as_deref(), Some("京津冀"));
    let projects: Vec<(&str, Stage)> = detail
        .projects
        .iter()
        .map(|p| (p.name.as_str(), p.stage))
        .collect();
    let mut expected = vec![
        ("焦化副产品项目", Stage::Lead),
        ("高强钢板项目", Stage::Negotiating),
    ];
    expected.sort();
    assert_eq!(projects, expected);
    assert!(detail.projects.iter().any(|p| p.id == p2.id));
    let dates: Vec<_> = detail.activities.iter().map(|a| a.occurred_on).collect();
    assert_eq!(dates, [d(2022, 5, 1), d(2022, 3, 1)]);
    assert!(f.ledger.company_detail(&beijing.id).is_err(), "deleted");
}

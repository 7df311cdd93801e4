//! Two laptops' ledgers merged by exchanging change bundles: they converge, twice is harmless,
//! a damaged bundle changes nothing.

mod common;
use common::*;
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

fn ledger(dir: &tempfile::TempDir, name: &str) -> Ledger {
    let mut l = Ledger::open(dir.path().join(name)).unwrap();
    l.set_today(Some(d(2022, 12, 31)));
    l
}

/// Sends what `to` lacks from `from`, through a bundle file.
fn send(dir: &tempfile::TempDir, from: &Ledger, to: &mut Ledger) -> sync::MergeReport {
    let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
    let path = dir.path().join("bundle.zsync");
    write_bundle(&bundle, &path).unwrap();
    to.import_changes(&read_bundle(&path).unwrap()).unwrap()
}

type Row = (
    String,
    Stage,
    i64,
    Option<String>,
    Option<chrono::NaiveDate>,
);

fn view(l: &Ledger) -> (Vec<Row>, Metrics) {
    let page = l
        .list_projects(&ProjectFilter {
            limit: 1000,
            sort: ProjectSort::Name,
            ..Default::default()
        })
        .unwrap();
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let p = l.project(&r.id).unwrap();
            (
                p.name,
                p.stage,
                p.total_investment,
                p.next_step,
                p.signed_on,
            )
        })
        .collect();
    let m = l
        .report(&ReportQuery {
            period: Period::year(2022),
            scope: Scope::default(),
        })
        .unwrap()
        .metrics;
    (rows, m)
}

#[test]
fn two_laptops_converge_and_bundles_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(&dir, "a.sqlite3");
    let mut b = ledger(&dir, "b.sqlite3");
    // The hub (A) sets up the office; B receives it.
    let team = a.create_team("招商一组").unwrap();
    let officer = a
        .create_officer(&OfficerInput {
            name: "王磊".into(),
            team_id: Some(team.id.clone()),
            ..Default::default()
        })
        .unwrap();
    let company = a
        .create_company(&CompanyInput {
            name: "北京中科新材料有限公司".into(),
            origin_code: Some("110108".into()),
            ..Default::default()
        })
        .unwrap();
    let p = a
        .create_project(&NewProject {
            project: ProjectInput {
                name: "碳纤维复合材料项目".into(),
                company_id: Some(company.id.clone()),
                total_investment: 2 * YI,
                industry_id: a.industries().unwrap().first().map(|i| i.id.clone()),
                team_id: Some(team.id.clone()),
                officer_id: Some(officer.id.clone()),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 2, 1),
        })
        .unwrap();
    let first = send(&dir, &a, &mut b);
    assert!(first.rows_added >= 4, "{first:?}");
    assert_eq!(b.project(&p.id).unwrap().stage, Stage::Lead);

    // Offline on both: A signs it, B changes the amount and next step, both log visits.
    a.record_stage_change(
        &p.id,
        &StageChangeInput {
            to_stage: Stage::Signed,
            changed_on: d(2022, 5, 10),
            construction_kind: None,
            added_investment: 0,
            officer_id: None,
            note: None,
        },
    )
    .unwrap();
    let mut input = ProjectInput {
        name: p.name.clone(),
        company_id: p.company_id.clone(),
        total_investment: 3 * YI,
        industry_id: p.industry_id.clone(),
        team_id: p.team_id.clone(),
        officer_id: p.officer_id.clone(),
        next_step: Some("签订补充协议".into()),
        ..Default::default()
    };
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.update_project(&p.id, &input).unwrap();
    for l in [&mut a, &mut b] {
        l.create_activity(&ActivityInput {
            kind: ActivityKind::IncomingVisit,
            occurred_on: d(2022, 4, 1),
            place: None,
            destination_code: None,
            summary: Some("来访".into()),
            follow_up_on: None,
            officer_ids: vec![officer.id.clone()],
            company_ids: vec![],
            project_ids: vec![p.id.clone()],
        })
        .unwrap();
    }
    // Exchange both ways, in either order.
    send(&dir, &b, &mut a);
    send(&dir, &a, &mut b);
    let (va, vb) = (view(&a), view(&b));
    assert_eq!(va, vb, "both laptops show the same ledger");
    let (rows, m) = va;
    assert_eq!(rows[0].1, Stage::Signed);
    assert_eq!(rows[0].2, 3 * YI);
    assert_eq!(rows[0].3.as_deref(), Some("签订补充协议"));
    assert_eq!((m.signed, m.contacted), (1, 1));

    // The same field edited on both: the later edit wins everywhere.
    input.next_step = Some("A的安排".into());
    a.update_project(&p.id, &input).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    input.next_step = Some("B的安排（更晚）".into());
    b.update_project(&p.id, &input).unwrap();
    send(&dir, &a, &mut b);
    send(&dir, &b, &mut a);
    assert_eq!(
        a.project(&p.id).unwrap().next_step.as_deref(),
        Some("B的安排（更晚）")
    );
    assert_eq!(view(&a), view(&b));

    // Applying a bundle twice changes nothing.
    let again = a.export_changes(&Default::default()).unwrap();
    let before = view(&b);
    let r = b.import_changes(&again).unwrap();
    assert_eq!(r.applied, 0, "{r:?}");
    assert_eq!(view(&b), before);
}

#[test]
fn a_damaged_bundle_is_rejected_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(&dir, "a.sqlite3");
    let mut b = ledger(&dir, "b.sqlite3");
    a.create_team("招商二组").unwrap();
    let bundle = a.export_changes(&Default::default()).unwrap();
    let path = dir.path().join("x.zsync");
    write_bundle(&bundle, &path).unwrap();
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("招商二组", "招商三组");
    std::fs::write(&path, text).unwrap();
    let e = read_bundle(&path).unwrap_err();
    assert!(e.to_string().contains("校验失败"), "{e}");
    std::fs::write(&path, "不是同步文件").unwrap();
    assert!(read_bundle(&path)
        .unwrap_err()
        .to_string()
        .contains("不是招商台账的同步文件"));
    assert!(b.teams().unwrap().is_empty());
    let _ = &mut b;
}

//! Two laptops' ledgers merged by exchanging change bundles: they converge, twice is harmless,
//! a damaged bundle changes nothing.

use crate::common::*;
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

fn ledger(dir: &tempfile::TempDir, name: &str) -> Ledger {
    let mut l = Ledger::open(dir.path().join(name)).unwrap();
    l.set_today(Some(d(2022, 12, 31)));
    l
}

/// Sends what `to` lacks from `from`, through a bundle file.
pub(crate) fn send(dir: &tempfile::TempDir, from: &Ledger, to: &mut Ledger) -> sync::MergeReport {
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
            first_stage_date_unknown: false,
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
            date_unknown: false,
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
            trip: Default::default(),
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

/// A and B with one shared project, labelled, B having received A's setup.
pub(crate) fn shared_project(dir: &tempfile::TempDir) -> (Ledger, Ledger, Project, ProjectInput) {
    let mut a = ledger(dir, "a.sqlite3");
    let mut b = ledger(dir, "b.sqlite3");
    a.set_device_label(Some("王磊的笔记本")).unwrap();
    b.set_device_label(Some("办公室")).unwrap();
    let officer = a
        .create_officer(&OfficerInput {
            name: "王磊".into(),
            ..Default::default()
        })
        .unwrap();
    a.set_acting_officer(Some(officer.id.clone()));
    let p = a
        .create_project(&NewProject {
            project: ProjectInput {
                name: "光伏组件项目".into(),
                total_investment: 5 * YI,
                next_step: Some("约见董事长".into()),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 3, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    send(dir, &a, &mut b);
    let input = ProjectInput {
        name: p.name.clone(),
        total_investment: p.total_investment,
        next_step: p.next_step.clone(),
        ..Default::default()
    };
    (a, b, p, input)
}

fn pause() {
    std::thread::sleep(std::time::Duration::from_millis(3));
}

#[test]
fn concurrent_edits_of_one_field_are_kept_for_review_on_both_laptops() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, p, input) = shared_project(&dir);
    // Neither has seen the other's edit: A first, B later (B's value wins everywhere).
    a.update_project(
        &p.id,
        &ProjectInput {
            next_step: Some("下周赴京拜访".into()),
            ..input.clone()
        },
    )
    .unwrap();
    pause();
    b.update_project(
        &p.id,
        &ProjectInput {
            next_step: Some("等待对方回复".into()),
            ..input.clone()
        },
    )
    .unwrap();
    let at_b = send(&dir, &a, &mut b);
    assert_eq!(at_b.conflicts, 1, "{at_b:?}");
    let at_a = send(&dir, &b, &mut a);
    assert_eq!(at_a.conflicts, 1, "{at_a:?}");
    for l in [&a, &b] {
        assert_eq!(
            l.project(&p.id).unwrap().next_step.as_deref(),
            Some("等待对方回复"),
            "the later writer wins whatever the review says"
        );
        let c = l.sync_conflicts().unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        let c = &c[0];
        assert_eq!(c.record, "项目：光伏组件项目");
        assert_eq!(c.field, "next_step");
        assert_eq!(c.field_label, "下一步");
        assert_eq!(c.current.display, "等待对方回复");
        assert_eq!(c.other.display, "下周赴京拜访");
        assert_eq!(c.other.officer_name.as_deref(), Some("王磊"));
        assert!(c.can_take_other);
        assert_eq!(l.sync_conflict_count().unwrap(), 1);
    }
    assert_eq!(
        a.sync_conflicts().unwrap()[0]
            .current
            .device_label
            .as_deref(),
        Some("办公室")
    );
    assert_eq!(
        b.sync_conflicts().unwrap()[0].other.device_label.as_deref(),
        Some("王磊的笔记本")
    );
    // The same bundle again records nothing new.
    let again = a.export_changes(&Default::default()).unwrap();
    assert_eq!(b.import_changes(&again).unwrap().conflicts, 0);
    assert_eq!(b.sync_conflicts().unwrap().len(), 1);

    // A takes the other value: a normal edit that syncs onward and closes B's conflict too.
    let id = a.sync_conflicts().unwrap()[0].id.clone();
    a.resolve_conflict(&id, true).unwrap();
    assert_eq!(
        a.project(&p.id).unwrap().next_step.as_deref(),
        Some("下周赴京拜访")
    );
    assert!(a.sync_conflicts().unwrap().is_empty());
    let r = send(&dir, &a, &mut b);
    assert_eq!(r.conflicts, 0, "the fix saw both values: {r:?}");
    assert_eq!(
        b.project(&p.id).unwrap().next_step.as_deref(),
        Some("下周赴京拜访")
    );
    assert!(b.sync_conflicts().unwrap().is_empty());
    assert!(a.resolve_conflict(&id, false).is_err(), "already closed");
}

#[test]
fn sequential_edits_and_equal_values_are_not_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, p, input) = shared_project(&dir);
    // A edits, B receives it and edits after: B saw A's value.
    a.update_project(
        &p.id,
        &ProjectInput {
            total_investment: 6 * YI,
            ..input.clone()
        },
    )
    .unwrap();
    send(&dir, &a, &mut b);
    pause();
    b.update_project(
        &p.id,
        &ProjectInput {
            total_investment: 7 * YI,
            ..input.clone()
        },
    )
    .unwrap();
    assert_eq!(send(&dir, &b, &mut a).conflicts, 0);
    assert_eq!(a.project(&p.id).unwrap().total_investment, 7 * YI);
    // Both type the same next step offline: same value, nothing to review.
    for l in [&mut a, &mut b] {
        l.update_project(
            &p.id,
            &ProjectInput {
                total_investment: 7 * YI,
                next_step: Some("签约".into()),
                ..input.clone()
            },
        )
        .unwrap();
        pause();
    }
    assert_eq!(send(&dir, &a, &mut b).conflicts, 0);
    assert_eq!(send(&dir, &b, &mut a).conflicts, 0);
    // Different fields edited on both: merged, no conflict.
    a.update_project(
        &p.id,
        &ProjectInput {
            total_investment: 8 * YI,
            next_step: Some("签约".into()),
            ..input.clone()
        },
    )
    .unwrap();
    b.update_project(
        &p.id,
        &ProjectInput {
            total_investment: 7 * YI,
            next_step: Some("准备签约仪式".into()),
            ..input.clone()
        },
    )
    .unwrap();
    assert_eq!(send(&dir, &a, &mut b).conflicts, 0);
    assert_eq!(send(&dir, &b, &mut a).conflicts, 0);
    let pa = a.project(&p.id).unwrap();
    assert_eq!(
        (pa.total_investment, pa.next_step.as_deref()),
        (8 * YI, Some("准备签约仪式"))
    );
    assert_eq!(view(&a), view(&b));
    assert!(a.sync_conflicts().unwrap().is_empty());
    assert!(b.sync_conflicts().unwrap().is_empty());
}

#[test]
fn keeping_the_current_value_closes_the_conflict_here_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, p, input) = shared_project(&dir);
    a.update_project(
        &p.id,
        &ProjectInput {
            key_project: true,
            ..input.clone()
        },
    )
    .unwrap();
    b.delete_project(&p.id).unwrap();
    pause();
    b.restore_project(&p.id).unwrap();
    b.update_project(
        &p.id,
        &ProjectInput {
            key_project: false,
            name: "光伏组件二期".into(),
            ..input.clone()
        },
    )
    .unwrap();
    // key_project: A set it, B never touched it (false == false): A's write is the only one.
    send(&dir, &a, &mut b);
    send(&dir, &b, &mut a);
    assert!(a.project(&p.id).unwrap().key_project);
    assert!(
        a.sync_conflicts().unwrap().is_empty(),
        "{:?}",
        a.sync_conflicts()
    );
    // Now a real one on a flag; keep the current value on A.
    a.update_project(
        &p.id,
        &ProjectInput {
            name: "光伏组件（一期）".into(),
            enclave: true,
            key_project: true,
            ..input.clone()
        },
    )
    .unwrap();
    pause();
    b.update_project(
        &p.id,
        &ProjectInput {
            name: "光伏组件（扩建）".into(),
            key_project: true,
            ..input.clone()
        },
    )
    .unwrap();
    send(&dir, &a, &mut b);
    send(&dir, &b, &mut a);
    let c = a.sync_conflicts().unwrap();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(
        (c[0].field.as_str(), c[0].current.display.as_str()),
        ("name", "光伏组件（扩建）")
    );
    a.resolve_conflict(&c[0].id, false).unwrap();
    assert!(a.sync_conflicts().unwrap().is_empty());
    assert_eq!(
        b.sync_conflicts().unwrap().len(),
        1,
        "B reviews its own copy"
    );
    assert_eq!(view(&a), view(&b));
    assert!(a.project(&p.id).unwrap().enclave);
}

#[test]
fn bundles_in_a_folder_say_who_wrote_them_and_reports_list_the_devices() {
    let dir = tempfile::tempdir().unwrap();
    let share = tempfile::tempdir().unwrap();
    let (mut a, mut b, p, input) = shared_project(&dir);
    b.update_project(
        &p.id,
        &ProjectInput {
            total_investment: 9 * YI,
            ..input.clone()
        },
    )
    .unwrap();
    let out = b.export_bundle_to_folder(share.path()).unwrap();
    assert!(
        out.file_name.starts_with("办公室-") && out.file_name.ends_with(".zsync"),
        "{out:?}"
    );
    assert_eq!(out.for_devices, vec!["王磊的笔记本".to_string()]);
    assert!(out.registers >= 1);
    let mine = a.export_bundle_to_folder(share.path()).unwrap();
    // A damaged file next to them is rejected whole; the good one still merges; A skips its own.
    std::fs::write(share.path().join("坏文件.zsync"), "{\"manifest\":").unwrap();
    let sum = a.import_bundles(share.path()).unwrap();
    assert_eq!(sum.files.len(), 3, "{sum:?}");
    assert_eq!(sum.rejected, 1);
    assert!(sum
        .files
        .iter()
        .any(|f| f.own && f.file_name == mine.file_name));
    assert!(sum.merged >= 1, "{sum:?}");
    assert_eq!(a.project(&p.id).unwrap().total_investment, 9 * YI);
    // Importing the folder again changes nothing.
    let again = a.import_bundles(share.path()).unwrap();
    assert_eq!((again.merged, again.conflicts), (0, 0), "{again:?}");

    let report = a
        .report(&ReportQuery {
            period: Period::year(2022),
            scope: Scope::default(),
        })
        .unwrap();
    let devices = report.devices;
    assert_eq!(devices.len(), 2, "{devices:?}");
    assert!(devices[0].this_device);
    assert_eq!(devices[0].label.as_deref(), Some("王磊的笔记本"));
    assert_eq!(devices[1].label.as_deref(), Some("办公室"));
    assert!(devices[1].last_import_at.is_some() && devices[1].last_change_at.is_some());
    // A has not written a bundle for B since it learned about B.
    assert!(devices[1].last_export_at.is_none());
    a.export_bundle_to_folder(share.path()).unwrap();
    assert!(a.sync_devices().unwrap()[1].last_export_at.is_some());
    // A missing folder is a clear message, not a crash.
    let e = a
        .export_bundle_to_folder(&share.path().join("不存在"))
        .unwrap_err();
    assert!(e.to_string().contains("不存在"), "{e}");
    let empty = tempfile::tempdir().unwrap();
    let e = a.import_bundles(empty.path()).unwrap_err();
    assert!(e.to_string().contains("没有同步文件"), "{e}");
}

#[test]
fn a_copied_ledger_file_takes_its_own_device_id() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("a.sqlite3");
    let copy = dir.path().join("copy.sqlite3");
    let first = {
        let mut a = ledger(&dir, "a.sqlite3");
        a.set_device_label(Some("王磊的笔记本")).unwrap();
        a.create_team("招商一组").unwrap();
        assert!(
            !a.claim_device_id().unwrap(),
            "the file the id was made for"
        );
        a.device_id().unwrap().unwrap()
    };
    std::fs::copy(&original, &copy).unwrap();
    let mut c = Ledger::open(&copy).unwrap();
    assert!(c.claim_device_id().unwrap(), "a copy is another laptop");
    let second = c.device_id().unwrap().unwrap();
    assert_ne!(first, second);
    assert_eq!(
        c.device_label().unwrap(),
        None,
        "the label named the other laptop"
    );
    assert!(!c.claim_device_id().unwrap(), "once is enough");
    c.create_team("招商二组").unwrap();
    // The original keeps its id; the copy lists the original's data as another device.
    let mut a = Ledger::open(&original).unwrap();
    assert!(!a.claim_device_id().unwrap());
    assert_eq!(a.device_id().unwrap().unwrap(), first);
    let devices = c.sync_devices().unwrap();
    assert_eq!(devices.len(), 2, "{devices:?}");
    assert_eq!(devices[1].device_id, first);
    assert_eq!(devices[1].label.as_deref(), Some("王磊的笔记本"));
    // And the two merge as two devices: nothing is lost either way.
    send(&dir, &c, &mut a);
    send(&dir, &a, &mut c);
    assert_eq!(a.teams().unwrap().len(), 2);
    assert_eq!(c.teams().unwrap().len(), 2);
}

#[test]
fn a_bundle_written_for_another_laptop_is_held_back_when_it_would_leave_a_gap() {
    // A sync folder holds files written for every laptop. A's second file, written for C
    // (which had A's visit already), holds only a rename; imported by B (which had nothing of
    // A), it would make B's log look as if it had seen the visit, and no later file would
    // bring it (found by sync_property). B holds it back; a file written for B brings all.
    let dir = tempfile::tempdir().unwrap();
    let (a, mut c, p, mut input) = shared_project(&dir);
    let mut b = ledger(&dir, "b2.sqlite3");
    let mut a = a;
    let officer = a.officers().unwrap()[0].id.clone();
    a.create_activity(&ActivityInput {
        kind: ActivityKind::IncomingVisit,
        occurred_on: d(2022, 4, 1),
        place: None,
        destination_code: None,
        summary: Some("来访".into()),
        follow_up_on: None,
        officer_ids: vec![officer],
        company_ids: vec![],
        project_ids: vec![p.id.clone()],
        trip: Default::default(),
    })
    .unwrap();
    send(&dir, &a, &mut c);
    input.name = "光伏组件二期项目".into();
    a.update_project(&p.id, &input).unwrap();
    let for_c = a.export_changes(&c.sync_seen().unwrap()).unwrap();
    assert!(sync::lacks_changes_before(&b, &for_c).unwrap());
    let held = b.import_changes(&for_c).unwrap();
    assert_eq!(
        (held.applied, held.rows_added, held.skipped, held.held_back),
        (0, 0, for_c.registers.len() as u32, true)
    );
    // Read from a sync folder, the file is counted and reported as held back.
    let share = tempfile::tempdir().unwrap();
    let file = share.path().join("for_c.zsync");
    sync::write_bundle(&for_c, &file).unwrap();
    let sum = b.import_bundles(share.path()).unwrap();
    assert_eq!((sum.held_back, sum.merged), (1, 0));
    assert!(sum.files[0].report.as_ref().unwrap().held_back);
    assert!(b
        .list_projects(&Default::default())
        .unwrap()
        .rows
        .is_empty());
    // C itself takes it; then B gets a file written for it, and all three agree.
    assert!(!sync::lacks_changes_before(&c, &for_c).unwrap());
    c.import_changes(&for_c).unwrap();
    send(&dir, &a, &mut b);
    assert_eq!(view(&b), view(&a));
    assert_eq!(view(&c), view(&a));
    let (rows, m) = view(&b);
    assert_eq!(rows.len(), 1);
    assert_eq!(m.contacted, 1, "B has the visit");
}

#[test]
fn region_groups_and_their_cities_travel_and_projects_follow_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(&dir, "a.sqlite3");
    let mut b = ledger(&dir, "b.sqlite3");
    let chengdu = a
        .create_company(&CompanyInput {
            name: "成都光电有限公司".into(),
            origin_code: Some("510100".into()),
            ..Default::default()
        })
        .unwrap();
    let p = a
        .create_project(&NewProject {
            project: ProjectInput {
                name: "光电项目".into(),
                company_id: Some(chengdu.id),
                total_investment: YI,
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 3, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    send(&dir, &a, &mut b);
    let domestic = b.project(&p.id).unwrap().region_group_id;

    // A new group on A, with 成都 in it: B gets the group, its cities and the project's new group.
    let g = a.create_region_group("成渝").unwrap();
    a.set_city_region_group("510100", Some(&g.id)).unwrap();
    a.set_city_region_group("500100", Some(&g.id)).unwrap();
    send(&dir, &a, &mut b);
    let on_b = |b: &Ledger| {
        b.region_groups()
            .unwrap()
            .into_iter()
            .find(|x| x.id == g.id)
    };
    let got = on_b(&b).expect("the group reached B");
    assert_eq!(got.name, "成渝");
    assert_eq!(
        got.city_codes,
        vec!["500100".to_string(), "510100".to_string()]
    );
    assert_eq!(
        b.project(&p.id).unwrap().region_group_id,
        Some(g.id.clone())
    );
    assert_ne!(domestic, Some(g.id.clone()));

    // A rename and a city taken out follow; the project goes back to where its origin puts it.
    a.rename_region_group(&g.id, "成渝地区").unwrap();
    a.set_city_region_group("510100", None).unwrap();
    send(&dir, &a, &mut b);
    let got = on_b(&b).unwrap();
    assert_eq!(got.name, "成渝地区");
    assert_eq!(got.city_codes, vec!["500100".to_string()]);
    assert_eq!(b.project(&p.id).unwrap().region_group_id, domestic);

    // Deleting it travels too; sending again changes nothing.
    a.delete_region_group(&g.id).unwrap();
    send(&dir, &a, &mut b);
    assert!(on_b(&b).is_none());
    let again = send(&dir, &a, &mut b);
    assert_eq!(again.applied, 0);
}

#[test]
fn search_aliases_travel_and_the_same_alias_on_two_laptops_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(&dir, "a.sqlite3");
    let mut b = ledger(&dir, "b.sqlite3");
    a.create_company(&CompanyInput {
        name: "凌源钢铁股份有限公司".into(),
        ..Default::default()
    })
    .unwrap();
    send(&dir, &a, &mut b);
    assert!(b.search("凌钢", 10).unwrap().is_empty());

    // Added on A: B's search finds it. The same alias added on both: one record, no clash.
    a.add_search_alias("凌钢", "凌源钢铁").unwrap();
    b.add_search_alias("凌钢", "凌源钢铁").unwrap();
    a.add_search_alias("凌钢集团", "凌源钢铁").unwrap();
    send(&dir, &a, &mut b);
    send(&dir, &b, &mut a);
    for l in [&a, &b] {
        let names: Vec<String> = l
            .search("凌钢集团", 10)
            .unwrap()
            .into_iter()
            .map(|h| h.name)
            .collect();
        assert_eq!(names, vec!["凌源钢铁股份有限公司".to_string()]);
        assert_eq!(l.search_aliases().unwrap().len(), 2);
    }

    // Deleted on B: gone on A too.
    let id = b
        .search_aliases()
        .unwrap()
        .into_iter()
        .find(|x| x.alias == "凌钢集团")
        .unwrap()
        .id;
    b.delete_search_alias(&id).unwrap();
    send(&dir, &b, &mut a);
    let left: Vec<String> = a
        .search_aliases()
        .unwrap()
        .into_iter()
        .map(|x| x.alias)
        .collect();
    assert_eq!(left, vec!["凌钢".to_string()]);
    assert!(a.search("凌钢集团", 10).unwrap().is_empty());
}

#[test]
fn the_same_region_group_created_on_two_laptops_is_refused_in_words_and_nothing_merges() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(&dir, "a.sqlite3");
    let mut b = ledger(&dir, "b.sqlite3");
    a.create_region_group("成渝").unwrap();
    b.create_region_group("成渝").unwrap();
    let before = (footprint(&b), b.region_groups().unwrap().len());
    let bundle = a.export_changes(&b.sync_seen().unwrap()).unwrap();
    let e = b.import_changes(&bundle).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    assert!(e.to_string().contains("来源区域“成渝”"), "{e}");
    assert_eq!(
        (footprint(&b), b.region_groups().unwrap().len()),
        before,
        "nothing of the refused merge is kept"
    );

    // Renamed on one laptop: the merge goes through.
    let g = b
        .region_groups()
        .unwrap()
        .into_iter()
        .find(|x| x.name == "成渝")
        .unwrap();
    b.rename_region_group(&g.id, "川渝").unwrap();
    send(&dir, &a, &mut b);
    let names: Vec<String> = b
        .region_groups()
        .unwrap()
        .into_iter()
        .map(|x| x.name)
        .collect();
    assert!(
        names.contains(&"成渝".to_string()) && names.contains(&"川渝".to_string()),
        "{names:?}"
    );
}

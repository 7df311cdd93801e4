//! Audit trail, undo and the recycle bin, on real ledger files.

use crate::common::*;
use zhaoshang_core::*;
use zhaoshang_demo as demo;

#[test]
fn every_edit_is_logged_field_by_field_with_its_author() {
    let mut f = fixture();
    f.ledger.set_acting_officer(Some(f.officer.id.clone()));
    let p = f.project("高端装备制造", "110108", YI, d(2022, 1, 5));
    let mut input = input_of(&p);
    input.total_investment = 3 * YI;
    input.next_step = Some("6月底前签约".into());
    f.ledger.update_project(&p.id, &input).unwrap();
    f.stage(&p.id, Stage::Signed, d(2022, 6, 1)).unwrap();

    let h = f.ledger.history("projects", &p.id).unwrap();
    let fields: Vec<&str> = h.iter().map(|c| c.field.as_str()).collect();
    assert!(
        fields.contains(&"total_investment") && fields.contains(&"next_step"),
        "{fields:?}"
    );
    let money = h.iter().find(|c| c.field == "total_investment").unwrap();
    assert_eq!(money.old_value.as_deref(), Some("100000000"));
    assert_eq!(money.new_value.as_deref(), Some("300000000"));
    assert_eq!(money.officer_name.as_deref(), Some("王磊"));
    assert!(
        h.iter()
            .any(|c| c.table_name == "stage_changes" && c.field == "*"),
        "stage changes show in the project's history"
    );
    assert!(
        h.iter().all(|c| c.field != "stage"),
        "derived fields are not logged"
    );
    // Every change sits in the same transaction as the data: same count after reopening.
    let path = f.ledger.path().to_path_buf();
    let n = h.len();
    drop(f.ledger);
    assert_eq!(
        Ledger::open(path)
            .unwrap()
            .history("projects", &p.id)
            .unwrap()
            .len(),
        n
    );
}

#[test]
fn undo_reverses_the_last_action_and_is_itself_logged() {
    let mut f = fixture();
    let p = f.project("生物医药", "110108", YI, d(2022, 1, 5));
    let mut input = input_of(&p);
    input.name = "生物医药产业园".into();
    input.total_investment = 2 * YI;
    f.ledger.update_project(&p.id, &input).unwrap();

    let last = f
        .ledger
        .last_undoable()
        .unwrap()
        .expect("an action to undo");
    assert!(
        last.description.contains("修改项目"),
        "{}",
        last.description
    );
    assert!(last.description.contains("总投资"), "{}", last.description);
    f.ledger.undo(&last.tx_id).unwrap();
    let p2 = f.ledger.project(&p.id).unwrap();
    assert_eq!((p2.name.as_str(), p2.total_investment), ("生物医药", YI));
    let e = f.ledger.undo(&last.tx_id).unwrap_err();
    assert!(e.to_string().contains("已经撤销"), "{e}");

    // Next undoable is the creation; undoing it deletes (softly) the project.
    let create = f.ledger.last_undoable().unwrap().unwrap();
    assert!(
        create.description.contains("新建项目"),
        "{}",
        create.description
    );
    f.ledger.undo(&create.tx_id).unwrap();
    assert_eq!(
        f.ledger.project(&p.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let bin = f.ledger.recycle_bin(10).unwrap();
    assert!(bin
        .iter()
        .any(|r| r.id == p.id && r.table_name == "projects"));
    f.ledger.restore_project(&p.id).unwrap();
}

#[test]
fn undoing_a_stage_change_restores_the_previous_stage() {
    let mut f = fixture();
    let p = f.project("新能源储能", "110108", YI, d(2022, 1, 5));
    f.stage(&p.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    let last = f.ledger.last_undoable().unwrap().unwrap();
    assert!(last.description.contains("签约"), "{}", last.description);
    f.ledger.undo(&last.tx_id).unwrap();
    let p = f.ledger.project(&p.id).unwrap();
    assert_eq!((p.stage, p.signed_on), (Stage::Lead, None));
}

#[test]
fn undo_of_a_delete_restores_the_record() {
    let mut f = fixture();
    let p = f.project("现代服务业", "110108", YI, d(2022, 1, 5));
    let a = f.activity(ActivityKind::IncomingVisit, d(2022, 2, 1), None, &[&p.id]);
    f.ledger.delete_activity(&a.id).unwrap();
    let last = f.ledger.last_undoable().unwrap().unwrap();
    assert!(
        last.description.contains("删除活动记录"),
        "{}",
        last.description
    );
    f.ledger.undo(&last.tx_id).unwrap();
    assert_eq!(
        f.ledger.activity(&a.id).unwrap().project_ids,
        vec![p.id.clone()]
    );
}

#[test]
fn the_demo_ledger_is_not_offered_for_undo() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo::create_demo_ledger(&dir.path().join("demo.sqlite3")).unwrap();
    assert!(ledger.last_undoable().unwrap().is_none());
}

//! Stage history rules: derived dates, backdating, impossible sequences.

use crate::common::*;
use zhaoshang_core::*;

#[test]
fn current_stage_and_dates_come_from_the_history() {
    let mut f = fixture();
    let p = f.project("汽车零部件", "130203", 2 * YI, d(2022, 1, 10));
    f.stage(&p.id, Stage::Negotiating, d(2022, 2, 1)).unwrap();
    f.stage(&p.id, Stage::Signed, d(2022, 3, 15)).unwrap();
    let p = f.stage(&p.id, Stage::Started, d(2022, 5, 20)).unwrap();
    assert_eq!(p.stage, Stage::Started);
    assert_eq!(p.signed_on, Some(d(2022, 3, 15)));
    assert_eq!(p.started_on, Some(d(2022, 5, 20)));
    assert_eq!(p.stage_since, d(2022, 5, 20));
    assert_eq!(p.construction_kind, Some(ConstructionKind::New));
    let h = f.ledger.stage_history(&p.id).unwrap();
    let seq: Vec<(Option<Stage>, Stage)> = h.iter().map(|c| (c.from_stage, c.to_stage)).collect();
    assert_eq!(
        seq,
        [
            (None, Stage::Lead),
            (Some(Stage::Lead), Stage::Negotiating),
            (Some(Stage::Negotiating), Stage::Signed),
            (Some(Stage::Signed), Stage::Started)
        ]
    );
}

#[test]
fn backdating_inserts_the_change_where_it_belongs() {
    let mut f = fixture();
    let p = f.project("光伏组件", "320505", YI, d(2022, 1, 10));
    f.stage(&p.id, Stage::Signed, d(2022, 6, 1)).unwrap();
    // Entered later, happened earlier: the talks began in March.
    let p = f.stage(&p.id, Stage::Negotiating, d(2022, 3, 1)).unwrap();
    assert_eq!(
        p.stage,
        Stage::Signed,
        "the latest change still decides the stage"
    );
    let h = f.ledger.stage_history(&p.id).unwrap();
    assert_eq!(h[1].to_stage, Stage::Negotiating);
    assert_eq!(h[2].from_stage, Some(Stage::Negotiating));
}

#[test]
fn impossible_sequences_are_rejected_with_a_clear_message() {
    let mut f = fixture();
    let p = f.project("精密铸造", "110108", YI, d(2022, 1, 10));
    let e = f.stage(&p.id, Stage::Started, d(2022, 2, 1)).unwrap_err();
    assert!(e.to_string().contains("尚未签约"), "{e}");
    f.stage(&p.id, Stage::Signed, d(2022, 4, 1)).unwrap();
    let e = f.stage(&p.id, Stage::Started, d(2022, 3, 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "开工日期（2022年3月1日）早于签约日期（2022年4月1日）：项目须先签约再开工。"
    );
    let e = f.stage(&p.id, Stage::Operating, d(2022, 5, 1)).unwrap_err();
    assert!(e.to_string().contains("尚未开工"), "{e}");
    let e = f.stage(&p.id, Stage::Started, d(2023, 1, 1)).unwrap_err();
    assert!(e.to_string().contains("晚于今天"), "{e}");
    let e = f
        .stage(&p.id, Stage::Negotiating, d(2022, 5, 1))
        .unwrap_err();
    assert!(e.to_string().contains("不符合项目推进顺序"), "{e}");
    // Nothing of the rejected attempts was written.
    assert_eq!(f.ledger.stage_history(&p.id).unwrap().len(), 2);
}

#[test]
fn a_project_signed_twice_is_signed_once_and_upgraded_once() {
    let mut f = fixture();
    let p = f.project("碳纤维复合材料", "310115", 8 * YI, d(2021, 11, 1));
    f.stage(&p.id, Stage::Signed, d(2022, 2, 10)).unwrap(); // 框架协议
    f.stage(&p.id, Stage::Signed, d(2022, 5, 10)).unwrap(); // 升格为正式合同
    let h = f.ledger.stage_history(&p.id).unwrap();
    assert_eq!(h.iter().filter(|c| c.upgrade).count(), 1);
    let r = f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default());
    assert_eq!(r.metrics.signed, 1);
    assert_eq!(r.metrics.upgraded, 1);
    assert_eq!(r.metrics.signed_investment, 8 * YI);
    // The upgrade alone in a later period is not a new signing there.
    let q2 = f.report(d(2022, 4, 1), d(2022, 6, 30), Scope::default());
    assert_eq!((q2.metrics.signed, q2.metrics.upgraded), (0, 1));
}

#[test]
fn added_investment_counts_only_the_increment() {
    let mut f = fixture();
    let p = f.project("氢能装备", "120116", 2 * YI, d(2021, 3, 1));
    f.stage(&p.id, Stage::Signed, d(2021, 6, 1)).unwrap();
    let p = f
        .ledger
        .record_stage_change(
            &p.id,
            &StageChangeInput {
                to_stage: Stage::Signed,
                changed_on: d(2022, 3, 1),
                construction_kind: None,
                added_investment: 5_000 * WAN,
                officer_id: None,
                note: Some("增资扩产".into()),
                date_unknown: false,
            },
        )
        .unwrap();
    assert_eq!(p.total_investment, 2 * YI + 5_000 * WAN);
    let y2021 = f.report(d(2021, 1, 1), d(2021, 12, 31), Scope::default());
    assert_eq!(
        (y2021.metrics.signed, y2021.metrics.signed_investment),
        (1, 2 * YI)
    );
    let y2022 = f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default());
    assert_eq!(y2022.metrics.signed, 0);
    assert_eq!(y2022.metrics.added_investment, 5_000 * WAN);
    assert_eq!(y2022.metrics.signed_investment, 5_000 * WAN);
}

#[test]
fn restarts_after_a_pause_are_resumed_construction() {
    let mut f = fixture();
    let p = f.project("农产品深加工", "211382", 6_000 * WAN, d(2021, 3, 1));
    f.stage(&p.id, Stage::Signed, d(2021, 5, 1)).unwrap();
    f.stage(&p.id, Stage::Started, d(2021, 8, 1)).unwrap();
    f.stage(&p.id, Stage::OnHold, d(2021, 11, 20)).unwrap(); // 冬季停工
    let p = f.stage(&p.id, Stage::Started, d(2022, 3, 15)).unwrap();
    assert_eq!(p.construction_kind, Some(ConstructionKind::Resumed));
    assert_eq!(
        p.started_on,
        Some(d(2021, 8, 1)),
        "first 开工 stays the 开工 date"
    );
    let q1 = f.report(d(2022, 1, 1), d(2022, 3, 31), Scope::default());
    assert_eq!(
        (
            q1.metrics.started,
            q1.metrics.started_resumed,
            q1.metrics.started_new
        ),
        (1, 1, 0)
    );
}

#[test]
fn deleting_a_mistaken_change_keeps_the_history_valid() {
    let mut f = fixture();
    let p = f.project("现代物流", "440305", YI, d(2022, 1, 1));
    f.stage(&p.id, Stage::Signed, d(2022, 2, 1)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 3, 1)).unwrap();
    let h = f.ledger.stage_history(&p.id).unwrap();
    let e = f.ledger.delete_stage_change(&h[1].id).unwrap_err();
    assert!(
        e.to_string().contains("删除这条记录后阶段历史不成立"),
        "{e}"
    );
    let p = f.ledger.delete_stage_change(&h[2].id).unwrap();
    assert_eq!((p.stage, p.started_on), (Stage::Signed, None));
    // Without the 线索 row the project simply starts at 签约; the last row cannot go.
    f.ledger.delete_stage_change(&h[0].id).unwrap();
    let e = f.ledger.delete_stage_change(&h[1].id).unwrap_err();
    assert!(e.to_string().contains("唯一的阶段记录"), "{e}");
}

//! 预警 rules on hand-built ledgers: each rule at its edge days (exactly N vs N+1, months at
//! month ends), a project that clears the no-update rule by a stated reason and trips again,
//! a disabled rule, a threshold edit undone by 撤销 and carried by sync to a second ledger.

use crate::common::*;
use zhaoshang_core::alerts::rules::{
    NEGOTIATING_IDLE, NO_UPDATE, SIGNED_NOT_STARTED, STARTED_NOT_PRODUCING,
};
use zhaoshang_core::alerts::{AlertRuleInput, NoUpdateReasonInput, ProjectAlert};
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

fn tripped(l: &Ledger, rule: &str, on: chrono::NaiveDate) -> Vec<ProjectAlert> {
    l.alerts_on(on)
        .unwrap()
        .into_iter()
        .filter(|a| a.rule_id == rule)
        .collect()
}

fn names(alerts: &[ProjectAlert]) -> Vec<&str> {
    alerts.iter().map(|a| a.project_name.as_str()).collect()
}

fn set_rule(l: &mut Ledger, id: &str, threshold: i64, enabled: bool) -> Result<alerts::AlertRule> {
    l.update_alert_rule(id, &AlertRuleInput { threshold, enabled })
}

#[test]
fn defaults_are_seeded_in_order() {
    let f = fixture();
    let rules = f.ledger.alert_rules().unwrap();
    let got: Vec<(&str, i64, &str, bool)> = rules
        .iter()
        .map(|r| (r.id.as_str(), r.threshold, r.unit.as_str(), r.enabled))
        .collect();
    assert_eq!(
        got,
        vec![
            (SIGNED_NOT_STARTED, 90, "days", true),
            (STARTED_NOT_PRODUCING, 12, "months", true),
            (NEGOTIATING_IDLE, 60, "days", true),
            (NO_UPDATE, 30, "days", true),
        ]
    );
    assert_eq!(rules[0].name, "签约未开工");
}

#[test]
fn signed_not_started_trips_the_day_after_n_days() {
    let mut f = fixture();
    let p = f.project("新材料项目", "110108", 5 * YI, d(2022, 1, 5));
    f.stage(&p.id, Stage::Negotiating, d(2022, 2, 1)).unwrap();
    f.stage(&p.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    // 90 days after 3月1日 is 5月30日: not yet; 5月31日 (91 days): tripped.
    assert!(tripped(&f.ledger, SIGNED_NOT_STARTED, d(2022, 5, 30)).is_empty());
    let a = tripped(&f.ledger, SIGNED_NOT_STARTED, d(2022, 5, 31));
    assert_eq!(names(&a), vec!["新材料项目"]);
    assert_eq!((a[0].days, a[0].elapsed, a[0].threshold), (91, 91, 90));
    assert_eq!(a[0].since, d(2022, 3, 1));
    assert_eq!(a[0].officer_name.as_deref(), Some("王磊"));
    assert_eq!(a[0].officer_id.as_deref(), Some(f.officer.id.as_str()));
    assert_eq!(a[0].rule_name, "签约未开工");
    assert_eq!(a[0].describe(), "签约未开工 91天（规则：90天）");
    // Once started it no longer trips this rule.
    f.stage(&p.id, Stage::Started, d(2022, 6, 1)).unwrap();
    assert!(tripped(&f.ledger, SIGNED_NOT_STARTED, d(2022, 6, 30)).is_empty());
}

#[test]
fn started_not_producing_counts_calendar_months_at_month_ends() {
    let mut f = fixture();
    let p = f.project("月末开工项目", "110108", YI, d(2021, 12, 1));
    f.stage(&p.id, Stage::Signed, d(2022, 1, 10)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 1, 31)).unwrap();
    set_rule(&mut f.ledger, STARTED_NOT_PRODUCING, 1, true).unwrap();
    // One month from 1月31日 ends on 2月28日 (2022 is not a leap year).
    assert!(tripped(&f.ledger, STARTED_NOT_PRODUCING, d(2022, 2, 28)).is_empty());
    let a = tripped(&f.ledger, STARTED_NOT_PRODUCING, d(2022, 3, 1));
    assert_eq!(names(&a), vec!["月末开工项目"]);
    assert_eq!((a[0].elapsed, a[0].extra_days, a[0].days), (1, 1, 29));
    assert_eq!(a[0].unit, "months");
    assert_eq!(a[0].describe(), "开工未投产 1个月1天（规则：1个月）");
    // 12 months: 2023-01-31 is the last quiet day.
    set_rule(&mut f.ledger, STARTED_NOT_PRODUCING, 12, true).unwrap();
    assert!(tripped(&f.ledger, STARTED_NOT_PRODUCING, d(2023, 1, 31)).is_empty());
    let a = tripped(&f.ledger, STARTED_NOT_PRODUCING, d(2023, 2, 1));
    assert_eq!((a[0].elapsed, a[0].extra_days), (12, 1));
    // 投产 ends it.
    f.ledger.set_today(Some(d(2023, 3, 1)));
    f.stage(&p.id, Stage::Operating, d(2023, 3, 1)).unwrap();
    assert!(f.ledger.alerts_on(d(2024, 3, 1)).unwrap().is_empty());
}

#[test]
fn months_between_handles_leap_days() {
    use zhaoshang_core::alerts::evaluate::months_between;
    assert_eq!(months_between(d(2024, 2, 29), d(2025, 2, 28)), (12, 0));
    assert_eq!(months_between(d(2024, 2, 29), d(2025, 3, 1)), (12, 1));
    assert_eq!(months_between(d(2024, 1, 31), d(2024, 2, 29)), (1, 0));
    assert_eq!(months_between(d(2024, 1, 31), d(2024, 2, 28)), (0, 28));
    assert_eq!(months_between(d(2024, 5, 15), d(2024, 5, 15)), (0, 0));
}

#[test]
fn negotiating_idle_counts_from_the_latest_activity_or_the_stage() {
    let mut f = fixture();
    let busy = f.project("有活动项目", "110108", YI, d(2022, 1, 5));
    let quiet = f.project("无活动项目", "110108", YI, d(2022, 1, 5));
    // An activity before 洽谈 does not count: 洽谈 began later.
    f.activity(ActivityKind::Call, d(2022, 2, 1), None, &[&quiet.id]);
    f.stage(&busy.id, Stage::Negotiating, d(2022, 3, 1))
        .unwrap();
    f.stage(&quiet.id, Stage::Negotiating, d(2022, 3, 1))
        .unwrap();
    f.activity(
        ActivityKind::IncomingVisit,
        d(2022, 5, 1),
        None,
        &[&busy.id],
    );
    // quiet: 60 days after 3月1日 is 4月30日.
    assert!(tripped(&f.ledger, NEGOTIATING_IDLE, d(2022, 4, 30)).is_empty());
    let a = tripped(&f.ledger, NEGOTIATING_IDLE, d(2022, 5, 1));
    assert_eq!(names(&a), vec!["无活动项目"]);
    assert_eq!((a[0].since, a[0].days), (d(2022, 3, 1), 61));
    // busy: 60 days after 5月1日 is 6月30日.
    assert_eq!(
        names(&tripped(&f.ledger, NEGOTIATING_IDLE, d(2022, 6, 30))),
        vec!["无活动项目"]
    );
    let a = tripped(&f.ledger, NEGOTIATING_IDLE, d(2022, 7, 1));
    assert_eq!(names(&a), vec!["无活动项目", "有活动项目"], "longest first");
    assert_eq!(a[1].since, d(2022, 5, 1));
    // A deleted activity is no activity.
    let later = f.activity(ActivityKind::Call, d(2022, 6, 29), None, &[&quiet.id]);
    assert_eq!(
        names(&tripped(&f.ledger, NEGOTIATING_IDLE, d(2022, 7, 1))),
        vec!["有活动项目"]
    );
    f.ledger.delete_activity(&later.id).unwrap();
    assert_eq!(tripped(&f.ledger, NEGOTIATING_IDLE, d(2022, 7, 1)).len(), 2);
}

#[test]
fn a_stated_reason_clears_no_update_until_n_days_pass_again() {
    let mut f = fixture();
    let p = f.project("久未更新项目", "110108", YI, d(2022, 1, 10));
    f.activity(ActivityKind::Call, d(2022, 2, 1), None, &[&p.id]);
    // Last update 2月1日; 30 days later is 3月3日.
    assert!(tripped(&f.ledger, NO_UPDATE, d(2022, 3, 3)).is_empty());
    let a = tripped(&f.ledger, NO_UPDATE, d(2022, 3, 4));
    assert_eq!(names(&a), vec!["久未更新项目"]);
    assert_eq!(
        (a[0].since, a[0].days, a[0].last_reason_on),
        (d(2022, 2, 1), 31, None)
    );

    f.ledger.set_today(Some(d(2022, 3, 4)));
    let before = f.ledger.project(&p.id).unwrap();
    let reason = f
        .ledger
        .add_no_update_reason(&NoUpdateReasonInput {
            project_id: p.id.clone(),
            stated_on: None,
            reason: "  企业在等待集团董事会决策  ".into(),
            officer_id: Some(f.officer.id.clone()),
        })
        .unwrap();
    assert_eq!(
        reason.stated_on,
        d(2022, 3, 4),
        "today when no date is given"
    );
    assert_eq!(reason.reason, "企业在等待集团董事会决策");
    assert_eq!(reason.officer_name.as_deref(), Some("王磊"));
    // Stating a reason touches no field of the project.
    assert_eq!(f.ledger.project(&p.id).unwrap(), before);
    assert_eq!(
        f.ledger.no_update_reasons(&p.id).unwrap(),
        vec![reason.clone()]
    );

    // Cleared from the day it is stated through 30 days after (4月3日) …
    assert!(tripped(&f.ledger, NO_UPDATE, d(2022, 3, 4)).is_empty());
    assert!(tripped(&f.ledger, NO_UPDATE, d(2022, 4, 3)).is_empty());
    // … and tripped again the day after, still counted from the last real update.
    let a = tripped(&f.ledger, NO_UPDATE, d(2022, 4, 4));
    assert_eq!(names(&a), vec!["久未更新项目"]);
    assert_eq!(a[0].since, d(2022, 2, 1));
    assert_eq!(a[0].days, 62);
    assert_eq!(a[0].last_reason_on, Some(d(2022, 3, 4)));
    // Evaluated before the reason was stated, the reason does not count.
    assert_eq!(tripped(&f.ledger, NO_UPDATE, d(2022, 3, 3)).len(), 0);

    // 撤销 of the reason brings the alert back; deleting works the same.
    let undo = f.ledger.last_undoable().unwrap().unwrap();
    assert!(
        undo.description.contains("未更新说明"),
        "{}",
        undo.description
    );
    f.ledger.undo(&undo.tx_id).unwrap();
    assert!(f.ledger.no_update_reasons(&p.id).unwrap().is_empty());
    assert_eq!(tripped(&f.ledger, NO_UPDATE, d(2022, 3, 4)).len(), 1);
}

#[test]
fn a_stage_change_is_an_update_and_terminal_stages_trip_nothing() {
    let mut f = fixture();
    let p = f.project("阶段更新项目", "110108", YI, d(2022, 1, 1));
    assert_eq!(tripped(&f.ledger, NO_UPDATE, d(2022, 2, 1)).len(), 1);
    f.stage(&p.id, Stage::Negotiating, d(2022, 1, 20)).unwrap();
    assert!(tripped(&f.ledger, NO_UPDATE, d(2022, 2, 1)).is_empty());
    assert_eq!(tripped(&f.ledger, NO_UPDATE, d(2022, 2, 20)).len(), 1);
    for (name, stage) in [("搁置项目", Stage::OnHold), ("终止项目", Stage::Dropped)] {
        let q = f.project(name, "110108", YI, d(2021, 1, 1));
        f.stage(&q.id, stage, d(2021, 2, 1)).unwrap();
    }
    let all = f.ledger.alerts_on(d(2022, 12, 31)).unwrap();
    assert!(
        all.iter().all(|a| a.project_name == "阶段更新项目"),
        "{all:?}"
    );
}

#[test]
fn an_edit_of_the_project_counts_as_an_update() {
    // Edits are dated by the day they were made (the machine's clock), so this test runs "now".
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(dir.path().join("l.sqlite3")).unwrap();
    let today = chrono::Local::now().date_naive();
    let start = today - chrono::Days::new(400);
    let p = l
        .create_project(&NewProject {
            project: ProjectInput {
                name: "编辑过的项目".into(),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: start,
            first_stage_date_unknown: false,
        })
        .unwrap();
    assert_eq!(
        tripped(&l, NO_UPDATE, today).len(),
        1,
        "creation is not an edit"
    );
    let mut input: ProjectInput =
        serde_json::from_value(serde_json::to_value(l.project(&p.id).unwrap()).unwrap()).unwrap();
    input.next_step = Some("约企业负责人来访".into());
    l.update_project(&p.id, &input).unwrap();
    assert!(tripped(&l, NO_UPDATE, today).is_empty());
    assert!(tripped(&l, NO_UPDATE, today + chrono::Days::new(30)).is_empty());
    assert_eq!(
        tripped(&l, NO_UPDATE, today + chrono::Days::new(31)).len(),
        1
    );
}

#[test]
fn a_disabled_rule_trips_nothing() {
    let mut f = fixture();
    let p = f.project("停用规则项目", "110108", YI, d(2022, 1, 5));
    f.stage(&p.id, Stage::Signed, d(2022, 1, 10)).unwrap();
    assert_eq!(
        tripped(&f.ledger, SIGNED_NOT_STARTED, d(2022, 12, 31)).len(),
        1
    );
    set_rule(&mut f.ledger, SIGNED_NOT_STARTED, 90, false).unwrap();
    assert!(tripped(&f.ledger, SIGNED_NOT_STARTED, d(2022, 12, 31)).is_empty());
    assert_eq!(tripped(&f.ledger, NO_UPDATE, d(2022, 12, 31)).len(), 1);
    set_rule(&mut f.ledger, NO_UPDATE, 30, false).unwrap();
    assert!(f.ledger.alerts_on(d(2022, 12, 31)).unwrap().is_empty());
}

#[test]
fn bad_thresholds_and_reasons_are_refused_at_their_field() {
    let mut f = fixture();
    let field = |e: Error| (e.kind(), e.field().map(str::to_string), e.to_string());
    for (id, bad) in [
        (SIGNED_NOT_STARTED, 0),
        (SIGNED_NOT_STARTED, 3651),
        (STARTED_NOT_PRODUCING, 121),
        (NO_UPDATE, -5),
    ] {
        let (kind, f_, msg) = field(set_rule(&mut f.ledger, id, bad, true).unwrap_err());
        assert_eq!(
            (kind, f_.as_deref()),
            (ErrorKind::Validation, Some("threshold"))
        );
        assert!(msg.contains("期限"), "{msg}");
    }
    assert_eq!(
        set_rule(&mut f.ledger, SIGNED_NOT_STARTED, 3650, true)
            .unwrap()
            .threshold,
        3650
    );
    assert_eq!(
        set_rule(&mut f.ledger, STARTED_NOT_PRODUCING, 120, true)
            .unwrap()
            .threshold,
        120
    );
    assert_eq!(
        field(set_rule(&mut f.ledger, "no_such_rule", 10, true).unwrap_err()).0,
        ErrorKind::NotFound
    );

    let p = f.project("原因校验项目", "110108", YI, d(2022, 1, 5));
    let input = |project_id: &str, reason: &str, on| NoUpdateReasonInput {
        project_id: project_id.into(),
        stated_on: on,
        reason: reason.into(),
        officer_id: None,
    };
    let cases = [
        (input(&p.id, "   ", None), "reason"),
        (input(&p.id, &"字".repeat(501), None), "reason"),
        (input(&p.id, "出差", Some(d(2023, 1, 1))), "stated_on"),
        (input("no-such-project", "出差", None), "project_id"),
    ];
    for (bad, at) in cases {
        let (kind, f_, _) = field(f.ledger.add_no_update_reason(&bad).unwrap_err());
        assert_eq!((kind, f_.as_deref()), (ErrorKind::Validation, Some(at)));
    }
    let mut bad_officer = input(&p.id, "出差", None);
    bad_officer.officer_id = Some("nobody".into());
    assert_eq!(
        field(f.ledger.add_no_update_reason(&bad_officer).unwrap_err())
            .1
            .as_deref(),
        Some("officer_id")
    );
    assert!(f
        .ledger
        .add_no_update_reason(&input(&p.id, &"字".repeat(500), None))
        .is_ok());
    assert_eq!(
        f.ledger.no_update_reasons(&p.id).unwrap().len(),
        1,
        "nothing half-written"
    );
}

#[test]
fn a_threshold_edit_is_undone_by_undo() {
    let mut f = fixture();
    let p = f.project("撤销规则项目", "110108", YI, d(2022, 1, 5));
    f.stage(&p.id, Stage::Signed, d(2022, 6, 1)).unwrap();
    // 213 days signed at year end: tripped at 90, not at 365.
    set_rule(&mut f.ledger, SIGNED_NOT_STARTED, 365, true).unwrap();
    assert!(tripped(&f.ledger, SIGNED_NOT_STARTED, d(2022, 12, 31)).is_empty());
    let undo = f.ledger.last_undoable().unwrap().unwrap();
    assert_eq!(undo.description, "修改预警规则“签约未开工”：期限");
    f.ledger.undo(&undo.tx_id).unwrap();
    let rule = &f.ledger.alert_rules().unwrap()[0];
    assert_eq!((rule.threshold, rule.enabled), (90, true));
    assert_eq!(
        tripped(&f.ledger, SIGNED_NOT_STARTED, d(2022, 12, 31)).len(),
        1
    );
    // The edit and its undo are in the rule's history.
    assert!(
        f.ledger
            .history("alert_rules", SIGNED_NOT_STARTED)
            .unwrap()
            .len()
            >= 2
    );
}

fn send(dir: &tempfile::TempDir, from: &Ledger, to: &mut Ledger) {
    let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
    let path = dir.path().join("bundle.zsync");
    write_bundle(&bundle, &path).unwrap();
    to.import_changes(&read_bundle(&path).unwrap()).unwrap();
}

#[test]
fn rule_edits_and_reasons_travel_by_sync() {
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str| {
        let mut l = Ledger::open(dir.path().join(name)).unwrap();
        l.set_today(Some(d(2022, 12, 31)));
        l
    };
    let mut a = open("a.sqlite3");
    let mut b = open("b.sqlite3");
    let p = a
        .create_project(&NewProject {
            project: ProjectInput {
                name: "同步预警项目".into(),
                ..Default::default()
            },
            first_stage: Stage::Signed,
            first_stage_on: d(2022, 6, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    a.update_alert_rule(
        SIGNED_NOT_STARTED,
        &AlertRuleInput {
            threshold: 250,
            enabled: true,
        },
    )
    .unwrap();
    a.update_alert_rule(
        NEGOTIATING_IDLE,
        &AlertRuleInput {
            threshold: 60,
            enabled: false,
        },
    )
    .unwrap();
    send(&dir, &a, &mut b);
    let rules = b.alert_rules().unwrap();
    assert_eq!((rules[0].threshold, rules[0].enabled), (250, true));
    assert_eq!((rules[2].threshold, rules[2].enabled), (60, false));
    assert_eq!(rules, a.alert_rules().unwrap());
    assert!(tripped(&b, SIGNED_NOT_STARTED, d(2022, 12, 31)).is_empty());
    assert_eq!(tripped(&b, SIGNED_NOT_STARTED, d(2023, 2, 10)).len(), 1);

    // A reason stated on B clears the rule on A after the exchange.
    assert_eq!(tripped(&a, NO_UPDATE, d(2022, 12, 31)).len(), 1);
    b.add_no_update_reason(&NoUpdateReasonInput {
        project_id: p.id.clone(),
        stated_on: Some(d(2022, 12, 20)),
        reason: "等待土地挂牌".into(),
        officer_id: None,
    })
    .unwrap();
    send(&dir, &b, &mut a);
    assert_eq!(a.no_update_reasons(&p.id).unwrap().len(), 1);
    assert!(tripped(&a, NO_UPDATE, d(2022, 12, 31)).is_empty());
}

#[test]
fn the_screen_list_is_cut_to_its_limit_with_the_total() {
    let mut f = fixture();
    for i in 0..5 {
        let p = f.project(&format!("签约项目{i}"), "110108", YI, d(2022, 1, 5));
        f.stage(&p.id, Stage::Signed, d(2022, 2, 1 + i)).unwrap();
    }
    // As of the fixture's today (2022-12-31): 5 × 签约未开工 and 5 × 未更新.
    let all = f.ledger.alert_list(0).unwrap();
    assert_eq!(
        (all.as_of, all.total, all.items.len()),
        (d(2022, 12, 31), 10, 10)
    );
    let cut = f.ledger.alert_list(3).unwrap();
    assert_eq!((cut.total, cut.items.len()), (10, 3));
    assert_eq!(cut.items[..], all.items[..3]);
    assert_eq!(cut.items[0].project_name, "签约项目0", "longest first");
}

//! 考核 (issue 15): scores of officers and teams computed from the ledger's facts with the
//! points table, every point traced, on hand-built ledgers.

use crate::common::*;
use zhaoshang_core::assessment::{ScoreQuery, ScoreSource, Scores};
use zhaoshang_core::*;

fn month(y: i32, m: u32) -> ScoreQuery {
    ScoreQuery {
        year: y,
        month: Some(m),
    }
}

fn year(y: i32) -> ScoreQuery {
    ScoreQuery {
        year: y,
        month: None,
    }
}

/// An activity of `officers` (built from JSON so the input's optional parts stay default);
/// `leader` is the trip's 带队领导.
fn activity(
    f: &mut Fixture,
    kind: ActivityKind,
    on: chrono::NaiveDate,
    officers: &[&str],
    leader: Option<&str>,
) -> Activity {
    let mut input = serde_json::json!({
        "kind": kind,
        "occurred_on": on,
        "place": null,
        "destination_code": null,
        "summary": "考察",
        "follow_up_on": null,
        "officer_ids": officers,
        "company_ids": [],
        "project_ids": [],
    });
    if let Some(l) = leader {
        input["trip"] = serde_json::json!({ "trip_leader": l });
    }
    let input: ActivityInput = serde_json::from_value(input).unwrap();
    f.ledger.create_activity(&input).unwrap()
}

fn total(s: &Scores, officer: &str) -> f64 {
    s.officers
        .iter()
        .find(|o| o.officer_id == officer)
        .map(|o| o.total)
        .unwrap_or_else(|| panic!("officer {officer} not in {s:#?}"))
}

/// Every officer's lines sum to his total, every team's total to its officers'.
fn check_traces(s: &Scores) {
    for o in &s.officers {
        let sum: f64 = o.lines.iter().map(|l| l.points).sum();
        assert!((sum - o.total).abs() < 1e-9, "{o:#?}");
        // 活动得分 + 阶段得分 + 扣分 = 总分: the 比拼表's columns add up.
        let parts = o.activity_points + o.stage_points + o.deductions;
        assert!((parts - o.total).abs() < 1e-9, "{o:#?}");
        assert!(o.lines.iter().all(|l| l.officer_id == o.officer_id));
        assert!(o
            .lines
            .iter()
            .all(|l| l.date >= s.period.from && l.date <= s.period.to));
    }
    let officers: f64 = s.officers.iter().map(|o| o.total).sum();
    let teams: f64 = s.teams.iter().map(|t| t.total).sum();
    assert!((officers - teams).abs() < 1e-9, "{s:#?}");
}

fn second_officer(f: &mut Fixture, name: &str, team: Option<&str>) -> Officer {
    f.ledger
        .create_officer(&OfficerInput {
            name: name.into(),
            team_id: team.map(str::to_string),
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn every_participant_gets_the_kinds_points_and_a_leader_adds_a_bonus() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    let team = f.team.id.clone();
    let li = second_officer(&mut f, "李娜", Some(&team)).id;
    // Defaults: 外出招商 2, 电话 0.5, 领导带队 +1.
    activity(
        &mut f,
        ActivityKind::OutboundTrip,
        d(2022, 11, 3),
        &[&me, &li],
        Some("张副县长"),
    );
    activity(&mut f, ActivityKind::Call, d(2022, 11, 4), &[&me], None);
    activity(
        &mut f,
        ActivityKind::Call,
        d(2022, 11, 5),
        &[&me],
        Some("  "),
    );
    let s = f.ledger.scores(month(2022, 11)).unwrap();
    check_traces(&s);
    assert_eq!(total(&s, &me), 2.0 + 1.0 + 0.5 + 0.5);
    assert_eq!(total(&s, &li), 3.0);
    let mine = s.officers.iter().find(|o| o.officer_id == me).unwrap();
    assert_eq!(mine.rank, 1);
    assert_eq!(mine.leader_led, 1);
    let trips = &mine.activities[0];
    assert_eq!(
        (trips.kind, trips.count, trips.points),
        (ActivityKind::OutboundTrip, 1, 2.0)
    );
    let calls = mine
        .activities
        .iter()
        .find(|k| k.kind == ActivityKind::Call)
        .unwrap();
    assert_eq!((calls.count, calls.points), (2, 1.0));
    let bonus = mine
        .lines
        .iter()
        .find(|l| l.rule_id == "activity:leader_led")
        .unwrap();
    assert!(bonus.what.contains("张副县长"), "{bonus:#?}");
    // The team holds both officers.
    assert_eq!(s.teams[0].total, 7.0);
    assert_eq!(s.teams[0].officers, 2);
}

#[test]
fn stage_changes_score_for_the_projects_officer_and_signing_adds_the_tier() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    let p = f.project("光伏组件", "110105", 3 * YI, d(2022, 1, 10));
    f.stage(&p.id, Stage::Negotiating, d(2022, 3, 1)).unwrap();
    f.stage(&p.id, Stage::Signed, d(2022, 3, 31)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 4, 1)).unwrap();
    // 线索 has no points; 洽谈 2, 签约 10 + tier 1亿至10亿元 10.
    let march = f.ledger.scores(month(2022, 3)).unwrap();
    check_traces(&march);
    assert_eq!(total(&march, &me), 22.0);
    let o = &march.officers[0];
    assert_eq!(o.stage_changes, 2);
    assert_eq!(o.stage_points, 22.0);
    assert!(o.lines.iter().all(|l| l.source == ScoreSource::StageChange));
    assert!(o
        .lines
        .iter()
        .any(|l| l.rule_id == "tier:over_1yi" && l.what.contains("光伏组件")));
    // 开工 on 1 April: the next month only.
    assert_eq!(total(&f.ledger.scores(month(2022, 4)).unwrap(), &me), 15.0);
    assert_eq!(total(&f.ledger.scores(year(2022)).unwrap(), &me), 37.0);
    // A small project's signing: tier under 5000万 is 0 points (a line of 0 is still traced).
    let q = f.project("小商铺", "110105", 100 * WAN, d(2022, 5, 1));
    f.stage(&q.id, Stage::Signed, d(2022, 5, 2)).unwrap();
    let may = f.ledger.scores(month(2022, 5)).unwrap();
    assert_eq!(total(&may, &me), 10.0);
    assert!(may.officers[0]
        .lines
        .iter()
        .any(|l| l.rule_id == "tier:under_5000wan" && l.points == 0.0));
}

#[test]
fn an_activity_on_the_last_day_of_a_month_counts_in_that_month_only() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    activity(
        &mut f,
        ActivityKind::PromotionEvent,
        d(2022, 11, 30),
        &[&me],
        None,
    );
    activity(
        &mut f,
        ActivityKind::PromotionEvent,
        d(2022, 12, 1),
        &[&me],
        None,
    );
    activity(
        &mut f,
        ActivityKind::PromotionEvent,
        d(2022, 10, 31),
        &[&me],
        None,
    );
    assert_eq!(total(&f.ledger.scores(month(2022, 11)).unwrap(), &me), 3.0);
    assert_eq!(total(&f.ledger.scores(month(2022, 12)).unwrap(), &me), 3.0);
    assert_eq!(total(&f.ledger.scores(month(2022, 10)).unwrap(), &me), 3.0);
    assert_eq!(total(&f.ledger.scores(year(2022)).unwrap(), &me), 9.0);
    assert_eq!(total(&f.ledger.scores(year(2023)).unwrap(), &me), 0.0);
    // 31 December and 1 January are different years.
    f.ledger.set_today(Some(d(2023, 1, 31)));
    activity(&mut f, ActivityKind::Call, d(2022, 12, 31), &[&me], None);
    activity(&mut f, ActivityKind::Call, d(2023, 1, 1), &[&me], None);
    assert_eq!(total(&f.ledger.scores(year(2022)).unwrap(), &me), 9.5);
    assert_eq!(total(&f.ledger.scores(month(2023, 1)).unwrap(), &me), 0.5);
}

#[test]
fn a_points_edit_changes_the_score_and_undo_puts_it_back() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    activity(
        &mut f,
        ActivityKind::IncomingVisit,
        d(2022, 6, 1),
        &[&me],
        None,
    );
    activity(
        &mut f,
        ActivityKind::IncomingVisit,
        d(2022, 6, 2),
        &[&me],
        None,
    );
    assert_eq!(total(&f.ledger.scores(month(2022, 6)).unwrap(), &me), 4.0);
    let rule = f
        .ledger
        .update_score_rule("activity:incoming_visit", 3.5)
        .unwrap();
    assert_eq!(rule.points, 3.5);
    assert_eq!(rule.label, "来访接待（每次）");
    assert_eq!(total(&f.ledger.scores(month(2022, 6)).unwrap(), &me), 7.0);
    let last = f.ledger.last_undoable().unwrap().unwrap();
    assert!(last.description.contains("计分规则"), "{last:#?}");
    f.ledger.undo(&last.tx_id).unwrap();
    assert_eq!(total(&f.ledger.scores(month(2022, 6)).unwrap(), &me), 4.0);
    // 0 turns a rule off.
    f.ledger
        .update_score_rule("activity:incoming_visit", 0.0)
        .unwrap();
    assert_eq!(total(&f.ledger.scores(month(2022, 6)).unwrap(), &me), 0.0);
}

#[test]
fn points_out_of_range_or_off_step_are_refused_in_chinese_at_the_field() {
    let mut f = fixture();
    for bad in [100.5, -101.0, 0.3, f64::NAN] {
        let e = f
            .ledger
            .update_score_rule("activity:call", bad)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert!(e.to_string().contains("分值"), "{e}");
    }
    let e = f
        .ledger
        .update_score_rule("deduct:assignment_overdue", 2.0)
        .unwrap_err();
    assert!(e.to_string().contains("扣分"), "{e}");
    let e = f
        .ledger
        .update_score_rule("activity:dinner", 1.0)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    // Nothing was written.
    let rules = f.ledger.score_rules().unwrap();
    assert_eq!(rules.len(), 16);
    assert_eq!(
        rules
            .iter()
            .find(|r| r.id == "activity:call")
            .unwrap()
            .points,
        0.5
    );
    assert_eq!(rules[0].id, "activity:outbound_trip");
    assert_eq!(rules.last().unwrap().id, "deduct:assignment_overdue");
}

#[test]
fn a_deleted_activity_or_stage_change_stops_counting() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    let a = activity(
        &mut f,
        ActivityKind::VideoMeeting,
        d(2022, 8, 8),
        &[&me],
        None,
    );
    let p = f.project("储能电站", "110105", 20 * YI, d(2022, 1, 1));
    f.stage(&p.id, Stage::Signed, d(2022, 8, 9)).unwrap();
    assert_eq!(
        total(&f.ledger.scores(month(2022, 8)).unwrap(), &me),
        1.0 + 10.0 + 20.0
    );
    f.ledger.delete_activity(&a.id).unwrap();
    assert_eq!(total(&f.ledger.scores(month(2022, 8)).unwrap(), &me), 30.0);
    f.ledger.restore_activity(&a.id).unwrap();
    assert_eq!(total(&f.ledger.scores(month(2022, 8)).unwrap(), &me), 31.0);
    // A deleted project's stage changes do not count either.
    f.ledger.delete_project(&p.id).unwrap();
    assert_eq!(total(&f.ledger.scores(month(2022, 8)).unwrap(), &me), 1.0);
}

fn assignment(
    f: &Fixture,
    officer: &str,
    project: &str,
    due: &str,
    status: &str,
    done: Option<&str>,
) -> String {
    let id = format!("asg-{due}-{status}");
    f.ledger
        .connection()
        .execute(
            "INSERT INTO assignments (id, project_id, task, assignee_officer_id, assigned_on, due_on,
                status, done_on, created_at, updated_at)
             VALUES (?1, ?2, '落实用地指标', ?3, '2022-01-01', ?4, ?5, ?6, 'x', 'x')",
            rusqlite::params![id, project, officer, due, status, done],
        )
        .unwrap();
    id
}

#[test]
fn an_overdue_assignment_deducts_once_in_the_month_it_was_due() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    let p = f.project("冷链物流", "110105", YI, d(2022, 1, 1));
    // Done late, done on time, still open (due in the past), still open (due after today's month).
    let late = assignment(&f, &me, &p.id, "2022-09-10", "done", Some("2022-09-20"));
    assignment(&f, &me, &p.id, "2022-09-11", "done", Some("2022-09-11"));
    let open = assignment(&f, &me, &p.id, "2022-10-31", "in_progress", None);
    assignment(&f, &me, &p.id, "2022-12-31", "assigned", None);
    let sep = f.ledger.scores(month(2022, 9)).unwrap();
    check_traces(&sep);
    let o = sep.officers.iter().find(|o| o.officer_id == me).unwrap();
    assert_eq!((o.overdue, o.deductions, o.total), (1, -2.0, -2.0));
    assert_eq!(o.lines[0].source_id, late);
    assert!(o.lines[0].what.contains("落实用地指标"), "{:?}", o.lines[0]);
    // Open and due on 31 October: overdue once that day ends, counted in October only.
    let oct = f.ledger.scores(month(2022, 10)).unwrap();
    assert_eq!(total(&oct, &me), -2.0);
    assert_eq!(oct.officers[0].lines[0].source_id, open);
    let nov = f.ledger.scores(month(2022, 11)).unwrap();
    assert_eq!(total(&nov, &me), 0.0);
    // Due on the last day of the year, today: not overdue yet.
    assert_eq!(total(&f.ledger.scores(year(2022)).unwrap(), &me), -4.0);
    // Once that day has passed, the year counts it too.
    f.ledger.set_today(Some(d(2023, 1, 5)));
    let y = f.ledger.scores(year(2022)).unwrap();
    let o = y.officers.iter().find(|o| o.officer_id == me).unwrap();
    assert_eq!((o.overdue, o.total), (3, -6.0), "{o:#?}");
    assert!(o.lines.iter().any(|l| l.source_id == open));
}

#[test]
fn teams_sum_their_officers_by_current_team_and_retired_officers_keep_their_points() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    let team2 = f.ledger.create_team("招商二组").unwrap();
    let zhao = second_officer(&mut f, "赵强", Some(&team2.id)).id;
    let loner = second_officer(&mut f, "孙敏", None).id;
    activity(
        &mut f,
        ActivityKind::PromotionEvent,
        d(2022, 7, 1),
        &[&me],
        None,
    );
    activity(
        &mut f,
        ActivityKind::OutboundTrip,
        d(2022, 7, 2),
        &[&zhao, &loner],
        None,
    );
    activity(
        &mut f,
        ActivityKind::OutboundTrip,
        d(2022, 7, 3),
        &[&zhao],
        None,
    );
    f.ledger.retire_officer(&zhao, d(2022, 7, 20)).unwrap();
    let s = f.ledger.scores(month(2022, 7)).unwrap();
    check_traces(&s);
    assert_eq!(s.officers[0].officer_id, zhao);
    assert_eq!(s.officers[0].total, 4.0);
    assert_eq!(s.officers[0].retired_on, Some(d(2022, 7, 20)));
    let names: Vec<(&str, f64, u32)> = s
        .teams
        .iter()
        .map(|t| (t.name.as_str(), t.total, t.rank))
        .collect();
    assert_eq!(
        names,
        vec![
            ("招商二组", 4.0, 1),
            ("招商一组", 3.0, 2),
            ("未分组", 2.0, 3)
        ]
    );
    // In a later month the retired officer is not listed (no points, off the staff).
    let aug = f.ledger.scores(month(2022, 8)).unwrap();
    assert!(aug.officers.iter().all(|o| o.officer_id != zhao));
    assert!(aug.officers.iter().any(|o| o.officer_id == me));
    // Ties share a rank.
    assert!(aug.officers.iter().all(|o| o.rank == 1));
}

#[test]
fn a_merged_company_does_not_change_any_points() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    let keep = f.company("凌源钢铁股份有限公司", "211382");
    let gone = f.company("凌源鋼鐵有限公司", "211382");
    let p = f
        .ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: "特钢项目".into(),
                company_id: Some(gone.id.clone()),
                total_investment: 12 * YI,
                officer_id: Some(me.clone()),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 1, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    f.stage(&p.id, Stage::Signed, d(2022, 2, 1)).unwrap();
    let input: ActivityInput = serde_json::from_value(serde_json::json!({
        "kind": "IncomingVisit", "occurred_on": "2022-02-03", "place": null,
        "destination_code": null, "summary": "来访", "follow_up_on": null,
        "officer_ids": [me], "company_ids": [gone.id], "project_ids": [p.id],
    }))
    .unwrap();
    f.ledger.create_activity(&input).unwrap();
    let before = f.ledger.scores(year(2022)).unwrap();
    assert_eq!(total(&before, &me), 10.0 + 20.0 + 2.0);
    f.ledger.merge_companies(&keep.id, &gone.id).unwrap();
    let after = f.ledger.scores(year(2022)).unwrap();
    assert_eq!(after.officers, before.officers);
}

#[test]
fn a_bad_period_is_refused_in_chinese() {
    let f = fixture();
    let e = f.ledger.scores(month(2022, 13)).unwrap_err();
    assert!(e.to_string().contains("月份"), "{e}");
    let e = f.ledger.scores(year(1999)).unwrap_err();
    assert!(e.to_string().contains("年份"), "{e}");
}

#[test]
fn the_ranking_workbook_has_a_summary_and_a_sheet_per_team_with_ranks() {
    use calamine::{Data, Reader, Xlsx};
    let mut f = fixture();
    let me = f.officer.id.clone();
    let team = f.team.id.clone();
    let li = second_officer(&mut f, "李娜", Some(&team)).id;
    let team2 = f.ledger.create_team("招商二组").unwrap();
    let zhao = second_officer(&mut f, "赵强", Some(&team2.id)).id;
    activity(
        &mut f,
        ActivityKind::OutboundTrip,
        d(2022, 11, 2),
        &[&li],
        Some("县长"),
    );
    activity(&mut f, ActivityKind::Call, d(2022, 11, 3), &[&me], None);
    activity(
        &mut f,
        ActivityKind::PromotionEvent,
        d(2022, 11, 4),
        &[&zhao],
        None,
    );
    activity(
        &mut f,
        ActivityKind::PromotionEvent,
        d(2022, 11, 5),
        &[&zhao],
        None,
    );
    let bytes = f.ledger.export_ranking_xlsx(month(2022, 11)).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["总表", "招商二组", "招商一组"]);
    let summary = wb.worksheet_range("总表").unwrap();
    let cell = |r: &calamine::Range<Data>, row: u32, col: u32| {
        r.get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
            .to_string()
    };
    assert!(cell(&summary, 0, 0).contains("2022年11月"));
    assert_eq!(cell(&summary, 1, 0), "排名");
    assert_eq!(
        (
            cell(&summary, 2, 0),
            cell(&summary, 2, 1),
            cell(&summary, 2, 3)
        ),
        ("1".into(), "招商二组".into(), "6".into())
    );
    assert_eq!(cell(&summary, 3, 1), "招商一组");
    let one = wb.worksheet_range("招商一组").unwrap();
    let heads: Vec<String> = (0..13).map(|c| cell(&one, 1, c)).collect();
    assert_eq!(heads[0], "排名");
    assert_eq!(heads[2], "外出招商（次）");
    assert_eq!(heads.last().unwrap(), "总分");
    assert_eq!(
        (cell(&one, 2, 0), cell(&one, 2, 1)),
        ("1".into(), "李娜".into())
    );
    assert_eq!(cell(&one, 2, 2), "1");
    assert_eq!(cell(&one, 2, 8), "1", "领导带队");
    assert_eq!(cell(&one, 2, 12), "3");
    assert_eq!(
        (cell(&one, 3, 0), cell(&one, 3, 1), cell(&one, 3, 12)),
        ("2".into(), "王磊".into(), "0.5".into())
    );
}

#[test]
fn a_points_edit_syncs_and_two_edits_of_one_rule_are_kept_for_review_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str| {
        let mut l = Ledger::open(dir.path().join(format!("{name}.sqlite3"))).unwrap();
        l.set_today(Some(d(2022, 12, 31)));
        l.set_device_label(Some(name)).unwrap();
        l
    };
    let (mut a, mut b) = (open("办公室"), open("笔记本"));
    let send = |from: &Ledger, to: &mut Ledger| {
        let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
        to.import_changes(&bundle).unwrap()
    };
    a.update_score_rule("stage:signed", 12.0).unwrap();
    send(&a, &mut b);
    let points = |l: &Ledger, id: &str| {
        l.score_rules()
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap()
            .points
    };
    assert_eq!(points(&b, "stage:signed"), 12.0);
    // Both edit 电话 without seeing each other's edit: the later one wins on both.
    a.update_score_rule("activity:call", 1.0).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.update_score_rule("activity:call", 1.5).unwrap();
    send(&a, &mut b);
    send(&b, &mut a);
    for l in [&a, &b] {
        assert_eq!(points(l, "activity:call"), 1.5);
        let c = l.sync_conflicts().unwrap();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].record, "计分规则：电话（每次）");
        assert_eq!(c[0].field_label, "分值");
    }
}

#[test]
fn one_officers_lines_are_his_share_of_the_periods_lines() {
    let mut f = fixture();
    let me = f.officer.id.clone();
    let team = f.team.id.clone();
    let li = second_officer(&mut f, "李娜", Some(&team)).id;
    activity(&mut f, ActivityKind::Call, d(2022, 3, 1), &[&me, &li], None);
    activity(
        &mut f,
        ActivityKind::VideoMeeting,
        d(2022, 3, 2),
        &[&li],
        None,
    );
    // A signing for me, an overdue 交办单 for her: each officer's query finds only his own.
    let p = f.project("风电装备", "110105", 2 * YI, d(2022, 1, 1));
    f.stage(&p.id, Stage::Signed, d(2022, 3, 3)).unwrap();
    assignment(&f, &li, &p.id, "2022-03-04", "assigned", None);
    let q = month(2022, 3);
    let s = f.ledger.scores(q).unwrap();
    for o in &s.officers {
        assert_eq!(
            f.ledger.officer_score_lines(q, &o.officer_id).unwrap(),
            o.lines
        );
    }
    assert_eq!(f.ledger.score_lines(q).unwrap().len(), 6);
    assert!(s.officers.iter().all(|o| o.lines.len() == 3));
    let bare = s.clone().without_lines();
    assert!(bare.officers.iter().all(|o| o.lines.is_empty()));
    assert_eq!(
        bare.officers.iter().map(|o| o.total).collect::<Vec<_>>(),
        vec![20.5, -0.5]
    );
}

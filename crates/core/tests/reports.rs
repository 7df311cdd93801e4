//! Each metric of docs/DOMAIN.md §3 on hand-built cases, with the period's edge days.

use crate::common::*;
use zhaoshang_core::*;

fn jjj(f: &Fixture) -> Scope {
    Scope {
        region_group_ids: vec![f.jjj.clone()],
        ..Scope::default()
    }
}

#[test]
fn trips_count_outbound_visits_to_the_region_inside_the_period_only() {
    let mut f = fixture();
    f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 1, 1),
        Some("110108"),
        &[],
    ); // first day
    f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 6, 30),
        Some("130203"),
        &[],
    ); // last day
    f.activity(
        ActivityKind::OutboundTrip,
        d(2021, 12, 31),
        Some("110108"),
        &[],
    ); // before
    f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 7, 1),
        Some("110108"),
        &[],
    ); // after
    f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 3, 1),
        Some("310104"),
        &[],
    ); // 长三角
    f.activity(
        ActivityKind::IncomingVisit,
        d(2022, 3, 1),
        Some("110108"),
        &[],
    ); // not a trip
    let r = f.report(d(2022, 1, 1), d(2022, 6, 30), jjj(&f));
    assert_eq!(r.metrics.trips, 2);
    let all = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert_eq!(all.metrics.trips, 3);
    let by = |name: &str| {
        all.by_region_group
            .iter()
            .find(|b| b.label == name)
            .map(|b| b.metrics.trips)
    };
    assert_eq!(by("京津冀"), Some(2));
    assert_eq!(by("长三角"), Some(1));
}

#[test]
fn contacted_counts_distinct_projects_of_the_scope() {
    let mut f = fixture();
    let a = f.project("北京A", "110108", YI, d(2021, 10, 1));
    let b = f.project("上海B", "310115", YI, d(2021, 10, 1));
    f.activity(ActivityKind::Call, d(2022, 1, 3), None, &[&a.id]);
    f.activity(
        ActivityKind::VideoMeeting,
        d(2022, 2, 3),
        None,
        &[&a.id, &b.id],
    );
    f.activity(ActivityKind::Call, d(2022, 7, 3), None, &[&b.id]);
    let r = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert_eq!(r.metrics.contacted, 2, "A twice still counts once");
    assert_eq!(
        f.report(d(2022, 1, 1), d(2022, 6, 30), jjj(&f))
            .metrics
            .contacted,
        1
    );
    assert_eq!(
        f.report(d(2022, 7, 1), d(2022, 12, 31), jjj(&f))
            .metrics
            .contacted,
        0
    );
    let monthly: Vec<u32> = r.monthly.iter().map(|m| m.contacted).collect();
    assert_eq!(monthly, [1, 2, 0, 0, 0, 0]);
}

#[test]
fn signed_started_and_operating_fall_in_the_period_of_their_date() {
    let mut f = fixture();
    let p = f.project("唐山钢铁深加工", "130203", 12 * YI, d(2021, 5, 1));
    f.stage(&p.id, Stage::Signed, d(2021, 12, 31)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 1, 1)).unwrap();
    f.stage(&p.id, Stage::Operating, d(2022, 6, 30)).unwrap();
    let h1 = f.report(d(2022, 1, 1), d(2022, 6, 30), jjj(&f));
    assert_eq!(
        (h1.metrics.signed, h1.metrics.started, h1.metrics.operating),
        (0, 1, 1)
    );
    assert_eq!(h1.metrics.started_new, 1);
    assert_eq!(h1.metrics.started_investment, 12 * YI);
    let y21 = f.report(d(2021, 1, 1), d(2021, 12, 31), jjj(&f));
    assert_eq!(y21.metrics.signed, 1);
    assert_eq!(y21.metrics.signed_tiers.over_10yi, 1);
    assert_eq!(h1.previous_year.signed, 0, "H1 2021 had no signing");
}

#[test]
fn snapshots_use_the_stage_at_the_periods_end() {
    let mut f = fixture();
    let a = f.project("储备项目", "110108", YI, d(2022, 1, 5));
    let b = f.project("在谈项目", "110108", YI, d(2022, 1, 5));
    f.stage(&b.id, Stage::Negotiating, d(2022, 3, 1)).unwrap();
    f.stage(&b.id, Stage::Signed, d(2022, 8, 1)).unwrap(); // after H1's end
    let _late = f.project("七月才登记", "110108", YI, d(2022, 7, 2));
    let h1 = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert_eq!(
        (h1.metrics.lead_at_end, h1.metrics.negotiating_at_end),
        (1, 1)
    );
    let y = f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default());
    assert_eq!(
        (y.metrics.lead_at_end, y.metrics.negotiating_at_end),
        (2, 0)
    );
    let funnel: Vec<(Stage, u32)> = y.stages_at_end.iter().map(|s| (s.stage, s.count)).collect();
    assert!(funnel.contains(&(Stage::Signed, 1)) && funnel.contains(&(Stage::Lead, 2)));
    let _ = a;
}

#[test]
fn key_projects_are_banded_by_investment() {
    let mut f = fixture();
    for (name, yuan) in [
        ("甲", 12 * YI),
        ("乙", 3 * YI),
        ("丙", 6_000 * WAN),
        ("丁", 800 * WAN),
    ] {
        let p = f.project(name, "120116", yuan, d(2022, 1, 2));
        let mut input = input_of(&f.ledger.project(&p.id).unwrap());
        input.key_project = true;
        f.ledger.update_project(&p.id, &input).unwrap();
    }
    let dropped = f.project("终止的重点", "120116", 20 * YI, d(2022, 1, 2));
    let mut input = input_of(&dropped);
    input.key_project = true;
    f.ledger.update_project(&dropped.id, &input).unwrap();
    f.stage(&dropped.id, Stage::Dropped, d(2022, 2, 1)).unwrap();
    let r = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert_eq!(r.metrics.key_projects, 4);
    assert_eq!(
        r.metrics.key_investment,
        12 * YI + 3 * YI + 6_000 * WAN + 800 * WAN
    );
    let t = r.metrics.key_tiers;
    assert_eq!(
        (t.over_10yi, t.over_1yi, t.over_5000wan, t.under_5000wan),
        (1, 1, 1, 1)
    );
}

fn input_of(p: &Project) -> ProjectInput {
    ProjectInput {
        name: p.name.clone(),
        company_id: p.company_id.clone(),
        total_investment: p.total_investment,
        team_id: p.team_id.clone(),
        officer_id: p.officer_id.clone(),
        key_project: p.key_project,
        ..Default::default()
    }
}

#[test]
fn region_group_follows_origin_unless_overridden() {
    let mut f = fixture();
    let p = f.project("佛山家电配套", "440604", YI, d(2022, 1, 2));
    let groups = f.ledger.region_groups().unwrap();
    let name = |id: &Option<String>| {
        groups
            .iter()
            .find(|g| Some(&g.id) == id.as_ref())
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(name(&p.region_group_id), "珠三角");
    let company = f.ledger.company(p.company_id.as_ref().unwrap()).unwrap();
    f.ledger
        .update_company(
            &company.id,
            &CompanyInput {
                name: company.name.clone(),
                origin_code: Some("130281".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let p = f.ledger.project(&p.id).unwrap();
    assert_eq!(name(&p.region_group_id), "京津冀");
    let mut input = input_of(&p);
    input.region_group_override = Some(f.yrd.clone());
    let p = f.ledger.update_project(&p.id, &input).unwrap();
    assert!(p.region_group_manual);
    assert_eq!(name(&p.region_group_id), "长三角");
    // Local prefecture wins over the listed group it is in.
    f.ledger.set_local_city_code(Some("211300")).unwrap();
    let local = f.project("本地项目", "211382", YI, d(2022, 1, 2));
    assert_eq!(name(&local.region_group_id), "本地");
    let other = f.project("四川项目", "510107", YI, d(2022, 1, 2));
    assert_eq!(name(&other.region_group_id), "其他国内");
}

#[test]
fn the_briefing_sentence_reads_like_the_offices_own() {
    let mut f = fixture();
    let p = f.project("京津冀项目", "110108", YI, d(2021, 12, 1));
    f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 3, 1),
        Some("110108"),
        &[&p.id],
    );
    f.stage(&p.id, Stage::Signed, d(2022, 4, 1)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 5, 1)).unwrap();
    let r = f.report(d(2022, 1, 1), d(2022, 6, 30), jjj(&f));
    assert_eq!(
        r.briefing,
        "截至6月末，面向京津冀招商1次，对接洽谈项目1个，1个项目签约，落地开工项目1个。"
    );
}

#[test]
fn targets_show_progress_over_their_own_period() {
    let mut f = fixture();
    let t = f
        .ledger
        .create_target(&TargetInput {
            year: 2022,
            period: TargetPeriod::Q1,
            metric: TargetMetric::StartedNew,
            value: 4,
            region_group_id: None,
            team_id: None,
            label: None,
        })
        .unwrap();
    let p = f.project("一季度开工", "110108", YI, d(2021, 12, 1));
    f.stage(&p.id, Stage::Signed, d(2022, 1, 10)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 3, 31)).unwrap();
    let r = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    let progress = r.targets.iter().find(|x| x.target.id == t.id).unwrap();
    assert_eq!(progress.actual, 1);
    assert!((progress.ratio - 0.25).abs() < 1e-9);
    assert!(progress.period_over);
    assert_eq!(progress.label, "2022年一季度新开工项目");
}

#[test]
fn breakdown_shares_add_up() {
    let mut f = fixture();
    for (name, origin, yuan) in [
        ("甲", "110108", 3 * YI),
        ("乙", "310115", YI),
        ("丙", "310115", YI),
    ] {
        let p = f.project(name, origin, yuan, d(2022, 1, 2));
        f.stage(&p.id, Stage::Signed, d(2022, 2, 2)).unwrap();
    }
    let r = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    let share = |n: &str| r.by_region_group.iter().find(|b| b.label == n).unwrap();
    assert!((share("京津冀").signed_share - 1.0 / 3.0).abs() < 1e-9);
    assert!((share("长三角").investment_share - 0.4).abs() < 1e-9);
    let total: u32 = r.by_team.iter().map(|b| b.metrics.signed).sum();
    assert_eq!(total, 3);
}

#[test]
fn follow_ups_list_overdue_and_stalled_items() {
    let mut f = fixture();
    let p = f.project("久拖未决", "110108", YI, d(2022, 1, 5));
    let a = f
        .ledger
        .create_activity(&ActivityInput {
            kind: ActivityKind::Call,
            occurred_on: d(2022, 12, 1),
            place: None,
            destination_code: None,
            summary: Some("约定再次洽谈".into()),
            follow_up_on: Some(d(2022, 12, 20)),
            officer_ids: vec![f.officer.id.clone()],
            company_ids: vec![],
            project_ids: vec![p.id.clone()],
            trip: Default::default(),
        })
        .unwrap();
    let q = FollowUpQuery::default();
    let fu = f.ledger.follow_ups(&q).unwrap();
    let item = fu
        .due
        .iter()
        .find(|i| i.id == a.id)
        .expect("overdue follow-up listed");
    assert_eq!(item.days_left, -11);
    assert!(fu
        .stalled
        .iter()
        .any(|s| s.project_id == p.id && s.days_in_stage > 300));
    // A later activity on the same project settles the follow-up.
    f.activity(ActivityKind::VideoMeeting, d(2022, 12, 21), None, &[&p.id]);
    let fu = f.ledger.follow_ups(&q).unwrap();
    assert!(!fu.due.iter().any(|i| i.id == a.id));
}

#[test]
fn suggested_period_opens_on_the_latest_data() {
    let mut f = fixture();
    let p = f.project("旧台账", "110108", YI, d(2021, 3, 5));
    f.activity(ActivityKind::Call, d(2021, 5, 1), None, &[&p.id]);
    f.ledger.set_today(Some(d(2026, 11, 22)));
    let s = f.ledger.suggested_period().unwrap();
    assert_eq!((s.from, s.to), (d(2021, 1, 1), d(2021, 6, 30)));
}

#[test]
fn a_scope_trips_cannot_follow_leaves_trips_and_plans_out_of_the_briefing() {
    let mut f = fixture();
    f.ledger
        .create_target(&TargetInput {
            year: 2022,
            period: TargetPeriod::Year,
            metric: TargetMetric::Signed,
            value: 10,
            region_group_id: None,
            team_id: None,
            label: None,
        })
        .unwrap();
    let p = f.project("飞地项目", "310115", YI, d(2021, 12, 1));
    let mut input = ProjectInput {
        name: p.name.clone(),
        company_id: p.company_id.clone(),
        total_investment: p.total_investment,
        enclave: true,
        ..Default::default()
    };
    input.team_id = p.team_id.clone();
    f.ledger.update_project(&p.id, &input).unwrap();
    f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 3, 1),
        Some("110108"),
        &[],
    );
    f.stage(&p.id, Stage::Signed, d(2022, 4, 1)).unwrap();
    let r = f.report(
        d(2022, 1, 1),
        d(2022, 6, 30),
        Scope {
            enclave: Some(true),
            ..Scope::default()
        },
    );
    assert_eq!(
        r.briefing,
        "截至6月末，对接洽谈项目0个，1个项目签约，落地开工项目0个。"
    );
    assert!(r.targets.is_empty());
    let all = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert!(all.briefing.contains("外出招商1次"), "{}", all.briefing);
    assert_eq!(all.targets.len(), 1);
}

#[test]
fn an_old_ledger_shows_follow_ups_as_of_its_last_data() {
    let mut f = fixture();
    let p = f.project("旧项目", "110108", YI, d(2022, 1, 5));
    f.ledger
        .create_activity(&ActivityInput {
            kind: ActivityKind::Call,
            occurred_on: d(2022, 6, 1),
            place: None,
            destination_code: None,
            summary: None,
            follow_up_on: Some(d(2022, 6, 25)),
            officer_ids: vec![f.officer.id.clone()],
            company_ids: vec![],
            project_ids: vec![p.id.clone()],
            trip: Default::default(),
        })
        .unwrap();
    f.ledger.set_today(Some(d(2026, 11, 22)));
    let fu = f.ledger.follow_ups(&FollowUpQuery::default()).unwrap();
    assert_eq!(fu.today, d(2022, 6, 30));
    assert_eq!(fu.due[0].days_left, -5);
}

//! 招商地图 (`reports/origin_map.rs`): a hand-built ledger's counts by place, exact per code,
//! adding up to the report's totals; and the project list's origin filter the map opens.

use crate::common::*;
use zhaoshang_core::reports::{OriginMap, PlaceCounts};
use zhaoshang_core::*;

fn counts(trips: u32, negotiating: u32, signed: u32, started: u32) -> PlaceCounts {
    PlaceCounts {
        trips,
        negotiating,
        signed,
        started,
    }
}

/// Code → counts of a map answer.
fn by_code(m: &OriginMap) -> Vec<(String, u8, PlaceCounts)> {
    m.places
        .iter()
        .map(|p| (p.code.clone(), p.level, p.counts))
        .collect()
}

fn company_project(f: &mut Fixture, name: &str, company: CompanyInput, stage: Stage) -> Project {
    let c = f.ledger.create_company(&company).unwrap();
    f.ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: name.into(),
                company_id: Some(c.id),
                total_investment: 100_000_000,
                team_id: Some(f.team.id.clone()),
                officer_id: Some(f.officer.id.clone()),
                ..Default::default()
            },
            first_stage: stage,
            first_stage_on: d(2022, 1, 5),
            first_stage_date_unknown: false,
        })
        .unwrap()
}

/// The ledger of the tests: seven projects and six trips around the first half of 2022.
fn ledger() -> Fixture {
    let mut f = fixture();
    // 苏州吴中: 洽谈, signed and started in the period (in 开工 at the end: not 在谈).
    let p1 = f
        .project("吴中项目", "320506", 100_000_000, d(2021, 12, 1))
        .id;
    f.stage(&p1, Stage::Negotiating, d(2022, 2, 1)).unwrap();
    f.stage(&p1, Stage::Signed, d(2022, 3, 1)).unwrap();
    f.stage(&p1, Stage::Started, d(2022, 5, 1)).unwrap();
    // 昆山 (苏州): in 洽谈 at the end.
    let p2 = f
        .project("昆山项目", "320583", 50_000_000, d(2022, 1, 10))
        .id;
    f.stage(&p2, Stage::Negotiating, d(2022, 4, 1)).unwrap();
    // 海淀: in 洽谈 at the end, signed only after it.
    let p3 = f
        .project("海淀项目", "110108", 50_000_000, d(2022, 1, 10))
        .id;
    f.stage(&p3, Stage::Negotiating, d(2022, 2, 1)).unwrap();
    f.stage(&p3, Stage::Signed, d(2022, 7, 5)).unwrap();
    // 深圳: signed the year before, started in the period.
    let p4 = f
        .project("深圳项目", "440300", 50_000_000, d(2021, 10, 1))
        .id;
    f.stage(&p4, Stage::Signed, d(2021, 11, 1)).unwrap();
    f.stage(&p4, Stage::Started, d(2022, 2, 1)).unwrap();
    // 境外 investor in 洽谈; a company with no origin that signed.
    let overseas = CompanyInput {
        name: "新加坡某集团".into(),
        overseas: true,
        ..Default::default()
    };
    company_project(&mut f, "境外项目", overseas, Stage::Negotiating);
    let nowhere = CompanyInput {
        name: "来源不详公司".into(),
        ..Default::default()
    };
    let p6 = company_project(&mut f, "不详项目", nowhere, Stage::Lead).id;
    f.stage(&p6, Stage::Signed, d(2022, 6, 1)).unwrap();
    // 苏州, in 洽谈, then deleted: counted nowhere.
    let p7 = f
        .project("已删项目", "320500", 50_000_000, d(2022, 1, 10))
        .id;
    f.stage(&p7, Stage::Negotiating, d(2022, 2, 1)).unwrap();
    f.ledger.delete_project(&p7).unwrap();

    // Trips: two to 吴中 in the period and one after it, one to 朝阳, one with no destination.
    for on in [d(2022, 1, 20), d(2022, 3, 3), d(2022, 7, 2)] {
        f.activity(ActivityKind::OutboundTrip, on, Some("320506"), &[&p1]);
    }
    f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 4, 4),
        Some("110105"),
        &[],
    );
    f.activity(ActivityKind::OutboundTrip, d(2022, 5, 5), None, &[]);
    // A visit received is not a trip.
    f.activity(
        ActivityKind::IncomingVisit,
        d(2022, 5, 6),
        Some("320506"),
        &[],
    );
    f
}

fn half(scope: Scope) -> ReportQuery {
    ReportQuery {
        period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
        scope,
    }
}

#[test]
fn counts_by_place_are_exact_and_add_up_to_the_report() {
    let f = ledger();
    let m = f.ledger.origin_map(&half(Scope::default())).unwrap();
    let s = |c: &str, l: u8, x: PlaceCounts| (c.to_string(), l, x);
    assert_eq!(
        by_code(&m),
        vec![
            s("110000", 1, counts(1, 1, 0, 0)),
            s("110100", 2, counts(1, 1, 0, 0)),
            s("110105", 3, counts(1, 0, 0, 0)),
            s("110108", 3, counts(0, 1, 0, 0)),
            s("320000", 1, counts(2, 1, 1, 1)),
            s("320500", 2, counts(2, 1, 1, 1)),
            s("320506", 3, counts(2, 0, 1, 1)),
            s("320583", 3, counts(0, 1, 0, 0)),
            s("440000", 1, counts(0, 0, 0, 1)),
            s("440300", 2, counts(0, 0, 0, 1)),
        ]
    );
    let names: Vec<&str> = m.places.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(&names[..2], ["北京市", "北京市"]);
    assert_eq!(names[5], "苏州市");
    assert_eq!(m.overseas, counts(0, 1, 0, 0));
    assert_eq!(m.unplaced, counts(1, 0, 1, 0));

    // Provinces + 境外 + 未知 = the report's own totals.
    let r = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    let mut sum = PlaceCounts::default();
    for p in m.places.iter().filter(|p| p.level == 1) {
        sum.trips += p.counts.trips;
        sum.negotiating += p.counts.negotiating;
        sum.signed += p.counts.signed;
        sum.started += p.counts.started;
    }
    for x in [m.overseas, m.unplaced] {
        sum.trips += x.trips;
        sum.negotiating += x.negotiating;
        sum.signed += x.signed;
        sum.started += x.started;
    }
    assert_eq!(
        sum,
        counts(
            r.metrics.trips,
            r.metrics.negotiating_at_end,
            r.metrics.signed,
            r.metrics.started
        )
    );
    assert_eq!(sum, counts(4, 3, 2, 2));
}

#[test]
fn the_scope_applies_like_the_report() {
    let f = ledger();
    let m = f
        .ledger
        .origin_map(&half(Scope {
            region_group_ids: vec![f.yrd.clone()],
            ..Default::default()
        }))
        .unwrap();
    let codes: Vec<&str> = m.places.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["320000", "320500", "320506", "320583"]);
    assert_eq!(m.places[0].counts, counts(2, 1, 1, 1));
    assert_eq!(m.overseas, PlaceCounts::default());
    assert_eq!(m.unplaced, PlaceCounts::default());
    // A later period: the trip of July, P3's signing; P1..P4 keep their stages.
    let later = f
        .ledger
        .origin_map(&ReportQuery {
            period: Period::new(d(2022, 7, 1), d(2022, 7, 31)).unwrap(),
            scope: Scope::default(),
        })
        .unwrap();
    let c = |code: &str| later.places.iter().find(|p| p.code == code).unwrap().counts;
    assert_eq!(c("320506"), counts(1, 0, 0, 0));
    assert_eq!(c("110108"), counts(0, 0, 1, 0));
    assert_eq!(c("320583"), counts(0, 1, 0, 0));
}

#[test]
fn the_project_list_filters_by_origin() {
    let f = ledger();
    let names = |code: &str| -> Vec<String> {
        let mut v: Vec<String> = f
            .ledger
            .list_projects(&ProjectFilter {
                origin_code: Some(code.into()),
                ..Default::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.name)
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("320000"), ["吴中项目", "昆山项目"]);
    assert_eq!(names("320500"), ["吴中项目", "昆山项目"]);
    assert_eq!(names("320583"), ["昆山项目"]);
    assert_eq!(names("110000"), ["海淀项目"]);
    assert_eq!(names("440300"), ["深圳项目"]);
    assert!(names("650000").is_empty());
    assert_eq!(
        f.ledger
            .list_projects(&ProjectFilter::default())
            .unwrap()
            .total,
        6
    );
}

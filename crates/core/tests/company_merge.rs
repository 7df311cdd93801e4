//! 合并企业 (issue 4): likely duplicates with their reason, a merge that keeps every activity
//! and stage change, the merged-away company in 回收站, and 撤销 giving both companies back.

use crate::common::*;
use zhaoshang_core::companies::duplicates::DuplicateReason;
use zhaoshang_core::*;

fn project(f: &mut Fixture, name: &str, company: &str) -> Project {
    f.ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: name.into(),
                company_id: Some(company.into()),
                total_investment: 5_000 * 10_000,
                team_id: Some(f.team.id.clone()),
                officer_id: Some(f.officer.id.clone()),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 1, 5),
            first_stage_date_unknown: false,
        })
        .unwrap()
}

fn activity(
    f: &mut Fixture,
    on: chrono::NaiveDate,
    companies: &[&str],
    projects: &[&str],
) -> Activity {
    f.ledger
        .create_activity(&ActivityInput {
            kind: ActivityKind::OutboundTrip,
            occurred_on: on,
            place: Some("北京".into()),
            destination_code: None,
            summary: Some("拜访企业".into()),
            follow_up_on: None,
            officer_ids: vec![f.officer.id.clone()],
            company_ids: companies.iter().map(|c| c.to_string()).collect(),
            project_ids: projects.iter().map(|p| p.to_string()).collect(),
            trip: Default::default(),
        })
        .unwrap()
}

#[test]
fn merge_keeps_every_activity_and_stage_change_and_undo_restores_both_companies() {
    let mut f = fixture();
    let keep = f.company("凌源钢铁股份有限公司", "211382");
    let gone = f.company("凌源鋼鐵有限公司", "211382");
    let other = f.company("鞍山钢铁有限公司", "210300");
    let p1 = project(&mut f, "特钢项目", &keep.id);
    let p2 = project(&mut f, "铸件项目", &gone.id);
    let p3 = project(&mut f, "钢结构项目", &gone.id);
    f.stage(&p2.id, Stage::Negotiating, d(2022, 2, 1)).unwrap();
    f.stage(&p2.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    let a1 = activity(&mut f, d(2022, 1, 20), &[&gone.id, &other.id], &[&p2.id]);
    let a2 = activity(
        &mut f,
        d(2022, 2, 20),
        &[&gone.id, &keep.id],
        &[&p1.id, &p3.id],
    );
    let a3 = activity(&mut f, d(2022, 2, 25), &[&keep.id], &[&p1.id]);

    let groups = f.ledger.duplicate_companies().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0].reason, DuplicateReason::Name);
    assert_eq!(groups[0].key, "凌源钢铁");
    let counts: Vec<(&str, u32, u32)> = groups[0]
        .companies
        .iter()
        .map(|c| (c.name.as_str(), c.projects, c.activities))
        .collect();
    assert_eq!(
        counts,
        vec![("凌源钢铁股份有限公司", 1, 2), ("凌源鋼鐵有限公司", 2, 2)]
    );
    let history_before = f.ledger.stage_history(&p2.id).unwrap();
    assert_eq!(history_before.len(), 3);

    f.ledger.merge_companies(&keep.id, &gone.id).unwrap();

    // Every project and activity now belongs to the kept company; nothing was lost.
    for p in [&p1, &p2, &p3] {
        assert_eq!(
            f.ledger.project(&p.id).unwrap().company_id.as_deref(),
            Some(keep.id.as_str())
        );
    }
    assert_eq!(f.ledger.stage_history(&p2.id).unwrap(), history_before);
    assert_eq!(
        f.ledger.project(&p2.id).unwrap().signed_on,
        Some(d(2022, 3, 1))
    );
    for a in [&a1, &a2, &a3] {
        let now = f.ledger.activity(&a.id).unwrap();
        assert!(now.company_ids.contains(&keep.id), "{now:#?}");
        assert!(!now.company_ids.contains(&gone.id), "{now:#?}");
        assert_eq!(now.occurred_on, a.occurred_on);
        assert_eq!(now.project_ids, a.project_ids);
    }
    assert!(f
        .ledger
        .activity(&a1.id)
        .unwrap()
        .company_ids
        .contains(&other.id));
    assert_eq!(
        f.ledger.activity(&a2.id).unwrap().company_ids.len(),
        1,
        "no double link"
    );
    assert!(f.ledger.duplicate_companies().unwrap().is_empty());
    let kept = f.ledger.company_usage(&keep.id).unwrap();
    assert_eq!((kept.projects, kept.activities), (3, 3));
    assert!(f.ledger.company_usage(&gone.id).is_err());
    assert!(f.ledger.company(&gone.id).is_err());
    let bin = f.ledger.recycle_bin(50).unwrap();
    assert!(
        bin.iter()
            .any(|r| r.table_name == "companies" && r.id == gone.id),
        "merged-away company in 回收站: {bin:#?}"
    );

    // One 撤销 takes the whole merge back.
    let action = f
        .ledger
        .last_undoable()
        .unwrap()
        .expect("merge is undoable");
    assert_eq!(
        action.description,
        "合并企业“凌源鋼鐵有限公司”到“凌源钢铁股份有限公司”"
    );
    f.ledger.undo(&action.tx_id).unwrap();
    assert_eq!(f.ledger.company(&gone.id).unwrap().name, "凌源鋼鐵有限公司");
    assert_eq!(
        f.ledger.company(&keep.id).unwrap().name,
        "凌源钢铁股份有限公司"
    );
    for (p, c) in [(&p1, &keep), (&p2, &gone), (&p3, &gone)] {
        assert_eq!(
            f.ledger.project(&p.id).unwrap().company_id.as_deref(),
            Some(c.id.as_str()),
            "{}",
            p.name
        );
    }
    assert_eq!(f.ledger.stage_history(&p2.id).unwrap(), history_before);
    for a in [&a1, &a2, &a3] {
        let mut now = f.ledger.activity(&a.id).unwrap().company_ids;
        let mut was = a.company_ids.clone();
        now.sort();
        was.sort();
        assert_eq!(now, was);
    }
    let groups = f.ledger.duplicate_companies().unwrap();
    assert_eq!(groups.len(), 1, "the pair is offered again after 撤销");
    assert_eq!(groups[0].companies.len(), 2);
}

#[test]
fn merge_refuses_itself_and_two_registered_entities() {
    let mut f = fixture();
    let a = f
        .ledger
        .create_company(&CompanyInput {
            name: "凌源钢铁股份有限公司".into(),
            credit_code: Some("91211300MA0Y2Q3B47".into()),
            ..Default::default()
        })
        .unwrap();
    let b = f.ledger.create_company(&CompanyInput {
        name: "凌源鋼鐵有限公司".into(),
        credit_code: Some("91210300MA0QBMEW12".into()),
        ..Default::default()
    });
    let e = f.ledger.merge_companies(&a.id, &a.id).unwrap_err();
    assert!(e.to_string().contains("不能把企业合并到它自己"), "{e}");
    if let Ok(b) = b {
        // Different credit codes: two entities, not offered and not mergeable.
        assert!(f.ledger.duplicate_companies().unwrap().is_empty());
        let e = f.ledger.merge_companies(&a.id, &b.id).unwrap_err();
        assert!(e.to_string().contains("统一社会信用代码不同"), "{e}");
        assert!(f.ledger.company(&b.id).is_ok(), "nothing written");
    }
    let e = f.ledger.merge_companies(&a.id, "no-such-id").unwrap_err();
    assert!(e.to_string().contains("企业"), "{e}");
}

#[test]
fn duplicate_companies_merge_keeping_projects_activities_and_history() {
    let mut f = fixture();
    let a = f.company("凌源钢铁股份有限公司", "211382");
    let b = f
        .ledger
        .create_company(&CompanyInput {
            name: "凌源鋼鐵集團有限公司".into(),
            credit_code: Some("91211300MA0Y2Q3B47".into()),
            ..Default::default()
        })
        .unwrap();
    let other = f.company("鞍山钢铁有限公司", "210300");
    let mk = |f: &mut Fixture, name: &str, company: &str| {
        f.ledger
            .create_project(&NewProject {
                project: ProjectInput {
                    name: name.into(),
                    company_id: Some(company.into()),
                    total_investment: 10 * WAN,
                    ..Default::default()
                },
                first_stage: Stage::Negotiating,
                first_stage_on: d(2022, 1, 10),
                first_stage_date_unknown: false,
            })
            .unwrap()
    };
    let pa = mk(&mut f, "铸件项目", &a.id);
    let pb = mk(&mut f, "钢材项目", &b.id);
    f.stage(&pb.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    let act = f
        .ledger
        .create_activity(&ActivityInput {
            kind: ActivityKind::IncomingVisit,
            occurred_on: d(2022, 2, 1),
            place: None,
            destination_code: None,
            summary: None,
            follow_up_on: None,
            officer_ids: vec![f.officer.id.clone()],
            company_ids: vec![b.id.clone(), other.id.clone()],
            project_ids: vec![pb.id.clone()],
            trip: Default::default(),
        })
        .unwrap();
    let groups = f.ledger.duplicate_companies().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let ids: Vec<&str> = groups[0].companies.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec![a.id.as_str(), b.id.as_str()]);

    let kept = f.ledger.merge_companies(&a.id, &b.id).unwrap();
    assert_eq!(
        kept.credit_code.as_deref(),
        Some("91211300MA0Y2Q3B47"),
        "filled from the merged one"
    );
    assert_eq!(
        f.ledger.project(&pb.id).unwrap().company_id.as_deref(),
        Some(a.id.as_str())
    );
    assert_eq!(
        f.ledger.project(&pa.id).unwrap().company_id.as_deref(),
        Some(a.id.as_str())
    );
    let history = f.ledger.stage_history(&pb.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        f.ledger.project(&pb.id).unwrap().signed_on,
        Some(d(2022, 3, 1))
    );
    let act = f.ledger.activity(&act.id).unwrap();
    assert!(act.company_ids.contains(&a.id) && act.company_ids.contains(&other.id));
    assert!(!act.company_ids.contains(&b.id));
    assert!(f.ledger.company(&b.id).is_err(), "merged company deleted");
    assert!(f.ledger.duplicate_companies().unwrap().is_empty());
    // The old name still finds the kept company.
    let hits = f.ledger.search("凌源鋼鐵集團", 10).unwrap();
    assert!(hits.iter().any(|h| h.id == a.id), "{hits:#?}");
    // Merging two registered entities is refused.
    let c = f.ledger.create_company(&CompanyInput {
        name: "鞍山钢铁集团".into(),
        credit_code: Some("91210300MA0QBMEW12".into()),
        ..Default::default()
    });
    if let Ok(c) = c {
        let d2 = f.ledger.create_company(&CompanyInput {
            name: "鞍钢".into(),
            credit_code: Some("91211300MA0Y2Q3B47".into()),
            ..Default::default()
        });
        assert!(d2.is_err(), "credit code already taken by the kept company");
        let _ = c;
    }
}

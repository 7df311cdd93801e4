//! The report engine follows the ledger (issue 14): after random writes, undos, imports, syncs,
//! merges and another process's commits, the report from the facts the ledger keeps current
//! (change-log delta, snapshot) equals the report from facts read from scratch. Bounded case
//! count (PROPTEST_CASES overrides) so CI stays quick.

use crate::common::*;
use chrono::NaiveDate;
use proptest::prelude::*;
use zhaoshang_core::reports::facts::{self, FactsCache, Source};
use zhaoshang_core::*;

#[derive(Debug, Clone)]
enum Op {
    NewProject {
        origin: usize,
        wan: u16,
        day: u16,
    },
    Stage {
        p: usize,
        stage: usize,
        day: u16,
        kind: usize,
        added: u8,
    },
    DeleteLastStage {
        p: usize,
    },
    RedateFirstStage {
        p: usize,
        day: u16,
    },
    Activity {
        kind: usize,
        day: u16,
        ps: Vec<usize>,
        company: usize,
    },
    MoveActivity {
        a: usize,
        day: u16,
        ps: Vec<usize>,
    },
    DeleteActivity {
        a: usize,
    },
    RestoreActivity {
        a: usize,
    },
    DeleteProject {
        p: usize,
    },
    RestoreProject {
        p: usize,
    },
    EditProject {
        p: usize,
        wan: u16,
        key: bool,
        park: usize,
    },
    CompanyOrigin {
        c: usize,
        origin: usize,
    },
    MergeCompanies {
        keep: usize,
        merge: usize,
    },
    Undo,
    /// A write by another connection to the same file (another process).
    OtherProcess {
        p: usize,
        day: u16,
    },
    /// Writes on a second laptop, merged through a bundle.
    Sync {
        day: u16,
        ps: Vec<usize>,
    },
    ImportActivities,
    NewOfficer,
    /// Close and open the ledger again (the snapshot path).
    Reopen,
}

const ORIGINS: &[&str] = &["110000", "310000", "440300", "130100", "320500"];
const ACTIVITY_KINDS: &[ActivityKind] = &[
    ActivityKind::OutboundTrip,
    ActivityKind::Call,
    ActivityKind::VideoMeeting,
    ActivityKind::IncomingVisit,
];
const PARKS: &[Option<&str>] = &[None, Some("经开区"), Some("高新区")];

fn op() -> impl Strategy<Value = Op> {
    let p = 0usize..12;
    let day = 0u16..730;
    let ps = prop::collection::vec(0usize..12, 0..3);
    prop_oneof![
        3 => (0..ORIGINS.len(), 0u16..60000, day.clone())
            .prop_map(|(origin, wan, day)| Op::NewProject { origin, wan, day }),
        4 => (p.clone(), 0..Stage::ALL.len(), day.clone(), 0usize..4, 0u8..3)
            .prop_map(|(p, stage, day, kind, added)| Op::Stage { p, stage, day, kind, added }),
        1 => p.clone().prop_map(|p| Op::DeleteLastStage { p }),
        1 => (p.clone(), day.clone()).prop_map(|(p, day)| Op::RedateFirstStage { p, day }),
        4 => (0..ACTIVITY_KINDS.len(), day.clone(), ps.clone(), 0usize..8)
            .prop_map(|(kind, day, ps, company)| Op::Activity { kind, day, ps, company }),
        2 => (0usize..20, day.clone(), ps.clone()).prop_map(|(a, day, ps)| Op::MoveActivity { a, day, ps }),
        1 => (0usize..20).prop_map(|a| Op::DeleteActivity { a }),
        1 => (0usize..20).prop_map(|a| Op::RestoreActivity { a }),
        1 => p.clone().prop_map(|p| Op::DeleteProject { p }),
        1 => p.clone().prop_map(|p| Op::RestoreProject { p }),
        2 => (p.clone(), 0u16..60000, any::<bool>(), 0..PARKS.len())
            .prop_map(|(p, wan, key, park)| Op::EditProject { p, wan, key, park }),
        1 => (0usize..8, 0..ORIGINS.len()).prop_map(|(c, origin)| Op::CompanyOrigin { c, origin }),
        1 => (0usize..8, 0usize..8).prop_map(|(keep, merge)| Op::MergeCompanies { keep, merge }),
        2 => Just(Op::Undo),
        1 => (p.clone(), day.clone()).prop_map(|(p, day)| Op::OtherProcess { p, day }),
        1 => (day.clone(), ps).prop_map(|(day, ps)| Op::Sync { day, ps }),
        1 => Just(Op::ImportActivities),
        1 => Just(Op::NewOfficer),
        1 => Just(Op::Reopen),
    ]
}

fn on(day: u16) -> NaiveDate {
    d(2021, 1, 1) + chrono::Duration::days(day as i64)
}

struct World {
    f: Fixture,
    laptop: Ledger,
    _laptop_dir: tempfile::TempDir,
    projects: Vec<String>,
    companies: Vec<String>,
    activities: Vec<String>,
    /// Ops that went through the delta (not a full read), over all cases.
    followed: usize,
}

fn queries(w: &World) -> Vec<ReportQuery> {
    vec![
        ReportQuery {
            period: Period::year(2021),
            scope: Scope::default(),
        },
        ReportQuery {
            period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
            scope: Scope::default(),
        },
        ReportQuery {
            period: Period::year(2022),
            scope: Scope {
                region_group_ids: vec![w.f.jjj.clone()],
                ..Scope::default()
            },
        },
    ]
}

/// The followed facts' report equals the report from a fresh read, for every query.
fn check(w: &mut World) -> std::result::Result<(), TestCaseError> {
    for q in queries(w) {
        let kept = w.f.ledger.report(&q).unwrap();
        if w.f.ledger.facts_source() == Some(Source::Followed) {
            w.followed += 1;
        }
        let fresh = facts::load(w.f.ledger.connection()).unwrap();
        let expected = reports::report(w.f.ledger.connection(), &fresh, &q).unwrap();
        prop_assert_eq!(kept, expected);
    }
    Ok(())
}

fn company(w: &mut World, origin: &str) -> String {
    let n = w.companies.len();
    let c =
        w.f.ledger
            .create_company(&CompanyInput {
                name: format!("随机企业{n}"),
                origin_code: Some(origin.into()),
                ..Default::default()
            })
            .unwrap();
    w.companies.push(c.id.clone());
    c.id
}

fn pick(v: &[String], i: usize) -> Option<String> {
    (!v.is_empty()).then(|| v[i % v.len()].clone())
}

fn activity_input(
    w: &World,
    kind: ActivityKind,
    day: u16,
    ps: &[usize],
    company: usize,
) -> ActivityInput {
    let mut projects: Vec<String> = ps.iter().filter_map(|&i| pick(&w.projects, i)).collect();
    projects.sort();
    projects.dedup();
    ActivityInput {
        kind,
        occurred_on: on(day),
        place: None,
        destination_code: Some(ORIGINS[day as usize % ORIGINS.len()].into()),
        summary: None,
        follow_up_on: None,
        officer_ids: vec![w.f.officer.id.clone()],
        company_ids: pick(&w.companies, company).into_iter().collect(),
        project_ids: projects,
        trip: Default::default(),
    }
}

fn project_input(p: &Project) -> ProjectInput {
    serde_json::from_value(serde_json::to_value(p).unwrap()).unwrap()
}

fn run(w: &mut World, op: &Op) {
    // Refusals (a stage the rules do not allow, an undo of nothing) are part of the game: the
    // facts must stay right whether or not a write landed.
    match op.clone() {
        Op::NewProject { origin, wan, day } => {
            let c = company(w, ORIGINS[origin]);
            let p = w.f.ledger.create_project(&NewProject {
                project: ProjectInput {
                    name: format!("随机项目{}", w.projects.len()),
                    company_id: Some(c),
                    total_investment: wan as i64 * 10_000,
                    team_id: Some(w.f.team.id.clone()),
                    officer_id: Some(w.f.officer.id.clone()),
                    ..Default::default()
                },
                first_stage: Stage::Lead,
                first_stage_on: on(day),
                first_stage_date_unknown: day % 7 == 0,
            });
            w.projects.extend(p.ok().map(|p| p.id));
        }
        Op::Stage {
            p,
            stage,
            day,
            kind,
            added,
        } => {
            if let Some(id) = pick(&w.projects, p) {
                let _ = w.f.ledger.record_stage_change(
                    &id,
                    &StageChangeInput {
                        to_stage: Stage::ALL[stage],
                        changed_on: on(day),
                        construction_kind: ConstructionKind::ALL.get(kind).copied(),
                        added_investment: added as i64 * 5_000_000,
                        officer_id: None,
                        note: None,
                        date_unknown: day % 11 == 0,
                    },
                );
            }
        }
        Op::DeleteLastStage { p } => {
            if let Some(id) = pick(&w.projects, p) {
                if let Some(last) = w.f.ledger.stage_history(&id).unwrap_or_default().last() {
                    let _ = w.f.ledger.delete_stage_change(&last.id);
                }
            }
        }
        Op::RedateFirstStage { p, day } => {
            if let Some(id) = pick(&w.projects, p) {
                if let Some(first) = w.f.ledger.stage_history(&id).unwrap_or_default().first() {
                    let _ = w.f.ledger.set_stage_change_date(&first.id, on(day));
                }
            }
        }
        Op::Activity {
            kind,
            day,
            ps,
            company,
        } => {
            let input = activity_input(w, ACTIVITY_KINDS[kind], day, &ps, company);
            if let Ok(a) = w.f.ledger.create_activity(&input) {
                w.activities.push(a.id);
            }
        }
        Op::MoveActivity { a, day, ps } => {
            if let Some(id) = pick(&w.activities, a) {
                if let Ok(old) = w.f.ledger.activity(&id) {
                    let input = activity_input(w, old.kind, day, &ps, a);
                    let _ = w.f.ledger.update_activity(&id, &input);
                }
            }
        }
        Op::DeleteActivity { a } => {
            if let Some(id) = pick(&w.activities, a) {
                let _ = w.f.ledger.delete_activity(&id);
            }
        }
        Op::RestoreActivity { a } => {
            if let Some(id) = pick(&w.activities, a) {
                let _ = w.f.ledger.restore_activity(&id);
            }
        }
        Op::DeleteProject { p } => {
            if let Some(id) = pick(&w.projects, p) {
                let _ = w.f.ledger.delete_project(&id);
            }
        }
        Op::RestoreProject { p } => {
            if let Some(id) = pick(&w.projects, p) {
                let _ = w.f.ledger.restore_project(&id);
            }
        }
        Op::EditProject { p, wan, key, park } => {
            if let Some(id) = pick(&w.projects, p) {
                if let Ok(current) = w.f.ledger.project(&id) {
                    let mut input = project_input(&current);
                    input.total_investment = wan as i64 * 10_000;
                    input.key_project = key;
                    input.park = PARKS[park].map(str::to_string);
                    let _ = w.f.ledger.update_project(&id, &input);
                }
            }
        }
        Op::CompanyOrigin { c, origin } => {
            if let Some(id) = pick(&w.companies, c) {
                if let Ok(current) = w.f.ledger.company(&id) {
                    let mut input = current.to_input();
                    input.origin_code = Some(ORIGINS[origin].into());
                    let _ = w.f.ledger.update_company(&id, &input);
                }
            }
        }
        Op::MergeCompanies { keep, merge } => {
            if let (Some(k), Some(m)) = (pick(&w.companies, keep), pick(&w.companies, merge)) {
                if k != m {
                    let _ = w.f.ledger.merge_companies(&k, &m);
                }
            }
        }
        Op::Undo => {
            if let Ok(Some(last)) = w.f.ledger.last_undoable() {
                let _ = w.f.ledger.undo(&last.tx_id);
            }
        }
        Op::OtherProcess { p, day } => {
            let mut other = Ledger::open(w.f.ledger.path()).unwrap();
            other.set_today(Some(d(2022, 12, 31)));
            if let Some(id) = pick(&w.projects, p) {
                let _ = other.create_activity(&ActivityInput {
                    kind: ActivityKind::OutboundTrip,
                    occurred_on: on(day),
                    place: None,
                    destination_code: Some("110000".into()),
                    summary: None,
                    follow_up_on: None,
                    officer_ids: vec![w.f.officer.id.clone()],
                    company_ids: vec![],
                    project_ids: vec![id],
                    trip: Default::default(),
                });
            }
        }
        Op::Sync { day, ps } => {
            // The laptop first takes everything this ledger has, adds a visit and a stage
            // change of its own, and sends them back.
            let to_laptop =
                w.f.ledger
                    .export_changes(&w.laptop.sync_seen().unwrap())
                    .unwrap();
            w.laptop.import_changes(&to_laptop).unwrap();
            let projects: Vec<String> = ps.iter().filter_map(|&i| pick(&w.projects, i)).collect();
            let _ = w.laptop.create_activity(&ActivityInput {
                kind: ActivityKind::IncomingVisit,
                occurred_on: on(day),
                place: None,
                destination_code: None,
                summary: None,
                follow_up_on: None,
                officer_ids: vec![w.f.officer.id.clone()],
                company_ids: vec![],
                project_ids: {
                    let mut p = projects.clone();
                    p.sort();
                    p.dedup();
                    p
                },
                trip: Default::default(),
            });
            if let Some(p) = projects.first() {
                let _ = w.laptop.record_stage_change(
                    p,
                    &StageChangeInput {
                        to_stage: Stage::Negotiating,
                        changed_on: on(day),
                        construction_kind: None,
                        added_investment: 0,
                        officer_id: None,
                        note: None,
                        date_unknown: false,
                    },
                );
            }
            let back = w
                .laptop
                .export_changes(&w.f.ledger.sync_seen().unwrap())
                .unwrap();
            w.f.ledger.import_changes(&back).unwrap();
        }
        Op::ImportActivities => {
            let bytes = fixture_bytes("activities.xlsx");
            let _ = w.f.ledger.import_apply(
                &bytes,
                &zhaoshang_core::io::import::ImportOptions::default(),
            );
        }
        Op::NewOfficer => {
            let n = w.projects.len() + w.activities.len();
            let _ = w.f.ledger.create_officer(&OfficerInput {
                name: format!("新人{n}"),
                team_id: Some(w.f.team.id.clone()),
                ..Default::default()
            });
        }
        Op::Reopen => {
            let path = w.f.ledger.path().to_path_buf();
            let mut l = Ledger::open(&path).unwrap();
            l.set_today(Some(d(2022, 12, 31)));
            // Keep a snapshot however small the ledger is, so reopening reads it.
            l.set_facts_cache(FactsCache::snapshot_from(0));
            w.f.ledger = l;
        }
    }
}

fn world() -> World {
    let f = fixture();
    let laptop_dir = tempfile::tempdir().unwrap();
    let mut laptop = Ledger::open(laptop_dir.path().join("laptop.sqlite3")).unwrap();
    laptop.set_today(Some(d(2022, 12, 31)));
    f.ledger.set_facts_cache(FactsCache::snapshot_from(0));
    World {
        f,
        laptop,
        _laptop_dir: laptop_dir,
        projects: vec![],
        companies: vec![],
        activities: vec![],
        followed: 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn reports_from_followed_facts_equal_reports_from_a_fresh_read(
        ops in prop::collection::vec(op(), 1..40)
    ) {
        let mut w = world();
        check(&mut w)?;
        for op in &ops {
            run(&mut w, op);
            check(&mut w)?;
        }
    }
}

/// Everyday writes are followed through the change log, not answered by a full read (the
/// property above would pass if every report read everything).
#[test]
fn everyday_writes_are_followed_not_reread() {
    let mut w = world();
    for op in [
        Op::NewProject {
            origin: 0,
            wan: 500,
            day: 10,
        },
        Op::Activity {
            kind: 0,
            day: 20,
            ps: vec![0],
            company: 0,
        },
        Op::Stage {
            p: 0,
            stage: 2,
            day: 30,
            kind: 0,
            added: 0,
        },
        Op::MoveActivity {
            a: 0,
            day: 400,
            ps: vec![0],
        },
        Op::Reopen,
        Op::DeleteActivity { a: 0 },
    ] {
        run(&mut w, &op);
        check(&mut w).unwrap();
    }
    assert!(w.followed > 0, "no report was served from followed facts");
}

/// A snapshot decodes to facts whose reports are the fresh read's, and one that does not
/// decode is not used.
#[test]
fn a_snapshot_round_trips_and_a_damaged_one_is_ignored() {
    let mut w = world();
    for op in [
        Op::NewProject {
            origin: 0,
            wan: 500,
            day: 10,
        },
        Op::NewProject {
            origin: 1,
            wan: 60000,
            day: 40,
        },
        Op::Activity {
            kind: 0,
            day: 20,
            ps: vec![0, 1],
            company: 0,
        },
        Op::Activity {
            kind: 1,
            day: 25,
            ps: vec![1],
            company: 1,
        },
        Op::Activity {
            kind: 2,
            day: 60,
            ps: vec![1],
            company: 1,
        },
        Op::Stage {
            p: 1,
            stage: 2,
            day: 60,
            kind: 0,
            added: 0,
        },
        Op::Stage {
            p: 1,
            stage: 3,
            day: 90,
            kind: 1,
            added: 0,
        },
    ] {
        run(&mut w, &op);
    }
    let conn = w.f.ledger.connection();
    let fresh = facts::load(conn).unwrap();
    let bytes = facts::snapshot::encode(&fresh);
    let decoded = facts::snapshot::decode(&bytes).expect("decodes");
    for q in queries(&w) {
        assert_eq!(
            reports::report(conn, &decoded, &q).unwrap(),
            reports::report(conn, &fresh, &q).unwrap()
        );
    }
    assert!(facts::snapshot::decode(&bytes[..bytes.len() - 1]).is_none());
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(facts::snapshot::decode(&longer).is_none());

    // Reopened, the ledger reads the snapshot it wrote (and applies nothing on top).
    w.f.ledger.report(&queries(&w)[0]).unwrap();
    run(&mut w, &Op::Reopen);
    w.f.ledger.report(&queries(&w)[0]).unwrap();
    assert_eq!(w.f.ledger.facts_source(), Some(Source::Snapshot));
    // A damaged snapshot: the tables are read instead.
    w.f.ledger
        .connection()
        .execute("UPDATE report_snapshot SET data = x'00'", [])
        .unwrap();
    run(&mut w, &Op::Reopen);
    w.f.ledger.report(&queries(&w)[0]).unwrap();
    assert_eq!(w.f.ledger.facts_source(), Some(Source::Loaded));
    check(&mut w).unwrap();
}

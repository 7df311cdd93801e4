//! Property: N laptops making random edits, stage changes, activities and deletes, exchanging
//! bundles in random orders with repeats, all end with the same ledger once everyone has
//! everyone's changes. Bounded case count (PROPTEST_CASES overrides) so CI stays quick.

mod common;
use common::*;
use proptest::prelude::*;
use zhaoshang_core::*;

const DEVICES: usize = 3;
const PROJECTS: usize = 2;

#[derive(Debug, Clone)]
enum Op {
    Rename {
        device: usize,
        project: usize,
        n: u8,
    },
    Invest {
        device: usize,
        project: usize,
        wan: u16,
    },
    NextStep {
        device: usize,
        project: usize,
        n: u8,
    },
    Advance {
        device: usize,
        project: usize,
        day: u8,
    },
    Visit {
        device: usize,
        project: usize,
        day: u8,
    },
    DeleteLastVisit {
        device: usize,
    },
    Send {
        from: usize,
        to: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let d = 0..DEVICES;
    let p = 0..PROJECTS;
    prop_oneof![
        (d.clone(), p.clone(), any::<u8>()).prop_map(|(device, project, n)| Op::Rename {
            device,
            project,
            n
        }),
        (d.clone(), p.clone(), 1..50_000u16).prop_map(|(device, project, wan)| Op::Invest {
            device,
            project,
            wan
        }),
        (d.clone(), p.clone(), any::<u8>()).prop_map(|(device, project, n)| Op::NextStep {
            device,
            project,
            n
        }),
        (d.clone(), p.clone(), 1..200u8).prop_map(|(device, project, day)| Op::Advance {
            device,
            project,
            day
        }),
        (d.clone(), p.clone(), 1..200u8).prop_map(|(device, project, day)| Op::Visit {
            device,
            project,
            day
        }),
        d.clone().prop_map(|device| Op::DeleteLastVisit { device }),
        (d.clone(), d).prop_map(|(from, to)| Op::Send { from, to }),
    ]
}

type View = (
    Vec<(String, String, Stage, i64, Option<String>, usize)>,
    Metrics,
);

fn view(l: &Ledger) -> View {
    let page = l
        .list_projects(&ProjectFilter {
            limit: 100,
            sort: ProjectSort::Name,
            ..Default::default()
        })
        .unwrap();
    let mut rows: Vec<_> = page
        .rows
        .iter()
        .map(|r| {
            let p = l.project(&r.id).unwrap();
            let history = l.stage_history(&r.id).unwrap().len();
            (
                p.id,
                p.name,
                p.stage,
                p.total_investment,
                p.next_step,
                history,
            )
        })
        .collect();
    rows.sort();
    let m = l
        .report(&ReportQuery {
            period: Period::year(2022),
            scope: Scope::default(),
        })
        .unwrap()
        .metrics;
    (rows, m)
}

fn send(from: &Ledger, to: &mut Ledger) {
    let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
    to.import_changes(&bundle).unwrap();
}

fn pair(ledgers: &mut [Ledger], from: usize, to: usize) {
    if from == to {
        return;
    }
    let (a, b) = if from < to {
        let (x, y) = ledgers.split_at_mut(to);
        (&x[from], &mut y[0])
    } else {
        let (x, y) = ledgers.split_at_mut(from);
        (&y[0], &mut x[to])
    };
    send(a, b);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 50, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge(ops in prop::collection::vec(op(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let mut ledgers: Vec<Ledger> = (0..DEVICES)
            .map(|i| {
                let mut l = Ledger::open(dir.path().join(format!("d{i}.sqlite3"))).unwrap();
                l.set_today(Some(d(2022, 12, 31)));
                l
            })
            .collect();
        // Device 0 is the hub: it sets up the office and the projects, then shares them.
        let team = ledgers[0].create_team("招商一组").unwrap();
        let officer = ledgers[0]
            .create_officer(&OfficerInput { name: "王磊".into(), team_id: Some(team.id), ..Default::default() })
            .unwrap();
        let mut projects = Vec::new();
        for k in 0..PROJECTS {
            let p = ledgers[0]
                .create_project(&NewProject {
                    project: ProjectInput { name: format!("项目{k}"), total_investment: YI, ..Default::default() },
                    first_stage: Stage::Lead,
                    first_stage_on: d(2022, 1, 1),
                })
                .unwrap();
            projects.push(p);
        }
        for to in 1..DEVICES {
            pair(&mut ledgers, 0, to);
        }
        let mut visits: Vec<Vec<String>> = vec![Vec::new(); DEVICES];
        for op in ops {
            match op {
                Op::Rename { device, project, n } => {
                    let p = ledgers[device].project(&projects[project].id).unwrap();
                    let input = ProjectInput { name: format!("项目{project}-{n}"), total_investment: p.total_investment, next_step: p.next_step, ..Default::default() };
                    ledgers[device].update_project(&p.id, &input).unwrap();
                }
                Op::Invest { device, project, wan } => {
                    let p = ledgers[device].project(&projects[project].id).unwrap();
                    let input = ProjectInput { name: p.name, total_investment: wan as i64 * WAN, next_step: p.next_step, ..Default::default() };
                    ledgers[device].update_project(&p.id, &input).unwrap();
                }
                Op::NextStep { device, project, n } => {
                    let p = ledgers[device].project(&projects[project].id).unwrap();
                    let input = ProjectInput { name: p.name, total_investment: p.total_investment, next_step: Some(format!("第{n}步")), ..Default::default() };
                    ledgers[device].update_project(&p.id, &input).unwrap();
                }
                Op::Advance { device, project, day } => {
                    let p = ledgers[device].project(&projects[project].id).unwrap();
                    let next = match p.stage {
                        Stage::Lead => Stage::Negotiating,
                        Stage::Negotiating => Stage::Signed,
                        Stage::Signed => Stage::Started,
                        Stage::Started => Stage::Operating,
                        _ => continue,
                    };
                    let on = (p.stage_since + chrono::Days::new(day as u64)).min(d(2022, 12, 31));
                    // Rules still apply per device; a refused change is simply not made.
                    let _ = ledgers[device].record_stage_change(&p.id, &StageChangeInput {
                        to_stage: next, changed_on: on, construction_kind: None, added_investment: 0, officer_id: None, note: None,
                    });
                }
                Op::Visit { device, project, day } => {
                    let a = ledgers[device].create_activity(&ActivityInput {
                        kind: ActivityKind::IncomingVisit,
                        occurred_on: d(2022, 1, 1) + chrono::Days::new(day as u64),
                        place: None, destination_code: None, summary: None, follow_up_on: None,
                        officer_ids: vec![officer.id.clone()], company_ids: vec![], project_ids: vec![projects[project].id.clone()],
                    }).unwrap();
                    visits[device].push(a.id);
                }
                Op::DeleteLastVisit { device } => {
                    if let Some(id) = visits[device].pop() {
                        let _ = ledgers[device].delete_activity(&id);
                    }
                }
                Op::Send { from, to } => pair(&mut ledgers, from, to),
            }
        }
        // Everyone meets everyone (twice, to pass changes along), then all agree.
        for _ in 0..2 {
            for from in 0..DEVICES {
                for to in 0..DEVICES {
                    pair(&mut ledgers, from, to);
                }
            }
        }
        let first = view(&ledgers[0]);
        for l in &ledgers[1..] {
            prop_assert_eq!(&view(l), &first);
        }
        // Reference: each field holds the value of its latest logged write (HLC, then device).
        for p in &projects {
            let current = serde_json::to_value(ledgers[0].project(&p.id).unwrap()).unwrap();
            for field in ["name", "total_investment", "next_step"] {
                let latest: Option<String> = ledgers[0]
                    .connection()
                    .query_row(
                        "SELECT new_value FROM changes WHERE table_name = 'projects' AND row_id = ?1
                           AND field = ?2 ORDER BY hlc DESC, device_id DESC LIMIT 1",
                        [&p.id, field],
                        |r| r.get(0),
                    )
                    .ok();
                if let Some(latest) = latest {
                    let want: serde_json::Value = serde_json::from_str(&latest).unwrap();
                    prop_assert_eq!(&current[field], &want, "field {} of {}", field, p.id);
                }
            }
        }
        // And one more round changes nothing.
        let again = ledgers[1].export_changes(&Default::default()).unwrap();
        let r = ledgers[2].import_changes(&again).unwrap();
        prop_assert_eq!(r.applied, 0);
    }
}

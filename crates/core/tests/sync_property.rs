//! Property: N laptops making random edits, stage changes, activities and deletes, exchanging
//! bundles in random orders, with duplicates, late (out-of-order) deliveries, partitions and
//! bundles from a clock far in the future, all end with the same ledger once everyone has
//! everyone's changes, and that ledger equals a reference model computed from the writes
//! alone: last writer (HLC, then device) per field, stage changes and visits as sets.
//! Bounded case count (PROPTEST_CASES overrides) so CI stays quick.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;
use proptest::prelude::*;
use zhaoshang_core::sync::{self, Bundle, Register};
use zhaoshang_core::*;

const DEVICES: usize = 4;
const PROJECTS: usize = 2;
/// A value only ever sent with a clock from the far future: it must never land.
const FUTURE_NAME: &str = "未来时钟的名字";
/// Conflicts checked over all cases (printed, so a run shows the check had work to do).
static CONFLICTS_SEEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

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
    ToggleDeleted {
        device: usize,
        project: usize,
    },
    Send {
        from: usize,
        to: usize,
    },
    /// An earlier bundle delivered again, late (a duplicate, out of order).
    Redeliver {
        k: usize,
        to: usize,
    },
    /// Devices whose bit is set can only reach each other, the rest likewise.
    Partition {
        mask: u8,
    },
    Heal,
    /// A bundle carrying a register stamped days ahead of the receiver's clock.
    Skewed {
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
        (d.clone(), p.clone()).prop_map(|(device, project)| Op::ToggleDeleted { device, project }),
        (d.clone(), d.clone()).prop_map(|(from, to)| Op::Send { from, to }),
        (d.clone(), d.clone()).prop_map(|(from, to)| Op::Send { from, to }),
        (d.clone(), d.clone()).prop_map(|(from, to)| Op::Send { from, to }),
        (0..64usize, d.clone()).prop_map(|(k, to)| Op::Redeliver { k, to }),
        (1..(1u8 << DEVICES) - 1).prop_map(|mask| Op::Partition { mask }),
        Just(Op::Heal),
        (d.clone(), d).prop_map(|(from, to)| Op::Skewed { from, to }),
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

/// Ids of rows of `table` not deleted.
fn live_ids(l: &Ledger, table: &str) -> BTreeSet<String> {
    let mut stmt = l
        .connection()
        .prepare(&format!("SELECT id FROM {table} WHERE deleted_at IS NULL"))
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// One write: its clock (HLC, device) and value.
type Write = ((String, String), serde_json::Value);

/// The reference model: every write any device made, nothing else.
#[derive(Default)]
struct Model {
    /// (project id, field) → every write: ((hlc, device), JSON value).
    writes: BTreeMap<(String, String), Vec<Write>>,
    stage_changes: BTreeSet<String>,
    activities: BTreeSet<String>,
    deleted_activities: BTreeSet<String>,
    /// Per device, the newest clock it holds for each (project, field): what its next write
    /// of that field has seen.
    register: Vec<BTreeMap<(String, String), Clock>>,
    /// Per write: the clock its device held for the field when it was made.
    prev: BTreeMap<Clock, Option<Clock>>,
}

/// (HLC, device).
type Clock = (String, String);

const TRACKED: [&str; 4] = ["name", "total_investment", "next_step", "deleted"];

impl Model {
    /// Takes the change-log entries a device's own action just wrote (after `mark`).
    fn observe(&mut self, device_index: usize, l: &Ledger, mark: i64) {
        let device = l.device_id().unwrap().unwrap();
        let mut stmt = l
            .connection()
            .prepare(
                "SELECT table_name, row_id, field, new_value, hlc FROM changes
                 WHERE rowid > ?1 AND device_id = ?2",
            )
            .unwrap();
        let rows = stmt
            .query_map(rusqlite::params![mark, device], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (table, id, field, value, hlc) = row.unwrap();
            match (table.as_str(), field.as_str()) {
                ("projects", "name" | "total_investment" | "next_step" | "deleted") => {
                    let v: serde_json::Value =
                        serde_json::from_str(value.as_deref().unwrap_or("null")).unwrap();
                    let clock = (hlc, device.clone());
                    let key = (id, field);
                    let prev = self.register[device_index].insert(key.clone(), clock.clone());
                    self.prev.insert(clock.clone(), prev);
                    self.writes.entry(key).or_default().push((clock, v));
                }
                ("stage_changes", "*") => {
                    self.stage_changes.insert(id);
                }
                ("activities", "*") => {
                    self.activities.insert(id);
                }
                ("activities", "deleted") if value.as_deref() == Some("true") => {
                    self.deleted_activities.insert(id);
                }
                _ => {}
            }
        }
    }

    /// A device merged a bundle: each tracked register keeps the newer clock (a clock days
    /// ahead is refused, as the merge refuses it).
    fn receive(&mut self, device_index: usize, bundle: &Bundle) {
        let limit = chrono::Utc::now().timestamp_millis() + 24 * 3600 * 1000;
        for r in &bundle.registers {
            let ms: i64 = r.hlc.split('.').next().unwrap().parse().unwrap();
            if r.table != "projects" || !TRACKED.contains(&r.field.as_str()) || ms > limit {
                continue;
            }
            let clock = (r.hlc.clone(), r.device_id.clone());
            let slot = self.register[device_index]
                .entry((r.row_id.clone(), r.field.clone()))
                .or_insert_with(|| clock.clone());
            if clock > *slot {
                *slot = clock;
            }
        }
    }

    /// Last writer wins: the value of the greatest (HLC, device).
    fn expected(&self, project: &str, field: &str) -> Option<&serde_json::Value> {
        self.writes
            .get(&(project.to_string(), field.to_string()))
            .and_then(|w| w.iter().max_by(|a, b| a.0.cmp(&b.0)))
            .map(|(_, v)| v)
    }
}

fn mark(l: &Ledger) -> i64 {
    l.connection()
        .query_row("SELECT COALESCE(MAX(rowid), 0) FROM changes", [], |r| {
            r.get(0)
        })
        .unwrap()
}

fn two(ledgers: &mut [Ledger], from: usize, to: usize) -> (&Ledger, &mut Ledger) {
    assert_ne!(from, to);
    if from < to {
        let (x, y) = ledgers.split_at_mut(to);
        (&x[from], &mut y[0])
    } else {
        let (x, y) = ledgers.split_at_mut(from);
        (&y[0], &mut x[to])
    }
}

/// Sends what `to` lacks from `from`; returns the bundle (kept for late redelivery).
fn pair(ledgers: &mut [Ledger], model: &mut Model, from: usize, to: usize) -> Option<Bundle> {
    if from == to {
        return None;
    }
    let (a, b) = two(ledgers, from, to);
    let bundle = a.export_changes(&b.sync_seen().unwrap()).unwrap();
    b.import_changes(&bundle).unwrap();
    model.receive(to, &bundle);
    Some(bundle)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, max_shrink_iters: 50, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_to_the_reference_model(ops in prop::collection::vec(op(), 1..30)) {
        let dir = tempfile::tempdir().unwrap();
        let mut ledgers: Vec<Ledger> = (0..DEVICES)
            .map(|i| {
                let mut l = Ledger::open(dir.path().join(format!("d{i}.sqlite3"))).unwrap();
                l.set_today(Some(d(2022, 12, 31)));
                l.set_device_label(Some(&format!("电脑{i}"))).unwrap();
                l
            })
            .collect();
        let mut model = Model { register: vec![BTreeMap::new(); DEVICES], ..Default::default() };
        // Device 0 is the hub: it sets up the office and the projects, then shares them.
        let m0 = mark(&ledgers[0]);
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
                    first_stage_date_unknown: false,
                })
                .unwrap();
            // The creation stamps every field with the row's clock.
            let (hlc, dev): (String, String) = ledgers[0].connection().query_row(
                "SELECT hlc, device_id FROM changes WHERE table_name = 'projects' AND row_id = ?1 AND field = '*'",
                [&p.id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            let v = serde_json::to_value(&p).unwrap();
            for f in TRACKED {
                let value = if f == "deleted" { false.into() } else { v[f].clone() };
                model.writes.entry((p.id.clone(), f.into())).or_default().push(((hlc.clone(), dev.clone()), value));
                model.register[0].insert((p.id.clone(), f.into()), (hlc.clone(), dev.clone()));
            }
            model.prev.insert((hlc.clone(), dev.clone()), None);
            projects.push(p);
        }
        model.observe(0, &ledgers[0], m0);
        for to in 1..DEVICES {
            pair(&mut ledgers, &mut model, 0, to);
        }
        let mut sent: Vec<Bundle> = Vec::new();
        let mut partition: Option<u8> = None;
        let reachable = |p: Option<u8>, a: usize, b: usize| p.is_none_or(|m| (m >> a) & 1 == (m >> b) & 1);
        let mut visits: Vec<Vec<String>> = vec![Vec::new(); DEVICES];
        let mut skewed = 0u32;
        for op in ops {
            let device = match &op {
                Op::Rename { device, .. } | Op::Invest { device, .. } | Op::NextStep { device, .. }
                | Op::Advance { device, .. } | Op::Visit { device, .. } | Op::DeleteLastVisit { device }
                | Op::ToggleDeleted { device, .. } => Some(*device),
                _ => None,
            };
            let before = device.map(|d| mark(&ledgers[d]));
            match op {
                Op::Rename { device, project, n } => {
                    if let Ok(p) = ledgers[device].project(&projects[project].id) {
                        let input = ProjectInput { name: format!("项目{project}-{n}"), total_investment: p.total_investment, next_step: p.next_step, ..Default::default() };
                        let _ = ledgers[device].update_project(&p.id, &input);
                    }
                }
                Op::Invest { device, project, wan } => {
                    if let Ok(p) = ledgers[device].project(&projects[project].id) {
                        let input = ProjectInput { name: p.name, total_investment: wan as i64 * WAN, next_step: p.next_step, ..Default::default() };
                        let _ = ledgers[device].update_project(&p.id, &input);
                    }
                }
                Op::NextStep { device, project, n } => {
                    if let Ok(p) = ledgers[device].project(&projects[project].id) {
                        let input = ProjectInput { name: p.name, total_investment: p.total_investment, next_step: Some(format!("第{n}步")), ..Default::default() };
                        let _ = ledgers[device].update_project(&p.id, &input);
                    }
                }
                Op::Advance { device, project, day } => {
                    if let Ok(p) = ledgers[device].project(&projects[project].id) {
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
                            to_stage: next, changed_on: on, construction_kind: None, added_investment: 0, officer_id: None, note: None, date_unknown: false,
                        });
                    }
                }
                Op::Visit { device, project, day } => {
                    // A visit to a project deleted on this laptop is refused, and not made.
                    if let Ok(a) = ledgers[device].create_activity(&ActivityInput {
                        kind: ActivityKind::IncomingVisit,
                        occurred_on: d(2022, 1, 1) + chrono::Days::new(day as u64),
                        place: None, destination_code: None, summary: None, follow_up_on: None,
                        officer_ids: vec![officer.id.clone()], company_ids: vec![], project_ids: vec![projects[project].id.clone()],
                        trip: Default::default(),
                    }) {
                        visits[device].push(a.id);
                    }
                }
                Op::DeleteLastVisit { device } => {
                    if let Some(id) = visits[device].pop() {
                        let _ = ledgers[device].delete_activity(&id);
                    }
                }
                Op::ToggleDeleted { device, project } => {
                    let id = &projects[project].id;
                    if ledgers[device].project(id).is_ok() {
                        let _ = ledgers[device].delete_project(id);
                    } else {
                        let _ = ledgers[device].restore_project(id);
                    }
                }
                Op::Send { from, to } => {
                    if reachable(partition, from, to) {
                        sent.extend(pair(&mut ledgers, &mut model, from, to));
                    }
                }
                Op::Redeliver { k, to } => {
                    if !sent.is_empty() {
                        let b = sent[k % sent.len()].clone();
                        // A bundle written for another laptop that had seen more is held back
                        // whole (it would leave a gap); the model receives nothing either.
                        let held_back = sync::lacks_changes_before(&ledgers[to], &b).unwrap();
                        let r = ledgers[to].import_changes(&b).unwrap();
                        if held_back {
                            prop_assert_eq!(r.applied + r.rows_added, 0);
                        } else {
                            model.receive(to, &b);
                        }
                    }
                }
                Op::Partition { mask } => partition = Some(mask),
                Op::Heal => partition = None,
                Op::Skewed { from, to } => {
                    if from != to {
                        let (a, b) = two(&mut ledgers, from, to);
                        let mut bundle = a.export_changes(&b.sync_seen().unwrap()).unwrap();
                        let ahead = chrono::Utc::now().timestamp_millis() + 3 * 24 * 3600 * 1000;
                        bundle.registers.push(Register {
                            table: "projects".into(),
                            row_id: projects[0].id.clone(),
                            field: "name".into(),
                            value: serde_json::Value::from(FUTURE_NAME).to_string(),
                            hlc: format!("{ahead:013}.00000"),
                            device_id: a.device_id().unwrap().unwrap(),
                            prev: None,
                            officer_id: None,
                        });
                        bundle.seal();
                        let r = b.import_changes(&bundle).unwrap();
                        model.receive(to, &bundle);
                        prop_assert_eq!(r.skewed, 1, "a clock days ahead is flagged, not trusted");
                        skewed += 1;
                    }
                }
            }
            if let (Some(d), Some(m)) = (device, before) {
                model.observe(d, &ledgers[d], m);
            }
        }
        // The partition heals; everyone meets everyone (twice, to pass changes along).
        for _ in 0..2 {
            for from in 0..DEVICES {
                for to in 0..DEVICES {
                    pair(&mut ledgers, &mut model, from, to);
                }
            }
        }
        let first = view(&ledgers[0]);
        for l in &ledgers[1..] {
            prop_assert_eq!(&view(l), &first);
        }
        // Every replica equals the model.
        let want_stage_changes = &model.stage_changes;
        let want_visits: BTreeSet<String> = model.activities.difference(&model.deleted_activities).cloned().collect();
        for l in &ledgers {
            for p in &projects {
                let row: (String, i64, Option<String>, bool) = l.connection().query_row(
                    "SELECT name, total_investment, next_step, deleted_at IS NOT NULL FROM projects WHERE id = ?1",
                    [&p.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap();
                prop_assert_eq!(Some(&serde_json::Value::from(row.0.clone())), model.expected(&p.id, "name"));
                prop_assert_ne!(row.0.as_str(), FUTURE_NAME);
                prop_assert_eq!(Some(&serde_json::Value::from(row.1)), model.expected(&p.id, "total_investment"));
                prop_assert_eq!(Some(&serde_json::to_value(&row.2).unwrap()), model.expected(&p.id, "next_step"));
                prop_assert_eq!(Some(&serde_json::Value::from(row.3)), model.expected(&p.id, "deleted"));
            }
            // Stage history: the union of every device's dated events, none lost or overwritten.
            let sc: BTreeSet<String> = live_ids(l, "stage_changes");
            prop_assert_eq!(&sc, want_stage_changes);
            prop_assert_eq!(&live_ids(l, "activities"), &want_visits);
            // Each replica lists every device whose data it holds.
            prop_assert_eq!(l.sync_devices().unwrap().len(), DEVICES);
        }
        // Every conflict kept for review is two writes of one field with different values,
        // neither made by someone who had seen the other (the later one's device held an older
        // clock for the field when it was made).
        let mut reviewed = 0;
        for l in &ledgers {
            let mut stmt = l.connection().prepare(
                "SELECT row_id, field, winner_hlc, winner_device, loser_hlc, loser_device FROM sync_conflicts
                 WHERE table_name = 'projects'").unwrap();
            let rows: Vec<(String, String, Clock, Clock)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?), (r.get(4)?, r.get(5)?))))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for (row, field, winner, loser) in rows {
                reviewed += 1;
                prop_assert!(loser < winner, "{:?} {:?}", loser, winner);
                let writes = &model.writes[&(row.clone(), field.clone())];
                let value = |c: &Clock| writes.iter().find(|(w, _)| w == c).map(|(_, v)| v.clone());
                prop_assert!(value(&winner).is_some() && value(&loser).is_some(), "both writes were made");
                prop_assert_ne!(value(&winner), value(&loser));
                let seen_by_winner = model.prev[&winner].as_ref();
                prop_assert!(seen_by_winner.is_none_or(|p| *p < loser), "{} of {}: the later write had seen the other", field, row);
            }
        }
        let total = CONFLICTS_SEEN.fetch_add(reviewed, std::sync::atomic::Ordering::Relaxed) + reviewed;
        eprintln!("conflicts kept for review, checked against the model so far: {total}");
        // And one more round changes nothing, late duplicates included.
        let again = ledgers[1].export_changes(&Default::default()).unwrap();
        let r = ledgers[2].import_changes(&again).unwrap();
        prop_assert_eq!(r.applied, 0);
        for b in sent.iter().rev().take(3) {
            prop_assert_eq!(ledgers[3].import_changes(b).unwrap().applied, 0);
        }
        let _ = skewed;
    }
}

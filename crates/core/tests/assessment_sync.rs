//! Property (issue 15): scores are computed from facts, so two laptops that recorded
//! activities, stage changes, deletions and points edits apart and then synced both ways hold
//! the same scores, equal to those of one ledger that recorded every fact itself.
//! Bounded case count (PROPTEST_CASES overrides) so CI stays quick.

use crate::common::*;
use proptest::prelude::*;
use zhaoshang_core::assessment::{ScoreQuery, Scores};
use zhaoshang_core::*;

const OFFICERS: usize = 3;
const STAGES: [Stage; 4] = [
    Stage::Negotiating,
    Stage::Signed,
    Stage::Started,
    Stage::Operating,
];
const RULES: [&str; 4] = [
    "activity:call",
    "activity:outbound_trip",
    "stage:signed",
    "tier:over_1yi",
];

#[derive(Debug, Clone)]
enum Op {
    /// An activity recorded on laptop `device` by the officers whose bit is set.
    Activity {
        device: usize,
        kind: usize,
        day: u16,
        officers: u8,
    },
    /// The next stage of project `device` (each laptop moves its own project, in order).
    Advance { device: usize, days: u8 },
    /// The last activity laptop `device` recorded is deleted.
    DeleteLast { device: usize },
    /// Laptop 0 edits a rule's points.
    Points { rule: usize, halves: i8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..2usize, 0..ActivityKind::ALL.len(), 0..365u16, 1..(1u8 << OFFICERS))
            .prop_map(|(device, kind, day, officers)| Op::Activity { device, kind, day, officers }),
        2 => (0..2usize, 1..60u8).prop_map(|(device, days)| Op::Advance { device, days }),
        1 => (0..2usize).prop_map(|device| Op::DeleteLast { device }),
        1 => (0..RULES.len(), -20..40i8).prop_map(|(rule, halves)| Op::Points { rule, halves }),
    ]
}

fn open(dir: &std::path::Path, name: &str) -> Ledger {
    let mut l = Ledger::open(dir.join(format!("{name}.sqlite3"))).unwrap();
    l.set_today(Some(d(2022, 12, 31)));
    l.set_device_label(Some(name)).unwrap();
    l
}

fn send(from: &Ledger, to: &mut Ledger) {
    let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
    to.import_changes(&bundle).unwrap();
}

/// What must agree: every officer's and team's figures and rank (lines name record ids, which
/// differ between the laptops and the reference; their points and rules must agree).
type Summary = Vec<(
    String,
    f64,
    u32,
    Vec<u32>,
    u32,
    u32,
    Vec<(String, String, f64)>,
)>;

fn summary(s: &Scores) -> (Summary, Vec<(Option<String>, f64, u32)>) {
    let officers = s
        .officers
        .iter()
        .map(|o| {
            let mut lines: Vec<(String, String, f64)> = o
                .lines
                .iter()
                .map(|l| (l.date.to_string(), l.rule_id.clone(), l.points))
                .collect();
            lines.sort_by(|a, b| a.partial_cmp(b).unwrap());
            (
                o.officer_id.clone(),
                o.total,
                o.rank,
                o.activities.iter().map(|k| k.count).collect(),
                o.leader_led,
                o.stage_changes,
                lines,
            )
        })
        .collect();
    let teams = s
        .teams
        .iter()
        .map(|t| (t.team_id.clone(), t.total, t.rank))
        .collect();
    (officers, teams)
}

fn queries() -> Vec<ScoreQuery> {
    let mut q = vec![ScoreQuery {
        year: 2022,
        month: None,
    }];
    q.extend((1..=12).map(|m| ScoreQuery {
        year: 2022,
        month: Some(m),
    }));
    q
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 40, ..ProptestConfig::default() })]

    #[test]
    fn two_synced_laptops_score_like_one_ledger_with_every_fact(ops in prop::collection::vec(op(), 1..24)) {
        let dir = tempfile::tempdir().unwrap();
        // Laptop 0 sets up the office; laptop 1 and the reference take it by sync, so the
        // officers, teams and projects have the same ids everywhere.
        let mut hub = open(dir.path(), "电脑0");
        let t1 = hub.create_team("招商一组").unwrap();
        let t2 = hub.create_team("招商二组").unwrap();
        let officers: Vec<String> = (0..OFFICERS)
            .map(|i| {
                hub.create_officer(&OfficerInput {
                    name: format!("招商员{i}"),
                    team_id: Some(if i == 0 { t1.id.clone() } else { t2.id.clone() }),
                    ..Default::default()
                })
                .unwrap()
                .id
            })
            .collect();
        let projects: Vec<String> = (0..2)
            .map(|k| {
                hub.create_project(&NewProject {
                    project: ProjectInput {
                        name: format!("项目{k}"),
                        total_investment: (k as i64 * 9 + 2) * YI,
                        officer_id: Some(officers[k].clone()),
                        ..Default::default()
                    },
                    first_stage: Stage::Lead,
                    first_stage_on: d(2022, 1, 1),
                    first_stage_date_unknown: false,
                })
                .unwrap()
                .id
            })
            .collect();
        let mut laptop1 = open(dir.path(), "电脑1");
        let mut reference = open(dir.path(), "参照");
        send(&hub, &mut laptop1);
        send(&hub, &mut reference);
        let mut laptops = [hub, laptop1];

        let mut created: [Vec<(String, String)>; 2] = [Vec::new(), Vec::new()];
        let mut stage_of = [0usize; 2];
        let mut stage_day = [d(2022, 1, 1); 2];
        for op in &ops {
            match *op {
                Op::Activity { device, kind, day, officers: mask } => {
                    let on = d(2022, 1, 1) + chrono::Days::new(day as u64);
                    let ids: Vec<&String> = officers
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, id)| id)
                        .collect();
                    let input: ActivityInput = serde_json::from_value(serde_json::json!({
                        "kind": ActivityKind::ALL[kind], "occurred_on": on, "place": null,
                        "destination_code": null, "summary": "拜访", "follow_up_on": null,
                        "officer_ids": ids, "company_ids": [], "project_ids": [],
                    }))
                    .unwrap();
                    let a = laptops[device].create_activity(&input).unwrap();
                    let r = reference.create_activity(&input).unwrap();
                    created[device].push((a.id, r.id));
                }
                Op::Advance { device, days } => {
                    if stage_of[device] == STAGES.len() {
                        continue;
                    }
                    let on = stage_day[device] + chrono::Days::new(days as u64);
                    if on > d(2022, 12, 31) {
                        continue;
                    }
                    let to = STAGES[stage_of[device]];
                    for l in [&mut laptops[device], &mut reference] {
                        l.record_stage_change(
                            &projects[device],
                            &StageChangeInput {
                                to_stage: to,
                                changed_on: on,
                                construction_kind: None,
                                added_investment: 0,
                                officer_id: None,
                                note: None,
                                date_unknown: false,
                            },
                        )
                        .unwrap();
                    }
                    stage_of[device] += 1;
                    stage_day[device] = on;
                }
                Op::DeleteLast { device } => {
                    if let Some((a, r)) = created[device].pop() {
                        laptops[device].delete_activity(&a).unwrap();
                        reference.delete_activity(&r).unwrap();
                    }
                }
                Op::Points { rule, halves } => {
                    let points = halves as f64 / 2.0;
                    laptops[0].update_score_rule(RULES[rule], points).unwrap();
                    reference.update_score_rule(RULES[rule], points).unwrap();
                }
            }
        }
        // Sync both ways.
        let [a, b] = &mut laptops;
        send(a, b);
        send(b, a);
        for q in queries() {
            let want = summary(&reference.scores(q).unwrap());
            for l in &laptops {
                prop_assert_eq!(&summary(&l.scores(q).unwrap()), &want, "{:?}", q);
            }
        }
    }
}

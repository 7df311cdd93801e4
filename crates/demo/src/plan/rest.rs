//! Every other project: investors from outside 京津冀, not 飞地; 45 of them key. They make up the
//! office-wide figures (starts by quarter, 升格, 增资, 投产, 复工) without touching the scoped
//! ones.

use zhaoshang_core::Stage::{Dropped, Lead, Negotiating, OnHold, Operating, Signed, Started};
use zhaoshang_core::{ConstructionKind, WAN};

use crate::calendar::{d, minus, p0, p1, plus, y0};
use crate::catalogue::industries::amount_in;
use crate::plan::model::{step, Group, Planner, ADD, UPGRADE, WINTER};

/// The key projects among the rest.
const REST_KEYS: usize = 45;

/// Hands out the rest's key amounts (from the planner's key bands) until all 45 are given.
struct Keys {
    given: usize,
}

impl Keys {
    fn key_here(&mut self, pl: &mut Planner, yes: bool) -> Option<i64> {
        (yes && self.given < REST_KEYS).then(|| {
            self.given += 1;
            pl.key_amount()
        })
    }
}

/// The groups R1–R11, in this order (the seeded draws depend on it).
pub(crate) fn plan(pl: &mut Planner) {
    let mut keys = Keys { given: 0 };
    resumed(pl, &mut keys);
    started_new(pl, &mut keys);
    signed(pl, &mut keys);
    let producing = producing(pl, &mut keys);
    in_talks(pl, &mut keys, &producing);
    leads(pl, &mut keys, &producing);
    on_hold(pl, &mut keys);
    dropped(pl);
    awaiting_construction(pl, &mut keys);
    assert_eq!(keys.given, REST_KEYS, "every rest key band handed out");
}

/// R1/R2: 45 signed and started in 2021, stopped for the winter, resumed in 2022 (21 in
/// March, 24 in April–May); 12 key.
fn resumed(pl: &mut Planner, keys: &mut Keys) {
    for k in 0..45 {
        let lead = pl.day(y0(), d(2021, 2, 26));
        // A third signed in spring 2021, the rest in summer (started before the winter).
        let (signed, start) = if k % 3 == 0 {
            let signed = pl.day(plus(lead, 10), d(2021, 4, 30));
            (signed, pl.day(plus(signed, 15), d(2021, 8, 31)))
        } else {
            let signed = pl.day(d(2021, 7, 1), d(2021, 9, 15));
            (signed, pl.day(plus(signed, 15), d(2021, 10, 29)))
        };
        let hold = pl.day(d(2021, 11, 10), d(2021, 12, 10));
        let resume = if k < 21 {
            pl.day(d(2022, 3, 1), d(2022, 3, 31))
        } else {
            pl.day(d(2022, 4, 6), d(2022, 5, 20))
        };
        let key = keys.key_here(pl, k % 21 < 6 && k < 42);
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = pl.days(1, d(2022, 2, 14), p1());
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![
                step(Lead, lead),
                step(Signed, signed),
                step(Started, start).kind(ConstructionKind::New),
                step(OnHold, hold).note(WINTER),
                step(Started, resume).note("春季复工"),
            ],
            contacts,
        );
    }
}

/// R3/R4: 19 signed earlier, started new in 2022 (3 in Q1, 16 in Q2); upgrades and 增资.
fn started_new(pl: &mut Planner, keys: &mut Keys) {
    for k in 0..19usize {
        let lead = pl.day(y0(), d(2021, 9, 30));
        let talks = pl.day(plus(lead, 7), plus(lead, 90));
        let signed = pl.day(plus(talks, 7), d(2022, 2, 25));
        let start = if k < 3 {
            pl.day(plus(signed, 10).max(d(2022, 3, 10)), d(2022, 3, 31))
        } else {
            pl.day(d(2022, 4, 6), d(2022, 6, 28))
        };
        let r4 = k.wrapping_sub(3);
        let key = keys.key_here(pl, k == 0 || (3..8).contains(&k));
        let mut steps = vec![
            step(Lead, lead),
            step(Negotiating, talks),
            step(Signed, signed),
        ];
        if k >= 3 && r4 % 3 == 0 {
            let mut up = step(Signed, pl.day(plus(signed, 10), minus(start, 5))).note(UPGRADE);
            if key.is_none() && (r4 == 6 || r4 == 12) {
                up.added = amount_in(&mut pl.rng, 0).min(3_000 * WAN);
                up.note = Some(ADD);
            }
            steps.push(up);
        }
        steps.push(step(Started, start).kind(ConstructionKind::New));
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = pl.days(1 + k % 2, p0(), p1());
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            contacts,
        );
    }
}

/// R5: 20 first signed in H1 2022, not started yet; 5 key, 1 by video.
fn signed(pl: &mut Planner, keys: &mut Keys) {
    for k in 0..20 {
        let lead = pl.day(y0(), d(2021, 12, 10));
        let talks = pl.day(plus(lead, 7), d(2021, 12, 30));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let key = keys.key_here(pl, k < 5);
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = pl.days(1, p0(), minus(signed, 1));
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        pl.last().video_signing = k == 7;
    }
}

/// R8: 15 producing (started in spring 2021; two with a continued second phase and 增资).
fn producing(pl: &mut Planner, keys: &mut Keys) -> Vec<usize> {
    let mut producing = Vec::new();
    for k in 0..15 {
        let lead = pl.day(y0(), d(2021, 2, 10));
        let signed = pl.day(plus(lead, 10), d(2021, 3, 31));
        let start = pl.day(plus(signed, 15), d(2021, 6, 10));
        let mut steps = vec![
            step(Lead, lead),
            step(Signed, signed),
            step(Started, start).kind(ConstructionKind::New),
        ];
        let key = keys.key_here(pl, k >= 11);
        if k < 2 {
            let mut cont = step(Started, pl.day(d(2021, 9, 1), d(2021, 10, 15))).note("二期续建");
            if key.is_none() {
                cont.added = amount_in(&mut pl.rng, 0);
                cont.note = Some("二期续建，追加投资");
            }
            steps.push(cont);
        }
        steps.push(step(Operating, pl.day(d(2021, 10, 20), d(2022, 6, 20))));
        let amount = key.unwrap_or_else(|| pl.plain());
        let region = pl.rest_region();
        let contacts = if k % 2 == 0 {
            pl.days(1, p0(), p1())
        } else {
            vec![]
        };
        producing.push(pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            contacts,
        ));
    }
    producing
}

/// R6: 50 in talks at the end of June (4 are second phases of producing projects); 10 key.
fn in_talks(pl: &mut Planner, keys: &mut Keys, producing: &[usize]) {
    #[allow(clippy::needless_range_loop)]
    for k in 0..50 {
        let lead = if k < 4 {
            pl.day(d(2021, 9, 1), d(2022, 5, 31))
        } else {
            pl.day(y0(), d(2022, 5, 31))
        };
        let talks = pl.day(plus(lead, 7), p1());
        let key = keys.key_here(pl, (4..14).contains(&k));
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = if talks >= p0() || k % 2 == 0 {
            pl.days(1, lead.max(p0()), p1())
        } else {
            vec![]
        };
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![step(Lead, lead), step(Negotiating, talks)],
            contacts,
        );
        if k < 4 {
            pl.last().phase_two_of = Some(producing[k]);
        }
    }
}

/// R7: 45 leads at the end of June (3 second phases); 2 key.
fn leads(pl: &mut Planner, keys: &mut Keys, producing: &[usize]) {
    for k in 0..45 {
        let lead = if k < 3 {
            pl.day(d(2021, 11, 1), d(2022, 6, 28))
        } else {
            pl.day(d(2021, 3, 1), d(2022, 6, 28))
        };
        let key = keys.key_here(pl, k == 10 || k == 20);
        let amount = key.unwrap_or_else(|| pl.plain());
        let contacts = if k % 3 == 0 {
            pl.days(1, lead.max(p0()), p1())
        } else {
            vec![]
        };
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            vec![step(Lead, lead)],
            contacts,
        );
        if k < 3 {
            pl.last().phase_two_of = Some(producing[4 + k]);
        }
    }
}

/// R9: 8 on hold (one 两高 project held for its energy review); 1 key.
fn on_hold(pl: &mut Planner, keys: &mut Keys) {
    for k in 0..8 {
        let lead = pl.day(y0(), d(2021, 8, 31));
        let talks = pl.day(plus(lead, 10), plus(lead, 100));
        let mut steps = vec![step(Lead, lead), step(Negotiating, talks)];
        let mut last = talks;
        if k % 2 == 0 {
            last = pl.day(plus(talks, 10), plus(talks, 120).min(d(2021, 12, 20)));
            steps.push(step(Signed, last));
        }
        let note = if k == 3 {
            "属“两高”项目，待能耗指标落实"
        } else {
            [
                "企业资金紧张，项目暂缓",
                "用地手续未落实，暂缓推进",
                "市场变化，企业暂缓投资",
            ][k % 3]
        };
        steps.push(step(OnHold, pl.day(plus(last, 20), d(2022, 6, 20))).note(note));
        let key = keys.key_here(pl, k == 2);
        let amount = key.unwrap_or_else(|| pl.plain());
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            vec![],
        );
        pl.last().high_energy = k == 3;
    }
}

/// R10: 8 dropped (two 两高 projects screened out).
fn dropped(pl: &mut Planner) {
    for k in 0..8 {
        let lead = pl.day(y0(), d(2021, 10, 29));
        let talks = pl.day(plus(lead, 10), plus(lead, 90));
        let note = if k == 0 || k == 5 {
            "属“两高”项目，经能耗评估不予引进"
        } else {
            ["企业投资方向调整，项目终止", "选址落户外地，项目终止"][k % 2]
        };
        let dropped = pl.day(plus(talks, 20), d(2022, 6, 20));
        let amount = pl.plain();
        let region = pl.rest_region();
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            false,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Dropped, dropped).note(note),
            ],
            vec![],
        );
        pl.last().high_energy = k == 0 || k == 5;
    }
}

/// R11: 10 signed in 2021, awaiting construction (3 upgraded in 2022, two with 增资); 5 key.
fn awaiting_construction(pl: &mut Planner, keys: &mut Keys) {
    for k in 0..10 {
        let lead = pl.day(y0(), d(2021, 8, 31));
        let signed = pl.day(plus(lead, 20), d(2021, 12, 20));
        let mut steps = vec![step(Lead, lead), step(Signed, signed)];
        let key = keys.key_here(pl, k >= 5);
        if k < 3 {
            let mut up = step(Signed, pl.day(d(2022, 1, 10), d(2022, 6, 20))).note(UPGRADE);
            if k < 2 {
                up.added = amount_in(&mut pl.rng, 1);
                up.note = Some(ADD);
            }
            steps.push(up);
        }
        let amount = key.unwrap_or_else(|| pl.plain());
        let region = pl.rest_region();
        let contacts = pl.days(1, p0(), p1());
        pl.add(
            Group::Rest,
            None,
            region,
            amount,
            key.is_some(),
            steps,
            contacts,
        );
    }
}

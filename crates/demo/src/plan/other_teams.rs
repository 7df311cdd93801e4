//! The other teams' projects from 京津冀 (groups G–J): signed, started and contacted in H1 2022,
//! and settled in 2021.

use zhaoshang_core::ConstructionKind;
use zhaoshang_core::Stage::{Lead, Negotiating, OnHold, Operating, Signed, Started};

use crate::calendar::{d, minus, p0, p1, plus, y0};
use crate::catalogue::origins::Region;
use crate::plan::model::{step, Group, Planner, UPGRADE, WINTER};

/// Groups G–J, in this order (the seeded draws depend on it).
pub(crate) fn plan(pl: &mut Planner) {
    g_signed(pl);
    h_started(pl);
    i_contacted(pl);
    j_settled(pl);
}

/// G: 15 first signed in H1 2022; 6 key, 3 by video, one 两高.
fn g_signed(pl: &mut Planner) {
    for k in 0..15 {
        let lead = pl.day(y0(), d(2021, 11, 20));
        let talks = pl.day(plus(lead, 7), d(2021, 12, 15));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let amount = if k < 6 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, p0(), minus(signed, 1));
        pl.add(
            Group::G,
            None,
            Region::Jjj,
            amount,
            k < 6,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        let p = pl.last();
        p.relocation = k % 2 == 0;
        p.high_energy = k == 9;
        p.video_signing = matches!(k, 1 | 7 | 12);
    }
}

/// H: 18 started in H1 2022: 8 resumed after the winter stop (6 in Q1), 10 new (3 in Q1);
/// 8 key; two upgraded their agreements before starting.
fn h_started(pl: &mut Planner) {
    for k in 0..18 {
        let mut steps;
        if k < 8 {
            let lead = pl.day(y0(), d(2021, 2, 10));
            let signed = pl.day(plus(lead, 10), d(2021, 4, 30));
            let start = pl.day(plus(signed, 15), d(2021, 7, 15));
            let resume = if k < 6 {
                pl.day(d(2022, 3, 1), d(2022, 3, 31))
            } else {
                pl.day(d(2022, 4, 6), d(2022, 4, 25))
            };
            steps = vec![
                step(Lead, lead),
                step(Signed, signed),
                step(Started, start).kind(ConstructionKind::New),
                step(OnHold, pl.day(d(2021, 11, 15), d(2021, 12, 10))).note(WINTER),
                // Kind left to the rule: a 开工 after 搁置 is 复工.
                step(Started, resume).note("春季复工"),
            ];
        } else {
            let lead = pl.day(y0(), d(2021, 6, 30));
            let signed = pl.day(d(2021, 7, 10), d(2021, 11, 30));
            let start = if k < 11 {
                pl.day(d(2022, 3, 1), d(2022, 3, 31))
            } else {
                pl.day(d(2022, 4, 6), d(2022, 6, 28))
            };
            steps = vec![step(Lead, lead), step(Signed, signed)];
            if k == 11 || k == 14 {
                steps.push(step(Signed, pl.day(d(2022, 1, 10), d(2022, 3, 25))).note(UPGRADE));
            }
            steps.push(step(Started, start).kind(ConstructionKind::New));
        }
        let key = k % 2 == 0 && k < 16;
        let amount = if key { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, d(2022, 2, 15), p1());
        pl.add(Group::H, None, Region::Jjj, amount, key, steps, contacts);
        pl.last().relocation = k % 3 == 0;
    }
}

/// I: 73 in talks or leads, contacted in H1 2022; 10 key; two back in talks after a pause.
fn i_contacted(pl: &mut Planner) {
    for k in 0..73 {
        let steps = if k == 5 || k == 41 {
            let lead = pl.day(d(2021, 2, 1), d(2021, 4, 30));
            let talks = pl.day(plus(lead, 20), d(2021, 7, 31));
            let hold = pl.day(d(2021, 9, 1), d(2021, 10, 31));
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(OnHold, hold).note("企业调整投资计划，暂缓洽谈"),
                step(Negotiating, pl.day(d(2022, 2, 15), d(2022, 5, 31))).note("重启洽谈"),
            ]
        } else {
            let lead = pl.day(d(2021, 2, 1), d(2022, 5, 31));
            let mut steps = vec![step(Lead, lead)];
            if k % 3 != 0 {
                steps.push(step(Negotiating, pl.day(plus(lead, 7), p1())));
            }
            steps
        };
        let amount = if k < 10 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1 + k % 2, steps[0].on.max(p0()), p1());
        pl.add(Group::I, None, Region::Jjj, amount, k < 10, steps, contacts);
        pl.last().relocation = k % 4 == 0;
    }
}

/// J: 30 settled in 2021 (8 signed in H1 2021), untouched in H1 2022 but for 投产.
fn j_settled(pl: &mut Planner) {
    for k in 0..30 {
        let lead = pl.day(y0(), d(2021, 3, 15));
        let signed = if k % 4 == 0 {
            pl.day(d(2021, 3, 20), d(2021, 6, 25))
        } else {
            pl.day(d(2021, 7, 1), d(2021, 10, 20))
        };
        let mut steps = vec![step(Lead, lead), step(Signed, signed)];
        if k == 1 {
            steps.push(step(Signed, pl.day(plus(signed, 30), d(2021, 12, 20))).note(UPGRADE));
        }
        if k % 2 == 0 {
            let start = pl.day(plus(signed, 10), d(2021, 11, 10));
            steps.push(step(Started, start).kind(ConstructionKind::New));
            if k % 6 == 0 {
                steps.push(step(Operating, pl.day(plus(start, 60), d(2022, 6, 20))));
            }
        }
        let amount = pl.plain();
        pl.add(Group::J, None, Region::Jjj, amount, false, steps, vec![]);
        pl.last().relocation = k % 5 == 0;
    }
}

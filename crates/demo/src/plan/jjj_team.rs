//! The 京津冀招商组's projects from 京津冀 (groups A–F): its signings, starts, talks and reserve
//! leads of H1 2022, and what it settled or dropped in 2021.

use rand::Rng;
use zhaoshang_core::Stage::{Dropped, Lead, Negotiating, OnHold, Operating, Signed, Started};
use zhaoshang_core::{ConstructionKind, WAN};

use crate::calendar::{d, minus, p0, p1, plus, y0};
use crate::catalogue::industries::amount_in;
use crate::catalogue::origins::Region;
use crate::catalogue::T_JJJ;
use crate::plan::model::{step, Group, Planner, UPGRADE};

/// Groups A–F, in this order (the seeded draws depend on it).
pub(crate) fn plan(pl: &mut Planner) {
    let mut t1_key = key_amounts();
    a_signed(pl, &mut t1_key);
    b_started(pl);
    c_in_talks(pl, &mut t1_key);
    d_leads(pl);
    e_settled(pl);
    f_dropped(pl);
}

/// The 京津冀招商组's 23 key projects from 京津冀: 5 of 1–10亿 and 18 of 5000万–1亿, 17.15亿 (A's
/// 8 first, then C's 15).
fn key_amounts() -> impl Iterator<Item = i64> {
    let t1_key_wan: [i64; 23] = [
        15_000, 12_000, 18_000, 10_500, 20_000, 5_200, 5_500, 6_000, 5_800, 5_000, 6_000, 5_300,
        5_100, 5_600, 5_400, 5_000, 5_000, 5_200, 5_500, 5_000, 5_300, 5_100, 5_000,
    ];
    debug_assert_eq!(t1_key_wan.iter().sum::<i64>(), 171_500);
    t1_key_wan.into_iter().map(|w| w * WAN)
}

/// A: 12 first signed in H1 2022: 8 key, 8 relocations, 6 by video.
fn a_signed(pl: &mut Planner, t1_key: &mut impl Iterator<Item = i64>) {
    for k in 0..12 {
        let lead = pl.day(y0(), d(2021, 9, 30));
        let talks = pl.day(plus(lead, 20), d(2021, 12, 20));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let amount = if k < 8 {
            t1_key.next().expect("23")
        } else {
            pl.plain()
        };
        let mut contacts = pl.days(1, p0(), minus(signed, 1));
        contacts.extend(pl.days(1, p0(), p1()));
        contacts.sort();
        pl.add(
            Group::A,
            Some(T_JJJ),
            Region::Jjj,
            amount,
            k < 8,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        let p = pl.last();
        p.relocation = k % 3 != 2 && k < 11;
        p.video_signing = k % 2 == 0;
    }
}

/// B: 4 signed in 2021, started (new) in Q2 2022; one upgraded its agreement first.
fn b_started(pl: &mut Planner) {
    for k in 0..4 {
        let lead = pl.day(y0(), d(2021, 3, 31));
        let signed = pl.day(d(2021, 7, 1), d(2021, 11, 20));
        let start = pl.day(d(2022, 4, 6), d(2022, 6, 28));
        let mut steps = vec![step(Lead, lead), step(Signed, signed)];
        if k == 0 {
            steps.push(step(Signed, pl.day(d(2022, 1, 10), d(2022, 3, 31))).note(UPGRADE));
        }
        steps.push(step(Started, start).kind(ConstructionKind::New));
        let contacts = pl.days(1, p0(), p1());
        let amount = pl.plain();
        pl.add(
            Group::B,
            Some(T_JJJ),
            Region::Jjj,
            amount,
            false,
            steps,
            contacts,
        );
        pl.last().relocation = true;
    }
}

/// C: 21 in talks at the end of June, all relocations; 15 key.
fn c_in_talks(pl: &mut Planner, t1_key: &mut impl Iterator<Item = i64>) {
    for k in 0..21 {
        let lead = pl.day(d(2021, 3, 1), d(2022, 2, 28));
        let talks = pl.day(plus(lead, 7), p1().min(plus(lead, 200)));
        let amount = if k < 15 {
            t1_key.next().expect("23")
        } else {
            pl.plain()
        };
        let contacts = pl.days(2, lead.max(p0()), p1());
        pl.add(
            Group::C,
            Some(T_JJJ),
            Region::Jjj,
            amount,
            k < 15,
            vec![step(Lead, lead), step(Negotiating, talks)],
            contacts,
        );
        pl.last().relocation = true;
    }
}

/// D: 81 reserve leads at the end of June, 80 of them relocation leads; D2's newer ones came
/// from the phone outreach.
fn d_leads(pl: &mut Planner) {
    for k in 0..81 {
        let (group, region) = match k {
            0..13 => (Group::D1, Region::Jjj),
            13..66 => (Group::D2, Region::Jjj),
            _ => (Group::D3, [Region::Yrd, Region::Domestic][k % 2]),
        };
        let lead = pl.day(d(2021, 6, 1), d(2022, 6, 28));
        let contacts = match group {
            Group::D1 => pl.days(1, lead.max(p0()), p1()),
            Group::D3 if k % 2 == 0 => pl.days(1, lead.max(p0()), p1()),
            _ => vec![],
        };
        let tier = u8::from(pl.rng.random_bool(0.3));
        let amount = amount_in(&mut pl.rng, tier);
        pl.add(
            group,
            Some(T_JJJ),
            region,
            amount,
            false,
            vec![step(Lead, lead)],
            contacts,
        );
        let p = pl.last();
        p.relocation = k != 80;
        p.from_call = group == Group::D2 && lead >= d(2022, 1, 20);
    }
}

/// E: 16 signed and started in 2021 (4 of them in H1 2021; 6 producing since, 2 stopped for
/// the winter and not resumed); no contact in H1 2022.
fn e_settled(pl: &mut Planner) {
    for k in 0..16 {
        let lead = pl.day(y0(), d(2021, 2, 26));
        let (signed, start) = if k < 4 {
            let signed = pl.day(d(2021, 3, 1), d(2021, 5, 20));
            (signed, pl.day(plus(signed, 20), d(2021, 6, 29)))
        } else {
            let signed = pl.day(d(2021, 7, 1), d(2021, 9, 30));
            (signed, pl.day(plus(signed, 20), d(2021, 11, 10)))
        };
        let mut steps = vec![
            step(Lead, lead),
            step(Signed, signed),
            step(Started, start).kind(ConstructionKind::New),
        ];
        if k % 3 == 0 {
            steps.push(step(Operating, pl.day(plus(start, 60), d(2022, 6, 20))));
        } else if k == 1 || k == 4 {
            steps.push(
                step(OnHold, pl.day(d(2021, 11, 20), d(2021, 12, 10)))
                    .note("冬季停工，企业资金未到位暂缓复工"),
            );
        }
        let amount = pl.plain();
        pl.add(
            Group::E,
            Some(T_JJJ),
            Region::Jjj,
            amount,
            false,
            steps,
            vec![],
        );
        let p = pl.last();
        p.relocation = k % 2 == 0;
        p.high_energy = k == 5;
    }
}

/// F: 5 dropped in 2021 (one was a key project, one a 两高 project).
fn f_dropped(pl: &mut Planner) {
    for k in 0..5 {
        let lead = pl.day(y0(), d(2021, 5, 1));
        let talks = pl.day(plus(lead, 10), d(2021, 8, 1));
        let dropped = pl.day(plus(talks, 10), d(2021, 12, 1));
        let note = if k == 1 {
            "属“两高”项目，经能耗评估不予引进"
        } else {
            "企业投资计划调整，项目终止"
        };
        let amount = if k == 0 {
            amount_in(&mut pl.rng, 2)
        } else {
            pl.plain()
        };
        pl.add(
            Group::F,
            Some(T_JJJ),
            Region::Jjj,
            amount,
            k == 0,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Dropped, dropped).note(note),
            ],
            vec![],
        );
        let p = pl.last();
        p.relocation = true;
        p.high_energy = k == 1;
    }
}

//! 飞地 projects (groups K–N): the 飞地经济招商组's, investors from outside 京津冀.

use zhaoshang_core::ConstructionKind;
use zhaoshang_core::Stage::{Dropped, Lead, Negotiating, OnHold, Operating, Signed, Started};

use crate::calendar::{d, minus, p0, p1, plus, y0};
use crate::catalogue::origins::Region;
use crate::catalogue::T_ENCLAVE;
use crate::plan::model::{step, Group, Planner};

/// Groups K–N, in this order (the seeded draws depend on it).
pub(crate) fn plan(pl: &mut Planner) {
    k_signed(pl);
    l_started(pl);
    m_in_talks(pl);
    n_others(pl);
}

/// 飞地 investors come from these regions in turn.
fn enclave_region(k: usize) -> Region {
    [
        Region::Yrd,
        Region::Prd,
        Region::Northeast,
        Region::Domestic,
    ][k % 4]
}

/// K: 19 first signed in H1 2022; 5 key, 2 by video.
fn k_signed(pl: &mut Planner) {
    for k in 0..19 {
        let lead = pl.day(d(2021, 3, 1), d(2021, 11, 30));
        let talks = pl.day(plus(lead, 7), d(2021, 12, 20));
        let signed = pl.day(d(2022, 1, 10), d(2022, 6, 28));
        let amount = if k < 5 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, p0(), minus(signed, 1));
        pl.add(
            Group::K,
            Some(T_ENCLAVE),
            enclave_region(k),
            amount,
            k < 5,
            vec![
                step(Lead, lead),
                step(Negotiating, talks),
                step(Signed, signed),
            ],
            contacts,
        );
        pl.last().video_signing = k == 2 || k == 11;
    }
}

/// L: 18 signed in 2021, started (new) in H1 2022 (3 in Q1); 6 key.
fn l_started(pl: &mut Planner) {
    for k in 0..18 {
        let lead = pl.day(y0(), d(2021, 3, 31));
        let signed = pl.day(d(2021, 4, 6), d(2021, 11, 30));
        let start = if k < 3 {
            pl.day(d(2022, 3, 1), d(2022, 3, 31))
        } else {
            pl.day(d(2022, 4, 6), d(2022, 6, 28))
        };
        let amount = if k < 6 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, d(2022, 2, 7), p1());
        pl.add(
            Group::L,
            Some(T_ENCLAVE),
            enclave_region(k + 1),
            amount,
            k < 6,
            vec![
                step(Lead, lead),
                step(Signed, signed),
                step(Started, start).kind(ConstructionKind::New),
            ],
            contacts,
        );
    }
}

/// M: 38 in talks at the end of June; 5 key.
fn m_in_talks(pl: &mut Planner) {
    for k in 0..38 {
        let lead = pl.day(d(2021, 5, 6), d(2022, 4, 29));
        let talks = pl.day(plus(lead, 7), p1());
        let amount = if k < 5 { pl.key_amount() } else { pl.plain() };
        let contacts = pl.days(1, lead.max(p0()), p1());
        pl.add(
            Group::M,
            Some(T_ENCLAVE),
            enclave_region(k + 2),
            amount,
            k < 5,
            vec![step(Lead, lead), step(Negotiating, talks)],
            contacts,
        );
    }
}

/// N: 8 more 飞地 projects: 3 producing since Q2 2022, 2 leads, 1 dropped, 2 on hold.
fn n_others(pl: &mut Planner) {
    for k in 0..8 {
        let (steps, contacts) = match k {
            0..3 => {
                let lead = pl.day(y0(), d(2021, 1, 29));
                let signed = pl.day(d(2021, 3, 1), d(2021, 5, 14));
                let start = pl.day(plus(signed, 20), d(2021, 8, 13));
                let op = pl.day(d(2022, 4, 6), d(2022, 6, 20));
                (
                    vec![
                        step(Lead, lead),
                        step(Signed, signed),
                        step(Started, start).kind(ConstructionKind::New),
                        step(Operating, op),
                    ],
                    pl.days(1, p0(), p1()),
                )
            }
            3 | 4 => {
                let lead = pl.day(d(2022, 2, 7), d(2022, 6, 20));
                let contacts = if k == 3 {
                    pl.days(1, lead, p1())
                } else {
                    vec![]
                };
                (vec![step(Lead, lead)], contacts)
            }
            5 => {
                let lead = pl.day(d(2021, 4, 6), d(2021, 6, 30));
                let talks = pl.day(plus(lead, 20), d(2021, 9, 17));
                let dropped = pl.day(plus(talks, 20), d(2021, 12, 10));
                (
                    vec![
                        step(Lead, lead),
                        step(Negotiating, talks),
                        step(Dropped, dropped).note("合作园区用地条件变化，项目终止"),
                    ],
                    vec![],
                )
            }
            _ => {
                let lead = pl.day(d(2021, 3, 1), d(2021, 5, 31));
                let talks = pl.day(plus(lead, 10), d(2021, 7, 30));
                let signed = pl.day(d(2021, 8, 2), d(2021, 10, 29));
                let hold = pl.day(d(2022, 4, 6), d(2022, 6, 20));
                (
                    vec![
                        step(Lead, lead),
                        step(Negotiating, talks),
                        step(Signed, signed),
                        step(OnHold, hold).note("企业融资未到位，项目暂缓"),
                    ],
                    pl.days(1, p0(), minus(hold, 1)),
                )
            }
        };
        let amount = pl.plain();
        pl.add(
            Group::N,
            Some(T_ENCLAVE),
            enclave_region(k + 3),
            amount,
            false,
            steps,
            contacts,
        );
    }
}

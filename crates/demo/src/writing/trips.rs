//! 外出招商: H1 2022 toward 京津冀 36 by the 京津冀招商组 and 132 by the other teams, each
//! visiting projects already in talks then; 74 trips elsewhere; and 2021's trips (126 toward
//! 京津冀 in H1, 150 in H2, 110 elsewhere) for 同比.

use chrono::NaiveDate;
use rand::Rng;
use zhaoshang_core::Stage::Dropped;
use zhaoshang_core::{ActivityInput, ActivityKind, Result};

use crate::calendar::{d, p0, p1, pick, plus, workday, y0};
use crate::catalogue::origins::{Origin, Region, JJJ};
use crate::catalogue::T_JJJ;
use crate::plan::model::{Group, Plan};
use crate::writing::context::{Created, Demo};

/// A batch of trips: how many, when, which projects' investors they may call on, and whether
/// they go to 京津冀.
struct Trips {
    count: usize,
    from: NaiveDate,
    to: NaiveDate,
    pool: fn(&Plan) -> bool,
    toward_jjj: bool,
}

/// The batches, in the order they are drawn.
fn batches() -> [Trips; 8] {
    let trips = |count, (from, to), pool, toward_jjj| Trips {
        count,
        from,
        to,
        pool,
        toward_jjj,
    };
    let h1_2022 = (p0(), p1());
    let h1_2021 = (y0(), d(2021, 6, 30));
    let h2_2021 = (d(2021, 7, 1), d(2021, 12, 31));
    [
        trips(
            36,
            h1_2022,
            |p: &Plan| matches!(p.group, Group::A | Group::B | Group::C | Group::D1),
            true,
        ),
        trips(
            132,
            h1_2022,
            |p: &Plan| matches!(p.group, Group::G | Group::H | Group::I),
            true,
        ),
        trips(
            74,
            h1_2022,
            |p: &Plan| !matches!(p.region, Region::Jjj | Region::Local) && !p.contacts.is_empty(),
            false,
        ),
        trips(
            30,
            h1_2021,
            |p: &Plan| p.team == T_JJJ && p.region == Region::Jjj,
            true,
        ),
        trips(
            96,
            h1_2021,
            |p: &Plan| p.team != T_JJJ && p.region == Region::Jjj,
            true,
        ),
        trips(
            40,
            h2_2021,
            |p: &Plan| p.team == T_JJJ && p.region == Region::Jjj,
            true,
        ),
        trips(
            110,
            h2_2021,
            |p: &Plan| p.team != T_JJJ && p.region == Region::Jjj,
            true,
        ),
        trips(
            110,
            (y0(), d(2021, 12, 31)),
            |p: &Plan| !matches!(p.region, Region::Jjj | Region::Local),
            false,
        ),
    ]
}

/// The project is in the ledger and not dropped on `on`.
fn alive(p: &Plan, on: NaiveDate) -> bool {
    p.lead_on() <= on && !matches!(p.stage_at(on), Some(Dropped) | None)
}

pub(crate) fn write_trips(demo: &mut Demo, plans: &[Plan], created: &[Created]) -> Result<()> {
    for batch in batches() {
        let pool: Vec<usize> = (0..plans.len())
            .filter(|&i| (batch.pool)(&plans[i]))
            .collect();
        for _ in 0..batch.count {
            let on = workday(&mut demo.rng, batch.from, batch.to);
            let here: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|&i| {
                    alive(&plans[i], on)
                        && (on < p0() || plans[i].contacts.iter().any(|c| *c >= p0()))
                })
                .collect();
            let visits = visits(demo, plans, created, &here);
            write_trip(demo, plans, created, &batch, &pool, on, &visits)?;
        }
    }
    Ok(())
}

/// Most trips call on one or two projects' investors (of those `here`); a few are exploratory.
fn visits(demo: &mut Demo, plans: &[Plan], created: &[Created], here: &[usize]) -> Vec<usize> {
    let mut visits: Vec<usize> = Vec::new();
    if !here.is_empty() && demo.rng.random_bool(0.8) {
        let first = *pick(&mut demo.rng, here);
        visits.push(first);
        if demo.rng.random_bool(0.3) {
            // Another investor of the same team in the same city.
            let city = demo.companies[created[first].company].origin.city;
            let same: Vec<usize> = here
                .iter()
                .copied()
                .filter(|&j| {
                    j != first
                        && plans[j].team == plans[first].team
                        && demo.companies[created[j].company].origin.city == city
                })
                .collect();
            if !same.is_empty() {
                visits.push(*pick(&mut demo.rng, &same));
            }
        }
    }
    visits
}

/// One trip of `batch` on `on`, calling on `visits`.
fn write_trip(
    demo: &mut Demo,
    plans: &[Plan],
    created: &[Created],
    batch: &Trips,
    pool: &[usize],
    on: NaiveDate,
    visits: &[usize],
) -> Result<()> {
    let team = match visits.first() {
        Some(&i) => plans[i].team,
        None if batch.toward_jjj && pool.iter().all(|&i| plans[i].team == T_JJJ) => T_JJJ,
        None => *pick(&mut demo.rng, &[1usize, 2, 3, 5]),
    };
    let (region, origin): (Region, &Origin) = match visits.first() {
        Some(&i) => {
            let c = &demo.companies[created[i].company];
            (c.region, c.origin)
        }
        None if batch.toward_jjj => (Region::Jjj, pick(&mut demo.rng, JJJ)),
        None => {
            let region = [
                Region::Yrd,
                Region::Prd,
                Region::Northeast,
                Region::Domestic,
            ][demo.rng.random_range(0..4)];
            (region, pick(&mut demo.rng, region.origins()))
        }
    };
    debug_assert_eq!(batch.toward_jjj, region == Region::Jjj);
    let names: Vec<String> = visits
        .iter()
        .map(|&i| demo.companies[created[i].company].name.clone())
        .collect();
    let summary = if names.is_empty() {
        format!(
            "赴{}开展产业链招商，走访目标企业{}家，推介凌源投资环境",
            origin.place,
            demo.rng.random_range(3..8)
        )
    } else {
        format!(
            "赴{}拜访{}，洽谈{}",
            origin.place,
            names.join("、"),
            visits
                .iter()
                .map(|&i| created[i].name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        )
    };
    let first_officer = visits.first().map(|&i| created[i].officer.clone());
    let crew = demo.crew(team, first_officer.as_deref());
    let follow_up = (on >= d(2022, 6, 15) && !visits.is_empty())
        .then(|| plus(on, demo.rng.random_range(10..25)));
    demo.activity(ActivityInput {
        kind: ActivityKind::OutboundTrip,
        occurred_on: on,
        place: Some(origin.place.to_string()),
        destination_code: Some(origin.code.to_string()),
        summary: Some(summary),
        follow_up_on: follow_up,
        officer_ids: crew,
        company_ids: visits
            .iter()
            .map(|&i| demo.companies[created[i].company].id.clone())
            .collect(),
        project_ids: visits.iter().map(|&i| created[i].id.clone()).collect(),
        trip: Default::default(),
    })
}

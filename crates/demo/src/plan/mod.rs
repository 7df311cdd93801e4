//! The project plan: every demo project is planned before anything is written, in groups that
//! each make up one published figure of docs/DOMAIN.md §10 (see [`plan_projects`]); every other
//! project lies outside the constrained scopes or touches none of the constrained metrics in
//! H1 2022.
//!
//! | file | groups |
//! |---|---|
//! | [`model`] | the groups, stage steps, plans and the [`Planner`](model::Planner) drawing them |
//! | [`jjj_team`] | A–F: the 京津冀招商组's projects |
//! | [`other_teams`] | G–J: the other teams' projects from 京津冀 |
//! | [`enclave`] | K–N: 飞地 projects |
//! | [`rest`] | every other project (outside 京津冀, not 飞地) |

mod enclave;
mod jjj_team;
pub(crate) mod model;
mod other_teams;
mod rest;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::catalogue::industries::{fits, tier_index, INDUSTRY_DEFS};
use model::{Plan, Planner};

/// The project plan. Each published figure is exactly one group's size (or a sum of named
/// groups); every other project lies outside the constrained scopes or periods.
///
/// H1 2022, toward 京津冀 (projects whose investor is from 京津冀):
/// - contacted 156 = A 12 + B 4 + C 21 + D1 13 + G 15 + H 18 + I 73;
/// - signed 27 = A 12 + G 15; started 22 = B 4 + H 18; trips 168 = 36 + 132 (`writing::trips`).
///
/// 京津冀招商组: contacted toward 京津冀 50 = A + B + C + D1; key 23 = A 8 + C 15 worth 17.15亿
/// (F's key project is 终止, so it does not count); signed 12 = A (8 relocations, 6 by video);
/// leads at the end 81 = D; in talks 21 = C; relocation pipeline 101 = C 21 + D 80.
///
/// 飞地 (team 飞地经济招商组, investors from outside 京津冀): signed 19 = K, started 18 = L, in
/// talks 38 = M.
///
/// Key projects 108 = 23 + 85 others (3 ≥10亿, 29 1–10亿, 35 5000万–1亿, 18 smaller).
///
/// Starts in 2022 (plan Q1 45 = 12 new + 33 resumed; Q2 85 = 52 + 33): Q1 new 9 = H 3 + L 3 +
/// Rest 3, resumed 27 = H 6 + Rest 21; Q2 new 42 = B 4 + H 7 + L 15 + Rest 16, resumed 26 =
/// H 2 + Rest 24.
pub(crate) fn plan_projects(seed: u64) -> Vec<Plan> {
    let mut pl = planner(seed);
    jjj_team::plan(&mut pl);
    other_teams::plan(&mut pl);
    enclave::plan(&mut pl);
    rest::plan(&mut pl);
    assert!(pl.key_bands.is_empty(), "all 85 key bands handed out");
    join_second_phases(&mut pl.plans);
    pl.plans
}

/// A planner whose key bands are those of the 85 key projects outside the 京津冀招商组 × 京津冀
/// set (3 ≥10亿, 29 1–10亿, 35 5000万–1亿, 18 smaller), shuffled by the seed.
fn planner(seed: u64) -> Planner {
    let mut bands: Vec<u8> = Vec::new();
    bands.extend(std::iter::repeat_n(3u8, 3));
    bands.extend(std::iter::repeat_n(2u8, 34 - 5));
    bands.extend(std::iter::repeat_n(1u8, 53 - 18));
    bands.extend(std::iter::repeat_n(0u8, 18));
    let mut rng = StdRng::seed_from_u64(seed);
    bands.shuffle(&mut rng);
    Planner {
        rng,
        plans: Vec::new(),
        key_bands: bands,
    }
}

/// Second phases share their first phase's investor, 产业链 and origin.
fn join_second_phases(plans: &mut [Plan]) {
    for i in 0..plans.len() {
        if let Some(j) = plans[i].phase_two_of {
            debug_assert!(plans[j].lead_on() < plans[i].lead_on());
            let (industry, region) = (plans[j].industry, plans[j].region);
            let p = &mut plans[i];
            if INDUSTRY_DEFS[industry]
                .products
                .iter()
                .any(|x| fits(x, tier_index(p.amount)))
            {
                p.industry = industry;
                p.team = INDUSTRY_DEFS[industry].team;
                p.region = region;
            } else {
                p.phase_two_of = None;
            }
        }
    }
}

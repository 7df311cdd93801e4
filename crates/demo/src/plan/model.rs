//! The plan's pieces: the groups a project belongs to (one per published figure), its stage
//! steps, and the [`Planner`] that draws dates and amounts and fills in the rest of a plan.

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::Rng;
use zhaoshang_core::{ConstructionKind, Stage};

use crate::calendar::{p0, p1, workday};
use crate::catalogue::industries::{
    amount_in, pick_industry, plain_amount, tier_index, INDUSTRY_DEFS,
};
use crate::catalogue::origins::Region;
use crate::catalogue::T_ENCLAVE;

/// Which published figure a project helps make up (see `plan_projects`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Group {
    /// 京津冀招商组, from 京津冀: signed in H1 2022.
    A,
    /// … signed in 2021, started in H1 2022.
    B,
    /// … in talks at the end of June.
    C,
    /// 京津冀招商组's reserve leads: contacted in H1 2022 (D1), not contacted (D2), from
    /// elsewhere (D3).
    D1,
    D2,
    D3,
    /// … settled in 2021 (started, producing, stopped).
    E,
    /// … dropped in 2021.
    F,
    /// Other teams, from 京津冀: signed in H1 2022.
    G,
    /// … started in H1 2022 (new or resumed after the winter).
    H,
    /// … in talks or leads, contacted in H1 2022.
    I,
    /// … settled in 2021, not contacted in H1 2022.
    J,
    /// 飞地 projects: signed in H1 2022 (K), started (L), in talks (M), others (N).
    K,
    L,
    M,
    N,
    /// Every other project: from outside 京津冀, not 飞地.
    Rest,
}

#[derive(Clone)]
pub(crate) struct Step {
    pub(crate) stage: Stage,
    pub(crate) on: NaiveDate,
    pub(crate) kind: Option<ConstructionKind>,
    pub(crate) added: i64,
    pub(crate) note: Option<&'static str>,
}

pub(crate) fn step(stage: Stage, on: NaiveDate) -> Step {
    Step {
        stage,
        on,
        kind: None,
        added: 0,
        note: None,
    }
}

impl Step {
    pub(crate) fn note(mut self, note: &'static str) -> Step {
        self.note = Some(note);
        self
    }
    pub(crate) fn kind(mut self, kind: ConstructionKind) -> Step {
        self.kind = Some(kind);
        self
    }
}

pub(crate) struct Plan {
    pub(crate) group: Group,
    pub(crate) team: usize,
    pub(crate) region: Region,
    pub(crate) industry: usize,
    pub(crate) amount: i64,
    pub(crate) key: bool,
    pub(crate) enclave: bool,
    pub(crate) relocation: bool,
    pub(crate) high_energy: bool,
    pub(crate) steps: Vec<Step>,
    /// Days in H1 2022 with a contact (visit, call, video talk, event) about this project. A
    /// project with none has no activity at all in H1 2022.
    pub(crate) contacts: Vec<NaiveDate>,
    /// Its first signing (in H1 2022) was a 云签约 over video.
    pub(crate) video_signing: bool,
    /// A second phase: the plan whose company brings this project too.
    pub(crate) phase_two_of: Option<usize>,
    /// A lead found by the 京津冀招商组's phone outreach: its company is one of those called.
    pub(crate) from_call: bool,
}

impl Plan {
    pub(crate) fn lead_on(&self) -> NaiveDate {
        self.steps[0].on
    }
    pub(crate) fn first(&self, stage: Stage) -> Option<NaiveDate> {
        self.steps.iter().find(|s| s.stage == stage).map(|s| s.on)
    }
    pub(crate) fn stage_at(&self, on: NaiveDate) -> Option<Stage> {
        self.steps
            .iter()
            .take_while(|s| s.on <= on)
            .last()
            .map(|s| s.stage)
    }
}

pub(crate) struct Planner {
    pub(crate) rng: StdRng,
    pub(crate) plans: Vec<Plan>,
    /// Bands of the 85 key projects outside the 京津冀招商组 × 京津冀 set, shuffled.
    pub(crate) key_bands: Vec<u8>,
}

impl Planner {
    pub(crate) fn day(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        workday(&mut self.rng, from, to)
    }

    pub(crate) fn days(&mut self, n: usize, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut v: Vec<NaiveDate> = (0..n).map(|_| self.day(from, to)).collect();
        v.sort();
        v
    }

    pub(crate) fn key_amount(&mut self) -> i64 {
        let band = self.key_bands.pop().expect("85 key bands");
        amount_in(&mut self.rng, band)
    }

    pub(crate) fn plain(&mut self) -> i64 {
        plain_amount(&mut self.rng)
    }

    pub(crate) fn rest_region(&mut self) -> Region {
        let r = self.rng.random_range(0..100);
        match r {
            0..25 => Region::Yrd,
            25..37 => Region::Prd,
            37..65 => Region::Northeast,
            65..90 => Region::Local,
            _ => Region::Domestic,
        }
    }

    /// Adds a plan; `team` None means the team of its 产业链.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add(
        &mut self,
        group: Group,
        team: Option<usize>,
        region: Region,
        amount: i64,
        key: bool,
        steps: Vec<Step>,
        contacts: Vec<NaiveDate>,
    ) -> usize {
        let industry = pick_industry(&mut self.rng, tier_index(amount));
        let team = team.unwrap_or(INDUSTRY_DEFS[industry].team);
        for w in steps.windows(2) {
            debug_assert!(w[0].on < w[1].on, "{group:?}: steps out of order");
        }
        debug_assert!(steps.last().map(|s| s.on <= p1()).unwrap_or(false));
        debug_assert!(contacts
            .iter()
            .all(|c| *c >= p0() && *c <= p1() && *c >= steps[0].on));
        self.plans.push(Plan {
            group,
            team,
            region,
            industry,
            amount,
            key,
            enclave: team == T_ENCLAVE && group != Group::Rest,
            relocation: false,
            high_energy: false,
            steps,
            contacts,
            video_signing: false,
            phase_two_of: None,
            from_call: false,
        });
        self.plans.len() - 1
    }

    pub(crate) fn last(&mut self) -> &mut Plan {
        self.plans.last_mut().expect("a plan")
    }
}

pub(crate) const WINTER: &str = "冬季停工";
pub(crate) const UPGRADE: &str = "框架协议升格为正式投资合同";
pub(crate) const ADD: &str = "签订增资扩产补充协议";

//! The 京津冀招商组's phone outreach in H1 2022: 2,046 companies called in 96 rounds (one
//! activity per round); the relocation leads registered since came from these calls.

use chrono::NaiveDate;
use zhaoshang_core::{ActivityInput, ActivityKind, Result};

use crate::calendar::{d, p0, plus, workday};
use crate::catalogue::industries::{pick_industry, INDUSTRY_DEFS};
use crate::catalogue::origins::Region;
use crate::catalogue::T_JJJ;
use crate::plan::model::Plan;
use crate::writing::context::Demo;

/// Companies called.
const CALLED: usize = 2046;

/// The call rounds: their days, the companies each called, and which called companies a lead
/// has already been found among.
pub(crate) struct Outreach {
    days: Vec<NaiveDate>,
    /// Companies (indices into `Demo::companies`) per round.
    rounds: Vec<Vec<usize>>,
    /// The round a company was called in (None: not called).
    round_of: Vec<Option<usize>>,
    used: Vec<bool>,
}

impl Outreach {
    /// Draws the 96 call days and writes the companies called.
    pub(crate) fn call_companies(demo: &mut Demo) -> Result<Outreach> {
        let days: Vec<NaiveDate> = {
            let mut v: Vec<NaiveDate> = (0..96)
                .map(|_| workday(&mut demo.rng, p0(), d(2022, 6, 24)))
                .collect();
            v.sort();
            v
        };
        let mut rounds: Vec<Vec<usize>> = vec![Vec::new(); days.len()];
        let mut round_of: Vec<Option<usize>> = Vec::new();
        for n in 0..CALLED {
            let region = match n % 20 {
                0..17 => Region::Jjj,
                17 => Region::Yrd,
                18 => Region::Northeast,
                _ => Region::Domestic,
            };
            let industry = pick_industry(&mut demo.rng, 0);
            let c = demo.company(region, industry)?;
            let round = n * days.len() / CALLED;
            rounds[round].push(c);
            round_of.resize(c + 1, None);
            round_of[c] = Some(round);
        }
        let used = vec![false; demo.companies.len()];
        Ok(Outreach {
            days,
            rounds,
            round_of,
            used,
        })
    }

    /// The company of a lead found by the calls: one called before the lead was registered,
    /// of the same 产业链 (a new company if there is none left).
    pub(crate) fn company_for(&mut self, demo: &mut Demo, plan: &Plan) -> Result<usize> {
        let found = (0..self.used.len())
            .filter(|&c| {
                !self.used[c]
                    && demo.companies[c].region == Region::Jjj
                    && self.round_of[c].is_some_and(|r| self.days[r] < plan.lead_on())
            })
            .find(|&c| demo.companies[c].industry == plan.industry);
        match found {
            Some(c) => {
                self.used[c] = true;
                Ok(c)
            }
            None => demo.company(plan.region, plan.industry),
        }
    }

    /// The call rounds themselves, one activity each.
    pub(crate) fn write_rounds(&self, demo: &mut Demo) -> Result<()> {
        for (r, companies) in self.rounds.iter().enumerate() {
            let on = self.days[r];
            let industry = INDUSTRY_DEFS[demo.companies[companies[0]].industry].name;
            let ids = companies
                .iter()
                .map(|&c| demo.companies[c].id.clone())
                .collect();
            let crew = demo.crew(T_JJJ, None);
            demo.activity(ActivityInput {
                kind: ActivityKind::Call,
                occurred_on: on,
                place: None,
                destination_code: None,
                summary: Some(format!(
                    "电话摸排京津冀{industry}等企业{}家，了解产业转移和投资意向",
                    companies.len()
                )),
                follow_up_on: (on >= d(2022, 6, 10)).then(|| plus(on, 14)),
                officer_ids: crew,
                company_ids: ids,
                project_ids: vec![],
                trip: Default::default(),
            })?;
        }
        Ok(())
    }
}

//! A synthetic ledger file at scale (`zhaoshang bench`, the core's `*_bench` examples): N
//! projects and M activities dated 2021–2025, written through the same table modules as the app.

use std::path::Path;

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use zhaoshang_core::reference::{officers, teams};
use zhaoshang_core::{activities, companies, projects};
use zhaoshang_core::{
    ActivityInput, ActivityKind, CompanyInput, Ledger, NewProject, OfficerInput, ProjectInput,
    Result, Stage, StageChangeInput, WAN,
};

use crate::synthetic::names::{team_name, WORDS};

/// Origins spread over the region groups (city or county codes present in the division list).
const ORIGINS: &[&str] = &[
    "110108", "120116", "130203", "130283", "130602", "131002", "310115", "320505", "330106",
    "340104", "440305", "440604", "441900", "210203", "220104", "230103", "211382", "211302",
    "370202", "410105", "420106", "500103", "510107", "610113",
];
const DESTINATIONS: &[&str] = &[
    "110105", "120104", "130102", "130203", "310104", "320102", "440106", "440304", "210102",
];

/// The day a synthetic ledger is generated on ("today" while writing and while timing).
pub fn bench_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")
}

/// What the parts of one generation share: the seeded draws, "today", the first day of data
/// and the ids written so far.
struct Gen<'a> {
    tx: &'a Connection,
    rng: StdRng,
    today: NaiveDate,
    start: NaiveDate,
    span_days: u64,
    industry_ids: Vec<String>,
    officer_ids: Vec<String>,
    /// The team of each officer.
    team_of: Vec<String>,
    company_ids: Vec<String>,
    project_ids: Vec<String>,
}

/// Builds a synthetic ledger with `n_projects` projects and `n_activities` activities, dated
/// 2021–2025. Returns the ledger (today fixed to 2026-01-01).
pub fn generate(path: &Path, n_projects: u32, n_activities: u32, seed: u64) -> Result<Ledger> {
    let mut ledger = Ledger::open(path)?;
    ledger.set_today(Some(bench_today()));
    let rng = StdRng::seed_from_u64(seed);
    let industry_ids: Vec<String> = ledger.industries()?.into_iter().map(|i| i.id).collect();
    ledger.write(|tx, today| {
        let start = NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
        let mut g = Gen {
            tx,
            rng,
            today,
            start,
            span_days: (today - start).num_days() as u64 - 1,
            industry_ids,
            officer_ids: Vec::new(),
            team_of: Vec::new(),
            company_ids: Vec::new(),
            project_ids: Vec::new(),
        };
        g.teams()?;
        g.companies((n_projects * 6 / 10).max(1))?;
        for i in 0..n_projects {
            g.project(i)?;
        }
        for i in 0..n_activities {
            g.activity(i)?;
        }
        Ok(())
    })?;
    Ok(ledger)
}

impl Gen<'_> {
    /// 6 teams of 7 officers.
    fn teams(&mut self) -> Result<()> {
        for t in 0..6 {
            let team = teams::create(self.tx, &team_name(t))?;
            for o in 0..7 {
                let officer = officers::create(
                    self.tx,
                    &OfficerInput {
                        name: format!("专员{}{}", t + 1, o + 1),
                        team_id: Some(team.id.clone()),
                        ..Default::default()
                    },
                )?;
                self.officer_ids.push(officer.id);
                self.team_of.push(team.id.clone());
            }
        }
        Ok(())
    }

    fn companies(&mut self, n: u32) -> Result<()> {
        self.company_ids.reserve(n as usize);
        for i in 0..n {
            let rng = &mut self.rng;
            let c = companies::create(
                self.tx,
                &CompanyInput {
                    name: format!(
                        "{}{}科技有限公司{i}",
                        WORDS[i as usize % WORDS.len()],
                        WORDS[(i as usize / 7) % WORDS.len()]
                    ),
                    origin_code: Some(ORIGINS[rng.random_range(0..ORIGINS.len())].to_string()),
                    industry_id: Some(
                        self.industry_ids[rng.random_range(0..self.industry_ids.len())].clone(),
                    ),
                    ..Default::default()
                },
            )?;
            self.company_ids.push(c.id);
        }
        Ok(())
    }

    /// Project `i`, then its way along the pipeline.
    fn project(&mut self, i: u32) -> Result<()> {
        let rng = &mut self.rng;
        let o = rng.random_range(0..self.officer_ids.len());
        let created = self.start + Days::new(rng.random_range(0..self.span_days));
        let first_stage = if rng.random_bool(0.7) {
            Stage::Lead
        } else {
            Stage::Negotiating
        };
        let p = projects::create(
            self.tx,
            &NewProject {
                project: ProjectInput {
                    name: format!(
                        "{}{}{}项目{i}",
                        WORDS[rng.random_range(0..WORDS.len())],
                        WORDS[rng.random_range(0..WORDS.len())],
                        WORDS[rng.random_range(0..WORDS.len())]
                    ),
                    company_id: Some(
                        self.company_ids[rng.random_range(0..self.company_ids.len())].clone(),
                    ),
                    total_investment: (rng.random_range(5..2000u32) as i64) * 100 * WAN
                        / (1 + rng.random_range(0..3)),
                    industry_id: Some(
                        self.industry_ids[rng.random_range(0..self.industry_ids.len())].clone(),
                    ),
                    key_project: rng.random_bool(0.1),
                    enclave: rng.random_bool(0.05),
                    relocation: rng.random_bool(0.15),
                    team_id: Some(self.team_of[o].clone()),
                    officer_id: Some(self.officer_ids[o].clone()),
                    ..Default::default()
                },
                first_stage,
                first_stage_on: created,
                first_stage_date_unknown: false,
            },
            self.today,
        )?;
        self.walk(&p.id, first_stage, created)?;
        self.project_ids.push(p.id);
        Ok(())
    }

    /// Walks a project's pipeline forward with decreasing odds (sometimes dropping it).
    fn walk(&mut self, id: &str, first_stage: Stage, created: NaiveDate) -> Result<()> {
        let (rng, today) = (&mut self.rng, self.today);
        let mut on = created;
        let mut stage = first_stage;
        for next in [
            Stage::Negotiating,
            Stage::Signed,
            Stage::Started,
            Stage::Operating,
        ] {
            if next == stage {
                continue;
            }
            if !rng.random_bool(0.55) {
                if rng.random_bool(0.1) {
                    let later = on + Days::new(rng.random_range(10..200));
                    if later < today {
                        let to = change(Stage::Dropped, later);
                        projects::record_stage_change(self.tx, id, &to, today)?;
                    }
                }
                break;
            }
            let later = on + Days::new(rng.random_range(10..240));
            if later >= today {
                break;
            }
            projects::record_stage_change(self.tx, id, &change(next, later), today)?;
            on = later;
            stage = next;
        }
        Ok(())
    }

    /// Activity `i`: one or two officers, a company, mostly a project.
    fn activity(&mut self, i: u32) -> Result<()> {
        let rng = &mut self.rng;
        let kinds = ActivityKind::ALL;
        let o = rng.random_range(0..self.officer_ids.len());
        let kind = kinds[(i as usize * 7 + rng.random_range(0..3)) % kinds.len()];
        let mut officers = vec![self.officer_ids[o].clone()];
        if rng.random_bool(0.3) {
            let other = self.officer_ids[rng.random_range(0..self.officer_ids.len())].clone();
            if other != officers[0] {
                officers.push(other);
            }
        }
        let project = rng
            .random_bool(0.85)
            .then(|| self.project_ids[rng.random_range(0..self.project_ids.len())].clone());
        activities::create(
            self.tx,
            &ActivityInput {
                kind,
                occurred_on: self.start + Days::new(rng.random_range(0..self.span_days)),
                place: None,
                destination_code: (kind == ActivityKind::OutboundTrip)
                    .then(|| DESTINATIONS[rng.random_range(0..DESTINATIONS.len())].to_string()),
                summary: Some("洽谈投资意向，介绍园区政策".into()),
                follow_up_on: None,
                officer_ids: officers,
                company_ids: vec![
                    self.company_ids[rng.random_range(0..self.company_ids.len())].clone(),
                ],
                project_ids: project.into_iter().collect(),
                trip: Default::default(),
            },
            self.today,
        )?;
        Ok(())
    }
}

fn change(to: Stage, on: NaiveDate) -> StageChangeInput {
    StageChangeInput {
        to_stage: to,
        changed_on: on,
        construction_kind: None,
        added_investment: 0,
        officer_id: None,
        note: None,
        date_unknown: false,
    }
}

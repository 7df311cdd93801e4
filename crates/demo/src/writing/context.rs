//! What writing the demo carries along: the open transaction, the seeded draws, the ids of
//! teams, officers and industries, and the companies and projects written so far (with the
//! names taken, so none repeats).

use std::collections::HashSet;

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use zhaoshang_core::{activities, companies, ActivityInput, CompanyInput, Result};

use crate::calendar::pick;
use crate::catalogue::industries::{fits, tier_index, Product, HIGH_ENERGY, INDUSTRY_DEFS};
use crate::catalogue::origins::{Origin, Region};
use crate::catalogue::{credit_code, BRANDS, SURNAMES};
use crate::plan::model::Plan;

/// A company written to the ledger.
pub(crate) struct CompanyRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) region: Region,
    pub(crate) origin: &'static Origin,
    pub(crate) industry: usize,
}

pub(crate) struct Demo<'a> {
    pub(crate) conn: &'a Connection,
    pub(crate) today: NaiveDate,
    pub(crate) rng: StdRng,
    pub(crate) industry_ids: Vec<String>,
    pub(crate) teams: Vec<String>,
    /// Officer ids per team (the first is the team's leader).
    pub(crate) officers: Vec<Vec<String>>,
    pub(crate) company_names: HashSet<String>,
    pub(crate) project_names: HashSet<String>,
    pub(crate) companies: Vec<CompanyRow>,
}

/// A project written to the ledger: its id and name, its company (index into
/// [`Demo::companies`]) and its officer.
pub(crate) struct Created {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) company: usize,
    pub(crate) officer: String,
}

impl<'a> Demo<'a> {
    /// Starts writing into `conn`, from the demo's fixed seed.
    pub(crate) fn new(conn: &'a Connection, today: NaiveDate, industry_ids: Vec<String>) -> Self {
        Demo {
            conn,
            today,
            rng: StdRng::seed_from_u64(20_210_104),
            industry_ids,
            teams: Vec::new(),
            officers: Vec::new(),
            company_names: HashSet::new(),
            project_names: HashSet::new(),
            companies: Vec::new(),
        }
    }
}

impl Demo<'_> {
    pub(crate) fn officer(&mut self, team: usize) -> String {
        pick(&mut self.rng, &self.officers[team]).clone()
    }

    /// The officers on an activity: `first` (or someone of the team), sometimes a colleague.
    pub(crate) fn crew(&mut self, team: usize, first: Option<&str>) -> Vec<String> {
        let mut v = vec![first
            .map(str::to_string)
            .unwrap_or_else(|| self.officer(team))];
        if self.rng.random_bool(0.35) {
            let other = self.officer(team);
            if !v.contains(&other) {
                v.push(other);
            }
        }
        v
    }

    pub(crate) fn company(&mut self, region: Region, industry: usize) -> Result<usize> {
        let origin = pick(&mut self.rng, region.origins());
        let def = &INDUSTRY_DEFS[industry];
        let name = loop {
            let brand = pick(&mut self.rng, BRANDS);
            let (word, forms) = pick(&mut self.rng, def.words);
            let form = pick(&mut self.rng, forms);
            let n = format!("{}{brand}{word}{form}", origin.city);
            if self.company_names.insert(n.clone()) {
                break n;
            }
        };
        let credit = self
            .rng
            .random_bool(0.6)
            .then(|| credit_code(&mut self.rng, origin.code));
        let contact = format!(
            "{}{}",
            pick(&mut self.rng, SURNAMES),
            pick(
                &mut self.rng,
                &["总经理", "董事长", "副总经理", "投资总监", "项目经理"]
            )
        );
        let phone = format!(
            "1{}",
            self.rng.random_range(3_000_000_000u64..9_999_999_999)
        );
        let c = companies::create(
            self.conn,
            &CompanyInput {
                name: name.clone(),
                credit_code: credit,
                origin_code: Some(origin.code.to_string()),
                overseas: false,
                industry_id: Some(self.industry_ids[industry].clone()),
                contact_person: Some(contact),
                contact_phone: Some(phone),
                notes: None,
                ..Default::default()
            },
        )?;
        self.companies.push(CompanyRow {
            id: c.id,
            name,
            region,
            origin,
            industry,
        });
        Ok(self.companies.len() - 1)
    }

    /// A project's name (unique) from a product of its band.
    pub(crate) fn project_name(
        &mut self,
        plan: &Plan,
        company: usize,
        first_phase: Option<&str>,
    ) -> String {
        if let Some(base) = first_phase {
            let n = format!("{}二期项目", base.trim_end_matches("项目"));
            if self.project_names.insert(n.clone()) {
                return n;
            }
        }
        let tier = tier_index(plan.amount);
        let products: Vec<&Product> = if plan.high_energy {
            HIGH_ENERGY.iter().filter(|p| fits(p, tier)).collect()
        } else {
            INDUSTRY_DEFS[plan.industry]
                .products
                .iter()
                .filter(|p| fits(p, tier))
                .collect()
        };
        let products = if products.is_empty() {
            HIGH_ENERGY.iter().collect()
        } else {
            products
        };
        for attempt in 0..40 {
            let p = *pick(&mut self.rng, &products);
            let text = if p.sizes.is_empty() {
                p.text.to_string()
            } else {
                p.text
                    .replace("{}", &pick(&mut self.rng, p.sizes).to_string())
            };
            let n = if attempt < 8 {
                format!("{text}项目")
            } else {
                // Named after the investor's brand, as offices do when lines repeat.
                let brand =
                    &self.companies[company].name[self.companies[company].origin.city.len()..];
                let brand: String = brand.chars().take(2).collect();
                format!("{brand}{text}项目")
            };
            if self.project_names.insert(n.clone()) {
                return n;
            }
        }
        let mut k = 2;
        loop {
            let n = format!("{}（{k}）", self.companies[company].name);
            if self.project_names.insert(n.clone()) {
                return n;
            }
            k += 1;
        }
    }

    pub(crate) fn activity(&mut self, input: ActivityInput) -> Result<()> {
        activities::create(self.conn, &input, self.today)?;
        Ok(())
    }
}

//! Reference data an office keeps: administrative divisions (行政区划) and the region groups
//! (京津冀, 长三角 …) built on them, industries (产业) and their chains (产业链), parks (园区), teams (招商小分队) and officers
//! (招商专员), with the rows every new ledger is seeded with (docs/DOMAIN.md §1–2).

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::*;

pub mod divisions;
pub mod industries;
pub mod industry_chains;
mod named_list;
pub mod office;
pub mod officers;
pub mod parks;
pub mod region_groups;
pub(crate) mod seed;
pub mod teams;

impl Ledger {
    // ── teams, officers, industries, region groups, divisions ─────────────────────────────
    pub fn teams(&self) -> Result<Vec<Team>> {
        teams::list(self.connection())
    }
    pub fn create_team(&mut self, name: &str) -> Result<Team> {
        self.write(|tx, _| teams::create(tx, name))
    }
    pub fn rename_team(&mut self, id: &str, name: &str) -> Result<Team> {
        self.write(|tx, _| teams::rename(tx, id, name))
    }
    pub fn delete_team(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| teams::delete(tx, id))
    }

    pub fn officers(&self) -> Result<Vec<Officer>> {
        officers::list(self.connection())
    }
    pub fn create_officer(&mut self, input: &OfficerInput) -> Result<Officer> {
        self.write(|tx, _| officers::create(tx, input))
    }
    pub fn update_officer(&mut self, id: &str, input: &OfficerInput) -> Result<Officer> {
        self.write(|tx, _| officers::update(tx, id, input))
    }
    /// Deletes an officer entered by mistake; one with history is refused (离岗 instead).
    pub fn delete_officer(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| officers::delete(tx, id))
    }
    /// 离岗 on `on`: kept on his history and past reports, no longer offered in pickers.
    pub fn retire_officer(&mut self, id: &str, on: chrono::NaiveDate) -> Result<Officer> {
        self.write(|tx, today| officers::retire(tx, id, on, today))
    }
    /// Back on the staff.
    pub fn reinstate_officer(&mut self, id: &str) -> Result<Officer> {
        self.write(|tx, _| officers::reinstate(tx, id))
    }

    pub fn industries(&self) -> Result<Vec<Industry>> {
        industries::list(self.connection())
    }
    pub fn create_industry(&mut self, name: &str) -> Result<Industry> {
        self.write(|tx, _| industries::create(tx, name))
    }
    pub fn rename_industry(&mut self, id: &str, name: &str) -> Result<Industry> {
        self.write(|tx, _| industries::rename(tx, id, name))
    }
    pub fn delete_industry(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| industries::delete(tx, id))
    }

    /// 园区: the office's list.
    pub fn parks(&self) -> Result<Vec<Park>> {
        parks::list(self.connection())
    }
    /// Park names projects use that are not on the list.
    pub fn unlisted_parks(&self) -> Result<Vec<String>> {
        parks::unlisted(self.connection())
    }
    /// Every park name a filter can offer: the list, then names only projects use.
    pub fn park_names(&self) -> Result<Vec<String>> {
        parks::names(self.connection())
    }
    /// Park names asked for (trimmed), each one the ledger knows, else a clear refusal.
    pub fn known_park_names(&self, asked: &[String]) -> Result<Vec<String>> {
        parks::known(self.connection(), asked)
    }
    pub fn create_park(&mut self, name: &str) -> Result<Park> {
        self.write(|tx, _| parks::create(tx, name))
    }
    /// Renames a park on the list and on its projects.
    pub fn rename_park(&mut self, id: &str, name: &str) -> Result<Park> {
        self.write(|tx, _| parks::rename(tx, id, name))
    }
    pub fn delete_park(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| parks::delete(tx, id))
    }

    /// 产业链, each with its industries.
    pub fn industry_chains(&self) -> Result<Vec<IndustryChain>> {
        industry_chains::list(self.connection())
    }
    pub fn create_industry_chain(&mut self, name: &str) -> Result<IndustryChain> {
        self.write(|tx, _| industry_chains::create(tx, name))
    }
    pub fn rename_industry_chain(&mut self, id: &str, name: &str) -> Result<IndustryChain> {
        self.write(|tx, _| industry_chains::rename(tx, id, name))
    }
    pub fn delete_industry_chain(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| industry_chains::delete(tx, id))
    }
    /// Puts an industry into a 产业链, or into none.
    pub fn set_industry_chain(&mut self, industry_id: &str, chain_id: Option<&str>) -> Result<()> {
        self.write(|tx, _| industry_chains::set_industry_chain(tx, industry_id, chain_id))
    }

    pub fn region_groups(&self) -> Result<Vec<RegionGroup>> {
        region_groups::list(self.connection())
    }
    pub fn create_region_group(&mut self, name: &str) -> Result<RegionGroup> {
        self.write(|tx, _| region_groups::create(tx, name))
    }
    pub fn rename_region_group(&mut self, id: &str, name: &str) -> Result<RegionGroup> {
        self.write(|tx, _| region_groups::rename(tx, id, name))
    }
    pub fn delete_region_group(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| {
            region_groups::delete(tx, id)?;
            region_groups::rederive_all(tx)
        })
    }
    /// Moves a prefecture-level city into a region group (or out of every group with `None`);
    /// projects and activities from there follow unless their group was set by hand.
    pub fn set_city_region_group(&mut self, city_code: &str, group_id: Option<&str>) -> Result<()> {
        self.write(|tx, _| {
            region_groups::set_city(tx, city_code, group_id)?;
            region_groups::rederive_all(tx)
        })
    }

    pub fn division(&self, code: &str) -> Result<Option<Division>> {
        divisions::get(self.connection(), code)
    }
    pub fn search_divisions(&self, query: &str, limit: u32) -> Result<Vec<Division>> {
        divisions::search(self.connection(), query, limit)
    }
}

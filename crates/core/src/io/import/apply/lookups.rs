//! `Ctx`: the lookups a project-ledger import builds once (companies, projects, people, teams,
//! industries, places) and grows as rows create records, and what a row added (`Added`).

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::companies::names::{fold, Normalizer};
use crate::error::Result;
use crate::io::import::header::{Field, Header};
use crate::io::import::parse::Cell;
use crate::io::import::places::Places;
use crate::io::import::plan::PlanCounts;
use crate::io::import::read::Row;
use crate::projects;
use crate::reference::{officers, teams};

/// Lookups built once per import and grown as rows create records.
pub(super) struct Ctx<'a> {
    pub(super) conn: &'a Connection,
    pub(super) today: NaiveDate,
    pub(super) head: &'a Header,
    pub(super) places: Places,
    pub(super) norm: Normalizer,
    pub(super) company_by_code: HashMap<String, String>,
    pub(super) company_by_key: HashMap<String, String>,
    pub(super) project_by_key: HashMap<(String, Option<String>), String>,
    pub(super) officer_by_name: HashMap<String, String>,
    pub(super) team_by_name: HashMap<String, String>,
    pub(super) industries: Vec<(String, String)>,
    pub(super) region_groups: Vec<(String, String)>,
    /// Project keys seen in this file → the row that had them.
    pub(super) seen: HashMap<(String, Option<String>), u32>,
    pub(super) counts: PlanCounts,
    /// 产业 and 来源地 texts already resolved (a ledger repeats a few dozen of each): the
    /// answer and the note it gives. Neither list changes during an import.
    pub(super) industry_of: Resolved<Option<String>>,
    pub(super) origin_of: Resolved<(Option<String>, bool)>,
    /// Region groups derived per company origin (no import changes groups or settings).
    pub(super) derived_groups: projects::DerivedRegionGroups,
}

/// Cell texts resolved once: text → the answer and the note it adds to the row's message.
type Resolved<T> = RefCell<HashMap<String, (T, Option<String>)>>;

/// What a row adds to the lookups, undone when the row fails.
#[derive(Default)]
pub(super) struct Added {
    pub(super) company_codes: Vec<String>,
    pub(super) company_keys: Vec<String>,
    pub(super) project_keys: Vec<(String, Option<String>)>,
    pub(super) officers: Vec<String>,
    pub(super) teams: Vec<String>,
    pub(super) counts: PlanCounts,
}

pub(super) fn project_key(name: &str) -> String {
    fold(name)
}

impl<'a> Ctx<'a> {
    pub(super) fn new(conn: &'a Connection, today: NaiveDate, head: &'a Header) -> Result<Ctx<'a>> {
        let norm = Normalizer::from_divisions(conn)?;
        let mut company_by_code = HashMap::new();
        let mut company_by_key = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT id, name, credit_code FROM companies WHERE deleted_at IS NULL ORDER BY created_at",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (id, name, code) = row?;
                if let Some(code) = code {
                    company_by_code.insert(code, id.clone());
                }
                company_by_key.entry(norm.key(&name)).or_insert(id);
            }
        }
        let mut project_by_key = HashMap::new();
        {
            let mut stmt =
                conn.prepare("SELECT id, name, company_id FROM projects WHERE deleted_at IS NULL")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (id, name, company) = row?;
                project_by_key.insert((project_key(&name), company), id);
            }
        }
        let officer_by_name = officers::list(conn)?
            .into_iter()
            .map(|o| (o.name, o.id))
            .collect();
        let team_by_name = teams::list(conn)?
            .into_iter()
            .map(|t| (t.name, t.id))
            .collect();
        // Names folded once (compared with folded cells).
        let industries = crate::reference::industries::list(conn)?
            .into_iter()
            .map(|i| (i.id, fold(&i.name)))
            .collect();
        let region_groups = crate::reference::region_groups::list(conn)?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
        Ok(Ctx {
            conn,
            today,
            head,
            places: Places::load(conn)?,
            norm,
            company_by_code,
            company_by_key,
            project_by_key,
            officer_by_name,
            team_by_name,
            industries,
            region_groups,
            seen: HashMap::new(),
            counts: PlanCounts::default(),
            industry_of: RefCell::new(HashMap::new()),
            origin_of: RefCell::new(HashMap::new()),
            derived_groups: projects::DerivedRegionGroups::default(),
        })
    }

    pub(super) fn keep(&mut self, added: Added) {
        let c = &mut self.counts;
        c.companies_created += added.counts.companies_created;
        c.companies_updated += added.counts.companies_updated;
        c.officers_created += added.counts.officers_created;
        c.teams_created += added.counts.teams_created;
    }

    pub(super) fn forget(&mut self, added: Added) {
        for k in added.company_codes {
            self.company_by_code.remove(&k);
        }
        for k in added.company_keys {
            self.company_by_key.remove(&k);
        }
        for k in added.project_keys {
            self.project_by_key.remove(&k);
            self.seen.remove(&k);
        }
        for k in added.officers {
            self.officer_by_name.remove(&k);
        }
        for k in added.teams {
            self.team_by_name.remove(&k);
        }
    }

    pub(super) fn cell<'r>(&self, row: &'r Row, field: Field) -> Option<&'r Cell> {
        self.head
            .column(field)
            .map(|c| row.get(c.column as usize))
            .filter(|c| !c.is_empty())
    }

    pub(super) fn text(&self, row: &Row, field: Field) -> Option<String> {
        self.cell(row, field)
            .map(|c| c.text())
            .filter(|t| !t.is_empty())
    }
}

//! 企业库, the companies screen: the filtered list of companies with their projects and
//! activity counts, and one company's page (its projects, activities and contacts).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::companies::get;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::{Activity, Company, Stage};
use crate::util::clean;

// ── 企业库: the companies screen ─────────────────────────────────────────────────────────

/// What the 企业库 list shows: a text query (the search: name, pinyin, initials, alias; or a
/// credit code, 法定代表人 or 联系人), the investor's region group, the industry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct CompanyFilter {
    pub query: Option<String>,
    /// 来源区域, as derived from the company's origin (docs/DOMAIN.md §2).
    pub region_group_id: Option<String>,
    pub industry_id: Option<String>,
    pub offset: u32,
    /// Rows per page (at most 500; 0 means 100).
    pub limit: u32,
}

/// One row of the 企业库 list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyRow {
    pub company: Company,
    pub region_group_name: Option<String>,
    pub industry_name: Option<String>,
    /// Live projects of the company.
    pub project_count: u32,
    /// Live activities the company took part in.
    pub activity_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyPage {
    pub rows: Vec<CompanyRow>,
    /// Companies matching the filter (all pages).
    pub total: u32,
}

/// One of a company's projects, as its detail lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyProject {
    pub id: String,
    pub name: String,
    pub stage: Stage,
    pub stage_since: NaiveDate,
    /// 总投资 in 元.
    pub total_investment: i64,
}

/// A company with its projects (by name) and its activities (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CompanyDetail {
    pub company: Company,
    pub region_group_name: Option<String>,
    pub industry_name: Option<String>,
    pub projects: Vec<CompanyProject>,
    pub activities: Vec<Activity>,
}

/// Region groups derived from (origin, overseas), remembered for one listing.
struct Groups<'c> {
    conn: &'c Connection,
    known: HashMap<(Option<String>, bool), Option<String>>,
}

impl Groups<'_> {
    fn of(&mut self, origin: &Option<String>, overseas: bool) -> Result<Option<String>> {
        let key = (origin.clone(), overseas);
        if let Some(g) = self.known.get(&key) {
            return Ok(g.clone());
        }
        let g = crate::reference::region_groups::derive(self.conn, origin.as_deref(), overseas)?;
        self.known.insert(key, g.clone());
        Ok(g)
    }
}

fn name_of(conn: &Connection, table: &str, id: &Option<String>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .prepare_cached(&format!("SELECT name FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The 企业库 page: live companies matching the filter, by name. Read-only (the search index
/// must be fresh: `Ledger::list_companies` refreshes it first).
pub fn list(conn: &Connection, f: &CompanyFilter) -> Result<CompanyPage> {
    let limit = match f.limit {
        0 => 100,
        n => n.min(500),
    } as usize;
    let industry = clean(&f.industry_id);
    let region = clean(&f.region_group_id);
    let query = clean(&f.query);
    // Companies the query finds: through the search (name, pinyin, initials, traditional
    // characters, aliases), or by a credit code, 法定代表人 or 联系人 containing it.
    let found: Option<HashSet<String>> = match &query {
        None => None,
        Some(q) => {
            let mut ids: HashSet<String> = crate::search::search(conn, q, 200)?
                .into_iter()
                .filter(|h| h.kind == crate::search::SearchKind::Company)
                .map(|h| h.id)
                .collect();
            let like = format!("%{}%", q.replace(['%', '_'], ""));
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM companies WHERE deleted_at IS NULL AND (name LIKE ?1
                   OR credit_code LIKE ?1 OR legal_representative LIKE ?1
                   OR contact_person LIKE ?1)",
            )?;
            for id in stmt.query_map([like], |r| r.get::<_, String>(0))? {
                ids.insert(id?);
            }
            Some(ids)
        }
    };
    if found.is_none() && region.is_none() {
        // No query and no region group: the page is chosen by SQLite alone.
        let total: u32 = conn
            .prepare_cached(
                "SELECT COUNT(*) FROM companies
                 WHERE deleted_at IS NULL AND (?1 IS NULL OR industry_id = ?1)",
            )?
            .query_row([&industry], |r| r.get(0))?;
        let ids: Vec<String> = conn
            .prepare_cached(
                "SELECT id FROM companies
                 WHERE deleted_at IS NULL AND (?1 IS NULL OR industry_id = ?1)
                 ORDER BY name, id LIMIT ?2 OFFSET ?3",
            )?
            .query_map(params![industry, limit as i64, f.offset as i64], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        let rows = ids
            .iter()
            .map(|id| {
                let company = get(conn, id)?;
                let group = crate::reference::region_groups::derive(
                    conn,
                    company.origin_code.as_deref(),
                    company.overseas,
                )?;
                row(conn, company, group)
            })
            .collect::<Result<_>>()?;
        return Ok(CompanyPage { rows, total });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, origin_code, overseas FROM companies
         WHERE deleted_at IS NULL AND (?1 IS NULL OR industry_id = ?1)
         ORDER BY name, id",
    )?;
    let candidates = stmt.query_map([&industry], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, bool>(2)?,
        ))
    })?;
    let mut groups = Groups {
        conn,
        known: HashMap::new(),
    };
    let mut matching: Vec<(String, Option<String>)> = Vec::new();
    for row in candidates {
        let (id, origin, overseas) = row?;
        if found.as_ref().is_some_and(|ids| !ids.contains(&id)) {
            continue;
        }
        let group = groups.of(&origin, overseas)?;
        if region.is_some() && group != region {
            continue;
        }
        matching.push((id, group));
    }
    let total = matching.len() as u32;
    let rows = matching
        .into_iter()
        .skip(f.offset as usize)
        .take(limit)
        .map(|(id, group)| row(conn, get(conn, &id)?, group))
        .collect::<Result<_>>()?;
    Ok(CompanyPage { rows, total })
}

/// A company as the list shows it: names of its region group and industry, its counts.
fn row(conn: &Connection, company: Company, group: Option<String>) -> Result<CompanyRow> {
    let (project_count, activity_count) = counts(conn, &company.id)?;
    Ok(CompanyRow {
        region_group_name: name_of(conn, "region_groups", &group)?,
        industry_name: name_of(conn, "industries", &company.industry_id)?,
        company,
        project_count,
        activity_count,
    })
}

/// (live projects, live activities) of a company.
fn counts(conn: &Connection, id: &str) -> Result<(u32, u32)> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM projects WHERE company_id = ?1 AND deleted_at IS NULL),
                    (SELECT COUNT(*) FROM activity_companies ac
                       JOIN activities a ON a.id = ac.activity_id
                      WHERE ac.company_id = ?1 AND a.deleted_at IS NULL)",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// A live company with its live projects (by name) and activities (newest first).
pub fn detail(conn: &Connection, id: &str) -> Result<CompanyDetail> {
    let company = get(conn, id)?;
    let projects = conn
        .prepare_cached(
            "SELECT id, name, stage, stage_since, total_investment FROM projects
             WHERE company_id = ?1 AND deleted_at IS NULL ORDER BY name, id",
        )?
        .query_map([id], |r| {
            Ok(CompanyProject {
                id: r.get(0)?,
                name: r.get(1)?,
                stage: r.get(2)?,
                stage_since: r.get(3)?,
                total_investment: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let activity_ids: Vec<String> = conn
        .prepare_cached(
            "SELECT a.id FROM activity_companies ac JOIN activities a ON a.id = ac.activity_id
             WHERE ac.company_id = ?1 AND a.deleted_at IS NULL
             ORDER BY a.occurred_on DESC, a.created_at DESC",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let activities = activity_ids
        .iter()
        .map(|a| crate::activities::get(conn, a))
        .collect::<Result<_>>()?;
    let group = crate::reference::region_groups::derive(
        conn,
        company.origin_code.as_deref(),
        company.overseas,
    )?;
    Ok(CompanyDetail {
        region_group_name: name_of(conn, "region_groups", &group)?,
        industry_name: name_of(conn, "industries", &company.industry_id)?,
        company,
        projects,
        activities,
    })
}

impl Ledger {
    /// 企业库: companies matching the filter, by name, a page at a time.
    pub fn list_companies(&self, filter: &CompanyFilter) -> Result<CompanyPage> {
        if clean(&filter.query).is_some() {
            self.refresh_search_index()?;
        }
        list(self.connection(), filter)
    }

    /// A company with its projects and activities.
    pub fn company_detail(&self, id: &str) -> Result<CompanyDetail> {
        detail(self.connection(), id)
    }
}

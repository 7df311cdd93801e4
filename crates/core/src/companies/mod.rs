//! 投资方 / 企业 table.

pub mod credit_code;
pub mod names;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{Activity, Company, CompanyInput, Stage};
use crate::util::{clean, new_id, now_stamp, optional_text, required_name};

const SELECT: &str = "SELECT c.id, c.name, c.credit_code, c.origin_code, d.full_name, c.overseas,
    c.industry_id, c.contact_person, c.contact_phone, c.notes, c.created_at, c.updated_at,
    c.legal_representative, c.registered_capital, c.address, c.business_scope
    FROM companies c LEFT JOIN divisions d ON d.code = c.origin_code";

/// Fields of `Company` computed from other rows (not logged as changes).
const DERIVED: &[&str] = &["origin_name"];

fn from_row(r: &Row) -> rusqlite::Result<Company> {
    Ok(Company {
        id: r.get(0)?,
        name: r.get(1)?,
        credit_code: r.get(2)?,
        origin_code: r.get(3)?,
        origin_name: r.get(4)?,
        overseas: r.get(5)?,
        industry_id: r.get(6)?,
        contact_person: r.get(7)?,
        contact_phone: r.get(8)?,
        notes: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        legal_representative: r.get(12)?,
        registered_capital: r.get(13)?,
        address: r.get(14)?,
        business_scope: r.get(15)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Company> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.id = ?1 AND c.deleted_at IS NULL"
    ))?;
    let mut rows = stmt.query_map([id], from_row)?;
    match rows.next() {
        Some(c) => Ok(c?),
        None => Err(Error::not_found("企业", id)),
    }
}

pub fn check_ref(conn: &Connection, id: &str) -> Result<()> {
    // An existence check, not `get`: every project write runs it (an import, 100k times).
    let live = conn
        .prepare_cached("SELECT 1 FROM companies WHERE id = ?1 AND deleted_at IS NULL")?
        .exists([id])?;
    if live {
        Ok(())
    } else {
        Err(Error::invalid(
            "company_id",
            "所选企业不存在或已删除，请重新选择。",
        ))
    }
}

/// Companies whose name (or credit code) contains `query`; newest first; empty query lists all.
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<Company>> {
    let q = query.trim().replace(['%', '_'], "");
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.deleted_at IS NULL AND (c.name LIKE ?1 OR c.credit_code LIKE ?1)
         ORDER BY (c.name = ?2) DESC, c.updated_at DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![format!("%{q}%"), q, limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

struct Valid {
    name: String,
    credit_code: Option<String>,
    origin_code: Option<String>,
    industry_id: Option<String>,
    contact_person: Option<String>,
    contact_phone: Option<String>,
    notes: Option<String>,
    legal_representative: Option<String>,
    registered_capital: Option<i64>,
    address: Option<String>,
    business_scope: Option<String>,
}

/// Largest 注册资本 accepted (10 万亿元), as for 总投资.
const MAX_CAPITAL: i64 = 10 * 10_000 * crate::model::YI;

fn validate(conn: &Connection, input: &CompanyInput, except: Option<&str>) -> Result<Valid> {
    let name = required_name("name", "企业名称", &input.name, 100)?;
    let credit_code = match clean(&input.credit_code) {
        Some(code) => Some(crate::companies::credit_code::normalize(&code)?),
        None => None,
    };
    if let Some(code) = &credit_code {
        let holder: Option<String> = conn
            .prepare_cached(
                "SELECT name FROM companies WHERE credit_code = ?1 AND deleted_at IS NULL AND id IS NOT ?2",
            )?
            .query_row(params![code, except], |r| r.get(0))
            .ok();
        if let Some(holder) = holder {
            return Err(Error::invalid(
                "credit_code",
                format!("统一社会信用代码 {code} 已属于企业“{holder}”，请勿重复录入。"),
            ));
        }
    }
    let origin_code = match clean(&input.origin_code) {
        Some(code) => Some(crate::reference::divisions::check(
            conn,
            "origin_code",
            &code,
        )?),
        None => None,
    };
    let industry_id = clean(&input.industry_id);
    if let Some(i) = &industry_id {
        if !crate::reference::industries::exists(conn, i)? {
            return Err(Error::invalid("industry_id", "所选产业链不存在或已删除。"));
        }
    }
    if let Some(capital) = input.registered_capital {
        if capital < 0 {
            return Err(Error::invalid("registered_capital", "注册资本不能为负数。"));
        }
        if capital > MAX_CAPITAL {
            return Err(Error::invalid(
                "registered_capital",
                "注册资本超过10万亿元，请检查单位（金额按元保存，界面按万元录入）。",
            ));
        }
    }
    Ok(Valid {
        name,
        credit_code,
        origin_code,
        industry_id,
        contact_person: optional_text("contact_person", "联系人", &input.contact_person, 40)?,
        contact_phone: optional_text("contact_phone", "联系电话", &input.contact_phone, 40)?,
        notes: optional_text("notes", "备注", &input.notes, 2000)?,
        legal_representative: optional_text(
            "legal_representative",
            "法定代表人",
            &input.legal_representative,
            40,
        )?,
        registered_capital: input.registered_capital,
        address: optional_text("address", "地址", &input.address, 200)?,
        business_scope: optional_text("business_scope", "经营范围", &input.business_scope, 4000)?,
    })
}

pub fn create(conn: &Connection, input: &CompanyInput) -> Result<Company> {
    let (id, _) = create_unread(conn, input)?;
    get(conn, &id)
}

/// `create` without reading the new row back: its id and its (normalized) credit code. Same
/// checks, row and change-log entry; for imports, which need no more than that.
pub fn create_unread(conn: &Connection, input: &CompanyInput) -> Result<(String, Option<String>)> {
    let v = validate(conn, input, None)?;
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO companies (id, name, credit_code, origin_code, overseas, industry_id,
            contact_person, contact_phone, notes, created_at, updated_at,
            legal_representative, registered_capital, address, business_scope)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id,
        v.name,
        v.credit_code,
        v.origin_code,
        input.overseas,
        v.industry_id,
        v.contact_person,
        v.contact_phone,
        v.notes,
        now_stamp(),
        v.legal_representative,
        v.registered_capital,
        v.address,
        v.business_scope,
    ])?;
    crate::storage::changelog::record_created(conn, "companies", &id)?;
    Ok((id, v.credit_code))
}

pub fn update(conn: &Connection, id: &str, input: &CompanyInput) -> Result<Company> {
    let before = get(conn, id)?;
    let v = validate(conn, input, Some(id))?;
    conn.execute(
        "UPDATE companies SET name = ?2, credit_code = ?3, origin_code = ?4, overseas = ?5,
            industry_id = ?6, contact_person = ?7, contact_phone = ?8, notes = ?9, updated_at = ?10,
            legal_representative = ?11, registered_capital = ?12, address = ?13,
            business_scope = ?14
         WHERE id = ?1",
        params![
            id,
            v.name,
            v.credit_code,
            v.origin_code,
            input.overseas,
            v.industry_id,
            v.contact_person,
            v.contact_phone,
            v.notes,
            now_stamp(),
            v.legal_representative,
            v.registered_capital,
            v.address,
            v.business_scope,
        ],
    )?;
    if before.origin_code != v.origin_code || before.overseas != input.overseas {
        crate::projects::rederive_region_groups_of_company(conn, id)?;
    }
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "companies", id, Some(&before), &after, DERIVED)?;
    Ok(after)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE companies SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "companies", id, true)
}

pub fn restore(conn: &Connection, id: &str) -> Result<Company> {
    let n = conn.execute(
        "UPDATE companies SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL",
        params![id, now_stamp()],
    )?;
    if n == 0 {
        return Err(Error::not_found("已删除的企业", id));
    }
    crate::storage::changelog::record_deleted(conn, "companies", id, false)?;
    get(conn, id)
}

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

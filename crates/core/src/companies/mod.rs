//! 投资方 / 企业 table.

pub mod credit_code;
pub mod duplicates;
pub mod library;
pub mod names;

use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{Company, CompanyInput};
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
            return Err(Error::invalid("industry_id", "所选产业不存在或已删除。"));
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
        rederive_region_groups_of_company(conn, id)?;
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

/// After a company's origin changes, its projects' derived region groups follow (overrides stay).
fn rederive_region_groups_of_company(conn: &Connection, company_id: &str) -> Result<()> {
    let c = get(conn, company_id)?;
    let group =
        crate::reference::region_groups::derive(conn, c.origin_code.as_deref(), c.overseas)?;
    conn.execute(
        "UPDATE projects SET region_group_id = ?2, updated_at = ?3
         WHERE company_id = ?1 AND region_group_manual = 0",
        params![company_id, group, now_stamp()],
    )?;
    Ok(())
}

impl Ledger {
    // ── companies ───────────────────────────────────────────────────────────────────────
    pub fn company(&self, id: &str) -> Result<Company> {
        get(self.connection(), id)
    }
    pub fn search_companies(&self, query: &str, limit: u32) -> Result<Vec<Company>> {
        search(self.connection(), query, limit)
    }
    pub fn create_company(&mut self, input: &CompanyInput) -> Result<Company> {
        self.write(|tx, _| create(tx, input))
    }
    pub fn update_company(&mut self, id: &str, input: &CompanyInput) -> Result<Company> {
        self.write(|tx, _| update(tx, id, input))
    }
    pub fn delete_company(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| delete(tx, id))
    }
    pub fn restore_company(&mut self, id: &str) -> Result<Company> {
        self.write(|tx, _| restore(tx, id))
    }
}

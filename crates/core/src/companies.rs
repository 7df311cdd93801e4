//! 投资方 / 企业 table.

use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::model::{Company, CompanyInput};
use crate::util::{clean, new_id, now_stamp, optional_text, required_name};

const SELECT: &str = "SELECT c.id, c.name, c.credit_code, c.origin_code, d.full_name, c.overseas,
    c.industry_id, c.contact_person, c.contact_phone, c.notes, c.created_at, c.updated_at
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
}

fn validate(conn: &Connection, input: &CompanyInput, except: Option<&str>) -> Result<Valid> {
    let name = required_name("name", "企业名称", &input.name, 100)?;
    let credit_code = match clean(&input.credit_code) {
        Some(code) => Some(crate::credit_code::normalize(&code)?),
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
        Some(code) => Some(crate::divisions::check(conn, "origin_code", &code)?),
        None => None,
    };
    let industry_id = clean(&input.industry_id);
    if let Some(i) = &industry_id {
        if !crate::industries::exists(conn, i)? {
            return Err(Error::invalid("industry_id", "所选产业链不存在或已删除。"));
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
            contact_person, contact_phone, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
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
        now_stamp()
    ])?;
    crate::changelog::record_created(conn, "companies", &id)?;
    Ok((id, v.credit_code))
}

pub fn update(conn: &Connection, id: &str, input: &CompanyInput) -> Result<Company> {
    let before = get(conn, id)?;
    let v = validate(conn, input, Some(id))?;
    conn.execute(
        "UPDATE companies SET name = ?2, credit_code = ?3, origin_code = ?4, overseas = ?5,
            industry_id = ?6, contact_person = ?7, contact_phone = ?8, notes = ?9, updated_at = ?10
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
            now_stamp()
        ],
    )?;
    if before.origin_code != v.origin_code || before.overseas != input.overseas {
        crate::projects::rederive_region_groups_of_company(conn, id)?;
    }
    let after = get(conn, id)?;
    crate::changelog::record(conn, "companies", id, Some(&before), &after, DERIVED)?;
    Ok(after)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE companies SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::changelog::record_deleted(conn, "companies", id, true)
}

pub fn restore(conn: &Connection, id: &str) -> Result<Company> {
    let n = conn.execute(
        "UPDATE companies SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL",
        params![id, now_stamp()],
    )?;
    if n == 0 {
        return Err(Error::not_found("已删除的企业", id));
    }
    crate::changelog::record_deleted(conn, "companies", id, false)?;
    get(conn, id)
}

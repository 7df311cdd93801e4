//! Likely duplicate companies (查重: the same name once normalized, the same credit code) and
//! merging two companies into one (合并: projects and activities re-pointed, the merged one
//! soft-deleted, its name kept as a search alias).

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::companies::names::{fold, Normalizer};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{ActivityInput, CompanyInput, ProjectInput};

/// One company in a group of likely duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuplicateCompany {
    pub id: String,
    pub name: String,
    pub credit_code: Option<String>,
    pub origin_name: Option<String>,
    pub projects: u32,
    pub activities: u32,
}

/// Why companies are shown together as likely duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DuplicateReason {
    /// The same 统一社会信用代码 (certainly one company).
    CreditCode,
    /// The same normalized name (`key`), no conflicting credit codes.
    Name,
}

/// Companies that are likely one investor: the same credit code first, else the same
/// normalized name (and credit codes that do not differ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuplicateGroup {
    /// The shared credit code (`CreditCode`) or normalized name (`Name`).
    pub key: String,
    pub reason: DuplicateReason,
    pub companies: Vec<DuplicateCompany>,
}

/// A company with the counts of its live projects and activities.
const COMPANY_USAGE: &str = "SELECT c.id, c.name, c.credit_code, d.full_name,
    (SELECT COUNT(*) FROM projects p WHERE p.company_id = c.id AND p.deleted_at IS NULL),
    (SELECT COUNT(*) FROM activity_companies ac JOIN activities a ON a.id = ac.activity_id
      WHERE ac.company_id = c.id AND a.deleted_at IS NULL)
    FROM companies c LEFT JOIN divisions d ON d.code = c.origin_code
    WHERE c.deleted_at IS NULL";

fn usage_from_row(r: &rusqlite::Row) -> rusqlite::Result<DuplicateCompany> {
    Ok(DuplicateCompany {
        id: r.get(0)?,
        name: r.get(1)?,
        credit_code: r.get(2)?,
        origin_name: r.get(3)?,
        projects: r.get(4)?,
        activities: r.get(5)?,
    })
}

/// One live company with its project and activity counts (what a merge leaves behind).
pub fn company_usage(conn: &Connection, id: &str) -> Result<DuplicateCompany> {
    let mut stmt = conn.prepare_cached(&format!("{COMPANY_USAGE} AND c.id = ?1"))?;
    let mut rows = stmt.query_map([id], usage_from_row)?;
    match rows.next() {
        Some(c) => Ok(c?),
        None => Err(Error::not_found("企业", id)),
    }
}

pub fn duplicate_candidates(conn: &Connection) -> Result<Vec<DuplicateGroup>> {
    let norm = Normalizer::from_divisions(conn)?;
    // Names first (cheap); origin and counts only for the companies that are grouped.
    let mut stmt = conn.prepare(
        "SELECT id, name, credit_code FROM companies WHERE deleted_at IS NULL
         ORDER BY created_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DuplicateCompany {
            id: r.get(0)?,
            name: r.get(1)?,
            credit_code: r.get(2)?,
            origin_name: None,
            projects: 0,
            activities: 0,
        })
    })?;
    let all: Vec<DuplicateCompany> = rows.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    // Matched by 统一社会信用代码 first (the schema keeps live codes unique: a safeguard).
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut code_order = Vec::new();
    for (i, c) in all.iter().enumerate() {
        if let Some(code) = c.credit_code.as_deref() {
            let e = by_code.entry(code).or_default();
            if e.is_empty() {
                code_order.push(code);
            }
            e.push(i);
        }
    }
    let mut grouped = vec![false; all.len()];
    for code in code_order {
        let idx = &by_code[code];
        if idx.len() < 2 {
            continue;
        }
        for &i in idx {
            grouped[i] = true;
        }
        out.push(DuplicateGroup {
            key: code.to_string(),
            reason: DuplicateReason::CreditCode,
            companies: idx.iter().map(|&i| all[i].clone()).collect(),
        });
    }
    let mut groups: HashMap<String, Vec<DuplicateCompany>> = HashMap::new();
    let mut order = Vec::new();
    for (i, c) in all.into_iter().enumerate() {
        if grouped[i] {
            continue;
        }
        let key = norm.key(&c.name);
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(c);
    }
    for key in order {
        let companies = groups.remove(&key).unwrap_or_default();
        if companies.len() < 2 {
            continue;
        }
        let mut codes: Vec<&String> = companies
            .iter()
            .filter_map(|c| c.credit_code.as_ref())
            .collect();
        codes.sort();
        codes.dedup();
        if codes.len() > 1 {
            continue; // two registered entities that share a short name
        }
        out.push(DuplicateGroup {
            key,
            reason: DuplicateReason::Name,
            companies,
        });
    }
    let mut usage = conn.prepare_cached(&format!("{COMPANY_USAGE} AND c.id = ?1"))?;
    for g in &mut out {
        for c in &mut g.companies {
            *c = usage.query_row([&c.id], usage_from_row)?;
        }
    }
    Ok(out)
}

/// Moves everything of company `merge` onto `keep` and soft-deletes `merge`. Runs inside the
/// caller's transaction. Empty fields of `keep` are filled from `merge`; `merge`'s name becomes
/// a search alias of `keep`.
pub fn merge(conn: &Connection, keep: &str, merge: &str, today: chrono::NaiveDate) -> Result<()> {
    if keep == merge {
        return Err(Error::invalid("company_id", "不能把企业合并到它自己。"));
    }
    let k = crate::companies::get(conn, keep)?;
    let m = crate::companies::get(conn, merge)?;
    if let (Some(a), Some(b)) = (&k.credit_code, &m.credit_code) {
        if a != b {
            return Err(Error::Conflict(format!(
                "“{}”与“{}”的统一社会信用代码不同（{a} / {b}），是两家企业，不能合并。",
                k.name, m.name
            )));
        }
    }
    let project_ids: Vec<String> = conn
        .prepare("SELECT id FROM projects WHERE company_id = ?1 AND deleted_at IS NULL")?
        .query_map([merge], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in project_ids {
        let p = crate::projects::get(conn, &id)?;
        let input = ProjectInput {
            name: p.name,
            company_id: Some(keep.to_string()),
            content: p.content,
            total_investment: p.total_investment,
            industry_id: p.industry_id,
            region_group_override: if p.region_group_manual {
                p.region_group_id
            } else {
                None
            },
            enclave: p.enclave,
            relocation: p.relocation,
            key_project: p.key_project,
            high_energy: p.high_energy,
            park: p.park,
            team_id: p.team_id,
            officer_id: p.officer_id,
            sponsor_id: p.sponsor_id,
            responsible_unit: p.responsible_unit,
            coordination_issues: p.coordination_issues,
            next_step: p.next_step,
            notes: p.notes,
            follow_up_on: p.follow_up_on,
        };
        crate::projects::update(conn, &id, &input)?;
    }
    let activity_ids: Vec<String> = conn
        .prepare(
            "SELECT a.id FROM activity_companies ac JOIN activities a ON a.id = ac.activity_id
             WHERE ac.company_id = ?1 AND a.deleted_at IS NULL",
        )?
        .query_map([merge], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in activity_ids {
        let a = crate::activities::get(conn, &id)?;
        let mut company_ids: Vec<String> = Vec::new();
        for c in &a.company_ids {
            let c = if c == merge { keep } else { c.as_str() };
            if !company_ids.iter().any(|x| x == c) {
                company_ids.push(c.to_string());
            }
        }
        let input = ActivityInput {
            kind: a.kind,
            occurred_on: a.occurred_on,
            place: a.place.clone(),
            destination_code: a.destination_code.clone(),
            summary: a.summary.clone(),
            follow_up_on: a.follow_up_on,
            officer_ids: a.officer_ids.clone(),
            company_ids: company_ids.clone(),
            project_ids: a.project_ids.clone(),
            trip: a.trip(),
        };
        if crate::activities::update(conn, &id, &input, today).is_err() {
            // An old activity the form would no longer accept (e.g. its officer was deleted):
            // re-point the link alone, logged like any change.
            conn.execute(
                "INSERT OR IGNORE INTO activity_companies (activity_id, company_id) VALUES (?1, ?2)",
                params![id, keep],
            )?;
            conn.execute(
                "DELETE FROM activity_companies WHERE activity_id = ?1 AND company_id = ?2",
                params![id, merge],
            )?;
            let after = crate::activities::get(conn, &id)?;
            crate::storage::changelog::record(conn, "activities", &id, Some(&a), &after, &[])?;
        }
    }
    crate::companies::delete(conn, merge)?;
    let filled = CompanyInput {
        name: k.name.clone(),
        credit_code: k.credit_code.clone().or(m.credit_code.clone()),
        origin_code: k.origin_code.clone().or(m.origin_code.clone()),
        overseas: k.overseas || (k.origin_code.is_none() && m.overseas),
        industry_id: k.industry_id.clone().or(m.industry_id.clone()),
        contact_person: k.contact_person.clone().or(m.contact_person.clone()),
        contact_phone: k.contact_phone.clone().or(m.contact_phone.clone()),
        notes: match (&k.notes, &m.notes) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}\n{b}")),
            (a, b) => a.clone().or(b.clone()),
        },
        legal_representative: k
            .legal_representative
            .clone()
            .or(m.legal_representative.clone()),
        registered_capital: k.registered_capital.or(m.registered_capital),
        address: k.address.clone().or(m.address.clone()),
        business_scope: k.business_scope.clone().or(m.business_scope.clone()),
    };
    if filled != k.to_input() {
        crate::companies::update(conn, keep, &filled)?;
    }
    if fold(&m.name) != fold(&k.name) {
        crate::search::add_alias_in(conn, &m.name, &k.name)?;
    }
    Ok(())
}

impl Ledger {
    /// Likely duplicate companies (same normalized name, no conflicting credit codes).
    pub fn duplicate_companies(&self) -> Result<Vec<DuplicateGroup>> {
        duplicate_candidates(self.connection())
    }

    /// A live company with the counts of its projects and activities.
    pub fn company_usage(&self, id: &str) -> Result<DuplicateCompany> {
        company_usage(self.connection(), id)
    }

    /// 合并企业: `merge`'s projects and activities move to `keep` (every stage change and
    /// activity is kept), then `merge` is deleted (restorable from the recycle bin). One action.
    pub fn merge_companies(&mut self, keep: &str, merge: &str) -> Result<crate::model::Company> {
        self.write(|tx, today| {
            self::merge(tx, keep, merge, today)?;
            crate::companies::get(tx, keep)
        })
    }
}

//! The 项目库 list: its filter, the page of rows, the count and 总投资 of every matching row.
//!
//! At 100k projects (issue 14): the name search is answered from the search index's trigram
//! table (`search::project_name_condition`), and the page is chosen on `projects` alone,
//! reading only what the filter and the sort need (the list indexes of migration 0009), before
//! the 100 or so rows of the page are read whole and their names joined.

use chrono::NaiveDate;
use rusqlite::{params_from_iter, types::Value, Connection};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::{Stage, Tier};
use crate::reports::period::Period;
use crate::reports::scope::{Scope, SqlWhere};
use crate::util::clean;

/// Which date a list's period filter applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum PeriodField {
    /// 登记 (first stage change).
    #[default]
    Created,
    Signed,
    Started,
    Operating,
    /// Had at least one activity in the period (对接洽谈).
    Contacted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum ProjectSort {
    #[default]
    UpdatedAt,
    Name,
    TotalInvestment,
    Stage,
    StageSince,
    SignedOn,
    StartedOn,
}

/// The 项目库 filter: a report scope plus list-only conditions, sort and paging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ProjectFilter {
    pub scope: Scope,
    /// Substring of the project or company name.
    pub search: Option<String>,
    pub stages: Vec<Stage>,
    pub tiers: Vec<Tier>,
    /// 来源地: a GB/T 2260 code; its company's origin is this division or one inside it
    /// (招商地图's click). Unknown codes match nothing.
    pub origin_code: Option<String>,
    pub period: Option<Period>,
    pub period_field: PeriodField,
    pub sort: ProjectSort,
    pub descending: bool,
    pub offset: u32,
    /// Rows per page (at most 1000; 0 means 200).
    pub limit: u32,
}

/// One row of the 项目库 table (names resolved for display).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectRow {
    pub id: String,
    pub name: String,
    pub company_name: Option<String>,
    pub total_investment: i64,
    pub industry_name: Option<String>,
    pub region_group_name: Option<String>,
    pub stage: Stage,
    pub stage_since: NaiveDate,
    pub signed_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub team_name: Option<String>,
    pub officer_name: Option<String>,
    pub key_project: bool,
    pub enclave: bool,
    pub relocation: bool,
    pub high_energy: bool,
    pub follow_up_on: Option<NaiveDate>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectPage {
    /// Rows matching the filter (all pages).
    pub total: u32,
    /// 总投资 of all matching rows, in 元.
    pub total_investment: i64,
    pub rows: Vec<ProjectRow>,
}

/// The `WHERE` clause (on `projects p`) of a 项目库 filter; exports reuse it.
pub fn filter_where(f: &ProjectFilter) -> SqlWhere {
    let mut w = SqlWhere::new();
    w.push("p.deleted_at IS NULL", []);
    f.scope.apply_to_projects(&mut w);
    if let Some(q) = clean(&f.search) {
        let (sql, params) = crate::search::project_name_condition(&q);
        w.push_vec(&sql, params);
    }
    if !f.stages.is_empty() {
        w.push_in(
            "p.stage",
            f.stages.iter().map(|s| Value::from(s.code().to_string())),
        );
    }
    if !f.tiers.is_empty() {
        let parts: Vec<String> = f
            .tiers
            .iter()
            .map(|t| {
                let (lo, hi) = t.range();
                format!("(p.total_investment >= {lo} AND p.total_investment < {hi})")
            })
            .collect();
        w.push(&format!("({})", parts.join(" OR ")), []);
    }
    if let Some(code) = clean(&f.origin_code) {
        // "320000" → "32", "320500" → "3205", a county code → itself.
        let prefix = code.trim_end_matches("00").to_string();
        w.push(
            "p.company_id IN (SELECT id FROM companies WHERE deleted_at IS NULL AND substr(origin_code, 1, length(?)) = ?)",
            [Value::from(prefix.clone()), Value::from(prefix)],
        );
    }
    if let Some(period) = f.period {
        let range = [
            Value::from(period.from.to_string()),
            Value::from(period.to.to_string()),
        ];
        match f.period_field {
            PeriodField::Created => w.push("p.created_on BETWEEN ? AND ?", range),
            PeriodField::Signed => w.push("p.signed_on BETWEEN ? AND ?", range),
            PeriodField::Started => w.push("p.started_on BETWEEN ? AND ?", range),
            PeriodField::Operating => w.push("p.operating_on BETWEEN ? AND ?", range),
            PeriodField::Contacted => w.push(
                "p.rid IN (SELECT project_rid FROM activity_project_links WHERE deleted_at IS NULL AND occurred_on BETWEEN ? AND ?)",
                range,
            ),
        }
    }
    w
}

/// The sort expression (on `projects p`) of a list's order.
fn order_by(sort: ProjectSort) -> &'static str {
    match sort {
        ProjectSort::UpdatedAt => "p.updated_at",
        ProjectSort::Name => "p.name",
        ProjectSort::TotalInvestment => "p.total_investment",
        ProjectSort::Stage => "CASE p.stage WHEN 'lead' THEN 0 WHEN 'negotiating' THEN 1 WHEN 'signed' THEN 2 WHEN 'started' THEN 3 WHEN 'operating' THEN 4 WHEN 'on_hold' THEN 5 ELSE 6 END",
        ProjectSort::StageSince => "p.stage_since",
        ProjectSort::SignedOn => "p.signed_on",
        ProjectSort::StartedOn => "p.started_on",
    }
}

pub fn list(conn: &Connection, f: &ProjectFilter) -> Result<ProjectPage> {
    let w = filter_where(f);
    let order = order_by(f.sort);
    let dir = if f.descending { "DESC" } else { "ASC" };
    let limit = match f.limit {
        0 => 200,
        n => n.min(1000),
    };
    let offset = f.offset;
    let (total, total_investment, page): (u32, i64, Vec<i64>) = if clean(&f.search).is_some() {
        // A name search: the matching projects are found once (from the trigram index,
        // `search::project_name_condition`), and counted, summed and sorted in one statement;
        // the first row holds the count and the sum, the others the page's rowids.
        let sql = format!(
            "WITH m AS MATERIALIZED (
                 SELECT p.rowid AS rid, p.total_investment AS amount, {order} AS k, p.id AS id
                 FROM projects p WHERE {})
             SELECT NULL, COUNT(*), COALESCE(SUM(amount), 0) FROM m
             UNION ALL
             SELECT * FROM (SELECT rid, NULL, NULL FROM m
                            ORDER BY k {dir}, id {dir} LIMIT {limit} OFFSET {offset})",
            w.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(w.params()))?;
        let (mut total, mut sum, mut page) = (0, 0, Vec::with_capacity(limit as usize));
        while let Some(r) = rows.next()? {
            match r.get::<_, Option<i64>>(0)? {
                Some(rid) => page.push(rid),
                None => (total, sum) = (r.get(1)?, r.get(2)?),
            }
        }
        (total, sum, page)
    } else {
        // The count and the page each from the list indexes (0009) where the filter allows:
        // the page is chosen keeping only each row's rowid and sort key, not whole rows.
        let (total, sum) = conn
            .prepare_cached(&format!(
                "SELECT COUNT(*), COALESCE(SUM(p.total_investment), 0) FROM projects p WHERE {}",
                w.sql()
            ))?
            .query_row(params_from_iter(w.params()), |r| Ok((r.get(0)?, r.get(1)?)))?;
        let page = conn
            .prepare_cached(&format!(
                "SELECT p.rowid FROM projects p WHERE {}
                 ORDER BY {order} {dir}, p.id {dir} LIMIT {limit} OFFSET {offset}",
                w.sql()
            ))?
            .query_map(params_from_iter(w.params()), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        (total, sum, page)
    };
    // The page's rows read whole, their names joined.
    let rows = if page.is_empty() {
        Vec::new()
    } else {
        let marks = vec!["?"; page.len()].join(", ");
        let sql = format!(
            "SELECT p.id, p.name, c.name, p.total_investment, i.name, g.name, p.stage,
                p.stage_since, p.signed_on, p.started_on, t.name, o.name, p.key_project,
                p.enclave, p.relocation, p.high_energy, p.follow_up_on, p.updated_at
             FROM projects p
             LEFT JOIN companies c ON c.id = p.company_id
             LEFT JOIN industries i ON i.id = p.industry_id
             LEFT JOIN region_groups g ON g.id = p.region_group_id
             LEFT JOIN teams t ON t.id = p.team_id
             LEFT JOIN officers o ON o.id = p.officer_id
             WHERE p.rowid IN ({marks})
             ORDER BY {order} {dir}, p.id {dir}"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(&page), |r| {
                Ok(ProjectRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    company_name: r.get(2)?,
                    total_investment: r.get(3)?,
                    industry_name: r.get(4)?,
                    region_group_name: r.get(5)?,
                    stage: r.get(6)?,
                    stage_since: r.get(7)?,
                    signed_on: r.get(8)?,
                    started_on: r.get(9)?,
                    team_name: r.get(10)?,
                    officer_name: r.get(11)?,
                    key_project: r.get(12)?,
                    enclave: r.get(13)?,
                    relocation: r.get(14)?,
                    high_energy: r.get(15)?,
                    follow_up_on: r.get(16)?,
                    updated_at: r.get(17)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    Ok(ProjectPage {
        total,
        total_investment,
        rows,
    })
}

impl Ledger {
    pub fn list_projects(&self, filter: &ProjectFilter) -> Result<ProjectPage> {
        if clean(&filter.search).is_some() {
            // Names written since the last refresh are not in the trigram index yet. The list
            // is right without the refresh (it compares such names with LIKE), only slower:
            // a refresh that cannot run now (another connection writing) is left for later.
            let _ = self.refresh_search_index();
        }
        list(self.connection(), filter)
    }
}

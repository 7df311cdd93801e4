//! The 项目库 list: its filter, the page of rows, the count and 总投资 of every matching row.
//!
//! At 100k projects (issue 14): the name search is answered from the projects' trigram index
//! (`name_index::project_name_condition`, migration 0015), and the page is chosen on `projects`
//! alone, reading only what the filter and the sort need (the list indexes of migration 0009),
//! before the 100 or so rows of the page are read whole and their names joined.

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

/// The `WHERE` clause (on `projects p`) of a 项目库 filter; exports reuse it. A name search
/// reads the search index's list of terms (one or two characters) to write its condition.
pub fn filter_where(conn: &Connection, f: &ProjectFilter) -> Result<SqlWhere> {
    let mut w = SqlWhere::new();
    w.push("p.deleted_at IS NULL", []);
    f.scope.apply_to_projects(&mut w);
    if let Some(q) = clean(&f.search) {
        let (sql, params) = super::name_index::project_name_condition(conn, &q)?;
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
    Ok(w)
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

/// The rowids of one page of `found` (rowid, sort key, id), in SQLite's `ORDER BY key, id`
/// (`DESC` both when `descending`): NULL first, then numbers, then text byte by byte.
fn page_of(
    mut found: Vec<(i64, Value, String)>,
    descending: bool,
    offset: u32,
    limit: u32,
) -> Vec<i64> {
    fn class(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }
    fn key_order(a: &Value, b: &Value) -> std::cmp::Ordering {
        match (a, b) {
            (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
            (Value::Integer(x), Value::Real(y)) => (*x as f64).total_cmp(y),
            (Value::Real(x), Value::Integer(y)) => x.total_cmp(&(*y as f64)),
            (Value::Real(x), Value::Real(y)) => x.total_cmp(y),
            (Value::Text(x), Value::Text(y)) => x.cmp(y),
            (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
            _ => class(a).cmp(&class(b)),
        }
    }
    let order = |a: &(i64, Value, String), b: &(i64, Value, String)| {
        let o = key_order(&a.1, &b.1).then_with(|| a.2.cmp(&b.2));
        if descending {
            o.reverse()
        } else {
            o
        }
    };
    let (from, to) = (offset as usize, offset as usize + limit as usize);
    if from >= found.len() {
        return Vec::new();
    }
    if to < found.len() {
        found.select_nth_unstable_by(to, order);
        found.truncate(to);
    }
    found.sort_unstable_by(order);
    found.drain(from..).map(|(rid, _, _)| rid).collect()
}

pub fn list(conn: &Connection, f: &ProjectFilter) -> Result<ProjectPage> {
    let w = filter_where(conn, f)?;
    let order = order_by(f.sort);
    let dir = if f.descending { "DESC" } else { "ASC" };
    let limit = match f.limit {
        0 => 200,
        n => n.min(1000),
    };
    let offset = f.offset;
    // The count and the page each from the list indexes (0009) where the filter allows: the
    // page is chosen keeping only each row's rowid and sort key, not whole rows.
    //
    // A name search can match a fifth of 100k projects: 22k rows spread over the whole table,
    // 18 ms to read. Then
    // - sorted by a column with an index (修改时间, 总投资): the count and the sum are read from
    //   `projects_list_rows` (0015: rowid, deleted_at and 总投资) when the name is the
    //   only condition, and the page by walking the sort's index, keeping the rows found,
    //   when that walk is shorter than the matches to sort;
    // - sorted otherwise: the matches are read once, with their sort keys, and counted,
    //   summed and sorted here (SQL's sort of 22k text keys took 20 ms more).
    let search = clean(&f.search).is_some();
    let sort_index = match f.sort {
        ProjectSort::UpdatedAt => Some("projects_updated"),
        ProjectSort::TotalInvestment => Some("projects_list_investment"),
        _ => None,
    };
    if search && sort_index.is_none() {
        let sql = format!(
            "SELECT p.rowid, p.total_investment, {order}, p.id FROM projects p WHERE {}",
            w.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(w.params()))?;
        let (mut sum, mut found) = (0i64, Vec::new());
        while let Some(r) = rows.next()? {
            sum = sum.saturating_add(r.get::<_, Option<i64>>(1)?.unwrap_or(0));
            found.push((
                r.get::<_, i64>(0)?,
                r.get::<_, Value>(2)?,
                r.get::<_, String>(3)?,
            ));
        }
        let total = found.len() as u32;
        let page = page_of(found, f.descending, offset, limit);
        return page_rows(conn, f.sort, f.descending, total, sum, &page);
    }
    // (A name of four characters or more is checked with LIKE, which reads the rows anyway.)
    let name_only = search
        && !w.sql().contains(" LIKE ")
        && f.scope == Scope::default()
        && f.stages.is_empty()
        && f.tiers.is_empty()
        && clean(&f.origin_code).is_none()
        && f.period.is_none();
    let counted = if name_only {
        "projects p INDEXED BY projects_list_rows"
    } else {
        "projects p"
    };
    let (total, total_investment): (u32, i64) = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*), COALESCE(SUM(p.total_investment), 0) FROM {counted} WHERE {}",
            w.sql()
        ))?
        .query_row(params_from_iter(w.params()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    let walked = match sort_index {
        Some(index) if search && total > 0 => {
            // Entries walked ≈ the page's end × projects ÷ matches.
            let projects: i64 = conn
                .prepare_cached("SELECT COALESCE(MAX(rowid), 0) FROM projects")?
                .query_row([], |r| r.get(0))?;
            let walk = (offset as i64 + limit as i64) * projects / total as i64;
            (walk < total as i64).then_some(index)
        }
        _ => None,
    };
    let paged = match walked {
        Some(index) => format!("projects p INDEXED BY {index}"),
        None => "projects p".to_string(),
    };
    let page = conn
        .prepare_cached(&format!(
            "SELECT p.rowid FROM {paged} WHERE {}
             ORDER BY {order} {dir}, p.id {dir} LIMIT {limit} OFFSET {offset}",
            w.sql()
        ))?
        .query_map(params_from_iter(w.params()), |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    page_rows(conn, f.sort, f.descending, total, total_investment, &page)
}

/// The page's rows read whole, their names joined, in the list's order.
fn page_rows(
    conn: &Connection,
    sort: ProjectSort,
    descending: bool,
    total: u32,
    total_investment: i64,
    page: &[i64],
) -> Result<ProjectPage> {
    let order = order_by(sort);
    let dir = if descending { "DESC" } else { "ASC" };
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
            .query_map(params_from_iter(page), |r| {
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
        // The name search's index follows every write (its triggers): nothing to refresh.
        list(self.connection(), filter)
    }
}

//! 项目年度 table: per project and year, 年度计划投资, 完成投资 at each month's end (cumulative
//! within the year) and 形象进度. One row per (project, year), its id derived from both, so two
//! laptops filling in the same year write the same row and their fields merge field by field.
//! Every write goes through the change log (history, 撤销, sync).

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::util::{now_stamp, optional_text, zh_money};

/// One year of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProjectYear {
    pub id: String,
    pub project_id: String,
    pub year: i32,
    /// 年度计划投资, in 元 (None: no plan for the year).
    pub planned_investment: Option<i64>,
    /// 完成投资 from 1 January to the end of each month (index 0 = January), in 元,
    /// cumulative; None where the month was not reported. Always 12 entries.
    pub completed_by_month: Vec<Option<i64>>,
    /// 形象进度: where construction stands, in a few words.
    pub progress: Option<String>,
    pub updated_at: String,
}

impl ProjectYear {
    /// The cumulative 完成投资 reported at the end of `month` (1–12) or the latest month before
    /// it that was reported: (month, amount).
    pub fn completed_at(&self, month: u32) -> Option<(u32, i64)> {
        (1..=month.min(12))
            .rev()
            .find_map(|m| self.completed_by_month[m as usize - 1].map(|v| (m, v)))
    }
}

/// What the project page (or an import) writes for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ProjectYearInput {
    pub year: i32,
    pub planned_investment: Option<i64>,
    /// Up to 12 cumulative amounts (January first); missing entries are not reported.
    pub completed_by_month: Vec<Option<i64>>,
    pub progress: Option<String>,
}

/// The field name a month's amount is reported under (`completed_by_month.6` for June).
pub const MONTH_FIELDS: [&str; 12] = [
    "completed_by_month.1",
    "completed_by_month.2",
    "completed_by_month.3",
    "completed_by_month.4",
    "completed_by_month.5",
    "completed_by_month.6",
    "completed_by_month.7",
    "completed_by_month.8",
    "completed_by_month.9",
    "completed_by_month.10",
    "completed_by_month.11",
    "completed_by_month.12",
];

/// Amounts above this are certainly a typing slip (10 万亿元), as for 总投资.
const MAX_AMOUNT: i64 = 10 * 10_000 * crate::model::YI;

/// The row id of a project's year: the same on every laptop.
pub fn year_id(project_id: &str, year: i32) -> String {
    crate::reference::seed::seed_id("project_year", &format!("{project_id}/{year}"))
}

const SELECT: &str =
    "SELECT id, project_id, year, planned_investment, completed_by_month, progress,
    updated_at FROM project_years";

fn months_from_text(text: Option<String>) -> Vec<Option<i64>> {
    let mut v: Vec<Option<i64>> = text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    v.resize(12, None);
    v
}

fn months_to_text(months: &[Option<i64>]) -> Option<String> {
    months
        .iter()
        .any(Option::is_some)
        .then(|| serde_json::to_string(months).expect("serializes"))
}

fn from_row(r: &Row) -> rusqlite::Result<ProjectYear> {
    Ok(ProjectYear {
        id: r.get(0)?,
        project_id: r.get(1)?,
        year: r.get(2)?,
        planned_investment: r.get(3)?,
        completed_by_month: months_from_text(r.get(4)?),
        progress: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// A project's years, oldest first.
pub fn list(conn: &Connection, project_id: &str) -> Result<Vec<ProjectYear>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY year"
    ))?;
    let rows = stmt.query_map([project_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One year of a project, if it has one.
pub fn get(conn: &Connection, project_id: &str, year: i32) -> Result<Option<ProjectYear>> {
    by_id(conn, &year_id(project_id, year))
}

/// A live year by its row id.
pub(crate) fn by_row_id(conn: &Connection, id: &str) -> Result<Option<ProjectYear>> {
    by_id(conn, id)
}

/// The stored months (JSON text) as people read them: «1-6月累计 1.2亿元».
pub(crate) fn months_display(text: &str) -> String {
    let months = months_from_text(Some(text.to_string()));
    match (1..=12u32)
        .rev()
        .find_map(|m| months[m as usize - 1].map(|v| (m, v)))
    {
        Some((1, v)) => format!("1月 {}", zh_money(v)),
        Some((m, v)) => format!("1-{m}月累计 {}", zh_money(v)),
        None => "（空）".into(),
    }
}

fn by_id(conn: &Connection, id: &str) -> Result<Option<ProjectYear>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Checks an input: the year, amounts ≥ 0 and plausible, cumulative amounts that never go
/// down from one month to the next, no month not begun yet. Returns the 12 months.
fn validate(input: &ProjectYearInput, today: NaiveDate) -> Result<Vec<Option<i64>>> {
    let year = input.year;
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid(
            "year",
            format!("年份 {year} 不在 2000–2100 之间。"),
        ));
    }
    if year > today.year() + 1 {
        return Err(Error::invalid(
            "year",
            format!(
                "{year}年还远未开始：年度投资最多登记到明年（{}年）。",
                today.year() + 1
            ),
        ));
    }
    if let Some(p) = input.planned_investment {
        if p < 0 {
            return Err(Error::invalid(
                "planned_investment",
                "年度计划投资不能为负数。",
            ));
        }
        if p > MAX_AMOUNT {
            return Err(Error::invalid(
                "planned_investment",
                "年度计划投资超过10万亿元，请检查单位（金额按元保存，界面按万元录入）。",
            ));
        }
    }
    if input.completed_by_month.len() > 12 {
        return Err(Error::invalid(
            "completed_by_month",
            "完成投资最多按12个月填写。",
        ));
    }
    let mut months = input.completed_by_month.clone();
    months.resize(12, None);
    let mut last: Option<(usize, i64)> = None;
    for (i, v) in months.iter().enumerate() {
        let Some(v) = *v else { continue };
        let field = MONTH_FIELDS[i];
        let month = i + 1;
        if v < 0 {
            return Err(Error::invalid(
                field,
                format!("{month}月末累计完成投资不能为负数。"),
            ));
        }
        if v > MAX_AMOUNT {
            return Err(Error::invalid(
                field,
                format!("{month}月末累计完成投资超过10万亿元，请检查单位（界面按万元录入）。"),
            ));
        }
        let first_day = NaiveDate::from_ymd_opt(year, month as u32, 1).expect("valid month");
        if first_day > today {
            return Err(Error::invalid(
                field,
                format!("{year}年{month}月尚未开始，不能登记该月的完成投资。"),
            ));
        }
        if let Some((m, before)) = last {
            if v < before {
                return Err(Error::invalid(
                    field,
                    format!(
                        "完成投资按年初至月末累计填写，{month}月末（{}）不能少于{}月末（{}）。",
                        zh_money(v),
                        m + 1,
                        zh_money(before)
                    ),
                ));
            }
        }
        last = Some((i, v));
    }
    Ok(months)
}

/// Writes one year of a project: creates the row, changes it, or (every value empty) removes
/// it. Returns the year as stored, None when removed or never there.
pub fn set(
    conn: &Connection,
    project_id: &str,
    input: &ProjectYearInput,
    today: NaiveDate,
) -> Result<Option<ProjectYear>> {
    crate::projects::get(conn, project_id)?;
    let months = validate(input, today)?;
    let progress = optional_text("progress", "形象进度", &input.progress, 500)?;
    let id = year_id(project_id, input.year);
    let empty = input.planned_investment.is_none()
        && progress.is_none()
        && months_to_text(&months).is_none();
    let (exists, deleted): (bool, bool) = conn
        .prepare_cached("SELECT 1, deleted_at IS NOT NULL FROM project_years WHERE id = ?1")?
        .query_row([&id], |r| Ok((true, r.get(1)?)))
        .optional()?
        .unwrap_or((false, false));
    let live = exists && !deleted;
    if empty {
        if live {
            delete(conn, project_id, input.year)?;
        }
        return Ok(None);
    }
    let stamp = now_stamp();
    let text = months_to_text(&months);
    if !exists {
        conn.prepare_cached(
            "INSERT INTO project_years (id, project_id, year, planned_investment,
                completed_by_month, progress, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?
        .execute(params![
            id,
            project_id,
            input.year,
            input.planned_investment,
            text,
            progress,
            stamp
        ])?;
        crate::storage::changelog::record_created(conn, "project_years", &id)?;
        return by_id(conn, &id);
    }
    // A removed year filled in again is the same row restored, then changed.
    let before = if deleted {
        conn.execute(
            "UPDATE project_years SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
            params![id, stamp],
        )?;
        crate::storage::changelog::record_deleted(conn, "project_years", &id, false)?;
        by_id(conn, &id)?.expect("restored")
    } else {
        by_id(conn, &id)?.expect("live")
    };
    conn.prepare_cached(
        "UPDATE project_years SET planned_investment = ?2, completed_by_month = ?3,
            progress = ?4, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![id, input.planned_investment, text, progress, stamp])?;
    let after = by_id(conn, &id)?.expect("updated");
    crate::storage::changelog::record(conn, "project_years", &id, Some(&before), &after, &[])?;
    Ok(Some(after))
}

/// Removes one year of a project (soft delete: 撤销 and sync bring it back or along).
pub fn delete(conn: &Connection, project_id: &str, year: i32) -> Result<()> {
    let id = year_id(project_id, year);
    if by_id(conn, &id)?.is_none() {
        return Err(Error::not_found(
            "项目年度投资",
            &format!("{project_id}/{year}"),
        ));
    }
    conn.execute(
        "UPDATE project_years SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "project_years", &id, true)
}

/// Brings back a removed year (undo of a removal).
pub(crate) fn restore_by_id(conn: &Connection, id: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE project_years SET deleted_at = NULL, updated_at = ?2
         WHERE id = ?1 AND deleted_at IS NOT NULL",
        params![id, now_stamp()],
    )?;
    if n == 0 {
        return Err(Error::not_found("已删除的项目年度投资", id));
    }
    crate::storage::changelog::record_deleted(conn, "project_years", id, false)
}

/// Removes a year by its row id (undo of a creation).
pub(crate) fn delete_by_id(conn: &Connection, id: &str) -> Result<()> {
    let (project_id, year): (String, i32) = conn
        .query_row(
            "SELECT project_id, year FROM project_years WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|_| Error::not_found("项目年度投资", id))?;
    delete(conn, &project_id, year)
}

/// Writes a row's values back as they were in `snapshot` (undo of an edit).
pub(crate) fn put_back(
    conn: &Connection,
    snapshot: serde_json::Value,
    today: NaiveDate,
) -> Result<()> {
    let y: ProjectYear = serde_json::from_value(snapshot)
        .map_err(|e| Error::Conflict(format!("无法撤销：年度投资已被其他修改改变（{e}）。")))?;
    // The undo writes through the same checks, except that a month is never "not begun" for a
    // value the ledger already held.
    let input = ProjectYearInput {
        year: y.year,
        planned_investment: y.planned_investment,
        completed_by_month: y.completed_by_month,
        progress: y.progress,
    };
    set(
        conn,
        &y.project_id,
        &input,
        today.max(NaiveDate::from_ymd_opt(y.year, 12, 31).expect("date")),
    )?;
    Ok(())
}

impl Ledger {
    // ── a project's years ────────────────────────────────────────────────────────────────
    /// 年度计划投资, 完成投资 and 形象进度 of a project, oldest year first.
    pub fn project_years(&self, project_id: &str) -> Result<Vec<ProjectYear>> {
        crate::projects::get(self.connection(), project_id)?;
        list(self.connection(), project_id)
    }
    /// Writes one year of a project (every value empty: removes the year).
    pub fn set_project_year(
        &mut self,
        project_id: &str,
        input: &ProjectYearInput,
    ) -> Result<Option<ProjectYear>> {
        self.write(|tx, today| set(tx, project_id, input, today))
    }
    /// Removes one year of a project.
    pub fn delete_project_year(&mut self, project_id: &str, year: i32) -> Result<()> {
        self.write(|tx, _| delete(tx, project_id, year))
    }
}

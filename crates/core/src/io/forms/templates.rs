//! 报表模板: the two built-ins and the office's own (table `export_templates`), logged in the
//! change log so 撤销 and sync follow them.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Stage;
use crate::util::{new_id, now_stamp, required_name};

use super::columns;
use super::types::{
    ExportTemplate, ExportTemplateInput, FormColumn, FormKind, FormPeriod, FormScope, SplitBy,
};

/// Id of the built-in weekly 在谈项目信息采集表.
pub const BUILTIN_WEEKLY: &str = "builtin:weekly_negotiating";
/// Id of the built-in 月报.
pub const BUILTIN_MONTHLY: &str = "builtin:monthly";

const MAX_COLUMNS: usize = 40;
const MAX_TITLE: usize = 30;

fn col(key: &str) -> FormColumn {
    let (_, title, _) = columns::known(key).expect("a catalogue key");
    FormColumn {
        key: key.to_string(),
        title: title.to_string(),
    }
}

/// The built-in templates: the weekly 在谈项目信息采集表 and the monthly 月报.
pub fn builtins() -> Vec<ExportTemplate> {
    vec![
        ExportTemplate {
            id: BUILTIN_WEEKLY.into(),
            name: "在谈项目信息采集表".into(),
            title: "在谈项目信息采集表".into(),
            columns: [
                "seq",
                "name",
                "company",
                "fixed_investment",
                "content",
                "land",
                "contact",
                "progress",
                "assessment",
                "officer",
            ]
            .into_iter()
            .map(col)
            .collect(),
            header_counts: true,
            split_by: SplitBy::None,
            scope: FormScope {
                stages: vec![Stage::Negotiating],
                period: FormPeriod::Week,
            },
            kind: FormKind::Projects,
            builtin: true,
        },
        ExportTemplate {
            id: BUILTIN_MONTHLY.into(),
            name: "月报".into(),
            title: "招商引资工作月报".into(),
            columns: Vec::new(),
            header_counts: true,
            split_by: SplitBy::None,
            scope: FormScope {
                stages: Vec::new(),
                period: FormPeriod::Month,
            },
            kind: FormKind::MonthlyFigures,
            builtin: true,
        },
    ]
}

/// The row as stored: what the change log records and sync carries (JSON as text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Stored {
    pub name: String,
    pub title: String,
    pub columns: String,
    pub header_counts: bool,
    pub split_by: String,
    pub scope: String,
}

impl Stored {
    fn template(self, id: String) -> ExportTemplate {
        ExportTemplate {
            id,
            name: self.name,
            title: self.title,
            columns: serde_json::from_str(&self.columns).unwrap_or_default(),
            header_counts: self.header_counts,
            split_by: SplitBy::from_code(&self.split_by),
            scope: serde_json::from_str(&self.scope).unwrap_or_default(),
            kind: FormKind::Projects,
            builtin: false,
        }
    }
}

const SELECT: &str =
    "SELECT id, name, title, columns, header_counts, split_by, scope FROM export_templates";

fn from_row(r: &Row) -> rusqlite::Result<(String, Stored)> {
    Ok((
        r.get(0)?,
        Stored {
            name: r.get(1)?,
            title: r.get(2)?,
            columns: r.get(3)?,
            header_counts: r.get(4)?,
            split_by: r.get(5)?,
            scope: r.get(6)?,
        },
    ))
}

fn stored(conn: &Connection, id: &str) -> Result<Stored> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([id], from_row)
        .optional()?
        .map(|(_, s)| s)
        .ok_or_else(|| Error::not_found("报表模板", id))
}

/// The built-ins, then the office's templates by name.
pub fn list(conn: &Connection) -> Result<Vec<ExportTemplate>> {
    let mut out = builtins();
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE deleted_at IS NULL ORDER BY name, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    for r in rows {
        let (id, s) = r?;
        out.push(s.template(id));
    }
    Ok(out)
}

/// A template by id or (trimmed) name.
pub fn find(conn: &Connection, id_or_name: &str) -> Result<ExportTemplate> {
    let key = id_or_name.trim();
    list(conn)?
        .into_iter()
        .find(|t| t.id == key || t.name == key)
        .ok_or_else(|| Error::not_found("报表模板", key))
}

pub fn get(conn: &Connection, id: &str) -> Result<ExportTemplate> {
    Ok(stored(conn, id)?.template(id.to_string()))
}

fn validate(conn: &Connection, id: Option<&str>, t: &ExportTemplateInput) -> Result<Stored> {
    let name = required_name("name", "模板名称", &t.name, MAX_TITLE)?;
    let title = required_name("title", "报表标题", &t.title, 60)?;
    if builtins().iter().any(|b| b.name == name) {
        return Err(Error::invalid(
            "name",
            format!("“{name}”是内置报表的名称，请另起一个名称。"),
        ));
    }
    let taken: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM export_templates WHERE name = ?1 AND deleted_at IS NULL
            AND id IS NOT ?2)",
        params![name, id],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid(
            "name",
            format!("已有名为“{name}”的报表模板。"),
        ));
    }
    if t.columns.is_empty() {
        return Err(Error::invalid("columns", "请至少选择一列。"));
    }
    if t.columns.len() > MAX_COLUMNS {
        return Err(Error::invalid(
            "columns",
            format!("最多选择 {MAX_COLUMNS} 列。"),
        ));
    }
    let mut cols = Vec::with_capacity(t.columns.len());
    for c in &t.columns {
        let Some((key, default, _)) = columns::known(c.key.trim()) else {
            return Err(Error::invalid(
                "columns",
                format!("没有“{}”这一列。", c.key),
            ));
        };
        if cols.iter().any(|x: &FormColumn| x.key == *key) {
            return Err(Error::invalid(
                "columns",
                format!("“{default}”一列选了两次。"),
            ));
        }
        let title = c.title.trim();
        let title = if title.is_empty() { *default } else { title };
        if title.chars().count() > MAX_TITLE {
            return Err(Error::invalid(
                "columns",
                format!("列标题“{title}”过长（最多 {MAX_TITLE} 个字）。"),
            ));
        }
        cols.push(FormColumn {
            key: key.to_string(),
            title: title.to_string(),
        });
    }
    let mut scope = t.scope.clone();
    scope.stages.sort();
    scope.stages.dedup();
    Ok(Stored {
        name,
        title,
        columns: serde_json::to_string(&cols).expect("columns serialize"),
        header_counts: t.header_counts,
        split_by: t.split_by.code().to_string(),
        scope: serde_json::to_string(&scope).expect("scope serializes"),
    })
}

fn refuse_builtin(id: &str) -> Result<()> {
    if id.starts_with("builtin:") {
        return Err(Error::invalid(
            "name",
            "内置报表不能修改或删除；可复制为新的模板后修改。",
        ));
    }
    Ok(())
}

pub fn create(conn: &Connection, t: &ExportTemplateInput) -> Result<ExportTemplate> {
    let s = validate(conn, None, t)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO export_templates (id, name, title, columns, header_counts, split_by, scope,
            created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            id,
            s.name,
            s.title,
            s.columns,
            s.header_counts,
            s.split_by,
            s.scope,
            now_stamp()
        ],
    )?;
    crate::storage::changelog::record_created(conn, "export_templates", &id)?;
    get(conn, &id)
}

fn write(conn: &Connection, id: &str, s: &Stored) -> Result<()> {
    let before = stored(conn, id)?;
    conn.execute(
        "UPDATE export_templates SET name = ?2, title = ?3, columns = ?4, header_counts = ?5,
            split_by = ?6, scope = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            id,
            s.name,
            s.title,
            s.columns,
            s.header_counts,
            s.split_by,
            s.scope,
            now_stamp()
        ],
    )?;
    crate::storage::changelog::record(conn, "export_templates", id, Some(&before), s, &[])
}

pub fn update(conn: &Connection, id: &str, t: &ExportTemplateInput) -> Result<ExportTemplate> {
    refuse_builtin(id)?;
    stored(conn, id)?;
    let s = validate(conn, Some(id), t)?;
    write(conn, id, &s)?;
    get(conn, id)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    refuse_builtin(id)?;
    stored(conn, id)?;
    conn.execute(
        "UPDATE export_templates SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "export_templates", id, true)
}

/// 撤销 of a template's action: created → deleted, deleted → restored, edited → the old values.
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    let fields: Vec<(&str, Option<&str>)> = fields.collect();
    if fields.iter().any(|(f, _)| *f == "*") {
        return delete(conn, id);
    }
    if let Some((_, old)) = fields.iter().find(|(f, _)| *f == "deleted") {
        return crate::storage::changelog::put_back_deleted(conn, "export_templates", id, *old);
    }
    let old: Stored = crate::storage::changelog::with_old_values(&stored(conn, id)?, &fields)
        .map_err(|e| Error::Conflict(format!("无法撤销：报表模板已改变（{e}）。")))?;
    let input = ExportTemplateInput {
        name: old.name.clone(),
        title: old.title.clone(),
        columns: serde_json::from_str(&old.columns).unwrap_or_default(),
        header_counts: old.header_counts,
        split_by: SplitBy::from_code(&old.split_by),
        scope: serde_json::from_str(&old.scope).unwrap_or_default(),
    };
    let s = validate(conn, Some(id), &input)?;
    write(conn, id, &s)
}

//! The columns a template may pick, and the listed projects' cells.
//!
//! How the 采集表's columns read the ledger (it has no field for every word of the form):
//! - 投资方: the project's company name.
//! - 固定资产投资: the ledger keeps one amount per project, its 总投资 (万元); the form's 固定资产投资
//!   prints that amount (an office that keeps them apart writes the difference in 备注).
//! - 项目内容: 建设内容.
//! - 用地: where the project lands, its 园区 (the ledger has no land area field).
//! - 联系人: the company's 联系人 and 联系电话.
//! - 进度: the current stage and since when, and the latest activity on the project
//!   («洽谈（2026-11-20起）；2026-12-01 来访接待：…»).
//! - 研判: 下一步工作 and 需协调事项 («下一步：…；需协调：…»).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{ActivityKind, Stage};
use crate::reports::facts::{date, day, Facts};
use crate::reports::period::Period;

use super::types::FormScope;

/// One column of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FormColumnInfo {
    pub key: String,
    /// The default title.
    pub title: String,
    /// Width in Excel units.
    pub width: f64,
}

/// (key, default title, width).
pub const COLUMNS: &[(&str, &str, f64)] = &[
    ("seq", "序号", 6.0),
    ("name", "项目名称", 28.0),
    ("company", "投资方", 26.0),
    ("total_investment", "总投资（万元）", 13.0),
    ("fixed_investment", "固定资产投资（万元）", 13.0),
    ("content", "项目内容", 36.0),
    ("land", "用地", 16.0),
    ("contact", "联系人", 18.0),
    ("progress", "进度", 40.0),
    ("assessment", "研判", 40.0),
    ("stage", "阶段", 8.0),
    ("stage_since", "阶段日期", 12.0),
    ("signed_on", "签约日期", 12.0),
    ("started_on", "开工日期", 12.0),
    ("officer", "招商专员", 10.0),
    ("sponsor", "包保领导", 10.0),
    ("team", "团队", 12.0),
    ("park", "园区", 16.0),
    ("industry", "产业", 14.0),
    ("origin", "来源地", 20.0),
    ("region_group", "来源区域", 10.0),
    ("responsible_unit", "责任单位", 14.0),
    ("next_step", "下一步工作", 30.0),
    ("coordination_issues", "需协调事项", 30.0),
    ("notes", "备注", 30.0),
];

pub fn column_catalogue() -> Vec<FormColumnInfo> {
    COLUMNS
        .iter()
        .map(|(k, t, w)| FormColumnInfo {
            key: k.to_string(),
            title: t.to_string(),
            width: *w,
        })
        .collect()
}

pub(crate) fn known(key: &str) -> Option<&'static (&'static str, &'static str, f64)> {
    COLUMNS.iter().find(|(k, _, _)| *k == key)
}

/// A cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// 元, printed in 万元.
    Wan(i64),
    Date(NaiveDate),
    Number(u32),
    Empty,
}

/// One listed project.
#[derive(Debug, Clone)]
pub struct FormRow {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub park: Option<String>,
    pub industry: Option<String>,
    /// New in the period (see the module's documentation).
    pub new: bool,
    values: HashMap<&'static str, Cell>,
}

impl FormRow {
    pub fn cell(&self, key: &str, seq: usize) -> Cell {
        if key == "seq" {
            return Cell::Number(seq as u32);
        }
        self.values.get(key).cloned().unwrap_or(Cell::Empty)
    }
}

fn in_scope(stage: Option<Stage>, scope: &FormScope) -> bool {
    match stage {
        None => false,
        Some(s) if scope.stages.is_empty() => s != Stage::Dropped,
        Some(s) => scope.stages.contains(&s),
    }
}

fn text(v: Option<String>) -> Cell {
    match v {
        Some(t) if !t.trim().is_empty() => Cell::Text(t),
        _ => Cell::Empty,
    }
}

fn joined(parts: &[(&str, Option<String>)]) -> Cell {
    let parts: Vec<String> = parts
        .iter()
        .filter_map(|(label, v)| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| format!("{label}{t}"))
        })
        .collect();
    if parts.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(parts.join("；"))
    }
}

/// The projects a template lists for `period`, by name, with every catalogue cell.
pub fn rows(
    conn: &Connection,
    facts: &Facts,
    scope: &FormScope,
    period: Period,
) -> Result<Vec<FormRow>> {
    let end = day(period.to);
    let before = day(period.from) - 1;
    // id → (stage at the end, new in the period, the day that stage was reached).
    let mut listed: HashMap<String, (Stage, bool, NaiveDate)> = HashMap::new();
    for (i, p) in facts.projects.iter().enumerate() {
        if !p.live {
            continue;
        }
        let at_end = facts.stage_at(p, end);
        if !in_scope(at_end, scope) {
            continue;
        }
        let new = !in_scope(facts.stage_at(p, before), scope);
        // The stage's date as of the period's end (a later change does not move it).
        let since = if p.stage_since <= end {
            p.stage_since
        } else {
            let events = &facts.events[p.events.start as usize..p.events.end as usize];
            let n = events.partition_point(|e| e.day <= end);
            n.checked_sub(1).map_or(p.stage_since, |i| events[i].day)
        };
        if let (Some(id), Some(stage)) = (facts.project_ids.id(i as u32), at_end) {
            listed.insert(id.to_string(), (stage, new, date(since)));
        }
    }
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, c.name, p.total_investment, p.content, p.park, c.contact_person,
            c.contact_phone, p.stage_since, p.signed_on, p.started_on, o.name, sp.name, t.name,
            i.name, CASE WHEN c.overseas THEN '境外' ELSE dv.full_name END, g.name,
            p.responsible_unit, p.next_step, p.coordination_issues, p.notes
         FROM projects p
         LEFT JOIN companies c ON c.id = p.company_id
         LEFT JOIN divisions dv ON dv.code = c.origin_code
         LEFT JOIN region_groups g ON g.id = p.region_group_id
         LEFT JOIN industries i ON i.id = p.industry_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN officers o ON o.id = p.officer_id
         LEFT JOIN officers sp ON sp.id = p.sponsor_id
         WHERE p.deleted_at IS NULL
         ORDER BY p.name, p.id",
    )?;
    let mut latest = conn.prepare_cached(
        "SELECT a.occurred_on, a.kind, a.summary FROM activity_projects ap
         JOIN activities a ON a.id = ap.activity_id
         WHERE ap.project_id = ?1 AND ap.deleted_at IS NULL AND a.deleted_at IS NULL
           AND a.occurred_on <= ?2
         ORDER BY a.occurred_on DESC, a.created_at DESC LIMIT 1",
    )?;
    let mut out = Vec::new();
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let id: String = r.get(0)?;
        let Some(&(stage, new, since)) = listed.get(&id) else {
            continue;
        };
        let name: String = r.get(1)?;
        let company: Option<String> = r.get(2)?;
        let total: i64 = r.get(3)?;
        let park: Option<String> = r.get(5)?;
        let person: Option<String> = r.get(6)?;
        let phone: Option<String> = r.get(7)?;
        let team: Option<String> = r.get(13)?;
        let industry: Option<String> = r.get(14)?;
        let next_step: Option<String> = r.get(18)?;
        let issues: Option<String> = r.get(19)?;
        let act: Option<(NaiveDate, ActivityKind, Option<String>)> = latest
            .query_row(rusqlite::params![id, period.to], |a| {
                Ok((a.get(0)?, a.get(1)?, a.get(2)?))
            })
            .ok();
        // The stage the form prints is the one at the period's end, with the day it was reached.
        let mut progress = format!("{}（{}起）", stage.label(), since);
        if let Some((on, kind, summary)) = act {
            progress.push_str(&format!("；{on} {}", kind.label()));
            if let Some(s) = summary.filter(|s| !s.trim().is_empty()) {
                progress.push_str(&format!("：{}", s.trim()));
            }
        }
        let contact = match (crate::util::clean(&person), crate::util::clean(&phone)) {
            (Some(p), Some(t)) => Some(format!("{p} {t}")),
            (p, t) => p.or(t),
        };
        let mut values: HashMap<&'static str, Cell> = HashMap::new();
        values.insert("name", Cell::Text(name.clone()));
        values.insert("company", text(company));
        values.insert("total_investment", Cell::Wan(total));
        values.insert("fixed_investment", Cell::Wan(total));
        values.insert("content", text(r.get(4)?));
        values.insert("land", text(park.clone()));
        values.insert("park", text(park.clone()));
        values.insert("contact", text(contact));
        values.insert("progress", Cell::Text(progress));
        values.insert(
            "assessment",
            joined(&[
                ("下一步：", next_step.clone()),
                ("需协调：", issues.clone()),
            ]),
        );
        values.insert("stage", Cell::Text(stage.label().to_string()));
        values.insert("stage_since", Cell::Date(since));
        for (key, col) in [("signed_on", 9), ("started_on", 10)] {
            let d: Option<NaiveDate> = r.get(col)?;
            let d = d.filter(|d| *d <= period.to);
            values.insert(key, d.map_or(Cell::Empty, Cell::Date));
        }
        values.insert("officer", text(r.get(11)?));
        values.insert("sponsor", text(r.get(12)?));
        values.insert("team", text(team.clone()));
        values.insert("industry", text(industry.clone()));
        values.insert("origin", text(r.get(15)?));
        values.insert("region_group", text(r.get(16)?));
        values.insert("responsible_unit", text(r.get(17)?));
        values.insert("next_step", text(next_step));
        values.insert("coordination_issues", text(issues));
        values.insert("notes", text(r.get(20)?));
        out.push(FormRow {
            id,
            name,
            team,
            park,
            industry,
            new,
            values,
        });
    }
    Ok(out)
}

/// The sheets of a split: (sheet name, its rows), in name order, «未分配» last.
pub fn split(rows: Vec<FormRow>, by: super::types::SplitBy) -> Vec<(Option<String>, Vec<FormRow>)> {
    let key = |r: &FormRow| -> Option<String> {
        match by {
            super::types::SplitBy::None => None,
            super::types::SplitBy::Team => r.team.clone(),
            super::types::SplitBy::Park => r.park.clone(),
        }
    };
    if by == super::types::SplitBy::None {
        return vec![(None, rows)];
    }
    let names: BTreeSet<Option<String>> = rows.iter().map(key).collect();
    let mut names: Vec<Option<String>> = names.into_iter().collect();
    names.sort_by_key(|n| n.is_none());
    names
        .into_iter()
        .map(|n| {
            let these = rows.iter().filter(|r| key(r) == n).cloned().collect();
            (n, these)
        })
        .collect()
}

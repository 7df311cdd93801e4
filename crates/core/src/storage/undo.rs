//! 撤销 and 回收站, built on the change log: an action (one `Ledger::write`) is undone by writing
//! its reverse through the same table modules, so the undo is validated and logged like any edit.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{ActivityInput, CompanyInput, ProjectInput};
use crate::{activities, companies, projects, storage::changelog};

/// Tables whose actions can be undone.
const UNDOABLE: &[&str] = &[
    "projects",
    "companies",
    "activities",
    "stage_changes",
    "project_years",
    "parks",
    "attachments",
    "teams",
    "officers",
    "region_groups",
    "targets",
    "search_aliases",
    "assignments",
    "score_rules",
    "alert_rules",
    "no_update_reasons",
    "export_templates",
];
/// The change log's marker for "this action was undone".
const UNDONE: &str = "actions";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UndoableAction {
    pub tx_id: String,
    /// "修改项目“…”：总投资、名称".
    pub description: String,
    pub changed_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DeletedRecord {
    /// "projects", "companies" or "activities".
    pub table_name: String,
    pub id: String,
    pub title: String,
    pub deleted_at: String,
}

struct Entry {
    table: String,
    row_id: String,
    field: String,
    old: Option<String>,
    new: Option<String>,
    changed_at: String,
}

fn entries(conn: &Connection, tx_id: &str) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT table_name, row_id, field, old_value, new_value, changed_at FROM changes
         WHERE tx_id = ?1 ORDER BY hlc DESC",
    )?;
    let rows = stmt.query_map([tx_id], |r| {
        Ok(Entry {
            table: r.get(0)?,
            row_id: r.get(1)?,
            field: r.get(2)?,
            old: r.get(3)?,
            new: r.get(4)?,
            changed_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn field_label(table: &str, field: &str) -> String {
    if table == "export_templates" {
        return match field {
            "name" => "模板名称",
            "title" => "报表标题",
            "columns" => "列",
            "header_counts" => "表头统计",
            "split_by" => "分表方式",
            "scope" => "统计范围",
            other => other,
        }
        .to_string();
    }
    let label = match field {
        "name" => "名称",
        "total_investment" => "总投资",
        "company_id" => "投资方",
        "content" => "建设内容",
        "industry_id" => "产业",
        "region_group_id" | "region_group_manual" => "来源区域",
        "enclave" => "飞地项目",
        "relocation" => "承接产业转移",
        "key_project" => "重点项目",
        "high_energy" => "两高",
        "park" => "园区",
        "team_id" => "团队",
        "officer_id" => "责任人",
        "sponsor_id" => "包保领导",
        "responsible_unit" => "责任单位",
        "coordination_issues" => "需协调事项",
        "next_step" => "下一步工作",
        "notes" => "备注",
        "follow_up_on" => "跟进日期",
        "planned_investment" => "年度计划投资",
        "completed_by_month" => "完成投资",
        "progress" => "形象进度",
        "credit_code" => "统一社会信用代码",
        "origin_code" | "overseas" => "来源地",
        "retired_on" => "离岗日期",
        "city_codes" => "所辖城市",
        "value" => "目标值",
        "metric" => "指标",
        "title" => "职务",
        "phone" => "电话",
        "contact_person" => "联系人",
        "contact_phone" => "联系电话",
        "legal_representative" => "法定代表人",
        "registered_capital" => "注册资本",
        "address" => "地址",
        "business_scope" => "经营范围",
        "kind" => "类型",
        "occurred_on" => "日期",
        "place" => "地点",
        "destination_code" => "目的地",
        "summary" => "内容摘要",
        "officer_ids" => "参与人员",
        "company_ids" => "企业",
        "project_ids" => "项目",
        "task" => "交办事项",
        "assignee_officer_id" => "承办人",
        "assignee_leader" => "包保领导",
        "assigned_by" => "交办人",
        "assigned_on" => "交办日期",
        "due_on" => "办理时限",
        "status" => "办理状态",
        "result" => "办理结果",
        "done_on" => "办结日期",
        "trip_group" => "团组名称",
        "trip_leader" => "带队领导",
        "trip_members" => "成员",
        "visited_companies" => "拜访企业",
        "outcomes" => "取得成果",
        "next_steps" => "下一步打算",
        "points" => "分值",
        "threshold" => "期限",
        "enabled" => "启用",
        "reason" => "原因",
        "stated_on" => "说明日期",
        other => other,
    };
    let _ = table;
    label.to_string()
}

fn table_label(table: &str) -> &'static str {
    match table {
        "projects" => "项目",
        "companies" => "企业",
        "activities" => "活动记录",
        "stage_changes" => "阶段记录",
        "project_years" => "年度投资",
        "teams" => "团队",
        "officers" => "人员",
        "region_groups" => "来源区域",
        "targets" => "目标",
        "search_aliases" => "别名",
        "score_rules" => "计分规则",
        "attachments" => "附件",
        "assignments" => "交办单",
        "alert_rules" => "预警规则",
        "no_update_reasons" => "未更新说明",
        "export_templates" => "报表模板",
        _ => "记录",
    }
}

fn title_of(conn: &Connection, table: &str, id: &str) -> String {
    let sql = match table {
        "projects" => "SELECT name FROM projects WHERE id = ?1",
        "companies" => "SELECT name FROM companies WHERE id = ?1",
        "activities" => "SELECT occurred_on || ' ' || COALESCE(summary, '') FROM activities WHERE id = ?1",
        "attachments" => "SELECT file_name FROM attachments WHERE id = ?1",
        "stage_changes" => {
            "SELECT p.name FROM stage_changes s JOIN projects p ON p.id = s.project_id WHERE s.id = ?1"
        }
        "project_years" => {
            "SELECT p.name || ' ' || y.year || '年' FROM project_years y JOIN projects p ON p.id = y.project_id WHERE y.id = ?1"
        }
        "teams" => "SELECT name FROM teams WHERE id = ?1",
        "officers" => "SELECT name FROM officers WHERE id = ?1",
        "region_groups" => "SELECT name FROM region_groups WHERE id = ?1",
        "search_aliases" => "SELECT alias || '＝' || canonical FROM search_aliases WHERE id = ?1",
        "assignments" => "SELECT task FROM assignments WHERE id = ?1",
        "score_rules" => {
            return crate::assessment::points::describe(id)
                .map(|(_, label)| label)
                .unwrap_or_default()
        }
        "export_templates" => "SELECT name FROM export_templates WHERE id = ?1",
        "alert_rules" => return crate::alerts::rules::name_of(id).to_string(),
        "no_update_reasons" => {
            "SELECT p.name FROM no_update_reasons r JOIN projects p ON p.id = r.project_id WHERE r.id = ?1"
        }
        _ => return String::new(),
    };
    conn.query_row(sql, [id], |r| r.get::<_, String>(0))
        .map(|t| t.chars().take(30).collect())
        .unwrap_or_default()
}

/// 合并企业 (`companies::duplicates::merge`): one company deleted and its projects or activities moved to
/// another, described as such rather than as the list of moved rows.
fn describe_merge(
    conn: &Connection,
    rows: &BTreeMap<(String, String), Vec<&Entry>>,
) -> Option<String> {
    let mut deleted = rows.iter().filter(|((t, _), es)| {
        t == "companies"
            && es
                .iter()
                .any(|e| e.field == "deleted" && e.new.as_deref() == Some("true"))
    });
    let ((_, merged), _) = deleted.next()?;
    if deleted.next().is_some() {
        return None;
    }
    let json = |v: &Option<String>| -> Value {
        v.as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(Value::Null)
    };
    let ids = |v: Value| -> Vec<String> {
        match v {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut kept: Option<String> = None;
    for ((table, _), es) in rows {
        for e in es {
            match (table.as_str(), e.field.as_str()) {
                ("projects", "company_id") if json(&e.old).as_str() == Some(merged.as_str()) => {
                    kept = json(&e.new).as_str().map(str::to_string);
                }
                ("activities", "company_ids") => {
                    let (old, new) = (ids(json(&e.old)), ids(json(&e.new)));
                    if old.contains(merged) && !new.contains(merged) {
                        if let Some(k) = new.into_iter().find(|c| !old.contains(c)) {
                            kept = Some(k);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let kept = kept?;
    Some(format!(
        "合并企业“{}”到“{}”",
        title_of(conn, "companies", merged),
        title_of(conn, "companies", &kept)
    ))
}

fn describe(conn: &Connection, entries: &[Entry]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rows: BTreeMap<(String, String), Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        rows.entry((e.table.clone(), e.row_id.clone()))
            .or_default()
            .push(e);
    }
    if let Some(text) = describe_merge(conn, &rows) {
        return text;
    }
    for ((table, id), es) in &rows {
        let title = title_of(conn, table, id);
        let what = table_label(table);
        if es.iter().any(|e| e.field == "*") {
            if table == "stage_changes" {
                let stage: String = conn
                    .query_row(
                        "SELECT to_stage FROM stage_changes WHERE id = ?1",
                        [id],
                        |r| r.get::<_, crate::model::Stage>(0),
                    )
                    .map(|s| s.label().to_string())
                    .unwrap_or_default();
                parts.push(format!("登记“{title}”的{stage}阶段"));
            } else {
                parts.push(format!("新建{what}“{title}”"));
            }
        } else if let Some(e) = es.iter().find(|e| e.field == "deleted") {
            let deleted = e.new.as_deref() == Some("true");
            parts.push(format!(
                "{}{what}“{title}”",
                if deleted { "删除" } else { "恢复" }
            ));
        } else {
            let mut fields: Vec<String> = es.iter().map(|e| field_label(table, &e.field)).collect();
            fields.dedup();
            parts.push(format!("修改{what}“{title}”：{}", fields.join("、")));
        }
    }
    if parts.len() > 3 {
        let n = parts.len();
        parts.truncate(3);
        parts.push(format!("等{n}项"));
    }
    parts.join("；")
}

/// The newest action on this device that touched projects, companies or activities and has
/// not been undone (undo actions themselves are not offered again). An action written here is
/// named by the `seq` of its first entry (changelog.rs), and `changes_actions` holds those
/// first entries (and every entry of an action recorded before schema v8, named by a uuid):
/// newest first, each checked for an undoable table. The condition is the index's own, word
/// for word, so that SQLite uses it. An action's entries are found by their `tx_id`, named:
/// by table, SQLite read every entry of every activity (260 ms at 1M activities).
pub fn last_undoable(conn: &Connection) -> Result<Option<UndoableAction>> {
    let device = crate::storage::settings::get(conn, changelog::DEVICE_ID)?;
    let marks = vec!["?"; UNDOABLE.len()].join(", ");
    let sql = format!(
        "SELECT c.tx_id FROM changes c
         WHERE (c.tx_id = CAST(c.seq AS TEXT) OR length(c.tx_id) = 36) AND c.device_id IS ?1
           AND EXISTS (SELECT 1 FROM changes e INDEXED BY changes_tx WHERE e.tx_id = c.tx_id
                       AND e.table_name IN ({marks}))
           AND NOT EXISTS (SELECT 1 FROM changes u WHERE u.table_name = '{UNDONE}'
                           AND (u.row_id = c.tx_id OR u.tx_id = c.tx_id))
         ORDER BY c.seq DESC LIMIT 1"
    );
    let mut params: Vec<rusqlite::types::Value> = vec![device.into()];
    params.extend(
        UNDOABLE
            .iter()
            .map(|t| rusqlite::types::Value::from(t.to_string())),
    );
    let tx: Option<String> = conn
        .query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
        .ok();
    let Some(tx_id) = tx else { return Ok(None) };
    let es = entries(conn, &tx_id)?;
    Ok(Some(UndoableAction {
        description: describe(conn, &es),
        changed_at: es.first().map(|e| e.changed_at.clone()).unwrap_or_default(),
        tx_id,
    }))
}

fn patched(current: Value, entries: &[&Entry]) -> Value {
    let mut v = current;
    if let Value::Object(map) = &mut v {
        for e in entries {
            map.insert(
                e.field.clone(),
                crate::storage::changelog::old_value::<Value>(e.old.as_deref()),
            );
        }
    }
    v
}

fn bad_snapshot(e: serde_json::Error) -> Error {
    Error::Conflict(format!("无法撤销：记录已被其他修改改变（{e}）。"))
}

/// Writes the reverse of action `tx_id`. Runs inside the caller's transaction.
pub fn undo(conn: &Connection, tx_id: &str, today: NaiveDate) -> Result<UndoableAction> {
    let es = entries(conn, tx_id)?;
    if es.is_empty() {
        return Err(Error::not_found("操作", tx_id));
    }
    let undone: bool = conn.query_row(
        &format!(
            "SELECT EXISTS(SELECT 1 FROM changes WHERE table_name = '{UNDONE}' AND row_id = ?1)"
        ),
        [tx_id],
        |r| r.get(0),
    )?;
    if undone {
        return Err(Error::Conflict("这个操作已经撤销过了。".into()));
    }
    let description = describe(conn, &es);
    let mut rows: BTreeMap<(String, String), Vec<&Entry>> = BTreeMap::new();
    for e in &es {
        rows.entry((e.table.clone(), e.row_id.clone()))
            .or_default()
            .push(e);
    }
    let created = |t: &str, id: &str| {
        rows.get(&(t.to_string(), id.to_string()))
            .is_some_and(|es| es.iter().any(|e| e.field == "*"))
    };
    // Stage changes written by this action: removing them also reverses the project fields
    // they moved (stage, dates, 增资), so those project entries are not replayed.
    let mut projects_via_stage: HashSet<String> = HashSet::new();
    for ((table, id), es) in &rows {
        if table == "stage_changes" && es.iter().any(|e| e.field == "*") {
            let project_id: String = conn.query_row(
                "SELECT project_id FROM stage_changes WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if !created("projects", &project_id) {
                projects::delete_stage_change(conn, id, today)?;
            }
            projects_via_stage.insert(project_id);
        }
    }
    // Companies first: an activity or project patched back to a company that this action
    // deleted (合并企业) needs that company restored before it validates.
    let mut ordered: Vec<_> = rows.iter().collect();
    ordered.sort_by_key(|((table, _), _)| table != "companies");
    for ((table, id), es) in ordered {
        if table == "stage_changes" {
            if es
                .iter()
                .any(|e| e.field == "deleted" && e.new.as_deref() == Some("true"))
            {
                return Err(Error::Conflict(
                    "删除的阶段记录请在项目页重新登记，无法直接撤销。".into(),
                ));
            }
            // A date entered or corrected: the old date, and 日期不详 if it was.
            if let Some(e) = es.iter().find(|e| e.field == "changed_on") {
                let old: NaiveDate = serde_json::from_str(e.old.as_deref().unwrap_or("null"))
                    .map_err(bad_snapshot)?;
                let unknown = es
                    .iter()
                    .find(|e| e.field == "date_unknown")
                    .is_some_and(|e| e.old.as_deref() == Some("true"));
                projects::put_back_stage_change_date(conn, id, old, unknown, today)?;
            }
            continue;
        }
        let fields = es.iter().map(|e| (e.field.as_str(), e.old.as_deref()));
        match table.as_str() {
            "parks" => crate::reference::parks::put_back(conn, id, fields)?,
            "teams" => crate::reference::teams::put_back(conn, id, fields)?,
            "officers" => crate::reference::officers::put_back(conn, id, fields)?,
            "targets" => crate::reports::targets::put_back(conn, id, fields)?,
            "search_aliases" => crate::search::put_back_alias(conn, id, fields)?,
            "assignments" => crate::assignments::records::put_back(conn, id, fields)?,
            "score_rules" => crate::assessment::points::put_back(conn, id, fields)?,
            "export_templates" => crate::io::forms::templates::put_back(conn, id, fields)?,
            "alert_rules" => crate::alerts::rules::put_back(conn, id, fields)?,
            "no_update_reasons" => crate::alerts::reasons::put_back(conn, id, fields)?,
            "region_groups" => {
                crate::reference::region_groups::put_back(conn, id, fields)?;
                crate::reference::region_groups::rederive_all(conn)?;
            }
            _ => {}
        }
        if matches!(
            table.as_str(),
            "parks"
                | "teams"
                | "officers"
                | "region_groups"
                | "targets"
                | "search_aliases"
                | "assignments"
                | "score_rules"
                | "alert_rules"
                | "no_update_reasons"
                | "export_templates"
        ) {
            continue;
        }
        if !UNDOABLE.contains(&table.as_str()) {
            continue;
        }
        if es.iter().any(|e| e.field == "*") {
            match table.as_str() {
                "projects" => projects::delete(conn, id)?,
                "companies" => companies::delete(conn, id)?,
                "activities" => activities::delete(conn, id)?,
                "project_years" => projects::years::delete_by_id(conn, id)?,
                "attachments" => crate::attachments::delete(conn, id)?,
                _ => {}
            }
            continue;
        }
        if let Some(e) = es.iter().find(|e| e.field == "deleted") {
            let was_deleted = e.new.as_deref() == Some("true");
            match (table.as_str(), was_deleted) {
                ("projects", true) => drop(projects::restore(conn, id)?),
                ("projects", false) => projects::delete(conn, id)?,
                ("companies", true) => drop(companies::restore(conn, id)?),
                ("companies", false) => companies::delete(conn, id)?,
                ("activities", true) => drop(activities::restore(conn, id)?),
                ("activities", false) => activities::delete(conn, id)?,
                ("project_years", true) => projects::years::restore_by_id(conn, id)?,
                ("project_years", false) => projects::years::delete_by_id(conn, id)?,
                ("attachments", true) => drop(crate::attachments::restore(conn, id)?),
                ("attachments", false) => crate::attachments::delete(conn, id)?,
                _ => {}
            }
            continue;
        }
        match table.as_str() {
            "projects" if !projects_via_stage.contains(id) => {
                let current = serde_json::to_value(projects::get(conn, id)?).expect("serialize");
                let v = patched(current, es);
                let mut input: ProjectInput =
                    serde_json::from_value(v.clone()).map_err(bad_snapshot)?;
                if v["region_group_manual"].as_bool() == Some(true) {
                    input.region_group_override = v["region_group_id"].as_str().map(str::to_string);
                }
                projects::update(conn, id, &input)?;
            }
            "companies" => {
                let current = serde_json::to_value(companies::get(conn, id)?).expect("serialize");
                let input: CompanyInput =
                    serde_json::from_value(patched(current, es)).map_err(bad_snapshot)?;
                companies::update(conn, id, &input)?;
            }
            "activities" => {
                let current = serde_json::to_value(activities::get(conn, id)?).expect("serialize");
                let v = patched(current, es);
                let mut input: ActivityInput =
                    serde_json::from_value(v.clone()).map_err(bad_snapshot)?;
                // 出访详情 are top-level fields of an activity, nested in its input.
                input.trip = serde_json::from_value(v).map_err(bad_snapshot)?;
                activities::update(conn, id, &input, today)?;
            }
            "project_years" => {
                let Some(current) = projects::years::by_row_id(conn, id)? else {
                    return Err(Error::Conflict("无法撤销：这一年度的投资已被删除。".into()));
                };
                let current = serde_json::to_value(current).expect("serialize");
                projects::years::put_back(conn, patched(current, es), today)?;
            }
            _ => {}
        }
    }
    changelog::record_marker(conn, UNDONE, tx_id, "undone", &Value::Bool(true))?;
    Ok(UndoableAction {
        tx_id: tx_id.to_string(),
        description,
        changed_at: es[0].changed_at.clone(),
    })
}

pub fn recycle_bin(conn: &Connection, limit: u32) -> Result<Vec<DeletedRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 'projects', id, name, deleted_at FROM projects WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'companies', id, name, deleted_at FROM companies WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'activities', id, occurred_on || ' ' || COALESCE(summary, ''), deleted_at
           FROM activities WHERE deleted_at IS NOT NULL
         ORDER BY 4 DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit], |r| {
        Ok(DeletedRecord {
            table_name: r.get(0)?,
            id: r.get(1)?,
            title: r.get(2)?,
            deleted_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Ledger {
    // ── history and undo ─────────────────────────────────────────────────────────────────
    /// A record's change history (table: projects, companies, activities, …), newest first.
    pub fn history(
        &self,
        table: &str,
        row_id: &str,
    ) -> Result<Vec<crate::storage::changelog::ChangeEntry>> {
        crate::storage::changelog::history(self.connection(), table, row_id, 500)
    }
    /// The latest user action on this device that can be undone, if any.
    pub fn last_undoable(&self) -> Result<Option<crate::storage::undo::UndoableAction>> {
        crate::storage::undo::last_undoable(self.connection())
    }
    /// 撤销: reverses one user action (by its action id); the reversal is itself logged.
    pub fn undo(&mut self, tx_id: &str) -> Result<crate::storage::undo::UndoableAction> {
        self.write(|tx, today| crate::storage::undo::undo(tx, tx_id, today))
    }
    /// 回收站: deleted projects, companies and activities, newest deletion first.
    pub fn recycle_bin(&self, limit: u32) -> Result<Vec<crate::storage::undo::DeletedRecord>> {
        crate::storage::undo::recycle_bin(self.connection(), limit)
    }
}

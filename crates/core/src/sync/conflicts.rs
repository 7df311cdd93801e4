//! Concurrent edits a merge kept for people: the 冲突 review screen, in the words of each
//! table and field, and resolving one (keep ours, or take theirs as a normal edit).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::*;
use crate::sync::devices::*;
use crate::sync::{self, DEVICE_LABEL};

/// One side of a conflict: a value and who wrote it where and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConflictSide {
    /// JSON text of the stored value.
    pub value: Option<String>,
    /// The value as people read it (names for references, 万元/亿元 for money).
    pub display: String,
    pub device_id: String,
    pub device_label: Option<String>,
    pub officer_name: Option<String>,
    /// When it was written (UTC, RFC 3339).
    pub at: String,
}

/// Two edits of one field made on different devices without either seeing the other, kept for
/// review. The merge already holds `current` (the later writer); `other` is the value it beat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncConflict {
    pub id: String,
    pub table_name: String,
    pub row_id: String,
    /// The record as people name it (project name, company name …).
    pub record: String,
    pub field: String,
    /// The field's Chinese name.
    pub field_label: String,
    pub current: ConflictSide,
    pub other: ConflictSide,
    pub detected_at: String,
    /// Whether 采用另一值 can write the other value here.
    pub can_take_other: bool,
}

pub(crate) fn field_label(field: &str) -> &str {
    match field {
        "name" => "名称",
        "company_id" => "投资方",
        "content" => "建设内容",
        "total_investment" => "总投资",
        "industry_id" => "产业",
        "region_group_id" => "来源区域",
        "region_group_manual" => "来源区域（手动指定）",
        "enclave" => "飞地项目",
        "relocation" => "承接产业转移",
        "key_project" => "重点项目",
        "high_energy" => "两高项目",
        "park" => "园区",
        "team_id" => "团队",
        "officer_id" => "招商专员",
        "sponsor_id" => "包保领导",
        "responsible_unit" => "责任单位",
        "coordination_issues" => "需协调事项",
        "next_step" => "下一步",
        "notes" => "备注",
        "follow_up_on" => "跟进日期",
        "created_on" => "录入日期",
        "credit_code" => "统一社会信用代码",
        "origin_code" => "来源地",
        "overseas" => "境外",
        "contact_person" => "联系人",
        "contact_phone" => "联系电话",
        "legal_representative" => "法定代表人",
        "registered_capital" => "注册资本",
        "address" => "地址",
        "business_scope" => "经营范围",
        "title" => "职务",
        "phone" => "电话",
        "sort_order" => "排序",
        "changed_on" => "日期",
        "to_stage" => "阶段",
        "construction_kind" => "开工类型",
        "added_investment" => "增资",
        "note" => "说明",
        "kind" => "活动类型",
        "occurred_on" => "日期",
        "place" => "地点",
        "destination_code" => "目的地",
        "summary" => "内容摘要",
        "officer_ids" => "参与人员",
        "company_ids" => "对接企业",
        "project_ids" => "关联项目",
        "trip_group" => "团组名称",
        "trip_leader" => "带队领导",
        "trip_members" => "成员",
        "visited_companies" => "拜访企业",
        "outcomes" => "取得成果",
        "next_steps" => "下一步打算",
        "deleted" => "删除状态",
        "value" => "目标值",
        "year" => "年度",
        "planned_investment" => "年度计划投资",
        "completed_by_month" => "完成投资（年初至月末累计）",
        "progress" => "形象进度",
        "label" => "名称",
        "task" => "交办事项",
        "assignee_officer_id" => "承办人",
        "assignee_leader" => "包保领导",
        "assigned_by" => "交办人",
        "assigned_on" => "交办日期",
        "due_on" => "办理时限",
        "status" => "办理状态",
        "result" => "办理结果",
        "done_on" => "办结日期",
        "threshold" => "期限",
        "enabled" => "启用",
        "reason" => "未更新原因",
        "stated_on" => "说明日期",
        "columns" => "列",
        "header_counts" => "表头统计",
        "split_by" => "分表方式",
        "scope" => "统计范围",
        "points" => "分值",
        other => other,
    }
}

pub(crate) const BOOL_FIELDS: &[&str] = &[
    "enclave",
    "relocation",
    "key_project",
    "high_energy",
    "region_group_manual",
    "overseas",
    "deleted",
    "enabled",
];

pub(crate) fn name_of(conn: &Connection, table: &str, id: &str) -> Option<String> {
    conn.query_row(
        &format!("SELECT name FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
    .optional()
    .ok()
    .flatten()
}

pub(crate) fn reference_table(field: &str) -> Option<&'static str> {
    Some(match field {
        "company_id" | "company_ids" => "companies",
        "industry_id" => "industries",
        "region_group_id" => "region_groups",
        "team_id" => "teams",
        "officer_id" | "sponsor_id" | "officer_ids" | "assignee_officer_id" | "assigned_by" => {
            "officers"
        }
        "project_id" | "project_ids" => "projects",
        _ => return None,
    })
}

/// A stored value as people read it.
pub(crate) fn display(conn: &Connection, field: &str, raw: Option<&str>) -> String {
    let v: Value = raw
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or(Value::Null);
    let truthy = |v: &Value| v.as_bool().unwrap_or(v.as_i64().unwrap_or(0) != 0);
    if field == "deleted" {
        return if truthy(&v) { "已删除" } else { "未删除" }.into();
    }
    if BOOL_FIELDS.contains(&field) {
        return if truthy(&v) { "是" } else { "否" }.into();
    }
    match (&v, reference_table(field)) {
        (Value::Null, _) => "（空）".into(),
        (Value::String(s), Some(t)) => name_of(conn, t, s).unwrap_or_else(|| s.clone()),
        (Value::Array(ids), Some(t)) => ids
            .iter()
            .filter_map(|x| x.as_str())
            .map(|s| name_of(conn, t, s).unwrap_or_else(|| s.to_string()))
            .collect::<Vec<_>>()
            .join("、"),
        (Value::Number(n), _) if field.ends_with("investment") || field == "registered_capital" => {
            crate::util::zh_money(n.as_i64().unwrap_or(0))
        }
        (Value::String(s), _) if field == "completed_by_month" => {
            crate::projects::years::months_display(s)
        }
        (Value::String(s), _) if field == "to_stage" => Stage::from_code(s)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) if field == "kind" => ActivityKind::from_code(s)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) if field == "construction_kind" => ConstructionKind::from_code(s)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) if field == "status" => {
            crate::assignments::AssignmentStatus::parse(s)
                .map(|x| x.label().to_string())
                .unwrap_or_else(|| s.clone())
        }
        (Value::String(s), _) if s.is_empty() => "（空）".into(),
        (Value::String(s), _) => s.clone(),
        (other, _) => other.to_string(),
    }
}

/// The record as people name it.
pub(crate) fn record_name(conn: &Connection, table: &str, row_id: &str) -> String {
    let q = |sql: &str| -> Option<String> {
        conn.query_row(sql, [row_id], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    };
    let name = match table {
        "projects" | "companies" | "officers" | "teams" | "industries" | "parks"
        | "industry_chains" | "export_templates" => {
            q(&format!("SELECT name FROM {table} WHERE id = ?1"))
        }
        "activities" => q(
            "SELECT occurred_on || ' ' || COALESCE(summary, place, '') FROM activities WHERE id = ?1",
        ),
        "stage_changes" => q(
            "SELECT p.name || ' · ' || s.changed_on FROM stage_changes s
             JOIN projects p ON p.id = s.project_id WHERE s.id = ?1",
        ),
        "targets" => q("SELECT COALESCE(label, CAST(year AS TEXT)) FROM targets WHERE id = ?1"),
        "assignments" => q(
            "SELECT p.name || ' · ' || substr(a.task, 1, 20) FROM assignments a
             JOIN projects p ON p.id = a.project_id WHERE a.id = ?1",
        ),
        "project_years" => q(
            "SELECT p.name || ' · ' || y.year || '年' FROM project_years y
             JOIN projects p ON p.id = y.project_id WHERE y.id = ?1",
        ),
        "alert_rules" => Some(crate::alerts::rules::name_of(row_id).to_string()),
        "score_rules" => crate::assessment::points::describe(row_id).map(|(_, label)| label),
        "no_update_reasons" => q(
            "SELECT p.name || ' · ' || r.stated_on FROM no_update_reasons r
             JOIN projects p ON p.id = r.project_id WHERE r.id = ?1",
        ),
        _ => None,
    };
    let what = match table {
        "projects" => "项目",
        "companies" => "企业",
        "officers" => "招商专员",
        "teams" => "团队",
        "industries" => "产业",
        "industry_chains" => "产业链",
        "parks" => "园区",
        "activities" => "招商活动",
        "stage_changes" => "阶段变更",
        "targets" => "目标",
        "project_years" => "年度投资",
        "assignments" => "交办单",
        "alert_rules" => "预警规则",
        "score_rules" => "计分规则",
        "no_update_reasons" => "未更新说明",
        "export_templates" => "报表模板",
        _ => "记录",
    };
    format!("{what}：{}", name.unwrap_or_else(|| row_id.to_string()))
}

pub(crate) fn can_take_other(table: &str, field: &str) -> bool {
    match table {
        "projects" => field != "created_on",
        "companies" => true,
        "officers" | "teams" | "industries" => field != "deleted" && field != "sort_order",
        _ => false,
    }
}

/// Value, HLC, device and officer of one side.
pub(crate) type Side = (Option<String>, String, String, Option<String>);

pub(crate) struct ConflictRow {
    id: String,
    table: String,
    row_id: String,
    field: String,
    sides: [Side; 2],
    detected_at: String,
}

pub(crate) fn open_conflict_rows(
    conn: &Connection,
    only: Option<&str>,
) -> Result<Vec<ConflictRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, table_name, row_id, field, winner_value, winner_hlc, winner_device,
                winner_officer_id, loser_value, loser_hlc, loser_device, loser_officer_id, detected_at
         FROM sync_conflicts WHERE resolved_at IS NULL AND (?1 IS NULL OR id = ?1)
         ORDER BY detected_at DESC, id",
    )?;
    let rows: Vec<ConflictRow> = stmt
        .query_map([only], |r| {
            Ok(ConflictRow {
                id: r.get(0)?,
                table: r.get(1)?,
                row_id: r.get(2)?,
                field: r.get(3)?,
                sides: [
                    (r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?),
                    (r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?),
                ],
                detected_at: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Still open: the field still holds the winner's write. A later write (by anyone, e.g.
    // 采用另一值 on another laptop) was made by someone who saw both values.
    let mut out = Vec::new();
    for c in rows {
        let now = sync::field_clock(conn, &c.table, &c.row_id, &c.field)?;
        if now.is_some_and(|n| n.hlc == c.sides[0].1 && n.device_id == c.sides[0].2) {
            out.push(c);
        }
    }
    Ok(out)
}

/// Open conflicts, newest first.
pub fn conflicts(conn: &Connection) -> Result<Vec<SyncConflict>> {
    let labels = known_labels(conn)?;
    let this = this_device(conn)?;
    let own_label = crate::storage::settings::get(conn, DEVICE_LABEL)?;
    let label = |dev: &str| {
        if Some(dev) == this.as_deref() {
            own_label.clone().or_else(|| Some("本机".into()))
        } else {
            labels.get(dev).cloned()
        }
    };
    let officer = |id: &Option<String>| id.as_deref().and_then(|i| name_of(conn, "officers", i));
    Ok(open_conflict_rows(conn, None)?
        .into_iter()
        .map(|c| {
            let side = |s: &Side| ConflictSide {
                display: display(conn, &c.field, s.0.as_deref()),
                value: s.0.clone(),
                device_id: s.2.clone(),
                device_label: label(&s.2),
                officer_name: officer(&s.3),
                at: hlc_time(&s.1),
            };
            SyncConflict {
                record: record_name(conn, &c.table, &c.row_id),
                field_label: field_label(&c.field).to_string(),
                can_take_other: can_take_other(&c.table, &c.field),
                current: side(&c.sides[0]),
                other: side(&c.sides[1]),
                id: c.id,
                table_name: c.table,
                row_id: c.row_id,
                field: c.field,
                detected_at: c.detected_at,
            }
        })
        .collect())
}

/// How many conflicts are open (for the navigation badge).
pub fn conflict_count(conn: &Connection) -> Result<u32> {
    Ok(open_conflict_rows(conn, None)?.len() as u32)
}

/// A stored value as the domain structs serialize it (booleans stored as 0/1).
pub(crate) fn domain_value(field: &str, raw: Option<&str>) -> Value {
    let v: Value = raw
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or(Value::Null);
    if BOOL_FIELDS.contains(&field) {
        if let Some(n) = v.as_i64() {
            return Value::Bool(n != 0);
        }
    }
    v
}

pub(crate) fn with_field<T: Serialize, I: serde::de::DeserializeOwned>(
    current: &T,
    field: &str,
    value: Value,
) -> Result<I> {
    let mut v = serde_json::to_value(current).expect("domain types serialize");
    v[field] = value;
    serde_json::from_value(v).map_err(|e| Error::Validation {
        field: None,
        message: format!("另一值无法写回：{e}"),
    })
}

impl Ledger {
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        conflicts(self.connection())
    }

    pub fn sync_conflict_count(&self) -> Result<u32> {
        conflict_count(self.connection())
    }

    /// Closes a conflict: keep the current value, or take the other one (a normal edit through
    /// the table's own rules, so it reaches the other laptops at the next sync).
    pub fn resolve_conflict(&mut self, id: &str, take_other: bool) -> Result<()> {
        let Some(c) = open_conflict_rows(self.connection(), Some(id))?
            .into_iter()
            .next()
        else {
            return Err(Error::NotFound {
                what: "待处理的冲突",
                id: id.to_string(),
            });
        };
        if take_other {
            if !can_take_other(&c.table, &c.field) {
                return Err(Error::Validation {
                    field: None,
                    message: "这一冲突不能在此改回，请到相应页面手动修改。".into(),
                });
            }
            let other = domain_value(&c.field, c.sides[1].0.as_deref());
            let id = c.row_id.as_str();
            match (c.table.as_str(), c.field.as_str()) {
                ("projects", "deleted") => {
                    if other.as_bool() == Some(true) {
                        self.delete_project(id)?;
                    } else {
                        self.restore_project(id)?;
                    }
                }
                ("companies", "deleted") => {
                    if other.as_bool() == Some(true) {
                        self.delete_company(id)?;
                    } else {
                        self.restore_company(id)?;
                    }
                }
                ("projects", field) => {
                    let p = self.project(id)?;
                    let mut input: ProjectInput = with_field(&p, field, other.clone())?;
                    input.region_group_override = p
                        .region_group_manual
                        .then(|| p.region_group_id.clone())
                        .flatten();
                    match field {
                        "region_group_id" => {
                            input.region_group_override = other.as_str().map(str::to_string)
                        }
                        "region_group_manual" if other.as_bool() != Some(true) => {
                            input.region_group_override = None
                        }
                        _ => {}
                    }
                    self.update_project(id, &input)?;
                }
                ("companies", field) => {
                    let x = self.company(id)?;
                    let input: CompanyInput = with_field(&x, field, other)?;
                    self.update_company(id, &input)?;
                }
                ("officers", field) => {
                    let x = self
                        .officers()?
                        .into_iter()
                        .find(|o| o.id == id)
                        .ok_or_else(|| Error::NotFound {
                            what: "招商专员",
                            id: id.to_string(),
                        })?;
                    let input: OfficerInput = with_field(&x, field, other)?;
                    self.update_officer(id, &input)?;
                }
                ("teams", "name") => {
                    self.rename_team(id, other.as_str().unwrap_or_default())?;
                }
                ("industries", "name") => {
                    self.rename_industry(id, other.as_str().unwrap_or_default())?;
                }
                _ => {
                    return Err(Error::Validation {
                        field: None,
                        message: "这一冲突不能在此改回，请到相应页面手动修改。".into(),
                    })
                }
            }
        }
        self.connection().execute(
            "UPDATE sync_conflicts SET resolved_at = ?2, resolution = ?3 WHERE id = ?1",
            params![
                c.id,
                crate::util::now_stamp(),
                if take_other { "took_other" } else { "kept" }
            ],
        )?;
        Ok(())
    }
}

//! What merging laptops leaves for people: the devices whose data a ledger holds (and when each
//! last synced), concurrent edits kept for the 冲突 review screen, and bundle files in a folder
//! (a USB stick or a shared folder; the live ledger itself never lives there).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::*;
use crate::sync::{self, Bundle, Manifest, MergeReport, Seen, DEVICE_LABEL};

/// File extension of bundle files.
pub const BUNDLE_EXTENSION: &str = "zsync";

/// Whether `path` names a sync bundle by its extension (`.zsync`, any case, as Windows
/// Explorer passes it when a bundle is double-clicked).
pub fn is_bundle_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case(BUNDLE_EXTENSION))
}

// ── devices ─────────────────────────────────────────────────────────────────────────────

/// One device whose changes this ledger holds: the office view's counts include its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncDevice {
    pub device_id: String,
    /// The label set on that device (an officer's or laptop's name), when known.
    pub label: Option<String>,
    /// This ledger's own device.
    pub this_device: bool,
    /// Time (UTC, RFC 3339) of the newest change from it that this ledger holds.
    pub last_change_at: Option<String>,
    /// When this ledger last imported a bundle written by it.
    pub last_import_at: Option<String>,
    /// When this ledger last wrote a bundle meant for it.
    pub last_export_at: Option<String>,
}

fn this_device(conn: &Connection) -> Result<Option<String>> {
    crate::storage::settings::get(conn, crate::storage::changelog::DEVICE_ID)
}

/// Time (UTC, RFC 3339) of an HLC value.
pub fn hlc_time(hlc: &str) -> String {
    chrono::DateTime::from_timestamp_millis(sync::hlc_ms(hlc))
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Labels of the devices this ledger knows (sent along in bundles so a hub passes them on).
pub fn known_labels(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT device_id, label FROM sync_devices WHERE label IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Book-keeping of one imported bundle (inside the import's transaction).
pub(crate) fn note_import(conn: &Connection, m: &Manifest, this: &str) -> Result<()> {
    let now = crate::util::now_stamp();
    for dev in m.covers.keys().chain(m.labels.keys()) {
        if dev != this {
            conn.execute(
                "INSERT OR IGNORE INTO sync_devices (device_id) VALUES (?1)",
                [dev],
            )?;
        }
    }
    for (dev, label) in &m.labels {
        if dev != this && *dev != m.device_id {
            conn.execute(
                "UPDATE sync_devices SET label = ?2 WHERE device_id = ?1 AND label IS NULL",
                params![dev, label],
            )?;
        }
    }
    if m.device_id != this {
        let seen = m
            .seen
            .as_ref()
            .map(|s| serde_json::to_string(s).expect("seen serializes"));
        conn.execute(
            "INSERT INTO sync_devices (device_id, label, seen, last_import_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(device_id) DO UPDATE SET label = COALESCE(excluded.label, label),
                seen = COALESCE(excluded.seen, seen), last_import_at = excluded.last_import_at",
            params![m.device_id, m.device_label, seen, now],
        )?;
    }
    Ok(())
}

/// Every device whose data this ledger holds (this one first), with when each last synced.
pub fn devices(conn: &Connection) -> Result<Vec<SyncDevice>> {
    let this = this_device(conn)?;
    let mut out = Vec::new();
    let newest = |dev: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT MAX(hlc) FROM changes WHERE device_id = ?1")?
            .query_row([dev], |r| r.get::<_, Option<String>>(0))?
            .map(|h| hlc_time(&h)))
    };
    if let Some(id) = &this {
        out.push(SyncDevice {
            device_id: id.clone(),
            label: crate::storage::settings::get(conn, DEVICE_LABEL)?,
            this_device: true,
            last_change_at: newest(id)?,
            last_import_at: None,
            last_export_at: None,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT device_id, label, last_import_at, last_export_at FROM sync_devices
         ORDER BY COALESCE(label, device_id)",
    )?;
    type Row = (String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, label, last_import_at, last_export_at) in rows {
        if Some(&id) == this.as_ref() {
            continue;
        }
        let last_change_at = newest(&id)?;
        if last_change_at.is_none() && last_import_at.is_none() {
            continue; // known by name only: none of its data is here
        }
        out.push(SyncDevice {
            device_id: id,
            label,
            this_device: false,
            last_change_at,
            last_import_at,
            last_export_at,
        });
    }
    Ok(out)
}

/// What every known peer has seen at least (pointwise minimum of what they last reported;
/// a device missing from any peer's report is left out, so all of its changes are sent).
fn peers_seen(conn: &Connection, this: &str) -> Result<(Seen, Vec<String>)> {
    let mut stmt = conn.prepare_cached("SELECT device_id, seen FROM sync_devices")?;
    let rows: Vec<(String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut min: Option<Seen> = None;
    let mut peers = Vec::new();
    for (dev, seen) in rows {
        if dev == this {
            continue;
        }
        // A device that never sent a bundle here has seen nothing we know of.
        let seen: Seen = seen
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        peers.push(dev);
        min = Some(match min {
            None => seen,
            Some(m) => m
                .into_iter()
                .filter_map(|(d, h)| seen.get(&d).map(|o| (d, h.min(o.clone()))))
                .collect(),
        });
    }
    Ok((min.unwrap_or_default(), peers))
}

/// A bundle written to a folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportedBundle {
    pub path: String,
    pub file_name: String,
    pub registers: u32,
    /// Labels (or ids) of the known devices the bundle is meant for; empty: anyone.
    pub for_devices: Vec<String>,
}

/// Characters kept from a label in a file name.
fn file_safe(label: &str) -> String {
    let s: String = label
        .chars()
        .filter(|c| !c.is_control() && !"\\/:*?\"<>|".contains(*c))
        .collect();
    s.trim().chars().take(24).collect()
}

/// One imported bundle file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportedFile {
    pub file_name: String,
    /// The device that wrote it (its label when it has one).
    pub from: Option<String>,
    /// Registers in the file.
    pub received: u32,
    pub report: Option<MergeReport>,
    /// Why the file was rejected whole (nothing of it was imported).
    pub error: Option<String>,
    /// The file is this ledger's own bundle (skipped).
    pub own: bool,
}

/// Totals of importing one file or a folder of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportSummary {
    pub files: Vec<ImportedFile>,
    pub received: u32,
    pub merged: u32,
    pub skipped: u32,
    pub rows_added: u32,
    pub conflicts: u32,
    pub skewed: u32,
    pub rejected: u32,
    /// Files held back whole because they were written for another laptop
    /// ([`MergeReport::held_back`]).
    #[serde(default)]
    pub held_back: u32,
}

// ── conflicts ───────────────────────────────────────────────────────────────────────────

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

fn field_label(field: &str) -> &str {
    match field {
        "name" => "名称",
        "company_id" => "投资方",
        "content" => "建设内容",
        "total_investment" => "总投资",
        "industry_id" => "产业链",
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
        "deleted" => "删除状态",
        "value" => "目标值",
        "label" => "名称",
        other => other,
    }
}

const BOOL_FIELDS: &[&str] = &[
    "enclave",
    "relocation",
    "key_project",
    "high_energy",
    "region_group_manual",
    "overseas",
    "deleted",
];

fn name_of(conn: &Connection, table: &str, id: &str) -> Option<String> {
    conn.query_row(
        &format!("SELECT name FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
    .optional()
    .ok()
    .flatten()
}

fn reference_table(field: &str) -> Option<&'static str> {
    Some(match field {
        "company_id" | "company_ids" => "companies",
        "industry_id" => "industries",
        "region_group_id" => "region_groups",
        "team_id" => "teams",
        "officer_id" | "sponsor_id" | "officer_ids" => "officers",
        "project_id" | "project_ids" => "projects",
        _ => return None,
    })
}

/// A stored value as people read it.
fn display(conn: &Connection, field: &str, raw: Option<&str>) -> String {
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
        (Value::String(s), _) if field == "to_stage" => Stage::from_code(s)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) if field == "kind" => ActivityKind::from_code(s)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) if field == "construction_kind" => ConstructionKind::from_code(s)
            .map(|x| x.label().to_string())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) if s.is_empty() => "（空）".into(),
        (Value::String(s), _) => s.clone(),
        (other, _) => other.to_string(),
    }
}

/// The record as people name it.
fn record_name(conn: &Connection, table: &str, row_id: &str) -> String {
    let q = |sql: &str| -> Option<String> {
        conn.query_row(sql, [row_id], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    };
    let name = match table {
        "projects" | "companies" | "officers" | "teams" | "industries" => {
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
        _ => None,
    };
    let what = match table {
        "projects" => "项目",
        "companies" => "企业",
        "officers" => "招商专员",
        "teams" => "团队",
        "industries" => "产业链",
        "activities" => "招商活动",
        "stage_changes" => "阶段变更",
        "targets" => "目标",
        _ => "记录",
    };
    format!("{what}：{}", name.unwrap_or_else(|| row_id.to_string()))
}

fn can_take_other(table: &str, field: &str) -> bool {
    match table {
        "projects" => field != "created_on",
        "companies" => true,
        "officers" | "teams" | "industries" => field != "deleted" && field != "sort_order",
        _ => false,
    }
}

/// Value, HLC, device and officer of one side.
type Side = (Option<String>, String, String, Option<String>);

struct ConflictRow {
    id: String,
    table: String,
    row_id: String,
    field: String,
    sides: [Side; 2],
    detected_at: String,
}

fn open_conflict_rows(conn: &Connection, only: Option<&str>) -> Result<Vec<ConflictRow>> {
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
fn domain_value(field: &str, raw: Option<&str>) -> Value {
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

fn with_field<T: Serialize, I: serde::de::DeserializeOwned>(
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
    /// This device's id (made on the first write).
    pub fn device_id(&self) -> Result<Option<String>> {
        this_device(self.connection())
    }

    /// This device's label: an officer's or laptop's name other ledgers show.
    pub fn device_label(&self) -> Result<Option<String>> {
        crate::storage::settings::get(self.connection(), DEVICE_LABEL)
    }

    pub fn set_device_label(&mut self, label: Option<&str>) -> Result<()> {
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        if label.is_some_and(|l| l.chars().count() > 40) {
            return Err(Error::Validation {
                field: Some("label"),
                message: "本机名称不能超过40个字。".into(),
            });
        }
        self.write(|tx, _| {
            // Make sure the device id exists, so the label always belongs to one.
            crate::storage::changelog::begin(tx, None)?;
            crate::storage::settings::set(tx, DEVICE_LABEL, label)
        })
    }

    /// Devices whose data this ledger holds, and when each last synced.
    pub fn sync_devices(&self) -> Result<Vec<SyncDevice>> {
        devices(self.connection())
    }

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

    /// Writes, into `folder` (a USB stick, a shared folder), one bundle with every change that
    /// some known device has not seen (all changes when no device is known yet). The file
    /// name says which device wrote it and when.
    pub fn export_bundle_to_folder(&mut self, folder: &Path) -> Result<ExportedBundle> {
        if !folder.is_dir() {
            return Err(Error::Validation {
                field: Some("folder"),
                message: format!("文件夹“{}”不存在或无法访问。", folder.display()),
            });
        }
        // Make sure this ledger has a device id before naming the file after it.
        if self.device_id()?.is_none() {
            self.write(|tx, _| crate::storage::changelog::begin(tx, None).map(|_| ()))?;
        }
        let this = self.device_id()?.unwrap_or_default();
        let (since, peers) = peers_seen(self.connection(), &this)?;
        let bundle = sync::export(self, &since)?;
        let who = self
            .device_label()?
            .map(|l| file_safe(&l))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| this.chars().rev().take(8).collect::<String>());
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let mut file_name = format!("{who}-{stamp}.{BUNDLE_EXTENSION}");
        let mut n = 2;
        while folder.join(&file_name).exists() {
            file_name = format!("{who}-{stamp}-{n}.{BUNDLE_EXTENSION}");
            n += 1;
        }
        let path = folder.join(&file_name);
        sync::write_bundle(&bundle, &path)?;
        let now = crate::util::now_stamp();
        let labels = known_labels(self.connection())?;
        for p in &peers {
            self.connection().execute(
                "UPDATE sync_devices SET last_export_at = ?2 WHERE device_id = ?1",
                params![p, now],
            )?;
        }
        Ok(ExportedBundle {
            path: path.display().to_string(),
            file_name,
            registers: bundle.registers.len() as u32,
            for_devices: peers
                .iter()
                .map(|p| labels.get(p).cloned().unwrap_or_else(|| p.clone()))
                .collect(),
        })
    }

    /// Imports one bundle file, or every bundle file in a folder (oldest name first). Each file
    /// is all or nothing; a damaged one is rejected whole and the others still count. This
    /// ledger's own bundles are skipped.
    pub fn import_bundles(&mut self, path: &Path) -> Result<ImportSummary> {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_bundle_file(p))
                .collect();
            v.sort();
            v
        } else if path.is_file() {
            vec![path.to_path_buf()]
        } else {
            return Err(Error::Validation {
                field: Some("path"),
                message: format!("“{}”不存在或无法访问。", path.display()),
            });
        };
        if files.is_empty() {
            return Err(Error::Validation {
                field: Some("path"),
                message: format!(
                    "文件夹“{}”中没有同步文件（.{BUNDLE_EXTENSION}）。",
                    path.display()
                ),
            });
        }
        let this = self.device_id()?;
        let mut sum = ImportSummary::default();
        for f in files {
            let file_name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bundle: Result<Bundle> = sync::read_bundle(&f);
            let mut entry = ImportedFile {
                file_name,
                from: None,
                received: 0,
                report: None,
                error: None,
                own: false,
            };
            match bundle {
                Err(e) => {
                    entry.error = Some(e.to_string());
                    sum.rejected += 1;
                }
                Ok(b) => {
                    entry.from = b
                        .manifest
                        .device_label
                        .clone()
                        .or_else(|| Some(b.manifest.device_id.clone()));
                    entry.received = b.registers.len() as u32;
                    if Some(&b.manifest.device_id) == this.as_ref() {
                        entry.own = true;
                    } else {
                        match sync::import(self, &b) {
                            Ok(r) => {
                                sum.received += entry.received;
                                sum.merged += r.applied;
                                sum.skipped += r.skipped;
                                sum.rows_added += r.rows_added;
                                sum.conflicts += r.conflicts;
                                sum.skewed += r.skewed;
                                sum.held_back += u32::from(r.held_back);
                                entry.report = Some(r);
                            }
                            Err(e) => {
                                entry.error = Some(e.to_string());
                                sum.rejected += 1;
                            }
                        }
                    }
                }
            }
            sum.files.push(entry);
        }
        Ok(sum)
    }
}

// ── a copied ledger file gets its own device id ─────────────────────────────────────────

/// Settings key of the file identity the device id belongs to.
const DEVICE_FILE: &str = "device_file";

/// What tells this file from a copy of it: device and inode on Unix, volume serial number and
/// file index on Windows (a copy, or a file renamed over this one, is a new file with a new
/// index). Not the creation time: Wine reports the last status change there, and NTFS gives a
/// file created within seconds of a deleted one of the same name that one's creation time.
fn file_identity(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(format!("{}:{}", meta.dev(), meta.ino()))
    }
    #[cfg(windows)]
    {
        let (volume, index) = windows_file_id(path)?;
        Some(format!("win:{volume:08x}:{index:016x}"))
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        None
    }
}

/// `GetFileInformationByHandle`'s volume serial number and file index (std keeps them
/// unstable), the Windows counterpart of a device and inode.
#[cfg(windows)]
fn windows_file_id(path: &Path) -> Option<(u32, u64)> {
    use std::os::windows::io::AsRawHandle;
    #[repr(C)]
    #[derive(Default)]
    struct ByHandleFileInformation {
        file_attributes: u32,
        creation_time: [u32; 2],
        last_access_time: [u32; 2],
        last_write_time: [u32; 2],
        volume_serial_number: u32,
        file_size_high: u32,
        file_size_low: u32,
        number_of_links: u32,
        file_index_high: u32,
        file_index_low: u32,
    }
    #[link(name = "kernel32")]
    extern "system" {
        fn GetFileInformationByHandle(
            file: *mut std::ffi::c_void,
            info: *mut ByHandleFileInformation,
        ) -> i32;
    }
    let file = std::fs::File::open(path).ok()?;
    let mut info = ByHandleFileInformation::default();
    // SAFETY: the handle is open for the call and `info` is the documented output structure.
    let ok = unsafe { GetFileInformationByHandle(file.as_raw_handle(), &mut info) };
    (ok != 0).then(|| {
        let index = (u64::from(info.file_index_high) << 32) | u64::from(info.file_index_low);
        (info.volume_serial_number, index)
    })
}

impl Ledger {
    /// Run when the app opens its ledger. A ledger file copied to another laptop (or restored
    /// from a copy) would keep the original's device id, and two laptops writing as one device
    /// lose changes in a merge. When the file is not the one the device id was given to, this
    /// ledger takes a new device id (and forgets the label, which named the other laptop); the
    /// old id's data stays listed as another device. Returns whether a new id was taken.
    pub fn claim_device_id(&mut self) -> Result<bool> {
        let Some(identity) = file_identity(self.path()) else {
            return Ok(false);
        };
        let conn = self.connection();
        let stored = crate::storage::settings::get(conn, DEVICE_FILE)?;
        if stored.as_deref() == Some(identity.as_str()) {
            return Ok(false);
        }
        let old = this_device(conn)?;
        let old_label = crate::storage::settings::get(conn, DEVICE_LABEL)?;
        let rotate = stored.is_some() && old.is_some();
        self.write(|tx, _| {
            if rotate {
                let old = old.as_deref().unwrap_or_default();
                tx.execute(
                    "INSERT INTO sync_devices (device_id, label) VALUES (?1, ?2)
                     ON CONFLICT(device_id) DO UPDATE SET label = COALESCE(label, excluded.label)",
                    params![old, old_label],
                )?;
                crate::storage::settings::set(
                    tx,
                    crate::storage::changelog::DEVICE_ID,
                    Some(&crate::util::new_id()),
                )?;
                crate::storage::settings::set(tx, DEVICE_LABEL, None)?;
            } else {
                crate::storage::changelog::begin(tx, None)?;
            }
            crate::storage::settings::set(tx, DEVICE_FILE, Some(&identity))
        })?;
        Ok(rotate)
    }
}

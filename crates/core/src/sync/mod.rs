//! Merging officers' ledgers without a server: file bundles of changes.
//!
//! Every field of every row is a last-writer-wins register whose clock is the newest change-log
//! entry for it (`changes`: hybrid logical clock, then device id). A bundle carries, for every
//! register changed since what the receiver has seen, its current value and clock; importing
//! keeps the newer of the two sides per field, so the result is the same in any order and a
//! bundle applied twice changes nothing. Stage changes are rows of their own (a set of dated
//! events): they are added, never overwritten. Derived fields (a project's stage and dates, an
//! activity's region group and team) are recomputed after the merge, never exchanged.

pub mod office_server;
pub mod review;

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, types::Value as Sql, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::*;

/// Tables exchanged, in the order rows must exist for foreign keys.
pub const TABLES: &[&str] = &[
    "teams",
    "industries",
    "officers",
    "companies",
    "projects",
    "stage_changes",
    "activities",
    "targets",
];

/// Remote clocks further ahead of this device's clock than this are flagged, not trusted.
pub const MAX_CLOCK_SKEW_MS: i64 = 24 * 3600 * 1000;

/// The newest clock seen from each device.
pub type Seen = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Register {
    pub table: String,
    pub row_id: String,
    /// A field name, or "deleted".
    pub field: String,
    pub value: String,
    pub hlc: String,
    pub device_id: String,
    /// The clock (`"hlc device"`) of the value this write replaced on the device that made it:
    /// a receiver holding a newer local write than that knows neither side saw the other's
    /// edit (a conflict for review). None for a row's creation and older bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The officer who made the write, when known (shown on the 冲突 screen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Manifest {
    pub format: u32,
    pub device_id: String,
    pub schema_version: i64,
    pub created_at: String,
    /// What the bundle covers: the newest clock per device it contains.
    pub covers: Seen,
    pub registers: u32,
    /// SHA-256 (hex) of the registers' JSON.
    pub sha256: String,
    /// What the sending ledger had seen when it wrote the bundle: the receiver remembers it
    /// and later sends that device only what it lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Seen>,
    /// What the receiver the bundle was written for had seen (the bundle holds what came after).
    /// Another ledger that has seen less of a device would be left with a gap: it holds the
    /// bundle back ([`lacks_changes_before`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Seen>,
    /// The sending device's label (an officer's or laptop's name set in 同步).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_label: Option<String>,
    /// Labels of other devices the sender knows, passed along by a hub.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub manifest: Manifest,
    pub registers: Vec<Register>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeReport {
    /// Registers whose remote value won.
    pub applied: u32,
    /// Registers already known or older than the local value, or held back (the bundle was
    /// written for a laptop that had seen changes this one lacks: they come in a bundle
    /// written for this one).
    pub skipped: u32,
    /// Rows new to this ledger.
    pub rows_added: u32,
    /// Registers with a clock too far in the future (not applied).
    pub skewed: u32,
    /// Concurrent edits of one field with different values, newly recorded for review.
    #[serde(default)]
    pub conflicts: u32,
    /// The whole bundle was held back ([`lacks_changes_before`]): it was written for a laptop
    /// that had seen changes this one lacks. Nothing of it was written; a bundle written for
    /// this laptop brings everything.
    #[serde(default)]
    pub held_back: bool,
}

impl Bundle {
    /// Recomputes the manifest's register count and checksum after the registers changed.
    pub fn seal(&mut self) {
        self.manifest.registers = self.registers.len() as u32;
        self.manifest.sha256 = digest(&self.registers);
    }
}

/// A clock as one sortable text: `"hlc device"` (the HLC has a fixed width).
pub(crate) fn clock(hlc: &str, device: &str) -> String {
    format!("{hlc} {device}")
}

/// Milliseconds since the epoch of an HLC value.
pub(crate) fn hlc_ms(hlc: &str) -> i64 {
    hlc.split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

/// Edits of one field whose writers' histories are unknown (entries merged by an older
/// version) count as concurrent when their clocks are this close.
pub const CONFLICT_WINDOW_MS: i64 = 24 * 3600 * 1000;

/// SHA-256 (hex) of the registers' JSON, as in [`Manifest::sha256`] (the office server seals
/// the bundles it serves with it).
pub fn digest(registers: &[Register]) -> String {
    let json = serde_json::to_vec(registers).expect("registers serialize");
    let hash = Sha256::digest(&json);
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The newest clock per device in this ledger's change log.
pub fn seen(conn: &Connection) -> Result<Seen> {
    let mut stmt = conn.prepare("SELECT device_id, MAX(hlc) FROM changes GROUP BY device_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The current value of one register, as JSON text of the domain struct's field.
fn current_values(conn: &Connection, table: &str, row_id: &str) -> Result<Option<Value>> {
    let v = match table {
        "teams" => conn
            .query_row("SELECT name, sort_order FROM teams WHERE id = ?1", [row_id], |r| {
                Ok(serde_json::json!({"name": r.get::<_, String>(0)?, "sort_order": r.get::<_, i64>(1)?}))
            })
            .optional()?,
        "industries" => conn
            .query_row("SELECT name, sort_order FROM industries WHERE id = ?1", [row_id], |r| {
                Ok(serde_json::json!({"name": r.get::<_, String>(0)?, "sort_order": r.get::<_, i64>(1)?}))
            })
            .optional()?,
        _ => {
            let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
            let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
            stmt.query_row([row_id], |r| {
                let mut map = serde_json::Map::new();
                for (i, n) in names.iter().enumerate() {
                    let v = match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => Value::Null,
                        rusqlite::types::ValueRef::Integer(x) => Value::from(x),
                        rusqlite::types::ValueRef::Real(x) => Value::from(x),
                        rusqlite::types::ValueRef::Text(t) => {
                            Value::String(String::from_utf8_lossy(t).into_owned())
                        }
                        rusqlite::types::ValueRef::Blob(_) => Value::Null,
                    };
                    map.insert(n.clone(), v);
                }
                Ok(Value::Object(map))
            })
            .optional()?
        }
    };
    let Some(mut v) = v else { return Ok(None) };
    if table == "activities" {
        for (field, sql) in [
            ("officer_ids", "SELECT officer_id FROM activity_officers WHERE activity_id = ?1 ORDER BY position"),
            ("company_ids", "SELECT company_id FROM activity_companies WHERE activity_id = ?1 ORDER BY company_id"),
            ("project_ids", "SELECT project_id FROM activity_projects WHERE activity_id = ?1 ORDER BY project_id"),
        ] {
            let ids: Vec<String> = conn
                .prepare_cached(sql)?
                .query_map([row_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            v[field] = Value::from(ids);
        }
    }
    Ok(Some(v))
}

/// Columns that are a row's own data (exchanged); the rest is bookkeeping or derived.
fn exchanged_columns(table: &str) -> &'static [&'static str] {
    match table {
        "teams" | "industries" => &["name", "sort_order"],
        "officers" => &["name", "team_id", "title", "phone"],
        "companies" => &[
            "name",
            "credit_code",
            "origin_code",
            "overseas",
            "industry_id",
            "contact_person",
            "contact_phone",
            "notes",
            "legal_representative",
            "registered_capital",
            "address",
            "business_scope",
        ],
        "projects" => &[
            "name",
            "company_id",
            "content",
            "total_investment",
            "industry_id",
            "region_group_id",
            "region_group_manual",
            "enclave",
            "relocation",
            "key_project",
            "high_energy",
            "park",
            "team_id",
            "officer_id",
            "sponsor_id",
            "responsible_unit",
            "coordination_issues",
            "next_step",
            "notes",
            "follow_up_on",
            "created_on",
        ],
        "stage_changes" => &[
            "project_id",
            "changed_on",
            "to_stage",
            "construction_kind",
            "added_investment",
            "officer_id",
            "note",
            "created_at",
        ],
        "activities" => &[
            "kind",
            "occurred_on",
            "place",
            "destination_code",
            "summary",
            "follow_up_on",
            "officer_ids",
            "company_ids",
            "project_ids",
            "created_at",
        ],
        "targets" => &[
            "year",
            "period",
            "metric",
            "value",
            "region_group_id",
            "team_id",
            "label",
        ],
        _ => &[],
    }
}

/// The newest write of one register as the change log tells it.
struct Clk {
    hlc: String,
    dev: String,
    officer: Option<String>,
    prev: Option<String>,
}

/// Settings key of this device's human label (an officer's or laptop's name).
pub const DEVICE_LABEL: &str = "device_label";

/// Everything the receiver (which has seen `since`) lacks, as one bundle.
pub fn export(ledger: &Ledger, since: &Seen) -> Result<Bundle> {
    let conn = ledger.connection();
    let device = crate::storage::settings::get(conn, crate::storage::changelog::DEVICE_ID)?
        .unwrap_or_else(|| "unknown".into());
    // Newest clock of every (table, row, field) touched after what the receiver has seen.
    let mut clocks: BTreeMap<(String, String, String), Clk> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT table_name, row_id, field, hlc, device_id, officer_id, prev_clock FROM changes
         ORDER BY hlc, device_id",
    )?;
    let mut rows = stmt.query([])?;
    // Rows with at least one change the receiver has not seen.
    let mut fresh_rows: std::collections::BTreeSet<(String, String)> = Default::default();
    while let Some(r) = rows.next()? {
        let table: String = r.get(0)?;
        if !TABLES.contains(&table.as_str()) {
            continue;
        }
        let row_id: String = r.get(1)?;
        let field: String = r.get(2)?;
        let hlc: String = r.get(3)?;
        let dev: String = r.get(4)?;
        let officer: Option<String> = r.get(5)?;
        let stored_prev: Option<String> = r.get(6)?;
        let newer = since.get(&dev).is_none_or(|s| hlc > *s);
        if field == "*" {
            // A creation stamps every exchanged field of the row.
            for col in exchanged_columns(&table) {
                clocks.insert(
                    (table.clone(), row_id.clone(), col.to_string()),
                    Clk {
                        hlc: hlc.clone(),
                        dev: dev.clone(),
                        officer: officer.clone(),
                        prev: None,
                    },
                );
            }
            if newer {
                fresh_rows.insert((table.clone(), row_id.clone()));
            }
        } else {
            let key = (table.clone(), row_id.clone(), field.clone());
            // This device's own write replaced whatever the log held before it (later merges
            // only ever add newer clocks); a merged write carries what it replaced.
            let prev = stored_prev.or_else(|| {
                (dev == device)
                    .then(|| clocks.get(&key).map(|c| clock(&c.hlc, &c.dev)))
                    .flatten()
            });
            clocks.insert(
                key,
                Clk {
                    hlc: hlc.clone(),
                    dev: dev.clone(),
                    officer,
                    prev,
                },
            );
            if newer {
                fresh_rows.insert((table, row_id));
            }
        }
    }
    drop(rows);
    let mut registers = Vec::new();
    let mut covers = Seen::new();
    for (table, row_id) in &fresh_rows {
        let Some(values) = current_values(conn, table, row_id)? else {
            continue;
        };
        let mut fields: Vec<&str> = exchanged_columns(table).to_vec();
        fields.push("deleted");
        for field in fields {
            let Some(Clk {
                hlc,
                dev,
                officer,
                prev,
            }) = clocks.get(&(table.clone(), row_id.clone(), field.to_string()))
            else {
                continue;
            };
            if since.get(dev).is_some_and(|s| hlc <= s) {
                continue;
            }
            let value = if field == "deleted" {
                Value::Bool(!values["deleted_at"].is_null())
            } else {
                values.get(field).cloned().unwrap_or(Value::Null)
            };
            let c = covers.entry(dev.clone()).or_default();
            if hlc > c {
                *c = hlc.clone();
            }
            registers.push(Register {
                table: table.clone(),
                row_id: row_id.clone(),
                field: field.to_string(),
                value: value.to_string(),
                hlc: hlc.clone(),
                device_id: dev.clone(),
                prev: prev.clone(),
                officer_id: officer.clone(),
            });
        }
    }
    registers.sort_by(|a, b| {
        let order = |t: &str| TABLES.iter().position(|x| *x == t).unwrap_or(99);
        (order(&a.table), &a.row_id, &a.field).cmp(&(order(&b.table), &b.row_id, &b.field))
    });
    Ok(Bundle {
        manifest: Manifest {
            format: 1,
            device_id: device,
            schema_version: crate::storage::db::SCHEMA_VERSION,
            created_at: crate::util::now_stamp(),
            covers,
            registers: registers.len() as u32,
            sha256: digest(&registers),
            seen: Some(seen(conn)?),
            since: Some(since.clone()),
            device_label: crate::storage::settings::get(conn, DEVICE_LABEL)?,
            labels: crate::sync::review::known_labels(conn)?,
        },
        registers,
    })
}

/// Writes a bundle file (JSON) for a USB stick or a shared folder: all on the stick before it
/// takes its name, so a stick pulled out early holds no half bundle under the real name.
pub fn write_bundle(bundle: &Bundle, path: &std::path::Path) -> Result<()> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, serde_json::to_vec(bundle).expect("bundle serializes"))?;
    crate::storage::backup::sync_file(&tmp)?;
    std::fs::rename(tmp, path)?;
    Ok(())
}

/// Reads and checks a bundle file: a damaged or foreign file is rejected whole.
pub fn read_bundle(path: &std::path::Path) -> Result<Bundle> {
    let bytes = std::fs::read(path)?;
    let bundle: Bundle = serde_json::from_slice(&bytes).map_err(|_| Error::Validation {
        field: None,
        message: format!("“{}”不是招商台账的同步文件，或文件已损坏。", path.display()),
    })?;
    check(&bundle)?;
    Ok(bundle)
}

/// Rejects a bundle of another format or schema version, or whose registers fail the digest.
pub fn check(bundle: &Bundle) -> Result<()> {
    if bundle.manifest.format != 1 {
        return Err(Error::Conflict(
            "同步文件的格式版本不受支持，请升级软件。".into(),
        ));
    }
    if bundle.manifest.schema_version != crate::storage::db::SCHEMA_VERSION {
        return Err(Error::Conflict(format!(
            "同步文件来自数据版本 {} 的台账，本软件为版本 {}；请两台电脑使用同一版本的软件。",
            bundle.manifest.schema_version,
            crate::storage::db::SCHEMA_VERSION
        )));
    }
    if bundle.manifest.registers as usize != bundle.registers.len()
        || digest(&bundle.registers) != bundle.manifest.sha256
    {
        return Err(Error::Validation {
            field: None,
            message: "同步文件校验失败（内容不完整或被改动），未导入任何数据。".into(),
        });
    }
    Ok(())
}

fn sql_value(table: &str, field: &str, v: &Value) -> Result<Sql> {
    // Enums travel as their serde names; the database stores their codes.
    let text = |s: &str| -> Result<Sql> {
        let code = match (table, field) {
            ("stage_changes", "to_stage") => serde_json::from_value::<Stage>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            ("stage_changes", "construction_kind") => {
                serde_json::from_value::<ConstructionKind>(Value::from(s))
                    .ok()
                    .map(|x| x.code())
            }
            ("activities", "kind") => serde_json::from_value::<ActivityKind>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            ("targets", "period") => serde_json::from_value::<TargetPeriod>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            ("targets", "metric") => serde_json::from_value::<TargetMetric>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            _ => None,
        };
        Ok(Sql::Text(
            code.map(str::to_string).unwrap_or_else(|| s.to_string()),
        ))
    };
    Ok(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .unwrap_or(Sql::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => text(s)?,
        _ => {
            return Err(Error::Validation {
                field: None,
                message: format!("同步数据中 {table}.{field} 的值无法识别。"),
            })
        }
    })
}

/// The local clock of a register: the newest change-log entry of one field (or the row's
/// creation).
pub(crate) struct FieldClock {
    pub hlc: String,
    pub device_id: String,
    /// True when the entry is the row's creation ('*').
    pub created: bool,
    pub officer_id: Option<String>,
    pub prev_clock: Option<String>,
}

pub(crate) fn field_clock(
    conn: &Connection,
    table: &str,
    row_id: &str,
    field: &str,
) -> Result<Option<FieldClock>> {
    Ok(conn
        .prepare_cached(
            "SELECT hlc, device_id, field = '*', officer_id, prev_clock FROM changes
             WHERE table_name = ?1 AND row_id = ?2
               AND (field = ?3 OR field = '*') ORDER BY hlc DESC, device_id DESC LIMIT 1",
        )?
        .query_row(params![table, row_id, field], |x| {
            Ok(FieldClock {
                hlc: x.get(0)?,
                device_id: x.get(1)?,
                created: x.get(2)?,
                officer_id: x.get(3)?,
                prev_clock: x.get(4)?,
            })
        })
        .optional()?)
}

/// The value of one field as the exchange carries it (`deleted` as a boolean).
fn field_value(values: &Value, field: &str) -> Value {
    if field == "deleted" {
        Value::Bool(!values["deleted_at"].is_null())
    } else {
        values.get(field).cloned().unwrap_or(Value::Null)
    }
}

/// Whether an incoming write and the local newest write of the same field were made without
/// either writer having seen the other's value (concurrent edits), and so need review.
fn concurrent(
    conn: &Connection,
    r: &Register,
    local: &FieldClock,
    remote_wins: bool,
    this_device: &str,
) -> Result<bool> {
    if local.created || local.device_id == r.device_id {
        // Every edit comes after its row's creation; one device's writes are sequential.
        return Ok(false);
    }
    let local_c = clock(&local.hlc, &local.device_id);
    let remote_c = clock(&r.hlc, &r.device_id);
    let window = || (hlc_ms(&local.hlc) - hlc_ms(&r.hlc)).abs() <= CONFLICT_WINDOW_MS;
    if remote_wins {
        return Ok(match &r.prev {
            Some(p) => *p < local_c,
            None => window(),
        });
    }
    // The remote write loses. Seen before (merged once, since overwritten)? Then not news.
    let known: bool = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM changes WHERE device_id = ?1 AND hlc = ?2
               AND table_name = ?3 AND row_id = ?4 AND field = ?5)",
        )?
        .query_row(
            params![r.device_id, r.hlc, r.table, r.row_id, r.field],
            |x| x.get(0),
        )?;
    if known {
        return Ok(false);
    }
    let local_prev = match &local.prev_clock {
        Some(p) => Some(p.clone()),
        None if local.device_id == this_device => conn
            .prepare_cached(
                "SELECT hlc || ' ' || device_id FROM changes
                 WHERE table_name = ?1 AND row_id = ?2 AND (field = ?3 OR field = '*')
                   AND (hlc < ?4 OR (hlc = ?4 AND device_id < ?5))
                 ORDER BY hlc DESC, device_id DESC LIMIT 1",
            )?
            .query_row(
                params![r.table, r.row_id, r.field, local.hlc, local.device_id],
                |x| x.get(0),
            )
            .optional()?,
        None => None,
    };
    Ok(match local_prev {
        Some(p) => p < remote_c,
        None => window(),
    })
}

/// Two exchanged values are the same (booleans travel as true/false or 1/0).
fn same_value(a: &Value, b: &Value) -> bool {
    let norm = |v: &Value| match v {
        Value::Bool(x) => Value::from(*x as i64),
        other => other.clone(),
    };
    norm(a) == norm(b)
}

/// Whether applying `bundle` would leave this ledger with a gap: it was written for a receiver
/// that had seen more of some device than this ledger has, so it lacks that device's changes
/// in between. This ledger's "seen" is the newest clock per device in its log, so applying it
/// would make the missing changes look seen, and no later bundle would bring them (a sync
/// folder holds files written for every laptop; the property test found the loss).
pub fn lacks_changes_before(ledger: &Ledger, bundle: &Bundle) -> Result<bool> {
    let Some(since) = &bundle.manifest.since else {
        return Ok(false);
    };
    let mine = seen(ledger.connection())?;
    Ok(bundle.manifest.covers.keys().any(|device| {
        since
            .get(device)
            .is_some_and(|base| mine.get(device).is_none_or(|m| m < base))
    }))
}

/// Applies a bundle (one transaction: all or nothing). Same result in any order; twice is harmless.
/// A bundle that would leave a gap ([`lacks_changes_before`]) is held back whole: every register
/// counts as skipped and nothing is written.
pub fn import(ledger: &mut Ledger, bundle: &Bundle) -> Result<MergeReport> {
    check(bundle)?;
    if lacks_changes_before(ledger, bundle)? {
        return Ok(MergeReport {
            skipped: bundle.registers.len() as u32,
            held_back: true,
            ..Default::default()
        });
    }
    let now_ms = chrono::Utc::now().timestamp_millis();
    ledger.write(|tx, _today| {
        let mut report = MergeReport::default();
        let this_device = crate::storage::settings::get(tx, crate::storage::changelog::DEVICE_ID)?.unwrap_or_default();
        let detected_at = crate::util::now_stamp();
        let mut by_row: BTreeMap<(usize, String), Vec<&Register>> = BTreeMap::new();
        for r in &bundle.registers {
            let order = TABLES.iter().position(|t| *t == r.table).ok_or_else(|| Error::Validation {
                field: None,
                message: format!("同步文件含有未知的数据表“{}”。", r.table),
            })?;
            by_row.entry((order, r.row_id.clone())).or_default().push(r);
        }
        let mut touched_projects: Vec<String> = Vec::new();
        let mut touched_activities: Vec<String> = Vec::new();
        for ((order, row_id), regs) in by_row {
            let table = TABLES[order];
            let exists: bool = tx.query_row(
                &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1)"),
                [&row_id],
                |r| r.get(0),
            )?;
            let mut winners: Vec<&Register> = Vec::new();
            let local_values = if exists { current_values(tx, table, &row_id)? } else { None };
            for r in regs {
                if hlc_ms(&r.hlc) > now_ms + MAX_CLOCK_SKEW_MS {
                    report.skewed += 1;
                    continue;
                }
                let remote = (r.hlc.clone(), r.device_id.clone());
                let local = if exists { field_clock(tx, &r.table, &r.row_id, &r.field)? } else { None };
                let wins = local
                    .as_ref()
                    .is_none_or(|l| remote > (l.hlc.clone(), l.device_id.clone()));
                if let (Some(l), Some(values)) = (&local, &local_values) {
                    let same_write = (l.hlc.as_str(), l.device_id.as_str()) == (r.hlc.as_str(), r.device_id.as_str());
                    let mine = field_value(values, &r.field);
                    let theirs: Value = serde_json::from_str(&r.value).unwrap_or(Value::Null);
                    if !same_write && !same_value(&mine, &theirs) && concurrent(tx, r, l, wins, &this_device)? {
                        let local_side = (mine.to_string(), l.hlc.clone(), l.device_id.clone(), l.officer_id.clone());
                        let remote_side = (r.value.clone(), r.hlc.clone(), r.device_id.clone(), r.officer_id.clone());
                        let (w, lo) = if wins { (remote_side, local_side) } else { (local_side, remote_side) };
                        let added = tx.prepare_cached(
                            "INSERT OR IGNORE INTO sync_conflicts (id, table_name, row_id, field,
                                winner_value, winner_hlc, winner_device, winner_officer_id,
                                loser_value, loser_hlc, loser_device, loser_officer_id, detected_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                        )?
                        .execute(params![
                            crate::util::new_id(), r.table, r.row_id, r.field,
                            w.0, w.1, w.2, w.3, lo.0, lo.1, lo.2, lo.3, detected_at
                        ])?;
                        report.conflicts += added as u32;
                    }
                }
                if wins {
                    winners.push(r);
                } else {
                    report.skipped += 1;
                }
            }
            if winners.is_empty() {
                continue;
            }
            let value = |field: &str| winners.iter().find(|r| r.field == field).map(|r| &r.value);
            let mut cols: Vec<(&str, Sql)> = Vec::new();
            for r in &winners {
                if r.field == "deleted" || r.field.ends_with("_ids") {
                    continue;
                }
                let v: Value = serde_json::from_str(&r.value).unwrap_or(Value::Null);
                cols.push((exchanged_columns(table).iter().find(|c| **c == r.field).copied().unwrap_or("_"), sql_value(table, &r.field, &v)?));
            }
            cols.retain(|(c, _)| *c != "_");
            let stamp = crate::util::now_stamp();
            if !exists {
                let deleted = value("deleted").map(|v| v == "true").unwrap_or(false);
                let mut names: Vec<&str> = vec!["id", "updated_at"];
                let mut vals: Vec<Sql> = vec![Sql::Text(row_id.clone()), Sql::Text(stamp.clone())];
                if !cols.iter().any(|(c, _)| *c == "created_at") {
                    names.push("created_at");
                    vals.push(Sql::Text(stamp.clone()));
                }
                if deleted {
                    names.push("deleted_at");
                    vals.push(Sql::Text(stamp.clone()));
                }
                if table == "projects" {
                    // Derived, filled in by `projects::refresh` once the history is merged.
                    names.extend(["stage", "stage_since"]);
                    vals.extend([Sql::Text("lead".into()), Sql::Text("2000-01-01".into())]);
                }
                for (c, v) in &cols {
                    names.push(c);
                    vals.push(v.clone());
                }
                let marks = vec!["?"; names.len()].join(", ");
                tx.execute(
                    &format!("INSERT INTO {table} ({}) VALUES ({marks})", names.join(", ")),
                    rusqlite::params_from_iter(vals),
                )?;
                report.rows_added += 1;
            } else {
                if !cols.is_empty() {
                    let sets: Vec<String> = cols.iter().map(|(c, _)| format!("{c} = ?")).collect();
                    let mut vals: Vec<Sql> = cols.iter().map(|(_, v)| v.clone()).collect();
                    vals.push(Sql::Text(row_id.clone()));
                    tx.execute(
                        &format!("UPDATE {table} SET {}, updated_at = '{stamp}' WHERE id = ?", sets.join(", ")),
                        rusqlite::params_from_iter(vals),
                    )?;
                }
                if let Some(d) = value("deleted") {
                    let deleted = d == "true";
                    tx.execute(
                        &format!("UPDATE {table} SET deleted_at = CASE WHEN ?2 THEN COALESCE(deleted_at, ?3) END WHERE id = ?1"),
                        params![row_id, deleted, stamp],
                    )?;
                }
            }
            if table == "activities" {
                if let Some(d) = value("deleted") {
                    let on = if d == "true" { Some(stamp.clone()) } else { None };
                    tx.execute("UPDATE activity_projects SET deleted_at = ?2 WHERE activity_id = ?1", params![row_id, on])?;
                }
                for (field, link, col) in [
                    ("officer_ids", "activity_officers", "officer_id"),
                    ("company_ids", "activity_companies", "company_id"),
                    ("project_ids", "activity_projects", "project_id"),
                ] {
                    let Some(v) = value(field) else { continue };
                    let ids: Vec<String> = serde_json::from_str(v).unwrap_or_default();
                    tx.execute(&format!("DELETE FROM {link} WHERE activity_id = ?1"), [&row_id])?;
                    for (i, id) in ids.iter().enumerate() {
                        match link {
                            "activity_officers" => tx.execute(
                                "INSERT INTO activity_officers (activity_id, officer_id, position) VALUES (?1, ?2, ?3)",
                                params![row_id, id, i as i64],
                            )?,
                            "activity_projects" => tx.execute(
                                "INSERT INTO activity_projects (activity_id, project_id, occurred_on, deleted_at)
                                 SELECT id, ?2, occurred_on, deleted_at FROM activities WHERE id = ?1",
                                params![row_id, id],
                            )?,
                            _ => tx.execute(
                                &format!("INSERT INTO {link} (activity_id, {col}) VALUES (?1, ?2)"),
                                params![row_id, id],
                            )?,
                        };
                    }
                }
                touched_activities.push(row_id.clone());
            }
            if table == "projects" {
                touched_projects.push(row_id.clone());
            }
            if table == "stage_changes" {
                let p: Option<String> = tx
                    .query_row("SELECT project_id FROM stage_changes WHERE id = ?1", [&row_id], |r| r.get(0))
                    .optional()?;
                touched_projects.extend(p);
            }
            // Keep the remote clocks: later merges compare against them; re-imports skip.
            for r in &winners {
                tx.execute(
                    "INSERT INTO changes (change_id, device_id, hlc, table_name, row_id, field, old_value,
                        new_value, officer_id, changed_at, schema_version, tx_id, prev_clock)
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?11, ?8, ?9, ?10, ?12
                     WHERE NOT EXISTS (SELECT 1 FROM changes WHERE device_id = ?2 AND hlc = ?3
                                       AND table_name = ?4 AND row_id = ?5 AND field = ?6)",
                    params![
                        crate::util::new_id(),
                        r.device_id,
                        r.hlc,
                        r.table,
                        r.row_id,
                        r.field,
                        r.value,
                        stamp,
                        crate::storage::db::SCHEMA_VERSION,
                        format!("sync:{}", bundle.manifest.sha256),
                        r.officer_id,
                        r.prev
                    ],
                )?;
            }
            report.applied += winners.len() as u32;
        }
        // Derived fields follow the merged facts.
        for a in touched_activities {
            tx.execute(
                "UPDATE activity_projects SET occurred_on = (SELECT occurred_on FROM activities WHERE id = ?1)
                 WHERE activity_id = ?1",
                [&a],
            )?;
            let (dest, first): (Option<String>, Option<String>) = tx.query_row(
                "SELECT destination_code, (SELECT officer_id FROM activity_officers WHERE activity_id = ?1 ORDER BY position LIMIT 1)
                 FROM activities WHERE id = ?1",
                [&a],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let group = crate::reference::region_groups::derive(tx, dest.as_deref(), false)?;
            let team: Option<String> = match first {
                Some(o) => tx.query_row("SELECT team_id FROM officers WHERE id = ?1", [o], |r| r.get(0)).optional()?.flatten(),
                None => None,
            };
            tx.execute("UPDATE activities SET region_group_id = ?2, team_id = ?3 WHERE id = ?1", params![a, group, team])?;
        }
        touched_projects.sort();
        touched_projects.dedup();
        let mut refreshed: HashMap<String, ()> = HashMap::new();
        for p in touched_projects {
            let has_history: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM stage_changes WHERE project_id = ?1 AND deleted_at IS NULL)",
                [&p],
                |r| r.get(0),
            )?;
            if has_history && refreshed.insert(p.clone(), ()).is_none() {
                crate::projects::refresh(tx, &p)?;
            }
        }
        crate::sync::review::note_import(tx, &bundle.manifest, &this_device)?;
        // A merge is not one of this officer's edits: 撤销 does not offer it.
        crate::storage::changelog::mark_not_undoable(tx)?;
        Ok(report)
    })
}

impl Ledger {
    /// The newest clock per device this ledger has seen (what to ask a peer for).
    pub fn sync_seen(&self) -> Result<Seen> {
        seen(self.connection())
    }
    /// Everything a peer that has seen `since` lacks.
    pub fn export_changes(&self, since: &Seen) -> Result<Bundle> {
        export(self, since)
    }
    /// Merges a peer's bundle.
    pub fn import_changes(&mut self, bundle: &Bundle) -> Result<MergeReport> {
        import(self, bundle)
    }
}

//! Merging a peer's bundle: per field the newer clock wins, concurrent edits are kept for
//! review, stage changes are added, derived fields are recomputed.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, types::Value as Sql, Connection, OptionalExtension};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::sync::bundle::*;
use crate::sync::export::*;

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
pub(crate) fn field_value(values: &Value, field: &str) -> Value {
    if field == "deleted" {
        Value::Bool(!values["deleted_at"].is_null())
    } else {
        values.get(field).cloned().unwrap_or(Value::Null)
    }
}

/// Whether an incoming write and the local newest write of the same field were made without
/// either writer having seen the other's value (concurrent edits), and so need review.
pub(crate) fn concurrent(
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
pub(crate) fn same_value(a: &Value, b: &Value) -> bool {
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
        // The 项目库 name index is written once, before the commit (Ledger::write).
        crate::projects::name_index::pause_project_names(tx)?;
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
        // Whether a region group changed: projects and activities then follow their origins.
        let mut regroup = false;
        // Attachment contents first (stored by hash: one already here is kept as it is).
        for b in &bundle.blobs {
            crate::attachments::blobs::put_checked(tx, &b.sha256, &b.bytes()?)?;
        }
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
                if r.field == "deleted" || r.field.ends_with("_ids") || r.field == "city_codes" {
                    continue;
                }
                let v: Value = serde_json::from_str(&r.value).unwrap_or(Value::Null);
                cols.push((exchanged_columns(table).iter().find(|c| **c == r.field).copied().unwrap_or("_"), sql_value(table, &r.field, &v)?));
            }
            cols.retain(|(c, _)| *c != "_");
            refuse_a_second_live_name(tx, table, &row_id, value("name"))?;
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
            if table == "region_groups" {
                if let Some(v) = value("city_codes") {
                    let codes: Vec<String> = serde_json::from_str(v).unwrap_or_default();
                    tx.execute("DELETE FROM region_group_cities WHERE region_group_id = ?1", [&row_id])?;
                    for code in codes {
                        // A city is in one group: the newest list naming it takes it.
                        tx.execute(
                            "INSERT INTO region_group_cities (city_code, region_group_id) VALUES (?1, ?2)
                             ON CONFLICT(city_code) DO UPDATE SET region_group_id = excluded.region_group_id",
                            params![code, row_id],
                        )?;
                    }
                }
                regroup = true;
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
                    "INSERT INTO changes (device_id, hlc, table_name, row_id, field, old_value,
                        new_value, officer_id, changed_at, schema_version, tx_id, prev_clock)
                     SELECT ?1, ?2, ?3, ?4, ?5, NULL, ?6, ?10, ?7, ?8, ?9, ?11
                     WHERE NOT EXISTS (SELECT 1 FROM changes WHERE device_id = ?1 AND hlc = ?2
                                       AND table_name = ?3 AND row_id = ?4 AND field = ?5)",
                    params![
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
        // No attachment row without its content: the whole merge is refused.
        check_blobs(tx, bundle)?;
        // Derived fields follow the merged facts.
        if regroup {
            crate::reference::region_groups::rederive_all(tx)?;
        }
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
        crate::sync::devices::note_import(tx, &bundle.manifest, &this_device)?;
        // A merge is not one of this officer's edits: 撤销 does not offer it.
        crate::storage::changelog::mark_not_undoable(tx)?;
        Ok(report)
    })
}

/// Lists whose live names are unique in a ledger, with what a person calls their rows.
const NAMED_LISTS: &[(&str, &str)] = &[
    ("teams", "团队"),
    ("industries", "产业"),
    ("industry_chains", "产业链"),
    ("parks", "园区"),
    ("region_groups", "来源区域"),
];

/// Refuses, in words, a merge that would give two live rows of a named list the same name (the
/// same name created on two laptops are two records): the unique index would refuse it anyway.
fn refuse_a_second_live_name(
    tx: &Connection,
    table: &str,
    row_id: &str,
    name: Option<&String>,
) -> Result<()> {
    let Some(&(_, label)) = NAMED_LISTS.iter().find(|(t, _)| *t == table) else {
        return Ok(());
    };
    let Some(name) = name.and_then(|v| serde_json::from_str::<String>(v).ok()) else {
        return Ok(());
    };
    let clash: bool = tx.query_row(
        &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE name = ?1 AND id <> ?2 AND deleted_at IS NULL)"),
        params![name, row_id],
        |r| r.get(0),
    )?;
    if clash {
        return Err(Error::Conflict(format!(
            "同步文件中的{label}“{name}”与本机的同名{label}是分别新建的两条记录，无法合并；请在其中一台电脑上把它改名或删除后再同步。本次同步未导入任何数据。"
        )));
    }
    Ok(())
}

/// Refuses a merge that leaves an attachment row of the bundle without its content here.
fn check_blobs(conn: &Connection, bundle: &Bundle) -> Result<()> {
    let mut ids: Vec<&str> = bundle
        .registers
        .iter()
        .filter(|r| r.table == "attachments")
        .map(|r| r.row_id.as_str())
        .collect();
    ids.dedup();
    let mut lacking = conn.prepare_cached(
        "SELECT a.file_name FROM attachments a WHERE a.id = ?1
           AND NOT EXISTS (SELECT 1 FROM attachment_blobs b WHERE b.sha256 = a.sha256)",
    )?;
    for id in ids {
        if let Some(name) = lacking
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()?
        {
            return Err(Error::Conflict(format!(
                "同步数据缺少附件“{name}”的文件内容，未导入任何数据；请对方重新导出同步文件（或重新同步）。"
            )));
        }
    }
    Ok(())
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

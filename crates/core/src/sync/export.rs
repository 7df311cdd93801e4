//! Gathering what a peer lacks: every register changed since the clocks it has seen.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::sync::bundle::*;

/// The newest clock per device in this ledger's change log.
pub fn seen(conn: &Connection) -> Result<Seen> {
    let mut stmt = conn.prepare("SELECT device_id, hlc FROM device_clocks")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The current value of one register, as JSON text of the domain struct's field.
pub(crate) fn current_values(
    conn: &Connection,
    table: &str,
    row_id: &str,
) -> Result<Option<Value>> {
    let v = match table {
        "teams" => conn
            .query_row("SELECT name, sort_order FROM teams WHERE id = ?1", [row_id], |r| {
                Ok(serde_json::json!({"name": r.get::<_, String>(0)?, "sort_order": r.get::<_, i64>(1)?}))
            })
            .optional()?,
        "industries" => conn
            .query_row("SELECT name, sort_order, chain_id FROM industries WHERE id = ?1", [row_id], |r| {
                Ok(serde_json::json!({"name": r.get::<_, String>(0)?, "sort_order": r.get::<_, i64>(1)?,
                    "chain_id": r.get::<_, Option<String>>(2)?}))
            })
            .optional()?,
        _ => {
            let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
            let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
            stmt.query_row([row_id], |r| {
                let mut map = serde_json::Map::new();
                for (i, n) in names.iter().enumerate() {
                    // The row's number in this file (the links' key), not a field of the record.
                    if n == "rid" {
                        continue;
                    }
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
    if table == "region_groups" {
        let codes: Vec<String> = conn
            .prepare_cached("SELECT city_code FROM region_group_cities WHERE region_group_id = ?1 ORDER BY city_code")?
            .query_map([row_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        v["city_codes"] = Value::from(codes);
    }
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
pub(crate) fn exchanged_columns(table: &str) -> &'static [&'static str] {
    match table {
        "teams" | "parks" | "industry_chains" => &["name", "sort_order"],
        "industries" => &["name", "sort_order", "chain_id"],
        "officers" => &["name", "team_id", "title", "phone", "retired_on"],
        "region_groups" => &["name", "rule", "sort_order", "city_codes"],
        "search_aliases" => &["alias", "alias_norm", "canonical"],
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
            "date_unknown",
        ],
        "activities" => &[
            "kind",
            "occurred_on",
            "place",
            "destination_code",
            "summary",
            "follow_up_on",
            "trip_group",
            "trip_leader",
            "trip_members",
            "visited_companies",
            "outcomes",
            "next_steps",
            "officer_ids",
            "company_ids",
            "project_ids",
            "created_at",
        ],
        "project_years" => &[
            "project_id",
            "year",
            "planned_investment",
            "completed_by_month",
            "progress",
        ],
        "attachments" => &[
            "owner",
            "owner_id",
            "file_name",
            "size",
            "sha256",
            "added_at",
            "added_by",
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
        "alert_rules" => &["threshold", "enabled"],
        "score_rules" => &["points"],
        "export_templates" => &[
            "name",
            "title",
            "columns",
            "header_counts",
            "split_by",
            "scope",
            "created_at",
        ],
        "no_update_reasons" => &[
            "project_id",
            "stated_on",
            "reason",
            "officer_id",
            "created_at",
        ],
        "assignments" => &[
            "project_id",
            "task",
            "assignee_officer_id",
            "assignee_leader",
            "assigned_by",
            "assigned_on",
            "due_on",
            "status",
            "result",
            "done_on",
            "created_at",
        ],
        _ => &[],
    }
}

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
    let blobs = blobs_for(conn, since, &registers)?;
    let mut bundle = Bundle {
        manifest: Manifest {
            format: FORMAT,
            device_id: device,
            schema_version: crate::storage::db::SCHEMA_VERSION,
            created_at: crate::util::now_stamp(),
            covers,
            registers: registers.len() as u32,
            sha256: String::new(),
            seen: Some(seen(conn)?),
            since: Some(since.clone()),
            device_label: crate::storage::settings::get(conn, DEVICE_LABEL)?,
            labels: crate::sync::devices::known_labels(conn)?,
        },
        registers,
        blobs,
    };
    // The digest covers the manifest too.
    bundle.seal();
    Ok(bundle)
}

/// The contents of the attachments whose rows the bundle brings to the receiver (their
/// `sha256` register: a row's creation), except those the receiver already holds: another
/// row naming the same content whose creation it has seen (contents are never deleted).
fn blobs_for(conn: &Connection, since: &Seen, registers: &[Register]) -> Result<Vec<Blob>> {
    let hashes = attachment_contents(registers);
    let mut seen_rows = conn.prepare_cached(
        "SELECT c.device_id, c.hlc FROM attachments a JOIN changes c
           ON c.table_name = 'attachments' AND c.row_id = a.id AND c.field IN ('*', 'sha256')
         WHERE a.sha256 = ?1",
    )?;
    let mut out = Vec::new();
    for sha in hashes {
        let clocks = seen_rows
            .query_map([&sha], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if clocks
            .iter()
            .any(|(dev, hlc)| since.get(dev).is_some_and(|s| hlc <= s))
        {
            continue;
        }
        if let Some(content) = crate::attachments::blobs::get(conn, &sha)? {
            out.push(Blob::new(&content));
        }
    }
    Ok(out)
}

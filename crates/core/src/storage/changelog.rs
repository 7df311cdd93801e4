//! The change log: every write of a table module records what changed, field by field, in the
//! same transaction as the data (`changes` table). It is the audit trail shown on a record's page
//! (who, when, field, old, new), what 撤销 (undo) reverses, and what laptops will exchange to
//! merge their ledgers (device id + hybrid logical clock per change).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Result;
use crate::util::{new_id, now_stamp};

/// Settings key of this ledger file's device id.
pub const DEVICE_ID: &str = "device_id";

/// Settings key of the role this ledger's account has on the office server (written at login,
/// see `sync::office_server::Role`): `viewer` (领导) makes the ledger read-only.
pub const SERVER_ROLE: &str = "office_server_role";

/// Refuses a change to a ledger whose office-server account may only read (领导): every
/// recorded write checks it, so the whole action is rolled back with this message. Merging
/// colleagues' changes records no local change and stays allowed.
fn check_writable(conn: &Connection) -> Result<()> {
    if crate::storage::settings::get(conn, SERVER_ROLE)?.as_deref() == Some("viewer") {
        return Err(crate::error::Error::Validation {
            field: None,
            message: "本机登录办公室服务器的账号是领导（只读）账号，只能查看台账，不能修改；未作任何改动。"
                .into(),
        });
    }
    Ok(())
}

/// Starts a user action: a new `tx_id` that groups its changes, and who is acting.
pub fn begin(conn: &Connection, officer_id: Option<&str>) -> Result<String> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS write_context (
            k INTEGER PRIMARY KEY CHECK (k = 0), tx_id TEXT NOT NULL, officer_id TEXT,
            device_id TEXT NOT NULL, last_hlc TEXT)",
    )?;
    let device = match crate::storage::settings::get(conn, DEVICE_ID)? {
        Some(d) => d,
        None => {
            let d = new_id();
            crate::storage::settings::set(conn, DEVICE_ID, Some(&d))?;
            d
        }
    };
    let last: Option<String> = conn.query_row("SELECT MAX(hlc) FROM changes", [], |r| r.get(0))?;
    // The action's id: the `seq` its first entry will get (rows are only ever added, so no
    // other action has it). Short text instead of a uuid in every entry and in `changes_tx`;
    // actions recorded before schema v8 keep their uuids, merges their "sync:<digest>".
    let tx_id: i64 =
        conn.query_row("SELECT COALESCE(MAX(rowid), 0) + 1 FROM changes", [], |r| {
            r.get(0)
        })?;
    let tx_id = tx_id.to_string();
    conn.execute(
        "INSERT OR REPLACE INTO temp.write_context (k, tx_id, officer_id, device_id, last_hlc)
         VALUES (0, ?1, ?2, ?3, ?4)",
        params![tx_id, officer_id, device, last],
    )?;
    Ok(tx_id)
}

struct Context {
    tx_id: String,
    officer_id: Option<String>,
    device_id: String,
    last_hlc: Option<String>,
}

fn context(conn: &Connection) -> Result<Context> {
    let read = |conn: &Connection| -> rusqlite::Result<Option<Context>> {
        conn.prepare_cached(
            "SELECT tx_id, officer_id, device_id, last_hlc FROM temp.write_context WHERE k = 0",
        )?
        .query_row([], |r| {
            Ok(Context {
                tx_id: r.get(0)?,
                officer_id: r.get(1)?,
                device_id: r.get(2)?,
                last_hlc: r.get(3)?,
            })
        })
        .optional()
    };
    if let Ok(Some(c)) = read(conn) {
        return Ok(c);
    }
    begin(conn, None)?;
    Ok(read(conn)?.expect("write context just created"))
}

/// Next hybrid-logical-clock value after `last`: wall-clock milliseconds, or the last value's
/// milliseconds with the counter raised when the clock has not moved (or went backwards).
pub fn next_hlc(last: Option<&str>, now_ms: i64) -> String {
    let (last_ms, last_n) = last
        .and_then(|h| h.split_once('.'))
        .and_then(|(m, n)| Some((m.parse::<i64>().ok()?, n.parse::<u32>().ok()?)))
        .unwrap_or((0, 0));
    if now_ms > last_ms {
        format!("{now_ms:013}.{:05}", 0)
    } else {
        format!("{last_ms:013}.{:05}", last_n + 1)
    }
}

fn insert(
    conn: &Connection,
    ctx: &mut Context,
    table: &str,
    row_id: &str,
    field: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<()> {
    let hlc = next_hlc(
        ctx.last_hlc.as_deref(),
        chrono::Utc::now().timestamp_millis(),
    );
    conn.prepare_cached(
        "INSERT INTO changes (device_id, hlc, table_name, row_id, field, old_value,
            new_value, officer_id, changed_at, schema_version, tx_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        ctx.device_id,
        hlc,
        table,
        row_id,
        field,
        old.map(Value::to_string),
        new.map(Value::to_string),
        ctx.officer_id,
        now_stamp(),
        crate::storage::db::SCHEMA_VERSION,
        ctx.tx_id
    ])?;
    ctx.last_hlc = Some(hlc);
    Ok(())
}

fn save(conn: &Connection, ctx: &Context) -> Result<()> {
    conn.prepare_cached("UPDATE temp.write_context SET last_hlc = ?1 WHERE k = 0")?
        .execute([&ctx.last_hlc])?;
    Ok(())
}

/// Fields never logged: bookkeeping and values derived from other rows.
const ALWAYS_SKIPPED: &[&str] = &["id", "created_at", "updated_at"];

/// Records a created row (`before` None), or the fields that differ between two snapshots of
/// a row (serialized domain structs). `derived` names fields computed from other rows.
pub fn record<T: Serialize>(
    conn: &Connection,
    table: &str,
    row_id: &str,
    before: Option<&T>,
    after: &T,
    derived: &[&str],
) -> Result<()> {
    let Some(before) = before else {
        return record_created(conn, table, row_id);
    };
    check_writable(conn)?;
    let mut ctx = context(conn)?;
    let after = serde_json::to_value(after).expect("domain types serialize");
    let before = serde_json::to_value(before).expect("domain types serialize");
    if let (Value::Object(b), Value::Object(a)) = (&before, &after) {
        for (k, new) in a {
            if ALWAYS_SKIPPED.contains(&k.as_str()) || derived.contains(&k.as_str()) {
                continue;
            }
            let old = b.get(k).unwrap_or(&Value::Null);
            if old != new {
                insert(conn, &mut ctx, table, row_id, k, Some(old), Some(new))?;
            }
        }
    }
    save(conn, &ctx)
}

/// Records a created row: one entry without values (the row itself holds them). What
/// `record(.., None, ..)` records, without serializing the row.
pub fn record_created(conn: &Connection, table: &str, row_id: &str) -> Result<()> {
    record_created_many(conn, &[(table, row_id)])
}

/// `record_created` for several rows, in this order (one read of the write context).
pub fn record_created_many(conn: &Connection, rows: &[(&str, &str)]) -> Result<()> {
    check_writable(conn)?;
    let mut ctx = context(conn)?;
    // One multi-row INSERT per 8 entries (a new project and its stage changes: one statement).
    for chunk in rows.chunks(8) {
        if chunk.len() == 1 {
            let (table, row_id) = chunk[0];
            insert(conn, &mut ctx, table, row_id, "*", None, None)?;
            continue;
        }
        let mut sql = String::from(
            "INSERT INTO changes (device_id, hlc, table_name, row_id, field,
                officer_id, changed_at, schema_version, tx_id) VALUES ",
        );
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::with_capacity(chunk.len() * 8);
        let now = now_stamp();
        for (i, (table, row_id)) in chunk.iter().enumerate() {
            let hlc = next_hlc(
                ctx.last_hlc.as_deref(),
                chrono::Utc::now().timestamp_millis(),
            );
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, '*', ?, ?, ?, ?)");
            values.push(Box::new(ctx.device_id.clone()));
            values.push(Box::new(hlc.clone()));
            values.push(Box::new(table.to_string()));
            values.push(Box::new(row_id.to_string()));
            values.push(Box::new(ctx.officer_id.clone()));
            values.push(Box::new(now.clone()));
            values.push(Box::new(crate::storage::db::SCHEMA_VERSION));
            values.push(Box::new(ctx.tx_id.clone()));
            ctx.last_hlc = Some(hlc);
        }
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(values.iter()))?;
    }
    save(conn, &ctx)
}

/// 撤销 of a soft delete or a restore: `deleted_at` as the logged old value (`"true"`) says,
/// logged like any delete or restore.
pub(crate) fn put_back_deleted(
    conn: &Connection,
    table: &str,
    row_id: &str,
    old: Option<&str>,
) -> Result<()> {
    let deleted = old == Some("true");
    conn.execute(
        &format!(
            "UPDATE {table} SET deleted_at = CASE WHEN ?2 THEN ?3 END, updated_at = ?3 WHERE id = ?1"
        ),
        params![row_id, deleted, now_stamp()],
    )?;
    record_deleted(conn, table, row_id, deleted)
}

/// A logged old value (JSON text) as `T`; `T::default()` when there was none or it doesn't read.
pub(crate) fn old_value<T: serde::de::DeserializeOwned + Default>(old: Option<&str>) -> T {
    old.and_then(|o| serde_json::from_str(o).ok())
        .unwrap_or_default()
}

/// `current` with the logged old values of `fields` put back (a field logged without one
/// becomes null), read as `T` (the record itself or its input): what 撤销 of an edit writes.
pub(crate) fn with_old_values<T: serde::de::DeserializeOwned>(
    current: &impl Serialize,
    fields: &[(&str, Option<&str>)],
) -> serde_json::Result<T> {
    let mut v = serde_json::to_value(current)?;
    for (field, old) in fields {
        v[*field] = old_value::<Value>(*old);
    }
    serde_json::from_value(v)
}

/// Records a soft delete (`deleted` true) or a restore (false) as a change of field `deleted`.
pub fn record_deleted(conn: &Connection, table: &str, row_id: &str, deleted: bool) -> Result<()> {
    check_writable(conn)?;
    let mut ctx = context(conn)?;
    insert(
        conn,
        &mut ctx,
        table,
        row_id,
        "deleted",
        Some(&Value::Bool(!deleted)),
        Some(&Value::Bool(deleted)),
    )?;
    save(conn, &ctx)
}

/// One entry of a record's history, for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangeEntry {
    /// The entry's place in the change log (its `seq`), as text: unique in this ledger.
    pub change_id: String,
    pub tx_id: String,
    pub table_name: String,
    pub row_id: String,
    /// Column name; "*" for creation, "deleted" for delete/restore.
    pub field: String,
    /// JSON text of the old and new values.
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// Who made the change: the officer it names (the office server stamps every change it
    /// accepts with the account that pushed it), else the label of the device it came from (the
    /// server's 干部（电脑） for its devices).
    pub officer_name: Option<String>,
    pub changed_at: String,
    pub device_id: String,
}

/// A record's history, newest first. For a project it includes its stage changes' entries.
pub fn history(
    conn: &Connection,
    table: &str,
    row_id: &str,
    limit: u32,
) -> Result<Vec<ChangeEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT CAST(c.seq AS TEXT), c.tx_id, c.table_name, c.row_id, c.field, c.old_value, c.new_value,
                COALESCE(o.name, d.label), c.changed_at, c.device_id
         FROM changes c LEFT JOIN officers o ON o.id = c.officer_id
              LEFT JOIN sync_devices d ON d.device_id = c.device_id
         WHERE (c.table_name = ?1 AND c.row_id = ?2)
            OR (?1 = 'projects' AND c.table_name = 'stage_changes'
                AND c.row_id IN (SELECT id FROM stage_changes WHERE project_id = ?2))
         ORDER BY c.hlc DESC, c.seq DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![table, row_id, limit], |r| {
        Ok(ChangeEntry {
            change_id: r.get(0)?,
            tx_id: r.get(1)?,
            table_name: r.get(2)?,
            row_id: r.get(3)?,
            field: r.get(4)?,
            old_value: r.get(5)?,
            new_value: r.get(6)?,
            officer_name: r.get(7)?,
            changed_at: r.get(8)?,
            device_id: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a marker entry (e.g. "action X was undone") that belongs to no domain row.
pub fn record_marker(
    conn: &Connection,
    table: &str,
    row_id: &str,
    field: &str,
    value: &Value,
) -> Result<()> {
    // The system's own marker (a merge) is not a change of the ledger's.
    if field != "system" {
        check_writable(conn)?;
    }
    let mut ctx = context(conn)?;
    insert(conn, &mut ctx, table, row_id, field, None, Some(value))?;
    save(conn, &ctx)
}

/// Marks the current action as one 撤销 must not offer (a system write such as the demo
/// ledger or a merge from another laptop).
pub fn mark_not_undoable(conn: &Connection) -> Result<()> {
    let tx_id = context(conn)?.tx_id;
    record_marker(conn, "actions", &tx_id, "system", &Value::Bool(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hlc_moves_forward_even_when_the_clock_does_not() {
        assert_eq!(next_hlc(None, 1_656_000_000_000), "1656000000000.00000");
        let a = next_hlc(Some("1656000000000.00000"), 1_656_000_000_000);
        assert_eq!(a, "1656000000000.00001");
        let b = next_hlc(Some(&a), 1_655_999_999_000); // clock went back
        assert!(b > a);
        assert!(next_hlc(Some(&b), 1_656_000_000_001) > b);
    }
}

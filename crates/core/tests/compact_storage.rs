//! Schema v8 (issue 14): the compact change log. A v7 file full of history upgrades with every
//! entry kept in its place (`seq` = the rowid it had), and history, 撤销 and sync read the same.

use crate::common::*;
use zhaoshang_core::*;

/// Every column of every change-log entry but `change_id`, in log order, as SQL literals.
macro_rules! log {
    ($conn:expr) => {{
        let mut stmt = $conn
            .prepare(
                "SELECT quote(rowid) || '|' || quote(device_id) || '|' || quote(hlc) || '|' ||
                        quote(table_name) || '|' || quote(row_id) || '|' || quote(field) || '|' ||
                        quote(old_value) || '|' || quote(new_value) || '|' || quote(officer_id) ||
                        '|' || quote(changed_at) || '|' || quote(schema_version) || '|' ||
                        quote(tx_id) || '|' || quote(prev_clock)
                 FROM changes ORDER BY rowid",
            )
            .unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.collect::<std::result::Result<Vec<String>, _>>()
            .unwrap()
    }};
}

/// Turns a current ledger file back into schema v7: the change log as 0001/0003 made it (a uuid
/// `change_id` per entry, its primary key; actions named by uuids) and v7's `activities_on`
/// and `activities_kind`; after [`LINKS_AS_UUID_TABLES`].
const TO_V7: &str = "
    CREATE INDEX activities_kind ON activities(kind, occurred_on, region_group_id, team_id, id)
        WHERE deleted_at IS NULL;
    CREATE TABLE changes_v7 (
        change_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, hlc TEXT NOT NULL,
        table_name TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL, old_value TEXT,
        new_value TEXT, officer_id TEXT, changed_at TEXT NOT NULL,
        schema_version INTEGER NOT NULL, tx_id TEXT NOT NULL, prev_clock TEXT);
    INSERT INTO changes_v7 (rowid, change_id, device_id, hlc, table_name, row_id, field,
            old_value, new_value, officer_id, changed_at, schema_version, tx_id, prev_clock)
        SELECT seq, printf('01900000-0000-7000-8000-%012d', seq), device_id, hlc, table_name,
            CASE WHEN table_name = 'actions' AND row_id GLOB '[0-9]*'
                 THEN printf('01910000-0000-7000-8000-%012d', row_id) ELSE row_id END,
            field, old_value, new_value, officer_id, changed_at, 7,
            CASE WHEN tx_id GLOB '[0-9]*'
                 THEN printf('01910000-0000-7000-8000-%012d', tx_id) ELSE tx_id END,
            prev_clock
        FROM changes ORDER BY seq;
    DROP TABLE changes;
    ALTER TABLE changes_v7 RENAME TO changes;
    CREATE INDEX changes_row ON changes(table_name, row_id, hlc);
    CREATE INDEX changes_tx ON changes(tx_id);
    CREATE INDEX changes_hlc ON changes(hlc);
    CREATE INDEX changes_device ON changes(device_id, hlc);
    DROP INDEX activities_on;
    CREATE INDEX activities_on ON activities(occurred_on, kind, region_group_id, team_id)
        WHERE deleted_at IS NULL;
    ALTER TABLE officers DROP COLUMN retired_on;
    ALTER TABLE activities DROP COLUMN trip_group;
    ALTER TABLE activities DROP COLUMN trip_leader;
    ALTER TABLE activities DROP COLUMN trip_members;
    ALTER TABLE activities DROP COLUMN visited_companies;
    ALTER TABLE activities DROP COLUMN outcomes;
    ALTER TABLE activities DROP COLUMN next_steps;
    PRAGMA user_version = 7;";

/// The tables and indexes a file's schema has (type, name), but SQLite's own.
macro_rules! schema_names_of {
    ($conn:expr) => {{
        let mut stmt = $conn
            .prepare(
                "SELECT type, name FROM sqlite_schema
                 WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'
                   AND sql IS NOT NULL AND name NOT LIKE 'search_fts_%'",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap();
        rows.collect::<std::result::Result<std::collections::BTreeSet<_>, _>>()
            .unwrap()
    }};
}

#[test]
fn a_v7_ledger_upgrades_with_its_whole_history() {
    let mut f = fixture();
    f.ledger.set_acting_officer(Some(f.officer.id.clone()));
    let p = f.project("高端装备制造", "110108", YI, d(2022, 1, 5));
    let mut input = input_of(&p);
    input.total_investment = 3 * YI;
    f.ledger.update_project(&p.id, &input).unwrap();
    f.stage(&p.id, Stage::Signed, d(2022, 6, 1)).unwrap();
    let a = f.activity(ActivityKind::IncomingVisit, d(2022, 2, 1), None, &[&p.id]);
    f.ledger.delete_activity(&a.id).unwrap();
    let deleted = f.ledger.last_undoable().unwrap().unwrap();
    f.ledger.undo(&deleted.tx_id).unwrap();
    input.next_step = Some("6月底前签约".into());
    f.ledger.update_project(&p.id, &input).unwrap();

    let path = f.ledger.path().to_path_buf();
    drop(f.ledger);
    let v7_log = {
        // What a fresh v7 file holds; what later migrations added goes (their indexes, tables).
        let scratch = f.dir.path().join("v7.sqlite3");
        let v7 =
            storage::db::open_with_migrations(&scratch, &storage::db::MIGRATIONS[..7]).unwrap();
        let v7_names = schema_names_of!(v7);
        let conn = storage::db::open(&path).unwrap();
        conn.execute_batch(&format!("BEGIN; {TO_V14} {LINKS_AS_UUID_TABLES} {TO_V7}"))
            .unwrap();
        for (kind, name) in schema_names_of!(conn) {
            if !v7_names.contains(&(kind.clone(), name.clone())) {
                conn.execute_batch(&format!("DROP {kind} IF EXISTS \"{name}\""))
                    .unwrap();
            }
        }
        conn.execute_batch("COMMIT").unwrap();
        assert_eq!(schema_names_of!(conn), v7_names);
        log!(conn)
    };
    assert!(v7_log.len() > 10, "{v7_log:?}");
    let n = {
        // v7 opens it as its own: every entry has its change_id.
        let conn = storage::db::open_with_migrations(&path, &storage::db::MIGRATIONS[..7]).unwrap();
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM changes WHERE change_id IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n as usize, v7_log.len());
        n
    };

    // The upgrade: every entry keeps its place and its values; only change_id is gone.
    let mut ledger = Ledger::open(&path).unwrap();
    ledger.set_today(Some(d(2022, 12, 31)));
    let version: i64 = ledger
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, storage::db::SCHEMA_VERSION);
    assert_eq!(log!(ledger.connection()), v7_log);
    let seq: Vec<i64> = {
        let mut stmt = ledger
            .connection()
            .prepare("SELECT seq FROM changes ORDER BY rowid")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<std::result::Result<_, _>>().unwrap()
    };
    assert_eq!(seq, (1..=n).collect::<Vec<_>>());

    // History: the same entries, named by their seq.
    let h = ledger.history("projects", &p.id).unwrap();
    assert!(h.iter().any(|c| c.field == "total_investment"
        && c.old_value.as_deref() == Some("100000000")
        && c.new_value.as_deref() == Some("300000000")
        && c.officer_name.as_deref() == Some("王磊")));
    assert!(h
        .iter()
        .any(|c| c.table_name == "stage_changes" && c.field == "*"));
    assert!(h.iter().all(|c| c.change_id.parse::<i64>().is_ok()));
    assert!(h.iter().all(|c| c.tx_id.starts_with("0191")), "{h:?}");

    // 撤销 of an action recorded before the upgrade (its id a uuid) …
    let last = ledger.last_undoable().unwrap().unwrap();
    assert!(last.tx_id.starts_with("0191"), "{last:?}");
    assert!(last.description.contains("下一步"), "{}", last.description);
    ledger.undo(&last.tx_id).unwrap();
    assert_eq!(ledger.project(&p.id).unwrap().next_step, None);
    assert!(ledger
        .undo(&last.tx_id)
        .unwrap_err()
        .to_string()
        .contains("已经撤销"));
    // … and what was undone before it is not offered again: next is the new activity.
    let next = ledger.last_undoable().unwrap().unwrap();
    assert!(
        next.description.contains("新建活动"),
        "{}",
        next.description
    );

    // New entries continue the sequence; a new action is named by its first entry's seq.
    let before = log!(ledger.connection()).len() as i64;
    input.next_step = Some("年底前开工".into());
    ledger.update_project(&p.id, &input).unwrap();
    let newest = ledger.last_undoable().unwrap().unwrap();
    let first: i64 = ledger
        .connection()
        .query_row(
            "SELECT MIN(seq) FROM changes WHERE tx_id = ?1",
            [&newest.tx_id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(first > before, "{first} after {before}");
    assert_eq!(newest.tx_id, first.to_string());
    ledger.undo(&newest.tx_id).unwrap();
    assert_eq!(ledger.project(&p.id).unwrap().next_step, None);
}

#[test]
fn actions_get_distinct_short_ids() {
    let mut f = fixture();
    let p = f.project("生物医药", "110108", YI, d(2022, 1, 5));
    let create = f.ledger.last_undoable().unwrap().unwrap();
    let mut input = input_of(&p);
    input.total_investment = 2 * YI;
    f.ledger.update_project(&p.id, &input).unwrap();
    let edit = f.ledger.last_undoable().unwrap().unwrap();
    assert_ne!(create.tx_id, edit.tx_id);
    assert!(edit.tx_id.len() < 10, "{}", edit.tx_id);
    f.ledger.undo(&edit.tx_id).unwrap();
    assert_eq!(f.ledger.project(&p.id).unwrap().total_investment, YI);
    let again = f.ledger.last_undoable().unwrap().unwrap();
    assert_eq!(again.tx_id, create.tx_id);
}

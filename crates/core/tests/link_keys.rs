//! Schema v14 (issue 14): the links between activities and their officers, companies and
//! projects are stored as integers (`rid`, each row's rowid), behind views with the old names.

use crate::common::*;
use zhaoshang_core::*;

/// Turns a current ledger file back into v13, after [`LINKS_AS_UUID_TABLES`]: v13's indexes of
/// the change log and of activities.
const TO_V13: &str = "
    DROP TRIGGER device_clocks_follow;
    DROP TABLE device_clocks;
    DROP INDEX changes_actions;
    DROP INDEX changes_row;
    CREATE INDEX changes_row ON changes(table_name, row_id, hlc);
    CREATE INDEX changes_device ON changes(device_id, hlc);
    CREATE INDEX activities_kind ON activities(kind, occurred_on, region_group_id, team_id, id)
        WHERE deleted_at IS NULL;
    PRAGMA user_version = 13;";

/// Every link of every activity, by uuid, and the activities' rowids.
fn links(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT 'o ' || activity_id || ' ' || officer_id || ' ' || position
               FROM activity_officers
             UNION ALL SELECT 'c ' || activity_id || ' ' || company_id FROM activity_companies
             UNION ALL SELECT 'p ' || activity_id || ' ' || project_id || ' ' || occurred_on
                              || ' ' || quote(deleted_at) FROM activity_projects
             UNION ALL SELECT 'a ' || id || ' ' || rowid FROM activities
             ORDER BY 1",
        )
        .unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.collect::<std::result::Result<_, _>>().unwrap()
}

#[test]
fn a_v13_ledger_keeps_every_link_its_undo_and_clocks_and_gives_the_freed_space_back() {
    let mut f = fixture();
    let second = f
        .ledger
        .create_officer(&OfficerInput {
            name: "李娜".into(),
            team_id: Some(f.team.id.clone()),
            ..Default::default()
        })
        .unwrap();
    let company = f.company("江苏恒瑞新材料有限公司", "320500");
    let mut ids = Vec::new();
    for i in 0..300u32 {
        let p = f.project(&format!("新材料项目{i}"), "320500", YI, d(2022, 1, 5));
        let a = f
            .ledger
            .create_activity(&ActivityInput {
                kind: ActivityKind::IncomingVisit,
                occurred_on: d(2022, 2, 1 + i % 27),
                place: None,
                destination_code: None,
                summary: Some(format!("第{i}次来访")),
                follow_up_on: None,
                officer_ids: vec![second.id.clone(), f.officer.id.clone()],
                company_ids: vec![company.id.clone()],
                project_ids: vec![p.id.clone()],
                trip: Default::default(),
            })
            .unwrap();
        ids.push(a.id);
    }
    // A deleted activity keeps its links, marked deleted on the project side.
    f.ledger.delete_activity(&ids[7]).unwrap();
    let report = f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default());
    let undoable = f.ledger.last_undoable().unwrap().unwrap();

    let path = f.ledger.path().to_path_buf();
    let before = links(f.ledger.connection());
    assert!(before.len() > 1200, "{}", before.len());
    drop(f.ledger);
    {
        let conn = storage::db::open(&path).unwrap();
        conn.execute_batch(&format!(
            "BEGIN; {TO_V14} {LINKS_AS_UUID_TABLES} {TO_V13} COMMIT;"
        ))
        .unwrap();
        assert_eq!(links(&conn), before, "the v13 file holds the same links");
    }

    let mut ledger = Ledger::open(&path).unwrap();
    ledger.set_today(Some(d(2022, 12, 31)));
    let conn = ledger.connection();
    assert_eq!(links(conn), before, "every link and rowid as it was");
    let (free, pages): (i64, i64) = (
        conn.pragma_query_value(None, "freelist_count", |r| r.get(0))
            .unwrap(),
        conn.pragma_query_value(None, "page_count", |r| r.get(0))
            .unwrap(),
    );
    assert!(free * 4 <= pages, "{free} of {pages} pages left free");
    let a = ledger.activity(&ids[3]).unwrap();
    assert_eq!(a.officer_ids, vec![second.id.clone(), f.officer.id.clone()]);
    assert_eq!(a.company_ids, vec![company.id.clone()]);
    let again = ledger
        .report(&ReportQuery {
            period: Period::new(d(2022, 1, 1), d(2022, 12, 31)).unwrap(),
            scope: Scope::default(),
        })
        .unwrap();
    assert_eq!(again, report, "the same report");
    let links: i64 = conn
        .query_row("SELECT count(*) FROM activity_officer_links", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(links, 600, "two officers on each of 300 activities");

    // 撤销 offers the same action; the newest clock per device is kept as the log grows.
    assert_eq!(ledger.last_undoable().unwrap().unwrap(), undoable);
    type Clocks = Vec<(String, String)>;
    let clocks = |conn: &rusqlite::Connection| -> (Clocks, Clocks) {
        let read = |sql: &str| {
            let mut stmt = conn.prepare(sql).unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            rows.collect::<std::result::Result<Vec<_>, _>>().unwrap()
        };
        (
            read("SELECT device_id, hlc FROM device_clocks ORDER BY 1"),
            read("SELECT device_id, MAX(hlc) FROM changes GROUP BY 1 ORDER BY 1"),
        )
    };
    let (kept, counted) = clocks(ledger.connection());
    assert_eq!(kept, counted);
    assert_eq!(kept.len(), 1);
    ledger.delete_activity(&ids[9]).unwrap();
    let (kept_now, counted) = clocks(ledger.connection());
    assert_eq!(kept_now, counted);
    assert!(kept_now[0].1 > kept[0].1, "the clock moved with the write");
    let newest = ledger.last_undoable().unwrap().unwrap();
    assert_ne!(newest.tx_id, undoable.tx_id, "the delete just made");
    ledger.undo(&newest.tx_id).unwrap();
    assert_eq!(
        ledger.last_undoable().unwrap().unwrap().tx_id,
        undoable.tx_id,
        "once undone, the one before"
    );
}

#[test]
fn a_link_to_a_record_that_does_not_exist_is_refused() {
    let mut f = fixture();
    let p = f.project("新材料项目", "320500", YI, d(2022, 1, 5));
    let a = f.activity(ActivityKind::IncomingVisit, d(2022, 2, 1), None, &[&p.id]);
    let conn = f.ledger.connection();
    for (sql, other) in [
        ("INSERT INTO activity_officers (activity_id, officer_id) VALUES (?1, ?2)", "no-such-officer"),
        ("INSERT INTO activity_companies (activity_id, company_id) VALUES (?1, ?2)", "no-such-company"),
        (
            "INSERT INTO activity_projects (activity_id, project_id, occurred_on) VALUES (?1, ?2, '2022-02-01')",
            "no-such-project",
        ),
    ] {
        let err = conn.execute(sql, [&a.id, other]).unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{sql}: {err}");
        // Nor is an unknown activity: the other side exists.
        let known = match other {
            "no-such-officer" => f.officer.id.clone(),
            "no-such-company" => p.company_id.clone().unwrap(),
            _ => p.id.clone(),
        };
        let err = conn.execute(sql, ["no-such-activity", &known]).unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{sql}: {err}");
    }
    // A link that exists already: refused, or left alone with OR IGNORE.
    let twice = "INSERT INTO activity_officers (activity_id, officer_id) VALUES (?1, ?2)";
    assert!(conn.execute(twice, [&a.id, &f.officer.id]).is_err());
    let ignored =
        "INSERT OR IGNORE INTO activity_officers (activity_id, officer_id) VALUES (?1, ?2)";
    conn.execute(ignored, [&a.id, &f.officer.id]).unwrap();
    assert_eq!(
        f.ledger.activity(&a.id).unwrap().officer_ids,
        vec![f.officer.id.clone()]
    );
}

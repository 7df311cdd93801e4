//! The 项目库 name index (`project_names`, migration 0015): one trigram document per project,
//! kept by triggers at every write, paused for a bulk write (an import, a sync) and written
//! in one statement before its commit. Checked here: after imports, failed imports, syncs and
//! an upgrade from schema v4, the list's name search finds exactly what LIKE finds.

use crate::common::*;
use rusqlite::Connection;
use zhaoshang_core::io::import::ImportOptions;
use zhaoshang_core::*;

/// The projects whose name or company's name holds `term`, as LIKE finds them.
fn like_count(conn: &Connection, term: &str) -> u32 {
    conn.query_row(
        "SELECT COUNT(*) FROM projects p WHERE p.deleted_at IS NULL AND (p.name LIKE ?1
            OR p.company_id IN (SELECT id FROM companies WHERE name LIKE ?1))",
        [format!("%{}%", term.replace(['%', '_'], ""))],
        |r| r.get(0),
    )
    .unwrap()
}

fn found(l: &Ledger, term: &str) -> u32 {
    l.list_projects(&ProjectFilter {
        search: Some(term.into()),
        ..Default::default()
    })
    .unwrap()
    .total
}

/// The index is sound (FTS5's own check), not paused, nothing left to write; and one, two and
/// three characters and the whole of every project's name find what LIKE finds. Returns how
/// many terms were compared.
fn index_agrees_with_like(l: &Ledger) -> usize {
    let conn = l.connection();
    conn.execute(
        "INSERT INTO project_names (project_names) VALUES ('integrity-check')",
        [],
    )
    .unwrap();
    let left: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM project_names_paused),
                    (SELECT COUNT(*) FROM project_names_stale)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(left, (0, 0), "paused, stale");
    let names: Vec<String> = conn
        .prepare("SELECT name FROM projects WHERE deleted_at IS NULL ORDER BY rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut terms = std::collections::BTreeSet::new();
    for name in names.iter().step_by(names.len().div_ceil(40).max(1)) {
        let chars: Vec<char> = name.chars().collect();
        for n in [1, 2, 3] {
            if chars.len() >= n {
                // From the end: the last characters begin no trigram of the name itself.
                terms.insert(chars[chars.len() - n..].iter().collect::<String>());
                terms.insert(chars[..n].iter().collect::<String>());
            }
        }
        terms.insert(name.clone());
    }
    for term in &terms {
        assert_eq!(found(l, term), like_count(conn, term), "「{term}」");
    }
    terms.len()
}

#[test]
fn an_import_writes_every_name_once_and_a_failed_one_leaves_nothing_paused() {
    let mut f = fixture();
    let bytes = fixture_bytes("ledger_bad_row_400.xlsx");
    // Refused whole: the pause goes with the rest of the transaction.
    f.ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap_err();
    let p = f.project(
        "刚录入的光伏组件项目",
        "130281",
        5 * 100_000_000,
        d(2022, 3, 1),
    );
    assert_eq!(
        found(&f.ledger, "光伏组件"),
        1,
        "written at once, not paused"
    );
    assert!(index_agrees_with_like(&f.ledger) > 3);
    let skip_bad_rows = ImportOptions {
        skip_invalid_rows: true,
        ..Default::default()
    };
    let plan = f.ledger.import_apply(&bytes, &skip_bad_rows).unwrap();
    assert_eq!(plan.counts.create, 449);
    assert!(index_agrees_with_like(&f.ledger) > 100);
    // Imported again: the rows are updates now, each document removed and written again.
    let again = f.ledger.import_apply(&bytes, &skip_bad_rows).unwrap();
    assert_eq!(again.counts.create, 0, "{:?}", again.counts);
    index_agrees_with_like(&f.ledger);
    assert!(found(&f.ledger, &p.name) == 1);
}

#[test]
fn a_schema_v4_ledger_gains_the_index_with_every_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    std::fs::copy(fixture_path("schema-v4.sqlite3"), &path).unwrap();
    let l = Ledger::open(&path).unwrap();
    let projects: i64 = l
        .connection()
        .query_row("SELECT COUNT(*) FROM projects", [], |r| r.get(0))
        .unwrap();
    assert!(projects > 0);
    assert!(index_agrees_with_like(&l) > 3);
}

#[test]
fn a_synced_project_is_found_by_the_list_search_under_its_newest_name() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, p, input) = crate::sync::shared_project(&dir);
    let found = |l: &Ledger, q: &str| {
        l.list_projects(&ProjectFilter {
            search: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .total
    };
    // The merge pauses the name index and writes it before its commit.
    assert_eq!(found(&b, "光伏"), 1);
    a.update_project(
        &p.id,
        &ProjectInput {
            name: "储能电站项目".into(),
            ..input
        },
    )
    .unwrap();
    crate::sync::send(&dir, &a, &mut b);
    assert_eq!((found(&b, "光伏"), found(&b, "储能电站")), (0, 1));
    let left: i64 = b
        .connection()
        .query_row("SELECT COUNT(*) FROM project_names_stale", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

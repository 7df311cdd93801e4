//! `zhaoshang alerts` on the demo ledger: the projects tripping the 预警 rules as of a day.

use crate::common::zhaoshang;

#[test]
fn alerts_lists_tripped_projects_as_of_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    let (code, out, err) = zhaoshang(&["--db", db, "demo"]);
    assert_eq!(code, 0, "{out}{err}");

    let (code, out, err) = zhaoshang(&["--db", db, "alerts", "--today", "2022-06-30"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("截至 2022-06-30，预警（督办）项目 "),
        "{head}"
    );
    let rows: Vec<&str> = lines.collect();
    let count: usize = head
        .trim_start_matches("截至 2022-06-30，预警（督办）项目 ")
        .trim_end_matches(" 项。")
        .parse()
        .unwrap();
    assert_eq!(rows.len(), count);
    assert!(count > 0, "the demo has stalled projects: {out}");
    for row in &rows {
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), 4, "{row}");
        assert!(cols[0].contains("（规则："), "{row}");
    }
    // Nothing has been signed, started or negotiated before the ledger's first facts.
    let (code, out, _) = zhaoshang(&["--db", db, "alerts", "--today", "2000-01-01"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "截至 2000-01-01，预警（督办）项目 0 项。");

    let (code, _, err) = zhaoshang(&["--db", db, "alerts", "--today", "2022-13-01"]);
    assert_ne!(code, 0, "a bad date is refused: {err}");
}

//! The check at opening for big files (the size limit is lowered for this test's thread). A
//! big, cleanly closed file gets a cheap structural check; a damaged table in it is then found
//! by the backup made at start (which reads every page); a file left with WAL frames (a crash)
//! gets the full `quick_check` whatever its size.

use std::path::Path;

use crate::common::*;
use chrono::{TimeZone, Utc};
use zhaoshang_core::*;

/// Flips bytes in the root page of the `projects` table of a closed ledger.
fn corrupt_projects_table(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let page_size: i64 = conn
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'projects'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(path).unwrap();
    let start = ((root - 1) * page_size) as usize;
    for b in &mut bytes[start + 1..start + 64] {
        *b ^= 0x5A;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn big_clean_files_skip_quick_check_but_the_start_backup_and_a_crash_still_check() {
    storage::db::set_quick_check_max_bytes(0); // every file counts as big here
    let mut f = fixture();
    for i in 0..30 {
        f.project(&format!("项目{i:02}"), "130281", 1, d(2022, 1, 1));
    }
    let path = f.ledger.path().to_path_buf();
    drop(f.ledger);
    assert!(!sidecar(&path, "-wal").exists(), "closed cleanly");
    corrupt_projects_table(&path);

    // Opening is cheap and does not read the damaged table…
    let ledger = Ledger::open(&path).expect("structural check passes");
    // …but the backup made at start reads every page and reports the ledger as damaged.
    let e = ledger
        .backup_now(&[], Utc.with_ymd_and_hms(2022, 7, 1, 0, 0, 0).unwrap())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Corrupt, "{e}");
    assert!(e.to_string().contains("已损坏"), "{e}");

    // A -wal with frames (what a crash leaves) brings the full quick_check back.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS t_wal(x); INSERT INTO t_wal VALUES (1);")
        .unwrap();
    assert!(std::fs::metadata(sidecar(&path, "-wal")).unwrap().len() > 0);
    let e = Ledger::open(&path).err().expect("quick_check refuses it");
    assert_eq!(e.kind(), ErrorKind::Corrupt, "{e}");
    drop(other);
    drop(ledger);

    // A truncated big file is refused by the structural check.
    let g = fixture();
    let p2 = g.ledger.path().to_path_buf();
    drop(g.ledger);
    let bytes = std::fs::read(&p2).unwrap();
    std::fs::write(&p2, &bytes[..bytes.len() - 4096]).unwrap();
    let e = Ledger::open(&p2).err().expect("truncated file refused");
    assert!(
        matches!(e.kind(), ErrorKind::Corrupt | ErrorKind::Conflict),
        "{e}"
    );

    // An encrypted big file opens through the same cheap check.
    let mut h = fixture();
    let p3 = h.ledger.path().to_path_buf();
    h.ledger.set_passphrase(None, Some("县招商局2022")).unwrap();
    drop(h.ledger);
    let l = Ledger::open_with_passphrase(&p3, Some("县招商局2022")).unwrap();
    assert_eq!(l.teams().unwrap().len(), 1);
}

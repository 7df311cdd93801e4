//! A big import commits its data and leaves the search index to a refresh of its own
//! (`Ledger::refresh_search_index`, which the app runs in the background and every search runs
//! first). Played with a small file: this test lowers the threshold for "big" on its thread.

use crate::common::*;
use zhaoshang_core::io::import::{set_search_index_after_rows, ImportOptions};

fn stale(f: &Fixture) -> i64 {
    f.ledger
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM search_docs WHERE norm IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn integrity(f: &Fixture) {
    f.ledger
        .connection()
        .execute_batch("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
        .unwrap();
}

#[test]
fn a_big_import_is_searchable_after_its_own_index_refresh() {
    set_search_index_after_rows(3);
    let mut f = fixture();
    f.ledger.refresh_search_index().unwrap();
    assert_eq!(stale(&f), 0);
    let plan = f
        .ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert_eq!(plan.counts.create, 7);
    // Committed without the index: the new names wait for the refresh.
    let waiting = stale(&f);
    assert!(waiting >= 7, "{waiting}");
    assert_eq!(f.ledger.refresh_search_index().unwrap() as i64, waiting);
    assert_eq!(stale(&f), 0);
    assert_eq!(f.ledger.refresh_search_index().unwrap(), 0, "nothing left");
    integrity(&f);
    for q in ["凌源钢铁", "lingyuangangtie", "lygt"] {
        let hits = f.ledger.search(q, 10).unwrap();
        assert!(
            hits.iter().any(|h| h.name.contains("凌源钢铁")),
            "{q}: {hits:?}"
        );
    }

    // Undone before its index was refreshed: nothing of it is found, the index stays sound.
    let mut g = fixture();
    g.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert!(stale(&g) >= 7);
    let action = g.ledger.last_undoable().unwrap().unwrap();
    g.ledger.undo(&action.tx_id).unwrap();
    assert!(g.ledger.search("凌源钢铁", 10).unwrap().is_empty());
    assert_eq!(stale(&g), 0);
    integrity(&g);

    // A search right after the import (no refresh asked for) finds the new names itself.
    let mut h = fixture();
    h.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    assert!(stale(&h) >= 7);
    let hits = h.ledger.search("lygt", 10).unwrap();
    assert!(hits.iter().any(|x| x.name.contains("凌源钢铁")), "{hits:?}");
    integrity(&h);
}

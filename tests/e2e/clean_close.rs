//! Closing the app's window closes its ledger: SQLite folds the `-wal` into the file and
//! removes it. A ledger left with a `-wal` looks like a crash to the next start, and a big
//! ledger (over 256 MB) then gets the full `quick_check` before anything shows: about 4 s at
//! 100k projects (crates/core/src/storage/db.rs). Tauri ends the process after its last event
//! without dropping the app's state, so the shell closes the ledger itself (src-tauri/src/lib.rs).

use zhaoshang_e2e::*;

#[tokio::test]
async fn closing_the_window_closes_the_ledger() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(data.path(), 4700);
    let c = connect(&driver).await;
    click(&c, "setup-demo").await;
    find(&c, "charts").await;
    let ledger = data.path().join("cn.zhaoshang.app").join("ledger.sqlite3");
    assert!(
        std::fs::metadata(wal_of(&ledger)).is_ok_and(|m| m.len() > 0),
        "the open ledger has a -wal with frames"
    );
    assert!(
        close_app_window(&ledger).await,
        "the -wal is still there after the window closed: the app did not close its ledger"
    );
    // The session's app is gone; ending the session only tidies up the driver.
    let _ = c.close().await;
    let l = zhaoshang_core::Ledger::open(&ledger).unwrap();
    let projects: i64 = l
        .connection()
        .query_row("SELECT COUNT(*) FROM projects", [], |r| r.get(0))
        .unwrap();
    assert!(projects > 0, "the demo's projects are in the file");
}

//! A row's own savepoint, so that a failing row is rolled back alone (the three sheet kinds).

use rusqlite::Connection;

pub fn open(conn: &Connection) -> rusqlite::Result<()> {
    conn.prepare_cached("SAVEPOINT import_row")?.execute([])?;
    Ok(())
}

/// The row succeeded: its writes stay in the import's transaction.
pub fn keep(conn: &Connection) -> rusqlite::Result<()> {
    conn.prepare_cached("RELEASE import_row")?.execute([])?;
    Ok(())
}

/// The row failed: nothing of it stays.
pub fn roll_back(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("ROLLBACK TO import_row; RELEASE import_row")
}

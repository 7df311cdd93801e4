-- The report engine's facts kept in the ledger (reports/facts/snapshot.rs): one row, the
-- encoded facts as of the change log's rowid `seq`. Derived and rewritten at will: never
-- logged, never synced, safe to delete.
CREATE TABLE report_snapshot (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    format      INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    written_at  TEXT NOT NULL,
    data        BLOB NOT NULL
);

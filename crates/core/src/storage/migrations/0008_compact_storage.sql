-- 招商台账 schema v8: a smaller ledger file (issue 14: 100k projects / 1M activities).
--
-- 1. The change log loses `change_id`, a uuid per entry that nothing looked up: 37 bytes in
--    every row plus its own index (sqlite_autoindex_changes_1). An entry is named by `seq`, an
--    alias of the rowid it always had: the rows are copied with their rowids, so `seq` keeps
--    counting in insertion order, and being an INTEGER PRIMARY KEY no VACUUM (nor the backups'
--    VACUUM INTO) can renumber it. What readers see as an entry's `change_id` is `seq` as text.
--    Nothing else changes: every other column keeps its name, type and value, so history,
--    撤销 and the sync exchange read the same rows. (New actions get a short `tx_id`, the `seq`
--    of their first entry, see changelog.rs; older actions keep their uuid.)
CREATE TABLE changes_v8 (
    seq             INTEGER PRIMARY KEY,
    device_id       TEXT NOT NULL,
    -- hybrid logical clock: 'MMMMMMMMMMMMM.CCCCC' (ms since epoch, counter); sorts as text
    hlc             TEXT NOT NULL,
    table_name      TEXT NOT NULL,
    row_id          TEXT NOT NULL,
    -- a column name; '*' when the row was created
    field           TEXT NOT NULL,
    old_value       TEXT,
    new_value       TEXT,
    officer_id      TEXT,
    changed_at      TEXT NOT NULL,
    schema_version  INTEGER NOT NULL,
    -- one user action (one Ledger::write): what 撤销 undoes together
    tx_id           TEXT NOT NULL,
    -- merged entries: the clock ('hlc device') of the value the write replaced on its device
    prev_clock      TEXT
);
INSERT INTO changes_v8 (seq, device_id, hlc, table_name, row_id, field, old_value, new_value,
        officer_id, changed_at, schema_version, tx_id, prev_clock)
    SELECT rowid, device_id, hlc, table_name, row_id, field, old_value, new_value,
        officer_id, changed_at, schema_version, tx_id, prev_clock
    FROM changes ORDER BY rowid;
DROP TABLE changes;
ALTER TABLE changes_v8 RENAME TO changes;
-- The same lookups as before: a record's history and a field's clock, an action's entries,
-- the newest clock (every write), per device (sync: seen, 撤销 of this device's actions).
CREATE INDEX changes_row ON changes(table_name, row_id, hlc);
CREATE INDEX changes_tx ON changes(tx_id);
CREATE INDEX changes_hlc ON changes(hlc);
CREATE INDEX changes_device ON changes(device_id, hlc);

-- 2. activities_on carried region_group_id and team_id for a report query that no longer
--    exists (the report engine reads activities by kind, activities_kind). What uses it now
--    (the newest activities, the latest activity date) needs the date only.
DROP INDEX activities_on;
CREATE INDEX activities_on ON activities(occurred_on) WHERE deleted_at IS NULL;

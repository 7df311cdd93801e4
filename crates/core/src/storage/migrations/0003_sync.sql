-- Merging laptops: what a write replaced, conflicting edits for review, and the devices whose
-- data this ledger holds.

-- For entries merged from another device: the clock ('hlc device') of the value the write
-- replaced on its own device. It tells concurrent edits (neither side had seen the other's)
-- from sequential ones. NULL for this device's own writes (the log itself tells) and for
-- entries merged before this version.
ALTER TABLE changes ADD COLUMN prev_clock TEXT;
CREATE INDEX changes_device ON changes(device_id, hlc);

-- Concurrent edits of one field with different values, both kept for the 冲突 review screen.
-- The merge already chose the winner (last writer by clock); review only confirms or reverses it.
CREATE TABLE sync_conflicts (
    id              TEXT PRIMARY KEY,
    table_name      TEXT NOT NULL,
    row_id          TEXT NOT NULL,
    field           TEXT NOT NULL,
    -- JSON text of the values, as stored
    winner_value    TEXT,
    winner_hlc      TEXT NOT NULL,
    winner_device   TEXT NOT NULL,
    winner_officer_id TEXT,
    loser_value     TEXT,
    loser_hlc       TEXT NOT NULL,
    loser_device    TEXT NOT NULL,
    loser_officer_id TEXT,
    detected_at     TEXT NOT NULL,
    resolved_at     TEXT,
    -- 'kept' (保留当前) | 'took_other' (采用另一值)
    resolution      TEXT,
    UNIQUE (table_name, row_id, field, winner_hlc, winner_device, loser_hlc, loser_device)
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved_at, detected_at);

-- Every device whose changes this ledger holds: its label, what it reported having seen in its
-- last bundle (JSON {device: hlc}), and when this ledger last imported from / exported for it.
CREATE TABLE sync_devices (
    device_id       TEXT PRIMARY KEY,
    label           TEXT,
    seen            TEXT,
    last_import_at  TEXT,
    last_export_at  TEXT
);
INSERT INTO sync_devices (device_id) SELECT DISTINCT device_id FROM changes;

-- 别名 become records like any other: a text id, soft delete and the change log, so 撤销 takes
-- one back and sync carries them to every laptop. An alias added from now on gets an id made
-- from what it says (`search::alias_id`), so the same alias added on two laptops is one record;
-- those already here keep a random one. No uniqueness in the table: a merge may bring a second
-- record of an alias already here, which searches read as one.
CREATE TABLE search_aliases_v12 (
    id          TEXT PRIMARY KEY,
    alias       TEXT NOT NULL,
    -- folded alias, what queries are compared with
    alias_norm  TEXT NOT NULL,
    canonical   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
INSERT INTO search_aliases_v12 (id, alias, alias_norm, canonical, created_at, updated_at)
    SELECT lower(hex(randomblob(16))), alias, alias_norm, canonical, created_at, created_at
    FROM search_aliases;
DROP TABLE search_aliases;
ALTER TABLE search_aliases_v12 RENAME TO search_aliases;
CREATE INDEX search_aliases_norm ON search_aliases(alias_norm) WHERE deleted_at IS NULL;

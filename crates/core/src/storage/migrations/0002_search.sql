-- 招商台账 schema v2: search index, aliases, remembered import mappings (issue 4).
--
-- search_docs holds one row per searchable record (project, company, officer). Triggers on the
-- record tables keep its `name` and `deleted` in step with every write, whoever makes it; the
-- folded text (simplified, half-width) and the pinyin cannot be computed in SQL, so a changed
-- row gets norm = NULL and search.rs fills it in (after an import, or before a search).
-- search_fts is an external-content FTS5 trigram index over norm and pinyin.

CREATE TABLE search_docs (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('project', 'company', 'officer')),
    ref_id   TEXT NOT NULL,
    name     TEXT NOT NULL,
    -- folded name (traditional → simplified, half-width, lower case); NULL = to be refreshed
    norm     TEXT,
    -- full pinyin and initials of every reading, space separated
    pinyin   TEXT,
    deleted  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_stale ON search_docs(id) WHERE norm IS NULL;

CREATE VIRTUAL TABLE search_fts USING fts5(
    norm, pinyin, content = 'search_docs', content_rowid = 'id', tokenize = 'trigram'
);

-- A row enters the FTS index once its folded text is known (norm NOT NULL), so writes in
-- bulk (an import) touch the FTS index once, at the refresh, not once per row.
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs WHEN new.norm IS NOT NULL BEGIN
    INSERT INTO search_fts (rowid, norm, pinyin) VALUES (new.id, new.norm, new.pinyin);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs WHEN old.norm IS NOT NULL BEGIN
    INSERT INTO search_fts (search_fts, rowid, norm, pinyin) VALUES ('delete', old.id, old.norm, old.pinyin);
END;
-- One trigger, statements in this order (separate triggers would fire newest first).
CREATE TRIGGER search_docs_au AFTER UPDATE OF norm, pinyin ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, norm, pinyin)
        SELECT 'delete', old.id, old.norm, old.pinyin WHERE old.norm IS NOT NULL;
    INSERT INTO search_fts (rowid, norm, pinyin)
        SELECT new.id, new.norm, new.pinyin WHERE new.norm IS NOT NULL;
END;

-- Record tables → search_docs.
CREATE TRIGGER search_projects_ai AFTER INSERT ON projects BEGIN
    INSERT OR IGNORE INTO search_docs (kind, ref_id, name, deleted)
    VALUES ('project', new.id, new.name, new.deleted_at IS NOT NULL);
END;
CREATE TRIGGER search_projects_au AFTER UPDATE OF name, deleted_at ON projects
WHEN old.name IS NOT new.name OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
    UPDATE search_docs SET name = new.name, deleted = new.deleted_at IS NOT NULL,
        norm = CASE WHEN old.name IS NOT new.name THEN NULL ELSE norm END,
        pinyin = CASE WHEN old.name IS NOT new.name THEN NULL ELSE pinyin END
    WHERE kind = 'project' AND ref_id = new.id;
END;
CREATE TRIGGER search_companies_ai AFTER INSERT ON companies BEGIN
    INSERT OR IGNORE INTO search_docs (kind, ref_id, name, deleted)
    VALUES ('company', new.id, new.name, new.deleted_at IS NOT NULL);
END;
CREATE TRIGGER search_companies_au AFTER UPDATE OF name, deleted_at ON companies
WHEN old.name IS NOT new.name OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
    UPDATE search_docs SET name = new.name, deleted = new.deleted_at IS NOT NULL,
        norm = CASE WHEN old.name IS NOT new.name THEN NULL ELSE norm END,
        pinyin = CASE WHEN old.name IS NOT new.name THEN NULL ELSE pinyin END
    WHERE kind = 'company' AND ref_id = new.id;
END;
CREATE TRIGGER search_officers_ai AFTER INSERT ON officers BEGIN
    INSERT OR IGNORE INTO search_docs (kind, ref_id, name, deleted)
    VALUES ('officer', new.id, new.name, new.deleted_at IS NOT NULL);
END;
CREATE TRIGGER search_officers_au AFTER UPDATE OF name, deleted_at ON officers
WHEN old.name IS NOT new.name OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
    UPDATE search_docs SET name = new.name, deleted = new.deleted_at IS NOT NULL,
        norm = CASE WHEN old.name IS NOT new.name THEN NULL ELSE norm END,
        pinyin = CASE WHEN old.name IS NOT new.name THEN NULL ELSE pinyin END
    WHERE kind = 'officer' AND ref_id = new.id;
END;

-- Rows removed for good (never done by the app, which deletes softly; kept for safety).
CREATE TRIGGER search_projects_ad AFTER DELETE ON projects BEGIN
    DELETE FROM search_docs WHERE kind = 'project' AND ref_id = old.id;
END;
CREATE TRIGGER search_companies_ad AFTER DELETE ON companies BEGIN
    DELETE FROM search_docs WHERE kind = 'company' AND ref_id = old.id;
END;
CREATE TRIGGER search_officers_ad AFTER DELETE ON officers BEGIN
    DELETE FROM search_docs WHERE kind = 'officer' AND ref_id = old.id;
END;

-- Rows that existed before this migration.
INSERT INTO search_docs (kind, ref_id, name, deleted)
    SELECT 'project', id, name, deleted_at IS NOT NULL FROM projects;
INSERT INTO search_docs (kind, ref_id, name, deleted)
    SELECT 'company', id, name, deleted_at IS NOT NULL FROM companies;
INSERT INTO search_docs (kind, ref_id, name, deleted)
    SELECT 'officer', id, name, deleted_at IS NOT NULL FROM officers;

-- 别名: another name people use for the same thing (凌钢 = 凌源钢铁).
CREATE TABLE search_aliases (
    id          INTEGER PRIMARY KEY,
    alias       TEXT NOT NULL,
    -- folded alias, what queries are compared with
    alias_norm  TEXT NOT NULL,
    canonical   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (alias_norm, canonical)
);

-- Column mappings a user corrected, keyed by the header layout's signature.
CREATE TABLE import_mappings (
    signature   TEXT PRIMARY KEY,
    mapping     TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- 招商台账 schema v14: a smaller ledger file (issue 14: 100k projects / 1M activities).
--
-- Every link between an activity and its officers, companies and projects was stored as two
-- 36-character uuids, twice (the table and its index on the other side): about 640 bytes per
-- activity, a third of the file. Links now hold two integers.
--
-- 1. Activities, officers, companies and projects get `rid INTEGER PRIMARY KEY`, an alias of
--    the rowid each row always had (copied as it was, so nothing that read a rowid, like the
--    report engine's snapshot, sees a change); being an INTEGER PRIMARY KEY, no VACUUM (nor
--    the backups' VACUUM INTO) can renumber it. It is the last column, local to this file and
--    never synced: `id` stays every record's name, in the sync exchange, the change log and
--    everywhere else, and stays unique. (The migration runner turns foreign keys off while it
--    rebuilds tables others refer to, and checks every reference before it commits.)
-- 2. The links move into `activity_officer_links`, `activity_company_links` and
--    `activity_project_links`, keyed by those integers.
-- 3. The old names stay, as views that read the same columns as before; writes to them go
--    through INSTEAD OF triggers into the link tables. A link to a record that does not exist
--    is refused as before, by the foreign key (an unknown uuid becomes the rowid -1).
-- 4. `activities_kind` carried five columns for a report query that is gone; the report engine
--    reads its facts from its snapshot and the change log, and reads the tables whole only
--    when it has neither (the first open after this upgrade). It goes.
-- 5. The change log keeps every entry as it was; two of its indexes change:
--    - `changes_device` (device, clock; 7% of a large file) served three lookups. The newest
--      clock per device (sync: what this ledger has seen; the devices list) is now kept in
--      `device_clocks`, one row per device, by a trigger. 撤销's "newest action of this
--      device" reads `changes_actions`: the first entry of each action written here (its
--      `tx_id` is that entry's `seq`, see changelog.rs), one entry per action instead of one
--      per change, and every entry of the actions recorded before v8 (named by uuids).
--      "Was this entry merged before" finds it by its clock (`changes_hlc`).
--    - `changes_row` loses the clock: a record's entries are few, and sorted when read.

-- 1. The four tables, rebuilt with `rid`.
CREATE TABLE officers_v14 (
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    team_id     TEXT REFERENCES teams(id),
    title       TEXT,
    phone       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    retired_on  TEXT,
    rid         INTEGER PRIMARY KEY
);
INSERT INTO officers_v14 (rid, id, name, team_id, title, phone, created_at, updated_at,
        deleted_at, retired_on)
    SELECT rowid, id, name, team_id, title, phone, created_at, updated_at, deleted_at, retired_on
    FROM officers ORDER BY rowid;
DROP TABLE officers;
ALTER TABLE officers_v14 RENAME TO officers;
CREATE INDEX officers_team ON officers(team_id);

CREATE TABLE companies_v14 (
    id                    TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    credit_code           TEXT,
    origin_code           TEXT REFERENCES divisions(code),
    overseas              INTEGER NOT NULL DEFAULT 0,
    industry_id           TEXT REFERENCES industries(id),
    contact_person        TEXT,
    contact_phone         TEXT,
    notes                 TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    deleted_at            TEXT,
    legal_representative  TEXT,
    registered_capital    INTEGER CHECK (registered_capital >= 0),
    address               TEXT,
    business_scope        TEXT,
    rid                   INTEGER PRIMARY KEY
);
INSERT INTO companies_v14 (rid, id, name, credit_code, origin_code, overseas, industry_id,
        contact_person, contact_phone, notes, created_at, updated_at, deleted_at,
        legal_representative, registered_capital, address, business_scope)
    SELECT rowid, id, name, credit_code, origin_code, overseas, industry_id,
        contact_person, contact_phone, notes, created_at, updated_at, deleted_at,
        legal_representative, registered_capital, address, business_scope
    FROM companies ORDER BY rowid;
DROP TABLE companies;
ALTER TABLE companies_v14 RENAME TO companies;
CREATE UNIQUE INDEX companies_credit_code ON companies(credit_code)
    WHERE credit_code IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX companies_name ON companies(name);

CREATE TABLE projects_v14 (
    id                   TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    company_id           TEXT REFERENCES companies(id),
    content              TEXT,
    total_investment     INTEGER NOT NULL DEFAULT 0 CHECK (total_investment >= 0),
    industry_id          TEXT REFERENCES industries(id),
    region_group_id      TEXT REFERENCES region_groups(id),
    region_group_manual  INTEGER NOT NULL DEFAULT 0,
    -- Derived from stage_changes on every write to them (cache for lists and reports).
    stage                TEXT NOT NULL,
    stage_since          TEXT NOT NULL,
    signed_on            TEXT,
    started_on           TEXT,
    operating_on         TEXT,
    -- Sum of 增资 recorded on the stage history (so the first signing counts without it).
    added_investment     INTEGER NOT NULL DEFAULT 0,
    enclave              INTEGER NOT NULL DEFAULT 0,
    relocation           INTEGER NOT NULL DEFAULT 0,
    key_project          INTEGER NOT NULL DEFAULT 0,
    high_energy          INTEGER NOT NULL DEFAULT 0,
    construction_kind    TEXT,
    park                 TEXT,
    team_id              TEXT REFERENCES teams(id),
    officer_id           TEXT REFERENCES officers(id),
    sponsor_id           TEXT REFERENCES officers(id),
    responsible_unit     TEXT,
    coordination_issues  TEXT,
    next_step            TEXT,
    notes                TEXT,
    follow_up_on         TEXT,
    created_on           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    deleted_at           TEXT,
    rid                  INTEGER PRIMARY KEY
);
INSERT INTO projects_v14 (rid, id, name, company_id, content, total_investment, industry_id,
        region_group_id, region_group_manual, stage, stage_since, signed_on, started_on,
        operating_on, added_investment, enclave, relocation, key_project, high_energy,
        construction_kind, park, team_id, officer_id, sponsor_id, responsible_unit,
        coordination_issues, next_step, notes, follow_up_on, created_on, created_at, updated_at,
        deleted_at)
    SELECT rowid, id, name, company_id, content, total_investment, industry_id,
        region_group_id, region_group_manual, stage, stage_since, signed_on, started_on,
        operating_on, added_investment, enclave, relocation, key_project, high_energy,
        construction_kind, park, team_id, officer_id, sponsor_id, responsible_unit,
        coordination_issues, next_step, notes, follow_up_on, created_on, created_at, updated_at,
        deleted_at
    FROM projects ORDER BY rowid;
DROP TABLE projects;
ALTER TABLE projects_v14 RENAME TO projects;
CREATE INDEX projects_company ON projects(company_id);
CREATE INDEX projects_signed ON projects(signed_on) WHERE signed_on IS NOT NULL;
CREATE INDEX projects_started ON projects(started_on) WHERE started_on IS NOT NULL;
CREATE INDEX projects_operating ON projects(operating_on) WHERE operating_on IS NOT NULL;
CREATE INDEX projects_region ON projects(region_group_id);
CREATE INDEX projects_team ON projects(team_id);
CREATE INDEX projects_key ON projects(key_project) WHERE key_project = 1;
CREATE INDEX projects_updated ON projects(updated_at);
CREATE INDEX projects_list_investment
    ON projects(total_investment, id, stage, region_group_id, deleted_at);
CREATE INDEX projects_list_region
    ON projects(region_group_id, stage, total_investment, id, deleted_at);

CREATE TABLE activities_v14 (
    id                 TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL,
    occurred_on        TEXT NOT NULL,
    place              TEXT,
    destination_code   TEXT REFERENCES divisions(code),
    region_group_id    TEXT REFERENCES region_groups(id),
    summary            TEXT,
    follow_up_on       TEXT,
    team_id            TEXT REFERENCES teams(id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT,
    trip_group         TEXT,
    trip_leader        TEXT,
    trip_members       TEXT,
    visited_companies  TEXT,
    outcomes           TEXT,
    next_steps         TEXT,
    rid                INTEGER PRIMARY KEY
);
INSERT INTO activities_v14 (rid, id, kind, occurred_on, place, destination_code,
        region_group_id, summary, follow_up_on, team_id, created_at, updated_at, deleted_at,
        trip_group, trip_leader, trip_members, visited_companies, outcomes, next_steps)
    SELECT rowid, id, kind, occurred_on, place, destination_code,
        region_group_id, summary, follow_up_on, team_id, created_at, updated_at, deleted_at,
        trip_group, trip_leader, trip_members, visited_companies, outcomes, next_steps
    FROM activities ORDER BY rowid;

-- 2. The links, as integers (before the old activities table, which they refer to, goes).
CREATE TABLE activity_officer_links (
    activity_rid  INTEGER NOT NULL REFERENCES activities(rid),
    officer_rid   INTEGER NOT NULL REFERENCES officers(rid),
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_rid, officer_rid)
) WITHOUT ROWID;
INSERT INTO activity_officer_links (activity_rid, officer_rid, position)
    SELECT a.rid, o.rid, l.position FROM activity_officers l
    JOIN activities_v14 a ON a.id = l.activity_id JOIN officers o ON o.id = l.officer_id
    ORDER BY 1, 2;
CREATE INDEX activity_officer_links_officer ON activity_officer_links(officer_rid);

CREATE TABLE activity_company_links (
    activity_rid  INTEGER NOT NULL REFERENCES activities(rid),
    company_rid   INTEGER NOT NULL REFERENCES companies(rid),
    PRIMARY KEY (activity_rid, company_rid)
) WITHOUT ROWID;
INSERT INTO activity_company_links (activity_rid, company_rid)
    SELECT a.rid, c.rid FROM activity_companies l
    JOIN activities_v14 a ON a.id = l.activity_id JOIN companies c ON c.id = l.company_id
    ORDER BY 1, 2;
CREATE INDEX activity_company_links_company ON activity_company_links(company_rid);

-- occurred_on and deleted_at: copied from the activity, for the project-side lookups.
CREATE TABLE activity_project_links (
    activity_rid  INTEGER NOT NULL REFERENCES activities(rid),
    project_rid   INTEGER NOT NULL REFERENCES projects(rid),
    occurred_on   TEXT NOT NULL,
    deleted_at    TEXT,
    PRIMARY KEY (activity_rid, project_rid)
) WITHOUT ROWID;
INSERT INTO activity_project_links (activity_rid, project_rid, occurred_on, deleted_at)
    SELECT a.rid, p.rid, l.occurred_on, l.deleted_at FROM activity_projects l
    JOIN activities_v14 a ON a.id = l.activity_id JOIN projects p ON p.id = l.project_id
    ORDER BY 1, 2;
CREATE INDEX activity_project_links_project ON activity_project_links(project_rid, occurred_on);
CREATE INDEX activity_project_links_on ON activity_project_links(occurred_on, project_rid)
    WHERE deleted_at IS NULL;

DROP TABLE activity_officers;
DROP TABLE activity_companies;
DROP TABLE activity_projects;
DROP TABLE activities;
ALTER TABLE activities_v14 RENAME TO activities;
CREATE INDEX activities_follow_up ON activities(follow_up_on)
    WHERE follow_up_on IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX activities_on ON activities(occurred_on) WHERE deleted_at IS NULL;

-- The search index follows the names of officers, companies and projects (as in v4).
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
CREATE TRIGGER search_companies_ad AFTER DELETE ON companies BEGIN
    DELETE FROM search_docs WHERE kind = 'company' AND ref_id = old.id;
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
CREATE TRIGGER search_officers_ad AFTER DELETE ON officers BEGIN
    DELETE FROM search_docs WHERE kind = 'officer' AND ref_id = old.id;
END;
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
CREATE TRIGGER search_projects_ad AFTER DELETE ON projects BEGIN
    DELETE FROM search_docs WHERE kind = 'project' AND ref_id = old.id;
END;

-- 3. The old names, read and written as before.
CREATE VIEW activity_officers AS
    SELECT a.id AS activity_id, o.id AS officer_id, l.position AS position
    FROM activity_officer_links l
    JOIN activities a ON a.rid = l.activity_rid
    JOIN officers o ON o.rid = l.officer_rid;
CREATE TRIGGER activity_officers_insert INSTEAD OF INSERT ON activity_officers BEGIN
    INSERT INTO activity_officer_links (activity_rid, officer_rid, position) VALUES (
        COALESCE((SELECT rid FROM activities WHERE id = new.activity_id), -1),
        COALESCE((SELECT rid FROM officers WHERE id = new.officer_id), -1),
        COALESCE(new.position, 0));
END;
CREATE TRIGGER activity_officers_update INSTEAD OF UPDATE ON activity_officers BEGIN
    UPDATE activity_officer_links SET
        activity_rid = COALESCE((SELECT rid FROM activities WHERE id = new.activity_id), -1),
        officer_rid = COALESCE((SELECT rid FROM officers WHERE id = new.officer_id), -1),
        position = new.position
    WHERE activity_rid = (SELECT rid FROM activities WHERE id = old.activity_id)
      AND officer_rid = (SELECT rid FROM officers WHERE id = old.officer_id);
END;
CREATE TRIGGER activity_officers_delete INSTEAD OF DELETE ON activity_officers BEGIN
    DELETE FROM activity_officer_links
    WHERE activity_rid = (SELECT rid FROM activities WHERE id = old.activity_id)
      AND officer_rid = (SELECT rid FROM officers WHERE id = old.officer_id);
END;

CREATE VIEW activity_companies AS
    SELECT a.id AS activity_id, c.id AS company_id
    FROM activity_company_links l
    JOIN activities a ON a.rid = l.activity_rid
    JOIN companies c ON c.rid = l.company_rid;
CREATE TRIGGER activity_companies_insert INSTEAD OF INSERT ON activity_companies BEGIN
    INSERT INTO activity_company_links (activity_rid, company_rid) VALUES (
        COALESCE((SELECT rid FROM activities WHERE id = new.activity_id), -1),
        COALESCE((SELECT rid FROM companies WHERE id = new.company_id), -1));
END;
CREATE TRIGGER activity_companies_update INSTEAD OF UPDATE ON activity_companies BEGIN
    UPDATE activity_company_links SET
        activity_rid = COALESCE((SELECT rid FROM activities WHERE id = new.activity_id), -1),
        company_rid = COALESCE((SELECT rid FROM companies WHERE id = new.company_id), -1)
    WHERE activity_rid = (SELECT rid FROM activities WHERE id = old.activity_id)
      AND company_rid = (SELECT rid FROM companies WHERE id = old.company_id);
END;
CREATE TRIGGER activity_companies_delete INSTEAD OF DELETE ON activity_companies BEGIN
    DELETE FROM activity_company_links
    WHERE activity_rid = (SELECT rid FROM activities WHERE id = old.activity_id)
      AND company_rid = (SELECT rid FROM companies WHERE id = old.company_id);
END;

CREATE VIEW activity_projects AS
    SELECT a.id AS activity_id, p.id AS project_id, l.occurred_on AS occurred_on,
        l.deleted_at AS deleted_at
    FROM activity_project_links l
    JOIN activities a ON a.rid = l.activity_rid
    JOIN projects p ON p.rid = l.project_rid;
CREATE TRIGGER activity_projects_insert INSTEAD OF INSERT ON activity_projects BEGIN
    INSERT INTO activity_project_links (activity_rid, project_rid, occurred_on, deleted_at)
    VALUES (
        COALESCE((SELECT rid FROM activities WHERE id = new.activity_id), -1),
        COALESCE((SELECT rid FROM projects WHERE id = new.project_id), -1),
        new.occurred_on, new.deleted_at);
END;
CREATE TRIGGER activity_projects_update INSTEAD OF UPDATE ON activity_projects BEGIN
    UPDATE activity_project_links SET
        activity_rid = COALESCE((SELECT rid FROM activities WHERE id = new.activity_id), -1),
        project_rid = COALESCE((SELECT rid FROM projects WHERE id = new.project_id), -1),
        occurred_on = new.occurred_on,
        deleted_at = new.deleted_at
    WHERE activity_rid = (SELECT rid FROM activities WHERE id = old.activity_id)
      AND project_rid = (SELECT rid FROM projects WHERE id = old.project_id);
END;
CREATE TRIGGER activity_projects_delete INSTEAD OF DELETE ON activity_projects BEGIN
    DELETE FROM activity_project_links
    WHERE activity_rid = (SELECT rid FROM activities WHERE id = old.activity_id)
      AND project_rid = (SELECT rid FROM projects WHERE id = old.project_id);
END;

-- 5. The change log's indexes.
CREATE TABLE device_clocks (
    device_id  TEXT PRIMARY KEY,
    -- the newest clock of any entry of this device in this ledger
    hlc        TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO device_clocks (device_id, hlc)
    SELECT device_id, MAX(hlc) FROM changes GROUP BY device_id;
CREATE TRIGGER device_clocks_follow AFTER INSERT ON changes BEGIN
    INSERT INTO device_clocks (device_id, hlc) VALUES (new.device_id, new.hlc)
    ON CONFLICT (device_id) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > hlc;
END;
CREATE INDEX changes_actions ON changes(seq)
    WHERE tx_id = CAST(seq AS TEXT) OR length(tx_id) = 36;
DROP INDEX changes_device;
DROP INDEX changes_row;
CREATE INDEX changes_row ON changes(table_name, row_id);

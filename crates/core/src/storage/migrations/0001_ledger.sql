-- 招商台账 schema v1. Ids are UUIDv7 text made on the device; money is integer 元;
-- dates are ISO 'YYYY-MM-DD' text; timestamps are RFC 3339 UTC text. Deletes are soft.

CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX teams_name ON teams(name) WHERE deleted_at IS NULL;

CREATE TABLE officers (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    team_id     TEXT REFERENCES teams(id),
    title       TEXT,
    phone       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX officers_team ON officers(team_id);

CREATE TABLE industries (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX industries_name ON industries(name) WHERE deleted_at IS NULL;

CREATE TABLE region_groups (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    -- 'listed' groups own city codes; 'local', 'domestic', 'overseas' are decided by rule.
    rule        TEXT NOT NULL DEFAULT 'listed' CHECK (rule IN ('listed', 'local', 'domestic', 'overseas')),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX region_groups_name ON region_groups(name) WHERE deleted_at IS NULL;

-- One row per prefecture-level city code that belongs to a listed region group.
CREATE TABLE region_group_cities (
    city_code        TEXT PRIMARY KEY,
    region_group_id  TEXT NOT NULL REFERENCES region_groups(id)
);

-- GB/T 2260 divisions, loaded from the embedded list; read-only reference data.
CREATE TABLE divisions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    full_name   TEXT NOT NULL,
    level       INTEGER NOT NULL
);

-- Office-wide settings (key/value): e.g. local_city_code, office_name.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE companies (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    credit_code     TEXT,
    origin_code     TEXT REFERENCES divisions(code),
    overseas        INTEGER NOT NULL DEFAULT 0,
    industry_id     TEXT REFERENCES industries(id),
    contact_person  TEXT,
    contact_phone   TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT
);
CREATE UNIQUE INDEX companies_credit_code ON companies(credit_code)
    WHERE credit_code IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX companies_name ON companies(name);

CREATE TABLE projects (
    id                   TEXT PRIMARY KEY,
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
    deleted_at           TEXT
);
CREATE INDEX projects_company ON projects(company_id);
CREATE INDEX projects_signed ON projects(signed_on) WHERE signed_on IS NOT NULL;
CREATE INDEX projects_started ON projects(started_on) WHERE started_on IS NOT NULL;
CREATE INDEX projects_operating ON projects(operating_on) WHERE operating_on IS NOT NULL;
CREATE INDEX projects_region ON projects(region_group_id);
CREATE INDEX projects_team ON projects(team_id);
CREATE INDEX projects_key ON projects(key_project) WHERE key_project = 1;
CREATE INDEX projects_updated ON projects(updated_at);

CREATE TABLE stage_changes (
    id                 TEXT PRIMARY KEY,
    project_id         TEXT NOT NULL REFERENCES projects(id),
    changed_on         TEXT NOT NULL,
    to_stage           TEXT NOT NULL,
    construction_kind  TEXT,
    added_investment   INTEGER NOT NULL DEFAULT 0 CHECK (added_investment >= 0),
    officer_id         TEXT REFERENCES officers(id),
    note               TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT
);
CREATE INDEX stage_changes_project ON stage_changes(project_id, changed_on, created_at);
CREATE INDEX stage_changes_on ON stage_changes(changed_on, to_stage, project_id) WHERE deleted_at IS NULL;

CREATE TABLE activities (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    occurred_on       TEXT NOT NULL,
    place             TEXT,
    destination_code  TEXT REFERENCES divisions(code),
    region_group_id   TEXT REFERENCES region_groups(id),
    summary           TEXT,
    follow_up_on      TEXT,
    team_id           TEXT REFERENCES teams(id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
);
CREATE INDEX activities_on ON activities(occurred_on, kind, region_group_id, team_id) WHERE deleted_at IS NULL;
-- the report engine reads trips, calls and video talks by kind (covering: no row lookups)
CREATE INDEX activities_kind ON activities(kind, occurred_on, region_group_id, team_id, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_follow_up ON activities(follow_up_on) WHERE follow_up_on IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE activity_officers (
    activity_id  TEXT NOT NULL REFERENCES activities(id),
    officer_id   TEXT NOT NULL REFERENCES officers(id),
    position     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, officer_id)
) WITHOUT ROWID;
CREATE INDEX activity_officers_officer ON activity_officers(officer_id);

CREATE TABLE activity_companies (
    activity_id  TEXT NOT NULL REFERENCES activities(id),
    company_id   TEXT NOT NULL REFERENCES companies(id),
    PRIMARY KEY (activity_id, company_id)
) WITHOUT ROWID;
CREATE INDEX activity_companies_company ON activity_companies(company_id);

-- occurred_on is copied from the activity (kept in step by activities.rs) so that
-- "projects contacted in a period" is one index range scan.
CREATE TABLE activity_projects (
    activity_id  TEXT NOT NULL REFERENCES activities(id),
    project_id   TEXT NOT NULL REFERENCES projects(id),
    occurred_on  TEXT NOT NULL,
    -- copied from the activity's deleted_at, for the same reason
    deleted_at   TEXT,
    PRIMARY KEY (activity_id, project_id)
) WITHOUT ROWID;
CREATE INDEX activity_projects_project ON activity_projects(project_id, occurred_on);
CREATE INDEX activity_projects_on ON activity_projects(occurred_on, project_id) WHERE deleted_at IS NULL;

CREATE TABLE targets (
    id               TEXT PRIMARY KEY,
    year             INTEGER NOT NULL,
    period           TEXT NOT NULL,
    metric           TEXT NOT NULL,
    value            INTEGER NOT NULL CHECK (value >= 0),
    region_group_id  TEXT REFERENCES region_groups(id),
    team_id          TEXT REFERENCES teams(id),
    label            TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE INDEX targets_year ON targets(year);

-- Field-level change log: the audit trail (who, when, field, old, new) and, later, what laptops
-- exchange to merge their ledgers. Written by changelog.rs in the same transaction as the data.
CREATE TABLE changes (
    change_id       TEXT PRIMARY KEY,
    device_id       TEXT NOT NULL,
    -- hybrid logical clock: 'MMMMMMMMMMMMM.CCCCC' (ms since epoch, counter); sorts as text
    hlc             TEXT NOT NULL,
    table_name      TEXT NOT NULL,
    row_id          TEXT NOT NULL,
    -- a column name; '*' when the row was created (new_value holds the whole row)
    field           TEXT NOT NULL,
    old_value       TEXT,
    new_value       TEXT,
    officer_id      TEXT,
    changed_at      TEXT NOT NULL,
    schema_version  INTEGER NOT NULL,
    -- one user action (one Ledger::write): what 撤销 undoes together
    tx_id           TEXT NOT NULL
);
CREATE INDEX changes_row ON changes(table_name, row_id, hlc);
CREATE INDEX changes_tx ON changes(tx_id);
CREATE INDEX changes_hlc ON changes(hlc);

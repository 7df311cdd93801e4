-- 招商台账 schema v6: what 重点项目建设调度 counts, and dates the ledger does not know.
--
-- 1. A stage reached on an unknown date (a 开工 row with no 签约 date, a 投产 with no 开工 date):
--    `date_unknown` = 1, and `changed_on` is the latest the stage can have been reached («不晚于»,
--    the date of the next known stage). Such a change counts for the stage a project is in at a
--    period's end, never as an event inside a period. Earlier imports wrote the 开工 date as the
--    签约 date with the note 「导入时补记：原表未填签约时间」: those rows are flagged here.
ALTER TABLE stage_changes ADD COLUMN date_unknown INTEGER NOT NULL DEFAULT 0
    CHECK (date_unknown IN (0, 1));
UPDATE stage_changes SET date_unknown = 1 WHERE note LIKE '导入时补记%';
-- The projects' cached dates follow: the import only invented a first 签约 (or 开工).
UPDATE projects SET signed_on = NULL WHERE id IN (
    SELECT project_id FROM stage_changes
    WHERE date_unknown = 1 AND to_stage = 'signed' AND deleted_at IS NULL);
UPDATE projects SET started_on = NULL WHERE id IN (
    SELECT project_id FROM stage_changes
    WHERE date_unknown = 1 AND to_stage = 'started' AND deleted_at IS NULL);

-- 2. 园区: the office's list of parks (开发区, 产业园 …). A project names its park in
--    `projects.park` (text, as ledgers write it); the list gives the choices, their order, and
--    renames them on every project.
CREATE TABLE parks (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX parks_name ON parks(name) WHERE deleted_at IS NULL;

-- 3. 产业链: a level above industries; a chain groups several industries (editable).
CREATE TABLE industry_chains (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE UNIQUE INDEX industry_chains_name ON industry_chains(name) WHERE deleted_at IS NULL;
ALTER TABLE industries ADD COLUMN chain_id TEXT REFERENCES industry_chains(id);

-- 4. A project's years: per project and year, 年度计划投资, 完成投资 at each month's end
--    (cumulative, JSON array of 12 amounts in 元 or null where not reported) and 形象进度.
--    The id is derived from (project, year), so two laptops filling in the same year write the
--    same row and their fields merge.
CREATE TABLE project_years (
    id                    TEXT PRIMARY KEY,
    project_id            TEXT NOT NULL REFERENCES projects(id),
    year                  INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    planned_investment    INTEGER CHECK (planned_investment >= 0),
    completed_by_month    TEXT,
    progress              TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    deleted_at            TEXT
);
CREATE UNIQUE INDEX project_years_one ON project_years(project_id, year) WHERE deleted_at IS NULL;
CREATE INDEX project_years_year ON project_years(year) WHERE deleted_at IS NULL;

-- 招商台账 schema v15: the 项目库 name search at 100k projects (issue 14).
--
-- The list's search box finds the projects whose name, or whose company's name, contains the
-- words typed (SQLite's LIKE: ASCII letters in either case). `search_docs` (0002) serves the
-- 搜索 box, with one document per project and per company: a word in a fifth of all names
-- found 19k documents, which then had to be mapped to 22k projects (~30 of 70 ms).
--
-- `project_names` holds one document per project, keyed by its rowid: its name and its
-- company's name as LIKE compares them (`lower` folds ASCII letters only, as LIKE does), so
-- the index answers exactly what LIKE would:
-- - three characters: the one trigram's rows are the answer;
-- - more: the rows holding every trigram, then checked with LIKE (detail=none keeps no
--   positions);
-- - one or two: the trigrams that begin with them (`project_name_trigrams`, the index's own
--   list of terms), looked up together. Each column ends in two char(1), so that the last
--   characters of a name begin trigrams too.
-- Contentless: the names are in `projects` and `companies`; the index keeps only itself.

-- First, 4.5 MB at 100k projects given back for the index below to reuse: the one column of
-- `projects_region` is the first of `projects_list_region` (0009), which answers every lookup
-- by 来源区域 it did.
DROP INDEX projects_region;

CREATE VIRTUAL TABLE project_names USING fts5(
    name, company, content = '', contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1', detail = none
);
CREATE VIRTUAL TABLE project_name_trigrams USING fts5vocab(project_names, 'row');

INSERT INTO project_names (rowid, name, company)
SELECT p.rid, lower(p.name) || char(1, 1), lower(COALESCE(c.name, '')) || char(1, 1)
  FROM projects p LEFT JOIN companies c ON c.id = p.company_id;

-- Every write to the index costs ~30 µs (FTS5 writes its pending terms out at every
-- statement), 3 s of a 100k-row import. An import (a bulk write) pauses the index: a row in
-- `project_names_paused` for the length of its transaction. The triggers then note the
-- projects written in `project_names_stale`, and `projects::name_index::write_project_names` writes their
-- documents in one statement before the commit.
CREATE TABLE project_names_paused (paused INTEGER PRIMARY KEY CHECK (paused = 1));
-- `fresh`: inserted while paused, so without a document to remove.
CREATE TABLE project_names_stale (
    rid INTEGER PRIMARY KEY,
    fresh INTEGER NOT NULL
);

CREATE TRIGGER project_names_ai AFTER INSERT ON projects
WHEN NOT EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    INSERT INTO project_names (rowid, name, company)
    VALUES (new.rid, lower(new.name) || char(1, 1),
            lower(COALESCE((SELECT name FROM companies WHERE id = new.company_id), ''))
                || char(1, 1));
END;
CREATE TRIGGER project_names_au AFTER UPDATE OF name, company_id ON projects
WHEN NOT EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    DELETE FROM project_names WHERE rowid = old.rid;
    INSERT INTO project_names (rowid, name, company)
    VALUES (new.rid, lower(new.name) || char(1, 1),
            lower(COALESCE((SELECT name FROM companies WHERE id = new.company_id), ''))
                || char(1, 1));
END;
CREATE TRIGGER project_names_ad AFTER DELETE ON projects
WHEN NOT EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    DELETE FROM project_names WHERE rowid = old.rid;
END;
-- A company renamed: each of its projects' documents.
CREATE TRIGGER project_names_company AFTER UPDATE OF name ON companies
WHEN NOT EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    DELETE FROM project_names WHERE rowid IN (SELECT rid FROM projects WHERE company_id = new.id);
    INSERT INTO project_names (rowid, name, company)
    SELECT rid, lower(name) || char(1, 1), lower(new.name) || char(1, 1)
      FROM projects WHERE company_id = new.id;
END;

CREATE TRIGGER project_names_ai_paused AFTER INSERT ON projects
WHEN EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    INSERT OR IGNORE INTO project_names_stale (rid, fresh) VALUES (new.rid, 1);
END;
CREATE TRIGGER project_names_au_paused AFTER UPDATE OF name, company_id ON projects
WHEN EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    INSERT OR IGNORE INTO project_names_stale (rid, fresh) VALUES (old.rid, 0);
END;
CREATE TRIGGER project_names_ad_paused AFTER DELETE ON projects
WHEN EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    INSERT OR IGNORE INTO project_names_stale (rid, fresh) VALUES (old.rid, 0);
END;
CREATE TRIGGER project_names_company_paused AFTER UPDATE OF name ON companies
WHEN EXISTS (SELECT 1 FROM project_names_paused) BEGIN
    INSERT OR IGNORE INTO project_names_stale (rid, fresh)
    SELECT rid, 0 FROM projects WHERE company_id = new.id;
END;

-- A name search's count and 总投资 sum, when the name is the list's only condition: a word in
-- a fifth of all names matches 22k projects spread over the whole table (18 ms to read them
-- there, 9 ms here). The rowid first: the rows are looked up by it. Not partial, as those of
-- 0009, else SQLite reads whole live rows through it.
CREATE INDEX projects_list_rows ON projects(rid, deleted_at, total_investment);

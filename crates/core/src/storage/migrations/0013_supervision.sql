-- 招商台账 schema v13: 督办, 考核 and the forms sent upward (issue 15).
--
-- Every table here is a record like any other: a text id, soft delete (deleted_at), written
-- through the change log, so 撤销 follows it and sync carries it between laptops and through
-- the office server. Rows an office has once (its 预警 rules, its points table) have fixed ids,
-- seeded here on every laptop, so an edit on one laptop is a field change the others take.

-- 预警规则: when a project becomes 督办 on 跟进提醒. `id` is the rule:
--   'signed_not_started'    签约未开工 beyond `threshold` days
--   'started_not_producing' 开工未投产 beyond `threshold` months
--   'negotiating_idle'      洽谈 with no activity for `threshold` days
--   'no_update'             no update for `threshold` days: an officer must state a reason
CREATE TABLE alert_rules (
    id          TEXT PRIMARY KEY,
    threshold   INTEGER NOT NULL CHECK (threshold > 0),
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
INSERT INTO alert_rules (id, threshold, enabled, created_at, updated_at) VALUES
    ('signed_not_started', 90, 1, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
    ('started_not_producing', 12, 1, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
    ('negotiating_idle', 60, 1, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z'),
    ('no_update', 30, 1, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z');

-- 未更新说明: the reason an officer states for a project with no update (clears 'no_update'
-- until the threshold passes again); part of the project's history.
CREATE TABLE no_update_reasons (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id),
    stated_on   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    officer_id  TEXT REFERENCES officers(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX no_update_reasons_project ON no_update_reasons(project_id, stated_on) WHERE deleted_at IS NULL;

-- 交办单/督办单: a task on a project, assigned to an officer or a 包保领导 with a due date;
-- status 'assigned' (交办) → 'in_progress' (办理中) → 'done' (办结, with a result).
-- 催办/督办 (overdue) is computed from due_on and today, never stored.
CREATE TABLE assignments (
    id                   TEXT PRIMARY KEY,
    project_id           TEXT NOT NULL REFERENCES projects(id),
    task                 TEXT NOT NULL,
    assignee_officer_id  TEXT REFERENCES officers(id),
    -- 包保领导, by name (leaders are not officers of the ledger)
    assignee_leader      TEXT,
    -- the officer (id) who assigned it, when known
    assigned_by          TEXT REFERENCES officers(id),
    assigned_on          TEXT NOT NULL,
    due_on               TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'in_progress', 'done')),
    result               TEXT,
    done_on              TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    deleted_at           TEXT
);
CREATE INDEX assignments_open ON assignments(status, due_on) WHERE deleted_at IS NULL;
CREATE INDEX assignments_project ON assignments(project_id) WHERE deleted_at IS NULL;

-- 考核计分表: points per activity kind ('activity:<ActivityKind code>'), for a trip led by a
-- leader ('activity:leader_led', on top of the kind's), per stage reached ('stage:<Stage
-- code>'), per signed 总投资 band ('tier:<Tier code>'), and deductions ('deduct:<what>',
-- negative points). Scores are computed from the ledger's facts with these points, never
-- stored.
CREATE TABLE score_rules (
    id          TEXT PRIMARY KEY,
    points      REAL NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
INSERT INTO score_rules (id, points, created_at, updated_at)
    SELECT column1, column2, '2026-12-06T00:00:00Z', '2026-12-06T00:00:00Z' FROM (VALUES
        ('activity:outbound_trip', 2), ('activity:incoming_visit', 2), ('activity:call', 0.5),
        ('activity:video_meeting', 1), ('activity:promotion_event', 3),
        ('activity:signing_ceremony', 2), ('activity:leader_led', 1),
        ('stage:negotiating', 2), ('stage:signed', 10), ('stage:started', 15),
        ('stage:operating', 20),
        ('tier:over_10yi', 20), ('tier:over_1yi', 10), ('tier:over_5000wan', 5),
        ('tier:under_5000wan', 0),
        ('deduct:assignment_overdue', -2));

-- 报表模板: an export an office defines once and reuses every week or month.
--   columns  JSON list of {"key": …, "title": …}, in order
--   split_by 'none', 'team' or 'park': one sheet per team or park, or one sheet
--   scope    JSON of which projects it lists (stages, period), see io::forms
CREATE TABLE export_templates (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    title          TEXT NOT NULL,
    columns        TEXT NOT NULL,
    header_counts  INTEGER NOT NULL DEFAULT 1,
    split_by       TEXT NOT NULL DEFAULT 'none' CHECK (split_by IN ('none', 'team', 'park')),
    scope          TEXT NOT NULL DEFAULT '{}',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);

-- 外出招商 with outcomes: 团组名称, 带队领导, 成员, 拜访企业 (beyond the linked companies),
-- 取得成果, 下一步打算. 出访地 is the activity's place and destination.
ALTER TABLE activities ADD COLUMN trip_group TEXT;
ALTER TABLE activities ADD COLUMN trip_leader TEXT;
ALTER TABLE activities ADD COLUMN trip_members TEXT;
ALTER TABLE activities ADD COLUMN visited_companies TEXT;
ALTER TABLE activities ADD COLUMN outcomes TEXT;
ALTER TABLE activities ADD COLUMN next_steps TEXT;

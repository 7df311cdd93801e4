//! Shared helpers for the core's integration tests: real ledger files in temp folders.
#![allow(dead_code)]

use chrono::NaiveDate;
use zhaoshang_core::io::import::{ImportOptions, ImportPlan};
use zhaoshang_core::*;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub ledger: Ledger,
    pub team: Team,
    pub officer: Officer,
    pub jjj: String,
    pub yrd: String,
}

/// A fresh ledger file with one team, one officer and "today" fixed to 2022-12-31.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path().join("ledger.sqlite3")).unwrap();
    ledger.set_today(Some(d(2022, 12, 31)));
    let team = ledger.create_team("招商一组").unwrap();
    let officer = ledger
        .create_officer(&OfficerInput {
            name: "王磊".into(),
            team_id: Some(team.id.clone()),
            ..Default::default()
        })
        .unwrap();
    let groups = ledger.region_groups().unwrap();
    let id = |n: &str| groups.iter().find(|g| g.name == n).unwrap().id.clone();
    Fixture {
        jjj: id("京津冀"),
        yrd: id("长三角"),
        dir,
        ledger,
        team,
        officer,
    }
}

impl Fixture {
    pub fn company(&mut self, name: &str, origin: &str) -> Company {
        self.ledger
            .create_company(&CompanyInput {
                name: name.into(),
                origin_code: Some(origin.into()),
                ..Default::default()
            })
            .unwrap()
    }

    /// A project of `yuan` 总投资 from a company in `origin`, first stage 线索 on `on`.
    pub fn project(&mut self, name: &str, origin: &str, yuan: i64, on: NaiveDate) -> Project {
        let c = self.company(&format!("{name}公司"), origin);
        self.ledger
            .create_project(&NewProject {
                project: ProjectInput {
                    name: name.into(),
                    company_id: Some(c.id),
                    total_investment: yuan,
                    team_id: Some(self.team.id.clone()),
                    officer_id: Some(self.officer.id.clone()),
                    ..Default::default()
                },
                first_stage: Stage::Lead,
                first_stage_on: on,
                first_stage_date_unknown: false,
            })
            .unwrap()
    }

    pub fn stage(&mut self, project: &str, to: Stage, on: NaiveDate) -> Result<Project> {
        self.ledger.record_stage_change(
            project,
            &StageChangeInput {
                to_stage: to,
                changed_on: on,
                construction_kind: None,
                added_investment: 0,
                officer_id: None,
                note: None,
                date_unknown: false,
            },
        )
    }

    pub fn activity(
        &mut self,
        kind: ActivityKind,
        on: NaiveDate,
        destination: Option<&str>,
        projects: &[&str],
    ) -> Activity {
        self.ledger
            .create_activity(&ActivityInput {
                kind,
                occurred_on: on,
                place: None,
                destination_code: destination.map(str::to_string),
                summary: None,
                follow_up_on: None,
                officer_ids: vec![self.officer.id.clone()],
                company_ids: vec![],
                project_ids: projects.iter().map(|s| s.to_string()).collect(),
                trip: Default::default(),
            })
            .unwrap()
    }

    /// Previews a file of `tests/fixtures` with the default options, checking that the dry run
    /// wrote nothing; returns the file's bytes and the plan.
    pub fn dry_run(&mut self, name: &str) -> (Vec<u8>, ImportPlan) {
        let bytes = fixture_bytes(name);
        let before = footprint(&self.ledger);
        let plan = self
            .ledger
            .import_preview(&bytes, &ImportOptions::default())
            .unwrap();
        assert_eq!(footprint(&self.ledger), before, "a dry run writes nothing");
        (bytes, plan)
    }

    pub fn report(&self, from: NaiveDate, to: NaiveDate, scope: Scope) -> Report {
        self.ledger
            .report(&ReportQuery {
                period: Period::new(from, to).unwrap(),
                scope,
            })
            .unwrap()
    }
}

/// What a project's edit form starts from: its name, company, 总投资, team and officer.
pub fn input_of(p: &Project) -> ProjectInput {
    ProjectInput {
        name: p.name.clone(),
        company_id: p.company_id.clone(),
        total_investment: p.total_investment,
        team_id: p.team_id.clone(),
        officer_id: p.officer_id.clone(),
        ..Default::default()
    }
}

/// A file of `tests/fixtures` (the repository's, shared with the end-to-end tests).
pub fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Rows in every table a write or an import can touch (to prove that nothing was written).
pub fn footprint(l: &Ledger) -> Vec<i64> {
    [
        "projects",
        "companies",
        "stage_changes",
        "activities",
        "officers",
        "teams",
        "changes",
        "search_docs",
        "import_mappings",
    ]
    .iter()
    .map(|t| {
        l.connection()
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

/// A file beside a ledger: `sidecar(path, "-wal")` is its `-wal`.
pub fn sidecar(path: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    std::path::PathBuf::from(s)
}

/// Turns the activity links of a current ledger file (schema v14: integers behind views) back
/// into the tables of uuids that schema v13 and earlier had, with their indexes. Activities,
/// officers, companies and projects keep their `rid`, an alias of the rowid they had, which v14
/// copies as it is. For the tests of older files upgrading (`compact_storage`, `link_keys`).
pub const LINKS_AS_UUID_TABLES: &str = "
    DROP VIEW activity_officers;
    DROP VIEW activity_companies;
    DROP VIEW activity_projects;
    CREATE TABLE activity_officers (
        activity_id TEXT NOT NULL REFERENCES activities(id),
        officer_id TEXT NOT NULL REFERENCES officers(id),
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (activity_id, officer_id)) WITHOUT ROWID;
    INSERT INTO activity_officers SELECT a.id, o.id, l.position FROM activity_officer_links l
        JOIN activities a ON a.rid = l.activity_rid JOIN officers o ON o.rid = l.officer_rid;
    CREATE INDEX activity_officers_officer ON activity_officers(officer_id);
    CREATE TABLE activity_companies (
        activity_id TEXT NOT NULL REFERENCES activities(id),
        company_id TEXT NOT NULL REFERENCES companies(id),
        PRIMARY KEY (activity_id, company_id)) WITHOUT ROWID;
    INSERT INTO activity_companies SELECT a.id, c.id FROM activity_company_links l
        JOIN activities a ON a.rid = l.activity_rid JOIN companies c ON c.rid = l.company_rid;
    CREATE INDEX activity_companies_company ON activity_companies(company_id);
    CREATE TABLE activity_projects (
        activity_id TEXT NOT NULL REFERENCES activities(id),
        project_id TEXT NOT NULL REFERENCES projects(id),
        occurred_on TEXT NOT NULL,
        deleted_at TEXT,
        PRIMARY KEY (activity_id, project_id)) WITHOUT ROWID;
    INSERT INTO activity_projects SELECT a.id, p.id, l.occurred_on, l.deleted_at
        FROM activity_project_links l
        JOIN activities a ON a.rid = l.activity_rid JOIN projects p ON p.rid = l.project_rid;
    CREATE INDEX activity_projects_project ON activity_projects(project_id, occurred_on);
    CREATE INDEX activity_projects_on ON activity_projects(occurred_on, project_id)
        WHERE deleted_at IS NULL;
    DROP TABLE activity_officer_links;
    DROP TABLE activity_company_links;
    DROP TABLE activity_project_links;
";

/// Turns a current ledger file (schema v15) back into v14: no 项目库 name index, and
/// `projects_region` again. First, before [`LINKS_AS_UUID_TABLES`].
pub const TO_V14: &str = "
    DROP TRIGGER project_names_ai;
    DROP TRIGGER project_names_au;
    DROP TRIGGER project_names_ad;
    DROP TRIGGER project_names_company;
    DROP TRIGGER project_names_ai_paused;
    DROP TRIGGER project_names_au_paused;
    DROP TRIGGER project_names_ad_paused;
    DROP TRIGGER project_names_company_paused;
    DROP TABLE project_names_paused;
    DROP TABLE project_names_stale;
    DROP TABLE project_name_trigrams;
    DROP TABLE project_names;
    DROP INDEX projects_list_rows;
    CREATE INDEX projects_region ON projects(region_group_id);
    PRAGMA user_version = 14;";

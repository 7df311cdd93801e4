//! `Ledger`: the one door to a ledger file. Every read and write of the desktop app and the CLI
//! goes through these methods; each write runs in one IMMEDIATE transaction (all or nothing)
//! and goes through the table module that owns the rows.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::Result;
use crate::model::*;
use crate::projects::follow_ups::{FollowUpQuery, FollowUps};
use crate::projects::{ProjectFilter, ProjectPage};
use crate::reports::facts::Facts;
use crate::reports::{Report, ReportQuery};
use crate::{
    activities, companies, projects, projects::follow_ups, projects::stage_changes,
    reference::divisions, reference::industries, reference::officers, reference::region_groups,
    reference::teams, reports, reports::targets, storage::db, storage::settings,
};

/// (`PRAGMA data_version`, this connection's total changes): changes whenever the file does.
type FileState = (i64, u64);

pub struct Ledger {
    conn: Connection,
    path: PathBuf,
    today: Option<NaiveDate>,
    acting_officer: Option<String>,
    /// The passphrase of an encrypted ledger (kept while it is open: backups use it).
    passphrase: Option<String>,
    /// The report engine's facts and the file state they were read at (see `facts.rs`).
    facts: Mutex<Option<(FileState, Arc<Facts>)>>,
}

impl Ledger {
    /// Opens or creates the ledger file at `path` (see `db::open`).
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger> {
        Ledger::open_with_passphrase(path, None)
    }

    /// Opens a ledger that may be encrypted (see `db::open_with_passphrase`): a missing or wrong
    /// passphrase is a `Validation` error on the field `passphrase`, and the file is untouched.
    pub fn open_with_passphrase(
        path: impl AsRef<Path>,
        passphrase: Option<&str>,
    ) -> Result<Ledger> {
        let path = path.as_ref().to_path_buf();
        let conn = db::open_with_passphrase(&path, passphrase)?;
        let encrypted = db::is_encrypted(&path)?;
        Ok(Ledger {
            conn,
            path,
            today: None,
            acting_officer: None,
            passphrase: passphrase
                .filter(|p| encrypted && !p.is_empty())
                .map(str::to_string),
            facts: Mutex::new(None),
        })
    }

    /// The passphrase this encrypted ledger was opened with (`None`: not encrypted).
    pub fn passphrase(&self) -> Option<&str> {
        self.passphrase.as_deref()
    }

    /// Whether the ledger file is encrypted with a passphrase.
    pub fn is_encrypted(&self) -> bool {
        self.passphrase.is_some()
    }

    /// Swaps in a new connection to the same path (after the file was re-encrypted).
    pub(crate) fn replace_connection(&mut self, conn: Connection, passphrase: Option<String>) {
        self.conn = conn;
        self.passphrase = passphrase;
        *self.facts.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Today's date on this device (local time), or the fixed date set by `set_today`.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Fixes "today" (tests, demo generation, replaying an import).
    pub fn set_today(&mut self, today: Option<NaiveDate>) {
        self.today = today;
    }

    /// Read access for report and export code in this crate and for tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Who is at the keyboard: the officer recorded as the author of the change log's entries.
    pub fn set_acting_officer(&mut self, officer_id: Option<String>) {
        self.acting_officer = officer_id;
    }

    /// Runs `f` in one IMMEDIATE transaction: every write of it lands, or none does. Its
    /// change-log entries share one action id (what 撤销 undoes together).
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction, NaiveDate) -> Result<T>) -> Result<T> {
        let today = self.today();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::storage::changelog::begin(&tx, self.acting_officer.as_deref())?;
        let out = f(&tx, today)?;
        tx.commit()?;
        Ok(out)
    }

    // ── settings ────────────────────────────────────────────────────────────────────────
    pub fn local_city_code(&self) -> Result<Option<String>> {
        settings::get(&self.conn, settings::LOCAL_CITY_CODE)
    }

    /// Sets the office's own prefecture (its origins count as 本地).
    pub fn set_local_city_code(&mut self, code: Option<&str>) -> Result<()> {
        self.write(|tx, _| {
            if let Some(c) = code {
                let d = divisions::get(tx, c)?;
                if d.as_ref().map(|d| d.level) != Some(2) {
                    return Err(crate::Error::invalid(
                        "local_city_code",
                        format!("“{c}”不是地级行政区划代码。"),
                    ));
                }
            }
            settings::set(tx, settings::LOCAL_CITY_CODE, code)?;
            rederive_all_region_groups(tx)
        })
    }

    pub fn office_name(&self) -> Result<Option<String>> {
        settings::get(&self.conn, settings::OFFICE_NAME)
    }

    pub fn set_office_name(&mut self, name: Option<&str>) -> Result<()> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        self.write(|tx, _| settings::set(tx, settings::OFFICE_NAME, name))
    }

    // ── teams, officers, industries, region groups, divisions ─────────────────────────────
    pub fn teams(&self) -> Result<Vec<Team>> {
        teams::list(&self.conn)
    }
    pub fn create_team(&mut self, name: &str) -> Result<Team> {
        self.write(|tx, _| teams::create(tx, name))
    }
    pub fn rename_team(&mut self, id: &str, name: &str) -> Result<Team> {
        self.write(|tx, _| teams::rename(tx, id, name))
    }
    pub fn delete_team(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| teams::delete(tx, id))
    }

    pub fn officers(&self) -> Result<Vec<Officer>> {
        officers::list(&self.conn)
    }
    pub fn create_officer(&mut self, input: &OfficerInput) -> Result<Officer> {
        self.write(|tx, _| officers::create(tx, input))
    }
    pub fn update_officer(&mut self, id: &str, input: &OfficerInput) -> Result<Officer> {
        self.write(|tx, _| officers::update(tx, id, input))
    }
    pub fn delete_officer(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| officers::delete(tx, id))
    }

    pub fn industries(&self) -> Result<Vec<Industry>> {
        industries::list(&self.conn)
    }
    pub fn create_industry(&mut self, name: &str) -> Result<Industry> {
        self.write(|tx, _| industries::create(tx, name))
    }
    pub fn rename_industry(&mut self, id: &str, name: &str) -> Result<Industry> {
        self.write(|tx, _| industries::rename(tx, id, name))
    }
    pub fn delete_industry(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| industries::delete(tx, id))
    }

    pub fn region_groups(&self) -> Result<Vec<RegionGroup>> {
        region_groups::list(&self.conn)
    }
    pub fn create_region_group(&mut self, name: &str) -> Result<RegionGroup> {
        self.write(|tx, _| region_groups::create(tx, name))
    }
    pub fn rename_region_group(&mut self, id: &str, name: &str) -> Result<RegionGroup> {
        self.write(|tx, _| region_groups::rename(tx, id, name))
    }
    pub fn delete_region_group(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| {
            region_groups::delete(tx, id)?;
            rederive_all_region_groups(tx)
        })
    }
    /// Moves a prefecture-level city into a region group (or out of every group with `None`);
    /// projects and activities from there follow unless their group was set by hand.
    pub fn set_city_region_group(&mut self, city_code: &str, group_id: Option<&str>) -> Result<()> {
        self.write(|tx, _| {
            region_groups::set_city(tx, city_code, group_id)?;
            rederive_all_region_groups(tx)
        })
    }

    pub fn division(&self, code: &str) -> Result<Option<Division>> {
        divisions::get(&self.conn, code)
    }
    pub fn search_divisions(&self, query: &str, limit: u32) -> Result<Vec<Division>> {
        divisions::search(&self.conn, query, limit)
    }

    // ── companies ───────────────────────────────────────────────────────────────────────
    pub fn company(&self, id: &str) -> Result<Company> {
        companies::get(&self.conn, id)
    }
    pub fn search_companies(&self, query: &str, limit: u32) -> Result<Vec<Company>> {
        companies::search(&self.conn, query, limit)
    }
    pub fn create_company(&mut self, input: &CompanyInput) -> Result<Company> {
        self.write(|tx, _| companies::create(tx, input))
    }
    pub fn update_company(&mut self, id: &str, input: &CompanyInput) -> Result<Company> {
        self.write(|tx, _| companies::update(tx, id, input))
    }
    pub fn delete_company(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| companies::delete(tx, id))
    }
    pub fn restore_company(&mut self, id: &str) -> Result<Company> {
        self.write(|tx, _| companies::restore(tx, id))
    }

    // ── projects and their stage history ───────────────────────────────────────────────
    pub fn project(&self, id: &str) -> Result<Project> {
        projects::get(&self.conn, id)
    }
    pub fn list_projects(&self, filter: &ProjectFilter) -> Result<ProjectPage> {
        projects::list(&self.conn, filter)
    }
    pub fn create_project(&mut self, new: &NewProject) -> Result<Project> {
        self.write(|tx, today| projects::create(tx, new, today))
    }
    pub fn update_project(&mut self, id: &str, input: &ProjectInput) -> Result<Project> {
        self.write(|tx, _| projects::update(tx, id, input))
    }
    pub fn delete_project(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| projects::delete(tx, id))
    }
    pub fn restore_project(&mut self, id: &str) -> Result<Project> {
        self.write(|tx, _| projects::restore(tx, id))
    }
    pub fn stage_history(&self, project_id: &str) -> Result<Vec<StageChange>> {
        projects::get(&self.conn, project_id)?;
        stage_changes::list(&self.conn, project_id)
    }
    /// Records a dated stage change (backdating allowed; impossible sequences rejected).
    pub fn record_stage_change(
        &mut self,
        project_id: &str,
        input: &StageChangeInput,
    ) -> Result<Project> {
        self.write(|tx, today| projects::record_stage_change(tx, project_id, input, today))
    }
    /// Removes a mistaken stage change, if the history stays valid without it.
    pub fn delete_stage_change(&mut self, change_id: &str) -> Result<Project> {
        self.write(|tx, today| projects::delete_stage_change(tx, change_id, today))
    }

    // ── activities ───────────────────────────────────────────────────────────────────────
    pub fn activity(&self, id: &str) -> Result<Activity> {
        activities::get(&self.conn, id)
    }
    pub fn project_activities(&self, project_id: &str) -> Result<Vec<Activity>> {
        activities::for_project(&self.conn, project_id)
    }
    pub fn recent_activities(&self, limit: u32) -> Result<Vec<Activity>> {
        activities::recent(&self.conn, limit)
    }
    pub fn create_activity(&mut self, input: &ActivityInput) -> Result<Activity> {
        self.write(|tx, today| activities::create(tx, input, today))
    }
    pub fn update_activity(&mut self, id: &str, input: &ActivityInput) -> Result<Activity> {
        self.write(|tx, today| activities::update(tx, id, input, today))
    }
    pub fn delete_activity(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| activities::delete(tx, id))
    }
    pub fn restore_activity(&mut self, id: &str) -> Result<Activity> {
        self.write(|tx, _| activities::restore(tx, id))
    }

    // ── targets ──────────────────────────────────────────────────────────────────────────
    pub fn targets(&self, year: Option<i32>) -> Result<Vec<Target>> {
        targets::list(&self.conn, year)
    }
    pub fn create_target(&mut self, input: &TargetInput) -> Result<Target> {
        self.write(|tx, _| targets::create(tx, input))
    }
    pub fn update_target(&mut self, id: &str, input: &TargetInput) -> Result<Target> {
        self.write(|tx, _| targets::update(tx, id, input))
    }
    pub fn delete_target(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| targets::delete(tx, id))
    }

    // ── history and undo ─────────────────────────────────────────────────────────────────
    /// A record's change history (table: projects, companies, activities, …), newest first.
    pub fn history(
        &self,
        table: &str,
        row_id: &str,
    ) -> Result<Vec<crate::storage::changelog::ChangeEntry>> {
        crate::storage::changelog::history(&self.conn, table, row_id, 500)
    }
    /// The latest user action on this device that can be undone, if any.
    pub fn last_undoable(&self) -> Result<Option<crate::storage::undo::UndoableAction>> {
        crate::storage::undo::last_undoable(&self.conn)
    }
    /// 撤销: reverses one user action (by its action id); the reversal is itself logged.
    pub fn undo(&mut self, tx_id: &str) -> Result<crate::storage::undo::UndoableAction> {
        self.write(|tx, today| crate::storage::undo::undo(tx, tx_id, today))
    }
    /// 回收站: deleted projects, companies and activities, newest deletion first.
    pub fn recycle_bin(&self, limit: u32) -> Result<Vec<crate::storage::undo::DeletedRecord>> {
        crate::storage::undo::recycle_bin(&self.conn, limit)
    }

    // ── reports and reminders ────────────────────────────────────────────────────────────
    pub fn report(&self, query: &ReportQuery) -> Result<Report> {
        reports::report(&self.conn, &*self.facts()?, query)
    }

    /// Every metric of one scope and period, without breakdowns.
    pub fn metrics(&self, scope: &crate::Scope, period: crate::Period) -> Result<crate::Metrics> {
        Ok(reports::metrics(&*self.facts()?, scope, period))
    }

    /// The facts reports count, re-read when the file changed since they were last read.
    pub fn facts(&self) -> Result<Arc<Facts>> {
        let version = crate::reports::facts::version(&self.conn)?;
        let mut cached = self.facts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((v, f)) = cached.as_ref() {
            if *v == version {
                return Ok(f.clone());
            }
        }
        let f = Arc::new(crate::reports::facts::load(&self.conn)?);
        *cached = Some((version, f.clone()));
        Ok(f)
    }
    /// Follow-ups as of today, or, for a ledger whose latest fact is in an earlier year (the demo,
    /// an archive), as of the end of its latest half-year, so nothing reads "逾期 1600 天".
    pub fn follow_ups(&self, query: &FollowUpQuery) -> Result<FollowUps> {
        let today = self.today();
        let as_of = self.suggested_period()?.to.min(today);
        follow_ups::follow_ups(&self.conn, query, as_of)
    }
}

/// After a region-group rule changes, every derived group follows (manual overrides stay).
fn rederive_all_region_groups(tx: &Connection) -> Result<()> {
    let companies: Vec<(String, Option<String>, bool)> = tx
        .prepare("SELECT id, origin_code, overseas FROM companies")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut cache = std::collections::HashMap::new();
    for (id, origin, overseas) in companies {
        let key = (origin.clone(), overseas);
        if !cache.contains_key(&key) {
            cache.insert(
                key.clone(),
                region_groups::derive(tx, origin.as_deref(), overseas)?,
            );
        }
        tx.execute(
            "UPDATE projects SET region_group_id = ?2 WHERE company_id = ?1 AND region_group_manual = 0
               AND region_group_id IS NOT ?2",
            rusqlite::params![id, cache[&key]],
        )?;
    }
    let destinations: Vec<String> = tx
        .prepare(
            "SELECT DISTINCT destination_code FROM activities WHERE destination_code IS NOT NULL",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for code in destinations {
        let g = region_groups::derive(tx, Some(&code), false)?;
        tx.execute(
            "UPDATE activities SET region_group_id = ?2 WHERE destination_code = ?1 AND region_group_id IS NOT ?2",
            rusqlite::params![code, g],
        )?;
    }
    Ok(())
}

impl Ledger {
    /// The period a dashboard should open on: this year to date when the ledger has facts this
    /// year, else the half-year (or year) holding the latest fact (a demo or an old ledger).
    pub fn suggested_period(&self) -> Result<crate::Period> {
        use chrono::Datelike;
        let today = self.today();
        let latest: Option<NaiveDate> = self.conn.query_row(
            "SELECT MAX(d) FROM (
                SELECT MAX(occurred_on) AS d FROM activities WHERE deleted_at IS NULL
                UNION ALL SELECT MAX(changed_on) FROM stage_changes WHERE deleted_at IS NULL)",
            [],
            |r| r.get(0),
        )?;
        let year_start = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).expect("date");
        Ok(match latest {
            Some(d) if d.year() < today.year() => {
                let end_month = if d.month() <= 6 { 6 } else { 12 };
                crate::Period {
                    from: year_start(d.year()),
                    to: crate::reports::period::month_end(d.year(), end_month),
                }
            }
            _ => crate::Period {
                from: year_start(today.year()),
                to: today,
            },
        })
    }
}

/// Settings key set once the first-launch choice (demo or empty) was made.
const SET_UP: &str = "set_up";

impl Ledger {
    /// A ledger nobody has chosen anything for yet (first launch): no data, not set up.
    pub fn needs_setup(&self) -> Result<bool> {
        if settings::get(&self.conn, SET_UP)?.is_some() {
            return Ok(false);
        }
        let rows: i64 = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM teams) + (SELECT COUNT(*) FROM projects)
                  + (SELECT COUNT(*) FROM companies)",
            [],
            |r| r.get(0),
        )?;
        Ok(rows == 0)
    }

    /// Marks the ledger as set up (an empty office ledger, named).
    pub fn finish_setup(&mut self, office_name: Option<&str>) -> Result<()> {
        self.set_office_name(office_name)?;
        self.write(|tx, _| settings::set(tx, SET_UP, Some("1")))
    }
}

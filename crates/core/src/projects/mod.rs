//! 项目 table: create, edit, soft delete, the derived stage fields; the filtered list (`list`).

pub mod follow_ups;
mod list;
pub(crate) mod name_index;
pub mod stage_changes;
pub mod stage_rules;
pub mod years;

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{NewProject, Project, ProjectInput, StageChange, StageChangeInput};
use crate::util::{clean, new_id, now_stamp, optional_text, required_name};

pub use list::{
    filter_where, list, PeriodField, ProjectFilter, ProjectPage, ProjectRow, ProjectSort,
};

const SELECT: &str = "SELECT p.id, p.name, p.company_id, c.name, p.content, p.total_investment,
    p.industry_id, p.region_group_id, p.region_group_manual, p.stage, p.signed_on, p.started_on,
    p.operating_on, p.stage_since, p.enclave, p.relocation, p.key_project, p.high_energy,
    p.construction_kind, p.park, p.team_id, p.officer_id, p.sponsor_id, p.responsible_unit,
    p.coordination_issues, p.next_step, p.notes, p.follow_up_on, p.created_at, p.updated_at
    FROM projects p LEFT JOIN companies c ON c.id = p.company_id";

/// Fields of `Project` derived from other rows (its stage history, its company): not logged.
pub(crate) const DERIVED: &[&str] = &[
    "company_name",
    "stage",
    "stage_since",
    "signed_on",
    "started_on",
    "operating_on",
    "construction_kind",
];

fn from_row(r: &Row) -> rusqlite::Result<Project> {
    Ok(Project {
        id: r.get(0)?,
        name: r.get(1)?,
        company_id: r.get(2)?,
        company_name: r.get(3)?,
        content: r.get(4)?,
        total_investment: r.get(5)?,
        industry_id: r.get(6)?,
        region_group_id: r.get(7)?,
        region_group_manual: r.get(8)?,
        stage: r.get(9)?,
        signed_on: r.get(10)?,
        started_on: r.get(11)?,
        operating_on: r.get(12)?,
        stage_since: r.get(13)?,
        enclave: r.get(14)?,
        relocation: r.get(15)?,
        key_project: r.get(16)?,
        high_energy: r.get(17)?,
        construction_kind: r.get(18)?,
        park: r.get(19)?,
        team_id: r.get(20)?,
        officer_id: r.get(21)?,
        sponsor_id: r.get(22)?,
        responsible_unit: r.get(23)?,
        coordination_issues: r.get(24)?,
        next_step: r.get(25)?,
        notes: r.get(26)?,
        follow_up_on: r.get(27)?,
        created_at: r.get(28)?,
        updated_at: r.get(29)?,
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Project> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE p.id = ?1 AND p.deleted_at IS NULL"
    ))?;
    let mut rows = stmt.query_map([id], from_row)?;
    match rows.next() {
        Some(p) => Ok(p?),
        None => Err(Error::not_found("项目", id)),
    }
}

pub fn check_ref(conn: &Connection, id: &str) -> Result<()> {
    let ok: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM projects WHERE id = ?1 AND deleted_at IS NULL)",
        [id],
        |r| r.get(0),
    )?;
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "project_ids",
            "所选项目不存在或已删除，请重新选择。",
        ))
    }
}

/// 总投资 above this is certainly a typing slip (10 万亿元).
const MAX_INVESTMENT: i64 = 10 * 10_000 * crate::model::YI;

struct Valid {
    name: String,
    company_id: Option<String>,
    content: Option<String>,
    industry_id: Option<String>,
    region_group_override: Option<String>,
    park: Option<String>,
    team_id: Option<String>,
    officer_id: Option<String>,
    sponsor_id: Option<String>,
    responsible_unit: Option<String>,
    coordination_issues: Option<String>,
    next_step: Option<String>,
    notes: Option<String>,
}

fn validate(conn: &Connection, p: &ProjectInput) -> Result<Valid> {
    let name = required_name("name", "项目名称", &p.name, 100)?;
    if p.total_investment < 0 {
        return Err(Error::invalid("total_investment", "总投资不能为负数。"));
    }
    if p.total_investment > MAX_INVESTMENT {
        return Err(Error::invalid(
            "total_investment",
            "总投资超过10万亿元，请检查单位（金额按元保存，界面按万元录入）。",
        ));
    }
    let company_id = clean(&p.company_id);
    if let Some(c) = &company_id {
        crate::companies::check_ref(conn, c)?;
    }
    let industry_id = clean(&p.industry_id);
    if let Some(i) = &industry_id {
        if !crate::reference::industries::exists(conn, i)? {
            return Err(Error::invalid("industry_id", "所选产业不存在或已删除。"));
        }
    }
    let region_group_override = clean(&p.region_group_override);
    if let Some(g) = &region_group_override {
        if !crate::reference::region_groups::exists(conn, g)? {
            return Err(Error::invalid(
                "region_group_override",
                "所选来源区域不存在或已删除。",
            ));
        }
    }
    let team_id = clean(&p.team_id);
    if let Some(t) = &team_id {
        if !crate::reference::teams::exists(conn, t)? {
            return Err(Error::invalid("team_id", "所选团队不存在或已删除。"));
        }
    }
    let officer_id = clean(&p.officer_id);
    if let Some(o) = &officer_id {
        crate::reference::officers::check_ref(conn, "officer_id", o)?;
    }
    let sponsor_id = clean(&p.sponsor_id);
    if let Some(o) = &sponsor_id {
        crate::reference::officers::check_ref(conn, "sponsor_id", o)?;
    }
    Ok(Valid {
        name,
        company_id,
        content: optional_text("content", "建设内容", &p.content, 4000)?,
        industry_id,
        region_group_override,
        park: optional_text("park", "所在园区", &p.park, 100)?,
        team_id,
        officer_id,
        sponsor_id,
        responsible_unit: optional_text("responsible_unit", "责任单位", &p.responsible_unit, 100)?,
        coordination_issues: optional_text(
            "coordination_issues",
            "需协调事项",
            &p.coordination_issues,
            4000,
        )?,
        next_step: optional_text("next_step", "下一步工作", &p.next_step, 2000)?,
        notes: optional_text("notes", "备注", &p.notes, 4000)?,
    })
}

/// Region group the project gets: the override, else derived from its company's origin.
fn region_group(conn: &Connection, v: &Valid) -> Result<(Option<String>, bool)> {
    region_group_with(conn, v, None)
}

/// Region groups derived from (origin, overseas) during one bulk write (an import), which
/// changes neither the region groups nor the office's own city: derived once per origin.
#[derive(Default)]
pub struct DerivedRegionGroups(
    std::cell::RefCell<std::collections::HashMap<Origin, Option<String>>>,
);

/// A company's origin as region groups are derived from it: (division code, overseas).
type Origin = (Option<String>, bool);

fn region_group_with(
    conn: &Connection,
    v: &Valid,
    derived: Option<&DerivedRegionGroups>,
) -> Result<(Option<String>, bool)> {
    if let Some(g) = &v.region_group_override {
        return Ok((Some(g.clone()), true));
    }
    let Some(company_id) = &v.company_id else {
        return Ok((None, false));
    };
    let c = crate::companies::get(conn, company_id)?;
    let key = (c.origin_code, c.overseas);
    if let Some(g) = derived.and_then(|d| d.0.borrow().get(&key).cloned()) {
        return Ok((g, false));
    }
    let g = crate::reference::region_groups::derive(conn, key.0.as_deref(), key.1)?;
    if let Some(d) = derived {
        d.0.borrow_mut().insert(key, g.clone());
    }
    Ok((g, false))
}

pub fn create(conn: &Connection, new: &NewProject, today: NaiveDate) -> Result<Project> {
    create_with_history(conn, new, &[], today)
}

/// Creates a project and records `later` stage changes on it, in this order: the same checks
/// and the same rows and change-log entries as `create` followed by `record_stage_change` for
/// each, written once (the history is checked in memory). For imports of whole ledgers.
pub fn create_with_history(
    conn: &Connection,
    new: &NewProject,
    later: &[StageChangeInput],
    today: NaiveDate,
) -> Result<Project> {
    let id = create_with_history_unread(conn, new, later, today, None)?;
    get(conn, &id)
}

/// `create_with_history` without reading the new project back: its id (for imports, which
/// may also share the region groups derived so far).
pub fn create_with_history_unread(
    conn: &Connection,
    new: &NewProject,
    later: &[StageChangeInput],
    today: NaiveDate,
    derived: Option<&DerivedRegionGroups>,
) -> Result<String> {
    let v = validate(conn, &new.project)?;
    let p = &new.project;
    let (group, manual) = region_group_with(conn, &v, derived)?;
    let id = new_id();
    let now = now_stamp();
    let first = StageChangeInput {
        to_stage: new.first_stage,
        changed_on: new.first_stage_on,
        construction_kind: None,
        added_investment: 0,
        officer_id: v.officer_id.clone(),
        note: None,
        date_unknown: new.first_stage_date_unknown,
    };
    // The history as recording the changes one by one would build it.
    let mut history = Vec::with_capacity(1 + later.len());
    let mut recorded = Vec::with_capacity(1 + later.len());
    for input in std::iter::once(&first).chain(later) {
        let at = stage_changes::place(conn, &mut history, &id, input, today, now.clone())?;
        recorded.push(history[at].id.clone());
    }
    let d = stage_changes::derive(&history);
    let added: i64 = history.iter().map(|c| c.added_investment).sum();
    conn.prepare_cached(
        "INSERT INTO projects (id, name, company_id, content, total_investment, industry_id,
            region_group_id, region_group_manual, stage, stage_since, enclave, relocation,
            key_project, high_energy, park, team_id, officer_id, sponsor_id,
            responsible_unit, coordination_issues, next_step, notes, follow_up_on, created_on,
            created_at, updated_at, signed_on, started_on, operating_on, construction_kind,
            added_investment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?25, ?26, ?27, ?28, ?29, ?30)",
    )?
    .execute(params![
        id,
        v.name,
        v.company_id,
        v.content,
        p.total_investment + added,
        v.industry_id,
        group,
        manual,
        d.stage,
        d.stage_since,
        p.enclave,
        p.relocation,
        p.key_project,
        p.high_energy,
        v.park,
        v.team_id,
        v.officer_id,
        v.sponsor_id,
        v.responsible_unit,
        v.coordination_issues,
        v.next_step,
        v.notes,
        p.follow_up_on,
        new.first_stage_on,
        now,
        d.signed_on,
        d.started_on,
        d.operating_on,
        d.construction_kind,
        added
    ])?;
    for sc_id in &recorded {
        let c = history.iter().find(|c| &c.id == sc_id).expect("placed");
        stage_changes::write(conn, c)?;
    }
    // Logged in the order the one-by-one path logs: first change, project, later changes.
    let mut log: Vec<(&str, &str)> = Vec::with_capacity(1 + recorded.len());
    for (i, sc_id) in recorded.iter().enumerate() {
        log.push(("stage_changes", sc_id));
        if i == 0 {
            log.push(("projects", &id));
        }
    }
    crate::storage::changelog::record_created_many(conn, &log)?;
    Ok(id)
}

pub fn update(conn: &Connection, id: &str, p: &ProjectInput) -> Result<Project> {
    let before = get(conn, id)?;
    let v = validate(conn, p)?;
    let (group, manual) = region_group(conn, &v)?;
    conn.execute(
        "UPDATE projects SET name = ?2, company_id = ?3, content = ?4, total_investment = ?5,
            industry_id = ?6, region_group_id = ?7, region_group_manual = ?8, enclave = ?9,
            relocation = ?10, key_project = ?11, high_energy = ?12, park = ?13,
            team_id = ?14, officer_id = ?15, sponsor_id = ?16, responsible_unit = ?17,
            coordination_issues = ?18, next_step = ?19, notes = ?20, follow_up_on = ?21,
            updated_at = ?22
         WHERE id = ?1",
        params![
            id,
            v.name,
            v.company_id,
            v.content,
            p.total_investment,
            v.industry_id,
            group,
            manual,
            p.enclave,
            p.relocation,
            p.key_project,
            p.high_energy,
            v.park,
            v.team_id,
            v.officer_id,
            v.sponsor_id,
            v.responsible_unit,
            v.coordination_issues,
            v.next_step,
            v.notes,
            p.follow_up_on,
            now_stamp()
        ],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "projects", id, Some(&before), &after, DERIVED)?;
    Ok(after)
}

/// Recomputes the cached stage fields from the stage history.
pub fn refresh(conn: &Connection, id: &str) -> Result<()> {
    let history = stage_changes::list(conn, id)?;
    let d = stage_changes::derive(&history);
    let added: i64 = history.iter().map(|c| c.added_investment).sum();
    conn.execute(
        "UPDATE projects SET stage = ?2, stage_since = ?3, signed_on = ?4, started_on = ?5,
            operating_on = ?6, construction_kind = ?7, updated_at = ?8, added_investment = ?9
         WHERE id = ?1",
        params![
            id,
            d.stage,
            d.stage_since,
            d.signed_on,
            d.started_on,
            d.operating_on,
            d.construction_kind,
            now_stamp(),
            added
        ],
    )?;
    Ok(())
}

/// Recomputes a project's derived fields after its stage history changed, and logs what that
/// changed on the project since `before`.
fn refreshed(conn: &Connection, id: &str, before: &Project) -> Result<Project> {
    refresh(conn, id)?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "projects", id, Some(before), &after, DERIVED)?;
    Ok(after)
}

/// Records a stage change; 增资 on it raises the project's 总投资 by that amount.
pub fn record_stage_change(
    conn: &Connection,
    id: &str,
    input: &StageChangeInput,
    today: NaiveDate,
) -> Result<Project> {
    let before = get(conn, id)?;
    stage_changes::insert(conn, id, input, today)?;
    if input.added_investment > 0 {
        conn.execute(
            "UPDATE projects SET total_investment = total_investment + ?2 WHERE id = ?1",
            params![id, input.added_investment],
        )?;
    }
    refreshed(conn, id, &before)
}

pub fn delete_stage_change(
    conn: &Connection,
    change_id: &str,
    today: NaiveDate,
) -> Result<Project> {
    let added: i64 = conn
        .query_row(
            "SELECT added_investment FROM stage_changes WHERE id = ?1 AND deleted_at IS NULL",
            [change_id],
            |r| r.get(0),
        )
        .unwrap_or(0);
    let project_id = stage_changes::delete(conn, change_id, today)?;
    let before = get(conn, &project_id)?;
    if added > 0 {
        conn.execute(
            "UPDATE projects SET total_investment = MAX(0, total_investment - ?2) WHERE id = ?1",
            params![project_id, added],
        )?;
    }
    refreshed(conn, &project_id, &before)
}

/// Sets a stage change's date (the real date of a 日期不详 stage, or a correction) and
/// refreshes the project's stage dates.
pub fn set_stage_change_date(
    conn: &Connection,
    change_id: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<Project> {
    put_back_stage_change_date(conn, change_id, on, false, today)
}

/// `set_stage_change_date`, with 日期不详 as given (undo puts an unknown date back).
pub(crate) fn put_back_stage_change_date(
    conn: &Connection,
    change_id: &str,
    on: NaiveDate,
    date_unknown: bool,
    today: NaiveDate,
) -> Result<Project> {
    let project_id = stage_changes::set_date_as(conn, change_id, on, date_unknown, today)?;
    let before = get(conn, &project_id)?;
    refreshed(conn, &project_id, &before)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE projects SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "projects", id, true)
}

pub fn restore(conn: &Connection, id: &str) -> Result<Project> {
    let n = conn.execute(
        "UPDATE projects SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL",
        params![id, now_stamp()],
    )?;
    if n == 0 {
        return Err(Error::not_found("已删除的项目", id));
    }
    crate::storage::changelog::record_deleted(conn, "projects", id, false)?;
    get(conn, id)
}

impl Ledger {
    // ── projects and their stage history ───────────────────────────────────────────────
    pub fn project(&self, id: &str) -> Result<Project> {
        get(self.connection(), id)
    }
    pub fn create_project(&mut self, new: &NewProject) -> Result<Project> {
        self.write(|tx, today| create(tx, new, today))
    }
    pub fn update_project(&mut self, id: &str, input: &ProjectInput) -> Result<Project> {
        self.write(|tx, _| update(tx, id, input))
    }
    pub fn delete_project(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| delete(tx, id))
    }
    pub fn restore_project(&mut self, id: &str) -> Result<Project> {
        self.write(|tx, _| restore(tx, id))
    }
    pub fn stage_history(&self, project_id: &str) -> Result<Vec<StageChange>> {
        get(self.connection(), project_id)?;
        stage_changes::list(self.connection(), project_id)
    }
    /// Records a dated stage change (backdating allowed; impossible sequences rejected).
    pub fn record_stage_change(
        &mut self,
        project_id: &str,
        input: &StageChangeInput,
    ) -> Result<Project> {
        self.write(|tx, today| record_stage_change(tx, project_id, input, today))
    }
    /// Removes a mistaken stage change, if the history stays valid without it.
    /// The real date of a 日期不详 stage, or a corrected date (`set_stage_change_date`).
    pub fn set_stage_change_date(&mut self, change_id: &str, on: NaiveDate) -> Result<Project> {
        self.write(|tx, today| set_stage_change_date(tx, change_id, on, today))
    }

    pub fn delete_stage_change(&mut self, change_id: &str) -> Result<Project> {
        self.write(|tx, today| delete_stage_change(tx, change_id, today))
    }
}

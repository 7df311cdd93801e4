//! 阶段变化 table: the dated stage history of each project. A project's current stage and its
//! 签约/开工/投产 dates are derived from these rows (`Derived`), never typed in.
//!
//! Rules (checked over the whole history sorted by date, so backdated rows are checked where
//! they fall):
//! - the first row is 线索, 洽谈 or 签约;
//! - 开工 needs an earlier 签约; 投产 needs an earlier 开工;
//! - no date in the future, none before 2000;
//! - moving backwards in the pipeline (签约 → 洽谈) goes through 搁置 or 终止;
//! - 签约 after 签约 is an upgrade (协议→合同), 开工 after 开工 is 续建/复工.
//!
//! 日期不详: a stage reached on a date the ledger does not know (a 开工 row with no 签约 date)
//! is kept with `date_unknown` and `changed_on` as the latest it can have been («不晚于»). It
//! stands in the history where that bound puts it, so the rules above still hold; it gives the
//! project no 签约/开工/投产 date (`Derived`), so no report counts it as an event of a period.
//! Entering the real date (`set_date`) makes it an ordinary dated change.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::model::{ConstructionKind, Stage, StageChange, StageChangeInput};
use crate::util::{new_id, now_stamp, optional_text, zh_date};

/// What the stage history says about a project right now.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub stage: Stage,
    pub stage_since: NaiveDate,
    pub signed_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub operating_on: Option<NaiveDate>,
    pub construction_kind: Option<ConstructionKind>,
}

const SELECT: &str = "SELECT id, project_id, changed_on, to_stage, construction_kind,
    added_investment, officer_id, note, created_at, date_unknown FROM stage_changes";

fn from_row(r: &Row) -> rusqlite::Result<StageChange> {
    Ok(StageChange {
        id: r.get(0)?,
        project_id: r.get(1)?,
        changed_on: r.get(2)?,
        from_stage: None,
        to_stage: r.get(3)?,
        construction_kind: r.get(4)?,
        upgrade: false,
        added_investment: r.get(5)?,
        officer_id: r.get(6)?,
        note: r.get(7)?,
        created_at: r.get(8)?,
        date_unknown: r.get(9)?,
    })
}

/// A project's history, oldest first, with `from_stage` and `upgrade` filled in.
pub fn list(conn: &Connection, project_id: &str) -> Result<Vec<StageChange>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY changed_on, created_at, id"
    ))?;
    let mut rows: Vec<StageChange> = stmt
        .query_map([project_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    annotate(&mut rows);
    Ok(rows)
}

fn annotate(rows: &mut [StageChange]) {
    let mut prev = None;
    let mut signed = false;
    for row in rows.iter_mut() {
        row.from_stage = prev;
        row.upgrade = row.to_stage == Stage::Signed && signed;
        signed |= row.to_stage == Stage::Signed;
        prev = Some(row.to_stage);
    }
}

pub fn derive(history: &[StageChange]) -> Derived {
    let last = history
        .last()
        .expect("a project has at least one stage change");
    // The first time a stage was reached, if its date is known: a 签约 of unknown date followed
    // by a dated 升格 must not make the 升格 the signing.
    let first = |s: Stage| {
        history
            .iter()
            .find(|c| c.to_stage == s)
            .filter(|c| !c.date_unknown)
            .map(|c| c.changed_on)
    };
    Derived {
        stage: last.to_stage,
        stage_since: last.changed_on,
        signed_on: first(Stage::Signed),
        started_on: first(Stage::Started),
        operating_on: first(Stage::Operating),
        construction_kind: history
            .iter()
            .rev()
            .find(|c| c.to_stage == Stage::Started)
            .and_then(|c| c.construction_kind),
    }
}

/// Checks a whole history (sorted oldest first). The message names the offending row's date.
pub fn check_sequence(history: &[StageChange], today: NaiveDate) -> Result<()> {
    let field = "changed_on";
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).expect("date");
    let mut prev: Option<Stage> = None;
    let mut signed = false;
    let mut started = false;
    for (i, c) in history.iter().enumerate() {
        let on = zh_date(c.changed_on);
        if c.changed_on > today {
            return Err(Error::invalid(
                field,
                format!("{on}晚于今天，不能登记未来的{}。", c.to_stage.label()),
            ));
        }
        if c.changed_on < earliest {
            return Err(Error::invalid(
                field,
                format!("{on}早于2000年，请检查日期。"),
            ));
        }
        let later = |s: Stage| history[i + 1..].iter().find(|x| x.to_stage == s);
        match c.to_stage {
            Stage::Started if !signed => {
                return Err(Error::invalid(
                    field,
                    match later(Stage::Signed) {
                        Some(s) => format!(
                            "开工日期（{on}）早于签约日期（{}）：项目须先签约再开工。",
                            zh_date(s.changed_on)
                        ),
                        None => format!("项目尚未签约，不能登记开工（{on}）。请先登记签约。"),
                    },
                ));
            }
            Stage::Operating if !started => {
                return Err(Error::invalid(
                    field,
                    match later(Stage::Started) {
                        Some(s) => format!(
                            "投产日期（{on}）早于开工日期（{}）：项目须先开工再投产。",
                            zh_date(s.changed_on)
                        ),
                        None => format!("项目尚未开工，不能登记投产（{on}）。请先登记开工。"),
                    },
                ));
            }
            _ => {}
        }
        if let Some(p) = prev {
            if !allowed(p, c.to_stage) {
                return Err(Error::invalid(
                    "to_stage",
                    format!(
                        "{on}由“{}”变为“{}”不符合项目推进顺序；如项目回退，请先登记搁置或终止。",
                        p.label(),
                        c.to_stage.label()
                    ),
                ));
            }
        } else if !matches!(c.to_stage, Stage::Lead | Stage::Negotiating | Stage::Signed) {
            return Err(Error::invalid(
                "to_stage",
                format!(
                    "项目的第一条阶段记录应为线索、洽谈或签约，不能是“{}”。",
                    c.to_stage.label()
                ),
            ));
        }
        signed |= c.to_stage == Stage::Signed;
        started |= c.to_stage == Stage::Started;
        prev = Some(c.to_stage);
    }
    Ok(())
}

fn allowed(from: Stage, to: Stage) -> bool {
    use Stage::*;
    match to {
        Lead => matches!(from, OnHold | Dropped),
        Negotiating => matches!(from, Lead | OnHold | Dropped),
        Signed => matches!(from, Lead | Negotiating | Signed | OnHold | Dropped),
        Started => matches!(from, Signed | Started | OnHold),
        Operating => matches!(from, Started | OnHold),
        OnHold => !matches!(from, OnHold | Dropped),
        Dropped => from != Dropped,
    }
}

/// Adds a dated change to a project's history after checking the history it makes. Returns
/// the new row's id. The caller refreshes the project's derived fields (`projects::refresh`).
pub fn insert(
    conn: &Connection,
    project_id: &str,
    input: &StageChangeInput,
    today: NaiveDate,
) -> Result<String> {
    let mut history = list(conn, project_id)?;
    let at = place(conn, &mut history, project_id, input, today, now_stamp())?;
    write(conn, &history[at])?;
    crate::storage::changelog::record_created(conn, "stage_changes", &history[at].id)?;
    Ok(history[at].id.clone())
}

/// Checks `input` against a project's history (oldest first) and puts the new row where it
/// falls, with a new id: the checks of `insert`, without writing. Returns its position.
pub(crate) fn place(
    conn: &Connection,
    history: &mut Vec<StageChange>,
    project_id: &str,
    input: &StageChangeInput,
    today: NaiveDate,
    created_at: String,
) -> Result<usize> {
    let note = optional_text("note", "说明", &input.note, 1000)?;
    if input.added_investment < 0 {
        return Err(Error::invalid("added_investment", "增资金额不能为负数。"));
    }
    if let Some(o) = &input.officer_id {
        crate::reference::officers::check_ref(conn, "officer_id", o)?;
    }
    if input.construction_kind.is_some() && input.to_stage != Stage::Started {
        return Err(Error::invalid(
            "construction_kind",
            "新建/续建/复工只用于开工记录。",
        ));
    }
    let id = new_id();
    // Where the new row falls: after every row of the same day or earlier.
    let at = history.partition_point(|c| c.changed_on <= input.changed_on);
    let kind = if input.to_stage == Stage::Started {
        Some(input.construction_kind.unwrap_or_else(|| {
            let before = &history[..at];
            match before.iter().rev().find(|c| c.to_stage != Stage::Signed) {
                _ if !before.iter().any(|c| c.to_stage == Stage::Started) => ConstructionKind::New,
                Some(c) if c.to_stage == Stage::OnHold => ConstructionKind::Resumed,
                _ => ConstructionKind::Continued,
            }
        }))
    } else {
        None
    };
    history.insert(
        at,
        StageChange {
            id,
            project_id: project_id.to_string(),
            changed_on: input.changed_on,
            from_stage: None,
            to_stage: input.to_stage,
            construction_kind: kind,
            upgrade: false,
            added_investment: input.added_investment,
            officer_id: input.officer_id.clone(),
            note,
            created_at,
            date_unknown: input.date_unknown,
        },
    );
    let undo = |history: &mut Vec<StageChange>, e: Error| {
        history.remove(at);
        Err(e)
    };
    if at > 0 && at == history.len() - 1 {
        let prev = history[at - 1].to_stage;
        if prev == input.to_stage && !matches!(prev, Stage::Signed | Stage::Started) {
            return undo(
                history,
                Error::invalid("to_stage", format!("项目已处于“{}”阶段。", prev.label())),
            );
        }
    }
    if let Err(e) = check_sequence(history, today) {
        return undo(history, e);
    }
    annotate(history);
    Ok(at)
}

/// Writes a row `place` accepted (the caller logs its creation).
pub(crate) fn write(conn: &Connection, c: &StageChange) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO stage_changes (id, project_id, changed_on, to_stage, construction_kind,
            added_investment, officer_id, note, created_at, updated_at, date_unknown)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
    )?
    .execute(params![
        c.id,
        c.project_id,
        c.changed_on,
        c.to_stage,
        c.construction_kind,
        c.added_investment,
        c.officer_id,
        c.note,
        c.created_at,
        c.date_unknown
    ])?;
    Ok(())
}

/// The project of a live stage change.
fn project_of(conn: &Connection, id: &str) -> Result<String> {
    conn.query_row(
        "SELECT project_id FROM stage_changes WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )
    .map_err(|_| Error::not_found("阶段记录", id))
}

/// Soft-deletes one change (a mistaken entry) if the history left behind is still valid.
/// Returns the project id.
pub fn delete(conn: &Connection, id: &str, today: NaiveDate) -> Result<String> {
    let project_id = project_of(conn, id)?;
    let mut history = list(conn, &project_id)?;
    history.retain(|c| c.id != id);
    if history.is_empty() {
        return Err(Error::invalid(
            "to_stage",
            "这是项目唯一的阶段记录，不能删除；如不再跟进，请登记终止。",
        ));
    }
    annotate(&mut history);
    check_sequence(&history, today)
        .map_err(|e| Error::invalid("to_stage", format!("删除这条记录后阶段历史不成立：{e}")))?;
    conn.execute(
        "UPDATE stage_changes SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "stage_changes", id, true)?;
    Ok(project_id)
}

/// Sets the date of one change: the real date of a stage reached on an unknown date (which makes
/// it an ordinary dated change), or a corrected date. The history it makes must hold. Returns
/// the project id.
pub fn set_date(conn: &Connection, id: &str, on: NaiveDate, today: NaiveDate) -> Result<String> {
    set_date_as(conn, id, on, false, today)
}

/// `set_date`, or (undo) back to a 日期不详 bound.
pub(crate) fn set_date_as(
    conn: &Connection,
    id: &str,
    on: NaiveDate,
    date_unknown: bool,
    today: NaiveDate,
) -> Result<String> {
    let project_id = project_of(conn, id)?;
    let mut history = list(conn, &project_id)?;
    let at = history
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| Error::not_found("阶段记录", id))?;
    let before = history[at].clone();
    history[at].changed_on = on;
    history[at].date_unknown = date_unknown;
    let after = history[at].clone();
    history.sort_by(|a, b| {
        (a.changed_on, &a.created_at, &a.id).cmp(&(b.changed_on, &b.created_at, &b.id))
    });
    annotate(&mut history);
    // Any change's date may be corrected; the whole history must still hold. A refusal belongs
    // to the date being entered, whichever rule it breaks.
    check_sequence(&history, today).map_err(|e| match e {
        Error::Validation { message, .. } => Error::invalid(
            "changed_on",
            format!("改为{}后阶段历史不成立：{message}", zh_date(on)),
        ),
        other => other,
    })?;
    conn.execute(
        "UPDATE stage_changes SET changed_on = ?2, date_unknown = ?4, updated_at = ?3 WHERE id = ?1",
        params![id, on, now_stamp(), date_unknown],
    )?;
    crate::storage::changelog::record(
        conn,
        "stage_changes",
        id,
        Some(&before),
        &after,
        &["from_stage", "upgrade"],
    )?;
    Ok(project_id)
}

/// Sum of 增资 recorded on a project's history.
pub fn added_investment(conn: &Connection, project_id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(added_investment), 0) FROM stage_changes
         WHERE project_id = ?1 AND deleted_at IS NULL",
        [project_id],
        |r| r.get(0),
    )?)
}

//! 目标 table: annual plan figures.

use rusqlite::{params, Connection, Row};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{Target, TargetInput};
use crate::util::{clean, new_id, now_stamp, optional_text};

const SELECT: &str =
    "SELECT id, year, period, metric, value, region_group_id, team_id, label FROM targets";

fn from_row(r: &Row) -> rusqlite::Result<Target> {
    Ok(Target {
        id: r.get(0)?,
        year: r.get(1)?,
        period: r.get(2)?,
        metric: r.get(3)?,
        value: r.get(4)?,
        region_group_id: r.get(5)?,
        team_id: r.get(6)?,
        label: r.get(7)?,
    })
}

/// Targets of one year (or all), in a stable order.
pub fn list(conn: &Connection, year: Option<i32>) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE deleted_at IS NULL AND (?1 IS NULL OR year = ?1)
         ORDER BY year, metric, period, created_at"
    ))?;
    let rows = stmt.query_map([year], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Target> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?;
    let mut rows = stmt.query_map([id], from_row)?;
    match rows.next() {
        Some(t) => Ok(t?),
        None => Err(Error::not_found("目标", id)),
    }
}

fn validate(
    conn: &Connection,
    t: &TargetInput,
) -> Result<(Option<String>, Option<String>, Option<String>)> {
    if !(2000..=2100).contains(&t.year) {
        return Err(Error::invalid(
            "year",
            format!("年份 {} 不在 2000–2100 之间。", t.year),
        ));
    }
    if t.value < 0 {
        return Err(Error::invalid("value", "目标值不能为负数。"));
    }
    let group = clean(&t.region_group_id);
    if let Some(g) = &group {
        if !crate::reference::region_groups::exists(conn, g)? {
            return Err(Error::invalid(
                "region_group_id",
                "所选来源区域不存在或已删除。",
            ));
        }
    }
    let team = clean(&t.team_id);
    if let Some(id) = &team {
        if !crate::reference::teams::exists(conn, id)? {
            return Err(Error::invalid("team_id", "所选团队不存在或已删除。"));
        }
    }
    Ok((
        group,
        team,
        optional_text("label", "目标说明", &t.label, 100)?,
    ))
}

pub fn create(conn: &Connection, t: &TargetInput) -> Result<Target> {
    let (group, team, label) = validate(conn, t)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO targets (id, year, period, metric, value, region_group_id, team_id, label,
            created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            id,
            t.year,
            t.period,
            t.metric,
            t.value,
            group,
            team,
            label,
            now_stamp()
        ],
    )?;
    let created = get(conn, &id)?;
    crate::storage::changelog::record(conn, "targets", &id, None, &created, &[])?;
    Ok(created)
}

pub fn update(conn: &Connection, id: &str, t: &TargetInput) -> Result<Target> {
    let before = get(conn, id)?;
    let (group, team, label) = validate(conn, t)?;
    conn.execute(
        "UPDATE targets SET year = ?2, period = ?3, metric = ?4, value = ?5, region_group_id = ?6,
            team_id = ?7, label = ?8, updated_at = ?9 WHERE id = ?1",
        params![
            id,
            t.year,
            t.period,
            t.metric,
            t.value,
            group,
            team,
            label,
            now_stamp()
        ],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "targets", id, Some(&before), &after, &[])?;
    Ok(after)
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    get(conn, id)?;
    conn.execute(
        "UPDATE targets SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now_stamp()],
    )?;
    crate::storage::changelog::record_deleted(conn, "targets", id, true)
}

/// 撤销 of a target's action: created → deleted, deleted → restored, edited → the old values.
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    let fields: Vec<(&str, Option<&str>)> = fields.collect();
    if fields.iter().any(|(f, _)| *f == "*") {
        return delete(conn, id);
    }
    if let Some((_, old)) = fields.iter().find(|(f, _)| *f == "deleted") {
        return crate::storage::changelog::put_back_deleted(conn, "targets", id, *old);
    }
    let input: TargetInput =
        crate::storage::changelog::with_old_values(&get(conn, id)?, &fields)
            .map_err(|e| Error::Conflict(format!("无法撤销：目标已改变（{e}）。")))?;
    update(conn, id, &input).map(|_| ())
}

impl Ledger {
    // ── targets ──────────────────────────────────────────────────────────────────────────
    pub fn targets(&self, year: Option<i32>) -> Result<Vec<Target>> {
        list(self.connection(), year)
    }
    pub fn create_target(&mut self, input: &TargetInput) -> Result<Target> {
        self.write(|tx, _| create(tx, input))
    }
    pub fn update_target(&mut self, id: &str, input: &TargetInput) -> Result<Target> {
        self.write(|tx, _| update(tx, id, input))
    }
    pub fn delete_target(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| delete(tx, id))
    }
}

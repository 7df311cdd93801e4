//! 考核计分表: the points an office gives per activity kind, for a trip led by a leader, per
//! stage reached, per signed 总投资 band, and the deductions. The rows have fixed ids, seeded
//! by schema v13 on every laptop (so an edit on one laptop is a field change the others take):
//! an office edits the points (0 turns a rule off) but does not add or remove rules, because
//! the rules are what the scoring knows how to count.

use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{ActivityKind, Stage, Tier};
use crate::util::now_stamp;

/// Points are whole or half points in this range.
pub const MIN_POINTS: f64 = -100.0;
pub const MAX_POINTS: f64 = 100.0;

/// Rule id for a trip with a 带队领导 (on top of the kind's points).
pub const LEADER_LED: &str = "activity:leader_led";
/// Rule id for a 交办单 of the officer done late or still open past its due date.
pub const ASSIGNMENT_OVERDUE: &str = "deduct:assignment_overdue";

/// What a rule counts, for grouping in the editor and the 比拼表.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RuleGroup {
    Activity,
    Stage,
    Tier,
    Deduction,
}

/// One row of the points table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoreRule {
    /// 'activity:outbound_trip', 'activity:leader_led', 'stage:signed', 'tier:over_1yi',
    /// 'deduct:assignment_overdue'.
    pub id: String,
    pub points: f64,
    /// "外出招商（每次）", "签约", "签约项目 1亿至10亿元", "交办单逾期（每件）".
    pub label: String,
    pub group: RuleGroup,
}

/// Derived from the id: never logged.
const DERIVED: &[&str] = &["label", "group"];

/// The group and label of a rule id; None for an id the scoring does not know.
pub fn describe(id: &str) -> Option<(RuleGroup, String)> {
    let (prefix, code) = id.split_once(':')?;
    match prefix {
        "activity" if code == "leader_led" => {
            Some((RuleGroup::Activity, "领导带队（加分）".to_string()))
        }
        "activity" => ActivityKind::from_code(code)
            .map(|k| (RuleGroup::Activity, format!("{}（每次）", k.label()))),
        "stage" => Stage::from_code(code).map(|s| (RuleGroup::Stage, s.label().to_string())),
        "tier" => {
            Tier::from_code(code).map(|t| (RuleGroup::Tier, format!("签约项目 {}", t.label())))
        }
        "deduct" if code == "assignment_overdue" => {
            Some((RuleGroup::Deduction, "交办单逾期（每件）".to_string()))
        }
        _ => None,
    }
}

fn order(id: &str) -> (usize, usize) {
    let (prefix, code) = id.split_once(':').unwrap_or((id, ""));
    match prefix {
        "activity" => (
            0,
            ActivityKind::from_code(code)
                .and_then(|k| ActivityKind::ALL.iter().position(|x| *x == k))
                .unwrap_or(99),
        ),
        "stage" => (
            1,
            Stage::from_code(code)
                .and_then(|k| Stage::ALL.iter().position(|x| *x == k))
                .unwrap_or(99),
        ),
        "tier" => (
            2,
            Tier::from_code(code)
                .and_then(|k| Tier::ALL.iter().position(|x| *x == k))
                .unwrap_or(99),
        ),
        _ => (3, 0),
    }
}

fn from_row(r: &Row) -> rusqlite::Result<(String, f64)> {
    Ok((r.get(0)?, r.get(1)?))
}

fn rule(id: String, points: f64) -> Option<ScoreRule> {
    let (group, label) = describe(&id)?;
    Some(ScoreRule {
        id,
        points,
        label,
        group,
    })
}

/// The points table, in the editor's order (activities, stages, tiers, deductions). Rows with
/// ids this version does not know (from a newer laptop) are left out.
pub fn list(conn: &Connection) -> Result<Vec<ScoreRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, points FROM score_rules WHERE deleted_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], from_row)?;
    let mut out: Vec<ScoreRule> = rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|(id, p)| rule(id, p))
        .collect();
    out.sort_by_key(|r| order(&r.id));
    Ok(out)
}

pub fn get(conn: &Connection, id: &str) -> Result<ScoreRule> {
    let found: Option<(String, f64)> = conn
        .prepare_cached("SELECT id, points FROM score_rules WHERE id = ?1 AND deleted_at IS NULL")?
        .query_map([id], from_row)?
        .next()
        .transpose()?;
    found
        .and_then(|(id, p)| rule(id, p))
        .ok_or_else(|| Error::not_found("计分规则", id))
}

fn validate(id: &str, points: f64) -> Result<()> {
    if !points.is_finite() || !(MIN_POINTS..=MAX_POINTS).contains(&points) {
        return Err(Error::invalid(
            "points",
            format!("分值须在 {MIN_POINTS} 到 {MAX_POINTS} 之间。"),
        ));
    }
    if (points * 2.0).fract() != 0.0 {
        return Err(Error::invalid(
            "points",
            "分值须是整数或半分（如 0.5、1.5）。",
        ));
    }
    if id.starts_with("deduct:") && points > 0.0 {
        return Err(Error::invalid(
            "points",
            "扣分项的分值须为 0 或负数（如 -2）。",
        ));
    }
    Ok(())
}

/// Sets the points of one rule. Logged, so 撤销 and sync follow it.
pub fn update(conn: &Connection, id: &str, points: f64) -> Result<ScoreRule> {
    let before = get(conn, id)?;
    validate(id, points)?;
    conn.execute(
        "UPDATE score_rules SET points = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, points, now_stamp()],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "score_rules", id, Some(&before), &after, DERIVED)?;
    Ok(after)
}

/// The points of every rule, by id (rules set to 0 included).
pub fn points_by_id(conn: &Connection) -> Result<std::collections::HashMap<String, f64>> {
    Ok(list(conn)?.into_iter().map(|r| (r.id, r.points)).collect())
}

/// 撤销 of a points edit: the old points. (Rules are never created or deleted by users; a
/// logged delete or restore, from a sync, is put back as such.)
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    let fields: Vec<(&str, Option<&str>)> = fields.collect();
    if let Some((_, old)) = fields.iter().find(|(f, _)| *f == "deleted") {
        return crate::storage::changelog::put_back_deleted(conn, "score_rules", id, *old);
    }
    if let Some((_, old)) = fields.iter().find(|(f, _)| *f == "points") {
        let points: f64 = crate::storage::changelog::old_value::<Option<f64>>(*old)
            .ok_or_else(|| Error::Conflict("无法撤销：计分规则没有原分值。".into()))?;
        update(conn, id, points)?;
    }
    Ok(())
}

impl Ledger {
    // ── 考核计分表 ────────────────────────────────────────────────────────────────────────
    pub fn score_rules(&self) -> Result<Vec<ScoreRule>> {
        list(self.connection())
    }
    pub fn update_score_rule(&mut self, id: &str, points: f64) -> Result<ScoreRule> {
        self.write(|tx, _| update(tx, id, points))
    }
}

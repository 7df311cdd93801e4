//! 预警规则: the office's four rules (fixed ids, seeded by schema v13 on every laptop), their
//! thresholds and whether they are on. An edit is a field change like any other: logged, undone
//! by 撤销, carried by sync.

use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::util::now_stamp;

/// 签约未开工: stage 签约 longer than `threshold` days.
pub const SIGNED_NOT_STARTED: &str = "signed_not_started";
/// 开工未投产: stage 开工 longer than `threshold` months.
pub const STARTED_NOT_PRODUCING: &str = "started_not_producing";
/// 洽谈无活动: stage 洽谈 with no linked activity for `threshold` days.
pub const NEGOTIATING_IDLE: &str = "negotiating_idle";
/// 未更新须说明原因: no update for `threshold` days and no reason stated since.
pub const NO_UPDATE: &str = "no_update";

/// The rules in the order they are shown.
pub const RULE_IDS: &[&str] = &[
    SIGNED_NOT_STARTED,
    STARTED_NOT_PRODUCING,
    NEGOTIATING_IDLE,
    NO_UPDATE,
];

/// The unit of a rule's threshold: "days" or "months".
pub fn unit_of(id: &str) -> &'static str {
    if id == STARTED_NOT_PRODUCING {
        "months"
    } else {
        "days"
    }
}

/// The rule's Chinese name.
pub fn name_of(id: &str) -> &'static str {
    match id {
        SIGNED_NOT_STARTED => "签约未开工",
        STARTED_NOT_PRODUCING => "开工未投产",
        NEGOTIATING_IDLE => "洽谈无活动",
        NO_UPDATE => "未更新须说明原因",
        _ => "预警规则",
    }
}

/// 预警规则 as the editor shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AlertRule {
    /// signed_not_started, started_not_producing, negotiating_idle or no_update.
    pub id: String,
    /// "签约未开工" …
    pub name: String,
    /// Days, or months for started_not_producing (see `unit`).
    pub threshold: i64,
    /// "days" or "months".
    pub unit: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AlertRuleInput {
    pub threshold: i64,
    pub enabled: bool,
}

fn from_row(r: &Row) -> rusqlite::Result<AlertRule> {
    let id: String = r.get(0)?;
    Ok(AlertRule {
        name: name_of(&id).to_string(),
        unit: unit_of(&id).to_string(),
        threshold: r.get(1)?,
        enabled: r.get(2)?,
        id,
    })
}

/// The four rules, in `RULE_IDS` order (a rule id unknown to this version is left out).
pub fn list(conn: &Connection) -> Result<Vec<AlertRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, threshold, enabled FROM alert_rules WHERE deleted_at IS NULL",
    )?;
    let mut rules: Vec<AlertRule> = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rules.retain(|r| RULE_IDS.contains(&r.id.as_str()));
    rules.sort_by_key(|r| RULE_IDS.iter().position(|id| *id == r.id));
    Ok(rules)
}

pub fn get(conn: &Connection, id: &str) -> Result<AlertRule> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, threshold, enabled FROM alert_rules WHERE id = ?1 AND deleted_at IS NULL",
    )?;
    let mut rows = stmt.query_map([id], from_row)?;
    match rows.next() {
        Some(r) => Ok(r?),
        None => Err(Error::not_found("预警规则", id)),
    }
}

fn validate(id: &str, input: &AlertRuleInput) -> Result<()> {
    let (max, unit) = if unit_of(id) == "months" {
        (120, "个月")
    } else {
        (3650, "天")
    };
    if !(1..=max).contains(&input.threshold) {
        return Err(Error::invalid(
            "threshold",
            format!(
                "“{}”的期限须在 1 至 {max} {unit}之间（填的是 {}）。",
                name_of(id),
                input.threshold
            ),
        ));
    }
    Ok(())
}

pub fn update(conn: &Connection, id: &str, input: &AlertRuleInput) -> Result<AlertRule> {
    let before = get(conn, id)?;
    validate(id, input)?;
    conn.execute(
        "UPDATE alert_rules SET threshold = ?2, enabled = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, input.threshold, input.enabled, now_stamp()],
    )?;
    let after = get(conn, id)?;
    crate::storage::changelog::record(conn, "alert_rules", id, Some(&before), &after, &[])?;
    Ok(after)
}

/// 撤销 of a rule edit: the old threshold and switch. (Rules are never created or deleted by
/// a user: they are seeded.)
pub(crate) fn put_back<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    let fields: Vec<(&str, Option<&str>)> = fields.collect();
    let input: AlertRuleInput =
        crate::storage::changelog::with_old_values(&get(conn, id)?, &fields)
            .map_err(|e| Error::Conflict(format!("无法撤销：预警规则已改变（{e}）。")))?;
    update(conn, id, &input).map(|_| ())
}

impl Ledger {
    // ── 预警规则 ─────────────────────────────────────────────────────────────────────────
    pub fn alert_rules(&self) -> Result<Vec<AlertRule>> {
        list(self.connection())
    }
    pub fn update_alert_rule(&mut self, id: &str, input: &AlertRuleInput) -> Result<AlertRule> {
        self.write(|tx, _| update(tx, id, input))
    }
}

//! The dated stage events a row states (签约, 开工, 投产), with missing prerequisites filled in,
//! and recording one of them on a project.

use chrono::NaiveDate;

use super::lookups::Ctx;
use super::parse_row::Parsed;
use crate::error::Result;
use crate::model::*;
use crate::projects;

/// The note on a 签约 a row implies without its date (a 开工 or 投产 row with no 签约 date).
pub(super) const SIGNED_DATE_UNKNOWN: &str = "导入时补记：原表未填签约时间，签约日期不详";

pub(super) struct Event {
    pub(super) on: NaiveDate,
    pub(super) stage: Stage,
    pub(super) kind: Option<ConstructionKind>,
    pub(super) note: Option<String>,
    /// 日期不详: the row says the stage was reached but not when; `on` is then «不晚于».
    pub(super) date_unknown: bool,
}

pub(super) fn stage_input(e: &Event) -> StageChangeInput {
    StageChangeInput {
        to_stage: e.stage,
        changed_on: e.on,
        construction_kind: if e.stage == Stage::Started {
            e.kind
        } else {
            None
        },
        added_investment: 0,
        officer_id: None,
        note: e.note.clone(),
        date_unknown: e.date_unknown,
    }
}

impl Ctx<'_> {
    /// The dated stage events a row states, with missing prerequisites filled in.
    pub(super) fn events(
        &self,
        p: &Parsed,
        notes: &mut Vec<String>,
    ) -> std::result::Result<Vec<Event>, String> {
        let mut ev: Vec<Event> = Vec::new();
        let kind = p.construction_kind.or(p.stage.and_then(|s| s.1));
        if let Some(d) = p.signed_on {
            ev.push(Event {
                on: d,
                stage: Stage::Signed,
                kind: None,
                note: None,
                date_unknown: false,
            });
        }
        if let Some(d) = p.started_on {
            if p.signed_on.is_none() {
                ev.push(Event {
                    on: d,
                    stage: Stage::Signed,
                    kind: None,
                    note: Some(SIGNED_DATE_UNKNOWN.into()),
                    date_unknown: true,
                });
                notes.push("未填签约时间：记为已签约、签约日期不详（不晚于开工时间）".into());
            }
            ev.push(Event {
                on: d,
                stage: Stage::Started,
                kind,
                note: None,
                date_unknown: false,
            });
        }
        if let Some(d) = p.operating_on {
            if p.started_on.is_none() {
                if p.signed_on.is_none() {
                    ev.push(Event {
                        on: d,
                        stage: Stage::Signed,
                        kind: None,
                        note: Some(SIGNED_DATE_UNKNOWN.into()),
                        date_unknown: true,
                    });
                }
                ev.push(Event {
                    on: d,
                    stage: Stage::Started,
                    kind,
                    note: Some("导入时补记：原表未填开工时间，开工日期不详".into()),
                    date_unknown: true,
                });
                notes.push("未填开工时间：记为已开工、开工日期不详（不晚于投产时间）".into());
            }
            ev.push(Event {
                on: d,
                stage: Stage::Operating,
                kind: None,
                note: None,
                date_unknown: false,
            });
        }
        ev.sort_by_key(|e| e.on);
        let rank = |s: Stage| match s {
            Stage::Signed => 1,
            Stage::Started => 2,
            Stage::Operating => 3,
            _ => 0,
        };
        let reached = ev.iter().map(|e| e.stage).max_by_key(|s| rank(*s));
        let target = p.stage.map(|s| s.0);
        match target {
            Some(s @ (Stage::Signed | Stage::Started | Stage::Operating))
                if reached.map(rank).unwrap_or(0) < rank(s) =>
            {
                let date_field = match s {
                    Stage::Signed => "签约时间",
                    Stage::Started => "开工时间",
                    _ => "投产时间",
                };
                return Err(format!("阶段为“{}”，但未填{date_field}", s.label()));
            }
            Some(s @ (Stage::Lead | Stage::Negotiating)) if reached.is_some() => {
                notes.push(format!(
                    "阶段填的是“{}”，按所填日期记为“{}”",
                    s.label(),
                    reached.expect("checked").label()
                ));
            }
            _ => {}
        }
        Ok(ev)
    }

    pub(super) fn stage(&self, project_id: &str, e: &Event) -> Result<()> {
        projects::record_stage_change(self.conn, project_id, &stage_input(e), self.today)
            .map(|_| ())
    }
}

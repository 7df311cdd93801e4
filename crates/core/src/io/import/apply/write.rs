//! Writing a project row: a new project with its whole stage history, or an existing one
//! updated (changed fields, stage events it lacks), with the row's message.

use super::lookups::{Added, Ctx};
use super::parse_row::Parsed;
use super::stages::{stage_input, Event};
use crate::error::{Error, Result};
use crate::io::import::header::Field;
use crate::io::import::plan::RowAction;
use crate::model::*;
use crate::projects::{self, stage_changes};
use crate::util::zh_date;

impl Ctx<'_> {
    pub(super) fn input(
        &mut self,
        p: &Parsed,
        company_id: Option<String>,
        base: Option<&Project>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<ProjectInput> {
        let team_id = self.team(&p.team, notes, added)?;
        let officer_id = self.officer(&p.officer, team_id.clone(), notes, added)?;
        let sponsor_id = self.officer(&p.sponsor, None, notes, added)?;
        let industry_id = if p.industry.is_some() {
            self.industry(&p.industry, &mut Vec::new())
        } else {
            None
        };
        let region = self.region_override(p, &company_id)?;
        let or = |new: Option<String>, old: Option<String>| new.or(old);
        Ok(match base {
            None => ProjectInput {
                name: p.name.clone(),
                company_id,
                content: p.content.clone(),
                total_investment: p.investment.unwrap_or(0),
                industry_id,
                region_group_override: region,
                enclave: p.enclave.unwrap_or(false),
                relocation: p.relocation.unwrap_or(false),
                key_project: p.key_project.unwrap_or(false),
                high_energy: p.high_energy.unwrap_or(false),
                park: p.park.clone(),
                team_id,
                officer_id,
                sponsor_id,
                responsible_unit: p.responsible_unit.clone(),
                coordination_issues: p.coordination_issues.clone(),
                next_step: p.next_step.clone(),
                notes: p.notes.clone(),
                follow_up_on: None,
            },
            Some(b) => ProjectInput {
                name: b.name.clone(),
                company_id: company_id.or(b.company_id.clone()),
                content: or(p.content.clone(), b.content.clone()),
                total_investment: p.investment.unwrap_or(b.total_investment),
                industry_id: or(industry_id, b.industry_id.clone()),
                region_group_override: region.or(if b.region_group_manual {
                    b.region_group_id.clone()
                } else {
                    None
                }),
                enclave: p.enclave.unwrap_or(b.enclave),
                relocation: p.relocation.unwrap_or(b.relocation),
                key_project: p.key_project.unwrap_or(b.key_project),
                high_energy: p.high_energy.unwrap_or(b.high_energy),
                park: or(p.park.clone(), b.park.clone()),
                team_id: or(team_id, b.team_id.clone()),
                officer_id: or(officer_id, b.officer_id.clone()),
                sponsor_id: or(sponsor_id, b.sponsor_id.clone()),
                responsible_unit: or(p.responsible_unit.clone(), b.responsible_unit.clone()),
                coordination_issues: or(
                    p.coordination_issues.clone(),
                    b.coordination_issues.clone(),
                ),
                next_step: or(p.next_step.clone(), b.next_step.clone()),
                notes: or(p.notes.clone(), b.notes.clone()),
                follow_up_on: b.follow_up_on,
            },
        })
    }

    pub(super) fn create(
        &mut self,
        p: &Parsed,
        company_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<(RowAction, Option<String>)> {
        let mut ev = self.events(p, notes).map_err(|m| Error::Validation {
            field: None,
            message: m,
        })?;
        let target = p.stage.map(|s| s.0);
        let first_dated = ev.first().map(|e| e.on);
        let open_stage = match target {
            Some(s @ (Stage::Lead | Stage::Negotiating)) => s,
            _ => Stage::Negotiating,
        };
        // The opening event: 登记时间 before the first dated one, or the stage as of 登记时间.
        if let Some(reg) = p.registered_on {
            if first_dated.is_none_or(|d| reg < d) {
                if ev.is_empty()
                    && target == Some(Stage::Negotiating)
                    && p.stage_on.is_some_and(|d| d > reg)
                {
                    ev.push(Event {
                        on: reg,
                        stage: Stage::Lead,
                        kind: None,
                        note: None,
                        date_unknown: false,
                    });
                    ev.push(Event {
                        on: p.stage_on.expect("checked"),
                        stage: Stage::Negotiating,
                        kind: None,
                        note: None,
                        date_unknown: false,
                    });
                } else {
                    ev.insert(
                        0,
                        Event {
                            on: reg,
                            stage: if ev.is_empty() {
                                target
                                    .filter(|s| matches!(s, Stage::Lead | Stage::Negotiating))
                                    .unwrap_or(Stage::Lead)
                            } else {
                                open_stage
                            },
                            kind: None,
                            note: None,
                            date_unknown: false,
                        },
                    );
                }
            }
        }
        if ev.is_empty() {
            let stage = match target {
                Some(s @ (Stage::Lead | Stage::Negotiating)) => s,
                _ => Stage::Lead,
            };
            let on = p.stage_on.unwrap_or(self.today);
            if p.stage_on.is_none() {
                notes.push(format!(
                    "未填日期，按{}登记为{}",
                    zh_date(on),
                    stage.label()
                ));
            }
            ev.push(Event {
                on,
                stage,
                kind: None,
                note: None,
                date_unknown: false,
            });
        }
        if let Some(exit @ (Stage::OnHold | Stage::Dropped)) = target {
            let on = p
                .stage_on
                .unwrap_or(self.today)
                .max(ev.last().map(|e| e.on).unwrap_or(self.today));
            if p.stage_on.is_none() {
                notes.push(format!(
                    "未填阶段变更时间，按{}记为{}",
                    zh_date(on),
                    exit.label()
                ));
            }
            ev.push(Event {
                on,
                stage: exit,
                kind: None,
                note: None,
                date_unknown: false,
            });
        }
        let input = self.input(p, company_id, None, notes, added)?;
        let first = ev.remove(0);
        let mut said = vec![said_event(&first)];
        let later: Vec<StageChangeInput> = ev
            .iter()
            .map(|e| {
                said.push(said_event(e));
                stage_input(e)
            })
            .collect();
        // One write for the project and its whole history (checked as if recorded in turn).
        let created = projects::create_with_history_unread(
            self.conn,
            &NewProject {
                project: input,
                first_stage: first.stage,
                first_stage_on: first.on,
                first_stage_date_unknown: first.date_unknown,
            },
            &later,
            self.today,
            Some(&self.derived_groups),
        )?;
        notes.insert(0, format!("新建项目（{}）", said.join("，")));
        Ok((RowAction::Create, Some(created)))
    }

    pub(super) fn update(
        &mut self,
        id: &str,
        p: &Parsed,
        company_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<(RowAction, Option<String>)> {
        let before = projects::get(self.conn, id)?;
        let input = self.input(p, company_id, Some(&before), notes, added)?;
        let current = ProjectInput {
            name: before.name.clone(),
            company_id: before.company_id.clone(),
            content: before.content.clone(),
            total_investment: before.total_investment,
            industry_id: before.industry_id.clone(),
            region_group_override: if before.region_group_manual {
                before.region_group_id.clone()
            } else {
                None
            },
            enclave: before.enclave,
            relocation: before.relocation,
            key_project: before.key_project,
            high_energy: before.high_energy,
            park: before.park.clone(),
            team_id: before.team_id.clone(),
            officer_id: before.officer_id.clone(),
            sponsor_id: before.sponsor_id.clone(),
            responsible_unit: before.responsible_unit.clone(),
            coordination_issues: before.coordination_issues.clone(),
            next_step: before.next_step.clone(),
            notes: before.notes.clone(),
            follow_up_on: before.follow_up_on,
        };
        let mut changed: Vec<&str> = Vec::new();
        if input != current {
            let a = serde_json::to_value(&current).expect("serializes");
            let b = serde_json::to_value(&input).expect("serializes");
            for f in Field::ALL {
                let key = match f {
                    Field::Industry => "industry_id",
                    Field::Team => "team_id",
                    Field::Officer => "officer_id",
                    Field::Sponsor => "sponsor_id",
                    Field::RegionGroup => "region_group_override",
                    other => other.code(),
                };
                if a.get(key).is_some() && a.get(key) != b.get(key) {
                    changed.push(f.label());
                }
            }
            projects::update(self.conn, id, &input)?;
        }
        // Stage events the ledger does not have yet.
        let history = stage_changes::list(self.conn, id)?;
        let mut stage_notes = Vec::new();
        let ev = self
            .events(p, &mut stage_notes)
            .map_err(|m| Error::Validation {
                field: None,
                message: m,
            })?;
        let mut recorded = Vec::new();
        for e in ev {
            match history.iter().find(|c| c.to_stage == e.stage) {
                // The sheet gives the date the ledger did not know: it becomes a dated change.
                Some(c) if c.date_unknown && !e.date_unknown => {
                    projects::set_stage_change_date(self.conn, &c.id, e.on, self.today)?;
                    recorded.push(format!("{}日期 {}", e.stage.label(), zh_date(e.on)));
                }
                Some(c) if c.changed_on != e.on && e.note.is_none() => notes.push(format!(
                    "表格{}时间（{}）与台账（{}）不同，保留台账记录",
                    e.stage.label(),
                    zh_date(e.on),
                    zh_date(c.changed_on)
                )),
                Some(_) => {}
                None => {
                    self.stage(id, &e)?;
                    recorded.push(said_event(&e));
                }
            }
        }
        let now = projects::get(self.conn, id)?;
        if let Some((target, _)) = p.stage {
            if target != now.stage {
                match target {
                    Stage::OnHold | Stage::Dropped => {
                        let on = p.stage_on.unwrap_or(self.today).max(now.stage_since);
                        self.stage(
                            id,
                            &Event {
                                on,
                                stage: target,
                                kind: None,
                                note: None,
                                date_unknown: false,
                            },
                        )?;
                        recorded.push(format!("{} {}", target.label(), zh_date(on)));
                    }
                    Stage::Negotiating if now.stage == Stage::Lead => {
                        let on = p.stage_on.unwrap_or(self.today).max(now.stage_since);
                        self.stage(
                            id,
                            &Event {
                                on,
                                stage: target,
                                kind: None,
                                note: None,
                                date_unknown: false,
                            },
                        )?;
                        recorded.push(format!("{} {}", target.label(), zh_date(on)));
                    }
                    _ if recorded.is_empty() => notes.push(format!(
                        "表格阶段“{}”与台账“{}”不同，未改动",
                        target.label(),
                        now.stage.label()
                    )),
                    _ => {}
                }
            }
        }
        if changed.is_empty() && recorded.is_empty() {
            notes.insert(0, "与台账一致".into());
            return Ok((RowAction::Unchanged, Some(id.to_string())));
        }
        let mut what = Vec::new();
        if !changed.is_empty() {
            what.push(format!("修改{}", changed.join("、")));
        }
        if !recorded.is_empty() {
            what.push(format!("登记{}", recorded.join("，")));
        }
        notes.insert(0, format!("更新已有项目：{}", what.join("；")));
        Ok((RowAction::Update, Some(id.to_string())))
    }
}

/// «签约 2022年4月15日», or «签约 日期不详（不晚于2022年4月15日）».
fn said_event(e: &Event) -> String {
    if e.date_unknown {
        format!("{} 日期不详（不晚于{}）", e.stage.label(), zh_date(e.on))
    } else {
        format!("{} {}", e.stage.label(), zh_date(e.on))
    }
}

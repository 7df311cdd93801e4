//! Writing the planned demo into a ledger, through the table modules the app uses, inside the
//! one transaction [`create_demo_ledger`](crate::create_demo_ledger) opens. The order below is
//! part of the demo: every step draws from the same seeded generator, so moving one changes
//! every company, name and date after it.
//!
//! | file | writes |
//! |---|---|
//! | [`context`] | (the state carried along: seeded draws, ids, companies, names taken) |
//! | [`office`] | the teams and officers; the 2022 plan (targets) |
//! | [`outreach`] | the 京津冀招商组's phone outreach: the companies called and the call rounds |
//! | [`projects`] | the projects and their stage history |
//! | [`activities`] | each project's contacts, visits and signings |
//! | [`trips`] | 外出招商 |
//! | [`reference_lists`] | the 园区 list and the 产业链 |
//! | [`years`] | the projects under construction: 年度计划投资, 完成投资 by month, 形象进度 |

mod activities;
mod context;
mod office;
mod outreach;
mod projects;
mod reference_lists;
mod trips;
mod years;

use chrono::NaiveDate;
use rusqlite::Connection;
use zhaoshang_core::Result;

use crate::plan::plan_projects;
use context::Demo;
use outreach::Outreach;

/// Writes the whole demo (all but the office settings) into `conn`.
pub(crate) fn build(conn: &Connection, today: NaiveDate, industry_ids: Vec<String>) -> Result<()> {
    let mut demo = Demo::new(conn, today, industry_ids);
    office::write_teams(&mut demo)?;
    let plans = plan_projects(20_220_630);
    let mut outreach = Outreach::call_companies(&mut demo)?;
    let created = projects::write_projects(&mut demo, &plans, &mut outreach)?;
    activities::write_project_activities(&mut demo, &plans, &created)?;
    trips::write_trips(&mut demo, &plans, &created)?;
    outreach.write_rounds(&mut demo)?;
    office::write_targets(conn)?;
    reference_lists::write(conn)?;
    years::write(conn, today)
}

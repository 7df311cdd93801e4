//! The office itself: its 6 teams and 40 officers, and its 2022 plan (docs/DOMAIN.md §10).

use rusqlite::Connection;
use zhaoshang_core::reference::{officers, teams};
use zhaoshang_core::reports::targets;
use zhaoshang_core::{OfficerInput, Result, TargetInput, TargetMetric, TargetPeriod};

use crate::catalogue::{officer_title, TEAMS};
use crate::writing::context::Demo;

/// Teams and officers: 6 teams, 40 officers; the first of each team is its leader.
pub(crate) fn write_teams(demo: &mut Demo) -> Result<()> {
    let conn = demo.conn;
    for (t, (name, people)) in TEAMS.iter().enumerate() {
        let team = teams::create(conn, name)?;
        let mut list = Vec::new();
        for (k, person) in people.iter().enumerate() {
            let o = officers::create(
                conn,
                &OfficerInput {
                    name: person.to_string(),
                    team_id: Some(team.id.clone()),
                    title: Some(officer_title(t, k).to_string()),
                    phone: Some(format!("1394210{:04}", 1_000 + t * 97 + k * 13)),
                },
            )?;
            list.push(o.id);
        }
        demo.teams.push(team.id);
        demo.officers.push(list);
    }
    Ok(())
}

/// The 2022 plan: office-wide targets for the year and its quarters.
pub(crate) fn write_targets(conn: &Connection) -> Result<()> {
    for (period, metric, value, label) in [
        (
            TargetPeriod::Year,
            TargetMetric::SignedOver5000Wan,
            100,
            Some("引进5000万元以上项目"),
        ),
        (
            TargetPeriod::Year,
            TargetMetric::KeyProjects,
            200,
            Some("重点项目"),
        ),
        (TargetPeriod::Q1, TargetMetric::Started, 45, None),
        (TargetPeriod::Q1, TargetMetric::StartedNew, 12, None),
        (TargetPeriod::Q1, TargetMetric::StartedResumed, 33, None),
        (TargetPeriod::Q2, TargetMetric::Started, 85, None),
        (TargetPeriod::Q2, TargetMetric::StartedNew, 52, None),
        (TargetPeriod::Q2, TargetMetric::StartedResumed, 33, None),
        (TargetPeriod::Q3, TargetMetric::StartedNew, 37, None),
    ] {
        targets::create(
            conn,
            &TargetInput {
                year: 2022,
                period,
                metric,
                value,
                region_group_id: None,
                team_id: None,
                label: label.map(str::to_string),
            },
        )?;
    }
    Ok(())
}

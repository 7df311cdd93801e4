//! The key projects' years: 年度计划投资, 完成投资 at each month's end and 形象进度 for every
//! project under construction or in production (2021 for those started by then, 2022 to June),
//! written last. Derived from each project's name, 总投资 and 开工 date only: it draws nothing from
//! the seeded generator and touches no project, so no published figure moves.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use zhaoshang_core::projects::years::{self, ProjectYearInput};
use zhaoshang_core::util::WAN;
use zhaoshang_core::Result;

/// A stable number from a project's name (FNV-1a), to vary plans without the generator.
fn spread(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whole 万元.
fn wan(yuan: f64) -> i64 {
    (yuan / WAN as f64).round() as i64 * WAN
}

const PROGRESS: [&str; 5] = [
    "场地平整",
    "基础施工",
    "主体施工",
    "主体封顶",
    "设备安装调试",
];

/// One year of a project started on `started`: the plan is a share of 总投资 (30–60 %), the
/// cumulative figures grow month by month from the start (or January) to `last_month`.
fn year_of(
    name: &str,
    total: i64,
    started: NaiveDate,
    operating: bool,
    year: i32,
    last_month: u32,
) -> ProjectYearInput {
    let h = spread(name);
    let share = 0.3 + (h % 4) as f64 * 0.1;
    let planned = wan(total as f64 * share);
    let first = if started.year() == year {
        started.month()
    } else {
        1
    };
    let pace = 0.8 + ((h >> 8) % 5) as f64 * 0.075; // 80–110 % of the plan over the year
    let span = (12 - first + 1) as f64;
    let mut months = vec![None; 12];
    for m in first..=last_month {
        let done = planned as f64 * pace * (m - first + 1) as f64 / span;
        months[m as usize - 1] = Some(wan(done));
    }
    let stage = ((last_month - first + 1) as usize * PROGRESS.len() / 12).min(PROGRESS.len() - 1);
    ProjectYearInput {
        year,
        planned_investment: Some(planned),
        completed_by_month: months,
        progress: Some(
            if operating {
                "已竣工投产"
            } else {
                PROGRESS[stage]
            }
            .to_string(),
        ),
    }
}

pub(crate) fn write(conn: &Connection, today: NaiveDate) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, name, total_investment, started_on, stage = 'operating' FROM projects
         WHERE deleted_at IS NULL AND stage IN ('started', 'operating') AND started_on IS NOT NULL
           AND total_investment > 0
         ORDER BY name",
    )?;
    let rows: Vec<(String, String, i64, NaiveDate, bool)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name, total, started, operating) in rows {
        for year in [today.year() - 1, today.year()] {
            if started.year() > year {
                continue;
            }
            let last = if year < today.year() {
                12
            } else {
                today.month()
            };
            let input = year_of(&name, total, started, operating, year, last);
            years::set(conn, &id, &input, today)?;
        }
    }
    Ok(())
}

//! The demo ledger and the synthetic ledgers of the benchmarks, over `zhaoshang-core`.
//!
//! [`create_demo_ledger`] writes **凌源市投资促进服务中心** from January 2021 to the end of June
//! 2022, whose H1 2022 report reproduces the figures of docs/DOMAIN.md §10 exactly:
//! - toward 京津冀: 168 trips, 156 projects in talks, 27 signed, 22 landed and started;
//! - 飞地 projects: 18 started, 19 newly signed, 38 in talks at the end of June;
//! - 108 key projects (3 of ≥10亿, 34 of 1–10亿, 53 of 5000万–1亿, 18 smaller);
//! - the 京津冀招商组: 36 trips to 京津冀, 50 projects in talks, 23 key ones worth 17.15亿元,
//!   12 signed from 京津冀 (8 of them relocations), 81 reserve and 21 intent projects, 6
//!   signed by video, phone calls to 2,000+ companies and 100+ relocation leads;
//! - the 2022 plan: ≥100 projects of ≥5000万, 200 key projects, starts by quarter (Q1 and Q2
//!   starts reach about 80% of plan).
//!
//! How: every project is planned first ([`plan`]), in groups that each make up one published
//! figure; every other project lies outside the constrained scopes or touches none of the
//! constrained metrics in H1 2022. Then everything is written ([`writing`]) through the table
//! modules the app uses, in one transaction, from fixed seeds: the same ledger every time. No
//! fact is dated before 2021-01-04 or after 2022-06-30. DEMO_NOTES.md (next to this crate's
//! Cargo.toml) has what the demo ran into in the core.
//!
//! | module | what it holds |
//! |---|---|
//! | [`calendar`] | the demo's "today", its half-years, office days, seeded picks |
//! | [`catalogue`] | the office, its teams and officers; origins, 产业链, products, companies' names |
//! | [`plan`] | the project plan, group by group |
//! | [`writing`] | writing the plan into a ledger |
//! | [`synthetic`] | large synthetic ledgers (in a file or as spreadsheet rows) for the benchmarks |
//!
//! Within the demo, a module uses only those above it in this table (`synthetic` stands alone).

mod calendar;
mod catalogue;
mod plan;
pub mod synthetic;
mod writing;

use std::path::Path;

use zhaoshang_core::storage::changelog;
use zhaoshang_core::{Error, Ledger, Result};

pub use calendar::demo_today;
use catalogue::industries::INDUSTRY_DEFS;
use catalogue::{LOCAL_CITY, OFFICE_NAME};

/// Creates the demo ledger at `path` (a new file; an existing ledger with data is refused).
pub fn create_demo_ledger(path: &Path) -> Result<Ledger> {
    let mut ledger = Ledger::open(path)?;
    if !ledger.teams()?.is_empty() || ledger.list_projects(&Default::default())?.total > 0 {
        return Err(Error::Conflict(format!(
            "“{}”已有数据，演示台账只能写入新文件。",
            path.display()
        )));
    }
    ledger.set_today(Some(demo_today()));
    ledger.set_local_city_code(Some(LOCAL_CITY))?;
    ledger.set_office_name(Some(OFFICE_NAME))?;
    let industries = ledger.industries()?;
    let industry_ids: Vec<String> = INDUSTRY_DEFS
        .iter()
        .map(|def| {
            industries
                .iter()
                .find(|i| i.name == def.name)
                .map(|i| i.id.clone())
                .ok_or_else(|| {
                    Error::Conflict(format!("缺少产业链“{}”，无法创建演示台账。", def.name))
                })
        })
        .collect::<Result<_>>()?;
    ledger.write(|tx, today| {
        writing::build(tx, today, industry_ids)?;
        // Generated data: 撤销 must not offer to take the whole demo back.
        changelog::mark_not_undoable(tx)
    })?;
    ledger.finish_setup(Some(OFFICE_NAME))?;
    ledger.set_today(None);
    Ok(ledger)
}

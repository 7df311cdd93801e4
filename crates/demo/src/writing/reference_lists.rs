//! The office's 园区 list (every park the catalogue places projects in, in catalogue order) and
//! its 产业链 (chains grouping the seeded industries), written after everything else. Neither
//! draws from the seeded generator nor touches a project, so no published figure moves.

use rusqlite::Connection;
use zhaoshang_core::reference::{industries, industry_chains, parks};
use zhaoshang_core::Result;

use crate::catalogue::industries::INDUSTRY_DEFS;

/// 产业链 and their industries (names in the seeded industry list).
const CHAINS: &[(&str, &[&str])] = &[
    ("钢铁及精深加工产业链", &["钢铁冶金", "装备制造"]),
    ("新能源汽车产业链", &["汽车及零部件", "新能源"]),
    ("新材料产业链", &["新材料"]),
    ("绿色农产品加工产业链", &["农产品深加工"]),
];

pub(crate) fn write(conn: &Connection) -> Result<()> {
    let mut seen: Vec<&str> = Vec::new();
    for park in INDUSTRY_DEFS.iter().flat_map(|d| d.parks.iter().copied()) {
        if !seen.contains(&park) {
            seen.push(park);
            parks::create(conn, park)?;
        }
    }
    for (name, members) in CHAINS {
        let chain = industry_chains::create(conn, name)?;
        for member in *members {
            if let Some(id) = industries::find_by_name(conn, member)? {
                industry_chains::set_industry_chain(conn, &id, Some(&chain.id))?;
            }
        }
    }
    Ok(())
}

//! 招商地图: a report's scope and period counted by place, for the map of China.
//!
//! The same facts and the same rules as the report (`metrics.rs`, docs/DOMAIN.md §3), placed
//! by a GB/T 2260 code and summed up the divisions (county → prefecture → province):
//! - 外出招商: trips dated in the period, placed by their **destination** (`destination_code`,
//!   where the team went); trips without one are counted in `unplaced`.
//! - 在谈: projects in 洽谈 at the period's end; 签约: projects first signed in the period;
//!   开工: distinct projects with a (dated) 开工 change in the period. Projects are placed by
//!   their company's **origin** (来源地, `companies.origin_code`); 境外 companies are counted in
//!   `overseas`, projects with no origin in `unplaced`.
//!
//! Placed + overseas + unplaced equals the report's own total for every metric.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::Stage;
use crate::reports::facts::{day, Facts};
use crate::reports::metrics::Filter;
use crate::reports::period::Period;
use crate::reports::report::ReportQuery;

/// The four counts the map can colour by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlaceCounts {
    /// 外出招商 (by destination).
    pub trips: u32,
    /// 在谈: in 洽谈 at the period's end (by origin).
    pub negotiating: u32,
    /// 签约 in the period (by origin).
    pub signed: u32,
    /// 开工 in the period (by origin).
    pub started: u32,
}

impl PlaceCounts {
    fn is_empty(&self) -> bool {
        *self == PlaceCounts::default()
    }
}

/// One division with something to show: its counts include every division below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlaceRow {
    /// GB/T 2260 code ("320000" a province, "320500" a prefecture, "320506" a county).
    pub code: String,
    pub name: String,
    /// 1 province, 2 prefecture, 3 county.
    pub level: u8,
    pub counts: PlaceCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OriginMap {
    pub query: ReportQuery,
    /// Every division with a count, sorted by code (provinces, their prefectures and counties).
    pub places: Vec<PlaceRow>,
    /// Projects of 境外 investors (no place on the map).
    pub overseas: PlaceCounts,
    /// Trips with no destination, projects whose company has no origin.
    pub unplaced: PlaceCounts,
}

/// The codes a division code counts under: its province, its prefecture, itself.
fn ancestors(code: &str) -> Vec<String> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out = vec![format!("{}0000", &code[..2])];
    if &code[2..4] != "00" {
        out.push(format!("{}00", &code[..4]));
    }
    if &code[4..6] != "00" {
        out.push(code.to_string());
    }
    out
}

fn level_of(code: &str) -> u8 {
    if code.ends_with("0000") {
        1
    } else if code.ends_with("00") {
        2
    } else {
        3
    }
}

enum Place {
    Code(String),
    Overseas,
}

/// Each live project's place (by dense project index of `f`), from its company.
fn project_places(conn: &Connection, f: &Facts) -> Result<Vec<Option<Place>>> {
    let mut out: Vec<Option<Place>> = (0..f.projects.len()).map(|_| None).collect();
    let mut stmt = conn.prepare(
        "SELECT p.id, c.origin_code, c.overseas FROM projects p
         JOIN companies c ON c.id = p.company_id
         WHERE p.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let i = f.project_ids.get(r.get_ref(0)?.as_str()?);
        let Some(slot) = out.get_mut(i as usize) else {
            continue;
        };
        let code: Option<String> = r.get(1)?;
        let overseas: bool = r.get(2)?;
        // 台湾/香港/澳门 are 境外 for the report's region groups (docs/DOMAIN.md §2) but have a
        // place on the map; an overseas investor has none.
        *slot = match code {
            _ if overseas => Some(Place::Overseas),
            Some(c) => Some(Place::Code(c)),
            None => None,
        };
    }
    Ok(out)
}

/// Trip destinations by activity rowid.
fn trip_places(conn: &Connection) -> Result<HashMap<u32, String>> {
    let mut stmt = conn.prepare(
        "SELECT rowid, destination_code FROM activities
         WHERE kind = 'outbound_trip' AND deleted_at IS NULL AND destination_code IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (rowid, code) = row?;
        out.insert(crate::reports::facts::rowid32(rowid), code);
    }
    Ok(out)
}

pub fn origin_map(conn: &Connection, f: &Facts, query: &ReportQuery) -> Result<OriginMap> {
    let period = Period::new(query.period.from, query.period.to)?;
    let (from, to) = (day(period.from), day(period.to));
    let filter = Filter::new(f, &query.scope);
    let mut by_code: BTreeMap<String, PlaceCounts> = BTreeMap::new();
    let mut overseas = PlaceCounts::default();
    let mut unplaced = PlaceCounts::default();

    let destinations = trip_places(conn)?;
    for t in Facts::day_range(&f.trips, |t| t.day, from, to) {
        if !filter.activity(t, true) {
            continue;
        }
        let codes = destinations.get(&t.activity).map(|c| ancestors(c));
        match codes {
            Some(codes) if !codes.is_empty() => {
                for c in codes {
                    by_code.entry(c).or_default().trips += 1;
                }
            }
            _ => unplaced.trips += 1,
        }
    }

    let places = project_places(conn, f)?;
    let mut count = |i: usize, add: &dyn Fn(&mut PlaceCounts)| match &places[i] {
        Some(Place::Code(c)) if !ancestors(c).is_empty() => {
            for a in ancestors(c) {
                add(by_code.entry(a).or_default());
            }
        }
        Some(Place::Overseas) => add(&mut overseas),
        _ => add(&mut unplaced),
    };
    for (i, p) in f.projects.iter().enumerate() {
        if !filter.projects[i] {
            continue;
        }
        if f.stage_at(p, to) == Some(Stage::Negotiating) {
            count(i, &|c| c.negotiating += 1);
        }
        if (from..=to).contains(&p.signed_on) {
            count(i, &|c| c.signed += 1);
        }
        let started = f.events[p.events.start as usize..p.events.end as usize]
            .iter()
            .any(|e| e.stage == Stage::Started && !e.date_unknown && (from..=to).contains(&e.day));
        if started {
            count(i, &|c| c.started += 1);
        }
    }

    let mut names = conn.prepare_cached("SELECT name FROM divisions WHERE code = ?1")?;
    let mut rows = Vec::with_capacity(by_code.len());
    for (code, counts) in by_code {
        if counts.is_empty() {
            continue;
        }
        let name: Option<String> =
            names
                .query_row([&code], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
        rows.push(PlaceRow {
            name: name.unwrap_or_else(|| code.clone()),
            level: level_of(&code),
            code,
            counts,
        });
    }
    Ok(OriginMap {
        query: ReportQuery {
            period,
            scope: query.scope.clone(),
        },
        places: rows,
        overseas,
        unplaced,
    })
}

impl Ledger {
    /// 招商地图: the report's counts of a scope and period by place (see `origin_map.rs`).
    pub fn origin_map(&self, query: &ReportQuery) -> Result<OriginMap> {
        origin_map(self.connection(), &*self.facts()?, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_counts_under_its_province_and_prefecture() {
        assert_eq!(ancestors("320506"), ["320000", "320500", "320506"]);
        assert_eq!(ancestors("320500"), ["320000", "320500"]);
        assert_eq!(ancestors("110000"), ["110000"]);
        assert_eq!(ancestors("429004"), ["420000", "429000", "429004"]);
        assert!(ancestors("境外").is_empty());
        assert_eq!(level_of("429000"), 2);
        assert_eq!(level_of("110101"), 3);
    }
}

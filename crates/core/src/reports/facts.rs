//! The report engine's working set: the facts a report counts (projects with their derived
//! stage dates, stage changes, project contacts, trips and calls), read from the ledger with SQL
//! into compact in-memory tables with dense integer keys. Nothing here is stored: the set is
//! rebuilt whenever the file changed (this connection's writes or another process's commits),
//! so every report is computed from the facts as they are, at in-memory speed.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{ConstructionKind, Stage};

/// "No value" for a dense key.
pub const NONE: u32 = u32::MAX;
/// "No date".
pub const NO_DAY: i32 = i32::MAX;

pub fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub fn date(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).expect("valid day")
}

/// 'YYYY-MM-DD' → day number (NO_DAY when empty or malformed).
fn parse_day(s: Option<&str>) -> i32 {
    let Some(s) = s else { return NO_DAY };
    let b = s.as_bytes();
    if b.len() < 10 {
        return NO_DAY;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { s.get(r)?.parse().ok() };
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d)
            .map(day)
            .unwrap_or(NO_DAY),
        _ => NO_DAY,
    }
}

/// Interns ids to dense indices (and back).
#[derive(Default)]
pub struct Dict {
    pub ids: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dict {
    pub fn get(&self, id: &str) -> u32 {
        self.index.get(id).copied().unwrap_or(NONE)
    }
    fn intern(&mut self, id: Option<String>) -> u32 {
        match id {
            None => NONE,
            Some(id) => {
                if let Some(&i) = self.index.get(&id) {
                    return i;
                }
                let i = self.ids.len() as u32;
                self.index.insert(id.clone(), i);
                self.ids.push(id);
                i
            }
        }
    }
    pub fn id(&self, i: u32) -> Option<&str> {
        self.ids.get(i as usize).map(String::as_str)
    }
}

pub struct ProjectFact {
    pub region: u32,
    pub industry: u32,
    pub team: u32,
    pub officer: u32,
    pub park: u32,
    pub total_investment: i64,
    pub added_investment: i64,
    pub key: bool,
    pub enclave: bool,
    pub relocation: bool,
    pub high_energy: bool,
    pub stage: Stage,
    pub stage_since: i32,
    pub signed_on: i32,
    pub operating_on: i32,
    /// Range of this project's rows in `Facts::events` (oldest first).
    pub events: std::ops::Range<u32>,
}

pub struct StageEvent {
    pub project: u32,
    pub day: i32,
    pub stage: Stage,
    pub kind: Option<ConstructionKind>,
    pub added_investment: i64,
    /// A 签约 after the project's first signing (升格).
    pub upgrade: bool,
    /// 日期不详: `day` is only the latest the stage can have been reached. Such a change counts
    /// for the stage at a period's end (from `day` on) and never as an event inside a period.
    pub date_unknown: bool,
}

/// An outbound trip or a call: what 招商次数 and companies-called count.
pub struct ActivityFact {
    pub day: i32,
    pub region: u32,
    pub team: u32,
    pub officers: Vec<u32>,
    pub companies: Vec<u32>,
}

pub struct Facts {
    pub regions: Dict,
    pub industries: Dict,
    pub teams: Dict,
    pub officers: Dict,
    pub parks: Dict,
    /// 产业链 (industry chains), and each industry's chain (by dense industry index; NONE: none).
    pub chains: Dict,
    pub industry_chain: Vec<u32>,
    pub projects: Vec<ProjectFact>,
    /// Stage changes grouped by project (see `ProjectFact::events`).
    pub events: Vec<StageEvent>,
    /// Indices into `events`, sorted by day.
    pub events_by_day: Vec<u32>,
    /// (day, project) of every live activity–project link, sorted by day.
    pub contacts: Vec<(i32, u32)>,
    /// 外出招商, sorted by day.
    pub trips: Vec<ActivityFact>,
    /// 电话, sorted by day.
    pub calls: Vec<ActivityFact>,
    /// (project, day) pairs with a 视频洽谈.
    pub video_days: HashSet<(u32, i32)>,
}

/// What identifies the state of the file the facts were read from.
pub fn version(conn: &Connection) -> Result<(i64, u64)> {
    let dv: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
    Ok((dv, conn.total_changes()))
}

pub fn load(conn: &Connection) -> Result<Facts> {
    let mut regions = Dict::default();
    let mut industries = Dict::default();
    let mut teams = Dict::default();
    let mut officers = Dict::default();
    let mut parks = Dict::default();
    let mut chains = Dict::default();
    for (table, dict) in [
        ("region_groups", &mut regions),
        ("industries", &mut industries),
        ("teams", &mut teams),
        ("officers", &mut officers),
        ("industry_chains", &mut chains),
    ] {
        let mut stmt = conn.prepare(&format!("SELECT id FROM {table} ORDER BY rowid"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            dict.intern(Some(r.get(0)?));
        }
    }

    let mut industry_chain = vec![NONE; industries.ids.len()];
    {
        let mut stmt = conn.prepare(
            "SELECT id, chain_id FROM industries WHERE chain_id IS NOT NULL AND deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let i = industries.get(r.get_ref(0)?.as_str()?);
            if i != NONE {
                industry_chain[i as usize] = chains.get(r.get_ref(1)?.as_str()?);
            }
        }
    }
    // Parks in the order of the office's list first (names used on projects follow).
    {
        let mut stmt = conn
            .prepare("SELECT name FROM parks WHERE deleted_at IS NULL ORDER BY sort_order, name")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            parks.intern(Some(r.get(0)?));
        }
    }

    let mut project_index: HashMap<String, u32> = HashMap::new();
    let mut projects = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, region_group_id, industry_id, team_id, officer_id, park, total_investment,
                    added_investment, key_project, enclave, relocation, high_energy, stage,
                    stage_since, signed_on, operating_on
             FROM projects WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            project_index.insert(id, projects.len() as u32);
            projects.push(ProjectFact {
                region: regions.get(r.get_ref(1)?.as_str_or_null()?.unwrap_or("")),
                industry: industries.get(r.get_ref(2)?.as_str_or_null()?.unwrap_or("")),
                team: teams.get(r.get_ref(3)?.as_str_or_null()?.unwrap_or("")),
                officer: officers.get(r.get_ref(4)?.as_str_or_null()?.unwrap_or("")),
                park: parks.intern(
                    r.get::<_, Option<String>>(5)?
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                ),
                total_investment: r.get(6)?,
                added_investment: r.get(7)?,
                key: r.get(8)?,
                enclave: r.get(9)?,
                relocation: r.get(10)?,
                high_energy: r.get(11)?,
                stage: r.get(12)?,
                stage_since: parse_day(r.get_ref(13)?.as_str_or_null()?),
                signed_on: parse_day(r.get_ref(14)?.as_str_or_null()?),
                operating_on: parse_day(r.get_ref(15)?.as_str_or_null()?),
                events: 0..0,
            });
        }
    }

    let mut events: Vec<StageEvent> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT project_id, changed_on, to_stage, construction_kind, added_investment,
                    date_unknown
             FROM stage_changes WHERE deleted_at IS NULL
             ORDER BY project_id, changed_on, created_at, id",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(u32, usize, bool)> = None; // (project, start, signed seen)
        while let Some(r) = rows.next()? {
            let p = project_index
                .get(r.get_ref(0)?.as_str()?)
                .copied()
                .unwrap_or(NONE);
            if p == NONE {
                continue;
            }
            if current.map(|c| c.0) != Some(p) {
                if let Some((prev, start, _)) = current {
                    projects[prev as usize].events = start as u32..events.len() as u32;
                }
                current = Some((p, events.len(), false));
            }
            let stage: Stage = r.get(2)?;
            let signed_before = current.map(|c| c.2).unwrap_or(false);
            if stage == Stage::Signed {
                if let Some(c) = current.as_mut() {
                    c.2 = true;
                }
            }
            events.push(StageEvent {
                project: p,
                day: parse_day(r.get_ref(1)?.as_str_or_null()?),
                stage,
                kind: r.get(3)?,
                added_investment: r.get(4)?,
                upgrade: stage == Stage::Signed && signed_before,
                date_unknown: r.get(5)?,
            });
        }
        if let Some((prev, start, _)) = current {
            projects[prev as usize].events = start as u32..events.len() as u32;
        }
    }
    let mut events_by_day: Vec<u32> = (0..events.len() as u32).collect();
    events_by_day.sort_by_key(|&i| events[i as usize].day);

    let mut contacts: Vec<(i32, u32)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT occurred_on, project_id FROM activity_projects WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let p = project_index
                .get(r.get_ref(1)?.as_str()?)
                .copied()
                .unwrap_or(NONE);
            if p != NONE {
                contacts.push((parse_day(r.get_ref(0)?.as_str_or_null()?), p));
            }
        }
    }
    contacts.sort_unstable();
    // Driven from the (few) video meetings: CROSS JOIN keeps SQLite's loop order.
    let mut video_days: HashSet<(u32, i32)> = HashSet::new();
    {
        let mut stmt = conn.prepare(
            "SELECT ap.project_id, ap.occurred_on FROM activities a
             CROSS JOIN activity_projects ap ON ap.activity_id = a.id
             WHERE a.kind = 'video_meeting' AND a.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(&p) = project_index.get(r.get_ref(0)?.as_str()?) {
                video_days.insert((p, parse_day(r.get_ref(1)?.as_str_or_null()?)));
            }
        }
    }

    let mut companies = Dict::default();
    let mut load_kind = |kind: &str| -> Result<Vec<ActivityFact>> {
        let mut facts: Vec<ActivityFact> = Vec::new();
        // One row per (activity, officer), activities in rowid order: consecutive rows with the
        // same id are one activity.
        let mut stmt = conn.prepare(
            "SELECT a.rowid, a.occurred_on, a.region_group_id, a.team_id, ao.officer_id
             FROM activities a CROSS JOIN activity_officers ao ON ao.activity_id = a.id
             WHERE a.kind = ?1 AND a.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([kind])?;
        let mut index: HashMap<i64, usize> = HashMap::new();
        let mut last: Option<i64> = None;
        while let Some(r) = rows.next()? {
            let rowid: i64 = r.get(0)?;
            if last != Some(rowid) {
                last = Some(rowid);
                index.insert(rowid, facts.len());
                facts.push(ActivityFact {
                    day: parse_day(r.get_ref(1)?.as_str_or_null()?),
                    region: regions.get(r.get_ref(2)?.as_str_or_null()?.unwrap_or("")),
                    team: teams.get(r.get_ref(3)?.as_str_or_null()?.unwrap_or("")),
                    officers: Vec::new(),
                    companies: Vec::new(),
                });
            }
            let officer = officers.get(r.get_ref(4)?.as_str()?);
            if let Some(f) = facts.last_mut() {
                f.officers.push(officer);
            }
        }
        drop(rows);
        if kind == "call" {
            let mut stmt = conn.prepare(
                "SELECT a.rowid, ac.company_id FROM activities a
                 CROSS JOIN activity_companies ac ON ac.activity_id = a.id
                 WHERE a.kind = ?1 AND a.deleted_at IS NULL",
            )?;
            let mut rows = stmt.query([kind])?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                    facts[i].companies.push(companies.intern(Some(r.get(1)?)));
                }
            }
        }
        facts.sort_by_key(|f| f.day);
        Ok(facts)
    };
    let trips = load_kind("outbound_trip")?;
    let calls = load_kind("call")?;
    Ok(Facts {
        regions,
        industries,
        teams,
        officers,
        parks,
        chains,
        industry_chain,
        projects,
        events,
        events_by_day,
        contacts,
        trips,
        calls,
        video_days,
    })
}

impl Facts {
    /// The range of `items` (sorted by `key`) whose key lies in `[from, to]`.
    pub fn day_range<T>(items: &[T], key: impl Fn(&T) -> i32, from: i32, to: i32) -> &[T] {
        let start = items.partition_point(|x| key(x) < from);
        let end = items.partition_point(|x| key(x) <= to);
        &items[start..end.max(start)]
    }

    /// The stage a project was in at the end of `day` (None: it did not exist yet).
    pub fn stage_at(&self, p: &ProjectFact, day: i32) -> Option<Stage> {
        if p.stage_since <= day {
            return Some(p.stage);
        }
        let events = &self.events[p.events.start as usize..p.events.end as usize];
        let n = events.partition_point(|e| e.day <= day);
        n.checked_sub(1).map(|i| events[i].stage)
    }

    pub fn year_of(day: i32) -> i32 {
        date(day).year()
    }
}

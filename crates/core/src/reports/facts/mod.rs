//! The report engine's working set: the facts a report counts (projects with their derived
//! stage dates, stage changes, project contacts, trips and calls), read from the ledger with SQL
//! into compact in-memory tables with dense integer keys, so every report is computed from the
//! facts as they are, at in-memory speed. Nothing here is a counter.
//!
//! How the set follows the file (issue 14; figures in MEASUREMENTS.md):
//! - `load` reads everything (5 s at 1M activities): at the first open, and after a change the
//!   delta cannot follow (a region group's cities, a new officer, a sync of thousands of rows).
//! - `delta.rs` follows the change log: every write, undo, import and sync records its rows in
//!   `changes`, whose rowid only grows. After a write the facts re-read just the projects and
//!   activities named since their `seq` and splice them in (milliseconds), whichever process
//!   or laptop wrote them.
//! - `snapshot.rs` keeps a compact copy of the set inside the ledger file (`report_snapshot`,
//!   tagged with its `seq`): opening reads it and applies the delta since, instead of `load`.
//! - `cache.rs` decides between the three.
//! - `dict.rs` interns the ids to the dense keys.

pub mod cache;
mod delta;
mod dict;
pub mod snapshot;

pub use cache::{FactsCache, Source};
pub use dict::Dict;

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

#[derive(Clone)]
pub struct ProjectFact {
    /// False once the project was deleted after the facts were read (a deleted project keeps
    /// its index; `Filter` leaves it out of every count).
    pub live: bool,
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

#[derive(Clone)]
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
#[derive(Clone)]
pub struct ActivityFact {
    pub day: i32,
    /// The activity's rowid (what a change to it is found by).
    pub activity: u32,
    pub region: u32,
    pub team: u32,
    /// Its officers, then the companies it reached.
    keys: Keys,
}

impl ActivityFact {
    pub fn officers(&self) -> &[u32] {
        &self.keys.all()[..self.keys.n_officers()]
    }

    pub fn companies(&self) -> &[u32] {
        &self.keys.all()[self.keys.n_officers()..]
    }

    pub(crate) fn set_keys(&mut self, officers: &[u32], companies: &[u32]) {
        self.keys = Keys::new(officers, companies);
    }
}

/// An activity's officers and companies: inside the fact when there are at most three keys
/// (at 1M activities all but a few hundred: one or two officers and one company), else on the
/// heap. Two boxed slices per fact took ~64 bytes more each (issue 14: the app's memory).
#[derive(Clone)]
enum Keys {
    Inline {
        n_officers: u8,
        len: u8,
        keys: [u32; 3],
    },
    Heap {
        n_officers: u32,
        keys: Box<[u32]>,
    },
}

impl Default for Keys {
    fn default() -> Keys {
        Keys::Inline {
            n_officers: 0,
            len: 0,
            keys: [0; 3],
        }
    }
}

impl Keys {
    fn new(officers: &[u32], companies: &[u32]) -> Keys {
        let len = officers.len() + companies.len();
        if len <= 3 {
            let mut keys = [0; 3];
            keys[..officers.len()].copy_from_slice(officers);
            keys[officers.len()..len].copy_from_slice(companies);
            Keys::Inline {
                n_officers: officers.len() as u8,
                len: len as u8,
                keys,
            }
        } else {
            Keys::Heap {
                n_officers: officers.len() as u32,
                keys: officers.iter().chain(companies).copied().collect(),
            }
        }
    }

    fn all(&self) -> &[u32] {
        match self {
            Keys::Inline { len, keys, .. } => &keys[..*len as usize],
            Keys::Heap { keys, .. } => keys,
        }
    }

    fn n_officers(&self) -> usize {
        match self {
            Keys::Inline { n_officers, .. } => *n_officers as usize,
            Keys::Heap { n_officers, .. } => *n_officers as usize,
        }
    }
}

/// One activity–project link: the project was contacted that day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Contact {
    pub day: i32,
    pub project: u32,
    /// The activity's rowid.
    pub activity: u32,
    /// A 视频洽谈 (what 云签约 looks for on the signing day).
    pub video: bool,
}

#[derive(Clone)]
pub struct Facts {
    /// The change log's last rowid these facts include (`changes.rowid`).
    pub seq: i64,
    /// The highest activity rowid among the trips, calls and contacts (a newer activity has
    /// nothing to take out of them).
    pub max_activity: u32,
    pub project_ids: Dict,
    /// Companies reached by calls.
    pub companies: Dict,
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
    /// Indices into `events`, sorted by day. (`events` may hold rows no project points to any
    /// more after a delta: they are not in here.)
    pub events_by_day: Vec<u32>,
    /// Every live activity–project link, sorted.
    pub contacts: Vec<Contact>,
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

/// The columns of a project fact, in `project_fact`'s order.
pub(crate) const PROJECT_COLUMNS: &str =
    "id, region_group_id, industry_id, team_id, officer_id, park, total_investment,
     added_investment, key_project, enclave, relocation, high_energy, stage, stage_since,
     signed_on, operating_on";

/// The columns of a stage event, in `push_events`' order (after `project_id`).
pub(crate) const EVENT_COLUMNS: &str =
    "project_id, changed_on, to_stage, construction_kind, added_investment, date_unknown";

/// The columns of an activity fact (`activities a`), in `activity_fact`'s order.
pub(crate) const ACTIVITY_COLUMNS: &str = "a.rowid, a.occurred_on, a.region_group_id, a.team_id";

impl Facts {
    pub(crate) fn project_fact(&mut self, r: &rusqlite::Row) -> rusqlite::Result<ProjectFact> {
        Ok(ProjectFact {
            live: true,
            region: self
                .regions
                .get(r.get_ref(1)?.as_str_or_null()?.unwrap_or("")),
            industry: self
                .industries
                .get(r.get_ref(2)?.as_str_or_null()?.unwrap_or("")),
            team: self
                .teams
                .get(r.get_ref(3)?.as_str_or_null()?.unwrap_or("")),
            officer: self
                .officers
                .get(r.get_ref(4)?.as_str_or_null()?.unwrap_or("")),
            park: self.parks.intern(
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
        })
    }

    /// Appends one project's stage changes (rows of `EVENT_COLUMNS`, oldest first) to
    /// `events` and points the project at them.
    pub(crate) fn push_events(&mut self, p: u32, rows: &mut rusqlite::Rows) -> Result<()> {
        let start = self.events.len() as u32;
        let mut signed_before = false;
        while let Some(r) = rows.next()? {
            let stage: Stage = r.get(2)?;
            self.events.push(StageEvent {
                project: p,
                day: parse_day(r.get_ref(1)?.as_str_or_null()?),
                stage,
                kind: r.get(3)?,
                added_investment: r.get(4)?,
                upgrade: stage == Stage::Signed && signed_before,
                date_unknown: r.get(5)?,
            });
            signed_before |= stage == Stage::Signed;
        }
        self.projects[p as usize].events = start..self.events.len() as u32;
        Ok(())
    }

    pub(crate) fn activity_fact(&mut self, r: &rusqlite::Row) -> rusqlite::Result<ActivityFact> {
        Ok(ActivityFact {
            day: parse_day(r.get_ref(1)?.as_str_or_null()?),
            activity: rowid32(r.get(0)?),
            region: self
                .regions
                .get(r.get_ref(2)?.as_str_or_null()?.unwrap_or("")),
            team: self
                .teams
                .get(r.get_ref(3)?.as_str_or_null()?.unwrap_or("")),
            keys: Keys::default(),
        })
    }

    /// `events_by_day` recomputed from the projects' event ranges.
    pub(crate) fn index_events(&mut self) {
        let mut by_day: Vec<u32> = Vec::with_capacity(self.events.len());
        for p in &self.projects {
            by_day.extend(p.events.clone());
        }
        by_day.sort_by_key(|&i| self.events[i as usize].day);
        self.events_by_day = by_day;
    }

    /// `video_days` recomputed from the contacts.
    pub(crate) fn index_video_days(&mut self) {
        self.video_days = self
            .contacts
            .iter()
            .filter(|c| c.video)
            .map(|c| (c.project, c.day))
            .collect();
    }

    /// `max_activity` recomputed from the tables.
    pub(crate) fn index_max_activity(&mut self) {
        self.max_activity = self
            .trips
            .iter()
            .chain(&self.calls)
            .map(|a| a.activity)
            .chain(self.contacts.iter().map(|c| c.activity))
            .max()
            .unwrap_or(0);
    }

    fn empty(seq: i64) -> Facts {
        Facts {
            seq,
            max_activity: 0,
            project_ids: Dict::default(),
            companies: Dict::default(),
            regions: Dict::default(),
            industries: Dict::default(),
            teams: Dict::default(),
            officers: Dict::default(),
            parks: Dict::default(),
            chains: Dict::default(),
            industry_chain: Vec::new(),
            projects: Vec::new(),
            events: Vec::new(),
            events_by_day: Vec::new(),
            contacts: Vec::new(),
            trips: Vec::new(),
            calls: Vec::new(),
            video_days: HashSet::new(),
        }
    }
}

/// An activity rowid as a dense key (a ledger never nears 4 billion rows; one that did would
/// fold, and the delta rebuilds rather than trust it: see `delta.rs`).
pub(crate) fn rowid32(rowid: i64) -> u32 {
    u32::try_from(rowid).unwrap_or(NONE)
}

/// The change log's last rowid (0: empty).
pub fn last_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT COALESCE(MAX(rowid), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
    )
}

/// Reads every fact from the ledger, as of one moment of the file (one read transaction when
/// the connection is not inside one already).
pub fn load(conn: &Connection) -> Result<Facts> {
    let tx = conn
        .is_autocommit()
        .then(|| conn.unchecked_transaction())
        .transpose()?;
    let facts = load_in(conn)?;
    if let Some(tx) = tx {
        tx.finish()?;
    }
    Ok(facts)
}

fn load_in(conn: &Connection) -> Result<Facts> {
    let mut f = Facts::empty(last_seq(conn)?);
    load_reference(conn, &mut f)?;

    {
        let mut stmt = conn.prepare(&format!(
            "SELECT {PROJECT_COLUMNS} FROM projects WHERE deleted_at IS NULL"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let fact = f.project_fact(r)?;
            f.project_ids.intern(Some(r.get(0)?));
            f.projects.push(fact);
        }
    }

    {
        let mut stmt = conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM stage_changes WHERE deleted_at IS NULL
             ORDER BY project_id, changed_on, created_at, id"
        ))?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(u32, bool)> = None; // (project, signed seen)
        while let Some(r) = rows.next()? {
            let p = f.project_ids.get(r.get_ref(0)?.as_str()?);
            if p == NONE {
                continue;
            }
            if current.map(|c| c.0) != Some(p) {
                current = Some((p, false));
                let start = f.events.len() as u32;
                f.projects[p as usize].events = start..start;
            }
            let stage: Stage = r.get(2)?;
            let c = current.as_mut().expect("set above");
            let upgrade = stage == Stage::Signed && c.1;
            c.1 |= stage == Stage::Signed;
            f.events.push(StageEvent {
                project: p,
                day: parse_day(r.get_ref(1)?.as_str_or_null()?),
                stage,
                kind: r.get(3)?,
                added_investment: r.get(4)?,
                upgrade,
                date_unknown: r.get(5)?,
            });
            f.projects[p as usize].events.end = f.events.len() as u32;
        }
    }
    f.index_events();

    {
        // Driven from the links (one lookup of its activity each): the activity's rowid keys
        // the link for the delta, its kind marks 视频洽谈.
        let mut stmt = conn.prepare(
            "SELECT l.occurred_on, p.id, l.activity_rid, a.kind = 'video_meeting'
             FROM activity_project_links l
             CROSS JOIN activities a ON a.rid = l.activity_rid
             CROSS JOIN projects p ON p.rid = l.project_rid
             WHERE l.deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let p = f.project_ids.get(r.get_ref(1)?.as_str()?);
            if p != NONE {
                f.contacts.push(Contact {
                    day: parse_day(r.get_ref(0)?.as_str_or_null()?),
                    project: p,
                    activity: rowid32(r.get(2)?),
                    video: r.get(3)?,
                });
            }
        }
    }
    f.contacts.sort_unstable();
    f.index_video_days();

    f.trips = load_activities(conn, &mut f, "outbound_trip", None)?;
    f.calls = load_activities(conn, &mut f, "call", None)?;
    f.index_max_activity();
    Ok(f)
}

/// The reference lists' ids (every row ever, in rowid order), parks and 产业链.
fn load_reference(conn: &Connection, f: &mut Facts) -> Result<()> {
    for (table, dict) in [
        ("region_groups", &mut f.regions),
        ("industries", &mut f.industries),
        ("teams", &mut f.teams),
        ("officers", &mut f.officers),
        ("industry_chains", &mut f.chains),
    ] {
        let mut stmt = conn.prepare(&format!("SELECT id FROM {table} ORDER BY rowid"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            dict.intern(Some(r.get(0)?));
        }
    }
    f.industry_chain = vec![NONE; f.industries.len()];
    {
        let mut stmt = conn.prepare(
            "SELECT id, chain_id FROM industries WHERE chain_id IS NOT NULL AND deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let i = f.industries.get(r.get_ref(0)?.as_str()?);
            if i != NONE {
                f.industry_chain[i as usize] = f.chains.get(r.get_ref(1)?.as_str()?);
            }
        }
    }
    // Parks in the order of the office's list first (names used on projects follow).
    let mut stmt =
        conn.prepare("SELECT name FROM parks WHERE deleted_at IS NULL ORDER BY sort_order, name")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f.parks.intern(Some(r.get(0)?));
    }
    Ok(())
}

/// The live activities of one kind (all of them, or those with the given rowids), with their
/// officers and, for calls, companies; sorted by (day, rowid).
pub(crate) fn load_activities(
    conn: &Connection,
    f: &mut Facts,
    kind: &str,
    only: Option<&[i64]>,
) -> Result<Vec<ActivityFact>> {
    let mut facts: Vec<ActivityFact> = Vec::new();
    let mut index: HashMap<u32, usize> = HashMap::new();
    // One row per (activity, officer), activities in rowid order: consecutive rows with the
    // same rowid are one activity. The table is read in its own order (NOT INDEXED): SQLite
    // chose `activities_on` (its rows are the live ones too), 1M lookups in date order; the
    // first report without a snapshot took 26 s instead of 12.7 s at 1M activities (both with
    // CI running beside it; 7.5 s on an idle machine).
    let which = match only {
        None => String::new(),
        Some(ids) => format!(
            " AND a.rowid IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
    };
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT {ACTIVITY_COLUMNS}, o.id
             FROM activities a NOT INDEXED
             CROSS JOIN activity_officer_links l ON l.activity_rid = a.rid
             CROSS JOIN officers o ON o.rid = l.officer_rid
             WHERE a.kind = ?1 AND a.deleted_at IS NULL{which}"
        ))?;
        let mut rows = stmt.query([kind])?;
        let mut last: Option<u32> = None;
        let mut officers: Vec<u32> = Vec::new();
        while let Some(r) = rows.next()? {
            let rowid = rowid32(r.get(0)?);
            if last != Some(rowid) {
                if let Some(a) = facts.last_mut() {
                    a.set_keys(&officers, &[]);
                    officers.clear();
                }
                last = Some(rowid);
                if kind == "call" {
                    index.insert(rowid, facts.len());
                }
                let fact = f.activity_fact(r)?;
                facts.push(fact);
            }
            officers.push(f.officers.get(r.get_ref(4)?.as_str()?));
        }
        if let Some(a) = facts.last_mut() {
            a.set_keys(&officers, &[]);
        }
    }
    if kind == "call" {
        let mut stmt = conn.prepare(&format!(
            "SELECT a.rowid, c.id FROM activities a NOT INDEXED
             CROSS JOIN activity_company_links l ON l.activity_rid = a.rid
             CROSS JOIN companies c ON c.rid = l.company_rid
             WHERE a.kind = ?1 AND a.deleted_at IS NULL{which}"
        ))?;
        let mut rows = stmt.query([kind])?;
        let mut companies: Vec<Vec<u32>> = vec![Vec::new(); facts.len()];
        while let Some(r) = rows.next()? {
            if let Some(&i) = index.get(&rowid32(r.get(0)?)) {
                companies[i].push(f.companies.intern(Some(r.get(1)?)));
            }
        }
        for (a, c) in facts.iter_mut().zip(companies) {
            let officers = a.officers().to_vec();
            a.set_keys(&officers, &c);
        }
    }
    facts.sort_by_key(|a| (a.day, a.activity));
    Ok(facts)
}

impl Facts {
    /// The heap these facts hold, in bytes, from their tables' capacities (the hash set of
    /// 视频洽谈 days counted as its buckets): what `zhaoshang bench` prints as the report
    /// engine's memory.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        fn vec<T>(v: &Vec<T>) -> usize {
            v.capacity() * size_of::<T>()
        }
        let dicts: usize = [
            &self.project_ids,
            &self.companies,
            &self.regions,
            &self.industries,
            &self.teams,
            &self.officers,
            &self.parks,
            &self.chains,
        ]
        .iter()
        .map(|d| d.heap_bytes())
        .sum();
        let spilled: usize = self
            .trips
            .iter()
            .chain(&self.calls)
            .map(|a| match &a.keys {
                Keys::Heap { keys, .. } => keys.len() * size_of::<u32>(),
                Keys::Inline { .. } => 0,
            })
            .sum();
        dicts
            + spilled
            + vec(&self.industry_chain)
            + vec(&self.projects)
            + vec(&self.events)
            + vec(&self.events_by_day)
            + vec(&self.contacts)
            + vec(&self.trips)
            + vec(&self.calls)
            + self.video_days.capacity() * (size_of::<(u32, i32)>() + 1)
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_activity_keeps_its_officers_and_companies_apart() {
        let mut a = ActivityFact {
            day: 0,
            activity: 1,
            region: NONE,
            team: NONE,
            keys: Keys::default(),
        };
        assert!(a.officers().is_empty() && a.companies().is_empty());
        for (officers, companies) in [
            (&[7][..], &[][..]),
            (&[7, 8][..], &[3][..]),
            (&[][..], &[1, 2, 3][..]),
            (&[7, 8, 9][..], &[3, 4][..]),
        ] {
            a.set_keys(officers, companies);
            assert_eq!((a.officers(), a.companies()), (officers, companies));
            assert_eq!(
                matches!(a.keys, Keys::Inline { .. }),
                officers.len() + companies.len() <= 3
            );
        }
        assert!(std::mem::size_of::<ActivityFact>() <= 40);
    }
}

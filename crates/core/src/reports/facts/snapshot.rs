//! The facts kept inside the ledger file (`report_snapshot`, one row): what opening a big
//! ledger reads instead of every activity. A compact little-endian encoding of `Facts` (dense
//! keys, day numbers, no field names), tagged with the change-log rowid it includes (`seq`);
//! the change log since then is applied on top (`delta.rs`). It lives in the ledger itself, so
//! an encrypted ledger's snapshot is encrypted with it, a backup carries a snapshot that fits
//! its own change log, and nothing beside the file can go stale.
//!
//! A snapshot of another format or one that does not decode is ignored (the facts are read
//! from the tables and a new snapshot written). Nothing in it is ever shown or exported: it only
//! saves the reading.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};

use super::{ActivityFact, Contact, Dict, Facts, ProjectFact, StageEvent};
use crate::error::Result;
use crate::model::{ConstructionKind, Stage};
use crate::storage::connection::with_small_cache;

/// Bumped whenever `Facts` or this encoding changes: an older snapshot is then ignored.
const FORMAT: i64 = 2;

/// Ledgers smaller than this many facts read their tables in well under 100 ms: they keep no
/// snapshot.
pub const MIN_FACTS: usize = 20_000;

/// The snapshot's `seq`, if the ledger has one of this format.
pub fn seq(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT seq FROM report_snapshot WHERE id = 1 AND format = ?1",
            [FORMAT],
            |r| r.get(0),
        )
        .optional()?)
}

/// The stored facts (None: no snapshot of this format, or one that does not decode).
pub fn read(conn: &Connection) -> Result<Option<Facts>> {
    // Decoded where SQLite holds it (no copy of the blob).
    let facts = with_small_cache(conn, || {
        conn.query_row(
            "SELECT data FROM report_snapshot WHERE id = 1 AND format = ?1",
            [FORMAT],
            |r| Ok(decode(r.get_ref(0)?.as_blob()?)),
        )
        .optional()
    })?;
    Ok(facts.flatten())
}

/// Stores `f` as the ledger's snapshot (replacing the old one). Not a change of the ledger:
/// nothing is logged, and it is never synced.
pub fn write(conn: &Connection, f: &Facts) -> Result<()> {
    let data = encode(f);
    with_small_cache(conn, || {
        conn.execute(
            "INSERT OR REPLACE INTO report_snapshot (id, format, seq, written_at, data)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![FORMAT, f.seq, crate::util::now_stamp(), data],
        )
    })?;
    Ok(())
}

/// How many facts `f` holds (what `MIN_FACTS` compares).
pub fn size(f: &Facts) -> usize {
    f.projects.len() + f.events.len() + f.contacts.len() + f.trips.len() + f.calls.len()
}

struct Out(Vec<u8>);

impl Out {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    fn dict(&mut self, d: &Dict) {
        self.len(d.len());
        for id in d.iter() {
            self.len(id.len());
            self.0.extend_from_slice(id.as_bytes());
        }
    }
    fn keys(&mut self, v: &[u32]) {
        self.len(v.len());
        for &k in v {
            self.u32(k);
        }
    }
}

struct In<'a>(&'a [u8]);

impl In<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    /// A count, refused when the rest of the input could not hold that many items.
    fn len(&mut self, item_bytes: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(item_bytes)? <= self.0.len()).then_some(n)
    }
    fn dict(&mut self) -> Option<Dict> {
        let n = self.len(4)?;
        let mut d = Dict::default();
        for _ in 0..n {
            let len = self.len(1)?;
            let s = std::str::from_utf8(self.take(len)?).ok()?;
            d.intern(Some(s.to_string()));
        }
        (d.len() == n).then_some(d)
    }
    fn keys(&mut self) -> Option<Vec<u32>> {
        let n = self.len(4)?;
        (0..n).map(|_| self.u32()).collect()
    }
}

fn stage_code(s: Stage) -> u8 {
    Stage::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

fn kind_code(k: Option<ConstructionKind>) -> u8 {
    k.map_or(0, |k| {
        ConstructionKind::ALL
            .iter()
            .position(|x| *x == k)
            .unwrap_or(0) as u8
            + 1
    })
}

const MAGIC: &[u8; 8] = b"ZSFACTS\0";

pub fn encode(f: &Facts) -> Vec<u8> {
    let mut o = Out(Vec::with_capacity(
        64 + f.projects.len() * 64 + (f.trips.len() + f.calls.len()) * 24 + f.contacts.len() * 13,
    ));
    o.0.extend_from_slice(MAGIC);
    o.i64(FORMAT);
    o.i64(f.seq);
    for d in [
        &f.project_ids,
        &f.companies,
        &f.regions,
        &f.industries,
        &f.teams,
        &f.officers,
        &f.parks,
        &f.chains,
    ] {
        o.dict(d);
    }
    o.keys(&f.industry_chain);
    // Where each referenced event lands once the arena is compacted (project by project).
    let mut moved = vec![u32::MAX; f.events.len()];
    let mut next = 0u32;
    for p in &f.projects {
        for e in p.events.clone() {
            moved[e as usize] = next;
            next += 1;
        }
    }
    o.len(f.projects.len());
    for p in &f.projects {
        o.u8(p.live as u8
            | (p.key as u8) << 1
            | (p.enclave as u8) << 2
            | (p.relocation as u8) << 3
            | (p.high_energy as u8) << 4);
        for k in [p.region, p.industry, p.team, p.officer, p.park] {
            o.u32(k);
        }
        o.i64(p.total_investment);
        o.i64(p.added_investment);
        o.u8(stage_code(p.stage));
        for d in [p.stage_since, p.signed_on, p.operating_on] {
            o.i32(d);
        }
        // The project's events, in order (the arena's unreferenced rows are left behind).
        let events = &f.events[p.events.start as usize..p.events.end as usize];
        o.len(events.len());
        for e in events {
            o.i32(e.day);
            o.u8(stage_code(e.stage));
            o.u8(kind_code(e.kind));
            o.i64(e.added_investment);
            o.u8(e.upgrade as u8 | (e.date_unknown as u8) << 1);
        }
    }
    o.len(f.events_by_day.len());
    for &e in &f.events_by_day {
        o.u32(moved[e as usize]);
    }
    o.len(f.contacts.len());
    for c in &f.contacts {
        o.i32(c.day);
        o.u32(c.project);
        o.u32(c.activity);
        o.u8(c.video as u8);
    }
    for list in [&f.trips, &f.calls] {
        o.len(list.len());
        for a in list {
            o.i32(a.day);
            o.u32(a.activity);
            o.u32(a.region);
            o.u32(a.team);
            o.keys(a.officers());
            o.keys(a.companies());
        }
    }
    o.0
}

pub fn decode(b: &[u8]) -> Option<Facts> {
    let mut i = In(b);
    if i.take(MAGIC.len())? != MAGIC || i.i64()? != FORMAT {
        return None;
    }
    let mut f = Facts::empty(i.i64()?);
    f.project_ids = i.dict()?;
    f.companies = i.dict()?;
    f.regions = i.dict()?;
    f.industries = i.dict()?;
    f.teams = i.dict()?;
    f.officers = i.dict()?;
    f.parks = i.dict()?;
    f.chains = i.dict()?;
    f.industry_chain = i.keys()?;
    let n = i.len(45)?;
    if n != f.project_ids.len() {
        return None;
    }
    f.projects.reserve_exact(n);
    for p in 0..n as u32 {
        let flags = i.u8()?;
        let mut k = [0u32; 5];
        for x in &mut k {
            *x = i.u32()?;
        }
        let total_investment = i.i64()?;
        let added_investment = i.i64()?;
        let stage = *Stage::ALL.get(i.u8()? as usize)?;
        let (stage_since, signed_on, operating_on) = (i.i32()?, i.i32()?, i.i32()?);
        let start = f.events.len() as u32;
        for _ in 0..i.len(15)? {
            let day = i.i32()?;
            let stage = *Stage::ALL.get(i.u8()? as usize)?;
            let kind = match i.u8()? {
                0 => None,
                k => Some(*ConstructionKind::ALL.get(k as usize - 1)?),
            };
            let added_investment = i.i64()?;
            let flags = i.u8()?;
            f.events.push(StageEvent {
                project: p,
                day,
                stage,
                kind,
                added_investment,
                upgrade: flags & 1 != 0,
                date_unknown: flags & 2 != 0,
            });
        }
        f.projects.push(ProjectFact {
            live: flags & 1 != 0,
            key: flags & 2 != 0,
            enclave: flags & 4 != 0,
            relocation: flags & 8 != 0,
            high_energy: flags & 16 != 0,
            region: k[0],
            industry: k[1],
            team: k[2],
            officer: k[3],
            park: k[4],
            total_investment,
            added_investment,
            stage,
            stage_since,
            signed_on,
            operating_on,
            events: start..f.events.len() as u32,
        });
    }
    f.events_by_day = i.keys()?;
    if f.events_by_day.len() != f.events.len()
        || f.events_by_day
            .iter()
            .any(|&e| e as usize >= f.events.len())
    {
        return None;
    }
    let n = i.len(13)?;
    f.contacts.reserve_exact(n);
    for _ in 0..n {
        let c = Contact {
            day: i.i32()?,
            project: i.u32()?,
            activity: i.u32()?,
            video: i.u8()? != 0,
        };
        if c.project as usize >= f.projects.len() {
            return None;
        }
        f.contacts.push(c);
    }
    for kind in 0..2 {
        let n = i.len(20)?;
        let mut list: Vec<ActivityFact> = Vec::with_capacity(n);
        for _ in 0..n {
            let mut a = ActivityFact {
                day: i.i32()?,
                activity: i.u32()?,
                region: i.u32()?,
                team: i.u32()?,
                keys: Default::default(),
            };
            a.set_keys(&i.keys()?, &i.keys()?);
            list.push(a);
        }
        if kind == 0 {
            f.trips = list;
        } else {
            f.calls = list;
        }
    }
    if !i.0.is_empty() {
        return None;
    }
    f.index_max_activity();
    f.video_days = f
        .contacts
        .iter()
        .filter(|c| c.video)
        .map(|c| (c.project, c.day))
        .collect::<HashSet<_>>();
    Some(f)
}

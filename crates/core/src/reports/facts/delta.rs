//! Following the change log: the facts brought up to date with the rows named in `changes`
//! since their `seq`, instead of re-reading the ledger.
//!
//! Every write of the ledger — a form, an import, 撤销, a merge of companies, a sync file or the
//! office server — records the rows it touched in `changes`, in the same transaction, and the
//! log's rowid only grows. So the rows named after `seq` are exactly what changed since the
//! facts were read, whichever connection, process or laptop wrote them. What a name means:
//!
//! | `table_name` | what is re-read |
//! |---|---|
//! | `projects` | the project and its stage changes (and its contacts, if the facts did not know it) |
//! | `stage_changes` | its project (as above) |
//! | `companies` | the company's projects (their region group follows the company's origin) |
//! | `activities` | the activity (trip/call fact, its officers and companies) and its contacts |
//! | `targets`, `project_years`, `actions` | nothing: reports read them with SQL |
//! | anything else (teams, officers, region groups, industries, parks, 产业链 …) | everything: `load` |
//!
//! The re-read rows replace the old ones: a deleted project stays at its index with `live`
//! false, a project's new stage changes are appended to `events` (its old range is left
//! unreferenced until the next full read or snapshot). Sorted tables stay sorted: a few rows
//! are spliced in and out where they belong (a binary search and a move: no pass over a
//! million contacts for one saved activity), many are filtered and re-sorted. `tests/report_engine.rs`
//! checks that reports from the followed facts equal reports from a fresh `load` after random
//! writes, undos, imports and syncs.

use std::collections::{BTreeSet, HashSet};

use rusqlite::{Connection, OptionalExtension};

use super::{load_activities, rowid32, Contact, Facts, EVENT_COLUMNS, NONE, PROJECT_COLUMNS};
use crate::error::Result;

/// More change-log rows than this since the facts were read: reading everything is as quick.
pub const MAX_ROWS: i64 = 50_000;

/// What the change-log rows since `seq` ask to re-read.
#[derive(Default, Debug)]
pub(crate) struct Touched {
    pub(crate) projects: BTreeSet<String>,
    pub(crate) activities: BTreeSet<String>,
    /// A row the delta cannot follow: read everything.
    pub(crate) everything: bool,
    /// The last rowid seen.
    pub(crate) seq: i64,
}

/// The rows named in the change log after `seq` (and up to the log's end).
pub(crate) fn touched(conn: &Connection, seq: i64) -> Result<Touched> {
    let mut t = Touched {
        seq,
        ..Touched::default()
    };
    let last = super::last_seq(conn)?;
    if last < seq {
        // The log shrank: not the file the facts were read from.
        t.everything = true;
        return Ok(t);
    }
    if last - seq > MAX_ROWS {
        t.everything = true;
        t.seq = last;
        return Ok(t);
    }
    let mut stage_changes: BTreeSet<String> = BTreeSet::new();
    let mut companies: BTreeSet<String> = BTreeSet::new();
    let mut stmt =
        conn.prepare_cached("SELECT rowid, table_name, row_id FROM changes WHERE rowid > ?1")?;
    let mut rows = stmt.query([seq])?;
    while let Some(r) = rows.next()? {
        t.seq = t.seq.max(r.get(0)?);
        let row_id: String = r.get(2)?;
        match r.get_ref(1)?.as_str()? {
            "projects" => drop(t.projects.insert(row_id)),
            "activities" => drop(t.activities.insert(row_id)),
            "stage_changes" => drop(stage_changes.insert(row_id)),
            "companies" => drop(companies.insert(row_id)),
            // Attachments, 督办 and 考核 records count in no report.
            "targets" | "project_years" | "actions" | "attachments" | "search_aliases"
            | "alert_rules" | "score_rules" | "export_templates" | "no_update_reasons"
            | "assignments" => {}
            _ => t.everything = true,
        }
    }
    if t.everything {
        return Ok(t);
    }
    let mut of_change =
        conn.prepare_cached("SELECT project_id FROM stage_changes WHERE id = ?1")?;
    for id in &stage_changes {
        if let Some(p) = of_change
            .query_row([id], |r| r.get::<_, String>(0))
            .optional()?
        {
            t.projects.insert(p);
        }
    }
    let mut of_company = conn.prepare_cached("SELECT id FROM projects WHERE company_id = ?1")?;
    for id in &companies {
        let ids = of_company.query_map([id], |r| r.get::<_, String>(0))?;
        for p in ids {
            t.projects.insert(p?);
        }
    }
    Ok(t)
}

/// Brings `f` up to date with the rows in `t` (read in the caller's read transaction).
/// `Ok(false)`: the change cannot be followed; read everything instead.
/// Up to this many projects and activities, rows are spliced in and out of the sorted tables
/// one by one (a binary search and a move each); more, and the tables are filtered and
/// re-sorted in one pass.
const FEW: usize = 64;

pub(crate) fn apply(conn: &Connection, f: &mut Facts, t: &Touched) -> Result<bool> {
    if t.everything {
        return Ok(false);
    }
    let few = t.projects.len() + t.activities.len() <= FEW;

    // Projects: the row, and its stage changes (appended to the arena). A project the facts
    // knew keeps its contacts (they change only through its activities, followed below); one
    // they did not know (new, or restored) has its contacts read.
    let mut replaced: Vec<u32> = Vec::new();
    let mut first_seen: Vec<u32> = Vec::new();
    {
        let mut row = conn.prepare_cached(&format!(
            "SELECT {PROJECT_COLUMNS}, deleted_at IS NULL FROM projects WHERE id = ?1"
        ))?;
        let mut events = conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM stage_changes WHERE project_id = ?1 AND deleted_at IS NULL
             ORDER BY changed_on, created_at, id"
        ))?;
        for id in &t.projects {
            let Some((mut fact, live)) = row
                .query_row([id], |r| Ok((f.project_fact(r)?, r.get::<_, bool>(16)?)))
                .optional()?
            else {
                continue;
            };
            let known = f.project_ids.get(id);
            if known == NONE && !live {
                continue; // deleted before the facts ever saw it
            }
            let (p, old) = if known == NONE {
                f.projects.push(fact);
                let p = f.project_ids.intern(Some(id.clone()));
                first_seen.push(p);
                (p, 0..0)
            } else {
                fact.live = live;
                let old = f.projects[known as usize].events.clone();
                f.projects[known as usize] = fact;
                (known, old)
            };
            f.push_events(p, &mut events.query([id])?)?;
            if few {
                splice_events(f, old, f.projects[p as usize].events.clone());
            }
            replaced.push(p);
        }
    }
    if !few && !replaced.is_empty() {
        let gone = Bits::of(replaced.iter().copied());
        f.events_by_day
            .retain(|&e| !gone.contains(f.events[e as usize].project));
        for &p in &replaced {
            f.events_by_day
                .extend(f.projects[p as usize].events.clone());
        }
        let events = &f.events;
        f.events_by_day.sort_by_key(|&i| events[i as usize].day);
    }

    // Activities: their rowids and kinds. Only one the facts may hold already (a rowid not
    // above the highest they hold) is searched for and taken out.
    let mut activities: Vec<(i64, String)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached("SELECT rowid, kind FROM activities WHERE id = ?1")?;
        for id in &t.activities {
            if let Some(a) = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            {
                activities.push(a);
            }
        }
    }
    if activities.iter().any(|(rowid, _)| rowid32(*rowid) == NONE) {
        return Ok(false);
    }
    let old: Vec<u32> = activities
        .iter()
        .map(|(r, _)| rowid32(*r))
        .filter(|&r| r <= f.max_activity)
        .collect();
    let mut video_changed = false;
    if !old.is_empty() {
        let gone = Bits::of(old.iter().copied());
        f.trips.retain(|a| !gone.contains(a.activity));
        f.calls.retain(|a| !gone.contains(a.activity));
        f.contacts.retain(|c| {
            let keep = !gone.contains(c.activity);
            video_changed |= !keep && c.video;
            keep
        });
    }
    for kind in ["outbound_trip", "call"] {
        let of_kind: Vec<i64> = activities
            .iter()
            .filter(|(_, k)| k == kind)
            .map(|(r, _)| *r)
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let fresh = load_activities(conn, f, kind, Some(&of_kind))?;
        let list = if kind == "call" {
            &mut f.calls
        } else {
            &mut f.trips
        };
        splice_sorted(list, fresh, few, |a| (a.day, a.activity));
    }

    // Contacts: the links of every re-read activity and of every project seen for the first
    // time.
    let mut fresh: Vec<Contact> = Vec::new();
    {
        let mut seen: HashSet<(u32, u32)> = HashSet::new();
        // Rows of (occurred_on, project_id, activity rowid, is 视频洽谈), each link once.
        let mut take = |f: &Facts, mut rows: rusqlite::Rows| -> Result<()> {
            while let Some(r) = rows.next()? {
                let p = f.project_ids.get(r.get_ref(1)?.as_str()?);
                let activity = rowid32(r.get(2)?);
                if p != NONE && seen.insert((p, activity)) {
                    fresh.push(Contact {
                        day: super::parse_day(r.get_ref(0)?.as_str_or_null()?),
                        project: p,
                        activity,
                        video: r.get(3)?,
                    });
                }
            }
            Ok(())
        };
        let mut of_project = conn.prepare_cached(
            "SELECT l.occurred_on, p.id, l.activity_rid, a.kind = 'video_meeting'
             FROM projects p CROSS JOIN activity_project_links l ON l.project_rid = p.rid
             CROSS JOIN activities a ON a.rid = l.activity_rid
             WHERE p.id = ?1 AND l.deleted_at IS NULL",
        )?;
        for &p in &first_seen {
            let id = f.project_ids.id(p).expect("interned").to_string();
            take(f, of_project.query([&id])?)?;
        }
        let mut of_activity = conn.prepare_cached(
            "SELECT l.occurred_on, p.id, a.rowid, a.kind = 'video_meeting'
             FROM activities a CROSS JOIN activity_project_links l ON l.activity_rid = a.rid
             CROSS JOIN projects p ON p.rid = l.project_rid
             WHERE a.rowid = ?1 AND l.deleted_at IS NULL",
        )?;
        for (rowid, _) in &activities {
            take(f, of_activity.query([rowid])?)?;
        }
    }
    if video_changed {
        splice_sorted(&mut f.contacts, fresh, few, |c| *c);
        f.index_video_days();
    } else {
        f.video_days
            .extend(fresh.iter().filter(|c| c.video).map(|c| (c.project, c.day)));
        splice_sorted(&mut f.contacts, fresh, few, |c| *c);
    }
    if let Some(max) = activities.iter().map(|(r, _)| rowid32(*r)).max() {
        f.max_activity = f.max_activity.max(max);
    }
    f.seq = t.seq;
    Ok(true)
}

/// Takes a project's old stage changes out of `events_by_day` and puts its new ones in, each
/// where a stable sort by day would put it (after the same day's others, in arena order).
fn splice_events(f: &mut Facts, old: std::ops::Range<u32>, new: std::ops::Range<u32>) {
    let events = &f.events;
    let by_day = &mut f.events_by_day;
    for e in old {
        let day = events[e as usize].day;
        let from = by_day.partition_point(|&x| events[x as usize].day < day);
        if let Some(i) = by_day[from..].iter().position(|&x| x == e) {
            by_day.remove(from + i);
        }
    }
    for e in new {
        let day = events[e as usize].day;
        let at = by_day.partition_point(|&x| events[x as usize].day <= day);
        by_day.insert(at, e);
    }
}

/// Puts `fresh` into `list` (sorted by `key`, keys unique): one by one where few, else
/// appended and re-sorted (two sorted runs: a linear merge).
fn splice_sorted<T, K: Ord>(
    list: &mut Vec<T>,
    mut fresh: Vec<T>,
    few: bool,
    key: impl Fn(&T) -> K,
) {
    if few {
        for x in fresh {
            let at = list.partition_point(|y| key(y) < key(&x));
            list.insert(at, x);
        }
    } else {
        fresh.sort_by_key(&key);
        list.extend(fresh);
        list.sort_by_key(key);
    }
}

/// A set of dense keys as a bitmap: the membership test made for every element of a
/// million-row table is a shift and a mask, not a hash lookup.
struct Bits(Vec<u64>);

impl Bits {
    fn of(keys: impl Iterator<Item = u32> + Clone) -> Bits {
        let len = keys.clone().max().map_or(0, |m| m as usize / 64 + 1);
        let mut words = vec![0u64; len];
        for k in keys {
            words[k as usize / 64] |= 1 << (k % 64);
        }
        Bits(words)
    }

    fn contains(&self, k: u32) -> bool {
        self.0
            .get(k as usize / 64)
            .is_some_and(|w| w & (1 << (k % 64)) != 0)
    }
}

//! The facts a ledger's reports count, kept current: returned as they are while the file is
//! unchanged, followed through the change log after a change (`delta.rs`), read from the
//! snapshot when the ledger opens (`snapshot.rs`), and read from the tables only when neither
//! can be used.

use std::sync::Arc;

use rusqlite::Connection;

use super::{delta, load, snapshot, version, Facts};
use crate::error::Result;

/// A snapshot is rewritten once the change log has grown this many rows past it (what opening
/// has to apply on top of it stays small).
pub const SNAPSHOT_EVERY: i64 = 5_000;

/// How the last call got its facts (what `zhaoshang bench` and the tests look at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Unchanged file: the same facts.
    Unchanged,
    /// The change log since the facts was applied.
    Followed,
    /// Read from the snapshot (and the change log since it).
    Snapshot,
    /// Read from the tables.
    Loaded,
}

#[derive(Default)]
pub struct FactsCache {
    /// (`PRAGMA data_version`, this connection's total changes) when the facts were current.
    state: Option<((i64, u64), Arc<Facts>)>,
    /// The stored snapshot's `seq` (None: none, or not looked at yet).
    snapshot_seq: Option<i64>,
    last: Option<Source>,
    /// Keep no snapshot (tests comparing the ways to the facts).
    no_snapshot: bool,
    /// Keep one from this many facts on (None: `snapshot::MIN_FACTS`).
    snapshot_from: Option<usize>,
}

impl FactsCache {
    /// A cache that never reads or writes a snapshot.
    pub fn without_snapshot() -> FactsCache {
        FactsCache {
            no_snapshot: true,
            ..FactsCache::default()
        }
    }

    /// A cache that keeps a snapshot from `n` facts on (tests: a small ledger's snapshot).
    pub fn snapshot_from(n: usize) -> FactsCache {
        FactsCache {
            snapshot_from: Some(n),
            ..FactsCache::default()
        }
    }

    /// How the last `get` got its facts.
    pub fn last_source(&self) -> Option<Source> {
        self.last
    }

    /// The facts of the file as it is now.
    pub fn get(&mut self, conn: &Connection) -> Result<Arc<Facts>> {
        let now = version(conn)?;
        if let Some((v, f)) = &self.state {
            if *v == now {
                self.last = Some(Source::Unchanged);
                return Ok(f.clone());
            }
        }
        if !conn.is_autocommit() {
            // Inside a write: the facts of rows not yet committed are not kept.
            self.last = Some(Source::Loaded);
            return Ok(Arc::new(load(conn)?));
        }
        // One read transaction: the change log and the rows it names, as of one moment.
        let tx = conn.unchecked_transaction()?;
        let (facts, source) = match self.state.take() {
            Some((_, mut facts)) => {
                let t = delta::touched(conn, facts.seq)?;
                if !t.everything && t.seq == facts.seq {
                    (facts, Source::Unchanged)
                } else if delta::apply(conn, Arc::make_mut(&mut facts), &t)? {
                    (facts, Source::Followed)
                } else {
                    (Arc::new(load(conn)?), Source::Loaded)
                }
            }
            None => self.open(conn)?,
        };
        tx.finish()?;
        self.last = Some(source);
        let stale = self
            .snapshot_seq
            .is_none_or(|s| facts.seq - s > SNAPSHOT_EVERY || facts.seq < s);
        if !self.no_snapshot
            && stale
            && snapshot::size(&facts) >= self.snapshot_from.unwrap_or(snapshot::MIN_FACTS)
        {
            // Best effort: a ledger that cannot be written now (another process holds the
            // lock, a read-only file) keeps reading as before.
            if snapshot::write(conn, &facts).is_ok() {
                self.snapshot_seq = Some(facts.seq);
            }
        }
        self.state = Some((version(conn)?, facts.clone()));
        Ok(facts)
    }

    /// The first facts of an open ledger: its snapshot and the change log since, else the
    /// tables.
    fn open(&mut self, conn: &Connection) -> Result<(Arc<Facts>, Source)> {
        if !self.no_snapshot {
            self.snapshot_seq = snapshot::seq(conn)?;
            if let Some(mut f) = snapshot::read(conn)? {
                let t = delta::touched(conn, f.seq)?;
                if delta::apply(conn, &mut f, &t)? {
                    return Ok((Arc::new(f), Source::Snapshot));
                }
            }
        }
        Ok((Arc::new(load(conn)?), Source::Loaded))
    }
}

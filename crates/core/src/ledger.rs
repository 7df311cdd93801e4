//! `Ledger`: the one door to a ledger file. It opens the file and holds its connection, its
//! clock ("today"), who is at the keyboard and the report facts it has read; every write runs in
//! one IMMEDIATE transaction (`write`: all or nothing). Each part of the domain adds its own
//! methods in its own folder (`impl Ledger` in projects/, companies/, activities/, reference/,
//! reports/, storage/, sync/, io/ …), going through the table module that owns the rows.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::Result;
use crate::reports::facts::{Facts, FactsCache};
use crate::storage::db;

pub struct Ledger {
    conn: Connection,
    path: PathBuf,
    today: Option<NaiveDate>,
    acting_officer: Option<String>,
    /// The passphrase of an encrypted ledger (kept while it is open: backups use it).
    /// Wiped from memory when replaced or when the ledger is dropped (`zeroize`).
    passphrase: Option<zeroize::Zeroizing<String>>,
    /// The report engine's facts, kept current (see `reports/facts`).
    facts: Mutex<FactsCache>,
}

impl Ledger {
    /// Opens or creates the ledger file at `path` (see `db::open`).
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger> {
        Ledger::open_with_passphrase(path, None)
    }

    /// Opens a ledger that may be encrypted (see `db::open_with_passphrase`): a missing or wrong
    /// passphrase is a `Validation` error on the field `passphrase`, and the file is untouched.
    pub fn open_with_passphrase(
        path: impl AsRef<Path>,
        passphrase: Option<&str>,
    ) -> Result<Ledger> {
        let path = path.as_ref().to_path_buf();
        let conn = db::open_with_passphrase(&path, passphrase)?;
        let encrypted = db::is_encrypted(&path)?;
        Ok(Ledger {
            conn,
            path,
            today: None,
            acting_officer: None,
            passphrase: passphrase
                .filter(|p| encrypted && !p.is_empty())
                .map(|p| zeroize::Zeroizing::new(p.to_string())),
            facts: Mutex::new(FactsCache::default()),
        })
    }

    /// The passphrase this encrypted ledger was opened with (`None`: not encrypted).
    pub fn passphrase(&self) -> Option<&str> {
        self.passphrase.as_deref().map(String::as_str)
    }

    /// Whether the ledger file is encrypted with a passphrase.
    pub fn is_encrypted(&self) -> bool {
        self.passphrase.is_some()
    }

    /// Swaps in a new connection to the same path (after the file was re-encrypted).
    pub(crate) fn replace_connection(&mut self, conn: Connection, passphrase: Option<String>) {
        self.conn = conn;
        self.passphrase = passphrase.map(zeroize::Zeroizing::new);
        *self.facts.lock().unwrap_or_else(|e| e.into_inner()) = FactsCache::default();
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Today's date on this device (local time), or the fixed date set by `set_today`.
    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Fixes "today" (tests, demo generation, replaying an import).
    pub fn set_today(&mut self, today: Option<NaiveDate>) {
        self.today = today;
    }

    /// Read access for report and export code in this crate and for tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Sets this connection's page cache, in KiB (`configure` gives every connection
    /// `storage::connection::CACHE_KIB`). The app's read-only second connection keeps a
    /// smaller one: the app's memory at 100k projects (issue 14).
    pub fn set_page_cache_kib(&self, kib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -kib)?;
        Ok(())
    }

    /// Who is at the keyboard: the officer recorded as the author of the change log's entries.
    pub fn set_acting_officer(&mut self, officer_id: Option<String>) {
        self.acting_officer = officer_id;
    }

    /// Runs `f` in one IMMEDIATE transaction: every write of it lands, or none does. Its
    /// change-log entries share one action id (what 撤销 undoes together).
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction, NaiveDate) -> Result<T>) -> Result<T> {
        let today = self.today();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::storage::changelog::begin(&tx, self.acting_officer.as_deref())?;
        let out = f(&tx, today)?;
        // A bulk write paused the 项目库 name index: its documents are written now.
        crate::projects::name_index::write_project_names(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The facts reports count, as of the file now (see `reports/facts/cache.rs`).
    pub fn facts(&self) -> Result<Arc<Facts>> {
        self.facts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&self.conn)
    }

    /// How the last `facts` call got them (unchanged, followed, snapshot, read).
    pub fn facts_source(&self) -> Option<crate::reports::facts::Source> {
        self.facts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .last_source()
    }

    /// Replaces the facts cache (tests: no snapshot, or a snapshot from a small size on).
    pub fn set_facts_cache(&self, cache: FactsCache) {
        *self.facts.lock().unwrap_or_else(|e| e.into_inner()) = cache;
    }
}

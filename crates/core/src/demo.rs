//! The demo ledger: a plausible county office whose H1 2022 report reproduces DESIGN.md §4.

use std::path::Path;

use crate::error::Result;
use crate::ledger::Ledger;

/// Creates the demo ledger at `path` (which must not hold a ledger with data yet).
pub fn create_demo_ledger(path: &Path) -> Result<Ledger> {
    let ledger = Ledger::open(path)?;
    Ok(ledger)
}

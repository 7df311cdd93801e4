//! The office itself: its name, its own prefecture (whose origins count as 本地), and the
//! first-launch choice (demo or empty ledger).

use crate::error::Result;
use crate::ledger::Ledger;
use crate::reference::{divisions, region_groups};
use crate::storage::settings;

impl Ledger {
    // ── settings ────────────────────────────────────────────────────────────────────────
    pub fn local_city_code(&self) -> Result<Option<String>> {
        settings::get(self.connection(), settings::LOCAL_CITY_CODE)
    }

    /// Sets the office's own prefecture (its origins count as 本地).
    pub fn set_local_city_code(&mut self, code: Option<&str>) -> Result<()> {
        self.write(|tx, _| {
            if let Some(c) = code {
                let d = divisions::get(tx, c)?;
                if d.as_ref().map(|d| d.level) != Some(2) {
                    return Err(crate::Error::invalid(
                        "local_city_code",
                        format!("“{c}”不是地级行政区划代码。"),
                    ));
                }
            }
            settings::set(tx, settings::LOCAL_CITY_CODE, code)?;
            region_groups::rederive_all(tx)
        })
    }

    pub fn office_name(&self) -> Result<Option<String>> {
        settings::get(self.connection(), settings::OFFICE_NAME)
    }

    pub fn set_office_name(&mut self, name: Option<&str>) -> Result<()> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        self.write(|tx, _| settings::set(tx, settings::OFFICE_NAME, name))
    }
}

/// Settings key set once the first-launch choice (demo or empty) was made.
const SET_UP: &str = "set_up";

impl Ledger {
    /// A ledger nobody has chosen anything for yet (first launch): no data, not set up.
    pub fn needs_setup(&self) -> Result<bool> {
        if settings::get(self.connection(), SET_UP)?.is_some() {
            return Ok(false);
        }
        // Whether any row exists (not how many: a count reads a whole index, 7 MiB of the
        // page cache at 100k projects).
        let any: bool = self.connection().query_row(
            "SELECT EXISTS(SELECT 1 FROM teams) OR EXISTS(SELECT 1 FROM projects)
                 OR EXISTS(SELECT 1 FROM companies)",
            [],
            |r| r.get(0),
        )?;
        Ok(!any)
    }

    /// Marks the ledger as set up (an empty office ledger, named).
    pub fn finish_setup(&mut self, office_name: Option<&str>) -> Result<()> {
        self.set_office_name(office_name)?;
        self.write(|tx, _| settings::set(tx, SET_UP, Some("1")))
    }
}

//! The devices whose data a ledger holds (its own id and label, when each peer last synced),
//! and telling a ledger file from a copy of it (a copy takes its own device id).

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::sync::{self, Manifest, Seen, DEVICE_LABEL};

/// One device whose changes this ledger holds: the office view's counts include its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncDevice {
    pub device_id: String,
    /// The label set on that device (an officer's or laptop's name), when known.
    pub label: Option<String>,
    /// This ledger's own device.
    pub this_device: bool,
    /// Time (UTC, RFC 3339) of the newest change from it that this ledger holds.
    pub last_change_at: Option<String>,
    /// When this ledger last imported a bundle written by it.
    pub last_import_at: Option<String>,
    /// When this ledger last wrote a bundle meant for it.
    pub last_export_at: Option<String>,
}

pub(crate) fn this_device(conn: &Connection) -> Result<Option<String>> {
    crate::storage::settings::get(conn, crate::storage::changelog::DEVICE_ID)
}

/// Time (UTC, RFC 3339) of an HLC value.
pub fn hlc_time(hlc: &str) -> String {
    chrono::DateTime::from_timestamp_millis(sync::hlc_ms(hlc))
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Labels of the devices this ledger knows (sent along in bundles so a hub passes them on).
pub fn known_labels(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt =
        conn.prepare_cached("SELECT device_id, label FROM sync_devices WHERE label IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Book-keeping of one imported bundle (inside the import's transaction).
pub(crate) fn note_import(conn: &Connection, m: &Manifest, this: &str) -> Result<()> {
    let now = crate::util::now_stamp();
    for dev in m.covers.keys().chain(m.labels.keys()) {
        if dev != this {
            conn.execute(
                "INSERT OR IGNORE INTO sync_devices (device_id) VALUES (?1)",
                [dev],
            )?;
        }
    }
    for (dev, label) in &m.labels {
        if dev != this && *dev != m.device_id {
            conn.execute(
                "UPDATE sync_devices SET label = ?2 WHERE device_id = ?1 AND label IS NULL",
                params![dev, label],
            )?;
        }
    }
    if m.device_id != this {
        let seen = m
            .seen
            .as_ref()
            .map(|s| serde_json::to_string(s).expect("seen serializes"));
        conn.execute(
            "INSERT INTO sync_devices (device_id, label, seen, last_import_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(device_id) DO UPDATE SET label = COALESCE(excluded.label, label),
                seen = COALESCE(excluded.seen, seen), last_import_at = excluded.last_import_at",
            params![m.device_id, m.device_label, seen, now],
        )?;
    }
    Ok(())
}

/// Every device whose data this ledger holds (this one first), with when each last synced.
pub fn devices(conn: &Connection) -> Result<Vec<SyncDevice>> {
    let this = this_device(conn)?;
    let mut out = Vec::new();
    let newest = |dev: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached("SELECT hlc FROM device_clocks WHERE device_id = ?1")?
            .query_row([dev], |r| r.get::<_, String>(0))
            .optional()?
            .map(|h| hlc_time(&h)))
    };
    if let Some(id) = &this {
        out.push(SyncDevice {
            device_id: id.clone(),
            label: crate::storage::settings::get(conn, DEVICE_LABEL)?,
            this_device: true,
            last_change_at: newest(id)?,
            last_import_at: None,
            last_export_at: None,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT device_id, label, last_import_at, last_export_at FROM sync_devices
         ORDER BY COALESCE(label, device_id)",
    )?;
    type Row = (String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, label, last_import_at, last_export_at) in rows {
        if Some(&id) == this.as_ref() {
            continue;
        }
        let last_change_at = newest(&id)?;
        if last_change_at.is_none() && last_import_at.is_none() {
            continue; // known by name only: none of its data is here
        }
        out.push(SyncDevice {
            device_id: id,
            label,
            this_device: false,
            last_change_at,
            last_import_at,
            last_export_at,
        });
    }
    Ok(out)
}

/// What every known peer has seen at least (pointwise minimum of what they last reported;
/// a device missing from any peer's report is left out, so all of its changes are sent).
pub(crate) fn peers_seen(conn: &Connection, this: &str) -> Result<(Seen, Vec<String>)> {
    let mut stmt = conn.prepare_cached("SELECT device_id, seen FROM sync_devices")?;
    let rows: Vec<(String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut min: Option<Seen> = None;
    let mut peers = Vec::new();
    for (dev, seen) in rows {
        if dev == this {
            continue;
        }
        // A device that never sent a bundle here has seen nothing we know of.
        let seen: Seen = seen
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        peers.push(dev);
        min = Some(match min {
            None => seen,
            Some(m) => m
                .into_iter()
                .filter_map(|(d, h)| seen.get(&d).map(|o| (d, h.min(o.clone()))))
                .collect(),
        });
    }
    Ok((min.unwrap_or_default(), peers))
}

impl Ledger {
    /// This device's id (made on the first write).
    pub fn device_id(&self) -> Result<Option<String>> {
        this_device(self.connection())
    }

    /// This device's label: an officer's or laptop's name other ledgers show.
    pub fn device_label(&self) -> Result<Option<String>> {
        crate::storage::settings::get(self.connection(), DEVICE_LABEL)
    }

    pub fn set_device_label(&mut self, label: Option<&str>) -> Result<()> {
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        if label.is_some_and(|l| l.chars().count() > 40) {
            return Err(Error::Validation {
                field: Some("label"),
                message: "本机名称不能超过40个字。".into(),
            });
        }
        self.write(|tx, _| {
            // Make sure the device id exists, so the label always belongs to one.
            crate::storage::changelog::begin(tx, None)?;
            crate::storage::settings::set(tx, DEVICE_LABEL, label)
        })
    }

    /// Devices whose data this ledger holds, and when each last synced.
    pub fn sync_devices(&self) -> Result<Vec<SyncDevice>> {
        devices(self.connection())
    }
}

/// Settings key of the file identity the device id belongs to.
pub(crate) const DEVICE_FILE: &str = "device_file";

/// What tells this file from a copy of it: device and inode on Unix, volume serial number and
/// file index on Windows (a copy, or a file renamed over this one, is a new file with a new
/// index). Not the creation time: Wine reports the last status change there, and NTFS gives a
/// file created within seconds of a deleted one of the same name that one's creation time.
pub(crate) fn file_identity(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(format!("{}:{}", meta.dev(), meta.ino()))
    }
    #[cfg(windows)]
    {
        let (volume, index) = windows_file_id(path)?;
        Some(format!("win:{volume:08x}:{index:016x}"))
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        None
    }
}

/// `GetFileInformationByHandle`'s volume serial number and file index (std keeps them
/// unstable), the Windows counterpart of a device and inode.
#[cfg(windows)]
pub(crate) fn windows_file_id(path: &Path) -> Option<(u32, u64)> {
    use std::os::windows::io::AsRawHandle;
    #[repr(C)]
    #[derive(Default)]
    struct ByHandleFileInformation {
        file_attributes: u32,
        creation_time: [u32; 2],
        last_access_time: [u32; 2],
        last_write_time: [u32; 2],
        volume_serial_number: u32,
        file_size_high: u32,
        file_size_low: u32,
        number_of_links: u32,
        file_index_high: u32,
        file_index_low: u32,
    }
    #[link(name = "kernel32")]
    extern "system" {
        fn GetFileInformationByHandle(
            file: *mut std::ffi::c_void,
            info: *mut ByHandleFileInformation,
        ) -> i32;
    }
    let file = std::fs::File::open(path).ok()?;
    let mut info = ByHandleFileInformation::default();
    // SAFETY: the handle is open for the call and `info` is the documented output structure.
    let ok = unsafe { GetFileInformationByHandle(file.as_raw_handle(), &mut info) };
    (ok != 0).then(|| {
        let index = (u64::from(info.file_index_high) << 32) | u64::from(info.file_index_low);
        (info.volume_serial_number, index)
    })
}

impl Ledger {
    /// Run when the app opens its ledger. A ledger file copied to another laptop (or restored
    /// from a copy) would keep the original's device id, and two laptops writing as one device
    /// lose changes in a merge. When the file is not the one the device id was given to, this
    /// ledger takes a new device id (and forgets the label, which named the other laptop); the
    /// old id's data stays listed as another device. Returns whether a new id was taken.
    pub fn claim_device_id(&mut self) -> Result<bool> {
        let Some(identity) = file_identity(self.path()) else {
            return Ok(false);
        };
        let conn = self.connection();
        let stored = crate::storage::settings::get(conn, DEVICE_FILE)?;
        if stored.as_deref() == Some(identity.as_str()) {
            return Ok(false);
        }
        let old = this_device(conn)?;
        let old_label = crate::storage::settings::get(conn, DEVICE_LABEL)?;
        let rotate = stored.is_some() && old.is_some();
        self.write(|tx, _| {
            if rotate {
                let old = old.as_deref().unwrap_or_default();
                tx.execute(
                    "INSERT INTO sync_devices (device_id, label) VALUES (?1, ?2)
                     ON CONFLICT(device_id) DO UPDATE SET label = COALESCE(label, excluded.label)",
                    params![old, old_label],
                )?;
                crate::storage::settings::set(
                    tx,
                    crate::storage::changelog::DEVICE_ID,
                    Some(&crate::util::new_id()),
                )?;
                crate::storage::settings::set(tx, DEVICE_LABEL, None)?;
            } else {
                crate::storage::changelog::begin(tx, None)?;
            }
            crate::storage::settings::set(tx, DEVICE_FILE, Some(&identity))
        })?;
        Ok(rotate)
    }
}

//! What laptops exchange: a bundle of registers (a field's value and its clock) with its
//! manifest, the hybrid logical clock, and reading and writing bundle files.

use std::collections::BTreeMap;

use rusqlite::types::Value as Sql;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::*;

/// Tables exchanged, in the order rows must exist for foreign keys.
pub const TABLES: &[&str] = &[
    "teams",
    "industry_chains",
    "industries",
    "parks",
    "region_groups",
    "officers",
    "companies",
    "projects",
    "stage_changes",
    "project_years",
    "activities",
    "attachments",
    "targets",
    "search_aliases",
    "alert_rules",
    "score_rules",
    "export_templates",
    "no_update_reasons",
    "assignments",
];

/// The attachment contents (SHA-256, sorted, once each) that the registers' attachment rows name.
pub(crate) fn attachment_contents(registers: &[Register]) -> Vec<String> {
    let mut hashes: Vec<String> = registers
        .iter()
        .filter(|r| r.table == "attachments" && r.field == "sha256")
        .filter_map(|r| serde_json::from_str::<String>(&r.value).ok())
        .collect();
    hashes.sort();
    hashes.dedup();
    hashes
}

/// Remote clocks further ahead of this device's clock than this are flagged, not trusted.
pub const MAX_CLOCK_SKEW_MS: i64 = 24 * 3600 * 1000;

/// The newest clock seen from each device.
pub type Seen = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Register {
    pub table: String,
    pub row_id: String,
    /// A field name, or "deleted".
    pub field: String,
    pub value: String,
    pub hlc: String,
    pub device_id: String,
    /// The clock (`"hlc device"`) of the value this write replaced on the device that made it:
    /// a receiver holding a newer local write than that knows neither side saw the other's
    /// edit (a conflict for review). None for a row's creation and older bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The officer who made the write, when known (shown on the 冲突 screen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Manifest {
    pub format: u32,
    pub device_id: String,
    pub schema_version: i64,
    pub created_at: String,
    /// What the bundle covers: the newest clock per device it contains.
    pub covers: Seen,
    pub registers: u32,
    /// SHA-256 (hex) of the manifest (every field but this one) and the registers, see
    /// [`seal_digest`]: a changed `covers`, `since` or label fails the check like a changed
    /// value.
    pub sha256: String,
    /// What the sending ledger had seen when it wrote the bundle: the receiver remembers it
    /// and later sends that device only what it lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Seen>,
    /// What the receiver the bundle was written for had seen (the bundle holds what came after).
    /// Another ledger that has seen less of a device would be left with a gap: it holds the
    /// bundle back ([`lacks_changes_before`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Seen>,
    /// The sending device's label (an officer's or laptop's name set in 同步).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_label: Option<String>,
    /// Labels of other devices the sender knows, passed along by a hub.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub manifest: Manifest,
    pub registers: Vec<Register>,
    /// Attachment contents the receiver lacks: each with the first attachment row that names
    /// it for that receiver, never again (see `export`). Checked by their own hashes, not by
    /// the manifest's digest (so the office server can carry them apart from the registers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blobs: Vec<Blob>,
}

/// One attachment's content in a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blob {
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// The content, base64 (standard alphabet).
    pub content: String,
}

impl Blob {
    pub fn new(content: &[u8]) -> Blob {
        use base64::Engine;
        Blob {
            sha256: crate::attachments::blobs::sha256_hex(content),
            content: base64::engine::general_purpose::STANDARD.encode(content),
        }
    }
    /// The content, checked against its hash.
    pub fn bytes(&self) -> Result<Vec<u8>> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&self.content)
            .ok()
            .filter(|b| crate::attachments::blobs::sha256_hex(b) == self.sha256)
            .ok_or_else(|| Error::Validation {
                field: None,
                message: "同步文件中的附件内容校验失败（内容不完整或被改动），未导入任何数据。"
                    .into(),
            })?;
        Ok(bytes)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeReport {
    /// Registers whose remote value won.
    pub applied: u32,
    /// Registers already known or older than the local value, or held back (the bundle was
    /// written for a laptop that had seen changes this one lacks: they come in a bundle
    /// written for this one).
    pub skipped: u32,
    /// Rows new to this ledger.
    pub rows_added: u32,
    /// Registers with a clock too far in the future (not applied).
    pub skewed: u32,
    /// Concurrent edits of one field with different values, newly recorded for review.
    #[serde(default)]
    pub conflicts: u32,
    /// The whole bundle was held back ([`lacks_changes_before`]): it was written for a laptop
    /// that had seen changes this one lacks. Nothing of it was written; a bundle written for
    /// this laptop brings everything.
    #[serde(default)]
    pub held_back: bool,
}

/// The bundle format written: 2, whose digest covers the manifest (format 1's covered only the
/// registers, so its manifest could be changed unnoticed; such files are refused).
pub const FORMAT: u32 = 2;

impl Bundle {
    /// Sets the format, the register count and the checksum after the bundle changed.
    pub fn seal(&mut self) {
        self.manifest.format = FORMAT;
        self.manifest.registers = self.registers.len() as u32;
        self.manifest.sha256 = seal_digest(&self.manifest, &self.registers);
    }
}

/// A clock as one sortable text: `"hlc device"` (the HLC has a fixed width).
pub(crate) fn clock(hlc: &str, device: &str) -> String {
    format!("{hlc} {device}")
}

/// Milliseconds since the epoch of an HLC value.
pub(crate) fn hlc_ms(hlc: &str) -> i64 {
    hlc.split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

/// Edits of one field whose writers' histories are unknown (entries merged by an older
/// version) count as concurrent when their clocks are this close.
pub const CONFLICT_WINDOW_MS: i64 = 24 * 3600 * 1000;

/// SHA-256 (hex) of the registers' JSON alone: format 1's checksum.
pub fn digest(registers: &[Register]) -> String {
    let json = serde_json::to_vec(registers).expect("registers serialize");
    let hash = Sha256::digest(&json);
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 (hex) of the manifest's JSON with an empty `sha256`, a newline, and the registers'
/// JSON: [`Manifest::sha256`] of format 2 ([`Bundle::seal`] sets it).
pub fn seal_digest(manifest: &Manifest, registers: &[Register]) -> String {
    let mut unsealed = manifest.clone();
    unsealed.sha256 = String::new();
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(&unsealed).expect("manifest serializes"));
    hash.update(b"\n");
    hash.update(serde_json::to_vec(registers).expect("registers serialize"));
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The newest write of one register as the change log tells it.
pub(crate) struct Clk {
    pub(crate) hlc: String,
    pub(crate) dev: String,
    pub(crate) officer: Option<String>,
    pub(crate) prev: Option<String>,
}

/// Settings key of this device's human label (an officer's or laptop's name).
pub const DEVICE_LABEL: &str = "device_label";

/// Writes a bundle file (JSON) for a USB stick or a shared folder: all on the stick before it
/// takes its name, so a stick pulled out early holds no half bundle under the real name.
pub fn write_bundle(bundle: &Bundle, path: &std::path::Path) -> Result<()> {
    let json = serde_json::to_vec(bundle).expect("bundle serializes");
    crate::storage::files::write_whole(path, &json)?;
    Ok(())
}

/// Reads and checks a bundle file: a damaged or foreign file is rejected whole.
pub fn read_bundle(path: &std::path::Path) -> Result<Bundle> {
    let bytes = std::fs::read(path)?;
    let bundle: Bundle = serde_json::from_slice(&bytes).map_err(|_| Error::Validation {
        field: None,
        message: format!("“{}”不是招商台账的同步文件，或文件已损坏。", path.display()),
    })?;
    check(&bundle)?;
    Ok(bundle)
}

/// Rejects a bundle of another format or schema version, or whose manifest or registers fail
/// the digest.
pub fn check(bundle: &Bundle) -> Result<()> {
    match bundle.manifest.format {
        FORMAT => {}
        1 => {
            return Err(Error::Conflict(
                "同步文件由旧版软件写出（格式 1，其清单不受校验保护），为安全起见不再接受：请对方升级软件后重新导出同步文件。"
                    .into(),
            ))
        }
        _ => {
            return Err(Error::Conflict(
                "同步文件的格式版本不受支持，请升级软件。".into(),
            ))
        }
    }
    if bundle.manifest.schema_version != crate::storage::db::SCHEMA_VERSION {
        return Err(Error::Conflict(format!(
            "同步文件来自数据版本 {} 的台账，本软件为版本 {}；请两台电脑使用同一版本的软件。",
            bundle.manifest.schema_version,
            crate::storage::db::SCHEMA_VERSION
        )));
    }
    if bundle.manifest.registers as usize != bundle.registers.len()
        || seal_digest(&bundle.manifest, &bundle.registers) != bundle.manifest.sha256
    {
        return Err(Error::Validation {
            field: None,
            message: "同步文件校验失败（内容不完整或被改动），未导入任何数据。".into(),
        });
    }
    Ok(())
}

pub(crate) fn sql_value(table: &str, field: &str, v: &Value) -> Result<Sql> {
    // Enums travel as their serde names; the database stores their codes.
    let text = |s: &str| -> Result<Sql> {
        let code = match (table, field) {
            ("stage_changes", "to_stage") => serde_json::from_value::<Stage>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            ("stage_changes", "construction_kind") => {
                serde_json::from_value::<ConstructionKind>(Value::from(s))
                    .ok()
                    .map(|x| x.code())
            }
            ("activities", "kind") => serde_json::from_value::<ActivityKind>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            ("targets", "period") => serde_json::from_value::<TargetPeriod>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            ("targets", "metric") => serde_json::from_value::<TargetMetric>(Value::from(s))
                .ok()
                .map(|x| x.code()),
            _ => None,
        };
        Ok(Sql::Text(
            code.map(str::to_string).unwrap_or_else(|| s.to_string()),
        ))
    };
    Ok(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .unwrap_or(Sql::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => text(s)?,
        _ => {
            return Err(Error::Validation {
                field: None,
                message: format!("同步数据中 {table}.{field} 的值无法识别。"),
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed() -> Bundle {
        let mut b = Bundle {
            manifest: Manifest {
                format: FORMAT,
                device_id: "dev-a".into(),
                schema_version: crate::storage::db::SCHEMA_VERSION,
                created_at: "2022-12-31T00:00:00Z".into(),
                covers: [("dev-a".to_string(), "1656000000000.00001".to_string())].into(),
                registers: 0,
                sha256: String::new(),
                seen: Some(Seen::new()),
                since: Some(Seen::new()),
                device_label: Some("王磊".into()),
                labels: BTreeMap::new(),
            },
            blobs: Vec::new(),
            registers: vec![Register {
                table: "teams".into(),
                row_id: "t1".into(),
                field: "name".into(),
                value: "\"招商一组\"".into(),
                hlc: "1656000000000.00001".into(),
                device_id: "dev-a".into(),
                prev: None,
                officer_id: None,
            }],
        };
        b.seal();
        b
    }

    #[test]
    fn the_digest_covers_the_manifest() {
        let b = sealed();
        check(&b).unwrap();
        let changes: [fn(&mut Manifest); 4] = [
            |m| m.device_label = Some("李娜".into()),
            |m| m.since = Some([("dev-b".to_string(), "9".to_string())].into()),
            |m| m.covers.clear(),
            |m| {
                m.labels.insert("dev-b".into(), "冒名".into());
            },
        ];
        for change in changes {
            let mut t = b.clone();
            change(&mut t.manifest);
            let e = check(&t).unwrap_err();
            assert!(e.to_string().contains("校验失败"), "{e}");
        }
        // Registers as before.
        let mut t = b.clone();
        t.registers[0].value = "\"篡改\"".into();
        assert!(check(&t).is_err());
    }

    #[test]
    fn an_old_format_bundle_is_refused_clearly() {
        let mut old = sealed();
        old.manifest.format = 1;
        old.manifest.sha256 = digest(&old.registers);
        let e = check(&old).unwrap_err();
        assert!(e.to_string().contains("旧版软件"), "{e}");
    }
}

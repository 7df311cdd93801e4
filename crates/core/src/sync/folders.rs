//! Bundle files in a folder (a USB stick or a shared folder; the live ledger never lives
//! there): writing this ledger's bundle and importing every bundle found.

use std::path::{Path, PathBuf};

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::sync::devices::*;
use crate::sync::{self, Bundle, MergeReport};

/// File extension of bundle files.
pub const BUNDLE_EXTENSION: &str = "zsync";

/// Whether `path` names a sync bundle by its extension (`.zsync`, any case, as Windows
/// Explorer passes it when a bundle is double-clicked).
pub fn is_bundle_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case(BUNDLE_EXTENSION))
}

/// The folder bundles go to unless the user names another: 招商台账同步 in Documents (else in
/// the home folder). The app passes the folders its platform reports.
pub const DEFAULT_FOLDER_NAME: &str = "招商台账同步";

/// [`DEFAULT_FOLDER_NAME`] in `documents`, else in `home`, else in the working folder.
pub fn default_folder(documents: Option<PathBuf>, home: Option<PathBuf>) -> PathBuf {
    documents
        .or(home)
        .unwrap_or_else(|| PathBuf::from("."))
        .join(DEFAULT_FOLDER_NAME)
}

/// The folder (or bundle file) a user typed, trimmed; empty is refused on the field `folder`.
pub fn folder_named(text: &str) -> Result<PathBuf> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(
            "folder",
            "请填写文件夹（U盘或共享文件夹）。",
        ));
    }
    Ok(PathBuf::from(text))
}

/// Creates `folder` when it is the suggested default (a folder the user names must exist: a
/// missing USB stick is not silently replaced by a new empty folder).
pub fn create_if_default(folder: &Path, default: &Path) -> Result<()> {
    if folder == default {
        std::fs::create_dir_all(folder)?;
    }
    Ok(())
}

/// A bundle written to a folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExportedBundle {
    pub path: String,
    pub file_name: String,
    pub registers: u32,
    /// Labels (or ids) of the known devices the bundle is meant for; empty: anyone.
    pub for_devices: Vec<String>,
}

/// Characters kept from a label in a file name.
pub(crate) fn file_safe(label: &str) -> String {
    let s: String = label
        .chars()
        .filter(|c| !c.is_control() && !"\\/:*?\"<>|".contains(*c))
        .collect();
    s.trim().chars().take(24).collect()
}

/// One imported bundle file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportedFile {
    pub file_name: String,
    /// The device that wrote it (its label when it has one).
    pub from: Option<String>,
    /// Registers in the file.
    pub received: u32,
    pub report: Option<MergeReport>,
    /// Why the file was rejected whole (nothing of it was imported).
    pub error: Option<String>,
    /// The file is this ledger's own bundle (skipped).
    pub own: bool,
}

/// Totals of importing one file or a folder of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportSummary {
    pub files: Vec<ImportedFile>,
    pub received: u32,
    pub merged: u32,
    pub skipped: u32,
    pub rows_added: u32,
    pub conflicts: u32,
    pub skewed: u32,
    pub rejected: u32,
    /// Files held back whole because they were written for another laptop
    /// ([`MergeReport::held_back`]).
    #[serde(default)]
    pub held_back: u32,
}

impl Ledger {
    /// Writes, into `folder` (a USB stick, a shared folder), one bundle with every change that
    /// some known device has not seen (all changes when no device is known yet). The file
    /// name says which device wrote it and when.
    pub fn export_bundle_to_folder(&mut self, folder: &Path) -> Result<ExportedBundle> {
        if !folder.is_dir() {
            return Err(Error::Validation {
                field: Some("folder"),
                message: format!("文件夹“{}”不存在或无法访问。", folder.display()),
            });
        }
        // Make sure this ledger has a device id before naming the file after it.
        if self.device_id()?.is_none() {
            self.write(|tx, _| crate::storage::changelog::begin(tx, None).map(|_| ()))?;
        }
        let this = self.device_id()?.unwrap_or_default();
        let (since, peers) = peers_seen(self.connection(), &this)?;
        let bundle = sync::export(self, &since)?;
        let who = self
            .device_label()?
            .map(|l| file_safe(&l))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| this.chars().rev().take(8).collect::<String>());
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let mut file_name = format!("{who}-{stamp}.{BUNDLE_EXTENSION}");
        let mut n = 2;
        while folder.join(&file_name).exists() {
            file_name = format!("{who}-{stamp}-{n}.{BUNDLE_EXTENSION}");
            n += 1;
        }
        let path = folder.join(&file_name);
        sync::write_bundle(&bundle, &path)?;
        let now = crate::util::now_stamp();
        let labels = known_labels(self.connection())?;
        for p in &peers {
            self.connection().execute(
                "UPDATE sync_devices SET last_export_at = ?2 WHERE device_id = ?1",
                params![p, now],
            )?;
        }
        Ok(ExportedBundle {
            path: path.display().to_string(),
            file_name,
            registers: bundle.registers.len() as u32,
            for_devices: peers
                .iter()
                .map(|p| labels.get(p).cloned().unwrap_or_else(|| p.clone()))
                .collect(),
        })
    }

    /// Imports one bundle file, or every bundle file in a folder (oldest name first). Each file
    /// is all or nothing; a damaged one is rejected whole and the others still count. This
    /// ledger's own bundles are skipped.
    pub fn import_bundles(&mut self, path: &Path) -> Result<ImportSummary> {
        let files: Vec<PathBuf> = if path.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_bundle_file(p))
                .collect();
            v.sort();
            v
        } else if path.is_file() {
            vec![path.to_path_buf()]
        } else {
            return Err(Error::Validation {
                field: Some("path"),
                message: format!("“{}”不存在或无法访问。", path.display()),
            });
        };
        if files.is_empty() {
            return Err(Error::Validation {
                field: Some("path"),
                message: format!(
                    "文件夹“{}”中没有同步文件（.{BUNDLE_EXTENSION}）。",
                    path.display()
                ),
            });
        }
        let this = self.device_id()?;
        let mut sum = ImportSummary::default();
        for f in files {
            let file_name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bundle: Result<Bundle> = sync::read_bundle(&f);
            let mut entry = ImportedFile {
                file_name,
                from: None,
                received: 0,
                report: None,
                error: None,
                own: false,
            };
            match bundle {
                Err(e) => {
                    entry.error = Some(e.to_string());
                    sum.rejected += 1;
                }
                Ok(b) => {
                    entry.from = b
                        .manifest
                        .device_label
                        .clone()
                        .or_else(|| Some(b.manifest.device_id.clone()));
                    entry.received = b.registers.len() as u32;
                    if Some(&b.manifest.device_id) == this.as_ref() {
                        entry.own = true;
                    } else {
                        match sync::import(self, &b) {
                            Ok(r) => {
                                sum.received += entry.received;
                                sum.merged += r.applied;
                                sum.skipped += r.skipped;
                                sum.rows_added += r.rows_added;
                                sum.conflicts += r.conflicts;
                                sum.skewed += r.skewed;
                                sum.held_back += u32::from(r.held_back);
                                entry.report = Some(r);
                            }
                            Err(e) => {
                                entry.error = Some(e.to_string());
                                sum.rejected += 1;
                            }
                        }
                    }
                }
            }
            sum.files.push(entry);
        }
        Ok(sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_folder_is_trimmed_and_an_empty_one_refused_on_its_field() {
        assert_eq!(
            folder_named("  E:\\同步 ").unwrap(),
            PathBuf::from("E:\\同步")
        );
        let e = folder_named("  ").unwrap_err();
        assert_eq!(e.field(), Some("folder"));
        assert!(e.to_string().contains("请填写文件夹"), "{e}");
    }

    #[test]
    fn only_the_suggested_folder_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let default = default_folder(Some(dir.path().to_path_buf()), None);
        assert_eq!(default, dir.path().join("招商台账同步"));
        let stick = dir.path().join("U盘");
        create_if_default(&stick, &default).unwrap();
        assert!(!stick.exists());
        create_if_default(&default, &default).unwrap();
        assert!(default.is_dir());
        assert_eq!(
            default_folder(None, Some(PathBuf::from("/home/w"))),
            PathBuf::from("/home/w/招商台账同步")
        );
    }
}

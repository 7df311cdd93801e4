//! The names exported files get: 项目台账-2022-06-30.xlsx, 调度表-20220101至20220630.xlsx, and
//! `name (2).xlsx`… when that name is taken, so an export never overwrites an earlier file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::reports::period::Period;
use crate::storage::files::write_whole;

/// 导出台账: the project list exported on `today` (the file's name without extension).
pub fn projects_export_stem(today: NaiveDate) -> String {
    format!("项目台账-{}", today.format("%Y-%m-%d"))
}

/// 调度表: the report of `period` (the file's name without extension).
pub fn report_export_stem(period: &Period) -> String {
    format!(
        "调度表-{}至{}",
        period.from.format("%Y%m%d"),
        period.to.format("%Y%m%d")
    )
}

/// `folder/stem.ext`, or `stem (2).ext`, `stem (3).ext`… when that exists.
pub fn free_name(folder: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = folder.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("{stem} ({n}).{ext}")))
        .find(|p| !p.exists())
        .expect("some free name")
}

/// Writes an export into `folder` (created when missing) under `stem.ext`, or the first free
/// `stem (n).ext` ([`free_name`]), whole or not at all. Returns the file's path.
pub fn write_export(folder: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(folder).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("无法创建文件夹 {}：{e}", folder.display()),
        ))
    })?;
    let path = free_name(folder, stem, ext);
    write_whole(&path, bytes).map_err(|e| {
        Error::Io(std::io::Error::new(
            e.kind(),
            format!("无法写入 {}：{e}", path.display()),
        ))
    })?;
    Ok(path)
}

//! `zhaoshang backup` and `zhaoshang restore`: the core's `backup` module on the command line.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use zhaoshang_core::storage::backup::{self, BackupInfo, RetentionPolicy};
use zhaoshang_core::storage::backup_folders;
use zhaoshang_core::{Error, Result};

#[derive(Args)]
pub struct BackupArgs {
    /// Also copy the backup into this folder (a USB stick; repeatable).
    #[arg(long = "to", value_name = "DIR")]
    to: Vec<PathBuf>,
    /// List the backups instead of making one.
    #[arg(long, conflicts_with = "prune")]
    list: bool,
    /// Delete old backups by the rotation rule (7 daily, 4 weekly, 12 monthly) without making one.
    #[arg(long)]
    prune: bool,
    /// Backup folder to list or prune (default: `backups` beside the ledger; repeatable).
    #[arg(long = "dir", value_name = "DIR")]
    dir: Vec<PathBuf>,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file to restore.
    #[arg(required_unless_present = "latest", conflicts_with = "latest")]
    file: Option<PathBuf>,
    /// Restore the newest backup that passes its integrity check.
    #[arg(long)]
    latest: bool,
    /// Folder(s) to look in with --latest (default: `backups` beside the ledger).
    #[arg(long = "dir", value_name = "DIR")]
    dir: Vec<PathBuf>,
}

pub fn backup(db: &Path, args: BackupArgs) -> Result<()> {
    let dirs = if args.dir.is_empty() {
        vec![backup::default_dir(db)]
    } else {
        args.dir.clone()
    };
    if args.list {
        for dir in &dirs {
            list(dir)?;
        }
        return Ok(());
    }
    if args.prune {
        for dir in &dirs {
            let gone = backup::prune(dir, RetentionPolicy::default(), backup::local_offset())?;
            println!(
                "{}：按保留规则删除了 {} 个旧备份，余 {} 个。",
                dir.display(),
                gone.len(),
                backup::list_backups(dir)?.len()
            );
        }
        return Ok(());
    }
    if !db.is_file() {
        return Err(Error::NotFound {
            what: "台账文件",
            id: db.display().to_string(),
        });
    }
    let mut targets = dirs;
    targets.extend(args.to);
    let out = backup::make_backup_with(db, crate::passphrase(), &targets, Utc::now())?;
    let first = &out.made[0];
    println!(
        "已备份：{}（{}，{} 个项目，完整性检查通过，用时 {:.1} 秒）",
        first.path.display(),
        size(first.size),
        out.verified.projects,
        out.elapsed.as_secs_f64()
    );
    for b in &out.made[1..] {
        println!("已另存：{}（完整性检查通过）", b.path.display());
    }
    for (dir, why) in &out.failed {
        eprintln!("未能备份到 {}：{why}", dir.display());
    }
    if !out.pruned.is_empty() {
        println!("已按保留规则删除 {} 个旧备份。", out.pruned.len());
    }
    if !out.failed.is_empty() {
        return Err(Error::Conflict(format!(
            "有 {} 个备份位置没有写成，见上。",
            out.failed.len()
        )));
    }
    Ok(())
}

fn list(dir: &Path) -> Result<()> {
    let all = backup::list_backups(dir)?;
    println!("备份目录：{}（{} 个）", dir.display(), all.len());
    for b in &all {
        println!(
            "  {}  {}  {:>9}{}",
            local(b.taken_at),
            b.path.file_name().unwrap_or_default().to_string_lossy(),
            size(b.size),
            note(b)
        );
    }
    Ok(())
}

fn note(b: &BackupInfo) -> String {
    let lock = if b.encrypted { "  已加密" } else { "" };
    let tag = match b.tag.as_deref() {
        Some(t) if t.contains("-before-") => "  升级数据版本前的备份，不会自动删除",
        Some(_) => "  不会自动删除",
        None => "",
    };
    format!("{lock}{tag}")
}

pub fn restore(db: &Path, args: RestoreArgs) -> Result<()> {
    let dirs = if args.dir.is_empty() {
        vec![backup::default_dir(db)]
    } else {
        args.dir
    };
    let file = match args.file {
        Some(f) => f,
        None => {
            backup_folders::newest_good_backup(&dirs, crate::passphrase())
                .required(&dirs)?
                .path
        }
    };
    let report = backup::restore_with(&file, db, Utc::now(), crate::passphrase())?;
    println!("已从备份恢复：{}", report.restored_from.display());
    println!(
        "台账：{}（{} 个项目，数据版本 {}，完整性检查通过）",
        report.ledger_path.display(),
        report.verified.projects,
        report.verified.schema_version
    );
    match &report.previous_kept_at {
        Some(p) => println!("原台账文件已保留为：{}", p.display()),
        None => println!("此前该位置没有台账文件。"),
    }
    Ok(())
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

//! `zhaoshang sync`: exchange change bundles between laptops by USB stick or shared folder.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use zhaoshang_core::sync::{read_bundle, write_bundle, Seen};
use zhaoshang_core::{Ledger, Result};

#[derive(Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: SyncCommand,
}

#[derive(Subcommand)]
enum SyncCommand {
    /// Write what another laptop lacks to a bundle file. Without --peer, everything.
    Export {
        /// Bundle file to write (e.g. E:\\招商台账\\王磊-0630.zsync).
        out: PathBuf,
        /// The other laptop's `sync seen` file: only what it has not seen is exported.
        #[arg(long)]
        peer: Option<PathBuf>,
    },
    /// Merge a bundle from another laptop (all or nothing; importing twice changes nothing).
    Import { bundle: PathBuf },
    /// Write what this ledger has seen, for the other laptop's `export --peer`.
    Seen { out: PathBuf },
}

pub fn run(db: &Path, args: SyncArgs) -> Result<()> {
    let mut ledger = Ledger::open(db)?;
    match args.command {
        SyncCommand::Export { out, peer } => {
            let since: Seen = match peer {
                Some(p) => serde_json::from_slice(&std::fs::read(&p)?).map_err(|_| {
                    zhaoshang_core::Error::Validation {
                        field: None,
                        message: format!("“{}”不是 zhaoshang sync seen 生成的文件。", p.display()),
                    }
                })?,
                None => Seen::new(),
            };
            let bundle = ledger.export_changes(&since)?;
            write_bundle(&bundle, &out)?;
            println!(
                "已导出 {} 项修改到 {}（校验码 {}）",
                bundle.manifest.registers,
                out.display(),
                &bundle.manifest.sha256[..12]
            );
        }
        SyncCommand::Import { bundle } => {
            let b = read_bundle(&bundle)?;
            let r = ledger.import_changes(&b)?;
            println!(
                "已合并：采用 {} 项，跳过 {} 项（已有或较旧），新增记录 {} 条{}",
                r.applied,
                r.skipped,
                r.rows_added,
                if r.skewed > 0 {
                    format!("；{} 项时间超前过多，未采用，请检查对方电脑时钟", r.skewed)
                } else {
                    String::new()
                }
            );
        }
        SyncCommand::Seen { out } => {
            let seen = ledger.sync_seen()?;
            std::fs::write(&out, serde_json::to_vec_pretty(&seen).expect("serializes"))?;
            println!("已写出本机同步进度：{}", out.display());
        }
    }
    Ok(())
}

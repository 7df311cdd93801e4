//! `zhaoshang alias`: the search box's 别名 (简称, former names): `alias add 凌钢 凌源钢铁`
//! makes 凌钢 find what 凌源钢铁 finds; `alias list`; `alias delete <id>`.

use std::path::Path;

use clap::{Args, Subcommand};
use zhaoshang_core::Result;

#[derive(Args)]
pub struct AliasArgs {
    #[command(subcommand)]
    command: AliasCommand,
}

#[derive(Subcommand)]
enum AliasCommand {
    /// 添加别名：<简称> 能搜到 <全称> 能搜到的项目、企业、人员。
    Add {
        /// 简称或曾用名，如 凌钢。
        alias: String,
        /// 全称，如 凌源钢铁。
        canonical: String,
    },
    /// 列出全部别名（编号、简称、全称）。
    List,
    /// 按编号删除一个别名（编号见 alias list）。
    Delete { id: String },
}

pub fn run(db: &Path, args: AliasArgs) -> Result<()> {
    let mut ledger = crate::open_existing(db)?;
    match args.command {
        AliasCommand::Add { alias, canonical } => {
            ledger.add_search_alias(&alias, &canonical)?;
            println!("已添加别名：{} → {}", alias.trim(), canonical.trim());
        }
        AliasCommand::List => {
            let aliases = ledger.search_aliases()?;
            if aliases.is_empty() {
                println!("还没有别名。");
            }
            for a in aliases {
                println!("{}\t{}\t{}", a.id, a.alias, a.canonical);
            }
        }
        AliasCommand::Delete { id } => {
            ledger.delete_search_alias(&id)?;
            println!("已删除别名 {id}。");
        }
    }
    Ok(())
}

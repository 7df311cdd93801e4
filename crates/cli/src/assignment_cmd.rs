//! `zhaoshang assignment`: the 督办 list of 交办单 — `assignment list [--overdue] [--all]`
//! prints open ones (催办/督办 marked), `assignment export --out 督办清单.xlsx` writes it.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use zhaoshang_core::assignments::AssignmentFilter;
use zhaoshang_core::Result;

#[derive(Args)]
pub struct AssignmentArgs {
    #[command(subcommand)]
    command: AssignmentCommand,
}

#[derive(Subcommand)]
enum AssignmentCommand {
    /// 列出交办单：未办结的，逾期的标注催办（1–7天）或督办（7天以上）。
    List {
        /// 只列逾期的（催办、督办）。
        #[arg(long)]
        overdue: bool,
        /// 也列出已办结的。
        #[arg(long)]
        all: bool,
    },
    /// 导出督办清单（.xlsx）。
    Export {
        /// 输出文件，如 督办清单.xlsx。
        #[arg(long)]
        out: PathBuf,
        /// 只导出逾期的（催办、督办）。
        #[arg(long)]
        overdue: bool,
        /// 也导出已办结的。
        #[arg(long)]
        all: bool,
    },
}

fn filter(overdue: bool, all: bool) -> AssignmentFilter {
    AssignmentFilter {
        open_only: !all,
        overdue_only: overdue,
        ..Default::default()
    }
}

pub fn run(db: &Path, args: AssignmentArgs) -> Result<()> {
    let ledger = crate::open_existing(db)?;
    match args.command {
        AssignmentCommand::List { overdue, all } => {
            let rows = ledger.assignments(&filter(overdue, all))?;
            if rows.is_empty() {
                println!(
                    "{}",
                    if overdue {
                        "没有逾期的交办单。"
                    } else {
                        "没有交办单。"
                    }
                );
            }
            for r in rows {
                let a = &r.assignment;
                let mark = match (r.urgency, r.overdue_days) {
                    (Some(u), Some(d)) => format!("{}（逾期{d}天）", u.label()),
                    _ => String::new(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t时限 {}\t{}\t{mark}",
                    a.id,
                    r.project_name,
                    a.task,
                    r.assignee_name,
                    a.due_on,
                    a.status.label()
                );
            }
        }
        AssignmentCommand::Export { out, overdue, all } => {
            let rows = ledger.assignments(&filter(overdue, all))?;
            let bytes = ledger.export_assignments_xlsx(&filter(overdue, all))?;
            std::fs::write(&out, bytes)?;
            println!(
                "已导出督办清单：{}（{} 张交办单）",
                out.display(),
                rows.len()
            );
        }
    }
    Ok(())
}

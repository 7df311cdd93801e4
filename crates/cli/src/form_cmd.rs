//! `zhaoshang form`: the forms sent upward (上报报表) — `form list` prints the templates
//! (built-ins first), `form export --template 在谈项目信息采集表 --date 2026-12-04 --out F.xlsx`
//! writes a template's form for the week or month holding the date.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use zhaoshang_core::io::forms::{FormKind, FormPeriod, SplitBy};
use zhaoshang_core::Result;

#[derive(Args)]
pub struct FormArgs {
    #[command(subcommand)]
    command: FormCommand,
}

#[derive(Subcommand)]
enum FormCommand {
    /// 列出报表模板（内置的在前）。
    List,
    /// 导出一张上报报表（.xlsx）。
    Export {
        /// 模板名称或编号，如 在谈项目信息采集表、月报。
        #[arg(long)]
        template: String,
        /// 日期：导出它所在的一周（周一至周日）或一个月。默认今天。
        #[arg(long)]
        date: Option<NaiveDate>,
        /// 输出文件，如 在谈项目信息采集表.xlsx。
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(db: &Path, args: FormArgs) -> Result<()> {
    let ledger = crate::open_existing(db)?;
    match args.command {
        FormCommand::List => {
            for t in ledger.form_templates()? {
                let period = match t.scope.period {
                    FormPeriod::Week => "每周",
                    FormPeriod::Month => "每月",
                };
                let what = match t.kind {
                    FormKind::MonthlyFigures => "月报数字".to_string(),
                    FormKind::Projects => format!("{} 列", t.columns.len()),
                };
                let split = match t.split_by {
                    SplitBy::None => "",
                    SplitBy::Team => "\t按团队分表",
                    SplitBy::Park => "\t按园区分表",
                };
                let builtin = if t.builtin { "\t内置" } else { "" };
                println!("{}\t{}\t{period}\t{what}{split}{builtin}", t.id, t.name);
            }
        }
        FormCommand::Export {
            template,
            date,
            out,
        } => {
            let date = date.unwrap_or_else(|| ledger.today());
            let bytes = ledger.export_form(&template, date)?;
            std::fs::write(&out, bytes)?;
            println!(
                "已导出{}：{}",
                ledger.form_template(&template)?.name,
                out.display()
            );
        }
    }
    Ok(())
}

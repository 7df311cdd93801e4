//! `zhaoshang alerts [--today YYYY-MM-DD]`: the projects that trip the office's 预警 rules
//! (督办), one line each: rule and how long, project, stage, 责任人.

use std::path::Path;

use chrono::NaiveDate;
use clap::Args;
use zhaoshang_core::Result;

#[derive(Args)]
pub struct AlertsArgs {
    /// 按这一天计算（默认与「跟进提醒」相同：今天，或台账最新数据所在半年的末日）。
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
}

pub fn run(db: &Path, args: AlertsArgs) -> Result<()> {
    let ledger = crate::open_existing(db)?;
    let today = match args.today {
        Some(d) => d,
        None => ledger.suggested_period()?.to.min(ledger.today()),
    };
    let alerts = ledger.alerts_on(today)?;
    println!("截至 {today}，预警（督办）项目 {} 项。", alerts.len());
    for a in alerts {
        println!(
            "{}\t{}\t{}\t{}",
            a.describe(),
            a.project_name,
            a.stage.label(),
            a.officer_name.as_deref().unwrap_or("（无责任人）")
        );
    }
    Ok(())
}

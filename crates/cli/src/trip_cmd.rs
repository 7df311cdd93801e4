//! `zhaoshang trip-report`: 出访报告, the 外出招商 of a period (optionally of one team) with
//! their 团组名称, 带队领导, 成员, 出访地, 拜访企业, 取得成果 and 下一步打算, as a printable .xlsx.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use zhaoshang_core::io::traditional::Script;
use zhaoshang_core::io::trip_report::TripReportQuery;
use zhaoshang_core::{Period, Result};

#[derive(Args)]
pub struct TripReportArgs {
    /// 起始日期（2022-05-01）。
    #[arg(long)]
    from: NaiveDate,
    /// 截止日期（2022-05-31），含当天。
    #[arg(long)]
    to: NaiveDate,
    /// 只含这个团队的外出招商（团队名称，如 招商一组）。
    #[arg(long)]
    team: Option<String>,
    /// 输出文件（.xlsx）。
    #[arg(long)]
    out: PathBuf,
    /// 表头等固定文字用繁体。
    #[arg(long)]
    traditional: bool,
}

pub fn run(db: &Path, args: TripReportArgs) -> Result<()> {
    let ledger = crate::open_existing(db)?;
    let team_id = match &args.team {
        Some(name) => crate::names_to_ids(
            std::slice::from_ref(name),
            "团队",
            ledger.teams()?.into_iter().map(|t| (t.id, t.name)),
        )?
        .pop(),
        None => None,
    };
    let query = TripReportQuery {
        activity_id: None,
        period: Some(Period::new(args.from, args.to)?),
        team_id,
    };
    let script = if args.traditional {
        Script::Traditional
    } else {
        Script::Simplified
    };
    let report = ledger.trip_report(&query)?;
    let (_, bytes) = ledger.export_trip_report_xlsx(&query, script)?;
    std::fs::write(&args.out, &bytes)?;
    println!(
        "已导出出访报告：{}（{} 次外出招商，{} KB）",
        args.out.display(),
        report.rows.len(),
        bytes.len() / 1024
    );
    Ok(())
}

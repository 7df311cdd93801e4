//! `zhaoshang scores`: 考核 scores of a month (`--month 2026-11`) or a year (`--year 2026`),
//! teams and officers ranked, printed as a table or JSON; `--out 比拼表.xlsx` also writes the
//! 比拼表 workbook (one sheet per team and a 总表).

use std::path::{Path, PathBuf};

use clap::Args;
use zhaoshang_core::assessment::ScoreQuery;
use zhaoshang_core::{Error, Result};

#[derive(Args)]
pub struct ScoresArgs {
    /// 月份，如 2026-11。
    #[arg(long, conflicts_with = "year", required_unless_present = "year")]
    month: Option<String>,
    /// 年份，如 2026（全年得分）。
    #[arg(long)]
    year: Option<i32>,
    /// 同时导出比拼表 (.xlsx) 到此路径。
    #[arg(long)]
    out: Option<PathBuf>,
    /// 输出 JSON（含每一分的来源）。
    #[arg(long)]
    json: bool,
}

/// "2026-11" or "2026年11月" as a month query.
pub fn parse_month(text: &str) -> Result<ScoreQuery> {
    let t = text.trim().trim_end_matches('月');
    let parts: Vec<&str> = t.split(['-', '/', '年', '.']).collect();
    let bad = || Error::Validation {
        field: Some("month"),
        message: format!("月份“{text}”无法识别，请写成 2026-11 这样的格式。"),
    };
    if parts.len() != 2 {
        return Err(bad());
    }
    let year: i32 = parts[0].trim().parse().map_err(|_| bad())?;
    let month: u32 = parts[1].trim().parse().map_err(|_| bad())?;
    let q = ScoreQuery {
        year,
        month: Some(month),
    };
    q.period()?;
    Ok(q)
}

fn fmt(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn run(db: &Path, args: ScoresArgs) -> Result<()> {
    let ledger = crate::open_existing(db)?;
    let query = match (&args.month, args.year) {
        (Some(m), _) => parse_month(m)?,
        (None, Some(year)) => ScoreQuery { year, month: None },
        (None, None) => {
            return Err(Error::Validation {
                field: Some("month"),
                message: "请给出 --month 或 --year。".into(),
            })
        }
    };
    let scores = ledger.scores(query)?;
    if let Some(out) = &args.out {
        std::fs::write(out, ledger.export_ranking_xlsx(query)?)?;
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&scores).expect("scores serialize")
        );
    } else {
        println!("{} 考核得分", scores.label);
        println!("\n团队排名");
        println!("排名\t团队\t人数\t总分");
        for t in &scores.teams {
            println!("{}\t{}\t{}\t{}", t.rank, t.name, t.officers, fmt(t.total));
        }
        println!("\n个人排名");
        println!("排名\t姓名\t活动\t阶段\t扣分\t总分");
        for o in &scores.officers {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                o.rank,
                o.name,
                fmt(o.activity_points),
                fmt(o.stage_points),
                fmt(o.deductions),
                fmt(o.total)
            );
        }
    }
    if let Some(out) = &args.out {
        eprintln!("已导出比拼表：{}", out.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_in_the_usual_spellings() {
        for t in ["2026-11", "2026/11", "2026年11月", " 2026-11 "] {
            let q = parse_month(t).unwrap();
            assert_eq!((q.year, q.month), (2026, Some(11)), "{t}");
        }
        for t in ["2026", "2026-13", "十一月", "2026-11-01"] {
            assert!(parse_month(t).is_err(), "{t}");
        }
    }
}

//! `zhaoshang`: the 招商台账 command line, a thin layer over `zhaoshang-core`.

/// Imports allocate many small strings and rows: with mimalloc a 100k-row import takes 8.5–9.4 s
/// instead of 12 s (`zhaoshang io-bench`, crates/core/IMPORT_NOTES.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod alerts_cmd;
mod alias_cmd;
mod assignment_cmd;
mod backup_cmd;
mod bench_cmd;
mod bench_lists;
mod bench_reports;
mod form_cmd;
mod ledger_io;
mod scores_cmd;
mod sync_cmd;
mod trip_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use zhaoshang_core::{reports::Report, Ledger, Period, ReportQuery, Scope};

#[derive(Parser)]
#[command(
    name = "zhaoshang",
    version,
    about = "招商台账：项目台账、招商活动与统计报表"
)]
struct Cli {
    /// Ledger file (default: the desktop app's file in the per-user data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Read the passphrase of an encrypted ledger (and its backups) from this environment
    /// variable; it is never given on the command line, where other users could see it.
    #[arg(long, global = true, value_name = "VAR")]
    passphrase_env: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo ledger (a county office's 2021–H1 2022 data).
    Demo {
        /// Replace an existing file at the path.
        #[arg(long)]
        force: bool,
    },
    /// Print a period's report: metrics, breakdowns and the briefing sentence.
    Report {
        /// First day (2022-01-01). Default: the suggested period of the ledger.
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day (2022-06-30).
        #[arg(long)]
        to: Option<NaiveDate>,
        /// Region group name(s), e.g. 京津冀 (repeatable).
        #[arg(long)]
        region: Vec<String>,
        /// Team name(s) (repeatable).
        #[arg(long)]
        team: Vec<String>,
        /// Industry name(s) (repeatable).
        #[arg(long)]
        industry: Vec<String>,
        /// 园区 name(s), as projects name their park (repeatable).
        #[arg(long)]
        park: Vec<String>,
        /// Only 飞地 projects.
        #[arg(long)]
        enclave: bool,
        /// Only 重点 projects.
        #[arg(long)]
        key: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Back the ledger up now (verified), or list / prune backups.
    Backup(backup_cmd::BackupArgs),
    /// Replace the ledger with a backup (verified first; the old file is kept aside).
    Restore(backup_cmd::RestoreArgs),
    /// 设置、修改或取消台账密码（加密存储）。当前密码由 --passphrase-env 给出。
    Passphrase {
        /// Environment variable holding the new passphrase; omit it to remove encryption.
        #[arg(long, value_name = "VAR")]
        new_passphrase_env: Option<String>,
    },
    /// Exchange change bundles with another laptop (export / import / seen).
    Sync(sync_cmd::SyncArgs),
    /// 导入 Excel/CSV 台账（--dry-run 只预览）.
    Import(ledger_io::ImportArgs),
    /// 导出台账（.xlsx / .csv）或调度表.
    Export(ledger_io::ExportArgs),
    /// 导出出访报告（.xlsx）：一段时间内的外出招商及其团组、带队领导、成果.
    TripReport(trip_cmd::TripReportArgs),
    /// 搜索项目、企业、人员（中文、拼音、首字母、繁体、别名）.
    Search(ledger_io::SearchArgs),
    /// 搜索别名（简称、曾用名）：add / list / delete.
    Alias(alias_cmd::AliasArgs),
    /// 交办单/督办：list [--overdue] 列出（催办、督办标注），export --out F.xlsx 导出督办清单.
    Assignment(assignment_cmd::AssignmentArgs),
    /// 预警（督办）：触发预警规则的项目、规则和时长；--today 按指定日期计算。
    Alerts(alerts_cmd::AlertsArgs),
    /// 考核得分：--month 2026-11 或 --year 2026，团队和个人排名；--out 导出比拼表。
    Scores(scores_cmd::ScoresArgs),
    /// 上报报表：list 列出模板，export --template 在谈项目信息采集表 --date 2026-12-04 --out F.xlsx 导出。
    Form(form_cmd::FormArgs),
    /// Time import, export and search on a synthetic 100k-row ledger file.
    IoBench(ledger_io::BenchArgs),
    /// Generate a large synthetic ledger and time reports on it.
    Bench {
        #[arg(long, default_value_t = 100_000)]
        projects: u32,
        #[arg(long, default_value_t = 1_000_000)]
        activities: u32,
        /// Report runs per measured query.
        #[arg(long, default_value_t = 40)]
        runs: u32,
        /// Reuse the file if it exists (skip generation).
        #[arg(long)]
        reuse: bool,
    },
}

fn default_db() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(zhaoshang_core::APP_IDENTIFIER)
        .join(zhaoshang_core::LEDGER_FILE_NAME)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cli.db.clone().unwrap_or_else(default_db);
    let result = env_passphrase(cli.passphrase_env.as_deref()).and_then(|p| {
        let _ = PASSPHRASE.set(p);
        run(cli.command, db)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(match e.kind() {
                zhaoshang_core::ErrorKind::Validation => 2,
                zhaoshang_core::ErrorKind::NotFound => 3,
                zhaoshang_core::ErrorKind::Conflict => 4,
                zhaoshang_core::ErrorKind::Corrupt => 5,
                zhaoshang_core::ErrorKind::Internal => 1,
            })
        }
    }
}

fn run(command: Command, db: PathBuf) -> zhaoshang_core::Result<()> {
    match command {
        Command::Demo { force } => {
            if db.exists() {
                if !force {
                    return Err(zhaoshang_core::Error::Conflict(format!(
                        "“{}”已存在；如要用演示数据替换它，请加 --force。",
                        db.display()
                    )));
                }
                remove_ledger(&db)?;
            }
            let ledger = zhaoshang_demo::create_demo_ledger(&db)?;
            let p = ledger.list_projects(&Default::default())?;
            println!("演示台账已创建：{}（{} 个项目）", db.display(), p.total);
            Ok(())
        }
        Command::Report {
            from,
            to,
            region,
            team,
            industry,
            park,
            enclave,
            key,
            json,
        } => {
            let ledger = open_existing(&db)?;
            let suggested = ledger.suggested_period()?;
            let period = Period::new(from.unwrap_or(suggested.from), to.unwrap_or(suggested.to))?;
            let scope = Scope {
                region_group_ids: names_to_ids(
                    &region,
                    "来源区域",
                    ledger.region_groups()?.into_iter().map(|g| (g.id, g.name)),
                )?,
                team_ids: names_to_ids(
                    &team,
                    "团队",
                    ledger.teams()?.into_iter().map(|t| (t.id, t.name)),
                )?,
                industry_ids: names_to_ids(
                    &industry,
                    "产业",
                    ledger.industries()?.into_iter().map(|i| (i.id, i.name)),
                )?,
                parks: ledger.known_park_names(&park)?,
                enclave: enclave.then_some(true),
                key_project: key.then_some(true),
                ..Scope::default()
            };
            let report = ledger.report(&ReportQuery { period, scope })?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serializes")
                );
            } else {
                print_report(&report);
            }
            Ok(())
        }
        Command::Backup(args) => backup_cmd::backup(&db, args),
        Command::Restore(args) => backup_cmd::restore(&db, args),
        Command::Passphrase { new_passphrase_env } => {
            let new = env_passphrase(new_passphrase_env.as_deref())?;
            let mut ledger = open_existing(&db)?;
            let was = ledger.is_encrypted();
            ledger.set_passphrase(passphrase(), new.as_deref().map(String::as_str))?;
            println!(
                "{}",
                match (was, new.is_some()) {
                    (false, true) => "台账已加密。请牢记密码：忘记密码将无法打开台账和此后的备份。",
                    (true, true) => "台账密码已修改。此前的备份仍使用旧密码。",
                    (true, false) => "台账已取消加密。",
                    (false, false) => "台账本来就没有加密，未改动。",
                }
            );
            Ok(())
        }
        Command::Sync(args) => sync_cmd::run(&db, args),
        Command::Import(args) => ledger_io::import(&db, args),
        Command::Export(args) => ledger_io::export(&db, args),
        Command::Search(args) => ledger_io::search(&db, args),
        Command::TripReport(args) => trip_cmd::run(&db, args),
        Command::Alias(args) => alias_cmd::run(&db, args),
        Command::Assignment(args) => assignment_cmd::run(&db, args),
        Command::Alerts(args) => alerts_cmd::run(&db, args),
        Command::Scores(args) => scores_cmd::run(&db, args),
        Command::Form(args) => form_cmd::run(&db, args),
        Command::IoBench(args) => ledger_io::bench(args),
        Command::Bench {
            projects,
            activities,
            runs,
            reuse,
        } => bench_cmd::run(&db, projects, activities, runs, reuse),
    }
}

/// The passphrase from `--passphrase-env`, for every command that opens the ledger.
static PASSPHRASE: std::sync::OnceLock<Option<zeroize::Zeroizing<String>>> =
    std::sync::OnceLock::new();

/// The passphrase given with `--passphrase-env` (None when not given).
pub(crate) fn passphrase() -> Option<&'static str> {
    PASSPHRASE
        .get()
        .and_then(|p| p.as_deref())
        .map(String::as_str)
}

/// Opens the ledger with the passphrase given on the command line, if any.
pub(crate) fn open_ledger(db: &std::path::Path) -> zhaoshang_core::Result<Ledger> {
    Ledger::open_with_passphrase(db, passphrase())
}

/// A passphrase from the environment, wiped from this process's memory when dropped.
fn env_passphrase(var: Option<&str>) -> zhaoshang_core::Result<Option<zeroize::Zeroizing<String>>> {
    let Some(var) = var else { return Ok(None) };
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Ok(Some(zeroize::Zeroizing::new(p))),
        _ => Err(zhaoshang_core::Error::Validation {
            field: Some("passphrase"),
            message: format!("环境变量 {var} 没有设置或为空，无法读取密码。"),
        }),
    }
}

pub(crate) fn open_existing(db: &std::path::Path) -> zhaoshang_core::Result<Ledger> {
    if !db.exists() {
        return Err(zhaoshang_core::Error::NotFound {
            what: "台账文件",
            id: format!("{}；可先运行 zhaoshang demo 创建演示台账", db.display()),
        });
    }
    open_ledger(db)
}

fn remove_ledger(db: &std::path::Path) -> zhaoshang_core::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(p)?;
        }
    }
    Ok(())
}

pub(crate) fn names_to_ids(
    names: &[String],
    what: &str,
    all: impl Iterator<Item = (String, String)>,
) -> zhaoshang_core::Result<Vec<String>> {
    let all: Vec<(String, String)> = all.collect();
    names
        .iter()
        .map(|n| {
            all.iter()
                .find(|(_, name)| name == n.trim())
                .map(|(id, _)| id.clone())
                .ok_or_else(|| zhaoshang_core::Error::Validation {
                    field: None,
                    message: format!(
                        "没有名为“{n}”的{what}。可选：{}",
                        all.iter()
                            .map(|(_, n)| n.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                })
        })
        .collect()
}

fn print_report(r: &Report) {
    use zhaoshang_core::util::zh_money;
    let m = &r.metrics;
    let p = &r.previous_year;
    println!(
        "统计区间：{} 至 {}",
        zhaoshang_core::util::zh_date(r.query.period.from),
        zhaoshang_core::util::zh_date(r.query.period.to)
    );
    println!();
    println!("{:<16}{:>12}{:>12}", "指标", "本期", "去年同期");
    let rows: Vec<(&str, String, String)> = vec![
        ("外出招商次数", m.trips.to_string(), p.trips.to_string()),
        (
            "对接洽谈项目",
            m.contacted.to_string(),
            p.contacted.to_string(),
        ),
        ("签约项目", m.signed.to_string(), p.signed.to_string()),
        (
            "签约总投资",
            zh_money(m.signed_investment),
            zh_money(p.signed_investment),
        ),
        (
            "  5000万元以上",
            m.signed_tiers.at_least_5000wan().to_string(),
            p.signed_tiers.at_least_5000wan().to_string(),
        ),
        (
            "  升格（不计新签）",
            m.upgraded.to_string(),
            p.upgraded.to_string(),
        ),
        ("落地开工项目", m.started.to_string(), p.started.to_string()),
        (
            "  新开工",
            m.started_new.to_string(),
            p.started_new.to_string(),
        ),
        (
            "  复工",
            m.started_resumed.to_string(),
            p.started_resumed.to_string(),
        ),
        (
            "  续建",
            m.started_continued.to_string(),
            p.started_continued.to_string(),
        ),
        ("投产项目", m.operating.to_string(), p.operating.to_string()),
        (
            "在谈项目（期末）",
            m.negotiating_at_end.to_string(),
            p.negotiating_at_end.to_string(),
        ),
        (
            "储备项目（期末）",
            m.lead_at_end.to_string(),
            p.lead_at_end.to_string(),
        ),
        (
            "重点项目（期末）",
            m.key_projects.to_string(),
            p.key_projects.to_string(),
        ),
        (
            "重点项目总投资",
            zh_money(m.key_investment),
            zh_money(p.key_investment),
        ),
    ];
    for (label, now, before) in rows {
        println!("{}{:>12}{:>12}", pad(label, 16), now, before);
    }
    println!();
    println!("按来源区域：");
    println!(
        "{}{:>8}{:>8}{:>8}{:>8}{:>10}",
        pad("区域", 12),
        "招商",
        "洽谈",
        "签约",
        "开工",
        "签约占比"
    );
    for b in &r.by_region_group {
        let x = &b.metrics;
        if x.trips + x.contacted + x.signed + x.started == 0 {
            continue;
        }
        println!(
            "{}{:>8}{:>8}{:>8}{:>8}{:>9.1}%",
            pad(&b.label, 12),
            x.trips,
            x.contacted,
            x.signed,
            x.started,
            b.signed_share * 100.0
        );
    }
    if r.by_park.iter().any(|b| b.id.is_some()) {
        println!();
        println!("重点项目建设调度（按园区）：");
        println!(
            "{}{:>6}{:>14}{:>6}{:>14}{:>6}{:>6}{:>6}",
            pad("园区", 20),
            "新建",
            "新建总投资",
            "续建",
            "续建总投资",
            "复工",
            "投产",
            "储备"
        );
        for b in &r.by_park {
            let x = &b.metrics;
            println!(
                "{}{:>6}{:>14}{:>6}{:>14}{:>6}{:>6}{:>6}",
                pad(&b.label, 20),
                x.started_new,
                zh_money(x.started_new_investment),
                x.continued,
                zh_money(x.continued_investment),
                x.started_resumed,
                x.operating,
                x.not_started_at_end
            );
        }
    }
    if !r.targets.is_empty() {
        println!();
        println!("目标完成情况：");
        for t in &r.targets {
            println!(
                "  {}：{} / {}（{:.1}%）",
                t.label,
                t.actual,
                t.target.value,
                t.ratio * 100.0
            );
        }
    }
    println!();
    println!("{}", r.briefing);
    for s in &r.briefing_details {
        println!("{s}");
    }
}

/// Pads to a display width, counting CJK characters as two columns.
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

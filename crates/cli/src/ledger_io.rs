//! `zhaoshang import | export | search | io-bench`: Excel/CSV ledgers in and out, the 调度表
//! workbook, the search box, and their benchmark (issue 4; its ledger file from
//! `zhaoshang_demo::synthetic::ledger_rows`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use zhaoshang_core::io::import::{
    ColumnChoice, Field, ImportOptions, ImportPlan, RowAction, SheetKind,
};
use zhaoshang_core::{Error, Ledger, Period, ProjectFilter, ReportQuery, Result, Scope, Stage};
use zhaoshang_demo::synthetic::{ledger_rows, ROW_WORDS};

#[derive(Args)]
pub struct ImportArgs {
    /// The ledger file: .xlsx, .xls or .csv (UTF-8 or GBK).
    file: PathBuf,
    /// Only show what would happen, row by row; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Sheet to import (default: the first sheet with a recognizable header).
    #[arg(long)]
    sheet: Option<String>,
    /// Import the valid rows and skip invalid ones (default: any invalid row stops the import).
    #[arg(long)]
    skip_invalid: bool,
    /// What the sheet holds: 项目台账, 招商活动台账 or 企业名录 (default: detected or remembered).
    #[arg(long, value_name = "类型")]
    kind: Option<String>,
    /// Correct a column's meaning, e.g. --map 3=总投资 or --map 5=- (not imported); 1-based.
    #[arg(long = "map", value_name = "列=字段")]
    map: Vec<String>,
    /// Print every row of the plan (default: the first 50 that are not plain creations).
    #[arg(long)]
    all_rows: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    what: ExportWhat,
    /// The language of the headers, titles and fixed words: zh-TW writes them in 繁體; zh-CN
    /// (the default) and en in 简体. The projects' own data is written as entered.
    #[arg(long, global = true, default_value = "zh-CN")]
    lang: String,
}

#[derive(Subcommand)]
enum ExportWhat {
    /// The project list in ledger layout (.xlsx, or .csv by the file's extension).
    Ledger {
        out: PathBuf,
        /// Only these stages (线索, 洽谈, 签约, 开工, 投产, 搁置, 终止); repeatable.
        #[arg(long)]
        stage: Vec<String>,
        /// Only projects whose name or company contains this.
        #[arg(long)]
        search: Option<String>,
        /// Only 重点 projects.
        #[arg(long)]
        key: bool,
    },
    /// The report of a period as a 调度表 workbook.
    Report {
        out: PathBuf,
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
    },
}

#[derive(Args)]
pub struct SearchArgs {
    query: String,
    #[arg(long, default_value_t = 20)]
    limit: u32,
}

#[derive(Args)]
pub struct BenchArgs {
    /// Rows of the synthetic ledger file.
    #[arg(long, default_value_t = 100_000)]
    rows: u32,
    /// Search queries timed (each run once after a warm-up).
    #[arg(long, default_value_t = 200)]
    queries: u32,
    /// Folder for the generated files, kept (default: a temporary folder, removed at the end:
    /// a 100k-row run leaves ~470 MB).
    #[arg(long)]
    dir: Option<PathBuf>,
}

fn invalid(message: String) -> Error {
    Error::Validation {
        field: None,
        message,
    }
}

fn parse_map(map: &[String]) -> Result<Vec<ColumnChoice>> {
    map.iter()
        .map(|m| {
            let (col, field) = m
                .split_once('=')
                .ok_or_else(|| invalid(format!("--map “{m}”应写成 列号=字段，如 3=总投资")))?;
            let column: u32 = col
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|c| *c >= 1)
                .ok_or_else(|| invalid(format!("--map “{m}”：列号从 1 开始")))?;
            let field = match field.trim() {
                "-" | "" => None,
                f => Some(
                    Field::ALL
                        .iter()
                        .copied()
                        .find(|x| x.label() == f || x.code() == f || x.aliases().contains(&f))
                        .ok_or_else(|| {
                            invalid(format!(
                                "--map “{m}”：不认识的字段。可选：{}",
                                Field::ALL
                                    .iter()
                                    .map(|x| x.label())
                                    .collect::<Vec<_>>()
                                    .join("、")
                            ))
                        })?,
                ),
            };
            Ok(ColumnChoice {
                column: column - 1,
                field,
                unit: None,
            })
        })
        .collect()
}

pub fn import(db: &Path, args: ImportArgs) -> Result<()> {
    let mut ledger = crate::open_ledger(db)?;
    let options = ImportOptions {
        sheet: args.sheet.clone(),
        mapping: parse_map(&args.map)?,
        skip_invalid_rows: args.skip_invalid,
        kind: match args.kind.as_deref().map(str::trim) {
            None => None,
            Some(k) => Some(
                [
                    SheetKind::Projects,
                    SheetKind::Activities,
                    SheetKind::Companies,
                ]
                .into_iter()
                .find(|s| s.label() == k || format!("{s:?}").eq_ignore_ascii_case(k))
                .ok_or_else(|| {
                    invalid(format!(
                        "--kind “{k}”无法识别（可填：项目台账、招商活动台账、企业名录）"
                    ))
                })?,
            ),
        },
    };
    let plan = ledger.import_file(&args.file, &options, !args.dry_run)?;
    if !args.dry_run {
        // A big import leaves the search index to its own transaction: no background here.
        ledger.refresh_search_index()?;
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&plan).expect("plan serializes")
        );
    } else {
        print_plan(&plan, args.all_rows);
    }
    Ok(())
}

fn print_plan(plan: &ImportPlan, all: bool) {
    println!(
        "工作表：{}（表头在第{}行）",
        plan.sheet,
        plan.header_rows
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("、")
    );
    if plan.remembered_mapping {
        println!("已按上次修正的列对应关系导入。");
    }
    println!("{}，列对应：", plan.kind.label());
    for c in &plan.columns {
        if c.header.is_empty() {
            continue;
        }
        let field = c.field.map(|f| f.label()).unwrap_or("（不导入）");
        println!(
            "  第{:>2}列 {} → {}",
            c.column + 1,
            c.header.replace('\n', ""),
            field
        );
    }
    for w in &plan.warnings {
        println!("注意：{w}");
    }
    println!();
    let mut shown = 0;
    for r in &plan.rows {
        if !all && (r.action == RowAction::Create || shown >= 50) {
            continue;
        }
        shown += 1;
        println!(
            "第{:>5}行  {}  {}  {}",
            r.row,
            r.action.label(),
            r.project_name
                .as_deref()
                .or(r.company_name.as_deref())
                .unwrap_or("—"),
            r.message
        );
    }
    let c = &plan.counts;
    println!();
    if plan.kind == SheetKind::Companies {
        println!(
            "{}：企业名录，新建 {} 家企业，补充 {} 家，无变化 {} 家，跳过 {} 行，错误 {} 行。",
            if plan.applied {
                "已导入"
            } else {
                "预览（未写入）"
            },
            c.create,
            c.update,
            c.unchanged,
            c.skip,
            c.error,
        );
    } else if plan.activities {
        println!(
            "{}：新建 {} 次活动，无变化 {} 次，跳过 {} 行，错误 {} 行；新建企业 {} 家，新建人员 {} 名。",
            if plan.applied { "已导入" } else { "预览（未写入）" },
            c.create,
            c.unchanged,
            c.skip,
            c.error,
            c.companies_created,
            c.officers_created,
        );
    } else {
        println!(
        "{}：新建 {} 个项目，更新 {} 个，无变化 {} 个，跳过 {} 行，错误 {} 行；新建企业 {} 家，补充企业 {} 家，新建人员 {} 名，新建团队 {} 个。",
        if plan.applied { "已导入" } else { "预览（未写入）" },
        c.create,
        c.update,
        c.unchanged,
        c.skip,
        c.error,
        c.companies_created,
        c.companies_updated,
        c.officers_created,
        c.teams_created
    );
    }
    if !plan.applied && c.error > 0 {
        println!("有错误的行会使导入整体取消；修正后重试，或加 --skip-invalid 只导入正确的行。");
    }
}

fn stage_of(text: &str) -> Result<Stage> {
    Stage::parse(text).ok_or_else(|| {
        invalid(format!(
            "不认识的阶段“{text}”。可选：{}",
            Stage::ALL
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join("、")
        ))
    })
}

pub fn export(db: &Path, args: ExportArgs) -> Result<()> {
    let ledger = crate::open_existing(db)?;
    let script = zhaoshang_core::io::traditional::Script::for_language(&args.lang);
    let (out, bytes) = match args.what {
        ExportWhat::Ledger {
            out,
            stage,
            search,
            key,
        } => {
            let filter = ProjectFilter {
                stages: stage.iter().map(|s| stage_of(s)).collect::<Result<_>>()?,
                search,
                scope: Scope {
                    key_project: key.then_some(true),
                    ..Scope::default()
                },
                ..Default::default()
            };
            let csv = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let bytes = if csv {
                ledger.export_projects_csv_in(&filter, script)?
            } else {
                ledger.export_projects_xlsx_in(&filter, script)?
            };
            (out, bytes)
        }
        ExportWhat::Report { out, from, to } => {
            let suggested = ledger.suggested_period()?;
            let period = Period::new(from.unwrap_or(suggested.from), to.unwrap_or(suggested.to))?;
            let bytes = ledger.export_report_xlsx_in(
                &ReportQuery {
                    period,
                    scope: Scope::default(),
                },
                script,
            )?;
            (out, bytes)
        }
    };
    std::fs::write(&out, &bytes)?;
    println!("已导出：{}（{} KB）", out.display(), bytes.len() / 1024);
    Ok(())
}

pub fn search(db: &Path, args: SearchArgs) -> Result<()> {
    let ledger = crate::open_existing(db)?;
    let started = Instant::now();
    let hits = ledger.search(&args.query, args.limit)?;
    for h in &hits {
        println!(
            "{}  {}{}",
            h.kind.label(),
            h.name,
            h.detail
                .as_ref()
                .map(|d| format!("（{d}）"))
                .unwrap_or_default()
        );
    }
    eprintln!("{} 条，用时 {:.1} ms", hits.len(), ms(started.elapsed()));
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[i])
}

/// CPU time (user + system, all threads) this process has used so far, where the system says
/// (Linux: /proc/self/stat, in clock ticks of 1/100 s).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Times import, export and search at scale and prints the figures.
pub fn bench(args: BenchArgs) -> Result<()> {
    let tmp;
    let dir = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            tmp = std::env::temp_dir().join(format!("zhaoshang-io-bench-{}", std::process::id()));
            std::fs::create_dir_all(&tmp)?;
            tmp.clone()
        }
    };
    let n = args.rows;
    println!("生成 {n} 行的台账文件……");
    let rows = ledger_rows(n);
    let xlsx = zhaoshang_core::io::export::ledger_xlsx(&rows, "基准测试台账")?;
    let xlsx_path = dir.join("bench-ledger.xlsx");
    std::fs::write(&xlsx_path, &xlsx)?;
    println!(
        "  文件 {}：{:.1} MB",
        xlsx_path.display(),
        xlsx.len() as f64 / 1e6
    );

    let db = dir.join("bench-import.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut ledger = Ledger::open(&db)?;
    ledger.set_today(NaiveDate::from_ymd_opt(2026, 1, 1));
    let t = Instant::now();
    let cpu = cpu_seconds();
    let (plan, phases) = ledger.import_file_timed(&xlsx_path, &ImportOptions::default(), true)?;
    let import_time = t.elapsed();
    let import_cpu = cpu_seconds().zip(cpu).map(|(b, a)| b - a);
    println!(
        "导入 .xlsx {} 行：{:.2} s（新建项目 {}，企业 {}，错误 {}）",
        n,
        import_time.as_secs_f64(),
        plan.counts.create,
        plan.counts.companies_created,
        plan.counts.error
    );
    for (phase, d) in &phases {
        println!("  {phase}：{:.2} s", d.as_secs_f64());
    }
    if let Some(cpu) = import_cpu {
        // On a shared machine the wall time above depends on the load; CPU time less so.
        println!(
            "  处理器时间（用户+系统，所有线程）：{cpu:.2} s；系统负载（1 分钟）：{}",
            std::fs::read_to_string("/proc/loadavg")
                .ok()
                .and_then(|l| l.split(' ').next().map(str::to_string))
                .unwrap_or_else(|| "未知".into())
        );
    }
    // A big import commits its data and leaves the search index to its own refresh (the app
    // runs it in the background at once; a search would run it first).
    let t = Instant::now();
    let indexed = ledger.refresh_search_index()?;
    println!(
        "  之后：搜索索引（单独的事务，应用在后台进行）：{:.2} s（{} 个名称）；导入到可搜索合计 {:.2} s",
        t.elapsed().as_secs_f64(),
        indexed,
        (import_time + t.elapsed()).as_secs_f64()
    );
    let t = Instant::now();
    let out = ledger.export_projects_xlsx(&ProjectFilter::default())?;
    let export_xlsx = t.elapsed();
    std::fs::write(dir.join("bench-export.xlsx"), &out)?;
    let t = Instant::now();
    let csv = ledger.export_projects_csv(&ProjectFilter::default())?;
    let export_csv = t.elapsed();
    std::fs::write(dir.join("bench-export.csv"), &csv)?;
    println!(
        "导出 .xlsx：{:.2} s（{:.1} MB）；导出 .csv：{:.2} s（{:.1} MB）",
        export_xlsx.as_secs_f64(),
        out.len() as f64 / 1e6,
        export_csv.as_secs_f64(),
        csv.len() as f64 / 1e6
    );
    let t = Instant::now();
    let dry = ledger.import_file(
        &dir.join("bench-export.xlsx"),
        &ImportOptions::default(),
        false,
    )?;
    println!(
        "再次导入导出的文件（预览）：{:.2} s（无变化 {}，新建 {}）",
        t.elapsed().as_secs_f64(),
        dry.counts.unchanged,
        dry.counts.create
    );

    // Search: Chinese (long and short), pinyin, initials, traditional.
    let mut queries: Vec<String> = Vec::new();
    let mut k = 0usize;
    while queries.len() < args.queries as usize {
        let r = &rows[(k * 7919) % rows.len()];
        let name: Vec<char> = r.name.chars().collect();
        let company: Vec<char> = r.company.as_deref().unwrap_or("").chars().collect();
        let q = match k % 6 {
            0 => name[2..name.len().min(8)].iter().collect(),
            1 => company[..4.min(company.len())].iter().collect(),
            2 => ROW_WORDS[k % ROW_WORDS.len()].chars().take(2).collect(),
            3 => "lygt".to_string(),
            4 => "jingmi".to_string(),
            _ => "鋼鐵".to_string(),
        };
        queries.push(q);
        k += 1;
    }
    ledger.search("预热", 20)?;
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for q in &queries {
        let t = Instant::now();
        hits += ledger.search(q, 20)?.len();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "搜索 {} 次（{} 个项目）：p50 {:.2} ms，p95 {:.2} ms，最慢 {:.2} ms（平均每次 {:.1} 条结果）",
        times.len(),
        n,
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0),
        hits as f64 / times.len().max(1) as f64
    );
    if args.dir.is_some() {
        println!("文件留在 {}", dir.display());
    } else {
        drop(ledger);
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}

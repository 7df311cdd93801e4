//! `zhaoshang bench`: builds a synthetic ledger at realistic scale (default 100k projects, 1M
//! activities; `zhaoshang_demo::synthetic::generate`) through the same write path as the app,
//! then prints each figure of issue 14: opening → first report (with and without the facts'
//! snapshot), a write → the next report (this process, and another process's commit), warm
//! and filtered reports beside the raw SQL aggregates for the same counts, the project list
//! and its name search, file size and peak memory.

use std::path::Path;
use std::time::Instant;

use zhaoshang_core::Result;
use zhaoshang_demo::synthetic::generate;

use crate::bench_reports::{self as reports, open};

/// Generates (or, with `reuse`, opens) the ledger at `path` and prints its figures.
pub fn run(path: &Path, n_projects: u32, n_activities: u32, runs: u32, reuse: bool) -> Result<()> {
    if reuse && path.exists() {
        println!("复用已有数据：{}", path.display());
    } else {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(p));
        }
        println!("生成 {n_projects} 个项目、{n_activities} 条活动 …");
        let s = Instant::now();
        let l = generate(path, n_projects, n_activities, 2022)?;
        let took = s.elapsed();
        l.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
        println!(
            "build: {:.1} s ({:.0} rows/s)",
            took.as_secs_f64(),
            (n_projects + n_activities) as f64 / took.as_secs_f64()
        );
    }
    {
        // Upgrade an older file first, so no figure below includes a migration.
        let l = open(path)?;
        l.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    let size = std::fs::metadata(path)?.len();
    println!("db size: {:.1} MiB", size as f64 / 1024.0 / 1024.0);

    reports::opening(path, runs.min(5))?;
    let ledger = open(path)?;
    let queries = reports::queries(&ledger)?;
    reports::warm(&ledger, &queries, runs)?;
    drop(ledger);
    reports::after_writes(path, runs)?;

    let ledger = open(path)?;
    crate::bench_lists::print_list_figures(&ledger, runs)?;
    drop(ledger);

    let size = std::fs::metadata(path)?.len();
    println!(
        "db size after the runs (with the facts' snapshot): {:.1} MiB",
        size as f64 / 1024.0 / 1024.0
    );
    match peak_memory() {
        Some((hwm, rss)) => println!("memory: peak RSS {hwm} MiB, RSS now {rss} MiB"),
        None => println!("memory: (not measured on this platform)"),
    }
    Ok(())
}

/// (VmHWM, VmRSS) of this process in MiB, from /proc.
fn peak_memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb = |key: &str| -> Option<u64> {
        status
            .lines()
            .find(|l| l.starts_with(key))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    Some((kb("VmHWM:")? / 1024, kb("VmRSS:")? / 1024))
}

//! Times the 重复企业 screen's work on a big generated ledger: listing likely duplicates (every
//! company's name normalized) and merging pairs (projects, activities re-pointed, one
//! change-logged action each), then 撤销 of one merge. Prints figures; asserts nothing timed.
//!
//! `cargo run --release -p zhaoshang-core --example duplicates_bench -- [projects] [activities] [pairs]`
//! (defaults 100000, 200000, 200).

use std::time::Instant;

use zhaoshang_core::CompanyInput;
use zhaoshang_demo::synthetic;

fn main() -> zhaoshang_core::Result<()> {
    let arg = |i: usize, default: u32| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let (n_projects, n_activities, pairs) = (arg(1, 100_000), arg(2, 200_000), arg(3, 200));
    let dir = std::env::temp_dir().join(format!("zs-dup-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("ledger.sqlite3");
    let t = Instant::now();
    let mut ledger = synthetic::generate(&path, n_projects, n_activities, 7)?;
    println!(
        "generated {n_projects} projects, {n_activities} activities: {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // Pairs: an existing company and a new spelling of it (full-width digits, （中国）).
    let originals: Vec<(String, String)> = ledger
        .connection()
        .prepare("SELECT id, name FROM companies WHERE deleted_at IS NULL ORDER BY rowid LIMIT ?1")?
        .query_map([pairs], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut twins = Vec::new();
    for (id, name) in &originals {
        let wide: String = name
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                c => c,
            })
            .collect();
        let twin = ledger.create_company(&CompanyInput {
            name: format!("{wide}（中国）"),
            ..Default::default()
        })?;
        twins.push((twin.id, id.clone()));
    }
    let companies: i64 =
        ledger
            .connection()
            .query_row("SELECT COUNT(*) FROM companies", [], |r| r.get(0))?;
    println!(
        "{companies} companies, {} planted duplicate pairs",
        twins.len()
    );

    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        found = ledger.duplicate_companies()?.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "list likely duplicates: {found} groups, median {:.0} ms (min {:.0}, max {:.0}) of 5 runs",
        times[2], times[0], times[4]
    );

    // Merge each original (with its projects and activities) into its new spelling.
    let (mut moved_p, mut moved_a) = (0, 0);
    let mut merge_ms = Vec::new();
    for (twin, original) in &twins {
        let usage = ledger.company_usage(original)?;
        moved_p += usage.projects;
        moved_a += usage.activities;
        let t = Instant::now();
        ledger.merge_companies(twin, original)?;
        merge_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    merge_ms.sort_by(f64::total_cmp);
    let at = |q: f64| merge_ms[((merge_ms.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "merge: {} merges moving {moved_p} projects and {moved_a} activity links; p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        merge_ms.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
    let t = Instant::now();
    let action = ledger.last_undoable()?.expect("the last merge is undoable");
    ledger.undo(&action.tx_id)?;
    println!(
        "撤销 of the last merge: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let left = ledger.duplicate_companies()?.len();
    println!(
        "list after the merges and one 撤销: {left} group(s), {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop(ledger);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

//! `zhaoshang bench`'s 项目库 figures (issue 14): the list page with the usual filters sorted by
//! 总投资, and the name search, p50/p95 over `runs` runs. The name search is also timed with
//! the LIKE scan it replaced (every project and company name compared), on the same ledger,
//! and its answer compared with that scan's: a figure for a wrong answer would be worthless.

use std::time::Duration;

use zhaoshang_core::{Error, Ledger, ProjectFilter, ProjectSort, Result, Scope, Stage, Tier};
use zhaoshang_demo::synthetic::time_runs;

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn line(label: &str, (p50, p95): (Duration, Duration)) {
    println!("{label:<46} p50 {:>9}  p95 {:>9}", ms(p50), ms(p95));
}

/// The list page (100 rows) sorted by 总投资, largest first.
fn by_investment(scope: Scope, stages: Vec<Stage>, tiers: Vec<Tier>) -> ProjectFilter {
    ProjectFilter {
        scope,
        stages,
        tiers,
        sort: ProjectSort::TotalInvestment,
        descending: true,
        limit: 100,
        ..Default::default()
    }
}

/// The name search as the list did it before issue 14 (count and sum, then the page in the
/// list's default order): every name compared with LIKE. Returns (count, sum, page ids).
fn like_scan(ledger: &Ledger, term: &str) -> Result<(u32, i64, Vec<String>)> {
    let conn = ledger.connection();
    let like = format!("%{}%", term.replace(['%', '_'], ""));
    let cond = "p.deleted_at IS NULL AND (p.name LIKE ?1
        OR p.company_id IN (SELECT id FROM companies WHERE name LIKE ?1))";
    let (n, sum) = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*), COALESCE(SUM(p.total_investment), 0) FROM projects p WHERE {cond}"
        ))?
        .query_row([like.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let ids = conn
        .prepare_cached(&format!(
            "SELECT p.id FROM projects p WHERE {cond} ORDER BY p.updated_at, p.id LIMIT 100"
        ))?
        .query_map([like.as_str()], |r| r.get(0))?
        .collect::<std::result::Result<Vec<String>, _>>()?;
    Ok((n, sum, ids))
}

/// Prints p50/p95 of the 项目库 list page and name search on `ledger`. Fails if the name
/// search's answer differs from the LIKE scan's.
pub fn print_list_figures(ledger: &Ledger, runs: u32) -> Result<()> {
    let groups = ledger.region_groups()?;
    let jjj: Vec<String> = groups
        .iter()
        .filter(|g| g.name == "京津冀")
        .map(|g| g.id.clone())
        .collect();
    let region = Scope {
        region_group_ids: jjj,
        ..Scope::default()
    };
    let talks = vec![Stage::Negotiating, Stage::Signed];
    let pages = [
        (
            "list by 总投资, no filter",
            by_investment(Scope::default(), vec![], vec![]),
        ),
        (
            "list by 总投资, 京津冀",
            by_investment(region.clone(), vec![], vec![]),
        ),
        (
            "list by 总投资, 洽谈/签约",
            by_investment(Scope::default(), talks.clone(), vec![]),
        ),
        (
            "list by 总投资, 1亿–10亿",
            by_investment(Scope::default(), vec![], vec![Tier::Over1Yi]),
        ),
        (
            "list by 总投资, 京津冀 × 洽谈/签约",
            by_investment(region, talks, vec![]),
        ),
    ];
    for (label, f) in &pages {
        line(
            label,
            time_runs(runs, || ledger.list_projects(f).map(|_| ()))?,
        );
    }
    // 碳纤维: a word of the synthetic names (about one project in five matches, by its own
    // name or its company's); a company-name fragment and a project number (a few matches);
    // 光伏: two characters, under the trigram index's three (compared with every name).
    for term in ["碳纤维", "科技有限公司123", "项目4242", "光伏"] {
        let f = ProjectFilter {
            search: Some(term.into()),
            limit: 100,
            ..Default::default()
        };
        let page = ledger.list_projects(&f)?;
        let (n, sum, ids) = like_scan(ledger, term)?;
        let got: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
        if page.total != n || page.total_investment != sum || got != ids {
            return Err(Error::Conflict(format!(
                "项目库搜索「{term}」与逐行比较的结果不同：{} 个 / {} 元，应为 {n} 个 / {sum} 元",
                page.total, page.total_investment
            )));
        }
        line(
            &format!("name search \"{term}\" ({n} rows)"),
            time_runs(runs, || ledger.list_projects(&f).map(|_| ()))?,
        );
        line(
            "  the LIKE scan it replaced",
            time_runs(runs, || like_scan(ledger, term).map(|_| ()))?,
        );
    }
    // Sorted by 名称, which has no index: the 22k matches are read and sorted.
    let by_name = ProjectFilter {
        search: Some("碳纤维".into()),
        sort: ProjectSort::Name,
        limit: 100,
        ..Default::default()
    };
    line(
        "name search \"碳纤维\", sorted by 名称",
        time_runs(runs, || ledger.list_projects(&by_name).map(|_| ()))?,
    );
    // The search box (搜索) takes pinyin initials: 碳纤维 → txw.
    line(
        "search box, initials \"txw\" (20 hits)",
        time_runs(runs, || ledger.search("txw", 20).map(|_| ()))?,
    );
    Ok(())
}

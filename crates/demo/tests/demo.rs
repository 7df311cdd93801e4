//! The demo ledger reproduces every figure of docs/DOMAIN.md §10 through the report engine, and
//! looks like a real office's ledger.

use std::collections::HashSet;

use chrono::NaiveDate;
use zhaoshang_core::*;
use zhaoshang_demo as demo;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Demo {
    _dir: tempfile::TempDir,
    ledger: Ledger,
}

fn create() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo::create_demo_ledger(&dir.path().join("demo.sqlite3")).unwrap();
    Demo { _dir: dir, ledger }
}

impl Demo {
    fn group(&self, name: &str) -> String {
        self.ledger
            .region_groups()
            .unwrap()
            .into_iter()
            .find(|g| g.name == name)
            .unwrap()
            .id
    }
    fn team(&self, name: &str) -> String {
        self.ledger
            .teams()
            .unwrap()
            .into_iter()
            .find(|t| t.name == name)
            .unwrap()
            .id
    }
    fn report(&self, from: NaiveDate, to: NaiveDate, scope: Scope) -> Report {
        self.ledger
            .report(&ReportQuery {
                period: Period::new(from, to).unwrap(),
                scope,
            })
            .unwrap()
    }
    fn h1(&self, scope: Scope) -> Report {
        self.report(d(2022, 1, 1), d(2022, 6, 30), scope)
    }
    fn count(&self, sql: &str) -> i64 {
        self.ledger
            .connection()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }
    fn projects(&self) -> Vec<ProjectRow> {
        let mut rows = Vec::new();
        loop {
            let page = self
                .ledger
                .list_projects(&ProjectFilter {
                    limit: 1000,
                    offset: rows.len() as u32,
                    ..Default::default()
                })
                .unwrap();
            let done = page.rows.is_empty() || rows.len() + page.rows.len() >= page.total as usize;
            rows.extend(page.rows);
            if done {
                return rows;
            }
        }
    }
}

/// Every figure of docs/DOMAIN.md §10 (one demo ledger, checked section by section).
#[test]
fn the_demo_reproduces_the_county_h1_2022_report() {
    let demo = create();
    toward_jjj_168_trips_156_in_talks_27_signed_22_started(&demo);
    enclave_18_started_19_signed_38_in_talks(&demo);
    key_projects_108_by_band(&demo);
    the_jjj_team_figures(&demo);
    the_2022_plan_and_its_progress(&demo);
    parks_and_chains_on_the_dashboard(&demo);
    plans_and_completed_investment_on_the_dashboard(&demo);
}

/// The projects under construction have their 2022 plan, 完成投资 to June and 形象进度, so the
/// dashboard's 年度计划投资 panel and the briefing show them (added after the figures above,
/// which they must not move).
fn plans_and_completed_investment_on_the_dashboard(demo: &Demo) {
    let r = demo.h1(Scope::default());
    let plan = &r.investment_plan;
    assert_eq!((plan.year, plan.months_label.as_str()), (2022, "1-6月"));
    assert!(
        plan.projects >= 20,
        "{} projects with a 2022 plan",
        plan.projects
    );
    assert!(plan.planned > 0 && plan.completed > 0);
    assert!(
        plan.completion_rate > 0.1 && plan.completion_rate < 1.0,
        "完成率 {}",
        plan.completion_rate
    );
    let sentence = plan.sentence().unwrap();
    assert!(r.briefing_details.contains(&sentence), "{sentence}");
    assert!(plan
        .by_chain
        .iter()
        .any(|c| c.id.is_some() && c.planned > 0));
    assert!(plan.by_park.iter().any(|c| c.id.is_some() && c.planned > 0));
    let shares: f64 = plan.by_industry.iter().map(|c| c.planned_share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    assert!(plan.lines.iter().all(|l| l.progress.is_some()));
    // The same every time: no draw from the seeded generator.
    let again = create().h1(Scope::default()).investment_plan;
    assert_eq!(
        (again.planned, again.completed),
        (plan.planned, plan.completed)
    );
}

/// The demo's 园区 list and 产业链 give the dashboard its park and chain breakdowns (added
/// after the figures above, which they must not move).
fn parks_and_chains_on_the_dashboard(demo: &Demo) {
    let r = demo.h1(Scope::default());
    let parks: Vec<&str> = r
        .by_park
        .iter()
        .filter(|b| b.id.is_some())
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(parks[0], "凌源经济开发区", "{parks:?}");
    assert!(parks.len() >= 5, "{parks:?}");
    let dev = &r.by_park[0].metrics;
    assert!(dev.started_new > 0 && dev.not_started_at_end > 0, "{dev:?}");
    let in_chains: u32 = r
        .by_chain
        .iter()
        .filter(|b| b.id.is_some())
        .map(|b| b.metrics.signed)
        .sum();
    assert!(in_chains > 0 && in_chains < r.metrics.signed);
    let share: f64 = r.by_chain.iter().map(|b| b.signed_share).sum();
    assert!(
        (share - 1.0).abs() < 1e-9,
        "chain shares add up to the whole: {share}"
    );
    assert!(
        r.briefing_details
            .iter()
            .any(|s| s.starts_with("凌源经济开发区新建项目")),
        "{:#?}",
        r.briefing_details
    );
}

fn toward_jjj_168_trips_156_in_talks_27_signed_22_started(demo: &Demo) {
    let jjj = demo.group("京津冀");
    let r = demo.h1(Scope {
        region_group_ids: vec![jjj],
        ..Scope::default()
    });
    let m = &r.metrics;
    assert_eq!(
        (m.trips, m.contacted, m.signed, m.started),
        (168, 156, 27, 22)
    );
    assert_eq!(
        r.briefing,
        "截至6月末，面向京津冀招商168次，对接洽谈项目156个，27个项目签约，落地开工项目22个。"
    );
    // 同比: H1 2021 toward 京津冀 had every figure, each lower than in 2022.
    let p = &r.previous_year;
    for (what, before, now) in [
        ("trips", p.trips, m.trips),
        ("contacted", p.contacted, m.contacted),
        ("signed", p.signed, m.signed),
        ("started", p.started, m.started),
    ] {
        assert!(
            before > 0 && before < now && before * 2 > now,
            "H1 2021 {what}: {before} vs {now} in 2022 ({p:?})"
        );
    }
    assert!(
        r.briefing_details.iter().any(|s| s.contains("同比增长")),
        "{:?}",
        r.briefing_details
    );
    // The monthly series adds up to the totals.
    let trips: u32 = r.monthly.iter().map(|p| p.trips).sum();
    assert_eq!((r.monthly.len(), trips), (6, 168));
}

fn enclave_18_started_19_signed_38_in_talks(demo: &Demo) {
    let e = demo
        .h1(Scope {
            enclave: Some(true),
            ..Scope::default()
        })
        .metrics;
    assert_eq!((e.started, e.signed, e.negotiating_at_end), (18, 19, 38));
}

fn key_projects_108_by_band(demo: &Demo) {
    let all = demo.h1(Scope::default()).metrics;
    let k = all.key_tiers;
    assert_eq!(all.key_projects, 108);
    assert_eq!(
        (k.over_10yi, k.over_1yi, k.over_5000wan, k.under_5000wan),
        (3, 34, 53, 18)
    );
    // The same through the key-project filter.
    let keyed = demo
        .h1(Scope {
            key_project: Some(true),
            ..Scope::default()
        })
        .metrics;
    assert_eq!(keyed.key_projects, 108);
}

fn the_jjj_team_figures(demo: &Demo) {
    let jjj = demo.group("京津冀");
    let team = demo.team("京津冀招商组");
    let t = demo
        .h1(Scope {
            region_group_ids: vec![jjj],
            team_ids: vec![team.clone()],
            ..Scope::default()
        })
        .metrics;
    assert_eq!(
        (t.trips, t.contacted, t.signed, t.relocation_signed),
        (36, 50, 12, 8)
    );
    assert_eq!((t.key_projects, t.key_investment), (23, 1_715_000_000));
    let r = demo.h1(Scope {
        team_ids: vec![team],
        ..Scope::default()
    });
    let whole = &r.metrics;
    assert_eq!(
        (
            whole.lead_at_end,
            whole.negotiating_at_end,
            whole.signed_by_video
        ),
        (81, 21, 6)
    );
    assert!(
        whole.relocation_pipeline >= 100,
        "{}",
        whole.relocation_pipeline
    );
    assert!(whole.companies_called >= 2000, "{}", whole.companies_called);
    assert!(
        r.briefing.starts_with("京津冀招商组截至6月末"),
        "{}",
        r.briefing
    );
}

fn the_2022_plan_and_its_progress(demo: &Demo) {
    let all = demo.h1(Scope::default());
    let targets: Vec<(String, i64)> = all
        .targets
        .iter()
        .map(|t| (t.label.clone(), t.target.value))
        .collect();
    for (label, value) in [
        ("引进5000万元以上项目", 100),
        ("重点项目", 200),
        ("2022年一季度落地开工项目", 45),
        ("2022年一季度新开工项目", 12),
        ("2022年一季度复工项目", 33),
        ("2022年二季度落地开工项目", 85),
        ("2022年二季度新开工项目", 52),
        ("2022年二季度复工项目", 33),
        ("2022年三季度新开工项目", 37),
    ] {
        assert!(
            targets.contains(&(label.to_string(), value)),
            "{label} {value} in {targets:?}"
        );
    }
    let target = |label: &str| all.targets.iter().find(|t| t.label == label).unwrap();
    assert_eq!(target("重点项目").actual, 108);
    // Q1 and Q2 starts reach 60–90% of plan; Q3 has not begun.
    for label in [
        "2022年一季度落地开工项目",
        "2022年一季度新开工项目",
        "2022年一季度复工项目",
        "2022年二季度落地开工项目",
        "2022年二季度新开工项目",
        "2022年二季度复工项目",
    ] {
        let t = target(label);
        assert!(t.period_over, "{label}");
        assert!(
            (0.6..=0.9).contains(&t.ratio),
            "{label}: {} of {}",
            t.actual,
            t.target.value
        );
    }
    let q3 = target("2022年三季度新开工项目");
    assert_eq!((q3.actual, q3.period_over), (0, false));
    // New + resumed make up every start of the half (no 续建 in 2022).
    let m = &all.metrics;
    assert_eq!(m.started, m.started_new + m.started_resumed);
    assert!(target("引进5000万元以上项目").actual > 20);
}

#[test]
fn the_demo_looks_like_a_real_office() {
    let demo = create();
    let l = &demo.ledger;
    assert_eq!(
        l.office_name().unwrap().as_deref(),
        Some("凌源市投资促进服务中心")
    );
    assert_eq!(l.local_city_code().unwrap().as_deref(), Some("211300"));
    assert!(!l.needs_setup().unwrap());

    // 6 teams, 40 officers with unique names; each team led by a 包保领导.
    let teams = l.teams().unwrap();
    assert_eq!(teams.len(), 6);
    let officers = l.officers().unwrap();
    assert_eq!(officers.len(), 40);
    let names: HashSet<&str> = officers.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names.len(), 40, "officer names are unique");
    for t in &teams {
        assert!(
            officers.iter().any(|o| o.team_id.as_deref() == Some(&t.id)
                && o.title.as_deref().is_some_and(|s| s.contains("包保领导"))),
            "{} has a leader",
            t.name
        );
    }

    // Every project has a company, team, officer and sponsor; every stage occurs.
    let rows = demo.projects();
    assert!(rows.len() > 500, "{}", rows.len());
    for row in &rows {
        assert!(
            row.company_name.is_some() && row.team_name.is_some() && row.officer_name.is_some(),
            "{row:?}"
        );
    }
    assert_eq!(
        demo.count(
            "SELECT COUNT(*) FROM projects WHERE company_id IS NULL OR team_id IS NULL
               OR officer_id IS NULL OR sponsor_id IS NULL OR industry_id IS NULL
               OR region_group_id IS NULL OR park IS NULL"
        ),
        0
    );
    let stages: HashSet<Stage> = rows.iter().map(|r| r.stage).collect();
    for s in Stage::ALL {
        assert!(stages.contains(s), "some project is at {s:?}");
    }
    let names: HashSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names.len(), rows.len(), "project names are unique");
    assert!(rows.iter().filter(|r| r.high_energy).count() >= 3);
    assert!(rows.iter().any(|r| r.follow_up_on.is_some()));

    // Companies: unique names, known origins, valid credit codes where given.
    let n_companies = demo.count("SELECT COUNT(*) FROM companies") as usize;
    assert!(n_companies >= 2500, "{n_companies}");
    let companies = l.search_companies("", 100_000).unwrap();
    assert_eq!(companies.len(), n_companies);
    let unique: HashSet<&str> = companies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(unique.len(), companies.len(), "company names are unique");
    for c in &companies {
        assert!(c.origin_name.is_some(), "{} has a known origin", c.name);
        if let Some(code) = &c.credit_code {
            assert_eq!(companies::credit_code::normalize(code).unwrap(), *code);
        }
    }
    assert!(companies.iter().filter(|c| c.credit_code.is_some()).count() > 1000);
    // Some investors bring a second project.
    assert!(
        demo.count(
            "SELECT COUNT(*) FROM (SELECT company_id FROM projects GROUP BY company_id
               HAVING COUNT(*) > 1)"
        ) >= 3
    );

    // Activities of every kind; every trip has a destination and a place.
    for kind in ActivityKind::ALL {
        assert!(
            demo.count(&format!(
                "SELECT COUNT(*) FROM activities WHERE kind = '{}'",
                kind.code()
            )) > 0,
            "{kind:?}"
        );
    }
    assert_eq!(
        demo.count(
            "SELECT COUNT(*) FROM activities WHERE kind = 'outbound_trip'
               AND (destination_code IS NULL OR place IS NULL OR region_group_id IS NULL)"
        ),
        0
    );
    assert!(
        demo.count("SELECT COUNT(*) FROM activities WHERE follow_up_on > '2022-06-30'") > 0,
        "follow-ups into July"
    );

    // 升格, 增资 and a winter stop resumed in spring: over the ledger's whole span.
    let span = demo.report(d(2021, 1, 1), d(2022, 6, 30), Scope::default());
    assert!(span.metrics.upgraded >= 5, "{}", span.metrics.upgraded);
    assert!(span.metrics.added_investment > 0);
    assert!(span.metrics.operating > 10);
    // 二期续建 (a second 开工 of a project already under construction) in H2 2021.
    let h2 = demo.report(d(2021, 7, 1), d(2021, 12, 31), Scope::default());
    assert!(h2.metrics.started_continued > 0);
    let h1 = demo.h1(Scope::default()).metrics;
    assert!(h1.upgraded > 0 && h1.added_investment > 0);
    assert!(h1.started_resumed > 20, "{}", h1.started_resumed);
    assert!(h1.high_energy_signed > 0);

    // It opens on the report period of the office's last briefing.
    let p = l.suggested_period().unwrap();
    assert_eq!((p.from, p.to), (d(2022, 1, 1), d(2022, 6, 30)));
    // Every fact lies in 2021-01-01 ..= 2022-06-30.
    assert_eq!(
        demo.count(
            "SELECT (SELECT COUNT(*) FROM activities
                       WHERE occurred_on > '2022-06-30' OR occurred_on < '2021-01-01')
                  + (SELECT COUNT(*) FROM stage_changes
                       WHERE changed_on > '2022-06-30' OR changed_on < '2021-01-01')"
        ),
        0
    );
}

#[test]
fn the_demo_is_the_same_every_time() {
    let fingerprint = |l: &Ledger| -> Vec<String> {
        let mut stmt = l
            .connection()
            .prepare(
                "SELECT p.name || '|' || c.name || '|' || p.stage || '|' || p.total_investment
                        || '|' || IFNULL(p.signed_on, '') || '|' || IFNULL(p.started_on, '')
                 FROM projects p JOIN companies c ON c.id = p.company_id ORDER BY 1",
            )
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    let (one, two) = (create(), create());
    assert_eq!(fingerprint(&one.ledger), fingerprint(&two.ledger));
    // And it is never written over a ledger with data.
    let e = demo::create_demo_ledger(one.ledger.path())
        .err()
        .expect("refused");
    assert!(e.to_string().contains("已有数据"), "{e}");
}

/// Writes the demo to a file to look at (`cargo test -p zhaoshang-demo --test demo -- --ignored`).
#[test]
#[ignore]
fn write_demo_file() {
    let path = std::env::temp_dir().join("zhaoshang_demo.sqlite3");
    let _ = std::fs::remove_file(&path);
    let t = std::time::Instant::now();
    let ledger = demo::create_demo_ledger(&path).unwrap();
    eprintln!("{} written in {:?}", path.display(), t.elapsed());
    let demo = Demo {
        _dir: tempfile::tempdir().unwrap(),
        ledger,
    };
    let jjj = demo.group("京津冀");
    let team = demo.team("京津冀招商组");
    for scope in [
        Scope::default(),
        Scope {
            region_group_ids: vec![jjj.clone()],
            ..Scope::default()
        },
        Scope {
            team_ids: vec![team],
            ..Scope::default()
        },
        Scope {
            enclave: Some(true),
            ..Scope::default()
        },
    ] {
        let r = demo.h1(scope);
        eprintln!("\n{}", r.briefing);
        for s in &r.briefing_details {
            eprintln!("  {s}");
        }
        eprintln!("  同比基数: {:?}", r.previous_year);
    }
}

//! The demo ledger reproduces every figure of DESIGN.md §4 through the report engine.

use chrono::NaiveDate;
use zhaoshang_core::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Demo {
    _dir: tempfile::TempDir,
    ledger: Ledger,
}

fn demo() -> Demo {
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
    fn h1(&self, scope: Scope) -> Report {
        self.ledger
            .report(&ReportQuery {
                period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
                scope,
            })
            .unwrap()
    }
}

#[test]
fn the_demo_reproduces_the_county_h1_2022_report() {
    let demo = demo();
    let jjj = demo.group("京津冀");
    let team = demo.team("京津冀招商组");

    // 1. Toward 京津冀: 168 trips, 156 in talks, 27 signed, 22 started.
    let r = demo.h1(Scope {
        region_group_ids: vec![jjj.clone()],
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
    assert!(
        r.previous_year.trips > 0 && r.previous_year.trips < 168,
        "同比 base: {:?}",
        r.previous_year
    );
    assert!(r.previous_year.signed > 0 && r.previous_year.signed < 27);

    // 2. 飞地: 18 started, 19 newly signed, 38 in talks.
    let e = demo
        .h1(Scope {
            enclave: Some(true),
            ..Scope::default()
        })
        .metrics;
    assert_eq!((e.started, e.signed, e.negotiating_at_end), (18, 19, 38));

    // 3. 108 key projects: 3 of ≥10亿, 34 of 1–10亿, 53 of 5000万–1亿.
    let all = demo.h1(Scope::default());
    let k = all.metrics.key_tiers;
    assert_eq!(all.metrics.key_projects, 108);
    assert_eq!(
        (k.over_10yi, k.over_1yi, k.over_5000wan, k.under_5000wan),
        (3, 34, 53, 18)
    );

    // 4. The 京津冀招商组 toward 京津冀, and as a whole.
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
    let whole = demo
        .h1(Scope {
            team_ids: vec![team],
            ..Scope::default()
        })
        .metrics;
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

    // 5. The 2022 plan and its progress.
    let targets: Vec<(String, i64)> = all
        .targets
        .iter()
        .map(|t| (t.label.clone(), t.target.value))
        .collect();
    assert!(
        targets.contains(&("引进5000万元以上项目".into(), 100)),
        "{targets:?}"
    );
    assert!(targets.contains(&("重点项目".into(), 200)));
    assert!(targets.contains(&("2022年一季度落地开工项目".into(), 45)));
    assert!(targets.contains(&("2022年三季度新开工项目".into(), 37)));
    let key_target = all.targets.iter().find(|t| t.label == "重点项目").unwrap();
    assert_eq!(key_target.actual, 108);
}

#[test]
fn the_demo_looks_like_a_real_office() {
    let demo = demo();
    let l = &demo.ledger;
    assert_eq!(l.teams().unwrap().len(), 6);
    assert_eq!(l.officers().unwrap().len(), 40);
    let names: std::collections::HashSet<String> =
        l.officers().unwrap().into_iter().map(|o| o.name).collect();
    assert_eq!(names.len(), 40, "officer names are unique");
    let page = l
        .list_projects(&ProjectFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    assert!(page.total > 500, "{}", page.total);
    for row in &page.rows {
        assert!(
            row.company_name.is_some() && row.team_name.is_some() && row.officer_name.is_some()
        );
    }
    let stages: std::collections::HashSet<Stage> = page.rows.iter().map(|r| r.stage).collect();
    for s in Stage::ALL {
        assert!(stages.contains(s), "some project is at {s:?}");
    }
    let companies = l.search_companies("", 5000).unwrap();
    let unique: std::collections::HashSet<&str> =
        companies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(unique.len(), companies.len(), "company names are unique");
    // It opens on the report period of the office's last briefing.
    let p = l.suggested_period().unwrap();
    assert_eq!((p.from, p.to), (d(2022, 1, 1), d(2022, 6, 30)));
    // Nothing dated after the day of the briefing.
    let late: i64 = l
        .connection()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM activities WHERE occurred_on > '2022-06-30')
                  + (SELECT COUNT(*) FROM stage_changes WHERE changed_on > '2022-06-30')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(late, 0);
}

#[test]
fn the_demo_is_not_written_over_existing_data() {
    let demo = demo();
    let path = demo.ledger.path().to_path_buf();
    drop(demo.ledger);
    let e = demo::create_demo_ledger(&path).err().expect("refused");
    assert!(e.to_string().contains("已有数据"), "{e}");
}

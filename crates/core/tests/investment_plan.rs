//! 年度计划投资, 完成投资 and 完成率 in reports, with shares by industry, chain and park: on a
//! hand-built ledger, and on a 集中开工 ledger imported from `ledger_jizhong_kaigong.xlsx`.

use crate::common::*;
use zhaoshang_core::io::import::ImportOptions;
use zhaoshang_core::projects::years::ProjectYearInput;
use zhaoshang_core::reports::plans::InvestmentPlan;
use zhaoshang_core::*;

fn industry(f: &Fixture, name: &str) -> String {
    f.ledger
        .industries()
        .unwrap()
        .into_iter()
        .find(|i| i.name == name)
        .unwrap()
        .id
}

/// Puts industries into a chain with SQL (the chain list is another part of the ledger).
fn chain(f: &Fixture, name: &str, industries: &[&str]) {
    let conn = f.ledger.connection();
    let id = format!("chain-{name}");
    conn.execute(
        "INSERT INTO industry_chains (id, name, sort_order, created_at, updated_at)
         VALUES (?1, ?2, 0, '2022-01-01', '2022-01-01')",
        [&id, name],
    )
    .unwrap();
    for i in industries {
        conn.execute(
            "UPDATE industries SET chain_id = ?1 WHERE name = ?2",
            [&id, *i],
        )
        .unwrap();
    }
}

/// A started project of an industry and park, with its 2022 plan and cumulative figures (万元).
fn key_project(
    f: &mut Fixture,
    name: &str,
    industry_name: &str,
    park: &str,
    plan_wan: i64,
    completed_wan: &[(usize, i64)],
) -> String {
    let p = f.project(name, "110105", 10 * YI, d(2022, 1, 5));
    let mut input: ProjectInput =
        serde_json::from_value(serde_json::to_value(&p).unwrap()).unwrap();
    input.industry_id = Some(industry(f, industry_name));
    input.park = Some(park.into());
    f.ledger.update_project(&p.id, &input).unwrap();
    let mut months = vec![None; 12];
    for &(m, wan) in completed_wan {
        months[m - 1] = Some(wan * WAN);
    }
    f.ledger
        .set_project_year(
            &p.id,
            &ProjectYearInput {
                year: 2022,
                planned_investment: Some(plan_wan * WAN),
                completed_by_month: months,
                progress: Some("主体施工".into()),
            },
        )
        .unwrap();
    p.id
}

fn plan(
    f: &Fixture,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    scope: Scope,
) -> InvestmentPlan {
    f.report(from, to, scope).investment_plan
}

#[test]
fn plan_completion_and_shares_read_as_the_county_writes_them() {
    let mut f = fixture();
    chain(&f, "新能源汽车产业链", &["新能源", "汽车及零部件"]);
    key_project(
        &mut f,
        "光伏组件项目",
        "新能源",
        "凌源经济开发区",
        30_000,
        &[(3, 5_000), (6, 12_000)],
    );
    key_project(
        &mut f,
        "风电项目",
        "新能源",
        "凌源经济开发区",
        30_000,
        &[(6, 9_000)],
    );
    key_project(
        &mut f,
        "零部件项目",
        "汽车及零部件",
        "汽车产业园",
        20_000,
        &[(3, 4_000), (5, 8_000)],
    );
    key_project(
        &mut f,
        "特钢项目",
        "钢铁冶金",
        "钢铁冶金园",
        20_000,
        &[(3, 2_000), (6, 12_000)],
    );
    // A project of another year counts in none of 2022's figures.
    let other = f.project("往年项目", "110105", YI, d(2021, 3, 1));
    f.ledger
        .set_project_year(
            &other.id,
            &ProjectYearInput {
                year: 2021,
                planned_investment: Some(9 * YI),
                ..Default::default()
            },
        )
        .unwrap();

    let h1 = plan(&f, d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert_eq!((h1.year, h1.from_month, h1.to_month), (2022, 1, 6));
    assert_eq!(h1.projects, 4);
    assert_eq!(h1.planned, 10 * YI);
    // 零部件项目 reported no June figure: its May figure (cumulative) stands.
    assert_eq!(h1.completed, (12_000 + 9_000 + 8_000 + 12_000) * WAN);
    assert_eq!(
        h1.sentence().unwrap(),
        "4个项目年度计划投资10亿元，1-6月完成投资4.1亿元，完成率41.0%。"
    );
    let new_energy = h1.by_industry.iter().find(|r| r.label == "新能源").unwrap();
    assert_eq!(
        h1.share_sentence(new_energy),
        "计划投资10亿元，其中新能源项目计划投资6亿元，占全部计划投资的60.0%。"
    );
    assert_eq!(new_energy.completed, 21_000 * WAN);
    assert!((new_energy.completion_rate - 0.35).abs() < 1e-9);
    let chain_row = &h1.by_chain[0];
    assert_eq!(
        (
            chain_row.label.as_str(),
            chain_row.projects,
            chain_row.planned
        ),
        ("新能源汽车产业链", 3, 8 * YI)
    );
    assert!((chain_row.planned_share - 0.8).abs() < 1e-9);
    assert_eq!(h1.by_chain[1].label, "未填写");
    assert_eq!(h1.by_chain[1].planned, 2 * YI);
    let parks: Vec<(&str, i64)> = h1
        .by_park
        .iter()
        .map(|r| (r.label.as_str(), r.planned))
        .collect();
    assert!(parks.contains(&("凌源经济开发区", 6 * YI)), "{parks:?}");
    assert!(parks.contains(&("钢铁冶金园", 2 * YI)), "{parks:?}");
    let shares: f64 = h1.by_park.iter().map(|r| r.planned_share).sum();
    assert!((shares - 1.0).abs() < 1e-9);

    // The report's briefing carries the sentence.
    let report = f.report(d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert!(
        report.briefing_details.contains(
            &"4个项目年度计划投资10亿元，1-6月完成投资4.1亿元，完成率41.0%。".to_string()
        ),
        "{:?}",
        report.briefing_details
    );

    // A period: the second quarter's completed investment, and the year's to its end.
    let q2 = plan(&f, d(2022, 4, 1), d(2022, 6, 30), Scope::default());
    assert_eq!(q2.months_label, "4-6月");
    assert_eq!(q2.completed, h1.completed);
    assert_eq!(
        q2.completed_in_period,
        h1.completed - (5_000 + 4_000 + 2_000) * WAN
    );
    assert_eq!(
        q2.sentence().unwrap(),
        "4个项目年度计划投资10亿元，4-6月完成投资3亿元（年初累计4.1亿元），完成率41.0%。"
    );
    // The first quarter: the figures of March.
    let q1 = plan(&f, d(2022, 1, 1), d(2022, 3, 31), Scope::default());
    assert_eq!(q1.completed, (5_000 + 4_000 + 2_000) * WAN);
    // A scope narrows the plan to its projects.
    let steel = plan(
        &f,
        d(2022, 1, 1),
        d(2022, 6, 30),
        Scope {
            industry_ids: vec![industry(&f, "钢铁冶金")],
            ..Default::default()
        },
    );
    assert_eq!(
        (steel.projects, steel.planned, steel.completed),
        (1, 2 * YI, 12_000 * WAN)
    );
    assert!((steel.completion_rate - 0.6).abs() < 1e-9);
    // No year: no sentence.
    let y2020 = plan(&f, d(2020, 1, 1), d(2020, 6, 30), Scope::default());
    assert_eq!((y2020.projects, y2020.sentence()), (0, None));
}

#[test]
fn a_jizhong_kaigong_ledger_brings_its_plan_and_completed_investment() {
    let mut f = fixture();
    f.ledger.set_today(Some(d(2022, 7, 5)));
    let bytes = fixture_bytes("ledger_jizhong_kaigong.xlsx");
    let preview = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap();
    let columns: Vec<(String, Option<io::import::Field>)> = preview
        .columns
        .iter()
        .map(|c| (c.header.clone(), c.field))
        .collect();
    for (header, field) in [
        (
            "投资情况/2022年计划投资（万元）",
            io::import::Field::PlannedInvestment,
        ),
        (
            "投资情况/1-6月完成投资（万元）",
            io::import::Field::CompletedInvestment,
        ),
        ("形象进度", io::import::Field::Progress),
    ] {
        assert!(
            columns.contains(&(header.to_string(), Some(field))),
            "{header}: {columns:?}"
        );
    }
    let plan_rows = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(plan_rows.counts.create, 8, "{:?}", plan_rows.rows);
    let first = &plan_rows
        .rows
        .iter()
        .find(|r| r.project_name.as_deref() == Some("年产5GW光伏组件项目"))
        .unwrap();
    assert!(
        first
            .message
            .contains("登记2022年计划投资3亿元、1-6月完成投资1.2亿元、形象进度“主体钢结构施工”"),
        "{}",
        first.message
    );

    let h1 = plan(&f, d(2022, 1, 1), d(2022, 6, 30), Scope::default());
    assert_eq!(h1.planned, 10 * YI);
    assert_eq!(h1.completed, 41_000 * WAN);
    assert_eq!(
        h1.sentence().unwrap(),
        "8个项目年度计划投资10亿元，1-6月完成投资4.1亿元，完成率41.0%。"
    );
    let new_energy = h1.by_industry.iter().find(|r| r.label == "新能源").unwrap();
    assert_eq!(
        h1.share_sentence(new_energy),
        "计划投资10亿元，其中新能源项目计划投资6亿元，占全部计划投资的60.0%。"
    );
    let park = h1
        .by_park
        .iter()
        .find(|r| r.label == "凌源经济开发区")
        .unwrap();
    assert_eq!((park.projects, park.planned), (4, 6 * YI + 3_000 * WAN));
    // The text amounts: «5000» in the 万元 column, «0.3亿» written in the cell.
    let carbon = f
        .ledger
        .list_projects(&ProjectFilter {
            search: Some("碳纤维".into()),
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .id
        .clone();
    let y = &f.ledger.project_years(&carbon).unwrap()[0];
    assert_eq!((y.year, y.planned_investment), (2022, Some(3_000 * WAN)));
    assert_eq!(y.completed_by_month, vec![None; 12]);
    assert_eq!(y.progress.as_deref(), Some("办理施工许可"));

    // The 调度表 carries each project's year and the totals.
    let workbook = f
        .ledger
        .export_report_xlsx(&ReportQuery {
            period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
            scope: Scope::default(),
        })
        .unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(workbook)).unwrap();
    let sheet = book.worksheet_range("年度投资").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[1][3..6],
        [
            "2022年计划投资（万元）",
            "1-6月完成投资（万元，年初累计）",
            "完成率"
        ]
    );
    let solar = rows.iter().find(|r| r[0] == "年产5GW光伏组件项目").unwrap();
    assert_eq!(
        solar[1..7],
        [
            "新能源",
            "凌源经济开发区",
            "30000",
            "12000",
            "0.4",
            "主体钢结构施工"
        ]
    );
    let total = rows.iter().find(|r| r[0] == "合计（8个项目）").unwrap();
    assert_eq!(total[3..6], ["100000", "41000", "0.41"]);

    // The same file again changes nothing.
    let again = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert_eq!(again.counts.unchanged, 8, "{:?}", again.rows);
}

//! 重点项目建设调度 and truthful counts (issue 13): stages reached on unknown dates, 园区, 续建
//! across years and 产业链, on hand-built ledgers whose sentences are those the seed documents
//! print.

use crate::common::*;
use zhaoshang_core::io::import::ImportOptions;
use zhaoshang_core::*;

fn h1_2022() -> Period {
    Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap()
}

fn report(f: &Fixture, period: Period, scope: Scope) -> Report {
    f.ledger.report(&ReportQuery { period, scope }).unwrap()
}

/// A 集中开工 ledger as offices keep it: a title row, a 开工时间 column and no 签约 column.
const JIZHONG_KAIGONG: &str = "\
凌源市2022年春季重点项目集中开工项目表,,,,,,
序号,项目名称,投资方,来源地,总投资（亿元）,开工时间,所在园区
1,年产10万吨特种钢项目,北京华钢科技有限公司,北京市海淀区,12,2022-04-15,凌源经济开发区
2,汽车轮毂生产线项目,天津星辰汽车配件有限公司,天津市,2.5,2022-04-15,凌源经济开发区
3,光伏组件项目,江苏晨光新能源有限公司,南京市,8000万,2022-04-15,凌源市新能源产业园
";

#[test]
fn a_jizhong_kaigong_ledger_counts_starts_and_no_invented_signings() {
    let mut f = fixture();
    let plan = f
        .ledger
        .import_apply(JIZHONG_KAIGONG.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.counts.create, 3, "{:?}", plan.rows);
    assert!(
        plan.rows[0].message.contains("签约日期不详"),
        "the preview says what it recorded: {}",
        plan.rows[0].message
    );
    let day = Period::new(d(2022, 4, 15), d(2022, 4, 15)).unwrap();
    let r = report(&f, day, Scope::default());
    assert_eq!(r.metrics.started, 3);
    assert_eq!(r.metrics.started_new, 3);
    assert_eq!(
        r.metrics.signed, 0,
        "no signing was invented on the 开工 date"
    );
    assert_eq!(r.metrics.signed_date_unknown, 3);
    assert!(
        r.briefing
            .contains("0个项目签约（另有3个项目签约日期不详），落地开工项目3个"),
        "{}",
        r.briefing
    );
    // The stage history keeps the signing, undated («不晚于» the start).
    let p = &f.ledger.list_projects(&Default::default()).unwrap().rows[0];
    let history = f.ledger.stage_history(&p.id).unwrap();
    assert_eq!(history[0].to_stage, Stage::Signed);
    assert!(history[0].date_unknown);
    assert_eq!(history[0].changed_on, d(2022, 4, 15));
    let project = f.ledger.project(&p.id).unwrap();
    assert_eq!(project.signed_on, None);
    assert_eq!(project.stage, Stage::Started);
    // A year report: still no signing counted in the period, the stage at the end is 开工.
    let year = report(
        &f,
        Period::new(d(2022, 1, 1), d(2022, 12, 31)).unwrap(),
        Scope::default(),
    );
    assert_eq!(year.metrics.signed, 0);
    assert_eq!(
        year.stages_at_end
            .iter()
            .find(|s| s.stage == Stage::Started)
            .map(|s| s.count),
        Some(3)
    );

    // The real date entered later makes it an ordinary signing of its period.
    f.ledger
        .set_stage_change_date(&history[0].id, d(2022, 3, 1))
        .unwrap();
    let h1 = report(&f, h1_2022(), Scope::default());
    assert_eq!(h1.metrics.signed, 1);
    assert_eq!(h1.metrics.signed_date_unknown, 2);
    assert_eq!(
        f.ledger.project(&p.id).unwrap().signed_on,
        Some(d(2022, 3, 1))
    );
    // …and a date after the start is refused, nothing changed.
    let other = &f
        .ledger
        .stage_history(&f.ledger.list_projects(&Default::default()).unwrap().rows[1].id)
        .unwrap()[0];
    let err = f
        .ledger
        .set_stage_change_date(&other.id, d(2022, 5, 1))
        .unwrap_err();
    assert!(err.to_string().contains("须先签约再开工"), "{err}");
    assert!(f.ledger.stage_history(&other.project_id).unwrap()[0].date_unknown);
}

#[test]
fn importing_the_dates_later_fills_the_unknown_signing() {
    let mut f = fixture();
    f.ledger
        .import_apply(JIZHONG_KAIGONG.as_bytes(), &ImportOptions::default())
        .unwrap();
    let with_signing = "序号,项目名称,投资方,签约时间,开工时间\n1,年产10万吨特种钢项目,北京华钢科技有限公司,2021-11-20,2022-04-15\n";
    let plan = f
        .ledger
        .import_apply(with_signing.as_bytes(), &ImportOptions::default())
        .unwrap();
    assert_eq!(plan.counts.update, 1, "{:?}", plan.rows);
    let r = report(
        &f,
        Period::new(d(2021, 1, 1), d(2021, 12, 31)).unwrap(),
        Scope::default(),
    );
    assert_eq!(r.metrics.signed, 1);
    assert_eq!(r.metrics.signed_date_unknown, 0);
}

#[test]
fn parks_count_new_continued_and_reserve_projects() {
    let mut f = fixture();
    let dev = f.ledger.create_park("凌源经济开发区").unwrap();
    f.ledger.create_park("凌源钢铁深加工产业园").unwrap();
    let in_park = |f: &mut Fixture, name: &str, park: &str, yi: i64| -> Project {
        let p = f.project(name, "110108", yi * 100_000_000, d(2020, 3, 1));
        let mut input = ProjectInput {
            name: p.name.clone(),
            company_id: p.company_id.clone(),
            total_investment: p.total_investment,
            team_id: p.team_id.clone(),
            officer_id: p.officer_id.clone(),
            ..Default::default()
        };
        input.park = Some(park.into());
        f.ledger.update_project(&p.id, &input).unwrap()
    };
    // Started in 2021 and still building: 续建 in 2022 without a new 开工.
    let old = in_park(&mut f, "特钢一期", "凌源经济开发区", 10);
    f.stage(&old.id, Stage::Signed, d(2021, 2, 1)).unwrap();
    f.stage(&old.id, Stage::Started, d(2021, 5, 1)).unwrap();
    // Started and finished in 2021: not 续建 in 2022.
    let done = in_park(&mut f, "轮毂厂", "凌源经济开发区", 3);
    f.stage(&done.id, Stage::Signed, d(2021, 1, 10)).unwrap();
    f.stage(&done.id, Stage::Started, d(2021, 2, 1)).unwrap();
    f.stage(&done.id, Stage::Operating, d(2021, 12, 1)).unwrap();
    // New in 2022.
    for (name, yi) in [("新材料一期", 5), ("新材料二期", 2)] {
        let p = in_park(&mut f, name, "凌源经济开发区", yi);
        f.stage(&p.id, Stage::Signed, d(2022, 2, 1)).unwrap();
        f.stage(&p.id, Stage::Started, d(2022, 4, 1)).unwrap();
    }
    // Reserve: signed, not started; and one in talks.
    let r1 = in_park(&mut f, "储备一", "凌源经济开发区", 1);
    f.stage(&r1.id, Stage::Signed, d(2022, 5, 1)).unwrap();
    let r2 = in_park(&mut f, "储备二", "凌源经济开发区", 1);
    f.stage(&r2.id, Stage::Negotiating, d(2022, 5, 1)).unwrap();
    // Another park, and a park no list names.
    let steel = in_park(&mut f, "焦化改造", "凌源钢铁深加工产业园", 4);
    f.stage(&steel.id, Stage::Signed, d(2022, 1, 5)).unwrap();
    f.stage(&steel.id, Stage::Started, d(2022, 3, 1)).unwrap();
    in_park(&mut f, "冷链仓储", "凌源物流园", 1);

    let r = report(&f, h1_2022(), Scope::default());
    let row = |name: &str| r.by_park.iter().find(|b| b.label == name).unwrap().clone();
    let dev_row = row("凌源经济开发区");
    let m = &dev_row.metrics;
    assert_eq!((m.started_new, m.started_new_investment), (2, 700_000_000));
    assert_eq!((m.continued, m.continued_investment), (1, 1_000_000_000));
    assert_eq!(m.not_started_at_end, 2);
    assert_eq!(r.by_park[0].label, "凌源经济开发区", "the list's order");
    assert_eq!(r.by_park[1].label, "凌源钢铁深加工产业园");
    assert!(
        r.by_park.iter().any(|b| b.label == "凌源物流园"),
        "a park named only on projects"
    );
    assert!(
        r.briefing_details.contains(
            &"凌源经济开发区新建项目2个、总投资7亿元，续建项目1个、总投资10亿元，储备项目2个。"
                .to_string()
        ),
        "{:#?}",
        r.briefing_details
    );
    // The whole year 2021: the 轮毂厂 was 新建 and went into production.
    let y2021 = report(
        &f,
        Period::new(d(2021, 1, 1), d(2021, 12, 31)).unwrap(),
        Scope::default(),
    );
    let m21 = &y2021
        .by_park
        .iter()
        .find(|b| b.label == "凌源经济开发区")
        .unwrap()
        .metrics;
    assert_eq!((m21.started_new, m21.continued, m21.operating), (2, 0, 1));

    // A park filter (the CLI's --park) narrows every figure.
    let only = report(
        &f,
        h1_2022(),
        Scope {
            parks: vec!["凌源钢铁深加工产业园".into()],
            ..Default::default()
        },
    );
    assert_eq!((only.metrics.started, only.metrics.signed), (1, 1));

    // Renaming a park renames it on its projects; the report follows.
    f.ledger.rename_park(&dev.id, "凌源经济技术开发区").unwrap();
    assert_eq!(
        f.ledger.project(&old.id).unwrap().park.as_deref(),
        Some("凌源经济技术开发区")
    );
    let renamed = report(&f, h1_2022(), Scope::default());
    assert_eq!(renamed.by_park[0].label, "凌源经济技术开发区");
    assert_eq!(renamed.by_park[0].metrics.started_new, 2);
    // Undo puts the name back on the list and the projects.
    let action = f.ledger.last_undoable().unwrap().unwrap();
    f.ledger.undo(&action.tx_id).unwrap();
    assert_eq!(f.ledger.parks().unwrap()[0].name, "凌源经济开发区");
    assert_eq!(
        f.ledger.project(&old.id).unwrap().park.as_deref(),
        Some("凌源经济开发区")
    );
    // Names are unique on the list.
    let err = f.ledger.create_park("凌源钢铁深加工产业园").unwrap_err();
    assert!(err.to_string().contains("已有名为"), "{err}");
}

#[test]
fn chains_group_industries_and_give_their_share() {
    let mut f = fixture();
    let industries = f.ledger.industries().unwrap();
    let ind = |n: &str| industries.iter().find(|i| i.name == n).unwrap().id.clone();
    let chain = f.ledger.create_industry_chain("新能源汽车产业链").unwrap();
    f.ledger
        .set_industry_chain(&ind("汽车及零部件"), Some(&chain.id))
        .unwrap();
    f.ledger
        .set_industry_chain(&ind("新能源"), Some(&chain.id))
        .unwrap();
    assert_eq!(f.ledger.industry_chains().unwrap()[0].industry_ids.len(), 2);
    for (name, industry) in [
        ("轮毂", "汽车及零部件"),
        ("光伏", "新能源"),
        ("食用菌", "农产品深加工"),
        ("电池", "新能源"),
    ] {
        let p = f.project(name, "110108", 100_000_000, d(2022, 1, 1));
        let input = ProjectInput {
            name: p.name.clone(),
            company_id: p.company_id.clone(),
            total_investment: p.total_investment,
            industry_id: Some(ind(industry)),
            ..Default::default()
        };
        f.ledger.update_project(&p.id, &input).unwrap();
        f.stage(&p.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    }
    let r = report(&f, h1_2022(), Scope::default());
    let row = r
        .by_chain
        .iter()
        .find(|b| b.id.as_deref() == Some(&chain.id))
        .unwrap();
    assert_eq!(row.label, "新能源汽车产业链");
    assert_eq!(row.metrics.signed, 3);
    assert!((row.signed_share - 0.75).abs() < 1e-9);
    assert!(
        r.briefing_details
            .contains(&"签约项目中产业链项目3个，占75.0%。".to_string()),
        "{:#?}",
        r.briefing_details
    );
    // The 调度表 carries the chain and park sheets when the ledger has them.
    let bytes = f
        .ledger
        .export_report_xlsx(&ReportQuery {
            period: h1_2022(),
            scope: Scope::default(),
        })
        .unwrap();
    use calamine::Reader;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert!(
        book.sheet_names().contains(&"按产业链".to_string()),
        "{:?}",
        book.sheet_names()
    );
    // Deleting the chain leaves its industries in none.
    f.ledger.delete_industry_chain(&chain.id).unwrap();
    assert!(f
        .ledger
        .industries()
        .unwrap()
        .iter()
        .all(|i| i.chain_id.is_none()));
}

#[test]
fn a_project_building_across_the_new_year_is_continued_in_every_period_it_spans() {
    let mut f = fixture();
    let p = f.project("特钢", "110108", 500_000_000, d(2021, 1, 1));
    f.stage(&p.id, Stage::Signed, d(2021, 2, 1)).unwrap();
    f.stage(&p.id, Stage::Started, d(2021, 10, 1)).unwrap();
    let q =
        |f: &Fixture, from, to| report(f, Period::new(from, to).unwrap(), Scope::default()).metrics;
    let y2021 = q(&f, d(2021, 1, 1), d(2021, 12, 31));
    assert_eq!((y2021.started_new, y2021.continued), (1, 0));
    let y2022 = q(&f, d(2022, 1, 1), d(2022, 12, 31));
    assert_eq!(
        (y2022.started, y2022.started_new, y2022.continued),
        (0, 0, 1)
    );
    assert_eq!(y2022.continued_investment, 500_000_000);
    // Any period: a quarter of 2021 after the start.
    assert_eq!(q(&f, d(2021, 11, 1), d(2021, 12, 31)).continued, 1);
    // Put on hold, resumed in 2022: 复工 in that period, not also 续建 after the hold.
    f.stage(&p.id, Stage::OnHold, d(2021, 12, 20)).unwrap();
    f.stage(&p.id, Stage::Started, d(2022, 3, 1)).unwrap();
    let after = q(&f, d(2022, 1, 1), d(2022, 12, 31));
    assert_eq!((after.started_resumed, after.continued), (1, 0));
}

/// A ledger written before schema v6, whose import invented a 签约 on the 开工 date (note
/// 「导入时补记：原表未填签约时间」): the upgrade flags that signing 日期不详 and the report stops
/// counting it.
#[test]
fn the_upgrade_flags_signings_an_earlier_import_invented() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.sqlite3");
    {
        let conn = storage::db::open_with_migrations(&path, &storage::db::MIGRATIONS[..5]).unwrap();
        conn.execute_batch(
            "INSERT INTO projects (id, name, stage, stage_since, signed_on, started_on, created_on,
                created_at, updated_at)
             VALUES ('p1', '特钢项目', 'started', '2022-04-15', '2022-04-15', '2022-04-15',
                '2022-04-15', 'x', 'x');
             INSERT INTO stage_changes (id, project_id, changed_on, to_stage, note, created_at, updated_at)
             VALUES ('s1', 'p1', '2022-04-15', 'signed', '导入时补记：原表未填签约时间', 'a', 'a'),
                    ('s2', 'p1', '2022-04-15', 'started', NULL, 'b', 'b');",
        )
        .unwrap();
    }
    let mut ledger = Ledger::open(&path).unwrap();
    ledger.set_today(Some(d(2022, 12, 31)));
    let history = ledger.stage_history("p1").unwrap();
    assert!(history[0].date_unknown);
    assert!(!history[1].date_unknown);
    assert_eq!(ledger.project("p1").unwrap().signed_on, None);
    let r = ledger
        .report(&ReportQuery {
            period: Period::new(d(2022, 4, 1), d(2022, 4, 30)).unwrap(),
            scope: Scope::default(),
        })
        .unwrap();
    assert_eq!(
        (
            r.metrics.signed,
            r.metrics.signed_date_unknown,
            r.metrics.started
        ),
        (0, 1, 1)
    );
}

/// A 日期不详 signing, a park list, a chain and the date entered later travel to another
/// laptop like every change: its report says the same.
#[test]
fn unknown_dates_parks_and_chains_sync() {
    use zhaoshang_core::sync::{read_bundle, write_bundle};
    let dir = tempfile::tempdir().unwrap();
    let open = |name: &str| {
        let mut l = Ledger::open(dir.path().join(name)).unwrap();
        l.set_today(Some(d(2022, 12, 31)));
        l
    };
    let (mut a, mut b) = (open("a.sqlite3"), open("b.sqlite3"));
    let send = |from: &Ledger, to: &mut Ledger| {
        let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
        let path = dir.path().join("bundle.zsync");
        write_bundle(&bundle, &path).unwrap();
        to.import_changes(&read_bundle(&path).unwrap()).unwrap();
    };
    a.import_apply(JIZHONG_KAIGONG.as_bytes(), &ImportOptions::default())
        .unwrap();
    a.create_park("凌源经济开发区").unwrap();
    let chain = a.create_industry_chain("新能源汽车产业链").unwrap();
    let industry = a.industries().unwrap()[0].id.clone();
    a.set_industry_chain(&industry, Some(&chain.id)).unwrap();
    send(&a, &mut b);
    let q = ReportQuery {
        period: h1_2022(),
        scope: Scope::default(),
    };
    let (ra, rb) = (a.report(&q).unwrap(), b.report(&q).unwrap());
    assert_eq!(rb.metrics.signed_date_unknown, 3);
    assert_eq!(ra.metrics, rb.metrics);
    assert_eq!(ra.by_park, rb.by_park);
    assert_eq!(b.parks().unwrap()[0].name, "凌源经济开发区");
    assert_eq!(b.industry_chains().unwrap()[0].industry_ids, vec![industry]);
    // The real date entered on A reaches B.
    let p = a.list_projects(&Default::default()).unwrap().rows[0]
        .id
        .clone();
    let signing = a.stage_history(&p).unwrap()[0].id.clone();
    a.set_stage_change_date(&signing, d(2022, 3, 1)).unwrap();
    send(&a, &mut b);
    let rb = b.report(&q).unwrap();
    assert_eq!((rb.metrics.signed, rb.metrics.signed_date_unknown), (1, 2));
    assert_eq!(b.project(&p).unwrap().signed_on, Some(d(2022, 3, 1)));
}

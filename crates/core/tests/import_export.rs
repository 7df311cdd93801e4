//! Export of the ledger (tests/fixtures imported first): an export imports back as the same
//! ledger, the export's layout and filter, and the report workbook.

use crate::common::*;
use zhaoshang_core::io::import::ImportOptions;
use zhaoshang_core::*;

type Snapshot = Vec<(
    String,
    Option<String>,
    i64,
    Stage,
    [Option<chrono::NaiveDate>; 3],
    [bool; 4],
    Option<String>,
)>;

/// What a round trip must keep: names, company, 总投资, stage and its dates, flags, region group.
fn snapshot(l: &Ledger) -> Snapshot {
    let groups = l.region_groups().unwrap();
    let group = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| groups.iter().find(|g| &g.id == id))
            .map(|g| g.name.clone())
    };
    let mut v: Snapshot = l
        .export_rows(&ProjectFilter::default())
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.name,
                r.company,
                r.total_investment,
                r.stage,
                [r.signed_on, r.started_on, r.operating_on],
                [r.key_project, r.enclave, r.relocation, r.high_energy],
                r.region_group,
            )
        })
        .collect();
    v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let _ = group;
    v
}

#[test]
fn export_then_import_gives_the_same_ledger() {
    let mut src = fixture();
    src.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    // A few histories the file did not have: 复工 after 搁置, 终止, a manual region group.
    let p = src.project("矿山装备再制造", "130203", 76_543_210, d(2021, 2, 3));
    src.stage(&p.id, Stage::Signed, d(2021, 5, 6)).unwrap();
    src.stage(&p.id, Stage::Started, d(2021, 7, 1)).unwrap();
    src.stage(&p.id, Stage::OnHold, d(2021, 12, 1)).unwrap();
    src.stage(&p.id, Stage::Started, d(2022, 3, 15)).unwrap();
    let q = src.project("氢能重卡示范线", "310115", 3 * YI, d(2022, 2, 1));
    src.stage(&q.id, Stage::Dropped, d(2022, 8, 8)).unwrap();
    let expected = snapshot(&src.ledger);
    assert_eq!(expected.len(), 9);

    let xlsx = src
        .ledger
        .export_projects_xlsx(&ProjectFilter::default())
        .unwrap();
    let csv = src
        .ledger
        .export_projects_csv(&ProjectFilter::default())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("台账.xlsx", &xlsx), ("台账.csv", &csv)] {
        // Real files on disk, read back by the importer.
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut dst = fixture();
        let plan = dst
            .ledger
            .import_file(&path, &ImportOptions::default(), true)
            .unwrap();
        assert_eq!(plan.counts.error, 0, "{name}: {:#?}", plan.rows);
        assert_eq!(plan.counts.create, 9, "{name}");
        assert!(
            plan.warnings.is_empty(),
            "{name}: every column maps: {:?}",
            plan.warnings
        );
        assert_eq!(snapshot(&dst.ledger), expected, "{name}");
        let back = dst
            .ledger
            .list_projects(&ProjectFilter {
                search: Some("矿山装备".into()),
                ..Default::default()
            })
            .unwrap();
        let back = dst.ledger.project(&back.rows[0].id).unwrap();
        assert_eq!(
            back.construction_kind,
            Some(ConstructionKind::Resumed),
            "{name}"
        );
        // And importing the export into the ledger it came from changes nothing.
        let again = src
            .ledger
            .import_file(&path, &ImportOptions::default(), false)
            .unwrap();
        assert_eq!(again.counts.unchanged, 9, "{name}: {:#?}", again.rows);
    }
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn ledger_export_layout_and_filter() {
    let mut f = fixture();
    f.ledger
        .import_apply(
            &fixture_bytes("ledger_merged.xlsx"),
            &ImportOptions::default(),
        )
        .unwrap();
    let filter = ProjectFilter {
        stages: vec![Stage::Signed, Stage::Started],
        sort: ProjectSort::TotalInvestment,
        descending: true,
        ..Default::default()
    };
    let bytes = f.ledger.export_projects_xlsx(&filter).unwrap();
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<pane"), "frozen header");
    assert!(sheet.contains("<autoFilter"), "autofilter");
    assert!(
        sheet.contains("<col ") && sheet.contains("customWidth=\"1\""),
        "widths set"
    );
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("项目台账").unwrap();
    assert_eq!(range.get((1, 0)), Some(&Data::String("序号".into())));
    assert_eq!(
        range.get((1, 7)),
        Some(&Data::String("总投资(万元)".into()))
    );
    let rows: Vec<_> = range.rows().skip(2).collect();
    assert_eq!(rows.len(), 3, "signed or started only");
    assert_eq!(rows[0][0], Data::Float(1.0));
    assert_eq!(rows[0][1], Data::String("文旅康养小镇".into()));
    assert_eq!(rows[0][7], Data::Float(100_000.0), "万元");
}

#[test]
fn report_workbook_has_summary_breakdowns_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = zhaoshang_demo::create_demo_ledger(&dir.path().join("demo.sqlite3")).unwrap();
    let query = ReportQuery {
        period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
        scope: Scope::default(),
    };
    let report = ledger.report(&query).unwrap();
    let bytes = ledger.export_report_xlsx(&query).unwrap();
    assert!(zip_part(&bytes, "xl/charts/chart1.xml").contains("c:barChart"));
    assert!((1..=9)
        .any(|i| zip_part(&bytes, &format!("xl/charts/chart{i}.xml")).contains("c:lineChart")));
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "汇总",
            "按来源区域",
            "按产业",
            "按产业链",
            "按园区",
            "年度投资",
            "按招商团队",
            "月度"
        ]
    );
    // The 年度投资 sheet's totals are the report's plan figures (万元).
    let plan = book.worksheet_range("年度投资").unwrap();
    let total = plan
        .rows()
        .find(|r| matches!(&r[0], Data::String(s) if s.starts_with("合计")))
        .expect("合计 row");
    assert_eq!(
        total[3],
        Data::Float(report.investment_plan.planned as f64 / 1e4)
    );
    assert_eq!(
        total[4],
        Data::Float(report.investment_plan.completed as f64 / 1e4)
    );
    let summary = book.worksheet_range("汇总").unwrap();
    let text = match summary.get((2, 0)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("{other:?}"),
    };
    assert!(text.starts_with(&report.briefing), "{text}");
    assert_eq!(
        summary.get((7, 0)),
        Some(&Data::String("签约项目（个）".into()))
    );
    assert_eq!(
        summary.get((7, 1)),
        Some(&Data::Float(report.metrics.signed as f64))
    );
    let regions = book.worksheet_range("按来源区域").unwrap();
    let jjj = regions
        .rows()
        .find(|r| r[0] == Data::String("京津冀".into()))
        .expect("京津冀 row");
    let m = &report
        .by_region_group
        .iter()
        .find(|b| b.label == "京津冀")
        .unwrap()
        .metrics;
    assert_eq!(jjj[1], Data::Float(m.trips as f64));
    assert_eq!(jjj[3], Data::Float(m.signed as f64));
}

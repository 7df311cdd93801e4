//! 繁體 exports for zh-TW users: the 调度表 and the ledger come out with 繁體 titles, headers,
//! labels, stage names and briefing (the UI's conversion: OpenCC s2twp + the reviewed phrases
//! of ui/src/zhTW-phrases.json), while the user's data (project names, progress notes) stays as
//! entered. Read back with calamine from real files.

use crate::common::*;
use calamine::{Data, Reader};
use zhaoshang_core::io::traditional::{reviewed_phrases, to_traditional, Script};
use zhaoshang_core::*;

fn open(bytes: Vec<u8>) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not a text cell: {other:?}"),
    }
}

/// The first column's texts below the header rows.
fn first_column(range: &calamine::Range<Data>, from: usize) -> Vec<String> {
    range
        .rows()
        .skip(from)
        .filter_map(|r| match &r[0] {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_dispatch_sheet_in_traditional_keeps_the_users_data() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = zhaoshang_demo::create_demo_ledger(&dir.path().join("demo.sqlite3")).unwrap();
    let query = ReportQuery {
        period: Period::new(d(2022, 1, 1), d(2022, 6, 30)).unwrap(),
        scope: Scope::default(),
    };
    let report = ledger.report(&query).unwrap();
    let simplified = ledger.export_report_xlsx(&query).unwrap();
    let traditional = ledger
        .export_report_xlsx_in(&query, Script::for_language("zh-TW"))
        .unwrap();
    // Through a real file, as the user gets it.
    let path = dir.path().join("調度表.xlsx");
    std::fs::write(&path, &traditional).unwrap();
    let mut tw: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let mut cn = open(simplified);

    assert_eq!(
        tw.sheet_names(),
        vec![
            "彙總",
            "按來源區域",
            "按產業",
            "按產業鏈",
            "按園區",
            "年度投資",
            "按招商團隊",
            "月度"
        ]
    );
    let summary = tw.worksheet_range("彙總").unwrap();
    let title = text(summary.get((0, 0)));
    assert!(title.ends_with("工作調度表"), "{title}");
    assert_eq!(text(summary.get((4, 0))), "指標");
    assert_eq!(text(summary.get((7, 0))), "簽約項目（個）");
    // The briefing, converted as the UI converts it.
    let briefing = text(summary.get((2, 0)));
    assert!(
        briefing.starts_with(&to_traditional(&report.briefing)),
        "{briefing}"
    );
    assert!(
        !briefing.contains("项目") && briefing.contains("項目"),
        "{briefing}"
    );
    // Figures unchanged.
    assert_eq!(
        summary.get((7, 1)),
        Some(&Data::Float(report.metrics.signed as f64))
    );

    // 年度投资 (重点项目 plans): 繁體 headers; the project names and 形象进度 as entered.
    let plan_tw = tw.worksheet_range("年度投資").unwrap();
    let plan_cn = cn.worksheet_range("年度投资").unwrap();
    assert_eq!(text(plan_tw.get((1, 0))), "項目名稱");
    assert_eq!(text(plan_tw.get((1, 6))), "形象進度");
    let n = report.investment_plan.lines.len();
    assert!(n > 0);
    for (i, line) in report.investment_plan.lines.iter().enumerate() {
        let row = (i + 2) as u32;
        assert_eq!(text(plan_tw.get_value((row, 0))), line.project_name);
        assert_eq!(plan_tw.get_value((row, 0)), plan_cn.get_value((row, 0)));
        assert_eq!(plan_tw.get_value((row, 6)), plan_cn.get_value((row, 6)));
        assert_eq!(plan_tw.get_value((row, 3)), plan_cn.get_value((row, 3)));
    }
    let total = text(plan_tw.get_value(((n + 2) as u32, 0)));
    assert!(
        total.starts_with("合計（") && total.contains("個項目"),
        "{total}"
    );

    // 重点项目建设调度 (by park).
    let parks = tw.worksheet_range("按園區").unwrap();
    let title = text(parks.get((0, 0)));
    assert!(title.starts_with("重點項目建設調度（按園區，"), "{title}");
    assert_eq!(text(parks.get((1, 1))), "新建項目");

    // Breakdown labels as the UI shows them (converted there by coreText too).
    let regions = tw.worksheet_range("按來源區域").unwrap();
    let labels: Vec<String> = report
        .by_region_group
        .iter()
        .map(|b| to_traditional(&b.label))
        .collect();
    assert_eq!(first_column(&regions, 2), labels);
}

#[test]
fn the_ledger_in_traditional_has_traditional_headers_and_stages_only() {
    let mut f = fixture();
    let p = f.project("智能装备产业园项目", "130203", 5 * YI, d(2021, 3, 1));
    f.stage(&p.id, Stage::Signed, d(2021, 5, 6)).unwrap();
    let filter = ProjectFilter::default();
    let tw = f
        .ledger
        .export_projects_xlsx_in(&filter, Script::for_language("zh-TW"))
        .unwrap();
    let mut book = open(tw);
    let range = book.worksheet_range("項目臺賬").unwrap();
    assert_eq!(text(range.get((1, 0))), "序號");
    assert_eq!(text(range.get((1, 1))), "項目名稱");
    assert_eq!(text(range.get((1, 3))), "統一社會信用代碼");
    // The project's name is the user's: not converted (装 stays 装, 产业园 stays).
    assert_eq!(text(range.get((2, 1))), "智能装备产业园项目");
    assert_eq!(text(range.get((2, 9))), "簽約");

    let csv = f
        .ledger
        .export_projects_csv_in(&filter, Script::Traditional)
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("\u{FEFF}序號,項目名稱,"), "{csv}");
    assert!(csv.contains(",智能装备产业园项目,"), "{csv}");

    // English users keep the 简体 forms.
    let en = f
        .ledger
        .export_projects_csv_in(&filter, Script::for_language("en"))
        .unwrap();
    assert_eq!(en, f.ledger.export_projects_csv(&filter).unwrap());
}

/// Every reviewed phrase alone converts to its reviewed 繁體, as ui/src/zhTW.test.ts checks for
/// the UI's converter on the same JSON; and the shared samples (the exports' headers, converted
/// by the UI's opencc-js) come out the same here.
#[test]
fn rust_and_ui_agree_on_the_reviewed_phrases_and_samples() {
    let phrases = reviewed_phrases();
    assert!(phrases.len() >= 40, "{}", phrases.len());
    for (s, t) in phrases {
        assert_eq!(&to_traditional(s), t, "{s}");
    }
    let samples: Vec<(String, String)> =
        serde_json::from_str(include_str!("../../../ui/src/zhTW-samples.json")).unwrap();
    assert!(samples.len() >= 20);
    let wrong: Vec<_> = samples
        .iter()
        .filter(|(s, t)| &to_traditional(s) != t)
        .map(|(s, t)| format!("{s}: UI {t}, core {}", to_traditional(s)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

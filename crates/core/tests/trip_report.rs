//! 出访报告: the 外出招商 of a period (or one trip) with their 出访详情, as a printable .xlsx,
//! built from a hand-made ledger file and read back with calamine.

use std::io::Read;

use crate::common::*;
use calamine::{Data, Reader};
use zhaoshang_core::io::traditional::Script;
use zhaoshang_core::io::trip_report::TripReportQuery;
use zhaoshang_core::*;

struct Trips {
    f: Fixture,
    team2: Team,
    first: Activity,
    last: Activity,
    other_team: Activity,
}

fn trip(on: chrono::NaiveDate, officer: &str, t: TripDetails) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::OutboundTrip,
        occurred_on: on,
        place: Some("中关村".into()),
        destination_code: Some("110108".into()),
        summary: None,
        follow_up_on: None,
        officer_ids: vec![officer.to_string()],
        company_ids: vec![],
        project_ids: vec![],
        trip: t,
    }
}

/// May 2022: trips on the 1st and the 31st (team 一组), one on the 15th (team 二组); outside
/// or not counted: a trip on April 30th and June 1st, an incoming visit, a deleted trip.
fn ledger() -> Trips {
    let mut f = fixture();
    f.ledger.set_office_name(Some("某某县招商局")).unwrap();
    let p = f.project("新能源电池项目", "110108", 50_000_000, d(2022, 3, 1));
    let c = f.company("北京新能源科技有限公司", "110108");
    let team2 = f.ledger.create_team("招商二组").unwrap();
    let o2 = f
        .ledger
        .create_officer(&OfficerInput {
            name: "赵刚".into(),
            team_id: Some(team2.id.clone()),
            ..Default::default()
        })
        .unwrap();
    let me = f.officer.id.clone();
    let mut first = trip(
        d(2022, 5, 1),
        &me,
        TripDetails {
            trip_group: Some("京津冀招商小分队".into()),
            trip_leader: Some("李县长".into()),
            trip_members: Some("张敏".into()),
            visited_companies: Some("中关村某研究院".into()),
            outcomes: Some("达成投资意向一项".into()),
            next_steps: Some("六月邀请来县考察".into()),
        },
    );
    first.company_ids = vec![c.id.clone()];
    first.project_ids = vec![p.id.clone()];
    let first = f.ledger.create_activity(&first).unwrap();
    let mut last = trip(d(2022, 5, 31), &me, TripDetails::default());
    last.place = Some("浦东".into());
    last.destination_code = Some("310115".into());
    let last = f.ledger.create_activity(&last).unwrap();
    let other_team = f
        .ledger
        .create_activity(&trip(
            d(2022, 5, 15),
            &o2.id,
            TripDetails {
                trip_group: Some("二组赴京".into()),
                ..Default::default()
            },
        ))
        .unwrap();
    for on in [d(2022, 4, 30), d(2022, 6, 1)] {
        f.ledger
            .create_activity(&trip(on, &me, TripDetails::default()))
            .unwrap();
    }
    let mut visit = trip(d(2022, 5, 20), &me, TripDetails::default());
    visit.kind = ActivityKind::IncomingVisit;
    f.ledger.create_activity(&visit).unwrap();
    let gone = f
        .ledger
        .create_activity(&trip(d(2022, 5, 21), &me, TripDetails::default()))
        .unwrap();
    f.ledger.delete_activity(&gone.id).unwrap();
    Trips {
        f,
        team2,
        first,
        last,
        other_team,
    }
}

fn may(team: Option<&str>) -> TripReportQuery {
    TripReportQuery {
        activity_id: None,
        period: Some(Period::new(d(2022, 5, 1), d(2022, 5, 31)).unwrap()),
        team_id: team.map(str::to_string),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::Float(f) => f.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// The first sheet's cells as text, through a real file.
fn read_back(dir: &std::path::Path, bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let path = dir.join("出访报告.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let names = book.sheet_names();
    let range = book.worksheet_range(&names[0]).unwrap();
    let rows = range.rows().map(|r| r.iter().map(text).collect()).collect();
    (names, rows)
}

fn zip_text(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn a_period_report_lists_its_trips_oldest_first_with_their_details() {
    let t = ledger();
    let (stem, bytes) =
        t.f.ledger
            .export_trip_report_xlsx(&may(None), Script::Simplified)
            .unwrap();
    assert_eq!(stem, "出访报告-20220501至20220531");
    let (sheets, rows) = read_back(t.f.dir.path(), &bytes);
    assert_eq!(sheets, vec!["出访报告"]);
    assert_eq!(
        rows[0][0],
        "某某县招商局出访报告（2022年5月1日至2022年5月31日）"
    );
    assert_eq!(rows[1][0], "共 3 次外出招商");
    assert_eq!(
        rows[2],
        vec![
            "序号",
            "日期",
            "团组名称",
            "带队领导",
            "成员",
            "出访地",
            "拜访企业",
            "取得成果",
            "下一步打算",
            "关联项目"
        ]
    );
    // Both ends of the period count; April 30th, June 1st, the visit and the deleted trip not.
    assert_eq!(rows.len(), 3 + 3, "{rows:?}");
    let dates: Vec<&str> = rows[3..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(dates, vec!["2022-05-01", "2022-05-15", "2022-05-31"]);
    let r = &rows[3];
    assert_eq!(r[0], "1");
    assert_eq!(r[2], "京津冀招商小分队");
    assert_eq!(r[3], "李县长");
    assert_eq!(r[4], "王磊、张敏", "the linked officer, then the free text");
    assert!(
        r[5].starts_with("北京市") && r[5].ends_with("海淀区 中关村"),
        "{}",
        r[5]
    );
    assert_eq!(r[6], "北京新能源科技有限公司、中关村某研究院");
    assert_eq!(r[7], "达成投资意向一项");
    assert_eq!(r[8], "六月邀请来县考察");
    assert_eq!(r[9], "新能源电池项目");
    // A trip without details: empty cells, its destination still named.
    let r = &rows[5];
    assert_eq!((r[2].as_str(), r[3].as_str(), r[7].as_str()), ("", "", ""));
    assert!(r[5].ends_with("浦东新区 浦东"), "{}", r[5]);
    assert_eq!(rows[4][4], "赵刚");

    // Printable: landscape A4, one page wide, the header row repeated on every page.
    let sheet = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
    assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
    assert!(sheet.contains("fitToPage=\"1\""), "{sheet}");
    let book = zip_text(&bytes, "xl/workbook.xml");
    assert!(
        book.contains("_xlnm.Print_Titles") && book.contains("$3:$3"),
        "{book}"
    );
}

#[test]
fn a_team_report_holds_the_trips_counted_for_that_team() {
    let t = ledger();
    let report = t.f.ledger.trip_report(&may(Some(&t.team2.id))).unwrap();
    assert_eq!(
        report.title,
        "某某县招商局招商二组出访报告（2022年5月1日至2022年5月31日）"
    );
    let ids: Vec<&str> = report.rows.iter().map(|r| r.activity_id.as_str()).collect();
    assert_eq!(ids, vec![t.other_team.id.as_str()]);
    let own = t.f.ledger.trip_report(&may(Some(&t.f.team.id))).unwrap();
    let ids: Vec<&str> = own.rows.iter().map(|r| r.activity_id.as_str()).collect();
    assert_eq!(ids, vec![t.first.id.as_str(), t.last.id.as_str()]);
}

#[test]
fn one_trip_makes_a_report_of_its_own() {
    let t = ledger();
    let q = TripReportQuery {
        activity_id: Some(t.first.id.clone()),
        period: None,
        team_id: None,
    };
    let (stem, bytes) =
        t.f.ledger
            .export_trip_report_xlsx(&q, Script::Simplified)
            .unwrap();
    assert_eq!(stem, "出访报告-2022-05-01");
    let (_, rows) = read_back(t.f.dir.path(), &bytes);
    assert_eq!(rows[0][0], "某某县招商局出访报告（京津冀招商小分队）");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3][7], "达成投资意向一项");

    // Without a 团组名称 the title names the date and kind.
    let q = TripReportQuery {
        activity_id: Some(t.last.id.clone()),
        ..q
    };
    let r = t.f.ledger.trip_report(&q).unwrap();
    assert_eq!(r.title, "某某县招商局出访报告（2022年5月31日外出招商）");
}

#[test]
fn a_period_without_trips_is_refused_in_words_and_bad_queries_at_their_field() {
    let t = ledger();
    let q = TripReportQuery {
        activity_id: None,
        period: Some(Period::year(2021)),
        team_id: None,
    };
    let e = t.f.ledger.trip_report(&q).unwrap_err();
    assert_eq!(e.field(), Some("period"));
    assert_eq!(
        e.to_string(),
        "2021年1月1日至2021年12月31日没有外出招商记录，未生成出访报告。"
    );
    let e =
        t.f.ledger
            .export_trip_report_xlsx(&q, Script::Simplified)
            .unwrap_err();
    assert_eq!(e.field(), Some("period"));

    // A team with no trip in the period: said with the team's name.
    let mut l = t.f.ledger;
    let team3 = l.create_team("招商三组").unwrap();
    let e = l.trip_report(&may(Some(&team3.id))).unwrap_err();
    assert!(e.to_string().contains("招商三组没有外出招商记录"), "{e}");
    let e = l.trip_report(&may(Some("no-such-team"))).unwrap_err();
    assert_eq!(e.field(), Some("team_id"), "{e}");
    let e = l
        .trip_report(&TripReportQuery {
            activity_id: None,
            period: None,
            team_id: None,
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("period"), "{e}");
    let e = l
        .trip_report(&TripReportQuery {
            activity_id: Some("no-such-trip".into()),
            period: None,
            team_id: None,
        })
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
}

#[test]
fn the_report_in_traditional_converts_the_fixed_words_not_the_data() {
    let t = ledger();
    let (_, bytes) =
        t.f.ledger
            .export_trip_report_xlsx(&may(None), Script::for_language("zh-TW"))
            .unwrap();
    let (sheets, rows) = read_back(t.f.dir.path(), &bytes);
    assert_eq!(sheets, vec!["出訪報告"]);
    assert_eq!(rows[2][9], "關聯項目");
    assert_eq!(rows[3][7], "达成投资意向一项", "the data as entered");
}

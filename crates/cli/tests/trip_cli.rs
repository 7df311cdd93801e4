//! `zhaoshang trip-report` end to end on the demo ledger's file.

use crate::common::zhaoshang;

#[test]
fn trip_report_writes_a_workbook_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    let (code, out, err) = zhaoshang(&["--db", db, "demo"]);
    assert_eq!(code, 0, "{out}{err}");

    let xlsx = dir.path().join("出访报告.xlsx");
    let x = xlsx.to_str().unwrap();
    let args = |from, to, team: Option<&'static str>| {
        let mut a = vec![
            "--db",
            db,
            "trip-report",
            "--from",
            from,
            "--to",
            to,
            "--out",
            x,
        ];
        if let Some(t) = team {
            a.extend(["--team", t]);
        }
        a
    };
    let (code, out, err) = zhaoshang(&args("2022-01-01", "2022-06-30", None));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("次外出招商"), "{out}");
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx (zip) file");

    let (code, out, err) = zhaoshang(&args("2022-01-01", "2022-06-30", Some("京津冀招商组")));
    assert_eq!(code, 0, "{out}{err}");

    // An unknown team and a period without trips: refused in words, exit code 2.
    let (code, _, err) = zhaoshang(&args("2022-01-01", "2022-06-30", Some("不存在的组")));
    assert_eq!(code, 2);
    assert!(err.contains("没有名为“不存在的组”的团队"), "{err}");
    let (code, _, err) = zhaoshang(&args("2030-01-01", "2030-06-30", None));
    assert_eq!(code, 2);
    assert!(err.contains("没有外出招商记录"), "{err}");
}

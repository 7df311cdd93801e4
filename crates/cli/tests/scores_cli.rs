//! `zhaoshang scores` on the demo ledger: a month's ranking printed, as JSON whose traced lines
//! sum to each total, and the 比拼表 written; a bad month is refused in words.

use crate::common::zhaoshang;

#[test]
fn scores_of_a_month_print_rank_and_export_the_ranking_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db = db.to_str().unwrap();
    let (code, out, err) = zhaoshang(&["--db", db, "demo"]);
    assert_eq!(code, 0, "{out}{err}");

    let xlsx = dir.path().join("比拼表.xlsx");
    let (code, out, err) = zhaoshang(&[
        "--db",
        db,
        "scores",
        "--month",
        "2022-05",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("2022年5月 考核得分"), "{out}");
    assert!(
        out.contains("团队排名") && out.contains("个人排名"),
        "{out}"
    );
    assert!(err.contains("已导出比拼表"), "{err}");
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK");

    let (code, out, err) = zhaoshang(&["--db", db, "scores", "--year", "2022", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let officers = v["officers"].as_array().unwrap();
    assert!(
        officers[0]["total"].as_f64().unwrap() > 0.0,
        "the demo earns points"
    );
    assert_eq!(officers[0]["rank"], 1);
    let mut sum = 0.0;
    for o in officers {
        let lines: f64 = o["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["points"].as_f64().unwrap())
            .sum();
        assert!((lines - o["total"].as_f64().unwrap()).abs() < 1e-6, "{o}");
        sum += lines;
    }
    let teams: f64 = v["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["total"].as_f64().unwrap())
        .sum();
    assert!((teams - sum).abs() < 1e-6);

    let (code, _, err) = zhaoshang(&["--db", db, "scores", "--month", "2022-13"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("月份"), "{err}");
    let (code, _, _) = zhaoshang(&["--db", db, "scores"]);
    assert_ne!(code, 0, "a period is required");
}

//! `zhaoshang form list` and `form export --template 在谈项目信息采集表 --date … --out F.xlsx`.

use chrono::NaiveDate;
use zhaoshang_core::*;

use crate::common::zhaoshang;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn lists_the_templates_and_exports_the_weekly_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let mut l = Ledger::open(&path).unwrap();
        l.finish_setup(Some("测试办公室")).unwrap();
        l.create_project(&NewProject {
            project: ProjectInput {
                name: "光伏组件项目".into(),
                total_investment: 5 * YI,
                ..Default::default()
            },
            first_stage: Stage::Negotiating,
            first_stage_on: d(2024, 3, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    }
    let db = path.to_str().unwrap();
    let (code, out, err) = zhaoshang(&["--db", db, "form", "list"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("在谈项目信息采集表") && lines[0].contains("内置"));
    assert!(lines[1].contains("月报"));
    let file = dir.path().join("采集表.xlsx");
    let (code, out, err) = zhaoshang(&[
        "--db",
        db,
        "form",
        "export",
        "--template",
        "在谈项目信息采集表",
        "--date",
        "2024-03-08",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已导出在谈项目信息采集表"), "{out}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PK"), "an .xlsx (zip) file");
    let (code, _, err) = zhaoshang(&[
        "--db",
        db,
        "form",
        "export",
        "--template",
        "没有这张表",
        "--out",
        "x.xlsx",
    ]);
    assert_eq!(code, 3, "an unknown template is not found: {err}");
}

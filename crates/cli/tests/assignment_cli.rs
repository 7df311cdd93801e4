//! `zhaoshang assignment list [--overdue]` and `assignment export --out F.xlsx` on a real file.

use chrono::NaiveDate;
use zhaoshang_core::assignments::{AssignmentInput, FinishInput};
use zhaoshang_core::*;

use crate::common::zhaoshang;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn lists_overdue_tasks_marked_and_exports_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let mut l = Ledger::open(&path).unwrap();
        l.finish_setup(Some("测试办公室")).unwrap();
        let wang = l
            .create_officer(&OfficerInput {
                name: "王磊".into(),
                ..Default::default()
            })
            .unwrap();
        let p = l
            .create_project(&NewProject {
                project: ProjectInput {
                    name: "光伏组件项目".into(),
                    total_investment: 5 * YI,
                    ..Default::default()
                },
                first_stage: Stage::Lead,
                first_stage_on: d(2024, 3, 1),
                first_stage_date_unknown: false,
            })
            .unwrap();
        let task = |t: &str, due: NaiveDate| AssignmentInput {
            project_id: p.id.clone(),
            task: t.into(),
            assignee_officer_id: Some(wang.id.clone()),
            assigned_on: Some(d(2025, 1, 1)),
            due_on: Some(due),
            ..Default::default()
        };
        l.create_assignment(&task("协调解决用地指标", d(2025, 1, 10)))
            .unwrap();
        l.create_assignment(&task("远期任务", d(2099, 1, 1)))
            .unwrap();
        let done = l
            .create_assignment(&task("已办结的任务", d(2025, 1, 10)))
            .unwrap();
        l.finish_assignment(
            &done.id,
            &FinishInput {
                result: "已办".into(),
                done_on: Some(d(2025, 1, 5)),
            },
        )
        .unwrap();
    }
    let db = path.to_str().unwrap();

    let (code, out, err) = zhaoshang(&["--db", db, "assignment", "list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "open ones only: {out}");
    let first = out.lines().next().unwrap();
    assert!(
        first.contains("光伏组件项目\t协调解决用地指标\t王磊\t时限 2025-01-10\t交办\t督办（逾期"),
        "{out}"
    );
    assert!(!out.contains("已办结的任务"), "{out}");

    let (code, out, _) = zhaoshang(&["--db", db, "assignment", "list", "--overdue"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(!out.contains("远期任务"), "{out}");

    let (code, out, _) = zhaoshang(&["--db", db, "assignment", "list", "--all"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("已办结的任务") && out.contains("办结"),
        "{out}"
    );

    let xlsx = dir.path().join("督办清单.xlsx");
    let (code, out, err) = zhaoshang(&[
        "--db",
        db,
        "assignment",
        "export",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 张交办单"), "{out}");
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx (zip) file");
}

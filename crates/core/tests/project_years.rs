//! A project's years (年度计划投资, 完成投资 by month, 形象进度): checked at the core's door,
//! logged, undone, and merged between laptops, on real ledger files.

use crate::common::*;
use zhaoshang_core::projects::years::{year_id, ProjectYearInput};
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

fn months(pairs: &[(usize, i64)]) -> Vec<Option<i64>> {
    let mut v = vec![None; 12];
    for &(m, yuan) in pairs {
        v[m - 1] = Some(yuan);
    }
    v
}

fn plan(year: i32, planned: i64, completed: &[(usize, i64)], progress: &str) -> ProjectYearInput {
    ProjectYearInput {
        year,
        planned_investment: Some(planned),
        completed_by_month: months(completed),
        progress: Some(progress.into()),
    }
}

#[test]
fn a_year_is_stored_read_back_and_checked_at_the_door() {
    let mut f = fixture();
    let p = signed(&mut f.ledger, "光伏组件项目", 10 * YI, d(2022, 1, 10));
    let y = f
        .ledger
        .set_project_year(
            &p.id,
            &plan(
                2022,
                3 * YI,
                &[(3, 5_000 * WAN), (6, YI + 2_000 * WAN)],
                "主体封顶",
            ),
        )
        .unwrap()
        .expect("stored");
    assert_eq!(y.id, year_id(&p.id, 2022));
    assert_eq!(y.completed_by_month.len(), 12);
    assert_eq!(y.completed_at(6), Some((6, YI + 2_000 * WAN)));
    assert_eq!(y.completed_at(5), Some((3, 5_000 * WAN)));
    assert_eq!(y.completed_at(2), None);
    assert_eq!(f.ledger.project_years(&p.id).unwrap(), vec![y.clone()]);

    let err = |f: &mut Fixture, input: ProjectYearInput| {
        let e = f.ledger.set_project_year(&p.id, &input).unwrap_err();
        (e.field().unwrap_or_default().to_string(), e.to_string())
    };
    // Cumulative amounts never go down from one month to the next.
    let (field, message) = err(&mut f, plan(2022, 3 * YI, &[(3, YI), (6, 5_000 * WAN)], ""));
    assert_eq!(field, "completed_by_month.6");
    assert!(
        message.contains("6月末（5000万元）不能少于3月末（1亿元）"),
        "{message}"
    );
    let (field, message) = err(&mut f, plan(2022, -1, &[], ""));
    assert_eq!(field, "planned_investment");
    assert_eq!(message, "年度计划投资不能为负数。");
    let (field, message) = err(&mut f, plan(2022, YI, &[(4, -5)], ""));
    assert_eq!(field, "completed_by_month.4");
    assert!(message.contains("4月末累计完成投资不能为负数"), "{message}");
    let (field, message) = err(&mut f, plan(1999, YI, &[], ""));
    assert_eq!(field, "year");
    assert!(message.contains("1999"), "{message}");
    let (field, message) = err(&mut f, plan(2024, YI, &[], ""));
    assert_eq!(field, "year");
    assert!(message.contains("最多登记到明年（2023年）"), "{message}");
    // Next year's plan is set in December; no figure of a month not begun.
    let (field, _) = err(&mut f, plan(2023, YI, &[(1, 1)], ""));
    assert_eq!(field, "completed_by_month.1");
    f.ledger.set_today(Some(d(2022, 6, 20)));
    let (field, message) = err(&mut f, plan(2022, YI, &[(7, YI)], ""));
    assert_eq!(field, "completed_by_month.7");
    assert!(message.contains("2022年7月尚未开始"), "{message}");
    f.ledger.set_today(Some(d(2022, 12, 31)));
    // Nothing of the refused inputs was written.
    assert_eq!(f.ledger.project_years(&p.id).unwrap(), vec![y]);

    // Every value empty removes the year; filling it in again brings back the same row.
    let cleared = f
        .ledger
        .set_project_year(
            &p.id,
            &ProjectYearInput {
                year: 2022,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(cleared, None);
    assert!(f.ledger.project_years(&p.id).unwrap().is_empty());
    let again = f
        .ledger
        .set_project_year(&p.id, &plan(2022, 2 * YI, &[], "场地平整"))
        .unwrap()
        .unwrap();
    assert_eq!(again.id, year_id(&p.id, 2022));
    assert_eq!(again.planned_investment, Some(2 * YI));
    assert_eq!(again.completed_by_month, vec![None; 12]);
}

#[test]
fn a_year_edit_is_in_the_history_and_undone_like_any_field() {
    let mut f = fixture();
    let p = signed(&mut f.ledger, "光伏组件项目", 10 * YI, d(2022, 1, 10));
    f.ledger
        .set_project_year(&p.id, &plan(2022, 3 * YI, &[(3, 5_000 * WAN)], "场地平整"))
        .unwrap();
    f.ledger
        .set_project_year(
            &p.id,
            &plan(2022, 4 * YI, &[(3, 5_000 * WAN), (6, 2 * YI)], "主体封顶"),
        )
        .unwrap();
    let id = year_id(&p.id, 2022);
    let history = f.ledger.history("project_years", &id).unwrap();
    let fields: Vec<&str> = history.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"planned_investment"), "{fields:?}");
    assert!(fields.contains(&"completed_by_month"), "{fields:?}");
    assert!(fields.contains(&"progress"), "{fields:?}");
    assert!(fields.contains(&"*"), "{fields:?}");

    let last = f.ledger.last_undoable().unwrap().expect("the edit");
    assert!(
        last.description
            .contains("修改年度投资“光伏组件项目 2022年”"),
        "{}",
        last.description
    );
    assert!(
        last.description.contains("年度计划投资"),
        "{}",
        last.description
    );
    f.ledger.undo(&last.tx_id).unwrap();
    let y = &f.ledger.project_years(&p.id).unwrap()[0];
    assert_eq!(y.planned_investment, Some(3 * YI));
    assert_eq!(y.completed_by_month, months(&[(3, 5_000 * WAN)]));
    assert_eq!(y.progress.as_deref(), Some("场地平整"));

    // Undoing the creation removes the year.
    let create = f.ledger.last_undoable().unwrap().expect("the creation");
    assert!(
        create.description.contains("新建年度投资"),
        "{}",
        create.description
    );
    f.ledger.undo(&create.tx_id).unwrap();
    assert!(f.ledger.project_years(&p.id).unwrap().is_empty());
}

/// A signed project (built from JSON: the fields a new project takes beyond these default).
fn signed(l: &mut Ledger, name: &str, yuan: i64, on: chrono::NaiveDate) -> Project {
    let new: NewProject = serde_json::from_value(serde_json::json!({
        "project": ProjectInput {
            name: name.into(),
            total_investment: yuan,
            ..Default::default()
        },
        "first_stage": Stage::Signed,
        "first_stage_on": on,
    }))
    .unwrap();
    l.create_project(&new).unwrap()
}

fn ledger(dir: &tempfile::TempDir, name: &str) -> Ledger {
    let mut l = Ledger::open(dir.path().join(name)).unwrap();
    l.set_today(Some(d(2022, 12, 31)));
    l
}

fn send(dir: &tempfile::TempDir, from: &Ledger, to: &mut Ledger) -> sync::MergeReport {
    let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
    let path = dir.path().join("bundle.zsync");
    write_bundle(&bundle, &path).unwrap();
    to.import_changes(&read_bundle(&path).unwrap()).unwrap()
}

#[test]
fn two_laptops_exchange_a_projects_years_and_merge_the_same_year_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(&dir, "a.sqlite3");
    let mut b = ledger(&dir, "b.sqlite3");
    let p = signed(&mut a, "光伏组件项目", 10 * YI, d(2022, 3, 1));
    a.set_project_year(&p.id, &plan(2022, 3 * YI, &[(3, 5_000 * WAN)], "场地平整"))
        .unwrap();
    send(&dir, &a, &mut b);
    assert_eq!(
        b.project_years(&p.id).unwrap(),
        a.project_years(&p.id)
            .unwrap()
            .into_iter()
            .map(|mut y| {
                y.updated_at = b.project_years(&p.id).unwrap()[0].updated_at.clone();
                y
            })
            .collect::<Vec<_>>()
    );

    // B reports June's figure and the 形象进度; A corrects the plan: both edits arrive.
    std::thread::sleep(std::time::Duration::from_millis(3));
    b.set_project_year(
        &p.id,
        &plan(2022, 3 * YI, &[(3, 5_000 * WAN), (6, YI)], "主体封顶"),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3));
    a.set_project_year(&p.id, &plan(2022, 4 * YI, &[(3, 5_000 * WAN)], "场地平整"))
        .unwrap();
    send(&dir, &b, &mut a);
    send(&dir, &a, &mut b);
    let strip = |l: &Ledger| {
        l.project_years(&p.id)
            .unwrap()
            .into_iter()
            .map(|y| {
                (
                    y.id,
                    y.year,
                    y.planned_investment,
                    y.completed_by_month,
                    y.progress,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));
    let y = &a.project_years(&p.id).unwrap()[0];
    assert_eq!(y.planned_investment, Some(4 * YI));
    assert_eq!(y.completed_by_month, months(&[(3, 5_000 * WAN), (6, YI)]));
    assert_eq!(y.progress.as_deref(), Some("主体封顶"));

    // A year filled in on both laptops before they met is one row (the same id), not two.
    let q = signed(&mut a, "电池项目", 0, d(2022, 4, 1));
    send(&dir, &a, &mut b);
    b.set_project_year(&q.id, &plan(2022, YI, &[], "")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3));
    a.set_project_year(&q.id, &plan(2022, 2 * YI, &[(6, 3_000 * WAN)], "开工"))
        .unwrap();
    send(&dir, &a, &mut b);
    send(&dir, &b, &mut a);
    assert_eq!(strip(&a), strip(&b));
    let count = |l: &Ledger| -> i64 {
        l.connection()
            .query_row(
                "SELECT COUNT(*) FROM project_years WHERE project_id = ?1",
                [&q.id],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!((count(&a), count(&b)), (1, 1));
    assert_eq!(
        b.project_years(&q.id).unwrap()[0].planned_investment,
        Some(2 * YI)
    );
}

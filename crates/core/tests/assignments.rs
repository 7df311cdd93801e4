//! 交办单/督办单 (issue 15): validated at the core boundary, moved 交办 → 办理中 → 办结 only
//! in order, overdue ones marked 催办 (1–7 days) or 督办 (more than 7), undone by 撤销, carried
//! between laptops, and exported as the 督办 list.

use crate::common::*;
use zhaoshang_core::assignments::{
    overdue_days, urgency, Assignment, AssignmentFilter, AssignmentInput, AssignmentStatus,
    FinishInput, Urgency,
};
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

fn input(
    project: &str,
    officer: &str,
    assigned: chrono::NaiveDate,
    due: chrono::NaiveDate,
) -> AssignmentInput {
    AssignmentInput {
        project_id: project.into(),
        task: "协调解决项目用地指标".into(),
        assignee_officer_id: Some(officer.into()),
        assigned_on: Some(assigned),
        due_on: Some(due),
        ..Default::default()
    }
}

fn field_of(e: Error) -> (Option<&'static str>, String) {
    match e {
        Error::Validation { field, message } => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn undo_last(l: &mut Ledger) -> String {
    let last = l.last_undoable().unwrap().expect("an undoable action");
    l.undo(&last.tx_id).unwrap();
    last.description
}

#[test]
fn a_task_moves_assigned_in_progress_done_and_only_in_order() {
    let mut f = fixture();
    let p = f.project("光伏组件项目", "110105", 5 * YI, d(2022, 3, 1));
    let a = f
        .ledger
        .create_assignment(&input(
            &p.id,
            &f.officer.id,
            d(2022, 12, 1),
            d(2022, 12, 20),
        ))
        .unwrap();
    assert_eq!(a.status, AssignmentStatus::Assigned);
    assert_eq!(a.task, "协调解决项目用地指标");

    // 办结 needs a result; a reopen of an open one is refused.
    let (field, _) = field_of(
        f.ledger
            .finish_assignment(
                &a.id,
                &FinishInput {
                    result: "  ".into(),
                    done_on: None,
                },
            )
            .unwrap_err(),
    );
    assert_eq!(field, Some("result"));
    let (field, msg) = field_of(f.ledger.reopen_assignment(&a.id).unwrap_err());
    assert_eq!(field, Some("status"));
    assert!(msg.contains("尚未办结"), "{msg}");

    let a = f.ledger.start_assignment(&a.id).unwrap();
    assert_eq!(a.status, AssignmentStatus::InProgress);
    let (_, msg) = field_of(f.ledger.start_assignment(&a.id).unwrap_err());
    assert!(msg.contains("已在办理中"), "{msg}");

    // 办结日期 in the future, or before 交办日期, is refused at its field.
    let (field, _) = field_of(
        f.ledger
            .finish_assignment(
                &a.id,
                &FinishInput {
                    result: "已协调".into(),
                    done_on: Some(d(2023, 1, 2)),
                },
            )
            .unwrap_err(),
    );
    assert_eq!(field, Some("done_on"));
    let (field, _) = field_of(
        f.ledger
            .finish_assignment(
                &a.id,
                &FinishInput {
                    result: "已协调".into(),
                    done_on: Some(d(2022, 11, 30)),
                },
            )
            .unwrap_err(),
    );
    assert_eq!(field, Some("done_on"));

    let a = f
        .ledger
        .finish_assignment(
            &a.id,
            &FinishInput {
                result: "已协调县自然资源局，指标落实".into(),
                done_on: Some(d(2022, 12, 18)),
            },
        )
        .unwrap();
    assert_eq!(a.status, AssignmentStatus::Done);
    assert_eq!(a.done_on, Some(d(2022, 12, 18)));
    // 办结 → 办理中 only through 重新办理.
    let (field, msg) = field_of(f.ledger.start_assignment(&a.id).unwrap_err());
    assert_eq!(field, Some("status"));
    assert!(msg.contains("重新办理"), "{msg}");
    assert!(f
        .ledger
        .finish_assignment(
            &a.id,
            &FinishInput {
                result: "再办结".into(),
                done_on: None
            }
        )
        .is_err());
    let a = f.ledger.reopen_assignment(&a.id).unwrap();
    assert_eq!(a.status, AssignmentStatus::InProgress);
    assert_eq!((a.result.clone(), a.done_on), (None, None));
    // The history keeps the result that was cleared.
    let history = f.ledger.history("assignments", &a.id).unwrap();
    assert!(history.iter().any(|h| h.field == "result"
        && h.old_value
            .as_deref()
            .is_some_and(|v| v.contains("指标落实"))));

    // Edit, then delete: gone from the list.
    let mut edit = input(&p.id, &f.officer.id, d(2022, 12, 1), d(2022, 12, 25));
    edit.task = "协调用地和环评".into();
    let a = f.ledger.update_assignment(&a.id, &edit).unwrap();
    assert_eq!(
        (a.task.as_str(), a.due_on, a.status),
        (
            "协调用地和环评",
            d(2022, 12, 25),
            AssignmentStatus::InProgress
        )
    );
    f.ledger.delete_assignment(&a.id).unwrap();
    assert!(f
        .ledger
        .assignments(&AssignmentFilter::default())
        .unwrap()
        .is_empty());
    assert!(matches!(
        f.ledger.assignment(&a.id),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn bad_input_is_refused_at_its_field() {
    let mut f = fixture();
    let p = f.project("光伏组件项目", "110105", 5 * YI, d(2022, 3, 1));
    let officer = f.officer.id.clone();
    let ok = input(&p.id, &officer, d(2022, 12, 1), d(2022, 12, 20));
    let mut refused = |i: AssignmentInput| field_of(f.ledger.create_assignment(&i).unwrap_err());

    let (field, _) = refused(AssignmentInput {
        project_id: "".into(),
        ..ok.clone()
    });
    assert_eq!(field, Some("project_id"));
    let (field, _) = refused(AssignmentInput {
        project_id: "nope".into(),
        ..ok.clone()
    });
    assert_eq!(field, Some("project_id"));
    let (field, msg) = refused(AssignmentInput {
        task: " ".into(),
        ..ok.clone()
    });
    assert_eq!(field, Some("task"));
    assert!(msg.contains("交办事项"), "{msg}");
    let (field, msg) = refused(AssignmentInput {
        task: "事".repeat(501),
        ..ok.clone()
    });
    assert_eq!(field, Some("task"));
    assert!(msg.contains("500"), "{msg}");
    // Exactly one assignee.
    let (field, _) = refused(AssignmentInput {
        assignee_officer_id: None,
        ..ok.clone()
    });
    assert_eq!(field, Some("assignee_officer_id"));
    let (field, msg) = refused(AssignmentInput {
        assignee_leader: Some("李县长".into()),
        ..ok.clone()
    });
    assert_eq!(field, Some("assignee_officer_id"));
    assert!(msg.contains("只"), "{msg}");
    let (field, _) = refused(AssignmentInput {
        assignee_officer_id: Some("nobody".into()),
        ..ok.clone()
    });
    assert_eq!(field, Some("assignee_officer_id"));
    // Dates.
    let (field, _) = refused(AssignmentInput {
        due_on: None,
        ..ok.clone()
    });
    assert_eq!(field, Some("due_on"));
    let (field, _) = refused(AssignmentInput {
        due_on: Some(d(2022, 11, 30)),
        ..ok.clone()
    });
    assert_eq!(field, Some("due_on"));
    let (field, _) = refused(AssignmentInput {
        assigned_on: Some(d(2023, 1, 1)),
        due_on: Some(d(2023, 2, 1)),
        ..ok.clone()
    });
    assert_eq!(field, Some("assigned_on"));

    // A 包保领导 by name is an assignee; due on the day assigned is allowed.
    let lead = f
        .ledger
        .create_assignment(&AssignmentInput {
            assignee_officer_id: None,
            assignee_leader: Some(" 李县长 ".into()),
            due_on: Some(d(2022, 12, 1)),
            ..ok.clone()
        })
        .unwrap();
    assert_eq!(lead.assignee_leader.as_deref(), Some("李县长"));
    let rows = f.ledger.assignments(&AssignmentFilter::default()).unwrap();
    assert_eq!(rows[0].assignee_name, "李县长");
    assert_eq!(rows[0].project_name, "光伏组件项目");

    // A retired officer gets no new task, but keeps (and can be edited on) the one he has.
    let mine = f.ledger.create_assignment(&ok).unwrap();
    f.ledger.retire_officer(&officer, d(2022, 12, 15)).unwrap();
    let (field, msg) = field_of(f.ledger.create_assignment(&ok).unwrap_err());
    assert_eq!(field, Some("assignee_officer_id"));
    assert!(msg.contains("离岗"), "{msg}");
    f.ledger
        .update_assignment(
            &mine.id,
            &AssignmentInput {
                due_on: Some(d(2022, 12, 28)),
                ..ok.clone()
            },
        )
        .unwrap();

    // A deleted project takes no task, and its tasks leave the list.
    f.ledger.delete_project(&p.id).unwrap();
    assert!(f
        .ledger
        .create_assignment(&AssignmentInput {
            assignee_officer_id: None,
            assignee_leader: Some("李县长".into()),
            ..ok.clone()
        })
        .is_err());
    assert!(f
        .ledger
        .assignments(&AssignmentFilter::default())
        .unwrap()
        .is_empty());
}

fn stub(due: chrono::NaiveDate, status: AssignmentStatus) -> Assignment {
    Assignment {
        id: "x".into(),
        project_id: "p".into(),
        task: "t".into(),
        assignee_officer_id: None,
        assignee_leader: Some("李县长".into()),
        assigned_by: None,
        assigned_on: d(2022, 11, 1),
        due_on: due,
        status,
        result: None,
        done_on: None,
    }
}

#[test]
fn overdue_is_remind_for_one_to_seven_days_and_supervise_beyond() {
    let due = d(2022, 12, 10);
    let open = stub(due, AssignmentStatus::InProgress);
    let at = |days: i64| due + chrono::Duration::days(days);
    assert_eq!(
        (overdue_days(&open, at(-1)), urgency(&open, at(-1))),
        (None, None)
    );
    // On the due day itself: not overdue.
    assert_eq!(
        (overdue_days(&open, at(0)), urgency(&open, at(0))),
        (None, None)
    );
    assert_eq!(
        (overdue_days(&open, at(1)), urgency(&open, at(1))),
        (Some(1), Some(Urgency::Remind))
    );
    assert_eq!(
        (overdue_days(&open, at(7)), urgency(&open, at(7))),
        (Some(7), Some(Urgency::Remind))
    );
    assert_eq!(
        (overdue_days(&open, at(8)), urgency(&open, at(8))),
        (Some(8), Some(Urgency::Supervise))
    );
    assert_eq!(
        overdue_days(&stub(due, AssignmentStatus::Assigned), at(30)),
        Some(30)
    );
    // 办结 is never overdue.
    let done = stub(due, AssignmentStatus::Done);
    assert_eq!(
        (overdue_days(&done, at(30)), urgency(&done, at(30))),
        (None, None)
    );
}

#[test]
fn the_list_filters_by_status_overdue_officer_and_project() {
    let mut f = fixture();
    let p = f.project("光伏组件项目", "110105", 5 * YI, d(2022, 3, 1));
    let q = f.project("锂电池项目", "110105", 2 * YI, d(2022, 3, 1));
    let me = f.officer.id.clone();
    // today is 2022-12-31.
    let late9 = f
        .ledger
        .create_assignment(&input(&p.id, &me, d(2022, 12, 1), d(2022, 12, 22)))
        .unwrap();
    let late1 = f
        .ledger
        .create_assignment(&input(&q.id, &me, d(2022, 12, 1), d(2022, 12, 30)))
        .unwrap();
    let due_today = f
        .ledger
        .create_assignment(&input(&q.id, &me, d(2022, 12, 1), d(2022, 12, 31)))
        .unwrap();
    let done = f
        .ledger
        .create_assignment(&AssignmentInput {
            assignee_officer_id: None,
            assignee_leader: Some("李县长".into()),
            ..input(&p.id, &me, d(2022, 12, 1), d(2022, 12, 5))
        })
        .unwrap();
    f.ledger
        .finish_assignment(
            &done.id,
            &FinishInput {
                result: "已办".into(),
                done_on: Some(d(2022, 12, 20)),
            },
        )
        .unwrap();

    let ids = |fl: AssignmentFilter, l: &Ledger| -> Vec<String> {
        l.assignments(&fl)
            .unwrap()
            .into_iter()
            .map(|r| r.assignment.id)
            .collect()
    };
    // Open ones first, most overdue first; 办结 last.
    assert_eq!(
        ids(AssignmentFilter::default(), &f.ledger),
        vec![
            late9.id.clone(),
            late1.id.clone(),
            due_today.id.clone(),
            done.id.clone()
        ]
    );
    let overdue = f
        .ledger
        .assignments(&AssignmentFilter {
            overdue_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        overdue
            .iter()
            .map(|r| (r.assignment.id.clone(), r.overdue_days, r.urgency))
            .collect::<Vec<_>>(),
        vec![
            (late9.id.clone(), Some(9), Some(Urgency::Supervise)),
            (late1.id.clone(), Some(1), Some(Urgency::Remind))
        ]
    );
    assert_eq!(
        ids(
            AssignmentFilter {
                status: Some(AssignmentStatus::Done),
                ..Default::default()
            },
            &f.ledger
        ),
        vec![done.id.clone()]
    );
    assert_eq!(
        ids(
            AssignmentFilter {
                open_only: true,
                ..Default::default()
            },
            &f.ledger
        )
        .len(),
        3
    );
    assert_eq!(
        ids(
            AssignmentFilter {
                officer_id: Some(me.clone()),
                ..Default::default()
            },
            &f.ledger
        )
        .len(),
        3
    );
    assert_eq!(
        ids(
            AssignmentFilter {
                project_id: Some(p.id.clone()),
                ..Default::default()
            },
            &f.ledger
        ),
        vec![late9.id.clone(), done.id.clone()]
    );
    assert_eq!(f.ledger.project_assignments(&q.id).unwrap().len(), 2);
}

#[test]
fn undo_takes_back_a_creation_and_a_finish() {
    let mut f = fixture();
    let p = f.project("光伏组件项目", "110105", 5 * YI, d(2022, 3, 1));
    let a = f
        .ledger
        .create_assignment(&input(
            &p.id,
            &f.officer.id,
            d(2022, 12, 1),
            d(2022, 12, 20),
        ))
        .unwrap();
    let a = f.ledger.start_assignment(&a.id).unwrap();
    f.ledger
        .finish_assignment(
            &a.id,
            &FinishInput {
                result: "已协调".into(),
                done_on: None,
            },
        )
        .unwrap();
    let what = undo_last(&mut f.ledger);
    assert!(what.contains("交办单"), "{what}");
    let back = f.ledger.assignment(&a.id).unwrap();
    assert_eq!(
        (back.status, back.result, back.done_on),
        (AssignmentStatus::InProgress, None, None)
    );
    // Undo the start, then the creation: the 交办单 is gone.
    undo_last(&mut f.ledger);
    assert_eq!(
        f.ledger.assignment(&a.id).unwrap().status,
        AssignmentStatus::Assigned
    );
    let what = undo_last(&mut f.ledger);
    assert!(what.contains("新建交办单"), "{what}");
    assert!(f.ledger.assignment(&a.id).is_err());
    assert!(f
        .ledger
        .assignments(&AssignmentFilter::default())
        .unwrap()
        .is_empty());
}

fn send(dir: &tempfile::TempDir, from: &Ledger, to: &mut Ledger) {
    let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
    let path = dir.path().join("bundle.zsync");
    write_bundle(&bundle, &path).unwrap();
    to.import_changes(&read_bundle(&path).unwrap()).unwrap();
}

#[test]
fn an_assignment_travels_and_the_assignee_finishes_it_on_his_laptop() {
    let dir = tempfile::tempdir().unwrap();
    let open = |n: &str| {
        let mut l = Ledger::open(dir.path().join(n)).unwrap();
        l.set_today(Some(d(2022, 12, 31)));
        l
    };
    let mut office = open("office.sqlite3");
    let mut laptop = open("wang.sqlite3");
    let wang = office
        .create_officer(&OfficerInput {
            name: "王磊".into(),
            ..Default::default()
        })
        .unwrap();
    let p = office
        .create_project(&NewProject {
            project: ProjectInput {
                name: "光伏组件项目".into(),
                total_investment: 5 * YI,
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 3, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    let a = office
        .create_assignment(&input(&p.id, &wang.id, d(2022, 12, 1), d(2022, 12, 20)))
        .unwrap();
    send(&dir, &office, &mut laptop);
    assert_eq!(laptop.assignment(&a.id).unwrap(), a);
    let rows = laptop
        .assignments(&AssignmentFilter {
            overdue_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (rows.len(), rows[0].urgency, rows[0].assignee_name.as_str()),
        (1, Some(Urgency::Supervise), "王磊")
    );

    // 王磊 finishes it on his laptop; the office sees it 办结, off the overdue list.
    laptop.set_acting_officer(Some(wang.id.clone()));
    laptop.start_assignment(&a.id).unwrap();
    let done = laptop
        .finish_assignment(
            &a.id,
            &FinishInput {
                result: "用地指标已落实".into(),
                done_on: Some(d(2022, 12, 30)),
            },
        )
        .unwrap();
    send(&dir, &laptop, &mut office);
    assert_eq!(office.assignment(&a.id).unwrap(), done);
    assert!(office
        .assignments(&AssignmentFilter {
            overdue_only: true,
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    // A deletion travels too; sending twice is harmless.
    office.delete_assignment(&a.id).unwrap();
    send(&dir, &office, &mut laptop);
    send(&dir, &office, &mut laptop);
    assert!(laptop.assignment(&a.id).is_err());
    assert!(office.sync_conflicts().unwrap().is_empty());
}

#[test]
fn the_supervision_list_exports_to_xlsx_and_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let mut f = fixture();
    let p = f.project("光伏组件项目", "110105", 5 * YI, d(2022, 3, 1));
    let late = f
        .ledger
        .create_assignment(&input(
            &p.id,
            &f.officer.id,
            d(2022, 12, 1),
            d(2022, 12, 20),
        ))
        .unwrap();
    let done = f
        .ledger
        .create_assignment(&AssignmentInput {
            assignee_officer_id: None,
            assignee_leader: Some("李县长".into()),
            task: "对接省发改委".into(),
            ..input(&p.id, "", d(2022, 12, 1), d(2022, 12, 28))
        })
        .unwrap();
    f.ledger
        .finish_assignment(
            &done.id,
            &FinishInput {
                result: "已对接".into(),
                done_on: Some(d(2022, 12, 27)),
            },
        )
        .unwrap();
    let bytes = f
        .ledger
        .export_assignments_xlsx(&AssignmentFilter::default())
        .unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["督办清单".to_string()]);
    let range = book.worksheet_range("督办清单").unwrap();
    let text = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(x)) => x.to_string(),
        Some(Data::DateTime(x)) => {
            (d(1899, 12, 30) + chrono::Duration::days(x.as_f64() as i64)).to_string()
        }
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    };
    assert_eq!(text(0, 0), "督办清单（截至2022年12月31日）");
    let heads: Vec<String> = (0..10).map(|c| text(1, c)).collect();
    assert_eq!(
        heads,
        [
            "序号",
            "项目",
            "交办事项",
            "承办人/包保领导",
            "交办日期",
            "办理时限",
            "状态",
            "催办/督办",
            "逾期天数",
            "办理结果"
        ]
    );
    let row: Vec<String> = (0..10).map(|c| text(2, c)).collect();
    assert_eq!(
        row,
        [
            "1",
            "光伏组件项目",
            late.task.as_str(),
            "王磊",
            "2022-12-01",
            "2022-12-20",
            "交办",
            "督办",
            "11",
            ""
        ]
    );
    let row: Vec<String> = (0..10).map(|c| text(3, c)).collect();
    assert_eq!(
        row,
        [
            "2",
            "光伏组件项目",
            "对接省发改委",
            "李县长",
            "2022-12-01",
            "2022-12-28",
            "办结",
            "",
            "",
            "已对接"
        ]
    );
    assert_eq!(range.height(), 4);
}

//! 交办单 on the office server (a real PostgreSQL server, see `office_sync.rs`): a 交办单 is its
//! project's, and also its assignee's. A 招商专员 may report 办理中/办结 on a 交办单 assigned to
//! him on a colleague's project, but may not assign one on a colleague's project.

use crate::common::*;
use zhaoshang_core::assignments::{AssignmentInput, AssignmentStatus, FinishInput};
use zhaoshang_core::sync::office_server::{self, Role, ServerConfig};
use zhaoshang_core::*;

/// 王磊 (administrator) with 赵敏 (招商专员, 招商一组) and 钱进 (招商二组) and a project of 钱进.
struct Setup {
    office: Office,
    admin: (Ledger, ServerConfig),
    zhao_id: String,
    qian_id: String,
    theirs: Project,
    mine: Project,
}

fn setup() -> Option<Setup> {
    let office = office()?;
    office.add_account("zhaomin", "赵敏", Some("招商一组"), Role::Officer);
    let (mut a, ca) = office.laptop("wanglei.sqlite3", "wanglei");
    let t1 = a.create_team("招商一组").unwrap();
    let t2 = a.create_team("招商二组").unwrap();
    let officer = |a: &mut Ledger, name: &str, team: &Team| {
        a.create_officer(&OfficerInput {
            name: name.into(),
            team_id: Some(team.id.clone()),
            ..Default::default()
        })
        .unwrap()
        .id
    };
    officer(&mut a, "王磊", &t1);
    let zhao_id = officer(&mut a, "赵敏", &t1);
    let qian_id = officer(&mut a, "钱进", &t2);
    let project = |a: &mut Ledger, name: &str, team: &Team, officer: &str| {
        a.create_project(&NewProject {
            project: ProjectInput {
                name: name.into(),
                total_investment: 100_000_000,
                team_id: Some(team.id.clone()),
                officer_id: Some(officer.into()),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 3, 1),
            first_stage_date_unknown: false,
        })
        .unwrap()
    };
    let mine = project(&mut a, "碳纤维项目", &t1, &zhao_id);
    let theirs = project(&mut a, "光伏组件项目", &t2, &qian_id);
    office_server::push(&a, &ca).unwrap();
    Some(Setup {
        office,
        admin: (a, ca),
        zhao_id,
        qian_id,
        theirs,
        mine,
    })
}

fn task(project: &Project, officer: &str, today: chrono::NaiveDate) -> AssignmentInput {
    AssignmentInput {
        project_id: project.id.clone(),
        task: "协调解决项目用地指标".into(),
        assignee_officer_id: Some(officer.into()),
        due_on: Some(today + chrono::Duration::days(10)),
        ..Default::default()
    }
}

#[test]
fn the_assignee_finishes_a_task_on_a_colleagues_project_but_cannot_assign_one_there() {
    let Some(mut s) = setup() else { return };
    // 王磊 assigns a task on 钱进's project to 赵敏.
    let today = s.admin.0.today();
    let a = s
        .admin
        .0
        .create_assignment(&task(&s.theirs, &s.zhao_id, today))
        .unwrap();
    office_server::push(&s.admin.0, &s.admin.1).unwrap();

    // 赵敏 starts and finishes it on her laptop: accepted.
    let (mut l, c) = s.office.laptop("zhaomin.sqlite3", "zhaomin");
    office_server::pull(&mut l, &c).unwrap();
    l.start_assignment(&a.id).unwrap();
    l.finish_assignment(
        &a.id,
        &FinishInput {
            result: "已协调县自然资源局，指标落实".into(),
            done_on: None,
        },
    )
    .unwrap();
    let pushed = office_server::push(&l, &c).unwrap();
    assert!(pushed.stored > 0);
    office_server::pull(&mut s.admin.0, &s.admin.1).unwrap();
    let done = s.admin.0.assignment(&a.id).unwrap();
    assert_eq!(done.status, AssignmentStatus::Done);
    assert_eq!(done.result.as_deref(), Some("已协调县自然资源局，指标落实"));

    // A 交办单 on her own project, to a colleague: hers (the project's), accepted.
    let (mut l2, c2) = s.office.laptop("zhaomin-2.sqlite3", "zhaomin");
    office_server::pull(&mut l2, &c2).unwrap();
    l2.create_assignment(&task(&s.mine, &s.qian_id, today))
        .unwrap();
    office_server::push(&l2, &c2).unwrap();

    // A new 交办单 on 钱进's project: refused whole, in words (a 交办单 goes with its project).
    let (mut l3, c3) = s.office.laptop("zhaomin-3.sqlite3", "zhaomin");
    office_server::pull(&mut l3, &c3).unwrap();
    l3.create_assignment(&task(&s.theirs, &s.qian_id, today))
        .unwrap();
    let before = s.office.stored();
    let e = office_server::push(&l3, &c3).unwrap_err().to_string();
    assert!(e.contains("项目“光伏组件项目”的交办单"), "{e}");
    assert!(e.contains("未保存任何数据"), "{e}");
    assert_eq!(
        s.office.stored(),
        before,
        "nothing of a refused push is kept"
    );

    // Nor to herself: its assignee reports on a 交办单, she does not assign it.
    let (mut l4, c4) = s.office.laptop("zhaomin-4.sqlite3", "zhaomin");
    office_server::pull(&mut l4, &c4).unwrap();
    l4.create_assignment(&task(&s.theirs, &s.zhao_id, today))
        .unwrap();
    let e = office_server::push(&l4, &c4).unwrap_err().to_string();
    assert!(e.contains("项目“光伏组件项目”的交办单"), "{e}");
    assert_eq!(s.office.stored(), before);
}

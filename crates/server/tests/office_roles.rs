//! Roles and authorship on the office server (a real PostgreSQL server, see `office_sync.rs`):
//! each role pushes what it may and is refused, with nothing stored, what it may not; a change
//! claiming another officer is refused; changes naming no one are stamped with the account's
//! officer, and that is whom another laptop's history shows.

use crate::common::*;
use zhaoshang_core::attachments::AttachmentOwner;
use zhaoshang_core::sync::office_server::{self, Role, ServerConfig};
use zhaoshang_core::*;

/// The office as the administrator (王磊) set it up: two teams, 赵敏 (招商专员) and 张强 (组长)
/// in 招商一组, 钱进 in 招商二组, and one project of each team.
struct Roles {
    office: Office,
    admin: (Ledger, ServerConfig),
    zhao_id: String,
    qian_id: String,
    mine: Project,
    theirs: Project,
}

fn roles() -> Option<Roles> {
    let office = office()?;
    office.add_account("zhangqiang", "张强", Some("招商一组"), Role::Lead);
    office.add_account("zhaomin", "赵敏", Some("招商一组"), Role::Officer);
    office.add_account("liuling", "刘玲", None, Role::Viewer);
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
    officer(&mut a, "张强", &t1);
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
    Some(Roles {
        office,
        admin: (a, ca),
        zhao_id,
        qian_id,
        mine,
        theirs,
    })
}

/// A laptop of `login` holding the office's ledger.
fn member(r: &Roles, login: &str) -> (Ledger, ServerConfig) {
    let (mut l, c) = r.office.laptop(&format!("{login}.sqlite3"), login);
    office_server::pull(&mut l, &c).unwrap();
    (l, c)
}

fn rename(l: &mut Ledger, p: &Project, next_step: &str) {
    let mut input = input_of(&l.project(&p.id).unwrap());
    input.next_step = Some(next_step.into());
    l.update_project(&p.id, &input).unwrap();
}

/// A push refused with a 403 whose message names `says`; nothing of it stored.
fn refused(r: &Roles, l: &Ledger, c: &ServerConfig, says: &str) {
    let before = r.office.stored();
    let e = office_server::push(l, c).unwrap_err();
    let text = e.to_string();
    assert!(text.contains(says), "{text}");
    assert!(text.contains("未保存任何数据"), "{text}");
    assert_eq!(
        r.office.stored(),
        before,
        "nothing of a refused push is kept"
    );
}

#[test]
fn an_officer_changes_only_their_own_projects() {
    let Some(r) = roles() else { return };
    let (mut l, c) = member(&r, "zhaomin");
    assert_eq!(
        office_server::role(l.connection()).unwrap(),
        Some(Role::Officer)
    );
    rename(&mut l, &r.mine, "下周赴京洽谈");
    let pushed = office_server::push(&l, &c).unwrap();
    assert!(pushed.stored > 0);

    // A colleague's project, in a fresh copy of the ledger: refused whole.
    let (mut l2, c2) = r.office.laptop("zhaomin-2.sqlite3", "zhaomin");
    office_server::pull(&mut l2, &c2).unwrap();
    rename(&mut l2, &r.mine, "本人项目的修改");
    rename(&mut l2, &r.theirs, "改别人的项目");
    refused(&r, &l2, &c2, "招商专员");

    // Taking a colleague's project by naming oneself its 招商专员: refused too.
    let (mut l3, c3) = r.office.laptop("zhaomin-3.sqlite3", "zhaomin");
    office_server::pull(&mut l3, &c3).unwrap();
    let mut input = input_of(&l3.project(&r.theirs.id).unwrap());
    input.officer_id = Some(r.zhao_id.clone());
    l3.update_project(&r.theirs.id, &input).unwrap();
    refused(&r, &l3, &c3, "光伏组件项目");

    // Nor teams or officers (the administrator's).
    let (mut l4, c4) = r.office.laptop("zhaomin-4.sqlite3", "zhaomin");
    office_server::pull(&mut l4, &c4).unwrap();
    l4.create_team("招商三组").unwrap();
    refused(&r, &l4, &c4, "团队");

    // A new company and a new project of their own: accepted.
    let (mut l5, c5) = r.office.laptop("zhaomin-5.sqlite3", "zhaomin");
    office_server::pull(&mut l5, &c5).unwrap();
    let company = l5
        .create_company(&CompanyInput {
            name: "苏州新能源有限公司".into(),
            ..Default::default()
        })
        .unwrap();
    l5.create_project(&NewProject {
        project: ProjectInput {
            name: "储能电池项目".into(),
            company_id: Some(company.id),
            officer_id: Some(r.zhao_id.clone()),
            ..Default::default()
        },
        first_stage: Stage::Lead,
        first_stage_on: d(2022, 5, 1),
        first_stage_date_unknown: false,
    })
    .unwrap();
    assert!(office_server::push(&l5, &c5).unwrap().stored > 0);
}

#[test]
fn a_lead_changes_their_teams_rows_only() {
    let Some(r) = roles() else { return };
    let (mut l, c) = member(&r, "zhangqiang");
    assert_eq!(
        office_server::role(l.connection()).unwrap(),
        Some(Role::Lead)
    );
    // 赵敏's project is 招商一组's.
    rename(&mut l, &r.mine, "组长安排");
    assert!(office_server::push(&l, &c).unwrap().stored > 0);
    let (mut l2, c2) = r.office.laptop("zhangqiang-2.sqlite3", "zhangqiang");
    office_server::pull(&mut l2, &c2).unwrap();
    rename(&mut l2, &r.theirs, "越组修改");
    refused(&r, &l2, &c2, "本组（招商一组）");
}

#[test]
fn a_leader_reads_everything_and_changes_nothing() {
    let Some(r) = roles() else { return };
    let (mut l, c) = member(&r, "liuling");
    assert_eq!(
        office_server::role(l.connection()).unwrap(),
        Some(Role::Viewer)
    );
    assert_eq!(
        view(&l),
        view(&r.admin.0),
        "a leader reads the whole ledger"
    );
    let e = office_server::check_writable(l.connection()).unwrap_err();
    assert!(e.to_string().contains("只能查看台账"), "{e}");
    // The app refuses the change itself, whole: nothing written, nothing to push.
    let before = view(&l);
    let mut input = input_of(&l.project(&r.mine.id).unwrap());
    input.next_step = Some("领导批示".into());
    let e = l.update_project(&r.mine.id, &input).unwrap_err();
    assert!(e.to_string().contains("只读"), "{e}");
    assert!(l.create_team("领导的组").is_err());
    assert_eq!(view(&l), before);
    assert_eq!(office_server::push(&l, &c).unwrap().sent, 0);
    // An app that ignores its role (an older version, a hand-edited file): the server refuses.
    zhaoshang_core::storage::settings::set(l.connection(), office_server::SERVER_ROLE, None)
        .unwrap();
    rename(&mut l, &r.mine, "领导批示");
    refused(&r, &l, &c, "只能查看台账");
}

#[test]
fn the_administrator_changes_anything_and_roles_apply_at_once() {
    let Some(r) = roles() else { return };
    let (mut a, ca) = r.admin;
    rename(&mut a, &r.theirs, "主任协调");
    a.create_team("招商三组").unwrap();
    assert!(office_server::push(&a, &ca).unwrap().stored > 0);
    assert_eq!(
        office_server::role(a.connection()).unwrap(),
        Some(Role::Admin)
    );
    // Made read-only on the server: the next push is refused, without a new login.
    r.office.set_role("wanglei", Role::Viewer);
    rename(&mut a, &r.theirs, "降为只读之后");
    let e = office_server::push(&a, &ca).unwrap_err();
    assert!(e.to_string().contains("只能查看台账"), "{e}");
}

#[test]
fn authorship_is_the_accounts_and_other_laptops_show_it() {
    let Some(r) = roles() else { return };
    // 赵敏's laptop signs a change as 钱进: refused, nothing stored.
    let (mut l, c) = member(&r, "zhaomin");
    l.set_acting_officer(Some(r.qian_id.clone()));
    rename(&mut l, &r.mine, "冒名修改");
    refused(&r, &l, &c, "署名为干部“钱进”");

    // Signed as herself, or not signed: accepted, and stamped with her officer.
    let (mut l2, c2) = r.office.laptop("zhaomin-2.sqlite3", "zhaomin");
    office_server::pull(&mut l2, &c2).unwrap();
    rename(&mut l2, &r.mine, "未署名的修改");
    l2.set_acting_officer(Some(r.zhao_id.clone()));
    let mut input = input_of(&l2.project(&r.mine.id).unwrap());
    input.notes = Some("本人署名的修改".into());
    l2.update_project(&r.mine.id, &input).unwrap();
    assert!(office_server::push(&l2, &c2).unwrap().stored > 0);
    let authors = r.office.texts(
        "SELECT DISTINCT officer_id FROM changes c JOIN officers o ON o.id = c.pushed_by
         WHERE o.login = 'zhaomin'",
    );
    assert_eq!(
        authors,
        vec![Some(r.zhao_id.clone())],
        "every change stamped"
    );

    // The administrator's laptop: the project's history names 赵敏 for her changes.
    let (mut a, ca) = r.admin;
    office_server::pull(&mut a, &ca).unwrap();
    let history = a.history("projects", &r.mine.id).unwrap();
    let hers: Vec<_> = history
        .iter()
        .filter(|e| e.field == "next_step" || e.field == "notes")
        .map(|e| (e.new_value.clone(), e.officer_name.clone()))
        .collect();
    assert_eq!(hers.len(), 2, "{hers:?}");
    assert!(
        hers.iter().all(|(_, who)| who.as_deref() == Some("赵敏")),
        "{hers:?}"
    );
}

#[test]
fn an_officer_attaches_files_to_their_own_records_only_and_adds_aliases() {
    let Some(r) = roles() else { return };
    // A contract on the officer's own project, and on a company: accepted.
    let (mut l, c) = member(&r, "zhaomin");
    let own = l
        .add_attachment(
            AttachmentOwner::Project,
            &r.mine.id,
            "合同.pdf",
            b"%PDF-1.4 own",
        )
        .unwrap();
    let company = l
        .create_company(&CompanyInput {
            name: "苏州新能源有限公司".into(),
            ..Default::default()
        })
        .unwrap();
    l.add_attachment(
        AttachmentOwner::Company,
        &company.id,
        "营业执照.jpg",
        b"jpeg",
    )
    .unwrap();
    // 别名 are everyone's, like companies.
    l.add_search_alias("苏州新能源", "苏州新能源有限公司")
        .unwrap();
    assert!(office_server::push(&l, &c).unwrap().stored > 0);

    // On a colleague's project: refused whole, naming the project.
    let (mut l2, c2) = r.office.laptop("zhaomin-2.sqlite3", "zhaomin");
    office_server::pull(&mut l2, &c2).unwrap();
    l2.add_attachment(
        AttachmentOwner::Project,
        &r.theirs.id,
        "别人的合同.pdf",
        b"%PDF-1.4 x",
    )
    .unwrap();
    refused(&r, &l2, &c2, "项目“光伏组件项目”的附件");

    // Deleting the colleague's contract the administrator attached: refused too; the own one: accepted.
    let (a, ca) = &r.admin;
    let mut a = Ledger::open(a.path()).unwrap();
    a.add_attachment(
        AttachmentOwner::Project,
        &r.theirs.id,
        "钱进的合同.pdf",
        b"%PDF-1.4 q",
    )
    .unwrap();
    office_server::push(&a, ca).unwrap();
    let (mut l3, c3) = r.office.laptop("zhaomin-3.sqlite3", "zhaomin");
    office_server::pull(&mut l3, &c3).unwrap();
    let theirs = l3
        .attachments(AttachmentOwner::Project, &r.theirs.id)
        .unwrap();
    l3.delete_attachment(&theirs[0].id).unwrap();
    refused(&r, &l3, &c3, "附件");
    let (mut l4, c4) = r.office.laptop("zhaomin-4.sqlite3", "zhaomin");
    office_server::pull(&mut l4, &c4).unwrap();
    l4.delete_attachment(&own.id).unwrap();
    assert!(office_server::push(&l4, &c4).unwrap().stored > 0);
}

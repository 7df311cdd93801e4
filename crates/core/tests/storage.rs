//! Storage: the file, its pragmas, migrations and soft deletes, on real SQLite files.

use crate::common::*;
use zhaoshang_core::*;

#[test]
fn a_new_file_gets_the_schema_pragmas_and_reference_data() {
    let f = fixture();
    let conn = f.ledger.connection();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, storage::db::SCHEMA_VERSION);
    let names: Vec<String> = f
        .ledger
        .region_groups()
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(
        names,
        [
            "京津冀",
            "长三角",
            "珠三角",
            "东北",
            "本地",
            "其他国内",
            "境外"
        ]
    );
    assert_eq!(f.ledger.industries().unwrap().len(), 12);
    let groups = f.ledger.region_groups().unwrap();
    let count = |n: &str| {
        groups
            .iter()
            .find(|g| g.name == n)
            .unwrap()
            .city_codes
            .len()
    };
    assert_eq!(count("京津冀"), 13);
    assert_eq!(count("长三角"), 41);
    assert_eq!(count("珠三角"), 9);
    let counties: i64 = conn
        .query_row("SELECT COUNT(*) FROM divisions WHERE level = 3", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        counties > 2800,
        "county-level divisions embedded: {counties}"
    );
    let qa = f.ledger.division("130281").unwrap().unwrap();
    assert_eq!(qa.full_name, "河北省 唐山市 遵化市");
}

#[test]
fn reopening_keeps_data_and_does_not_reseed() {
    let mut f = fixture();
    let p = f.project("年产10万吨精密铸件", "110108", 5 * YI, d(2022, 3, 1));
    let path = f.ledger.path().to_path_buf();
    drop(f.ledger);
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(ledger.project(&p.id).unwrap().name, "年产10万吨精密铸件");
    assert_eq!(ledger.industries().unwrap().len(), 12);
    assert_eq!(ledger.region_groups().unwrap().len(), 7);
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let f = fixture();
    let path = f.ledger.path().to_path_buf();
    f.ledger
        .connection()
        .pragma_update(None, "user_version", storage::db::SCHEMA_VERSION + 1)
        .unwrap();
    drop(f.ledger);
    let before = std::fs::read(&path).unwrap();
    let err = Ledger::open(&path).err().expect("newer file refused");
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().contains("请升级软件"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_ledger_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(&path, "这不是数据库".repeat(500)).unwrap();
    let err = Ledger::open(&path).err().expect("not a database");
    assert!(err.to_string().contains("不是招商台账数据库"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "这不是数据库".repeat(500)
    );
}

#[test]
fn ids_are_uuid_v7_and_rows_are_stamped() {
    let mut f = fixture();
    let p = f.project("数字经济产业园", "310115", YI, d(2022, 1, 5));
    assert_eq!(uuid_version(&p.id), 7);
    assert!(p.created_at.ends_with('Z') && p.updated_at >= p.created_at);
}

fn uuid_version(id: &str) -> u32 {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    u32::from_str_radix(&hex[12..13], 16).unwrap()
}

#[test]
fn delete_is_soft_and_restore_brings_everything_back() {
    let mut f = fixture();
    let p = f.project("冷链物流园", "120116", 3 * YI, d(2022, 2, 1));
    f.stage(&p.id, Stage::Signed, d(2022, 3, 1)).unwrap();
    let a = f.activity(ActivityKind::Call, d(2022, 3, 2), None, &[&p.id]);
    let before = f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default());
    assert_eq!(before.metrics.signed, 1);
    assert_eq!(before.metrics.contacted, 1);

    f.ledger.delete_project(&p.id).unwrap();
    assert_eq!(
        f.ledger.project(&p.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let during = f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default());
    assert_eq!((during.metrics.signed, during.metrics.contacted), (0, 0));
    let rows: i64 = f
        .ledger
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM projects WHERE id = ?1",
            [&p.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 1, "the row stays in the file");

    f.ledger.restore_project(&p.id).unwrap();
    assert_eq!(f.ledger.stage_history(&p.id).unwrap().len(), 2);
    assert_eq!(f.ledger.project_activities(&p.id).unwrap()[0].id, a.id);
    let after = f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default());
    assert_eq!(after.metrics, before.metrics);

    f.ledger.delete_activity(&a.id).unwrap();
    assert_eq!(
        f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default())
            .metrics
            .contacted,
        0
    );
    f.ledger.restore_activity(&a.id).unwrap();
    assert_eq!(
        f.report(d(2022, 1, 1), d(2022, 12, 31), Scope::default())
            .metrics
            .contacted,
        1
    );
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let mut f = fixture();
    let p = f.project("新能源电池", "320505", YI, d(2022, 1, 1));
    // A write that fails half-way (second step invalid) rolls back its first step.
    let err = f
        .ledger
        .write(|tx, today| {
            zhaoshang_core::projects::record_stage_change(
                tx,
                &p.id,
                &StageChangeInput {
                    to_stage: Stage::Signed,
                    changed_on: d(2022, 2, 1),
                    construction_kind: None,
                    added_investment: 0,
                    officer_id: None,
                    note: None,
                    date_unknown: false,
                },
                today,
            )?;
            zhaoshang_core::projects::record_stage_change(
                tx,
                &p.id,
                &StageChangeInput {
                    to_stage: Stage::Operating,
                    changed_on: d(2022, 3, 1),
                    construction_kind: None,
                    added_investment: 0,
                    officer_id: None,
                    note: None,
                    date_unknown: false,
                },
                today,
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("尚未开工"), "{err}");
    assert_eq!(f.ledger.stage_history(&p.id).unwrap().len(), 1);
    assert_eq!(f.ledger.project(&p.id).unwrap().stage, Stage::Lead);
}

#[test]
fn validation_messages_name_the_field_and_speak_chinese() {
    let mut f = fixture();
    let e = f
        .ledger
        .create_company(&CompanyInput {
            name: "  ".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Validation, Some("name")));
    assert_eq!(e.to_string(), "请填写企业名称。");
    let e = f
        .ledger
        .create_company(&CompanyInput {
            name: "唐山某钢铁有限公司".into(),
            credit_code: Some("91130200MA0ABCDE12".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("credit_code"));
    let e = f
        .ledger
        .create_company(&CompanyInput {
            name: "某公司".into(),
            origin_code: Some("999999".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("origin_code"));
    let e = f
        .ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: "负投资".into(),
                total_investment: -1,
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 1, 1),
            first_stage_date_unknown: false,
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("total_investment"));
    let e = f
        .ledger
        .create_activity(&ActivityInput {
            kind: ActivityKind::Call,
            occurred_on: d(2022, 1, 1),
            place: None,
            destination_code: None,
            summary: None,
            follow_up_on: None,
            officer_ids: vec![],
            company_ids: vec![],
            project_ids: vec![],
            trip: Default::default(),
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("officer_ids"));
}

#[test]
fn a_credit_code_is_unique_among_live_companies() {
    let mut f = fixture();
    let code = companies::credit_code::with_check_char("91130281MA0DEMX01");
    let input = CompanyInput {
        name: "迁安某新材料有限公司".into(),
        credit_code: Some(code.clone()),
        ..Default::default()
    };
    let first = f.ledger.create_company(&input).unwrap();
    let e = f.ledger.create_company(&input).unwrap_err();
    assert!(e.to_string().contains("已属于企业"), "{e}");
    f.ledger.delete_company(&first.id).unwrap();
    f.ledger.create_company(&input).unwrap();
}

//! Forms sent upward (上报报表): the built-in 在谈项目信息采集表 and 月报, the office's own
//! templates (validation, split sheets, 撤销, sync), on hand-built ledgers.

use crate::common::*;
use calamine::{Data, Reader, Xlsx};
use zhaoshang_core::io::forms::{
    ExportTemplateInput, FormColumn, FormPeriod, FormScope, SplitBy, BUILTIN_WEEKLY,
};
use zhaoshang_core::sync::{read_bundle, write_bundle};
use zhaoshang_core::*;

type Book = Xlsx<std::io::Cursor<Vec<u8>>>;

fn book(bytes: Vec<u8>) -> Book {
    Xlsx::new(std::io::Cursor::new(bytes)).unwrap()
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    r.get_value((row, col))
        .cloned()
        .unwrap_or(Data::Empty)
        .to_string()
}

fn industry(f: &Fixture, name: &str) -> String {
    f.ledger
        .industries()
        .unwrap()
        .into_iter()
        .find(|i| i.name == name)
        .unwrap()
        .id
}

struct Office {
    f: Fixture,
    team2: Team,
}

/// A project with company contact, content, park and 研判 fields, first 线索 on `lead_on`.
fn project(
    o: &mut Office,
    name: &str,
    industry_name: &str,
    team2: bool,
    park: &str,
    lead_on: chrono::NaiveDate,
) -> Project {
    let f = &mut o.f;
    let c = f
        .ledger
        .create_company(&CompanyInput {
            name: format!("{name}有限公司"),
            origin_code: Some("110108".into()),
            contact_person: Some("张经理".into()),
            contact_phone: Some("13800000000".into()),
            ..Default::default()
        })
        .unwrap();
    let industry_id = industry(f, industry_name);
    let team_id = if team2 {
        o.team2.id.clone()
    } else {
        f.team.id.clone()
    };
    f.ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: name.into(),
                company_id: Some(c.id),
                content: Some(format!("{name}生产线")),
                total_investment: 120_000_000,
                industry_id: Some(industry_id),
                park: Some(park.into()),
                team_id: Some(team_id),
                officer_id: Some(f.officer.id.clone()),
                next_step: Some("本月再次对接".into()),
                coordination_issues: Some("用地指标".into()),
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: lead_on,
            first_stage_date_unknown: false,
        })
        .unwrap()
}

/// The week of Friday 2 December 2022 is Monday 28 November – Sunday 4 December.
/// In 洽谈 at its end: 甲 (since 1 November), 乙 (30 November: new), 丙 (Monday 28 November,
/// the week's first day: new), 丁 (Sunday 27 November, the day before: not new). Not listed:
/// 戊 (洽谈 from 5 December, after the week), 己 (线索), 庚 (signed in the week).
fn office() -> Office {
    let mut f = fixture();
    let team2 = f.ledger.create_team("招商二组").unwrap();
    f.ledger.set_office_name(Some("某县招商局")).unwrap();
    let mut o = Office { f, team2 };
    type Plan<'a> = (
        &'a str,
        &'a str,
        bool,
        &'a str,
        u32,
        u32,
        Option<(u32, u32)>,
    );
    let plan: &[Plan] = &[
        ("甲项目", "新材料", false, "经开区", 10, 1, Some((11, 1))),
        ("乙项目", "新材料", true, "高新区", 11, 29, Some((11, 30))),
        ("丙项目", "装备制造", true, "经开区", 11, 20, Some((11, 28))),
        (
            "丁项目",
            "装备制造",
            false,
            "高新区",
            11,
            20,
            Some((11, 27)),
        ),
        ("戊项目", "新材料", false, "经开区", 11, 20, Some((12, 5))),
        ("己项目", "新材料", false, "经开区", 11, 20, None),
    ];
    for (name, ind, t2, park, m, dd, talks) in plan {
        let p = project(&mut o, name, ind, *t2, park, d(2022, *m, *dd));
        if let Some((m, dd)) = talks {
            o.f.stage(&p.id, Stage::Negotiating, d(2022, *m, *dd))
                .unwrap();
        }
    }
    let g = project(&mut o, "庚项目", "新材料", false, "经开区", d(2022, 10, 1));
    o.f.stage(&g.id, Stage::Negotiating, d(2022, 10, 2))
        .unwrap();
    o.f.stage(&g.id, Stage::Signed, d(2022, 11, 29)).unwrap();
    let a: String =
        o.f.ledger
            .connection()
            .query_row(
                "SELECT id FROM projects WHERE name = '甲项目'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    o.f.ledger
        .create_activity(&ActivityInput {
            kind: ActivityKind::IncomingVisit,
            occurred_on: d(2022, 11, 30),
            place: None,
            destination_code: None,
            summary: Some("客商来访考察厂房".into()),
            follow_up_on: None,
            officer_ids: vec![o.f.officer.id.clone()],
            company_ids: vec![],
            project_ids: vec![a],
            trip: Default::default(),
        })
        .unwrap();
    o
}

#[test]
fn the_weekly_form_counts_the_projects_in_talks_and_lists_them() {
    let o = office();
    let templates = o.f.ledger.form_templates().unwrap();
    assert_eq!(templates[0].name, "在谈项目信息采集表");
    assert_eq!(templates[1].name, "月报");
    let bytes =
        o.f.ledger
            .export_form("在谈项目信息采集表", d(2022, 12, 2))
            .unwrap();
    let mut wb = book(bytes);
    assert_eq!(wb.sheet_names(), vec!["在谈项目信息采集表"]);
    let s = wb.worksheet_range("在谈项目信息采集表").unwrap();
    assert_eq!(cell(&s, 0, 0), "某县招商局在谈项目信息采集表");
    assert_eq!(cell(&s, 1, 0), "统计时间：2022年11月28日至2022年12月4日");
    assert_eq!(
        cell(&s, 2, 0),
        "在谈项目共4个，本周新增2个。按产业：新材料2个、装备制造2个。"
    );
    let heads: Vec<String> = (0..10).map(|c| cell(&s, 3, c)).collect();
    assert_eq!(
        heads,
        [
            "序号",
            "项目名称",
            "投资方",
            "固定资产投资（万元）",
            "项目内容",
            "用地",
            "联系人",
            "进度",
            "研判",
            "招商专员"
        ]
    );
    let names: Vec<String> = (4..8).map(|r| cell(&s, r, 1)).collect();
    assert_eq!(names, ["丁项目", "丙项目", "乙项目", "甲项目"]);
    assert_eq!(cell(&s, 8, 1), "", "only the four in talks");
    // 甲项目's row: every column read back.
    let row: Vec<String> = (0..10).map(|c| cell(&s, 7, c)).collect();
    assert_eq!(
        row,
        [
            "4",
            "甲项目",
            "甲项目有限公司",
            "12000",
            "甲项目生产线",
            "经开区",
            "张经理 13800000000",
            "洽谈（2022-11-01起）；2022-11-30 来访接待：客商来访考察厂房",
            "下一步：本月再次对接；需协调：用地指标",
            "王磊"
        ]
    );
}

#[test]
fn a_past_week_lists_the_stages_of_that_week() {
    let o = office();
    // The week of 5 October 2022 (3–9 October): only 庚项目 was in 洽谈 (since 2 October, the
    // day before the week: not new); it signed on 29 November, after the week.
    let mut wb = book(
        o.f.ledger
            .export_form(BUILTIN_WEEKLY, d(2022, 10, 5))
            .unwrap(),
    );
    let s = wb.worksheet_range("在谈项目信息采集表").unwrap();
    assert_eq!(cell(&s, 1, 0), "统计时间：2022年10月3日至2022年10月9日");
    assert_eq!(
        cell(&s, 2, 0),
        "在谈项目共1个，本周新增0个。按产业：新材料1个。"
    );
    assert_eq!(cell(&s, 4, 1), "庚项目");
    assert_eq!(cell(&s, 4, 7), "洽谈（2022-10-02起）");
    assert_eq!(cell(&s, 5, 1), "");
}

#[test]
fn a_custom_template_reorders_renames_and_splits_by_team() {
    let mut o = office();
    let t =
        o.f.ledger
            .create_form_template(&ExportTemplateInput {
                name: "在谈分组表".into(),
                title: "在谈项目分组统计".into(),
                columns: vec![
                    FormColumn {
                        key: "company".into(),
                        title: "企业".into(),
                    },
                    FormColumn {
                        key: "name".into(),
                        title: "".into(),
                    },
                    FormColumn {
                        key: "stage_since".into(),
                        title: "转入洽谈日期".into(),
                    },
                ],
                header_counts: false,
                split_by: SplitBy::Team,
                scope: FormScope {
                    stages: vec![Stage::Negotiating],
                    period: FormPeriod::Week,
                },
            })
            .unwrap();
    assert_eq!(
        t.columns[1].title, "项目名称",
        "an empty title takes the default"
    );
    let mut wb = book(o.f.ledger.export_form(&t.id, d(2022, 12, 2)).unwrap());
    assert_eq!(wb.sheet_names(), vec!["招商一组", "招商二组"]);
    let one = wb.worksheet_range("招商一组").unwrap();
    assert_eq!(cell(&one, 0, 0), "某县招商局在谈项目分组统计（招商一组）");
    // No header counts: the column titles follow the period row.
    assert_eq!(
        (0..3).map(|c| cell(&one, 2, c)).collect::<Vec<_>>(),
        ["企业", "项目名称", "转入洽谈日期"]
    );
    assert_eq!(cell(&one, 3, 1), "丁项目");
    assert_eq!(cell(&one, 4, 0), "甲项目有限公司");
    assert_eq!(cell(&one, 5, 0), "");
    let two = wb.worksheet_range("招商二组").unwrap();
    assert_eq!(
        (3..5).map(|r| cell(&two, r, 1)).collect::<Vec<_>>(),
        ["丙项目", "乙项目"]
    );
    // By park: one sheet per park.
    let mut input = ExportTemplateInput {
        name: "按园区".into(),
        title: "在谈项目".into(),
        columns: t.columns.clone(),
        header_counts: true,
        split_by: SplitBy::Park,
        scope: t.scope.clone(),
    };
    let by_park = o.f.ledger.create_form_template(&input).unwrap();
    let wb = book(o.f.ledger.export_form("按园区", d(2022, 12, 2)).unwrap());
    assert_eq!(wb.sheet_names(), vec!["经开区", "高新区"]);
    input.split_by = SplitBy::None;
    o.f.ledger
        .update_form_template(&by_park.id, &input)
        .unwrap();
    let wb = book(o.f.ledger.export_form("按园区", d(2022, 12, 2)).unwrap());
    assert_eq!(wb.sheet_names(), vec!["按园区"]);
}

fn input(name: &str) -> ExportTemplateInput {
    ExportTemplateInput {
        name: name.into(),
        title: "标题".into(),
        columns: vec![FormColumn {
            key: "name".into(),
            title: "项目".into(),
        }],
        header_counts: true,
        split_by: SplitBy::None,
        scope: FormScope::default(),
    }
}

fn refusal(e: Error) -> (Option<&'static str>, String) {
    match e {
        Error::Validation { field, message } => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn bad_templates_are_refused_in_words_on_their_field() {
    let mut f = fixture();
    f.ledger.create_form_template(&input("周报")).unwrap();
    let long = format!("列标题“{}”过长（最多 30 个字）。", "名".repeat(31));
    let cases: Vec<(ExportTemplateInput, &str, &str)> = vec![
        (input("周报"), "name", "已有名为“周报”的报表模板。"),
        (input("  "), "name", "请填写模板名称。"),
        (
            input("在谈项目信息采集表"),
            "name",
            "“在谈项目信息采集表”是内置报表的名称，请另起一个名称。",
        ),
        (
            ExportTemplateInput {
                columns: vec![],
                ..input("甲")
            },
            "columns",
            "请至少选择一列。",
        ),
        (
            ExportTemplateInput {
                columns: vec![
                    FormColumn {
                        key: "name".into(),
                        title: "x".into()
                    };
                    41
                ],
                ..input("甲")
            },
            "columns",
            "最多选择 40 列。",
        ),
        (
            ExportTemplateInput {
                columns: vec![FormColumn {
                    key: "salary".into(),
                    title: "x".into(),
                }],
                ..input("甲")
            },
            "columns",
            "没有“salary”这一列。",
        ),
        (
            ExportTemplateInput {
                columns: vec![FormColumn {
                    key: "name".into(),
                    title: "名".repeat(31),
                }],
                ..input("甲")
            },
            "columns",
            &long,
        ),
    ];
    let before = footprint(&f.ledger);
    for (i, expected_field, expected) in cases {
        let (field, message) = refusal(f.ledger.create_form_template(&i).unwrap_err());
        assert_eq!((field, message.as_str()), (Some(expected_field), expected));
    }
    assert_eq!(footprint(&f.ledger), before, "nothing written");
    // A built-in can be neither edited nor deleted.
    let (field, _) = refusal(f.ledger.delete_form_template(BUILTIN_WEEKLY).unwrap_err());
    assert_eq!(field, Some("name"));
    assert!(f
        .ledger
        .update_form_template(BUILTIN_WEEKLY, &input("乙"))
        .is_err());
    // A deleted template's name is free again.
    let t = f.ledger.form_template("周报").unwrap();
    f.ledger.delete_form_template(&t.id).unwrap();
    f.ledger.create_form_template(&input("周报")).unwrap();
}

#[test]
fn undo_puts_a_template_edit_back() {
    let mut f = fixture();
    let t = f.ledger.create_form_template(&input("周报")).unwrap();
    let mut edited = input("周报（新）");
    edited.columns.push(FormColumn {
        key: "company".into(),
        title: "投资企业".into(),
    });
    edited.split_by = SplitBy::Team;
    f.ledger.update_form_template(&t.id, &edited).unwrap();
    let action = f.ledger.last_undoable().unwrap().unwrap();
    assert!(
        action.description.starts_with("修改报表模板“周报（新）”"),
        "{}",
        action.description
    );
    f.ledger.undo(&action.tx_id).unwrap();
    let back = f.ledger.form_template(&t.id).unwrap();
    assert_eq!(back, t);
    // Undoing the creation deletes it.
    let created = f.ledger.last_undoable().unwrap().unwrap();
    assert!(created.description.contains("新建报表模板“周报”"));
    f.ledger.undo(&created.tx_id).unwrap();
    assert!(f.ledger.form_template(&t.id).is_err());
}

#[test]
fn a_template_made_on_one_laptop_exports_on_another() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Ledger::open(dir.path().join("a.sqlite3")).unwrap();
    let mut b = Ledger::open(dir.path().join("b.sqlite3")).unwrap();
    let send = |from: &Ledger, to: &mut Ledger| {
        let bundle = from.export_changes(&to.sync_seen().unwrap()).unwrap();
        let path = dir.path().join("bundle.zsync");
        write_bundle(&bundle, &path).unwrap();
        to.import_changes(&read_bundle(&path).unwrap()).unwrap();
    };
    let mut i = input("周报");
    i.split_by = SplitBy::Park;
    i.scope.stages = vec![Stage::Signed, Stage::Negotiating];
    let t = a.create_form_template(&i).unwrap();
    send(&a, &mut b);
    assert_eq!(b.form_template("周报").unwrap(), t);
    // An edit on B comes back to A.
    i.title = "签约和在谈项目".into();
    b.update_form_template(&t.id, &i).unwrap();
    send(&b, &mut a);
    assert_eq!(a.form_template(&t.id).unwrap().title, "签约和在谈项目");
    assert_eq!(
        a.form_template(&t.id).unwrap().scope.stages,
        [Stage::Negotiating, Stage::Signed]
    );
    b.delete_form_template(&t.id).unwrap();
    send(&b, &mut a);
    assert!(a.form_template("周报").is_err());
}

#[test]
fn the_monthly_report_prints_the_report_engines_figures() {
    let mut o = office();
    // A trip and a signing in November; a start in October (in the year, not the month).
    o.f.activity(
        ActivityKind::OutboundTrip,
        d(2022, 11, 10),
        Some("110108"),
        &[],
    );
    let p = o.f.project("辛项目", "310115", 300_000_000, d(2022, 9, 1));
    o.f.stage(&p.id, Stage::Signed, d(2022, 9, 20)).unwrap();
    o.f.stage(&p.id, Stage::Started, d(2022, 10, 15)).unwrap();
    let bytes = o.f.ledger.export_form("月报", d(2022, 11, 15)).unwrap();
    let mut wb = book(bytes);
    let s = wb.worksheet_range("月报").unwrap();
    assert_eq!(cell(&s, 0, 0), "某县招商局招商引资工作月报（2022年11月）");
    let heads: Vec<String> = (1..10).map(|c| cell(&s, 3, c)).collect();
    assert_eq!(heads[0], "外出招商次数");
    assert_eq!(heads[8], "在谈项目");
    let engine = |from, to| o.f.report(from, to, Scope::default());
    let month = engine(d(2022, 11, 1), d(2022, 11, 30));
    let year = engine(d(2022, 1, 1), d(2022, 11, 30));
    let figures = |m: &Metrics| {
        vec![
            m.trips.to_string(),
            m.contacted.to_string(),
            m.signed.to_string(),
            (m.signed_investment / 10_000).to_string(),
            m.started.to_string(),
            (m.started_investment / 10_000).to_string(),
            m.operating.to_string(),
            (m.operating_investment / 10_000).to_string(),
            m.negotiating_at_end.to_string(),
        ]
    };
    assert_eq!(cell(&s, 1, 0), "本月（2022年11月1日至2022年11月30日）");
    assert_eq!(cell(&s, 2, 0), month.briefing);
    assert_eq!(cell(&s, 4, 0), "合计");
    let row = |r: u32| (1..10).map(|c| cell(&s, r, c)).collect::<Vec<_>>();
    assert_eq!(row(4), figures(&month.metrics));
    assert_eq!(month.metrics.trips, 1);
    assert_eq!(month.metrics.signed, 1, "庚项目 signed on 29 November");
    // The region groups follow the total, as the engine lists them.
    for (i, b) in month.by_region_group.iter().enumerate() {
        assert_eq!(cell(&s, 5 + i as u32, 0), b.label);
        assert_eq!(row(5 + i as u32), figures(&b.metrics));
    }
    // The year to the month's end, below.
    let at = 5 + month.by_region_group.len() as u32 + 1;
    assert_eq!(cell(&s, at, 0), "本年累计（2022年1月1日至2022年11月30日）");
    assert_eq!(row(at + 3), figures(&year.metrics));
    assert_eq!(year.metrics.started, 1);
}

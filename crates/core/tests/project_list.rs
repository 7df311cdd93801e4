//! The 项目库 list at scale (issue 14): the name search answered from the trigram index, and
//! the list indexes, give exactly the rows, order and totals of the list as it was (every
//! name compared with LIKE, the page read from the rows), on a few hundred generated projects.

use crate::common::*;
use rusqlite::{params_from_iter, types::Value, Connection};
use zhaoshang_core::reports::scope::SqlWhere;
use zhaoshang_core::util::{WAN, YI};
use zhaoshang_core::*;

/// Words of the generated names: whole and partial words of each other (碳纤维 / 纤维复合),
/// ASCII in both cases, LIKE's pattern characters, a traditional spelling (碳纖維 is not 碳纤维
/// for LIKE), a space inside a word.
const WORDS: &[&str] = &[
    "碳纤维",
    "复合材料",
    "碳纤维复合",
    "精密铸造",
    "新能源",
    "汽车零部件",
    "光伏组件",
    "ABC",
    "Hydro",
    "储能电站",
    "50%股权",
    "A_B",
    "碳纖維",
    "碳 纤维",
    "冷链物流",
];

/// Deterministic pseudo-random numbers (no seed file, no dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Companies and projects over two region groups, four stages, every 投资规模 tier; some
/// projects deleted, some companies renamed. The search index is refreshed at the end.
fn ledger() -> Fixture {
    let mut f = fixture();
    let mut rng = Lcg(14);
    let origins = ["110108", "310115", "440305"];
    let mut companies = Vec::new();
    for i in 0..60 {
        let name = format!(
            "{}{}有限公司{i}",
            WORDS[rng.next(WORDS.len())],
            WORDS[rng.next(WORDS.len())]
        );
        let c = f.company(&name, origins[i % origins.len()]);
        companies.push(c.id);
    }
    let amounts = [30 * WAN, 800 * WAN, 6_000 * WAN, 3 * YI, 12 * YI, 3 * YI];
    for i in 0..300 {
        let name = format!(
            "{}{}项目{i}",
            WORDS[rng.next(WORDS.len())],
            WORDS[rng.next(WORDS.len())]
        );
        let p = f
            .ledger
            .create_project(&NewProject {
                project: ProjectInput {
                    name,
                    company_id: Some(companies[rng.next(companies.len())].clone()),
                    total_investment: amounts[rng.next(amounts.len())] + i as i64,
                    team_id: Some(f.team.id.clone()),
                    officer_id: Some(f.officer.id.clone()),
                    ..Default::default()
                },
                first_stage: Stage::Lead,
                first_stage_on: d(2022, 1, 1 + (i % 28) as u32),
                first_stage_date_unknown: false,
            })
            .unwrap();
        match rng.next(4) {
            0 => {}
            1 => {
                f.stage(&p.id, Stage::Negotiating, d(2022, 3, 1)).unwrap();
            }
            2 => {
                f.stage(&p.id, Stage::Signed, d(2022, 4, 1)).unwrap();
            }
            _ => {
                f.ledger.delete_project(&p.id).unwrap();
            }
        }
    }
    f.ledger.refresh_search_index().unwrap();
    f
}

/// The list's filter as it was before the trigram index: every name compared with LIKE.
fn reference_where(f: &ProjectFilter) -> SqlWhere {
    let mut w = SqlWhere::new();
    w.push("p.deleted_at IS NULL", []);
    f.scope.apply_to_projects(&mut w);
    if let Some(q) = f.search.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let like = format!("%{}%", q.replace(['%', '_'], ""));
        w.push(
            "(p.name LIKE ? OR p.company_id IN (SELECT id FROM companies WHERE name LIKE ?))",
            [Value::from(like.clone()), Value::from(like)],
        );
    }
    if !f.stages.is_empty() {
        w.push_in(
            "p.stage",
            f.stages.iter().map(|s| Value::from(s.code().to_string())),
        );
    }
    if !f.tiers.is_empty() {
        let parts: Vec<String> = f
            .tiers
            .iter()
            .map(|t| {
                let (lo, hi) = t.range();
                format!("(p.total_investment >= {lo} AND p.total_investment < {hi})")
            })
            .collect();
        w.push(&format!("({})", parts.join(" OR ")), []);
    }
    w
}

/// The list as it was: count and sum, then the page read from the whole rows.
fn reference_list(conn: &Connection, f: &ProjectFilter) -> ProjectPage {
    let w = reference_where(f);
    let (total, total_investment): (u32, i64) = conn
        .query_row(
            &format!(
                "SELECT COUNT(*), COALESCE(SUM(p.total_investment), 0) FROM projects p WHERE {}",
                w.sql()
            ),
            params_from_iter(w.params()),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let order = match f.sort {
        ProjectSort::UpdatedAt => "p.updated_at",
        ProjectSort::Name => "p.name",
        ProjectSort::TotalInvestment => "p.total_investment",
        ProjectSort::Stage => "CASE p.stage WHEN 'lead' THEN 0 WHEN 'negotiating' THEN 1 WHEN 'signed' THEN 2 WHEN 'started' THEN 3 WHEN 'operating' THEN 4 WHEN 'on_hold' THEN 5 ELSE 6 END",
        ProjectSort::StageSince => "p.stage_since",
        ProjectSort::SignedOn => "p.signed_on",
        ProjectSort::StartedOn => "p.started_on",
    };
    let dir = if f.descending { "DESC" } else { "ASC" };
    let limit = match f.limit {
        0 => 200,
        n => n.min(1000),
    };
    let sql = format!(
        "SELECT p.id, p.name, c.name, p.total_investment, i.name, g.name, p.stage, p.stage_since,
            p.signed_on, p.started_on, t.name, o.name, p.key_project, p.enclave, p.relocation,
            p.high_energy, p.follow_up_on, p.updated_at
         FROM (SELECT p.* FROM projects p WHERE {}
               ORDER BY {order} {dir}, p.id {dir} LIMIT {limit} OFFSET {}) p
         LEFT JOIN companies c ON c.id = p.company_id
         LEFT JOIN industries i ON i.id = p.industry_id
         LEFT JOIN region_groups g ON g.id = p.region_group_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN officers o ON o.id = p.officer_id
         ORDER BY {order} {dir}, p.id {dir}",
        w.sql(),
        f.offset
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt
        .query_map(params_from_iter(w.params()), |r| {
            Ok(ProjectRow {
                id: r.get(0)?,
                name: r.get(1)?,
                company_name: r.get(2)?,
                total_investment: r.get(3)?,
                industry_name: r.get(4)?,
                region_group_name: r.get(5)?,
                stage: r.get(6)?,
                stage_since: r.get(7)?,
                signed_on: r.get(8)?,
                started_on: r.get(9)?,
                team_name: r.get(10)?,
                officer_name: r.get(11)?,
                key_project: r.get(12)?,
                enclave: r.get(13)?,
                relocation: r.get(14)?,
                high_energy: r.get(15)?,
                follow_up_on: r.get(16)?,
                updated_at: r.get(17)?,
            })
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    ProjectPage {
        total,
        total_investment,
        rows,
    }
}

/// Terms: whole words, parts of words and across two words, a company-name fragment, ASCII in
/// the other case, pattern characters, traditional characters, two characters (under the
/// trigram index's three), nothing.
const TERMS: &[&str] = &[
    "碳纤维",
    "纤维复合",
    "维复合材",
    "有限公司1",
    "铸造有限公司",
    "abc",
    "HYDRO",
    "50%股权",
    "a_b",
    "碳纖維",
    "维复",
    "碳",
    "不存在的名称",
    // What the index's query syntax or its padding could trip on: quotes, FTS5 operators,
    // the padding character itself, one and two such characters.
    "\"碳纤维",
    "碳\"",
    "*",
    "a OR b",
    "碳\u{1}",
    "\u{1}",
];

fn plan(conn: &Connection, f: &ProjectFilter) -> String {
    let w = projects::filter_where(conn, f).unwrap();
    let mut stmt = conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN SELECT COUNT(*), SUM(p.total_investment) FROM projects p WHERE {}",
            w.sql()
        ))
        .unwrap();
    let details = stmt
        .query_map(params_from_iter(w.params()), |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    details.join("\n")
}

#[test]
fn name_search_equals_the_like_scan() {
    let f = ledger();
    let conn = f.ledger.connection();
    let mut found_any = 0;
    for term in TERMS {
        for sort in [
            ProjectSort::UpdatedAt,
            ProjectSort::TotalInvestment,
            ProjectSort::Name,
        ] {
            // Short pages too: a dense term's page is then found by walking the sort's index.
            for (offset, limit) in [(0, 20), (20, 20), (0, 0), (0, 1), (5, 3)] {
                let filter = ProjectFilter {
                    search: Some(term.to_string()),
                    sort,
                    descending: offset == 0,
                    offset,
                    limit,
                    ..Default::default()
                };
                let want = reference_list(conn, &filter);
                let got = f.ledger.list_projects(&filter).unwrap();
                assert_eq!(got, want, "「{term}」 {sort:?} {offset}+{limit}");
                found_any += (want.total > 0) as u32;
            }
        }
    }
    // The generated names do hold most terms (a comparison of empty pages proves nothing).
    assert!(found_any >= 9 * 10, "{found_any}");
    let total = |term: &str| {
        f.ledger
            .list_projects(&ProjectFilter {
                search: Some(term.into()),
                ..Default::default()
            })
            .unwrap()
            .total
    };
    assert!(total("碳纤维") > 20 && total("纤维复合") > 5 && total("abc") > 5);
    assert!(total("有限公司1") > 5, "found by the company's name");
}

#[test]
fn name_search_reads_the_trigram_index() {
    let f = ledger();
    let conn = f.ledger.connection();
    let search = |q: &str| ProjectFilter {
        search: Some(q.into()),
        ..Default::default()
    };
    // Every length, traditional characters too: the projects' own index (0015), no name
    // compared with every other.
    for q in [
        "碳纤维",
        "纤维复合",
        "abc",
        "有限公司1",
        "维复",
        "碳",
        "碳纖維",
    ] {
        let p = plan(conn, &search(q));
        assert!(p.contains("project_names VIRTUAL TABLE"), "「{q}」:\n{p}");
        assert!(
            !p.contains("SCAN sp\n") && !p.contains("SCAN sc") && !p.contains("SCAN companies"),
            "「{q}」:\n{p}"
        );
    }
    // The index's padding character, typed: every name is compared.
    let p = plan(conn, &search("碳\u{1}"));
    assert!(!p.contains("project_names"), "{p}");
}

#[test]
fn new_renamed_and_deleted_names_are_found_at_once() {
    let mut f = ledger();
    let c = f.company("无关企业", "110108");
    let p = f
        .ledger
        .create_project(&NewProject {
            project: ProjectInput {
                name: "新建碳纤维项目".into(),
                company_id: Some(c.id.clone()),
                total_investment: 5 * YI,
                ..Default::default()
            },
            first_stage: Stage::Lead,
            first_stage_on: d(2022, 6, 1),
            first_stage_date_unknown: false,
        })
        .unwrap();
    let old = f.ledger.list_projects(&Default::default()).unwrap().rows;
    let renamed = old
        .iter()
        .find(|r| r.name.contains("碳纤维"))
        .unwrap()
        .clone();
    let before = f.ledger.project(&renamed.id).unwrap();
    let input = ProjectInput {
        name: "改名后的项目".into(),
        company_id: before.company_id.clone(),
        total_investment: before.total_investment,
        team_id: before.team_id.clone(),
        officer_id: before.officer_id.clone(),
        ..Default::default()
    };
    f.ledger.update_project(&renamed.id, &input).unwrap();
    // The company renamed: its projects are found by the new name only.
    f.ledger
        .update_company(
            &c.id,
            &CompanyInput {
                name: "新名企业ABC".into(),
                origin_code: Some("110108".into()),
                ..Default::default()
            },
        )
        .unwrap();
    // A project deleted for good (the index follows the row) and one only marked deleted.
    let gone = old.iter().find(|r| r.id != renamed.id).unwrap().clone();
    f.ledger
        .connection()
        .execute("DELETE FROM projects WHERE id = ?1", [&gone.id])
        .map(|_| ())
        .or_else(|_| f.ledger.delete_project(&gone.id))
        .unwrap();
    let conn = f.ledger.connection();
    for term in ["碳纤维", "改名后", "无关企业", "新名企业abc", "名企", "Abc"] {
        let filter = ProjectFilter {
            search: Some(term.into()),
            ..Default::default()
        };
        let got = projects::list(conn, &filter).unwrap();
        assert_eq!(got, reference_list(conn, &filter), "「{term}」");
        let ids: Vec<&str> = got.rows.iter().map(|r| r.id.as_str()).collect();
        assert!(!ids.contains(&gone.id.as_str()), "「{term}」");
        match term {
            "碳纤维" => {
                assert!(ids.contains(&p.id.as_str()));
                assert!(!ids.contains(&renamed.id.as_str()));
            }
            "改名后" => assert_eq!(ids, [renamed.id.as_str()]),
            "无关企业" => assert!(ids.is_empty()),
            "新名企业abc" | "名企" => assert_eq!(ids, [p.id.as_str()]),
            _ => assert!(ids.contains(&p.id.as_str())),
        }
    }
}

#[test]
fn filters_and_sorts_equal_the_rows_read_whole() {
    let f = ledger();
    let conn = f.ledger.connection();
    let scopes = [
        Scope::default(),
        Scope {
            region_group_ids: vec![f.jjj.clone()],
            ..Scope::default()
        },
        Scope {
            region_group_ids: vec![f.jjj.clone(), f.yrd.clone()],
            ..Scope::default()
        },
    ];
    let stages = [
        vec![],
        vec![Stage::Negotiating, Stage::Signed],
        vec![Stage::Lead],
    ];
    let tiers = [
        vec![],
        vec![Tier::Over1Yi],
        vec![Tier::Under5000Wan, Tier::Over10Yi],
    ];
    let sorts = [
        ProjectSort::TotalInvestment,
        ProjectSort::UpdatedAt,
        ProjectSort::Stage,
        ProjectSort::SignedOn,
    ];
    let mut nonempty = 0;
    for scope in &scopes {
        for st in &stages {
            for ti in &tiers {
                for search in [None, Some("碳纤维")] {
                    for sort in sorts {
                        let filter = ProjectFilter {
                            scope: scope.clone(),
                            stages: st.clone(),
                            tiers: ti.clone(),
                            search: search.map(str::to_string),
                            sort,
                            descending: sort == ProjectSort::TotalInvestment,
                            limit: 15,
                            offset: 5,
                            ..Default::default()
                        };
                        let want = reference_list(conn, &filter);
                        assert_eq!(f.ledger.list_projects(&filter).unwrap(), want, "{filter:?}");
                        nonempty += !want.rows.is_empty() as u32;
                    }
                }
            }
        }
    }
    assert!(nonempty > 100, "{nonempty}");
    // The page and the totals of a region group and stages come from the list index.
    let p = plan(
        conn,
        &ProjectFilter {
            scope: scopes[1].clone(),
            stages: stages[1].clone(),
            ..Default::default()
        },
    );
    assert!(p.contains("projects_list_region"), "{p}");
    // A read of whole live rows reads the table, not a list index row by row.
    let p = conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT id, name, content FROM projects WHERE deleted_at IS NULL",
            [],
            |r| r.get::<_, String>(3),
        )
        .unwrap();
    assert_eq!(p, "SCAN projects");
}

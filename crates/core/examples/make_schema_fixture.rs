//! Writes the schema fixture of the current schema version: a small ledger made through the
//! real `Ledger` API, as one self-contained file (rollback journal, vacuumed).
//!
//! `cargo run -p zhaoshang-core --example make_schema_fixture -- tests/fixtures/schema-v1.sqlite3`
//!
//! `crates/core/tests/backup.rs` (`every_schema_fixture_opens_with_its_data`) opens a copy of
//! every `tests/fixtures/schema-v*.sqlite3` with the current code and checks this data. When a
//! release changes the schema, run this with the new version's number and keep the old files.

use chrono::NaiveDate;
use zhaoshang_core::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn stage(to: Stage, on: NaiveDate) -> StageChangeInput {
    StageChangeInput {
        to_stage: to,
        changed_on: on,
        construction_kind: None,
        added_investment: 0,
        officer_id: None,
        note: None,
        date_unknown: false,
    }
}

fn main() -> Result<()> {
    let out = std::env::args()
        .nth(1)
        .expect("usage: make_schema_fixture <out.sqlite3>");
    let out = std::path::PathBuf::from(out);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ledger.sqlite3");
    {
        let mut l = Ledger::open(&path)?;
        l.set_today(Some(d(2022, 6, 30)));
        l.set_office_name(Some("夹具县投资促进中心"))?;
        let team = l.create_team("招商一组")?;
        let officer = l.create_officer(&OfficerInput {
            name: "王磊".into(),
            team_id: Some(team.id.clone()),
            ..Default::default()
        })?;
        let company = |l: &mut Ledger, name: &str, origin: &str| {
            l.create_company(&CompanyInput {
                name: name.into(),
                origin_code: Some(origin.into()),
                ..Default::default()
            })
        };
        let project = |l: &mut Ledger, name: &str, company: &str, yuan: i64, on| {
            l.create_project(&NewProject {
                project: ProjectInput {
                    name: name.into(),
                    company_id: Some(company.to_string()),
                    total_investment: yuan,
                    team_id: Some(team.id.clone()),
                    officer_id: Some(officer.id.clone()),
                    ..Default::default()
                },
                first_stage: Stage::Lead,
                first_stage_on: on,
                first_stage_date_unknown: false,
            })
        };
        let c1 = company(&mut l, "遵化夹具精密铸造有限公司", "130281")?;
        let c2 = company(&mut l, "上海夹具冷链物流有限公司", "310115")?;
        let c3 = company(&mut l, "苏州夹具新能源有限公司", "320505")?;
        let p1 = project(
            &mut l,
            "夹具·年产10万吨精密铸件",
            &c1.id,
            5 * YI,
            d(2022, 1, 10),
        )?;
        l.record_stage_change(&p1.id, &stage(Stage::Negotiating, d(2022, 2, 15)))?;
        l.record_stage_change(&p1.id, &stage(Stage::Signed, d(2022, 4, 20)))?;
        project(
            &mut l,
            "夹具·冷链物流园",
            &c2.id,
            3000 * 10_000,
            d(2022, 3, 1),
        )?;
        let p3 = project(&mut l, "夹具·新能源电池", &c3.id, YI, d(2022, 3, 5))?;
        l.delete_project(&p3.id)?;
        l.create_activity(&ActivityInput {
            kind: ActivityKind::OutboundTrip,
            occurred_on: d(2022, 2, 15),
            place: Some("唐山".into()),
            destination_code: Some("130281".into()),
            summary: Some("赴遵化对接精密铸件项目".into()),
            follow_up_on: None,
            officer_ids: vec![officer.id.clone()],
            company_ids: vec![c1.id.clone()],
            project_ids: vec![p1.id.clone()],
            trip: Default::default(),
        })?;
    }
    // One self-contained file: no -wal beside it, compact.
    let conn = rusqlite::Connection::open(&path)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.execute_batch("VACUUM")?;
    drop(conn);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(&path, &out)?;
    println!(
        "{}: schema v{}, {} bytes",
        out.display(),
        storage::db::SCHEMA_VERSION,
        std::fs::metadata(&out)?.len()
    );
    Ok(())
}

//! Helpers shared by the import and export tests (`import_*.rs`): projects and companies of a
//! ledger by name, a plan's row, and a zip archive made from parts.
#![allow(dead_code)]

use std::io::Write;

use zhaoshang_core::*;

pub fn all_projects(l: &Ledger) -> Vec<Project> {
    let page = l
        .list_projects(&ProjectFilter {
            limit: 1000,
            sort: ProjectSort::Name,
            ..Default::default()
        })
        .unwrap();
    page.rows
        .iter()
        .map(|r| l.project(&r.id).unwrap())
        .collect()
}

pub fn by_name<'a>(ps: &'a [Project], name: &str) -> &'a Project {
    ps.iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no project {name}"))
}

pub fn companies(l: &Ledger) -> Vec<Company> {
    let mut stmt = l
        .connection()
        .prepare("SELECT id FROM companies WHERE deleted_at IS NULL ORDER BY name")
        .unwrap();
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ids.iter().map(|id| l.company(id).unwrap()).collect()
}

pub fn company<'a>(cs: &'a [Company], name: &str) -> &'a Company {
    cs.iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no company {name}: {cs:#?}"))
}

pub fn row(plan: &io::import::ImportPlan, n: u32) -> &io::import::PlanRow {
    plan.rows
        .iter()
        .find(|r| r.row == n)
        .unwrap_or_else(|| panic!("no row {n}: {:#?}", plan.rows))
}

pub fn zip_with(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

//! One row's cells parsed into a project's fields (`Parsed`), and the rows that are no project
//! at all (totals, group titles, repeated headers, blank names).

use chrono::NaiveDate;

use super::lookups::Ctx;
use crate::io::import::header::Field;
use crate::io::import::parse::{self, Cell, MoneyUnit};
use crate::io::import::read::Row;
use crate::model::*;

/// The fields of one row, parsed.
#[derive(Default)]
pub(super) struct Parsed {
    pub(super) name: String,
    pub(super) company: Option<String>,
    pub(super) credit_code: Option<String>,
    pub(super) investment: Option<i64>,
    pub(super) industry: Option<String>,
    pub(super) origin: Option<String>,
    pub(super) region_group: Option<String>,
    pub(super) stage: Option<(Stage, Option<ConstructionKind>)>,
    pub(super) registered_on: Option<NaiveDate>,
    pub(super) signed_on: Option<NaiveDate>,
    pub(super) started_on: Option<NaiveDate>,
    pub(super) operating_on: Option<NaiveDate>,
    pub(super) stage_on: Option<NaiveDate>,
    pub(super) construction_kind: Option<ConstructionKind>,
    pub(super) park: Option<String>,
    pub(super) team: Option<String>,
    pub(super) officer: Option<String>,
    pub(super) sponsor: Option<String>,
    pub(super) responsible_unit: Option<String>,
    pub(super) content: Option<String>,
    pub(super) coordination_issues: Option<String>,
    pub(super) next_step: Option<String>,
    pub(super) notes: Option<String>,
    pub(super) contact_person: Option<String>,
    pub(super) contact_phone: Option<String>,
    pub(super) key_project: Option<bool>,
    pub(super) enclave: Option<bool>,
    pub(super) relocation: Option<bool>,
    pub(super) high_energy: Option<bool>,
    /// The year's 年度计划投资, 完成投资 (cumulative at the header's month) and 形象进度.
    pub(super) planned_investment: Option<i64>,
    pub(super) completed_investment: Option<i64>,
    pub(super) progress: Option<String>,
}

fn first_name(text: &str) -> String {
    text.split(['、', ',', '，', '/', ';', '；', ' '])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .to_string()
}

impl Ctx<'_> {
    pub(super) fn parse(&self, row: &Row) -> std::result::Result<Parsed, String> {
        let mut errors: Vec<String> = Vec::new();
        let mut p = Parsed {
            name: self.text(row, Field::ProjectName).unwrap_or_default(),
            company: self.text(row, Field::CompanyName),
            industry: self.text(row, Field::Industry),
            origin: self.text(row, Field::Origin),
            region_group: self.text(row, Field::RegionGroup),
            park: self.text(row, Field::Park),
            team: self.text(row, Field::Team).map(|t| first_name(&t)),
            officer: self.text(row, Field::Officer).map(|t| first_name(&t)),
            sponsor: self.text(row, Field::Sponsor).map(|t| first_name(&t)),
            responsible_unit: self.text(row, Field::ResponsibleUnit),
            content: self.text(row, Field::Content),
            coordination_issues: self.text(row, Field::CoordinationIssues),
            next_step: self.text(row, Field::NextStep),
            notes: self.text(row, Field::Notes),
            contact_person: self.text(row, Field::ContactPerson),
            contact_phone: self.text(row, Field::ContactPhone),
            ..Default::default()
        };
        // Markup is never data: a file read as the wrong kind must not give a project named
        // `<Worksheet ss:Name="…">` (issue 18).
        for (label, text) in [("项目名称", Some(&p.name)), ("投资方", p.company.as_ref())] {
            if let Some(tag) = text.and_then(|t| parse::markup_in(t)) {
                errors.push(format!(
                    "{label}中有网页/XML 标记“{tag}”，文件可能被错误读取"
                ));
            }
        }
        if let Some(code) = self.text(row, Field::CreditCode) {
            match crate::companies::credit_code::normalize(&code) {
                Ok(c) => p.credit_code = Some(c),
                Err(e) => errors.push(e.to_string().trim_end_matches('。').to_string()),
            }
        }
        if let Some(col) = self.head.column(Field::TotalInvestment) {
            let unit = col.unit.unwrap_or(MoneyUnit::Wan);
            match parse::parse_amount(row.get(col.column as usize), unit) {
                Ok(v) => p.investment = v,
                Err(e) => errors.push(format!("总投资：{e}")),
            }
        }
        p.progress = self.text(row, Field::Progress);
        for (field, slot) in [
            (Field::PlannedInvestment, &mut p.planned_investment),
            (Field::CompletedInvestment, &mut p.completed_investment),
        ] {
            if let Some(col) = self.head.column(field) {
                match parse::parse_amount(
                    row.get(col.column as usize),
                    col.unit.unwrap_or(MoneyUnit::Wan),
                ) {
                    Ok(v) => *slot = v,
                    Err(e) => errors.push(format!("{}：{e}", col.header)),
                }
            }
        }
        if let Some(t) = self.text(row, Field::Stage) {
            match parse::parse_stage(&t) {
                Ok(s) => p.stage = s,
                Err(e) => errors.push(e),
            }
        }
        if let Some(t) = self.text(row, Field::ConstructionKind) {
            p.construction_kind = ConstructionKind::parse(&t).or(match t.as_str() {
                "新开工" => Some(ConstructionKind::New),
                _ => None,
            });
            if p.construction_kind.is_none() {
                errors.push(format!("开工类型“{t}”无法识别（可填：新建、续建、复工）"));
            }
        }
        for (field, slot) in [
            (Field::RegisteredOn, &mut p.registered_on),
            (Field::SignedOn, &mut p.signed_on),
            (Field::StartedOn, &mut p.started_on),
            (Field::OperatingOn, &mut p.operating_on),
            (Field::StageOn, &mut p.stage_on),
        ] {
            if let Some(c) = self.cell(row, field) {
                match parse::parse_date(c) {
                    Ok(d) => *slot = d,
                    Err(e) => errors.push(format!("{}：{e}", field.label())),
                }
            }
        }
        for (field, slot) in [
            (Field::KeyProject, &mut p.key_project),
            (Field::Enclave, &mut p.enclave),
            (Field::Relocation, &mut p.relocation),
            (Field::HighEnergy, &mut p.high_energy),
        ] {
            if let Some(col) = self.head.column(field) {
                match parse::parse_flag(row.get(col.column as usize)) {
                    Ok(b) => *slot = Some(b),
                    Err(e) => errors.push(format!("{}：{e}", field.label())),
                }
            }
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors.join("；"))
        }
    }

    /// Rows that are not projects: totals, group titles, repeated headers, blank names.
    pub(super) fn skip_reason(&self, row: &Row, name: &str) -> Option<String> {
        if name.is_empty() {
            return Some("未填项目名称".into());
        }
        let n: String = crate::companies::names::t2s(name)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if ["合计", "总计", "小计", "汇总"]
            .iter()
            .any(|w| n.starts_with(w))
        {
            return Some("合计行".into());
        }
        if Field::ProjectName.aliases().contains(&n.as_str()) {
            return Some("重复的表头行".into());
        }
        let texts: Vec<String> = row
            .cells
            .iter()
            .filter(|c| !c.is_empty())
            .map(Cell::text)
            .collect();
        if texts.len() >= 2 && texts.iter().all(|t| *t == texts[0]) {
            return Some("分组标题行".into());
        }
        None
    }
}

//! 企业名录 / 企业库: sheets of companies (企业名称, 统一社会信用代码, 所属产业/行业,
//! 来源地/注册地/所在地, 联系人, 联系电话, 备注 …, no 项目名称), imported as companies with the
//! same row-by-row plan, savepoints and all-or-nothing rule as project ledgers.
//!
//! Each row goes through the project importer's own company matching (`apply::CompanyRows`:
//! credit code first, then normalized name; an existing company's empty fields are filled) and
//! so through the same write path (`companies::create_unread` / `companies::update`, with their
//! change-log entries). Before that, a row is skipped with its reason when its credit code is
//! invalid (check character), its 来源地 is not a known region, or it repeats an earlier row of
//! the file. Importing the same file twice creates nothing the second time.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::apply::CompanyRows;
use super::header::{self, field_for_header, normalize_header, Field, Header};
use super::parse::{parse_amount, MoneyUnit};
use super::places::{Place, Places};
use super::plan::{ImportPlan, PlanCounts, PlanRow, RowAction, SheetKind};
use super::read::{Row, Sheet};
use crate::companies::names::Normalizer;
use crate::error::Result;

/// The fields a company directory's columns can be mapped to (the mapping editor's choices).
pub const FIELDS: &[Field] = &[
    Field::Serial,
    Field::CompanyName,
    Field::CreditCode,
    Field::Industry,
    Field::Origin,
    Field::ContactPerson,
    Field::ContactPhone,
    Field::Notes,
    Field::LegalRepresentative,
    Field::RegisteredCapital,
    Field::Address,
    Field::BusinessScope,
];

/// Column names of company directories that a project ledger does not use.
const ALIASES: &[(Field, &[&str])] = &[
    (
        Field::CompanyName,
        &[
            "企业名称",
            "企业",
            "名称",
            "公司名称",
            "公司",
            "单位名称",
            "企业全称",
            "企业名",
            "市场主体名称",
            "客商名称",
        ],
    ),
    (
        Field::Origin,
        &[
            "注册地",
            "所在地",
            "所在地区",
            "注册地区",
            "企业注册地",
            "所属地区",
            "地区",
            "来源地",
        ],
    ),
    (
        Field::Industry,
        &[
            "行业",
            "所属行业",
            "产业",
            "所属产业",
            "行业类别",
            "行业分类",
        ],
    ),
    (
        Field::ContactPerson,
        &["联系人", "企业联系人", "联系人姓名"],
    ),
    (
        Field::LegalRepresentative,
        &[
            "法定代表人",
            "法人",
            "法人代表",
            "法定代表人姓名",
            "法人姓名",
            "法定代表人/负责人",
        ],
    ),
    (
        Field::RegisteredCapital,
        &[
            "注册资本",
            "注册资金",
            "注册资本金",
            "认缴资本",
            "认缴注册资本",
        ],
    ),
    (
        Field::Address,
        &[
            "地址",
            "注册地址",
            "企业地址",
            "住所",
            "企业住所",
            "住所地",
            "公司地址",
            "经营地址",
            "办公地址",
            "通讯地址",
            "联系地址",
        ],
    ),
    (
        Field::BusinessScope,
        &["经营范围", "主要经营范围", "许可经营范围", "一般经营范围"],
    ),
];

/// A project ledger's own columns: a header naming any of them is not a company directory.
const PROJECT_FIELDS: &[Field] = &[
    Field::ProjectName,
    Field::TotalInvestment,
    Field::Stage,
    Field::SignedOn,
    Field::StartedOn,
    Field::OperatingOn,
];

/// The company field a header names, if any.
pub fn field_for(text: &str) -> Option<Field> {
    let h = normalize_header(text);
    let last = h.rsplit('/').next().unwrap_or(&h).to_string();
    // 注册资本(万元), 地址（注册地）: the name before a bracketed unit or note counts too.
    let bare = last
        .split(['(', '[', '【'])
        .next()
        .unwrap_or(&last)
        .to_string();
    if let Some((f, _)) = ALIASES.iter().find(|(_, names)| {
        names.contains(&last.as_str())
            || names.contains(&h.as_str())
            || names.contains(&bare.as_str())
    }) {
        return Some(*f);
    }
    field_for_header(text).filter(|f| FIELDS.contains(f))
}

/// The header's columns mapped as a company directory's (one column per field, the first
/// keeps it).
pub(crate) fn remap(mut head: Header) -> Header {
    let mut seen = Vec::new();
    for col in &mut head.columns {
        col.unit = None;
        col.field = field_for(&col.header).filter(|f| !seen.contains(f));
        if let Some(f) = col.field {
            seen.push(f);
        }
    }
    head
}

/// The header at row `i` alone (a sheet the user says is a company directory whose header the
/// usual detection does not find).
pub fn header_at(sheet: &Sheet, i: usize) -> Header {
    let columns = header::unmapped_columns(sheet, i);
    remap(Header {
        data_start: i + 1,
        header_rows: vec![sheet.rows[i].number],
        columns,
    })
}

/// How a company directory names its columns (its header found like a project ledger's).
pub(crate) const VOCABULARY: header::Vocabulary = header::Vocabulary {
    field: field_for,
    anchor: Field::CompanyName,
    bonus: None,
    not_found: |sheet, scan| {
        format!(
            "工作表“{sheet}”的前{scan}行中找不到企业名录的表头（应含“企业名称”“统一社会信用代码”“联系人”等列名）。"
        )
    },
};

/// A company directory's header: found like a project ledger's (titles above, merged header
/// rows), it names 企业名称 or 统一社会信用代码 and at least three company columns, and none
/// of a project ledger's own columns (项目名称, 总投资, 项目进展, 签约/开工/投产时间).
pub fn detect(sheet: &Sheet) -> Option<Header> {
    let head = header::detect_with(sheet, &VOCABULARY, 3).ok()?;
    if is_project_ledger(&head) {
        return None;
    }
    qualify(head)
}

fn is_project_ledger(head: &Header) -> bool {
    head.columns
        .iter()
        .any(|c| field_for_header(&c.header).is_some_and(|f| PROJECT_FIELDS.contains(&f)))
}

/// A directory's header names 企业名称 or 统一社会信用代码 and three company columns.
fn qualify(head: Header) -> Option<Header> {
    let named = |f: Field| head.column(f).is_some();
    let company_columns = FIELDS
        .iter()
        .filter(|f| **f != Field::Serial && named(**f))
        .count();
    ((named(Field::CompanyName) || named(Field::CreditCode)) && company_columns >= 3)
        .then_some(head)
}

/// The header of a sheet the user says is a company directory: found the same way, naming at
/// least one company column, else the first row with two filled cells (its columns then mapped
/// by the user).
pub fn detect_as_companies(sheet: &Sheet) -> std::result::Result<Header, String> {
    header::detect_chosen(sheet, &VOCABULARY)
}

/// A field's name in a company directory (企业名称, not a project ledger's 投资方).
pub(crate) fn label(f: Field) -> &'static str {
    match f {
        Field::CompanyName => "企业名称",
        Field::ContactPerson => "联系人",
        other => other.label(),
    }
}

fn text(head: &Header, row: &Row, field: Field) -> Option<String> {
    head.column(field)
        .map(|c| row.get(c.column as usize).text().trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Dry run or import of a company directory, inside the caller's transaction.
pub fn run(
    conn: &Connection,
    today: NaiveDate,
    sheet: &Sheet,
    head: &Header,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ImportPlan> {
    conn.set_prepared_statement_cache_capacity(256);
    let mut matcher = CompanyRows::new(conn, today, head)?;
    let places = Places::load(conn)?;
    let norm = Normalizer::from_divisions(conn)?;
    let mut counts = PlanCounts::default();
    // Credit codes and name keys seen in this file → (row, its credit code).
    let mut seen_codes: HashMap<String, u32> = HashMap::new();
    let mut seen_keys: HashMap<String, (u32, Option<String>)> = HashMap::new();
    let data = &sheet.rows[head.data_start.min(sheet.rows.len())..];
    let total = data.len() as u32;
    let mut rows = Vec::with_capacity(data.len());
    for (i, row) in data.iter().enumerate() {
        let name = text(head, row, Field::CompanyName);
        let plan = |action, message: String| PlanRow {
            row: row.number,
            action,
            project_name: None,
            company_name: name.clone(),
            message,
            project_id: None,
        };
        let planned = match checks(head, row, &name, &places) {
            Err((action, message)) => plan(action, message),
            Ok((name, code)) => {
                let key = norm.key(&name);
                let earlier = code
                    .as_ref()
                    .and_then(|c| seen_codes.get(c).copied())
                    .or_else(|| {
                        seen_keys
                            .get(&key)
                            .filter(|(_, c)| c.is_none() || code.is_none() || *c == code)
                            .map(|(r, _)| *r)
                    });
                if let Some(r) = earlier {
                    plan(RowAction::Skip, format!("与第{r}行是同一家企业，重复的行"))
                } else {
                    if let Some(c) = &code {
                        seen_codes.insert(c.clone(), row.number);
                    }
                    seen_keys.entry(key).or_insert((row.number, code.clone()));
                    super::row_savepoint::open(conn)?;
                    match company_row(conn, &mut matcher, head, row) {
                        Ok((action, message, added)) => {
                            super::row_savepoint::keep(conn)?;
                            counts.companies_created += added.companies_created;
                            counts.companies_updated += added.companies_updated;
                            plan(action, message)
                        }
                        Err(message) => {
                            super::row_savepoint::roll_back(conn)?;
                            plan(RowAction::Error, message)
                        }
                    }
                }
            }
        };
        counts.count(planned.action);
        rows.push(planned);
        if i % 500 == 0 || i + 1 == data.len() {
            progress(i as u32 + 1, total);
        }
    }
    let mapped: Vec<String> = head
        .columns
        .iter()
        .filter_map(|c| {
            c.field
                .map(|f| format!("第{}列“{}”→{}", c.column + 1, c.header, label(f)))
        })
        .collect();
    let mut warnings = vec![format!(
        "按企业名录导入（每行一家企业），读取{}。",
        mapped.join("、")
    )];
    warnings.extend(header::ignored_columns_warning(&head.columns));
    if head.column(Field::CompanyName).is_none() {
        warnings.push("没有对应“企业名称”的列，请在列对应中指定。".into());
    }
    Ok(ImportPlan::of_sheet(
        sheet,
        head,
        SheetKind::Companies,
        rows,
        counts,
        warnings,
        FIELDS.to_vec(),
    ))
}

/// The row's name and credit code, or why it is skipped (blank, a total, a repeated header, an
/// invalid credit code, an unknown region) or cannot be imported (no name).
fn checks(
    head: &Header,
    row: &Row,
    name: &Option<String>,
    places: &Places,
) -> std::result::Result<(String, Option<String>), (RowAction, String)> {
    let skip = |m: String| Err((RowAction::Skip, m));
    let filled: Vec<String> = row
        .cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.text())
        .collect();
    if filled.is_empty() {
        return skip("空行".into());
    }
    if filled.iter().any(|t| {
        let t = t.trim();
        ["合计", "总计", "小计"].iter().any(|w| t.starts_with(w))
    }) {
        return skip("合计行".into());
    }
    let Some(name) = name.clone() else {
        if filled.len() == 1 {
            return skip(format!("分组行“{}”", filled[0].trim()));
        }
        return Err((RowAction::Error, "未填企业名称".into()));
    };
    let header = head
        .column(Field::CompanyName)
        .map(|c| normalize_header(&c.header));
    let n = normalize_header(&name);
    if header.as_deref() == Some(n.as_str())
        || ALIASES[0].1.contains(&n.as_str())
        || Field::CompanyName.aliases().contains(&n.as_str())
    {
        return skip("重复的表头行".into());
    }
    let code = match text(head, row, Field::CreditCode) {
        Some(c) => match crate::companies::credit_code::normalize(&c) {
            Ok(c) => Some(c),
            Err(e) => {
                return skip(format!(
                    "{}；未导入此行",
                    e.to_string().trim_end_matches('。')
                ))
            }
        },
        None => None,
    };
    if let Some(origin) = text(head, row, Field::Origin) {
        match places.resolve(&origin) {
            Place::Code(_) | Place::Overseas => {}
            Place::Ambiguous(_) => {
                return skip(format!(
                    "来源地“{origin}”有多个同名地区，请写明省市；未导入此行"
                ))
            }
            Place::Unknown => return skip(format!("来源地“{origin}”不是已知的地区；未导入此行")),
        }
    }
    Ok((name, code))
}

/// One company row: found or created by the importer's company matching, its empty fields
/// filled (备注, 法定代表人, 注册资本, 地址, 经营范围 too). (action, message, counts of companies
/// created and updated).
///
/// A 注册资本 that cannot be read (a foreign currency such as 500万美元, a typo) does not stop
/// the row: the company is imported without it and the row's message says why, so the officer
/// can convert it and type it in the 企业库 (the ledger keeps amounts in 元 of 人民币 only).
fn company_row(
    conn: &Connection,
    matcher: &mut CompanyRows,
    head: &Header,
    row: &Row,
) -> std::result::Result<(RowAction, String, PlanCounts), String> {
    let (id, mut notes, mut added) = matcher.company(row)?;
    let Some(id) = id else {
        return Err("未填企业名称".into());
    };
    let mut capital_note = None;
    let capital = match head.column(Field::RegisteredCapital) {
        Some(col) => {
            let unit = col
                .unit
                .unwrap_or_else(|| MoneyUnit::from_header(&col.header));
            match parse_amount(row.get(col.column as usize), unit) {
                Ok(v) => v,
                Err(why) => {
                    capital_note = Some(format!(
                        "注册资本未填入：{}",
                        why.replace("金额", "注册资本")
                    ));
                    None
                }
            }
        }
        None => None,
    };
    let c = crate::companies::get(conn, &id).map_err(|e| e.to_string())?;
    let mut input = c.to_input();
    let mut filled = Vec::new();
    let mut fill = |slot: &mut Option<String>, field: Field, what: &'static str| {
        if slot.is_none() {
            if let Some(v) = text(head, row, field) {
                *slot = Some(v);
                filled.push(what);
            }
        }
    };
    fill(&mut input.notes, Field::Notes, "备注");
    fill(
        &mut input.legal_representative,
        Field::LegalRepresentative,
        "法定代表人",
    );
    fill(&mut input.address, Field::Address, "地址");
    fill(&mut input.business_scope, Field::BusinessScope, "经营范围");
    if input.registered_capital.is_none() && capital.is_some() {
        input.registered_capital = capital;
        filled.push("注册资本");
    }
    if !filled.is_empty() {
        crate::companies::update(conn, &id, &input).map_err(|e| match e {
            crate::error::Error::Validation { message, .. } => message,
            other => other.to_string(),
        })?;
        if added.companies_created == 0 {
            if added.companies_updated == 0 {
                notes.push(format!("企业“{}”补充{}", c.name, filled.join("、")));
                added.companies_updated += 1;
            } else if let Some(n) = notes.iter_mut().find(|n| n.contains("补充")) {
                n.push('、');
                n.push_str(&filled.join("、"));
            }
        }
    }
    notes.extend(capital_note);
    let action = if added.companies_created > 0 {
        RowAction::Create
    } else if added.companies_updated > 0 {
        RowAction::Update
    } else {
        notes.insert(0, "与台账中的企业一致".into());
        RowAction::Unchanged
    };
    Ok((action, notes.join("；"), added))
}

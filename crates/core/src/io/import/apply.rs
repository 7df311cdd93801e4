//! The row engine: turns each data row into writes through the table modules, inside the
//! caller's transaction. Asked for it, every row runs in its own SAVEPOINT so that a failing
//! row is rolled back alone and reported (the caller then commits, or refuses the whole file);
//! without, the first failing row stops the run and the caller starts again with them.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::header::{Field, Header};
use super::parse::{self, Cell, MoneyUnit};
use super::plan::{ImportPlan, PlanCounts, PlanRow, RowAction, SheetKind};
use super::read::{Row, Sheet};
use crate::companies::names::{fold, short_place, Normalizer};
use crate::error::{Error, Result};
use crate::model::*;
use crate::util::zh_date;
use crate::{companies, projects, projects::stage_changes, reference::officers, reference::teams};

/// Place names of the division list, for 来源地 text (北京海淀, 河北省唐山市, 苏州).
pub struct Places {
    by_name: HashMap<String, Vec<usize>>,
    /// (code, level, full name) by index.
    divisions: Vec<(String, u8, String)>,
    index: HashMap<String, usize>,
    max_len: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Code(String),
    Overseas,
    Ambiguous(Vec<String>),
    Unknown,
}

const ABROAD: &[&str] = &[
    "境外",
    "国外",
    "海外",
    "美国",
    "日本",
    "韩国",
    "德国",
    "英国",
    "法国",
    "意大利",
    "加拿大",
    "澳大利亚",
    "新加坡",
    "以色列",
    "荷兰",
    "瑞士",
    "瑞典",
    "泰国",
    "马来西亚",
    "俄罗斯",
    "印度",
    "越南",
    "西班牙",
    "比利时",
    "丹麦",
    "芬兰",
    "奥地利",
    "新西兰",
    "阿联酋",
    "沙特",
];

impl Places {
    pub fn load(conn: &Connection) -> Result<Places> {
        let mut stmt = conn.prepare("SELECT code, name, level FROM divisions ORDER BY code")?;
        let rows: Vec<(String, String, u8)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut p = Places {
            by_name: HashMap::new(),
            divisions: Vec::new(),
            index: HashMap::new(),
            max_len: 0,
        };
        for (i, (code, name, level)) in rows.into_iter().enumerate() {
            let short = short_place(&name);
            for n in [name.clone(), short] {
                p.max_len = p.max_len.max(n.chars().count());
                let list = p.by_name.entry(n).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
            p.index.insert(code.clone(), i);
            p.divisions.push((code, level, name));
        }
        Ok(p)
    }

    pub fn resolve(&self, text: &str) -> Place {
        let t: Vec<char> = fold(text)
            .chars()
            .filter(|c| !matches!(c, '-' | '/' | '·' | ','))
            .collect();
        if t.is_empty() {
            return Place::Unknown;
        }
        let joined: String = t.iter().collect();
        let mut found: Vec<usize> = Vec::new();
        for i in 0..t.len() {
            for len in 2..=self.max_len.min(t.len() - i) {
                let s: String = t[i..i + len].iter().collect();
                if let Some(list) = self.by_name.get(&s) {
                    for &d in list {
                        if !found.contains(&d) {
                            found.push(d);
                        }
                    }
                }
            }
        }
        if found.is_empty() {
            if ABROAD.iter().any(|a| joined.contains(a)) {
                return Place::Overseas;
            }
            return Place::Unknown;
        }
        let ancestor = |code: &str, len: usize| -> Option<usize> {
            let a = format!("{}{}", &code[..len], "0".repeat(6 - len));
            (a != code).then(|| self.index.get(&a).copied()).flatten()
        };
        let score = |d: usize| -> usize {
            let (code, level, name) = &self.divisions[d];
            // Its own full name written out beats a short name shared with its city (朝阳县
            // in 朝阳市凌源市).
            let mut s = *level as usize + if joined.contains(name.as_str()) { 5 } else { 0 };
            for len in [2, 4] {
                if let Some(a) = ancestor(code, len) {
                    if found.contains(&a) {
                        s += 10;
                    }
                }
            }
            s
        };
        let best = found.iter().map(|&d| score(d)).max().unwrap_or(0);
        let top: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&d| score(d) == best)
            .collect();
        if top.len() == 1 {
            Place::Code(self.divisions[top[0]].0.clone())
        } else {
            Place::Ambiguous(top.iter().map(|&d| self.divisions[d].0.clone()).collect())
        }
    }
}

/// Lookups built once per import and grown as rows create records.
struct Ctx<'a> {
    conn: &'a Connection,
    today: NaiveDate,
    head: &'a Header,
    places: Places,
    norm: Normalizer,
    company_by_code: HashMap<String, String>,
    company_by_key: HashMap<String, String>,
    project_by_key: HashMap<(String, Option<String>), String>,
    officer_by_name: HashMap<String, String>,
    team_by_name: HashMap<String, String>,
    industries: Vec<(String, String)>,
    region_groups: Vec<(String, String)>,
    /// Project keys seen in this file → the row that had them.
    seen: HashMap<(String, Option<String>), u32>,
    counts: PlanCounts,
    /// 产业 and 来源地 texts already resolved (a ledger repeats a few dozen of each): the
    /// answer and the note it gives. Neither list changes during an import.
    industry_of: Resolved<Option<String>>,
    origin_of: Resolved<(Option<String>, bool)>,
    /// Region groups derived per company origin (no import changes groups or settings).
    derived_groups: projects::DerivedRegionGroups,
}

/// Cell texts resolved once: text → the answer and the note it adds to the row's message.
type Resolved<T> = RefCell<HashMap<String, (T, Option<String>)>>;

/// What a row adds to the lookups, undone when the row fails.
#[derive(Default)]
struct Added {
    company_codes: Vec<String>,
    company_keys: Vec<String>,
    project_keys: Vec<(String, Option<String>)>,
    officers: Vec<String>,
    teams: Vec<String>,
    counts: PlanCounts,
}

fn stage_input(e: &Event) -> StageChangeInput {
    StageChangeInput {
        to_stage: e.stage,
        changed_on: e.on,
        construction_kind: if e.stage == Stage::Started {
            e.kind
        } else {
            None
        },
        added_investment: 0,
        officer_id: None,
        note: e.note.clone(),
    }
}

fn project_key(name: &str) -> String {
    fold(name)
}

/// Writes a project ledger's rows. With `per_row_savepoints` false no row has a savepoint of
/// its own (a savepoint journals every page its row touches: a fifth of a large import's
/// time), and `None` means a row failed: the caller rolls the whole transaction back and runs
/// again with them, so that a bad row leaves no trace while the good rows are kept.
pub fn run(
    conn: &Connection,
    today: NaiveDate,
    sheet: &Sheet,
    head: &Header,
    per_row_savepoints: bool,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Option<ImportPlan>> {
    // One row runs some forty statements through the table modules: keep them all prepared
    // (the default cache of 16 would re-prepare most of them on every row).
    conn.set_prepared_statement_cache_capacity(256);
    let ctx = Ctx::new(conn, today, head)?;
    let mut warnings = Vec::new();
    if head.column(Field::ProjectName).is_none() {
        return Err(Error::Validation {
            field: None,
            message: "没有找到“项目名称”列：请在列对应关系中指定哪一列是项目名称。未导入任何数据。"
                .into(),
        });
    }
    warnings.extend(super::header::ignored_columns_warning(&head.columns));
    let data = &sheet.rows[head.data_start.min(sheet.rows.len())..];
    // (Not one savepoint around the rows either: it cost another 0.5 s at 100k rows.)
    let Some((rows, ctx)) = write_rows(conn, ctx, data, per_row_savepoints, progress)? else {
        return Ok(None);
    };
    Ok(Some(ImportPlan::of_sheet(
        sheet,
        head,
        SheetKind::Projects,
        rows,
        ctx.counts,
        warnings,
        Vec::new(),
    )))
}

/// Writes the rows of a sheet in order; `per_row_savepoint` false gives up (None) at the first
/// bad row, leaving its partial writes for the caller to roll back.
fn write_rows<'a>(
    conn: &Connection,
    mut ctx: Ctx<'a>,
    data: &[Row],
    per_row_savepoint: bool,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<Option<(Vec<PlanRow>, Ctx<'a>)>> {
    let total = data.len() as u32;
    let mut rows = Vec::with_capacity(data.len());
    for (i, row) in data.iter().enumerate() {
        if per_row_savepoint {
            super::row_savepoint::open(conn)?;
        }
        let mut added = Added::default();
        let outcome = ctx.row(row, &mut added);
        let plan_row = match outcome {
            Ok(p) => {
                if per_row_savepoint {
                    super::row_savepoint::keep(conn)?;
                }
                ctx.keep(added);
                p
            }
            Err(_) if !per_row_savepoint => return Ok(None),
            Err(message) => {
                super::row_savepoint::roll_back(conn)?;
                ctx.forget(added);
                PlanRow {
                    row: row.number,
                    action: RowAction::Error,
                    project_name: ctx.text(row, Field::ProjectName),
                    company_name: ctx.text(row, Field::CompanyName),
                    message,
                    project_id: None,
                }
            }
        };
        ctx.counts.count(plan_row.action);
        rows.push(plan_row);
        if i % 500 == 0 || i + 1 == data.len() {
            progress(i as u32 + 1, total);
        }
    }
    Ok(Some((rows, ctx)))
}

/// The fields of one row, parsed.
#[derive(Default)]
struct Parsed {
    name: String,
    company: Option<String>,
    credit_code: Option<String>,
    investment: Option<i64>,
    industry: Option<String>,
    origin: Option<String>,
    region_group: Option<String>,
    stage: Option<(Stage, Option<ConstructionKind>)>,
    registered_on: Option<NaiveDate>,
    signed_on: Option<NaiveDate>,
    started_on: Option<NaiveDate>,
    operating_on: Option<NaiveDate>,
    stage_on: Option<NaiveDate>,
    construction_kind: Option<ConstructionKind>,
    park: Option<String>,
    team: Option<String>,
    officer: Option<String>,
    sponsor: Option<String>,
    responsible_unit: Option<String>,
    content: Option<String>,
    coordination_issues: Option<String>,
    next_step: Option<String>,
    notes: Option<String>,
    contact_person: Option<String>,
    contact_phone: Option<String>,
    key_project: Option<bool>,
    enclave: Option<bool>,
    relocation: Option<bool>,
    high_energy: Option<bool>,
}

struct Event {
    on: NaiveDate,
    stage: Stage,
    kind: Option<ConstructionKind>,
    note: Option<String>,
}

fn first_name(text: &str) -> String {
    text.split(['、', ',', '，', '/', ';', '；', ' '])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .to_string()
}

impl<'a> Ctx<'a> {
    fn new(conn: &'a Connection, today: NaiveDate, head: &'a Header) -> Result<Ctx<'a>> {
        let norm = Normalizer::from_divisions(conn)?;
        let mut company_by_code = HashMap::new();
        let mut company_by_key = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT id, name, credit_code FROM companies WHERE deleted_at IS NULL ORDER BY created_at",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (id, name, code) = row?;
                if let Some(code) = code {
                    company_by_code.insert(code, id.clone());
                }
                company_by_key.entry(norm.key(&name)).or_insert(id);
            }
        }
        let mut project_by_key = HashMap::new();
        {
            let mut stmt =
                conn.prepare("SELECT id, name, company_id FROM projects WHERE deleted_at IS NULL")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (id, name, company) = row?;
                project_by_key.insert((project_key(&name), company), id);
            }
        }
        let officer_by_name = officers::list(conn)?
            .into_iter()
            .map(|o| (o.name, o.id))
            .collect();
        let team_by_name = teams::list(conn)?
            .into_iter()
            .map(|t| (t.name, t.id))
            .collect();
        // Names folded once (compared with folded cells).
        let industries = crate::reference::industries::list(conn)?
            .into_iter()
            .map(|i| (i.id, fold(&i.name)))
            .collect();
        let region_groups = crate::reference::region_groups::list(conn)?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect();
        Ok(Ctx {
            conn,
            today,
            head,
            places: Places::load(conn)?,
            norm,
            company_by_code,
            company_by_key,
            project_by_key,
            officer_by_name,
            team_by_name,
            industries,
            region_groups,
            seen: HashMap::new(),
            counts: PlanCounts::default(),
            industry_of: RefCell::new(HashMap::new()),
            origin_of: RefCell::new(HashMap::new()),
            derived_groups: projects::DerivedRegionGroups::default(),
        })
    }

    fn keep(&mut self, added: Added) {
        let c = &mut self.counts;
        c.companies_created += added.counts.companies_created;
        c.companies_updated += added.counts.companies_updated;
        c.officers_created += added.counts.officers_created;
        c.teams_created += added.counts.teams_created;
    }

    fn forget(&mut self, added: Added) {
        for k in added.company_codes {
            self.company_by_code.remove(&k);
        }
        for k in added.company_keys {
            self.company_by_key.remove(&k);
        }
        for k in added.project_keys {
            self.project_by_key.remove(&k);
            self.seen.remove(&k);
        }
        for k in added.officers {
            self.officer_by_name.remove(&k);
        }
        for k in added.teams {
            self.team_by_name.remove(&k);
        }
    }

    fn cell<'r>(&self, row: &'r Row, field: Field) -> Option<&'r Cell> {
        self.head
            .column(field)
            .map(|c| row.get(c.column as usize))
            .filter(|c| !c.is_empty())
    }

    fn text(&self, row: &Row, field: Field) -> Option<String> {
        self.cell(row, field)
            .map(|c| c.text())
            .filter(|t| !t.is_empty())
    }

    fn parse(&self, row: &Row) -> std::result::Result<Parsed, String> {
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
    fn skip_reason(&self, row: &Row, name: &str) -> Option<String> {
        if name.is_empty() {
            return Some("未填项目名称".into());
        }
        let n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
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

    fn row(&mut self, row: &Row, added: &mut Added) -> std::result::Result<PlanRow, String> {
        let name = self.text(row, Field::ProjectName).unwrap_or_default();
        let company_text = self.text(row, Field::CompanyName);
        let skip = |message: String| PlanRow {
            row: row.number,
            action: RowAction::Skip,
            project_name: (!name.is_empty()).then(|| name.clone()),
            company_name: company_text.clone(),
            message,
            project_id: None,
        };
        if let Some(reason) = self.skip_reason(row, &name) {
            return Ok(skip(reason));
        }
        let p = self.parse(row)?;
        let mut notes: Vec<String> = Vec::new();
        let company_id = self
            .company(&p, &mut notes, added)
            .map_err(|e| e.to_string())?;
        let key = (project_key(&p.name), company_id.clone());
        if let Some(first) = self.seen.get(&key) {
            return Ok(skip(format!(
                "与第{first}行是同一项目，已按第{first}行导入"
            )));
        }
        self.seen.insert(key.clone(), row.number);
        added.project_keys.push(key.clone());
        let existing = self.project_by_key.get(&key).cloned();
        let result = match existing {
            Some(id) => self.update(&id, &p, company_id, &mut notes, added),
            None => {
                let r = self.create(&p, company_id, &mut notes, added);
                if let Ok((_, Some(id))) = &r {
                    self.project_by_key.insert(key, id.clone());
                }
                r
            }
        };
        let (action, project_id) = result.map_err(|e| e.to_string())?;
        Ok(PlanRow {
            row: row.number,
            action,
            project_name: Some(p.name.clone()),
            company_name: p.company.clone(),
            message: notes.join("；"),
            project_id,
        })
    }

    fn officer(
        &mut self,
        name: &Option<String>,
        team_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<Option<String>> {
        let Some(name) = name.as_ref().filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if let Some(id) = self.officer_by_name.get(name) {
            return Ok(Some(id.clone()));
        }
        let o = officers::create(
            self.conn,
            &OfficerInput {
                name: name.clone(),
                team_id,
                ..Default::default()
            },
        )?;
        notes.push(format!("新建人员“{name}”"));
        self.officer_by_name.insert(name.clone(), o.id.clone());
        added.officers.push(name.clone());
        added.counts.officers_created += 1;
        Ok(Some(o.id))
    }

    fn team(
        &mut self,
        name: &Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<Option<String>> {
        let Some(name) = name.as_ref().filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if let Some(id) = self.team_by_name.get(name) {
            return Ok(Some(id.clone()));
        }
        let t = teams::create(self.conn, name)?;
        notes.push(format!("新建团队“{name}”"));
        self.team_by_name.insert(name.clone(), t.id.clone());
        added.teams.push(name.clone());
        added.counts.teams_created += 1;
        Ok(Some(t.id))
    }

    fn industry(&self, text: &Option<String>, notes: &mut Vec<String>) -> Option<String> {
        let raw = text.as_deref()?;
        if let Some((id, note)) = self.industry_of.borrow().get(raw) {
            notes.extend(note.clone());
            return id.clone();
        }
        let mut own = Vec::new();
        let id = self.industry_uncached(text, &mut own);
        self.industry_of
            .borrow_mut()
            .insert(raw.to_string(), (id.clone(), own.first().cloned()));
        notes.extend(own);
        id
    }

    fn industry_uncached(&self, text: &Option<String>, notes: &mut Vec<String>) -> Option<String> {
        let t = fold(text.as_deref()?);
        if t.is_empty() {
            return None;
        }
        let exact = self.industries.iter().find(|(_, n)| *n == t);
        let contains = || {
            self.industries
                .iter()
                .filter(|(_, n)| n.contains(&t) || t.contains(n.as_str()))
                .max_by_key(|(_, n)| n.chars().count())
        };
        const SYNONYMS: &[(&str, &str)] = &[
            ("汽车", "汽车及零部件"),
            ("零部件", "汽车及零部件"),
            ("钢铁", "钢铁冶金"),
            ("冶金", "钢铁冶金"),
            ("材料", "新材料"),
            ("装备", "装备制造"),
            ("机械", "装备制造"),
            ("光伏", "新能源"),
            ("风电", "新能源"),
            ("储能", "新能源"),
            ("氢能", "新能源"),
            ("农产品", "农产品深加工"),
            ("农副产品", "农产品深加工"),
            ("食品", "农产品深加工"),
            ("物流", "现代物流"),
            ("旅游", "文化旅游"),
            ("文旅", "文化旅游"),
            ("数字", "数字经济"),
            ("电子信息", "数字经济"),
            ("大数据", "数字经济"),
            ("医药", "生物医药"),
            ("生物", "生物医药"),
            ("服务", "现代服务业"),
            ("商贸", "现代服务业"),
        ];
        let synonym = || {
            SYNONYMS
                .iter()
                .find(|(w, _)| t.contains(w))
                .and_then(|(_, target)| self.industries.iter().find(|(_, n)| n == target))
        };
        match exact.or_else(contains).or_else(synonym) {
            Some((id, _)) => Some(id.clone()),
            None => {
                notes.push(format!(
                    "产业“{}”不在产业链列表中，未填",
                    text.as_deref().unwrap_or_default()
                ));
                None
            }
        }
    }

    fn origin(&self, text: &Option<String>, notes: &mut Vec<String>) -> (Option<String>, bool) {
        let Some(t) = text else {
            return (None, false);
        };
        if let Some(((code, overseas), note)) = self.origin_of.borrow().get(t) {
            notes.extend(note.clone());
            return (code.clone(), *overseas);
        }
        let mut own = Vec::new();
        let (code, overseas) = self.origin_uncached(t, &mut own);
        self.origin_of
            .borrow_mut()
            .insert(t.clone(), ((code.clone(), overseas), own.first().cloned()));
        notes.extend(own);
        (code, overseas)
    }

    fn origin_uncached(&self, t: &String, notes: &mut Vec<String>) -> (Option<String>, bool) {
        match self.places.resolve(t) {
            Place::Code(c) => (Some(c), false),
            Place::Overseas => (None, true),
            Place::Ambiguous(_) => {
                notes.push(format!("来源地“{t}”有多个同名地区，请写明省市，未填"));
                (None, false)
            }
            Place::Unknown => {
                notes.push(format!("来源地“{t}”未能识别，未填"));
                (None, false)
            }
        }
    }

    /// Finds or creates the row's company (credit code first, then normalized name), filling
    /// empty fields of a found one.
    fn company(
        &mut self,
        p: &Parsed,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<Option<String>> {
        let Some(name) = p.company.clone() else {
            return Ok(None);
        };
        let key = self.norm.key(&name);
        let found = p
            .credit_code
            .as_ref()
            .and_then(|c| self.company_by_code.get(c))
            .or_else(|| self.company_by_key.get(&key))
            .cloned();
        let (origin_code, overseas) = self.origin(&p.origin, notes);
        let industry_id = self.industry(&p.industry, notes);
        let found = match found {
            Some(id) => Some((companies::get(self.conn, &id)?, id)),
            None => None,
        };
        // Same short name, another registered entity: a company of its own.
        let found = found.filter(
            |(c, _)| !matches!((&c.credit_code, &p.credit_code), (Some(a), Some(b)) if a != b),
        );
        if let Some((c, id)) = found {
            let input = CompanyInput {
                name: c.name.clone(),
                credit_code: c.credit_code.clone().or(p.credit_code.clone()),
                origin_code: c.origin_code.clone().or(origin_code.clone()),
                overseas: if c.origin_code.is_none() && origin_code.is_none() {
                    c.overseas || overseas
                } else {
                    c.overseas
                },
                industry_id: c.industry_id.clone().or(industry_id),
                contact_person: c.contact_person.clone().or(p.contact_person.clone()),
                contact_phone: c.contact_phone.clone().or(p.contact_phone.clone()),
                ..c.to_input()
            };
            let mut filled = Vec::new();
            if input.credit_code != c.credit_code {
                filled.push("统一社会信用代码");
            }
            if input.origin_code != c.origin_code || input.overseas != c.overseas {
                filled.push("来源地");
            }
            if input.industry_id != c.industry_id {
                filled.push("产业");
            }
            if input.contact_person != c.contact_person || input.contact_phone != c.contact_phone {
                filled.push("联系人");
            }
            if !filled.is_empty() {
                companies::update(self.conn, &id, &input)?;
                notes.push(format!("企业“{}”补充{}", c.name, filled.join("、")));
                added.counts.companies_updated += 1;
                if let Some(code) = &input.credit_code {
                    if !self.company_by_code.contains_key(code) {
                        self.company_by_code.insert(code.clone(), id.clone());
                        added.company_codes.push(code.clone());
                    }
                }
            }
            if fold(&c.name) != fold(&name) {
                notes.push(format!("“{name}”按已有企业“{}”处理", c.name));
            }
            return Ok(Some(id));
        }
        self.create_company(
            &name,
            Some(key),
            p,
            origin_code,
            overseas,
            industry_id,
            notes,
            added,
        )
        .map(Some)
    }

    #[allow(clippy::too_many_arguments)]
    fn create_company(
        &mut self,
        name: &str,
        key: Option<String>,
        p: &Parsed,
        origin_code: Option<String>,
        overseas: bool,
        industry_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<String> {
        let (c_id, c_credit_code) = companies::create_unread(
            self.conn,
            &CompanyInput {
                name: name.to_string(),
                credit_code: p.credit_code.clone(),
                origin_code,
                overseas,
                industry_id,
                contact_person: p.contact_person.clone(),
                contact_phone: p.contact_phone.clone(),
                notes: None,
                ..Default::default()
            },
        )?;
        notes.push(format!("新建企业“{name}”"));
        added.counts.companies_created += 1;
        if let Some(code) = &c_credit_code {
            self.company_by_code.insert(code.clone(), c_id.clone());
            added.company_codes.push(code.clone());
        }
        let key = key.unwrap_or_else(|| self.norm.key(name));
        if !self.company_by_key.contains_key(&key) {
            self.company_by_key.insert(key.clone(), c_id.clone());
            added.company_keys.push(key);
        }
        Ok(c_id)
    }

    fn region_override(&self, p: &Parsed, company_id: &Option<String>) -> Result<Option<String>> {
        let Some(text) = &p.region_group else {
            return Ok(None);
        };
        let Some((gid, _)) = self.region_groups.iter().find(|(_, n)| n == text.trim()) else {
            return Ok(None);
        };
        let derived = match company_id {
            Some(c) => {
                let c = companies::get(self.conn, c)?;
                crate::reference::region_groups::derive(
                    self.conn,
                    c.origin_code.as_deref(),
                    c.overseas,
                )?
            }
            None => None,
        };
        Ok((derived.as_deref() != Some(gid.as_str())).then(|| gid.clone()))
    }

    fn input(
        &mut self,
        p: &Parsed,
        company_id: Option<String>,
        base: Option<&Project>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<ProjectInput> {
        let team_id = self.team(&p.team, notes, added)?;
        let officer_id = self.officer(&p.officer, team_id.clone(), notes, added)?;
        let sponsor_id = self.officer(&p.sponsor, None, notes, added)?;
        let industry_id = if p.industry.is_some() {
            self.industry(&p.industry, &mut Vec::new())
        } else {
            None
        };
        let region = self.region_override(p, &company_id)?;
        let or = |new: Option<String>, old: Option<String>| new.or(old);
        Ok(match base {
            None => ProjectInput {
                name: p.name.clone(),
                company_id,
                content: p.content.clone(),
                total_investment: p.investment.unwrap_or(0),
                industry_id,
                region_group_override: region,
                enclave: p.enclave.unwrap_or(false),
                relocation: p.relocation.unwrap_or(false),
                key_project: p.key_project.unwrap_or(false),
                high_energy: p.high_energy.unwrap_or(false),
                park: p.park.clone(),
                team_id,
                officer_id,
                sponsor_id,
                responsible_unit: p.responsible_unit.clone(),
                coordination_issues: p.coordination_issues.clone(),
                next_step: p.next_step.clone(),
                notes: p.notes.clone(),
                follow_up_on: None,
            },
            Some(b) => ProjectInput {
                name: b.name.clone(),
                company_id: company_id.or(b.company_id.clone()),
                content: or(p.content.clone(), b.content.clone()),
                total_investment: p.investment.unwrap_or(b.total_investment),
                industry_id: or(industry_id, b.industry_id.clone()),
                region_group_override: region.or(if b.region_group_manual {
                    b.region_group_id.clone()
                } else {
                    None
                }),
                enclave: p.enclave.unwrap_or(b.enclave),
                relocation: p.relocation.unwrap_or(b.relocation),
                key_project: p.key_project.unwrap_or(b.key_project),
                high_energy: p.high_energy.unwrap_or(b.high_energy),
                park: or(p.park.clone(), b.park.clone()),
                team_id: or(team_id, b.team_id.clone()),
                officer_id: or(officer_id, b.officer_id.clone()),
                sponsor_id: or(sponsor_id, b.sponsor_id.clone()),
                responsible_unit: or(p.responsible_unit.clone(), b.responsible_unit.clone()),
                coordination_issues: or(
                    p.coordination_issues.clone(),
                    b.coordination_issues.clone(),
                ),
                next_step: or(p.next_step.clone(), b.next_step.clone()),
                notes: or(p.notes.clone(), b.notes.clone()),
                follow_up_on: b.follow_up_on,
            },
        })
    }

    /// The dated stage events a row states, with missing prerequisites filled in.
    fn events(
        &self,
        p: &Parsed,
        notes: &mut Vec<String>,
    ) -> std::result::Result<Vec<Event>, String> {
        let mut ev: Vec<Event> = Vec::new();
        let kind = p.construction_kind.or(p.stage.and_then(|s| s.1));
        if let Some(d) = p.signed_on {
            ev.push(Event {
                on: d,
                stage: Stage::Signed,
                kind: None,
                note: None,
            });
        }
        if let Some(d) = p.started_on {
            if p.signed_on.is_none() {
                ev.push(Event {
                    on: d,
                    stage: Stage::Signed,
                    kind: None,
                    note: Some("导入时补记：原表未填签约时间".into()),
                });
                notes.push("未填签约时间，按开工时间补记签约".into());
            }
            ev.push(Event {
                on: d,
                stage: Stage::Started,
                kind,
                note: None,
            });
        }
        if let Some(d) = p.operating_on {
            if p.started_on.is_none() {
                if p.signed_on.is_none() {
                    ev.push(Event {
                        on: d,
                        stage: Stage::Signed,
                        kind: None,
                        note: Some("导入时补记：原表未填签约时间".into()),
                    });
                }
                ev.push(Event {
                    on: d,
                    stage: Stage::Started,
                    kind,
                    note: Some("导入时补记：原表未填开工时间".into()),
                });
                notes.push("未填开工时间，按投产时间补记开工".into());
            }
            ev.push(Event {
                on: d,
                stage: Stage::Operating,
                kind: None,
                note: None,
            });
        }
        ev.sort_by_key(|e| e.on);
        let rank = |s: Stage| match s {
            Stage::Signed => 1,
            Stage::Started => 2,
            Stage::Operating => 3,
            _ => 0,
        };
        let reached = ev.iter().map(|e| e.stage).max_by_key(|s| rank(*s));
        let target = p.stage.map(|s| s.0);
        match target {
            Some(s @ (Stage::Signed | Stage::Started | Stage::Operating))
                if reached.map(rank).unwrap_or(0) < rank(s) =>
            {
                let date_field = match s {
                    Stage::Signed => "签约时间",
                    Stage::Started => "开工时间",
                    _ => "投产时间",
                };
                return Err(format!("阶段为“{}”，但未填{date_field}", s.label()));
            }
            Some(s @ (Stage::Lead | Stage::Negotiating)) if reached.is_some() => {
                notes.push(format!(
                    "阶段填的是“{}”，按所填日期记为“{}”",
                    s.label(),
                    reached.expect("checked").label()
                ));
            }
            _ => {}
        }
        Ok(ev)
    }

    fn create(
        &mut self,
        p: &Parsed,
        company_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<(RowAction, Option<String>)> {
        let mut ev = self.events(p, notes).map_err(|m| Error::Validation {
            field: None,
            message: m,
        })?;
        let target = p.stage.map(|s| s.0);
        let first_dated = ev.first().map(|e| e.on);
        let open_stage = match target {
            Some(s @ (Stage::Lead | Stage::Negotiating)) => s,
            _ => Stage::Negotiating,
        };
        // The opening event: 登记时间 before the first dated one, or the stage as of 登记时间.
        if let Some(reg) = p.registered_on {
            if first_dated.is_none_or(|d| reg < d) {
                if ev.is_empty()
                    && target == Some(Stage::Negotiating)
                    && p.stage_on.is_some_and(|d| d > reg)
                {
                    ev.push(Event {
                        on: reg,
                        stage: Stage::Lead,
                        kind: None,
                        note: None,
                    });
                    ev.push(Event {
                        on: p.stage_on.expect("checked"),
                        stage: Stage::Negotiating,
                        kind: None,
                        note: None,
                    });
                } else {
                    ev.insert(
                        0,
                        Event {
                            on: reg,
                            stage: if ev.is_empty() {
                                target
                                    .filter(|s| matches!(s, Stage::Lead | Stage::Negotiating))
                                    .unwrap_or(Stage::Lead)
                            } else {
                                open_stage
                            },
                            kind: None,
                            note: None,
                        },
                    );
                }
            }
        }
        if ev.is_empty() {
            let stage = match target {
                Some(s @ (Stage::Lead | Stage::Negotiating)) => s,
                _ => Stage::Lead,
            };
            let on = p.stage_on.unwrap_or(self.today);
            if p.stage_on.is_none() {
                notes.push(format!(
                    "未填日期，按{}登记为{}",
                    zh_date(on),
                    stage.label()
                ));
            }
            ev.push(Event {
                on,
                stage,
                kind: None,
                note: None,
            });
        }
        if let Some(exit @ (Stage::OnHold | Stage::Dropped)) = target {
            let on = p
                .stage_on
                .unwrap_or(self.today)
                .max(ev.last().map(|e| e.on).unwrap_or(self.today));
            if p.stage_on.is_none() {
                notes.push(format!(
                    "未填阶段变更时间，按{}记为{}",
                    zh_date(on),
                    exit.label()
                ));
            }
            ev.push(Event {
                on,
                stage: exit,
                kind: None,
                note: None,
            });
        }
        let input = self.input(p, company_id, None, notes, added)?;
        let first = ev.remove(0);
        let mut said = vec![format!("{} {}", first.stage.label(), zh_date(first.on))];
        let later: Vec<StageChangeInput> = ev
            .iter()
            .map(|e| {
                said.push(format!("{} {}", e.stage.label(), zh_date(e.on)));
                stage_input(e)
            })
            .collect();
        // One write for the project and its whole history (checked as if recorded in turn).
        let created = projects::create_with_history_unread(
            self.conn,
            &NewProject {
                project: input,
                first_stage: first.stage,
                first_stage_on: first.on,
            },
            &later,
            self.today,
            Some(&self.derived_groups),
        )?;
        notes.insert(0, format!("新建项目（{}）", said.join("，")));
        Ok((RowAction::Create, Some(created)))
    }

    fn stage(&self, project_id: &str, e: &Event) -> Result<()> {
        projects::record_stage_change(self.conn, project_id, &stage_input(e), self.today)
            .map(|_| ())
    }

    fn update(
        &mut self,
        id: &str,
        p: &Parsed,
        company_id: Option<String>,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> Result<(RowAction, Option<String>)> {
        let before = projects::get(self.conn, id)?;
        let input = self.input(p, company_id, Some(&before), notes, added)?;
        let current = ProjectInput {
            name: before.name.clone(),
            company_id: before.company_id.clone(),
            content: before.content.clone(),
            total_investment: before.total_investment,
            industry_id: before.industry_id.clone(),
            region_group_override: if before.region_group_manual {
                before.region_group_id.clone()
            } else {
                None
            },
            enclave: before.enclave,
            relocation: before.relocation,
            key_project: before.key_project,
            high_energy: before.high_energy,
            park: before.park.clone(),
            team_id: before.team_id.clone(),
            officer_id: before.officer_id.clone(),
            sponsor_id: before.sponsor_id.clone(),
            responsible_unit: before.responsible_unit.clone(),
            coordination_issues: before.coordination_issues.clone(),
            next_step: before.next_step.clone(),
            notes: before.notes.clone(),
            follow_up_on: before.follow_up_on,
        };
        let mut changed: Vec<&str> = Vec::new();
        if input != current {
            let a = serde_json::to_value(&current).expect("serializes");
            let b = serde_json::to_value(&input).expect("serializes");
            for f in Field::ALL {
                let key = match f {
                    Field::Industry => "industry_id",
                    Field::Team => "team_id",
                    Field::Officer => "officer_id",
                    Field::Sponsor => "sponsor_id",
                    Field::RegionGroup => "region_group_override",
                    other => other.code(),
                };
                if a.get(key).is_some() && a.get(key) != b.get(key) {
                    changed.push(f.label());
                }
            }
            projects::update(self.conn, id, &input)?;
        }
        // Stage events the ledger does not have yet.
        let history = stage_changes::list(self.conn, id)?;
        let mut stage_notes = Vec::new();
        let ev = self
            .events(p, &mut stage_notes)
            .map_err(|m| Error::Validation {
                field: None,
                message: m,
            })?;
        let mut recorded = Vec::new();
        for e in ev {
            match history.iter().find(|c| c.to_stage == e.stage) {
                Some(c) if c.changed_on != e.on && e.note.is_none() => notes.push(format!(
                    "表格{}时间（{}）与台账（{}）不同，保留台账记录",
                    e.stage.label(),
                    zh_date(e.on),
                    zh_date(c.changed_on)
                )),
                Some(_) => {}
                None => {
                    self.stage(id, &e)?;
                    recorded.push(format!("{} {}", e.stage.label(), zh_date(e.on)));
                }
            }
        }
        let now = projects::get(self.conn, id)?;
        if let Some((target, _)) = p.stage {
            if target != now.stage {
                match target {
                    Stage::OnHold | Stage::Dropped => {
                        let on = p.stage_on.unwrap_or(self.today).max(now.stage_since);
                        self.stage(
                            id,
                            &Event {
                                on,
                                stage: target,
                                kind: None,
                                note: None,
                            },
                        )?;
                        recorded.push(format!("{} {}", target.label(), zh_date(on)));
                    }
                    Stage::Negotiating if now.stage == Stage::Lead => {
                        let on = p.stage_on.unwrap_or(self.today).max(now.stage_since);
                        self.stage(
                            id,
                            &Event {
                                on,
                                stage: target,
                                kind: None,
                                note: None,
                            },
                        )?;
                        recorded.push(format!("{} {}", target.label(), zh_date(on)));
                    }
                    _ if recorded.is_empty() => notes.push(format!(
                        "表格阶段“{}”与台账“{}”不同，未改动",
                        target.label(),
                        now.stage.label()
                    )),
                    _ => {}
                }
            }
        }
        if changed.is_empty() && recorded.is_empty() {
            notes.insert(0, "与台账一致".into());
            return Ok((RowAction::Unchanged, Some(id.to_string())));
        }
        let mut what = Vec::new();
        if !changed.is_empty() {
            what.push(format!("修改{}", changed.join("、")));
        }
        if !recorded.is_empty() {
            what.push(format!("登记{}", recorded.join("，")));
        }
        notes.insert(0, format!("更新已有项目：{}", what.join("；")));
        Ok((RowAction::Update, Some(id.to_string())))
    }
}

/// A company-directory row (`companies.rs`) through the project rows' own company matching:
/// credit code first, then normalized name; an existing company's empty fields are filled.
pub(crate) struct CompanyRows<'a>(Ctx<'a>);

impl<'a> CompanyRows<'a> {
    pub(crate) fn new(conn: &'a Connection, today: NaiveDate, head: &'a Header) -> Result<Self> {
        Ok(CompanyRows(Ctx::new(conn, today, head)?))
    }

    /// The row's company (found or created), what was done (notes) and the counts of companies
    /// created and updated. Err: the row cannot be imported (the caller rolls back its savepoint).
    pub(crate) fn company(
        &mut self,
        row: &Row,
    ) -> std::result::Result<(Option<String>, Vec<String>, PlanCounts), String> {
        let p = self.0.parse(row)?;
        let mut notes = Vec::new();
        let mut added = Added::default();
        match self.0.company(&p, &mut notes, &mut added) {
            Ok(id) => {
                let counts = added.counts;
                self.0.keep(added);
                Ok((id, notes, counts))
            }
            Err(e) => {
                self.0.forget(added);
                Err(e.to_string())
            }
        }
    }
}

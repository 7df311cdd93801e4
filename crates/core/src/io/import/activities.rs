//! 招商活动台账: sheets of dated activities (日期, 类型/方式, 带队领导/责任人, 企业, 项目,
//! 地点/去向, 内容) imported as activities through `activities::create`, with the same
//! row-by-row plan, savepoints and all-or-nothing rule as project ledgers.
//!
//! People are matched by name (created when new, like a project ledger's 责任人), companies by
//! normalized name (created when new), projects by name (never created from an activity: a
//! project not in the ledger is reported and left unlinked). An activity already in the
//! ledger (same day, kind and content) is 无变化, so importing the same file twice adds nothing.
//!
//! The header is found like a project ledger's (`header::detect_with`: below a title and a
//! 填报 row, over merged two-row headers such as 「对接情况」 over 对接企业/洽谈项目), with this
//! kind's column names (`VOCABULARY`). Every column under 参加人员 (带队领导, 责任人) names people.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::header::{self, normalize_header, strip_brackets, Field, Header, Vocabulary};
use super::parse::{self, Cell};
use super::places::{Place, Places};
use super::plan::{ImportPlan, PlanCounts, PlanRow, RowAction, SheetKind};
use super::read::{Row, Sheet};
use crate::companies::names::{fold, Normalizer};
use crate::error::{Error, Result};
use crate::model::{ActivityInput, ActivityKind, CompanyInput, OfficerInput};

/// The columns of an activities sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Date,
    Kind,
    Officers,
    Company,
    Project,
    Place,
    Content,
}

const ALIASES: &[(Col, &[&str])] = &[
    (
        Col::Date,
        &[
            "日期",
            "活动日期",
            "时间",
            "活动时间",
            "招商日期",
            "接待日期",
            "日期时间",
            "出访日期",
        ],
    ),
    (
        Col::Kind,
        &[
            "类型",
            "方式",
            "类型/方式",
            "活动类型",
            "招商方式",
            "活动方式",
            "形式",
            "活动形式",
            "类别",
        ],
    ),
    (
        Col::Officers,
        &[
            "带队领导",
            "责任人",
            "带队领导/责任人",
            "参加人员",
            "参与人员",
            "人员",
            "带队",
            "带队领导及人员",
            "招商人员",
            "参加人",
            "带队人",
        ],
    ),
    (
        Col::Company,
        &[
            "企业",
            "企业名称",
            "对接企业",
            "客商",
            "投资方",
            "对接客商",
            "来访企业",
            "拜访企业",
        ],
    ),
    (
        Col::Project,
        &["项目", "项目名称", "对接项目", "洽谈项目", "涉及项目"],
    ),
    (
        Col::Place,
        &[
            "地点",
            "去向",
            "地点/去向",
            "目的地",
            "地区",
            "活动地点",
            "出访地",
        ],
    ),
    (
        Col::Content,
        &[
            "内容",
            "活动内容",
            "洽谈内容",
            "主要内容",
            "摘要",
            "内容摘要",
            "对接内容",
            "洽谈情况",
        ],
    ),
];

/// The activity field a header names: the whole header, else its last part (对接情况/对接企业),
/// each also without a bracketed note (活动时间（年月日）).
pub(crate) fn field_for(text: &str) -> Option<Field> {
    let h = normalize_header(text);
    let last = h.rsplit('/').next().unwrap_or(&h).to_string();
    [h.clone(), last]
        .into_iter()
        .flat_map(|t| [strip_brackets(&t), t])
        .find_map(|t| {
            ALIASES
                .iter()
                .find(|(_, names)| names.contains(&t.as_str()))
                .map(|(c, _)| c.field())
        })
}

/// How an activities sheet names its columns (its header found like a project ledger's).
pub(crate) const VOCABULARY: Vocabulary = Vocabulary {
    field: field_for,
    anchor: Field::ActivityDate,
    bonus: None,
    not_found: |sheet, scan| {
        format!(
            "工作表“{sheet}”的前{scan}行中找不到招商活动台账的表头（应含“日期”“类型”“带队领导”等列名）。"
        )
    },
};

/// Columns of a project ledger that an activities sheet does not have.
const PROJECT_ONLY: &[&str] = &[
    "总投资",
    "项目进展",
    "签约时间",
    "开工时间",
    "投产时间",
    "统一社会信用代码",
];

/// The fields an activities sheet's columns can be mapped to (the mapping editor's choices).
pub const FIELDS: &[Field] = &[
    Field::ActivityDate,
    Field::ActivityKind,
    Field::Participants,
    Field::CompanyName,
    Field::ProjectName,
    Field::ActivityPlace,
    Field::ActivityContent,
];

impl Col {
    pub fn field(self) -> Field {
        match self {
            Col::Date => Field::ActivityDate,
            Col::Kind => Field::ActivityKind,
            Col::Officers => Field::Participants,
            Col::Company => Field::CompanyName,
            Col::Project => Field::ProjectName,
            Col::Place => Field::ActivityPlace,
            Col::Content => Field::ActivityContent,
        }
    }
}

/// Finds an activities header like a project ledger's (below titles, over merged header rows):
/// it names 日期, 类型/方式 and one of 内容/企业/项目, and none of a project ledger's own columns.
pub fn detect(sheet: &Sheet) -> Option<Header> {
    let h = header::detect_with(sheet, &VOCABULARY, 3).ok()?;
    let has = |f: Field| h.column(f).is_some();
    let project_only = h.columns.iter().any(|c| {
        let t = normalize_header(&c.header);
        PROJECT_ONLY.iter().any(|p| t.contains(p))
    });
    (!project_only
        && has(Field::ActivityDate)
        && has(Field::ActivityKind)
        && (has(Field::ActivityContent) || has(Field::CompanyName) || has(Field::ProjectName)))
    .then_some(h)
}

/// The header of a sheet the user says is a 招商活动台账 (its columns perhaps named unusually):
/// found the same way, naming at least one activity column, else the first row with two filled
/// cells (its columns then mapped by the user).
pub fn detect_as_activities(sheet: &Sheet) -> std::result::Result<Header, String> {
    header::detect_chosen(sheet, &VOCABULARY)
}

/// The kind an activity sheet's 类型/方式 cell names.
pub fn parse_kind(text: &str) -> Option<ActivityKind> {
    let t: String = fold(text);
    if let Some(k) = ActivityKind::parse(text.trim()) {
        return Some(k);
    }
    const WORDS: &[(&str, ActivityKind)] = &[
        ("签约", ActivityKind::SigningCeremony),
        ("视频", ActivityKind::VideoMeeting),
        ("线上", ActivityKind::VideoMeeting),
        ("网络", ActivityKind::VideoMeeting),
        ("云", ActivityKind::VideoMeeting),
        ("电话", ActivityKind::Call),
        ("推介", ActivityKind::PromotionEvent),
        ("展会", ActivityKind::PromotionEvent),
        ("博览", ActivityKind::PromotionEvent),
        ("论坛", ActivityKind::PromotionEvent),
        ("来访", ActivityKind::IncomingVisit),
        ("接待", ActivityKind::IncomingVisit),
        ("考察", ActivityKind::IncomingVisit),
        ("外出", ActivityKind::OutboundTrip),
        ("出访", ActivityKind::OutboundTrip),
        ("拜访", ActivityKind::OutboundTrip),
        ("走访", ActivityKind::OutboundTrip),
        ("招商", ActivityKind::OutboundTrip),
    ];
    WORDS.iter().find(|(w, _)| t.contains(w)).map(|(_, k)| *k)
}

fn names(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', '/', ';', '；', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

struct Ctx<'a> {
    conn: &'a Connection,
    today: NaiveDate,
    head: &'a Header,
    places: Places,
    norm: Normalizer,
    officers: HashMap<String, String>,
    companies: HashMap<String, String>,
    projects: HashMap<String, String>,
    counts: PlanCounts,
}

/// Lookups a failed row added, taken back with its savepoint.
#[derive(Default)]
struct Added {
    officers: Vec<String>,
    companies: Vec<String>,
    officers_created: u32,
    companies_created: u32,
}

pub fn run(
    conn: &Connection,
    today: NaiveDate,
    sheet: &Sheet,
    head: &Header,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<ImportPlan> {
    let norm = Normalizer::from_divisions(conn)?;
    let mut companies = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, name FROM companies WHERE deleted_at IS NULL ORDER BY created_at",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            companies.entry(norm.key(&name)).or_insert(id);
        }
    }
    let mut projects = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, name FROM projects WHERE deleted_at IS NULL ORDER BY created_at",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, name) = row?;
            projects.entry(fold(&name)).or_insert(id);
        }
    }
    let officers = crate::reference::officers::list(conn)?
        .into_iter()
        .map(|o| (o.name, o.id))
        .collect();
    let mut ctx = Ctx {
        conn,
        today,
        head,
        places: Places::load(conn)?,
        norm,
        officers,
        companies,
        projects,
        counts: PlanCounts::default(),
    };
    let data = &sheet.rows[head.data_start.min(sheet.rows.len())..];
    let total = data.len() as u32;
    let mut rows = Vec::with_capacity(data.len());
    for (i, row) in data.iter().enumerate() {
        super::row_savepoint::open(conn)?;
        let mut added = Added::default();
        let plan_row = match ctx.row(row, &mut added) {
            Ok(p) => {
                super::row_savepoint::keep(conn)?;
                ctx.counts.officers_created += added.officers_created;
                ctx.counts.companies_created += added.companies_created;
                p
            }
            Err(message) => {
                super::row_savepoint::roll_back(conn)?;
                for o in added.officers {
                    ctx.officers.remove(&o);
                }
                for c in added.companies {
                    ctx.companies.remove(&c);
                }
                PlanRow {
                    row: row.number,
                    action: RowAction::Error,
                    project_name: ctx.text(row, Col::Content),
                    company_name: ctx.text(row, Col::Company),
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
    let mapped: Vec<String> = head
        .columns
        .iter()
        .filter_map(|m| {
            m.field.map(|f| {
                let name = match f {
                    Field::CompanyName => "企业",
                    Field::ProjectName => "项目",
                    other => other.label(),
                };
                format!("第{}列“{}”→{name}", m.column + 1, m.header)
            })
        })
        .collect();
    let mut warnings = vec![format!(
        "按招商活动台账导入（每行一次活动），读取{}。",
        mapped.join("、")
    )];
    warnings.extend(header::ignored_columns_warning(&head.columns));
    for c in [Col::Date, Col::Kind, Col::Officers] {
        if head.column(c.field()).is_none() {
            warnings.push(format!(
                "没有对应“{}”的列，请在列对应中指定。",
                c.field().label()
            ));
        }
    }
    Ok(ImportPlan::of_sheet(
        sheet,
        head,
        SheetKind::Activities,
        rows,
        ctx.counts,
        warnings,
        FIELDS.to_vec(),
    ))
}

impl Ctx<'_> {
    fn cell<'r>(&self, row: &'r Row, c: Col) -> Option<&'r Cell> {
        self.head
            .column(c.field())
            .map(|m| row.get(m.column as usize))
            .filter(|c| !c.is_empty())
    }

    /// Everyone the row names as taking part, from every participants column (带队领导 and
    /// 责任人 under 参加人员), each once.
    fn people(&self, row: &Row) -> Vec<String> {
        let mut people: Vec<String> = Vec::new();
        for m in &self.head.columns {
            if m.field == Some(Col::Officers.field()) {
                for name in names(row.get(m.column as usize).text().trim()) {
                    if !people.contains(&name) {
                        people.push(name);
                    }
                }
            }
        }
        people
    }

    fn text(&self, row: &Row, c: Col) -> Option<String> {
        self.cell(row, c)
            .map(|c| c.text().trim().to_string())
            .filter(|t| !t.is_empty())
    }

    fn row(&mut self, row: &Row, added: &mut Added) -> std::result::Result<PlanRow, String> {
        let content = self.text(row, Col::Content);
        let company_text = self.text(row, Col::Company);
        let plan = |action, message: String, content: &Option<String>| PlanRow {
            row: row.number,
            action,
            project_name: content.clone(),
            company_name: company_text.clone(),
            message,
            project_id: None,
        };
        let filled = row.cells.iter().filter(|c| !c.is_empty()).count();
        if filled == 0 {
            return Ok(plan(RowAction::Skip, "空行".into(), &content));
        }
        let Some(date_cell) = self.cell(row, Col::Date) else {
            let first = row.cells.iter().find(|c| !c.is_empty()).map(Cell::text);
            if first.is_some_and(|t| ["合计", "总计", "小计"].iter().any(|w| t.contains(w))) {
                return Ok(plan(RowAction::Skip, "合计行".into(), &content));
            }
            return Err("未填日期".into());
        };
        let mut errors = Vec::new();
        let on = match parse::parse_date(date_cell) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.push("未填日期".to_string());
                None
            }
            Err(e) => {
                errors.push(format!("日期：{e}"));
                None
            }
        };
        let kind_text = self.text(row, Col::Kind).unwrap_or_default();
        let kind = parse_kind(&kind_text);
        if kind.is_none() {
            errors.push(if kind_text.is_empty() {
                "未填活动类型".to_string()
            } else {
                format!("活动类型“{kind_text}”无法识别（可填：外出招商、来访接待、电话、视频洽谈、推介会、签约仪式）")
            });
        }
        let people = self.people(row);
        if people.is_empty() {
            errors.push("未填带队领导/责任人".into());
        }
        if !errors.is_empty() {
            return Err(errors.join("；"));
        }
        let (on, kind) = (on.expect("checked"), kind.expect("checked"));
        let mut notes: Vec<String> = Vec::new();
        // Already in the ledger: same day, kind and content.
        let existing: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM activities WHERE occurred_on = ?1 AND kind = ?2
                    AND IFNULL(summary, '') = ?3 AND deleted_at IS NULL LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row(
                    params![on, kind, content.clone().unwrap_or_default()],
                    |r| r.get(0),
                )
                .optional()
            })
            .map_err(|e| e.to_string())?;
        if existing.is_some() {
            return Ok(plan(
                RowAction::Unchanged,
                "与台账中的活动一致".into(),
                &content,
            ));
        }
        let mut officer_ids = Vec::new();
        for name in &people {
            officer_ids.push(self.officer(name, &mut notes, added)?);
        }
        let mut company_ids = Vec::new();
        if let Some(c) = &company_text {
            for name in names(c) {
                company_ids.push(self.company(&name, &mut notes, added)?);
            }
        }
        let mut project_ids = Vec::new();
        if let Some(p) = self.text(row, Col::Project) {
            for name in names(&p) {
                match self.projects.get(&fold(&name)) {
                    Some(id) => project_ids.push(id.clone()),
                    None => notes.push(format!("项目“{name}”不在台账中，未关联")),
                }
            }
        }
        let place = self.text(row, Col::Place);
        let destination_code = match place.as_deref().map(|p| self.places.resolve(p)) {
            Some(Place::Code(c)) => Some(c),
            _ => None,
        };
        let created = crate::activities::create(
            self.conn,
            &ActivityInput {
                kind,
                occurred_on: on,
                place: place.clone(),
                destination_code,
                summary: content.clone(),
                follow_up_on: None,
                officer_ids,
                company_ids,
                project_ids,
                trip: Default::default(),
            },
            self.today,
        )
        .map_err(|e| e.to_string())?;
        notes.insert(
            0,
            format!("新建活动（{} {}）", kind.label(), crate::util::zh_date(on)),
        );
        let mut p = plan(RowAction::Create, notes.join("；"), &content);
        p.project_id = Some(created.id);
        Ok(p)
    }

    fn officer(
        &mut self,
        name: &str,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> std::result::Result<String, String> {
        if let Some(id) = self.officers.get(name) {
            return Ok(id.clone());
        }
        let o = crate::reference::officers::create(
            self.conn,
            &OfficerInput {
                name: name.to_string(),
                ..Default::default()
            },
        )
        .map_err(|e: Error| format!("人员“{name}”：{e}"))?;
        notes.push(format!("新建人员“{name}”"));
        self.officers.insert(name.to_string(), o.id.clone());
        added.officers.push(name.to_string());
        added.officers_created += 1;
        Ok(o.id)
    }

    fn company(
        &mut self,
        name: &str,
        notes: &mut Vec<String>,
        added: &mut Added,
    ) -> std::result::Result<String, String> {
        let key = self.norm.key(name);
        if let Some(id) = self.companies.get(&key) {
            return Ok(id.clone());
        }
        let c = crate::companies::create(
            self.conn,
            &CompanyInput {
                name: name.to_string(),
                credit_code: None,
                origin_code: None,
                overseas: false,
                industry_id: None,
                contact_person: None,
                contact_phone: None,
                notes: None,
                ..Default::default()
            },
        )
        .map_err(|e: Error| format!("企业“{name}”：{e}"))?;
        notes.push(format!("新建企业“{name}”"));
        self.companies.insert(key.clone(), c.id.clone());
        added.companies.push(key);
        added.companies_created += 1;
        Ok(c.id)
    }
}

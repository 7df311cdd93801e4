//! Finding the header row (below titles, over merged multi-row headers) and mapping columns to
//! ledger fields by the names offices use. One detection (`detect_with`) for the three kinds of
//! sheet, each with its own column names (`Vocabulary`: `PROJECTS` here,
//! `activities::VOCABULARY`, `companies::VOCABULARY`).

use serde::{Deserialize, Serialize};

use super::parse::{to_half_width, Cell, MoneyUnit};
use super::read::Sheet;

macro_rules! fields {
    ($($variant:ident = $code:literal / $zh:literal [$($alias:literal),* $(,)?]),+ $(,)?) => {
        /// A ledger field a column can be mapped to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum Field { $($variant),+ }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $(Field::$variant => $code),+ }
            }
            /// The usual Chinese column name.
            pub fn label(self) -> &'static str {
                match self { $(Field::$variant => $zh),+ }
            }
            pub fn from_code(code: &str) -> Option<Field> {
                match code { $($code => Some(Field::$variant),)+ _ => None }
            }
            /// Column names that mean this field (the label first).
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $(Field::$variant => &[$zh, $($alias),*]),+ }
            }
        }
    };
}

fields! {
    Serial = "serial" / "序号" ["编号", "排序", "序"],
    ProjectName = "project_name" / "项目名称" ["项目", "项目名", "招商项目", "项目简称", "项目全称"],
    CompanyName = "company_name" / "投资方" ["企业名称", "投资主体", "投资企业", "签约企业", "企业",
        "投资商", "公司名称", "合作方", "投资单位", "项目单位", "建设单位", "投资方名称", "投资方/企业名称",
        "客商名称", "投资人"],
    CreditCode = "credit_code" / "统一社会信用代码" ["信用代码", "社会信用代码", "企业信用代码"],
    TotalInvestment = "total_investment" / "总投资" ["投资额", "投资规模", "计划总投资", "项目总投资",
        "投资总额", "总投资额", "协议投资额", "签约额", "签约金额", "合同金额"],
    Industry = "industry" / "所属产业" ["产业链", "产业", "行业", "所属行业", "产业类别", "项目类别",
        "所属产业链", "产业分类", "行业类别"],
    Origin = "origin" / "来源地" ["投资方来源地", "来源", "企业所在地", "客商来源地", "投资方所在地",
        "来源地区", "企业来源地", "项目来源地"],
    RegionGroup = "region_group" / "来源区域" ["区域", "来源片区"],
    Stage = "stage" / "项目进展" ["阶段", "项目阶段", "进展情况", "项目状态", "当前阶段", "推进情况",
        "进展阶段", "项目进度", "状态", "进展", "进度"],
    RegisteredOn = "registered_on" / "登记时间" ["录入时间", "对接时间", "首次对接时间", "洽谈时间",
        "入库时间", "登记日期", "接洽时间"],
    SignedOn = "signed_on" / "签约时间" ["签约日期", "签约时间(年月日)"],
    StartedOn = "started_on" / "开工时间" ["开工日期", "落地时间", "开工建设时间", "落地开工时间"],
    OperatingOn = "operating_on" / "投产时间" ["投产日期", "竣工投产时间", "建成投产时间"],
    StageOn = "stage_on" / "阶段变更时间" ["阶段时间", "状态变更时间", "搁置/终止时间"],
    ConstructionKind = "construction_kind" / "开工类型" ["建设性质", "新建/续建/复工"],
    Park = "park" / "所在园区" ["园区", "落地园区", "拟落地园区", "选址", "建设地点", "项目地点",
        "落户园区"],
    Team = "team" / "招商团队" ["招商小组", "责任组", "招商专班", "专班", "招商分局", "招商组"],
    Officer = "officer" / "责任人" ["招商专员", "负责人", "跟踪人", "项目专员", "经办人", "招商责任人",
        "对接人"],
    Sponsor = "sponsor" / "包保领导" ["包联领导", "项目管家", "分包领导", "包保县级领导", "包保责任人",
        "包抓领导"],
    ResponsibleUnit = "responsible_unit" / "责任单位" ["牵头单位", "责任部门", "承办单位", "主责单位"],
    Content = "content" / "建设内容" ["建设规模及内容", "项目内容", "主要建设内容", "项目简介",
        "建设规模", "项目概况"],
    CoordinationIssues = "coordination_issues" / "需协调事项" ["存在问题", "需协调解决的问题",
        "困难问题", "存在困难", "需协调解决事项"],
    NextStep = "next_step" / "下一步工作" ["下步工作", "下一步计划", "下步打算"],
    Notes = "notes" / "备注" ["说明", "其他"],
    ContactPerson = "contact_person" / "企业联系人" ["联系人"],
    ContactPhone = "contact_phone" / "联系电话" ["电话", "手机", "联系方式"],
    KeyProject = "key_project" / "是否重点" ["重点项目", "是否重点项目", "重点"],
    Enclave = "enclave" / "飞地项目" ["飞地", "是否飞地", "是否飞地项目"],
    Relocation = "relocation" / "承接产业转移" ["是否承接产业转移", "产业转移", "承接转移"],
    HighEnergy = "high_energy" / "两高项目" ["两高", "是否两高", "高耗能高排放"],
    // A project's year (`projects::years`): the year and month come from the header
    // («2022年计划投资», «1-6月完成投资», «截至6月底完成投资»).
    PlannedInvestment = "planned_investment" / "年度计划投资" ["计划投资", "年计划投资",
        "本年计划投资", "年度投资计划", "计划完成投资"],
    CompletedInvestment = "completed_investment" / "累计完成投资" ["本年完成投资", "年度完成投资",
        "年完成投资", "月完成投资", "月份完成投资", "月底完成投资", "月末完成投资", "完成投资额"],
    Progress = "progress" / "形象进度" ["工程进度", "建设进度", "工程形象进度", "项目形象进度",
        "形象进度情况"],
    // The registration columns of a 企业名录 (named by `companies::ALIASES`, never by a project
    // header).
    LegalRepresentative = "legal_representative" / "法定代表人" [],
    RegisteredCapital = "registered_capital" / "注册资本" [],
    Address = "address" / "地址" [],
    BusinessScope = "business_scope" / "经营范围" [],
    // The columns of a 招商活动台账 (named by `activities::ALIASES`, never by a project header).
    ActivityDate = "activity_date" / "日期" [],
    ActivityKind = "activity_kind" / "活动类型" [],
    Participants = "participants" / "带队领导" [],
    ActivityPlace = "activity_place" / "地点" [],
    ActivityContent = "activity_content" / "活动内容" [],
}

impl Field {
    /// A column of a 招商活动台账 only (not a project ledger's).
    pub fn activity_only(self) -> bool {
        matches!(
            self,
            Field::ActivityDate
                | Field::ActivityKind
                | Field::Participants
                | Field::ActivityPlace
                | Field::ActivityContent
        )
    }

    /// A column of a 企业名录 only (a company's registration details, not a project ledger's).
    pub fn directory_only(self) -> bool {
        matches!(
            self,
            Field::LegalRepresentative
                | Field::RegisteredCapital
                | Field::Address
                | Field::BusinessScope
        )
    }
}

/// Header text as compared: half-width, simplified (項目名稱 → 项目名称, with the OpenCC t2s
/// conversion the search uses), no spaces, no line breaks, no marks (*, ※).
pub fn normalize_header(text: &str) -> String {
    crate::companies::names::t2s(&to_half_width(text))
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '※' | ':' | '：'))
        .collect()
}

/// The header without a bracketed unit or note: 总投资(万元) → 总投资.
pub(crate) fn strip_brackets(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth -= 1,
            _ if depth <= 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The field a header names, if any: an exact name first, then the longest name it contains.
pub fn field_for_header(header: &str) -> Option<Field> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    // The last part of a merged header ("投资情况/总投资(万元)") decides first.
    let last = h.rsplit('/').next().unwrap_or(&h).to_string();
    for candidate in [last.clone(), h.clone()] {
        let bare = strip_brackets(&candidate);
        for f in Field::ALL
            .iter()
            .filter(|f| !f.activity_only() && !f.directory_only())
        {
            if f.aliases().iter().any(|a| *a == bare || *a == candidate) {
                return Some(*f);
            }
        }
    }
    for candidate in [last, h] {
        let bare = strip_brackets(&candidate);
        let mut best: Option<(usize, Field)> = None;
        for f in Field::ALL
            .iter()
            .filter(|f| !f.activity_only() && !f.directory_only())
        {
            for a in f.aliases() {
                let n = a.chars().count();
                if n >= 2 && bare.contains(a) && best.is_none_or(|(m, _)| n > m) {
                    best = Some((n, *f));
                }
            }
        }
        if let Some((_, f)) = best {
            return Some(f);
        }
    }
    None
}

/// One column of the file and the field it maps to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMapping {
    /// 0-based column index.
    pub column: u32,
    /// The header as read (merged header rows joined with "/").
    pub header: String,
    /// The field, or None for a column that is not imported.
    pub field: Option<Field>,
    /// For money columns: the unit the header names (万元 when it names none).
    pub unit: Option<MoneyUnit>,
}

/// Where the header is and what each column means.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Index in `Sheet::rows` of the first data row.
    pub data_start: usize,
    /// 1-based row numbers of the header rows.
    pub header_rows: Vec<u32>,
    pub columns: Vec<ColumnMapping>,
}

impl Header {
    pub fn column(&self, field: Field) -> Option<&ColumnMapping> {
        self.columns.iter().find(|c| c.field == Some(field))
    }

    /// Identifies a layout: the normalized headers in order (what a remembered mapping keys on).
    pub fn signature(&self) -> String {
        signature_of(&self.columns)
    }
}

/// The signature of a header's columns (see `Header::signature`; every layout uses it).
pub fn signature_of(columns: &[ColumnMapping]) -> String {
    let joined: Vec<String> = columns
        .iter()
        .map(|c| normalize_header(&c.header))
        .collect();
    format!("{:016x}", fnv1a(joined.join("\u{1F}").as_bytes()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The warning naming a header's columns that are not imported (unmapped, or a second column
/// for a field one column holds), if any; a sheet's own 序号 is no loss.
pub(crate) fn ignored_columns_warning(columns: &[ColumnMapping]) -> Option<String> {
    let ignored: Vec<&str> = columns
        .iter()
        .filter(|c| c.field.is_none() && !c.header.is_empty())
        .filter(|c| field_for_header(&c.header) != Some(Field::Serial))
        .map(|c| c.header.as_str())
        .collect();
    (!ignored.is_empty()).then(|| format!("以下列未导入：{}", ignored.join("、")))
}

/// The columns of the row `i` as a header of their own, none mapped yet.
pub(crate) fn unmapped_columns(sheet: &Sheet, i: usize) -> Vec<ColumnMapping> {
    row_texts(sheet, i)
        .into_iter()
        .enumerate()
        .map(|(j, t)| ColumnMapping {
            column: j as u32,
            header: t,
            field: None,
            unit: None,
        })
        .collect()
}

pub(crate) fn row_texts(sheet: &Sheet, i: usize) -> Vec<String> {
    sheet.rows[i]
        .cells
        .iter()
        .map(|c| match c {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Empty => String::new(),
            other => other.text(),
        })
        .collect()
}

/// How one kind of sheet names its columns (项目台账, 招商活动台账, 企业名录): all that
/// [`detect_with`] needs to find that kind's header below titles and over merged header rows.
pub(crate) struct Vocabulary {
    /// The field a header names (a joined header "group/column" by its last part first).
    pub field: fn(&str) -> Option<Field>,
    /// The column every data row fills and a sub-header row leaves empty or repeats (项目名称,
    /// 日期, 企业名称).
    pub anchor: Field,
    /// A field that counts two extra in choosing the header row (项目名称 in a project ledger).
    pub bonus: Option<Field>,
    /// Why no header was found (sheet name, rows looked at).
    pub not_found: fn(&str, usize) -> String,
}

/// A project ledger's column names.
pub(crate) const PROJECTS: Vocabulary = Vocabulary {
    field: field_for_header,
    anchor: Field::ProjectName,
    bonus: Some(Field::ProjectName),
    not_found: |sheet, scan| {
        format!(
            "工作表“{sheet}”的前{scan}行中找不到表头（应含“项目名称”“投资方”“总投资”等列名；招商活动台账或企业名录的列名不常见时，请先选择表格类型）。"
        )
    },
};

impl Field {
    /// A field several columns may hold together (参加人员 over 带队领导 and 责任人: everyone in
    /// both takes part). Every other field is held by one column, the first.
    pub fn several_columns(self) -> bool {
        matches!(self, Field::Participants)
    }
}

fn score(texts: &[String], vocab: &Vocabulary) -> usize {
    let mut seen = Vec::new();
    for t in texts {
        if let Some(f) = (vocab.field)(t) {
            if !seen.contains(&f) {
                seen.push(f);
            }
        }
    }
    seen.len()
        + if vocab.bonus.is_some_and(|b| seen.contains(&b)) {
            2
        } else {
            0
        }
}

/// A title or group row: one text (perhaps merged over every column).
fn is_title(texts: &[String]) -> bool {
    let mut distinct: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
    distinct.dedup();
    distinct.len() <= 1
}

/// Finds a project ledger's header (see [`detect_with`]).
pub fn detect(sheet: &Sheet) -> Result<Header, String> {
    detect_with(sheet, &PROJECTS, 3)
}

/// Finds the header in the first 30 rows, as `vocab` names columns: the row naming the most
/// fields (at least `min_fields`; the vocabulary's bonus field counts extra), joined with a
/// group row above it and sub-header rows below it. The same for the three kinds of sheet.
pub(crate) fn detect_with(
    sheet: &Sheet,
    vocab: &Vocabulary,
    min_fields: usize,
) -> Result<Header, String> {
    let field = vocab.field;
    let scan = sheet.rows.len().min(30);
    let mut best: Option<(usize, usize)> = None;
    for i in 0..scan {
        let s = score(&row_texts(sheet, i), vocab);
        if s >= min_fields.max(1) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    let Some((top, _)) = best else {
        return Err((vocab.not_found)(&sheet.name, scan));
    };
    let mut rows = vec![top];
    // A group row right above (投资情况 over 总投资/已完成投资), not a title.
    if top > 0 && sheet.rows[top - 1].number + 1 == sheet.rows[top].number {
        let above = row_texts(sheet, top - 1);
        let here = row_texts(sheet, top);
        // Merged vertically over both rows: some column reads the same in both.
        let shares = above
            .iter()
            .zip(&here)
            .any(|(a, b)| !a.is_empty() && a == b && field(a).is_some());
        // The same without merge information (CSV): the row above names a field over an
        // empty cell of this row (序号, 备注 merged down), one this row does not name.
        let named_here: Vec<Field> = here.iter().filter_map(|t| field(t)).collect();
        let names_more = above.iter().enumerate().any(|(j, a)| {
            !a.is_empty()
                && here.get(j).is_none_or(String::is_empty)
                && field(a).is_some_and(|f| !named_here.contains(&f))
        });
        if !is_title(&above) && (shares || names_more) {
            rows.insert(0, top - 1);
        }
    }
    // Sub-header rows below: their anchor cell (项目名称, 日期…) is empty or repeats the header.
    let top_texts = row_texts(sheet, top);
    let anchor_col = top_texts
        .iter()
        .position(|t| field(t) == Some(vocab.anchor));
    let mut next = top + 1;
    while next < sheet.rows.len() && rows.len() < 4 {
        if sheet.rows[next].number != sheet.rows[next - 1].number + 1 {
            break;
        }
        let texts = row_texts(sheet, next);
        let anchor_cell = anchor_col
            .and_then(|c| texts.get(c).cloned())
            .unwrap_or_default();
        let sub = (anchor_cell.is_empty() || anchor_cell == top_texts[anchor_col.unwrap_or(0)])
            && texts.iter().any(|t| field(t).is_some())
            && !texts.iter().any(|t| looks_like_data(t));
        if !sub {
            break;
        }
        rows.push(next);
        next += 1;
    }
    let texts: Vec<Vec<String>> = rows.iter().map(|&i| row_texts(sheet, i)).collect();
    let width = texts.iter().map(Vec::len).max().unwrap_or(0);
    let mut columns = Vec::with_capacity(width);
    for c in 0..width {
        let mut parts: Vec<String> = Vec::new();
        for (k, row) in texts.iter().enumerate() {
            let mut t = row.get(c).cloned().unwrap_or_default();
            // An upper row's horizontally merged cell (no merge info, e.g. CSV): inherit from
            // the left when a lower row names this column.
            if t.is_empty() && k + 1 < texts.len() {
                let below = texts[k + 1..]
                    .iter()
                    .any(|r| r.get(c).is_some_and(|x| !x.is_empty()));
                if below {
                    t = (0..c)
                        .rev()
                        .map(|j| row.get(j).cloned().unwrap_or_default())
                        .find(|x| !x.is_empty())
                        .unwrap_or_default();
                    // Only when that left cell is a group (a lower row is set under it too).
                    if t.is_empty() || field(&t).is_some() {
                        t = String::new();
                    }
                }
            }
            if !t.is_empty() && parts.last() != Some(&t) {
                parts.push(t);
            }
        }
        columns.push(ColumnMapping {
            column: c as u32,
            header: parts.join("/"),
            field: None,
            unit: None,
        });
    }
    Ok(remap(
        Header {
            data_start: rows.last().expect("one header row") + 1,
            header_rows: rows.iter().map(|&i| sheet.rows[i].number).collect(),
            columns,
        },
        vocab,
    ))
}

/// The header's columns mapped as `vocab` names them: one column per field, the first keeps it
/// (except a field several columns may hold); a money column's unit from its header.
pub(crate) fn remap(mut head: Header, vocab: &Vocabulary) -> Header {
    let mut seen = Vec::new();
    for col in &mut head.columns {
        let named = (vocab.field)(&col.header);
        col.unit = matches!(
            named,
            Some(Field::TotalInvestment | Field::PlannedInvestment | Field::CompletedInvestment)
        )
        .then(|| MoneyUnit::from_header(&col.header));
        col.field = named.filter(|f| f.several_columns() || !seen.contains(f));
        if let Some(f) = col.field {
            seen.push(f);
        }
    }
    head
}

/// The header at row `i` alone, mapped as `vocab` names columns (a header the user picked or
/// one the detection does not find).
pub(crate) fn header_at(sheet: &Sheet, i: usize, vocab: &Vocabulary) -> Header {
    remap(
        Header {
            data_start: i + 1,
            header_rows: vec![sheet.rows[i].number],
            columns: unmapped_columns(sheet, i),
        },
        vocab,
    )
}

/// The header a user says is of `vocab`'s kind: as [`detect_with`] finds it naming at least one
/// field, else the first row with two filled cells (its columns then mapped by the user). A
/// header is two columns at least (a lone 说明 under a title is no header).
pub(crate) fn detect_chosen(sheet: &Sheet, vocab: &Vocabulary) -> Result<Header, String> {
    let two_columns = |h: &Header| h.columns.iter().filter(|c| !c.header.is_empty()).count() >= 2;
    if let Some(h) = detect_with(sheet, vocab, 1).ok().filter(two_columns) {
        return Ok(h);
    }
    (0..sheet.rows.len().min(30))
        .find(|&i| sheet.rows[i].cells.iter().filter(|c| !c.is_empty()).count() >= 2)
        .map(|i| header_at(sheet, i, vocab))
        .ok_or_else(|| (vocab.not_found)(&sheet.name, sheet.rows.len().min(30)))
}

fn looks_like_data(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && (t.parse::<f64>().is_ok() || t.chars().count() > 30)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::import::read::Row;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "台账".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    number: i as u32 + 1,
                    cells: r
                        .iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(t.to_string())
                            }
                        })
                        .collect(),
                })
                .collect(),
            read_as: "",
        }
    }

    #[test]
    fn headers_by_usual_names() {
        assert_eq!(field_for_header("项目名称"), Some(Field::ProjectName));
        assert_eq!(
            field_for_header("投资方/企业名称"),
            Some(Field::CompanyName)
        );
        assert_eq!(
            field_for_header("总投资(万元)"),
            Some(Field::TotalInvestment)
        );
        assert_eq!(
            field_for_header("总投资（亿元）"),
            Some(Field::TotalInvestment)
        );
        assert_eq!(field_for_header("投资方来源地"), Some(Field::Origin));
        assert_eq!(field_for_header("项目进展"), Some(Field::Stage));
        assert_eq!(field_for_header("签约\n时间"), Some(Field::SignedOn));
        assert_eq!(field_for_header("是否重点项目"), Some(Field::KeyProject));
        assert_eq!(
            field_for_header("投资情况/总投资(万元)"),
            Some(Field::TotalInvestment)
        );
        assert_eq!(field_for_header("所属产业链"), Some(Field::Industry));
        assert_eq!(field_for_header("完成情况"), None);
    }

    #[test]
    fn header_below_a_title_with_a_two_row_header() {
        let s = sheet(&[
            &["凌源市2022年招商引资项目台账"],
            &["填报单位：招商局", "", "", "", "", "2022年6月30日"],
            &["序号", "项目名称", "投资方", "投资情况", "", "项目进展"],
            &["", "", "", "总投资(亿元)", "已完成投资", ""],
            &["1", "年产10万吨精密铸件", "凌源钢铁", "1.2", "0.3", "签约"],
        ]);
        let h = detect(&s).unwrap();
        assert_eq!(h.header_rows, vec![3, 4]);
        assert_eq!(h.data_start, 4);
        assert_eq!(h.columns[1].field, Some(Field::ProjectName));
        assert_eq!(h.columns[3].header, "投资情况/总投资(亿元)");
        assert_eq!(h.columns[3].field, Some(Field::TotalInvestment));
        assert_eq!(h.columns[3].unit, Some(MoneyUnit::Yi));
        assert_eq!(h.columns[4].header, "投资情况/已完成投资");
        assert_eq!(h.columns[4].field, None);
        assert_eq!(h.columns[5].field, Some(Field::Stage));
    }

    /// A CSV keeps a merged cell's text in its first cell only: the upper header row's 序号 and
    /// 备注 sit over empty cells of the row naming the most fields, and still head their columns.
    #[test]
    fn upper_header_row_over_empty_cells_without_merge_information() {
        let s = sheet(&[
            &["招商引资项目台账"],
            &["填报单位：招商局", "", "", "填报时间：2022年7月5日", ""],
            &["序号", "基本情况", "", "", "备注"],
            &["", "项目名称", "投资方", "总投资(万元)", ""],
            &["1", "年产10万吨精密铸件", "凌源钢铁", "12000", "续建"],
        ]);
        let h = detect(&s).unwrap();
        assert_eq!(h.header_rows, vec![3, 4]);
        assert_eq!(h.data_start, 4);
        let headers: Vec<&str> = h.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(
            headers,
            [
                "序号",
                "基本情况/项目名称",
                "基本情况/投资方",
                "基本情况/总投资(万元)",
                "备注"
            ]
        );
        assert_eq!(h.columns[0].field, Some(Field::Serial));
        assert_eq!(h.columns[4].field, Some(Field::Notes));
        // A 填报 row over the header is not part of it (it names no field).
        let s = sheet(&[
            &["填报单位：招商局", "", "", "填报时间：2022年7月5日", ""],
            &["序号", "项目名称", "投资方", "总投资(万元)", ""],
            &["1", "年产10万吨精密铸件", "凌源钢铁", "12000", ""],
        ]);
        assert_eq!(detect(&s).unwrap().header_rows, vec![2]);
    }

    #[test]
    fn no_header_is_a_clear_message() {
        let s = sheet(&[&["a", "b"], &["1", "2"]]);
        assert!(detect(&s).unwrap_err().contains("找不到表头"));
    }
}

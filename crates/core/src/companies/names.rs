//! Company names: normalization for matching (full/half width, traditional → simplified, legal
//! suffixes, （中国）, leading province/city names), likely duplicates, and merging two
//! companies into one (projects and activities re-pointed, the merged one soft-deleted).

use std::collections::HashMap;
use std::sync::OnceLock;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{ActivityInput, CompanyInput, ProjectInput};

/// Traditional → simplified (OpenCC t2s), loaded once.
pub fn t2s(text: &str) -> String {
    static CONVERTER: OnceLock<Option<ferrous_opencc::OpenCC>> = OnceLock::new();
    let conv = CONVERTER.get_or_init(|| {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
    });
    let Some(conv) = conv else {
        return text.to_string();
    };
    if text.is_ascii() || !text.chars().any(|c| is_traditional(conv, c)) {
        return text.to_string();
    }
    conv.convert(text)
}

/// Whether OpenCC changes this character on its own (memoized: converting is costly, and
/// most names have no traditional character at all).
fn is_traditional(conv: &ferrous_opencc::OpenCC, c: char) -> bool {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static SEEN: OnceLock<Mutex<HashMap<char, bool>>> = OnceLock::new();
    if c.is_ascii() {
        return false;
    }
    let seen = SEEN.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(v) = seen.lock().unwrap_or_else(|e| e.into_inner()).get(&c) {
        return *v;
    }
    let s = c.to_string();
    let v = conv.convert(&s) != s;
    seen.lock().unwrap_or_else(|e| e.into_inner()).insert(c, v);
    v
}

/// Text as compared everywhere: half-width, simplified, lower-case ASCII, no spaces.
pub fn fold(text: &str) -> String {
    let half = crate::io::import::parse::to_half_width(text);
    t2s(&half)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

const PROVINCES: &[&str] = &[
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
    "中国",
];

/// Suffixes stripped from the end, longest first (repeatedly: 集团有限公司 → 集团 → "").
const SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "总公司",
    "公司",
    "集团",
    "有限",
];

const PLACE_SUFFIXES: &[&str] = &[
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
];

/// Strips a place name's administrative suffix (河北省 → 河北, 唐山市 → 唐山), keeping two
/// characters at least.
pub fn short_place(name: &str) -> String {
    for s in PLACE_SUFFIXES {
        if let Some(rest) = name.strip_suffix(s) {
            if rest.chars().count() >= 2 {
                return rest.to_string();
            }
        }
    }
    name.to_string()
}

/// Normalizes company names for matching. Built with the province and prefecture names of the
/// division list (`from_divisions`) it also strips leading city names (唐山市XX → XX).
#[derive(Debug, Clone)]
pub struct Normalizer {
    /// Place prefixes, longest first (with and without 省/市).
    places: Vec<String>,
    /// Positions in `places` by first character (longest first), so a name is only compared
    /// with the places it could start with.
    by_first: HashMap<char, Vec<usize>>,
}

fn index_by_first(places: &[String]) -> HashMap<char, Vec<usize>> {
    let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        if let Some(c) = p.chars().next() {
            by_first.entry(c).or_default().push(i);
        }
    }
    by_first
}

impl Default for Normalizer {
    fn default() -> Self {
        let mut places: Vec<String> = Vec::new();
        for p in PROVINCES {
            places.push(p.to_string());
            places.push(format!("{p}省"));
            places.push(format!("{p}市"));
        }
        places.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let by_first = index_by_first(&places);
        Normalizer { places, by_first }
    }
}

impl Normalizer {
    /// Provinces plus every prefecture-level name of the ledger's division list.
    pub fn from_divisions(conn: &Connection) -> Result<Normalizer> {
        let mut n = Normalizer::default();
        let mut stmt = conn.prepare("SELECT name FROM divisions WHERE level <= 2")?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for name in names {
            let short = short_place(&name);
            n.places.push(name);
            if short.chars().count() >= 2 {
                n.places.push(short);
            }
        }
        n.places
            .sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        n.places.dedup();
        n.by_first = index_by_first(&n.places);
        Ok(n)
    }

    /// Places that start with `c`, longest first.
    fn starting_with(&self, c: char) -> impl Iterator<Item = &str> {
        self.by_first
            .get(&c)
            .into_iter()
            .flatten()
            .map(|&i| self.places[i].as_str())
    }

    fn is_place(&self, text: &str) -> bool {
        let first = text.chars().next().unwrap_or(' ');
        self.starting_with(first).any(|p| p == text)
    }

    /// The matching key of a company name: 北京首钢股份有限公司 → 首钢, 凌鋼（中国）有限公司 → 凌钢.
    pub fn key(&self, name: &str) -> String {
        let folded = fold(name);
        // Bracketed parts: （中国）, (北京), （集团）.
        let mut s = String::new();
        let mut depth = 0i32;
        let mut inner = String::new();
        for c in folded.chars() {
            match c {
                '(' | '（' | '[' | '【' => {
                    depth += 1;
                    inner.clear();
                }
                ')' | '）' | ']' | '】' => {
                    depth -= 1;
                    let keep = !(inner.is_empty()
                        || inner == "中国"
                        || inner == "集团"
                        || self.is_place(&inner));
                    if keep {
                        s.push_str(&inner);
                    }
                    inner.clear();
                }
                _ if depth > 0 => inner.push(c),
                _ => s.push(c),
            }
        }
        if depth > 0 {
            s.push_str(&inner);
        }
        let s: String = s
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '·' | '-' | '_' | '.' | ',' | '、' | '&' | '"' | '“' | '”'
                )
            })
            .collect();
        let mut s = s;
        loop {
            let before = s.clone();
            for suf in SUFFIXES {
                if let Some(rest) = s.strip_suffix(suf) {
                    if rest.chars().count() >= 2 {
                        s = rest.to_string();
                        break;
                    }
                }
            }
            if s == before {
                break;
            }
        }
        loop {
            let before = s.clone();
            let first = s.chars().next().unwrap_or(' ');
            for p in self.starting_with(first) {
                if let Some(rest) = s.strip_prefix(p) {
                    if rest.chars().count() >= 2 {
                        s = rest.to_string();
                        break;
                    }
                }
            }
            if s == before {
                break;
            }
        }
        s
    }
}

/// `Normalizer::default().key(name)`.
pub fn normalize(name: &str) -> String {
    Normalizer::default().key(name)
}

/// One company in a group of likely duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuplicateCompany {
    pub id: String,
    pub name: String,
    pub credit_code: Option<String>,
    pub origin_name: Option<String>,
    pub projects: u32,
    pub activities: u32,
}

/// Why companies are shown together as likely duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DuplicateReason {
    /// The same 统一社会信用代码 (certainly one company).
    CreditCode,
    /// The same normalized name (`key`), no conflicting credit codes.
    Name,
}

/// Companies that are likely one investor: the same credit code first, else the same
/// normalized name (and credit codes that do not differ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DuplicateGroup {
    /// The shared credit code (`CreditCode`) or normalized name (`Name`).
    pub key: String,
    pub reason: DuplicateReason,
    pub companies: Vec<DuplicateCompany>,
}

/// A company with the counts of its live projects and activities.
const COMPANY_USAGE: &str = "SELECT c.id, c.name, c.credit_code, d.full_name,
    (SELECT COUNT(*) FROM projects p WHERE p.company_id = c.id AND p.deleted_at IS NULL),
    (SELECT COUNT(*) FROM activity_companies ac JOIN activities a ON a.id = ac.activity_id
      WHERE ac.company_id = c.id AND a.deleted_at IS NULL)
    FROM companies c LEFT JOIN divisions d ON d.code = c.origin_code
    WHERE c.deleted_at IS NULL";

fn usage_from_row(r: &rusqlite::Row) -> rusqlite::Result<DuplicateCompany> {
    Ok(DuplicateCompany {
        id: r.get(0)?,
        name: r.get(1)?,
        credit_code: r.get(2)?,
        origin_name: r.get(3)?,
        projects: r.get(4)?,
        activities: r.get(5)?,
    })
}

/// One live company with its project and activity counts (what a merge leaves behind).
pub fn company_usage(conn: &Connection, id: &str) -> Result<DuplicateCompany> {
    let mut stmt = conn.prepare_cached(&format!("{COMPANY_USAGE} AND c.id = ?1"))?;
    let mut rows = stmt.query_map([id], usage_from_row)?;
    match rows.next() {
        Some(c) => Ok(c?),
        None => Err(Error::not_found("企业", id)),
    }
}

pub fn duplicate_candidates(conn: &Connection) -> Result<Vec<DuplicateGroup>> {
    let norm = Normalizer::from_divisions(conn)?;
    // Names first (cheap); origin and counts only for the companies that are grouped.
    let mut stmt = conn.prepare(
        "SELECT id, name, credit_code FROM companies WHERE deleted_at IS NULL
         ORDER BY created_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DuplicateCompany {
            id: r.get(0)?,
            name: r.get(1)?,
            credit_code: r.get(2)?,
            origin_name: None,
            projects: 0,
            activities: 0,
        })
    })?;
    let all: Vec<DuplicateCompany> = rows.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    // Matched by 统一社会信用代码 first (the schema keeps live codes unique: a safeguard).
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut code_order = Vec::new();
    for (i, c) in all.iter().enumerate() {
        if let Some(code) = c.credit_code.as_deref() {
            let e = by_code.entry(code).or_default();
            if e.is_empty() {
                code_order.push(code);
            }
            e.push(i);
        }
    }
    let mut grouped = vec![false; all.len()];
    for code in code_order {
        let idx = &by_code[code];
        if idx.len() < 2 {
            continue;
        }
        for &i in idx {
            grouped[i] = true;
        }
        out.push(DuplicateGroup {
            key: code.to_string(),
            reason: DuplicateReason::CreditCode,
            companies: idx.iter().map(|&i| all[i].clone()).collect(),
        });
    }
    let mut groups: HashMap<String, Vec<DuplicateCompany>> = HashMap::new();
    let mut order = Vec::new();
    for (i, c) in all.into_iter().enumerate() {
        if grouped[i] {
            continue;
        }
        let key = norm.key(&c.name);
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(c);
    }
    for key in order {
        let companies = groups.remove(&key).unwrap_or_default();
        if companies.len() < 2 {
            continue;
        }
        let mut codes: Vec<&String> = companies
            .iter()
            .filter_map(|c| c.credit_code.as_ref())
            .collect();
        codes.sort();
        codes.dedup();
        if codes.len() > 1 {
            continue; // two registered entities that share a short name
        }
        out.push(DuplicateGroup {
            key,
            reason: DuplicateReason::Name,
            companies,
        });
    }
    let mut usage = conn.prepare_cached(&format!("{COMPANY_USAGE} AND c.id = ?1"))?;
    for g in &mut out {
        for c in &mut g.companies {
            *c = usage.query_row([&c.id], usage_from_row)?;
        }
    }
    Ok(out)
}

/// Moves everything of company `merge` onto `keep` and soft-deletes `merge`. Runs inside the
/// caller's transaction. Empty fields of `keep` are filled from `merge`; `merge`'s name becomes
/// a search alias of `keep`.
pub fn merge(conn: &Connection, keep: &str, merge: &str, today: chrono::NaiveDate) -> Result<()> {
    if keep == merge {
        return Err(Error::invalid("company_id", "不能把企业合并到它自己。"));
    }
    let k = crate::companies::get(conn, keep)?;
    let m = crate::companies::get(conn, merge)?;
    if let (Some(a), Some(b)) = (&k.credit_code, &m.credit_code) {
        if a != b {
            return Err(Error::Conflict(format!(
                "“{}”与“{}”的统一社会信用代码不同（{a} / {b}），是两家企业，不能合并。",
                k.name, m.name
            )));
        }
    }
    let project_ids: Vec<String> = conn
        .prepare("SELECT id FROM projects WHERE company_id = ?1 AND deleted_at IS NULL")?
        .query_map([merge], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in project_ids {
        let p = crate::projects::get(conn, &id)?;
        let input = ProjectInput {
            name: p.name,
            company_id: Some(keep.to_string()),
            content: p.content,
            total_investment: p.total_investment,
            industry_id: p.industry_id,
            region_group_override: if p.region_group_manual {
                p.region_group_id
            } else {
                None
            },
            enclave: p.enclave,
            relocation: p.relocation,
            key_project: p.key_project,
            high_energy: p.high_energy,
            park: p.park,
            team_id: p.team_id,
            officer_id: p.officer_id,
            sponsor_id: p.sponsor_id,
            responsible_unit: p.responsible_unit,
            coordination_issues: p.coordination_issues,
            next_step: p.next_step,
            notes: p.notes,
            follow_up_on: p.follow_up_on,
        };
        crate::projects::update(conn, &id, &input)?;
    }
    let activity_ids: Vec<String> = conn
        .prepare(
            "SELECT a.id FROM activity_companies ac JOIN activities a ON a.id = ac.activity_id
             WHERE ac.company_id = ?1 AND a.deleted_at IS NULL",
        )?
        .query_map([merge], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in activity_ids {
        let a = crate::activities::get(conn, &id)?;
        let mut company_ids: Vec<String> = Vec::new();
        for c in &a.company_ids {
            let c = if c == merge { keep } else { c.as_str() };
            if !company_ids.iter().any(|x| x == c) {
                company_ids.push(c.to_string());
            }
        }
        let input = ActivityInput {
            kind: a.kind,
            occurred_on: a.occurred_on,
            place: a.place.clone(),
            destination_code: a.destination_code.clone(),
            summary: a.summary.clone(),
            follow_up_on: a.follow_up_on,
            officer_ids: a.officer_ids.clone(),
            company_ids: company_ids.clone(),
            project_ids: a.project_ids.clone(),
        };
        if crate::activities::update(conn, &id, &input, today).is_err() {
            // An old activity the form would no longer accept (e.g. its officer was deleted):
            // re-point the link alone, logged like any change.
            conn.execute(
                "INSERT OR IGNORE INTO activity_companies (activity_id, company_id) VALUES (?1, ?2)",
                params![id, keep],
            )?;
            conn.execute(
                "DELETE FROM activity_companies WHERE activity_id = ?1 AND company_id = ?2",
                params![id, merge],
            )?;
            let after = crate::activities::get(conn, &id)?;
            crate::storage::changelog::record(conn, "activities", &id, Some(&a), &after, &[])?;
        }
    }
    crate::companies::delete(conn, merge)?;
    let filled = CompanyInput {
        name: k.name.clone(),
        credit_code: k.credit_code.clone().or(m.credit_code.clone()),
        origin_code: k.origin_code.clone().or(m.origin_code.clone()),
        overseas: k.overseas || (k.origin_code.is_none() && m.overseas),
        industry_id: k.industry_id.clone().or(m.industry_id.clone()),
        contact_person: k.contact_person.clone().or(m.contact_person.clone()),
        contact_phone: k.contact_phone.clone().or(m.contact_phone.clone()),
        notes: match (&k.notes, &m.notes) {
            (Some(a), Some(b)) if a != b => Some(format!("{a}\n{b}")),
            (a, b) => a.clone().or(b.clone()),
        },
        legal_representative: k
            .legal_representative
            .clone()
            .or(m.legal_representative.clone()),
        registered_capital: k.registered_capital.or(m.registered_capital),
        address: k.address.clone().or(m.address.clone()),
        business_scope: k.business_scope.clone().or(m.business_scope.clone()),
    };
    if filled != k.to_input() {
        crate::companies::update(conn, keep, &filled)?;
    }
    if fold(&m.name) != fold(&k.name) {
        crate::search::add_alias_in(conn, &m.name, &k.name)?;
    }
    Ok(())
}

impl Ledger {
    /// Likely duplicate companies (same normalized name, no conflicting credit codes).
    pub fn duplicate_companies(&self) -> Result<Vec<DuplicateGroup>> {
        duplicate_candidates(self.connection())
    }

    /// A live company with the counts of its projects and activities.
    pub fn company_usage(&self, id: &str) -> Result<DuplicateCompany> {
        company_usage(self.connection(), id)
    }

    /// 合并企业: `merge`'s projects and activities move to `keep` (every stage change and
    /// activity is kept), then `merge` is deleted (restorable from the recycle bin). One action.
    pub fn merge_companies(&mut self, keep: &str, merge: &str) -> Result<crate::model::Company> {
        self.write(|tx, today| {
            self::merge(tx, keep, merge, today)?;
            crate::companies::get(tx, keep)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_width_script_suffixes_and_places() {
        let n = Normalizer::default();
        assert_eq!(n.key("凌源钢铁股份有限公司"), "凌源钢铁");
        assert_eq!(n.key("凌源鋼鐵集團有限責任公司"), "凌源钢铁");
        assert_eq!(n.key("北京首钢（中国）有限公司"), "首钢");
        assert_eq!(n.key("北京市首钢股份有限公司"), "首钢");
        assert_eq!(n.key("ＡＢＣ科技有限公司"), "abc科技");
        assert_eq!(n.key("河北 华北制药 有限公司"), "华北制药");
        assert_eq!(n.key("北京（天津）新能源有限公司"), "新能源");
        // Never stripped to nothing.
        assert_eq!(n.key("北京公司"), "北京");
        assert_eq!(fold("凌鋼"), "凌钢");
    }
}

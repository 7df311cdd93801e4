//! One search box for projects, companies and officers (issue 4): Chinese substring, full
//! pinyin and initials (lygt → 凌源钢铁), simplified or traditional (凌鋼 finds 凌钢), and
//! aliases (凌钢 = 凌源钢铁). An FTS5 trigram index over the folded name and its pinyin serves
//! queries of three characters or more; shorter ones fall back to LIKE.
//!
//! SQL triggers (migration 0002) keep `search_docs` in step with every write to the record
//! tables and mark changed rows stale (`norm` NULL); `refresh_index` computes the folded text
//! and the pinyin of stale rows (imports call it in their transaction; a search calls it first).

use std::collections::HashMap;

use pinyin::ToPinyinMulti;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::companies::names::fold;
use crate::error::{Error, Result};
use crate::ledger::Ledger;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SearchKind {
    Project,
    Company,
    Officer,
}

impl SearchKind {
    pub fn code(self) -> &'static str {
        match self {
            SearchKind::Project => "project",
            SearchKind::Company => "company",
            SearchKind::Officer => "officer",
        }
    }
    fn from_code(c: &str) -> SearchKind {
        match c {
            "project" => SearchKind::Project,
            "company" => SearchKind::Company,
            _ => SearchKind::Officer,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SearchKind::Project => "项目",
            SearchKind::Company => "企业",
            SearchKind::Officer => "人员",
        }
    }
}

/// How a hit matched the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum MatchedBy {
    Name,
    Pinyin,
    Alias,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: String,
    pub name: String,
    /// A project's company, a company's origin, an officer's team.
    pub detail: Option<String>,
    pub matched_by: MatchedBy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Alias {
    pub id: String,
    pub alias: String,
    pub canonical: String,
}

/// Readings kept per name (cartesian products of heteronyms are capped). Every name keeps its
/// usual reading (each character's first); the other readings fill the rest, first characters
/// first. Only [`COMMON_HETERONYMS`] have other readings, so most names have one of each.
const MAX_FULL: usize = 4;
const MAX_INITIALS: usize = 8;

/// Characters whose other readings are common in names (重庆 chongqing, 长安 chang'an, 银行
/// hang, 厦门 xia, 六安 lu, 蚌埠 bang, 朴 piao …), sorted. Every other character is indexed by
/// its usual reading only: the pinyin data lists rare readings for most characters (年 ning,
/// 万 mo, 吨 tun, 车 ju), and their combinations were most of the index (a 100k-row import
/// spent more time indexing readings nobody types than everything else in the search index).
const COMMON_HETERONYMS: &[char] = &[
    '乐', '亲', '仇', '会', '传', '伯', '似', '体', '作', '供', '便', '假', '六', '兴', '冲', '几',
    '分', '切', '划', '区', '华', '单', '占', '卡', '压', '厦', '参', '发', '句', '只', '召', '叶',
    '号', '同', '吾', '和', '圈', '地', '堡', '处', '大', '奇', '好', '宁', '家', '宿', '将', '尉',
    '少', '尾', '属', '差', '干', '应', '度', '弹', '强', '当', '扇', '扎', '择', '挑', '据', '提',
    '散', '数', '旋', '曲', '更', '服', '朝', '朴', '枞', '柏', '查', '校', '模', '横', '正', '汤',
    '沈', '泊', '洗', '洞', '济', '浚', '涌', '涨', '漂', '澄', '片', '率', '番', '盖', '盛', '相',
    '省', '看', '石', '种', '秘', '称', '空', '系', '累', '综', '缪', '翟', '舍', '色', '莘', '落',
    '蔚', '蕃', '薄', '藏', '蚌', '行', '要', '覃', '觉', '角', '解', '论', '调', '转', '载', '还',
    '遗', '都', '重', '量', '钻', '铅', '铺', '长', '间', '阿', '陆', '降', '难', '鲜',
];

/// Full pinyin and initials of every reading: "凌源钢铁" → "lingyuangangtie lygt".
pub fn pinyin_of(folded: &str) -> String {
    let mut full: Vec<String> = vec![String::new()];
    let mut initials: Vec<String> = vec![String::new()];
    let mut readings: Vec<&'static str> = Vec::with_capacity(4);
    let mut firsts: Vec<char> = Vec::with_capacity(4);
    for c in folded.chars() {
        match c.to_pinyin_multi() {
            Some(multi) => {
                readings.clear();
                let mut all = multi.into_iter().map(|p| p.plain());
                if COMMON_HETERONYMS.binary_search(&c).is_ok() {
                    readings.extend(all);
                    readings.dedup();
                } else {
                    readings.extend(all.next());
                }
            }
            None => {
                if c.is_ascii_alphanumeric() {
                    let l = c.to_ascii_lowercase();
                    for v in full.iter_mut().chain(initials.iter_mut()) {
                        v.push(l);
                    }
                }
                continue;
            }
        };
        firsts.clear();
        firsts.extend(readings.iter().filter_map(|r| r.chars().next()));
        firsts.dedup();
        // One reading (most characters): appended in place to every prefix.
        if let [only] = readings.as_slice() {
            for v in &mut full {
                v.push_str(only);
            }
        } else {
            full = extend(&full, readings.iter().copied(), MAX_FULL);
        }
        if let [only] = firsts.as_slice() {
            for v in &mut initials {
                v.push(*only);
            }
        } else {
            initials = extend(&initials, firsts.iter().map(char::to_string), MAX_INITIALS);
        }
    }
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::with_capacity(full.len() + initials.len());
    for v in full.iter().chain(&initials) {
        if !v.is_empty() && !seen.contains(&v.as_str()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(v);
            seen.push(v);
        }
    }
    out
}

/// Every prefix followed by the first option, then other options while under `cap`.
fn extend<S: AsRef<str>>(
    prefixes: &[String],
    options: impl Iterator<Item = S>,
    cap: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    for (i, o) in options.enumerate() {
        let o = o.as_ref();
        for p in prefixes {
            // The first reading always; others while under the cap.
            if i == 0 || out.len() < cap {
                let mut v = String::with_capacity(p.len() + o.len());
                v.push_str(p);
                v.push_str(o);
                out.push(v);
            }
        }
    }
    out.truncate(cap.max(prefixes.len()));
    out
}

/// Fills in the folded text and pinyin of rows the triggers marked stale. Returns how many.
pub fn refresh_index(conn: &Connection) -> Result<usize> {
    let mut t = std::time::Instant::now();
    let stale: Vec<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM search_docs WHERE norm IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if stale.is_empty() {
        return Ok(0);
    }
    // One statement for the lot: FTS5 flushes its pending terms at every statement that
    // writes to it, so one UPDATE per row left an import of 100k rows with 100k tiny index
    // segments to merge.
    let readings = |chunk: &[(i64, String)]| -> Vec<(i64, String, String)> {
        chunk
            .iter()
            .map(|(id, name)| {
                let norm = fold(name);
                let py = pinyin_of(&norm);
                (*id, norm, py)
            })
            .collect()
    };
    // Folding and pinyin of a big batch (an import) on every core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let rows: Vec<(i64, String, String)> = if stale.len() < 2_000 || threads < 2 {
        readings(&stale)
    } else {
        let chunk = stale.len().div_ceil(threads);
        std::thread::scope(|s| {
            let parts: Vec<_> = stale
                .chunks(chunk)
                .map(|c| s.spawn(move || readings(c)))
                .collect();
            parts
                .into_iter()
                .flat_map(|h| h.join().expect("pinyin thread"))
                .collect()
        })
    };
    crate::io::import::phase_done("搜索索引：简繁折叠与拼音", &mut t);
    if stale.len() > 5_000 {
        // Pending terms are flushed to a new index segment every `hashsize` bytes (1 MB by
        // default), and segments merged as they pile up: a bulk refresh (an import) with a
        // bigger buffer writes a few big segments instead of hundreds of small ones to merge.
        // Kept (it is a setting of the index): only writes in bulk ever fill it.
        conn.prepare_cached(
            "INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 67108864)",
        )?
        .execute([])?;
    }
    // The readings go to a scratch table (in memory), then into search_docs in one statement,
    // in rowid order: FTS5 flushes its pending terms at every statement that writes to it
    // (one UPDATE per row left 100k tiny segments to merge) and whenever rowids go backwards.
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_refresh (
            id INTEGER PRIMARY KEY, norm TEXT NOT NULL, pinyin TEXT NOT NULL);
         DELETE FROM temp.search_refresh;",
    )?;
    {
        let mut put = conn.prepare_cached(
            "INSERT INTO temp.search_refresh (id, norm, pinyin) VALUES (?1, ?2, ?3)",
        )?;
        for (id, norm, py) in &rows {
            put.execute(params![id, norm, py])?;
        }
    }
    conn.prepare_cached(
        "UPDATE search_docs SET norm = r.norm, pinyin = r.pinyin
         FROM temp.search_refresh AS r WHERE search_docs.id = r.id",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM temp.search_refresh")?
        .execute([])?;
    crate::io::import::phase_done("搜索索引：FTS5 三字索引", &mut t);
    Ok(stale.len())
}

/// A GLOB pattern for names containing `term` (GLOB, not LIKE: FTS5 answers both from the
/// trigram index, but LIKE cannot escape `%` and `_` there). Names and terms are folded to
/// lower case, so GLOB's case-sensitivity changes nothing.
fn glob_contains(term: &str) -> String {
    let mut p = String::with_capacity(term.len() + 2);
    p.push('*');
    for c in term.chars() {
        match c {
            '*' => p.push_str("[*]"),
            '?' => p.push_str("[?]"),
            '[' => p.push_str("[[]"),
            c => p.push(c),
        }
    }
    p.push('*');
    p
}

fn like_escape(term: &str) -> String {
    term.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

struct Found {
    doc: i64,
    kind: String,
    ref_id: String,
    name: String,
    norm: String,
    by: MatchedBy,
}

fn query_docs(
    conn: &Connection,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
    by: MatchedBy,
    out: &mut Vec<Found>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| {
        Ok(Found {
            doc: r.get(0)?,
            kind: r.get(1)?,
            ref_id: r.get(2)?,
            name: r.get(3)?,
            norm: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            by,
        })
    })?;
    for f in rows {
        out.push(f?);
    }
    Ok(())
}

const COLS: &str = "d.id, d.kind, d.ref_id, d.name, d.norm";

/// Searches without refreshing the index (read-only).
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let q = fold(query.trim());
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let limit = limit.clamp(1, 200);
    let fetch = (limit * 4).max(40) as i64;
    let mut found: Vec<Found> = Vec::new();
    let mut terms: Vec<(String, MatchedBy)> = vec![(q.clone(), MatchedBy::Name)];
    {
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT alias_norm, canonical FROM search_aliases
             WHERE deleted_at IS NULL AND (instr(?1, alias_norm) > 0
               OR (length(?1) >= 2 AND alias_norm LIKE ?2 ESCAPE '\\'))",
        )?;
        let rows = stmt.query_map(params![q, format!("{}%", like_escape(&q))], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (alias, canonical) = row?;
            let term = if q.contains(&alias) {
                q.replace(&alias, &fold(&canonical))
            } else {
                fold(&canonical)
            };
            if !terms.iter().any(|(t, _)| *t == term) {
                terms.push((term, MatchedBy::Alias));
            }
        }
    }
    let ascii =
        q.chars().all(|c| c.is_ascii_alphanumeric()) && q.chars().any(|c| c.is_ascii_alphabetic());
    for (term, by) in &terms {
        let n = term.chars().count();
        if n >= 3 {
            // The trigram index (detail=none, 0004) finds the names holding every trigram of
            // the term, in either column (it does not know which); GLOB then checks the
            // substring in one column. Letters and digits are looked for in the pinyin
            // readings only: they hold every letter and digit of the name in order, and
            // the Chinese of the name column has none of their trigrams (asking the name
            // column for "jingmi" checked thousands of readings: p95 23 ms).
            let column = if ascii && *by == MatchedBy::Name {
                "pinyin"
            } else {
                "norm"
            };
            query_docs(
                conn,
                &format!(
                    "SELECT {COLS} FROM search_fts f JOIN search_docs d ON d.id = f.rowid
                     WHERE f.{column} GLOB ?1 AND d.deleted = 0 LIMIT ?2"
                ),
                &[&glob_contains(term), &fetch],
                *by,
                &mut found,
            )?;
        } else {
            let like = format!("%{}%", like_escape(term));
            query_docs(
                conn,
                &format!(
                    "SELECT {COLS} FROM search_docs d WHERE d.deleted = 0 AND d.norm LIKE ?1 ESCAPE '\\' LIMIT ?2"
                ),
                &[&like, &fetch],
                *by,
                &mut found,
            )?;
            if ascii && *by == MatchedBy::Name {
                let prefix = format!("{}%", like_escape(term));
                let word = format!("% {}%", like_escape(term));
                query_docs(
                    conn,
                    &format!(
                        "SELECT {COLS} FROM search_docs d WHERE d.deleted = 0
                           AND (d.pinyin LIKE ?1 ESCAPE '\\' OR d.pinyin LIKE ?2 ESCAPE '\\') LIMIT ?3"
                    ),
                    &[&prefix, &word, &fetch],
                    MatchedBy::Pinyin,
                    &mut found,
                )?;
            }
        }
    }
    // Best first: exact name, name prefix, name substring, alias, pinyin; then companies,
    // projects, officers; shorter names first.
    let mut best: HashMap<i64, (u8, Found)> = HashMap::new();
    for f in found {
        let by = if f.by == MatchedBy::Name && !f.norm.contains(&q) {
            MatchedBy::Pinyin
        } else {
            f.by
        };
        let rank = match by {
            MatchedBy::Name if f.norm == q => 0,
            MatchedBy::Name if f.norm.starts_with(&q) => 1,
            MatchedBy::Name => 2,
            MatchedBy::Alias => 3,
            MatchedBy::Pinyin => 4,
        };
        let f = Found { by, ..f };
        match best.get(&f.doc) {
            Some((r, _)) if *r <= rank => {}
            _ => {
                best.insert(f.doc, (rank, f));
            }
        }
    }
    let mut hits: Vec<(u8, Found)> = best.into_values().collect();
    let kind_order = |k: &str| match k {
        "company" => 0,
        "project" => 1,
        _ => 2,
    };
    hits.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then(kind_order(&a.kind).cmp(&kind_order(&b.kind)))
            .then(a.name.chars().count().cmp(&b.name.chars().count()))
            .then(a.name.cmp(&b.name))
    });
    hits.truncate(limit as usize);
    hits.into_iter()
        .map(|(_, f)| {
            let kind = SearchKind::from_code(&f.kind);
            Ok(SearchHit {
                detail: detail(conn, kind, &f.ref_id)?,
                kind,
                id: f.ref_id,
                name: f.name,
                matched_by: f.by,
            })
        })
        .collect()
}

fn detail(conn: &Connection, kind: SearchKind, id: &str) -> Result<Option<String>> {
    let sql = match kind {
        SearchKind::Project => {
            "SELECT c.name FROM projects p JOIN companies c ON c.id = p.company_id WHERE p.id = ?1"
        }
        SearchKind::Company => {
            "SELECT d.full_name FROM companies c JOIN divisions d ON d.code = c.origin_code WHERE c.id = ?1"
        }
        SearchKind::Officer => {
            "SELECT t.name FROM officers o JOIN teams t ON t.id = o.team_id WHERE o.id = ?1"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
    Ok(rows.next().transpose()?)
}

/// The id of the alias `alias_norm` → `canonical`: made from what it says, so the same alias
/// added on two laptops is one record when they sync.
pub fn alias_id(alias_norm: &str, canonical: &str) -> String {
    crate::reference::seed::seed_id("search_alias", &format!("{alias_norm}\u{1f}{canonical}"))
}

/// Adds an alias inside the caller's transaction (ignored when it exists; one deleted before
/// comes back). Logged, so 撤销 and sync follow it.
pub fn add_alias_in(conn: &Connection, alias: &str, canonical: &str) -> Result<()> {
    let a = alias.trim();
    let c = canonical.trim();
    if a.is_empty() || c.is_empty() {
        return Err(Error::invalid("alias", "别名和全称都不能为空。"));
    }
    if a.chars().count() > 100 || c.chars().count() > 100 {
        return Err(Error::invalid("alias", "别名过长（最多 100 个字）。"));
    }
    if fold(a) == fold(c) {
        return Err(Error::invalid("alias", "别名与全称相同。"));
    }
    let norm = fold(a);
    let live: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM search_aliases
                       WHERE alias_norm = ?1 AND canonical = ?2 AND deleted_at IS NULL)",
        params![norm, c],
        |r| r.get(0),
    )?;
    if live {
        return Ok(());
    }
    let id = alias_id(&norm, c);
    let now = crate::util::now_stamp();
    let deleted_before = conn.execute(
        "UPDATE search_aliases SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )? > 0;
    if deleted_before {
        return crate::storage::changelog::record_deleted(conn, "search_aliases", &id, false);
    }
    conn.execute(
        "INSERT INTO search_aliases (id, alias, alias_norm, canonical, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id, a, norm, c, now],
    )?;
    crate::storage::changelog::record_created(conn, "search_aliases", &id)
}

/// Takes an alias off (a soft delete, logged).
fn delete_alias_in(conn: &Connection, id: &str) -> Result<()> {
    let now = crate::util::now_stamp();
    if conn.execute(
        "UPDATE search_aliases SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, now],
    )? == 0
    {
        return Err(Error::not_found("别名", id));
    }
    crate::storage::changelog::record_deleted(conn, "search_aliases", id, true)
}

/// 撤销 of an alias's action: added → taken off, deleted ↔ back.
pub(crate) fn put_back_alias<'a>(
    conn: &Connection,
    id: &str,
    fields: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<()> {
    for (field, old) in fields {
        match field {
            "*" => return delete_alias_in(conn, id),
            "deleted" => {
                crate::storage::changelog::put_back_deleted(conn, "search_aliases", id, old)?
            }
            _ => {}
        }
    }
    Ok(())
}

impl Ledger {
    /// 搜索: projects, companies and officers by name, pinyin, initials, traditional
    /// characters or alias; best matches first.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.refresh_search_index()?;
        search(self.connection(), query, limit)
    }

    /// Brings the search index up to date: names written since the last refresh get their
    /// folded text and pinyin (a big import leaves its names to this, see `io::import`).
    /// Every search does it first; the app does it after a big import, without waiting.
    /// Returns how many names were indexed.
    pub fn refresh_search_index(&self) -> Result<usize> {
        let conn = self.connection();
        let stale: bool = conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM search_docs WHERE norm IS NULL)")?
            .query_row([], |r| r.get(0))?;
        if !stale {
            return Ok(0);
        }
        // A derived index, not user data: refreshed outside the change log.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        match refresh_index(conn) {
            Ok(n) => {
                conn.execute_batch("COMMIT")?;
                Ok(n)
            }
            Err(e) => {
                conn.execute_batch("ROLLBACK")?;
                Err(e)
            }
        }
    }

    /// 别名: `alias` (凌钢) finds what `canonical` (凌源钢铁) finds.
    pub fn add_search_alias(&mut self, alias: &str, canonical: &str) -> Result<()> {
        self.write(|tx, _| add_alias_in(tx, alias, canonical))
    }

    pub fn search_aliases(&self) -> Result<Vec<Alias>> {
        let mut stmt = self.connection().prepare(
            "SELECT MIN(id), alias, canonical FROM search_aliases WHERE deleted_at IS NULL
                 GROUP BY alias_norm, canonical ORDER BY alias",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Alias {
                id: r.get(0)?,
                alias: r.get(1)?,
                canonical: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes an alias off on this laptop and, through sync, on the others (every record of it:
    /// a merge may have brought two).
    pub fn delete_search_alias(&mut self, id: &str) -> Result<()> {
        self.write(|tx, _| {
            let ids: Vec<String> = tx
                .prepare(
                    "SELECT b.id FROM search_aliases a JOIN search_aliases b
                       ON b.alias_norm = a.alias_norm AND b.canonical = a.canonical
                     WHERE a.id = ?1 AND b.deleted_at IS NULL",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if ids.is_empty() {
                return Err(Error::not_found("别名", id));
            }
            for id in ids {
                delete_alias_in(tx, &id)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_full_and_initials() {
        let p = pinyin_of("凌源钢铁");
        assert!(p.contains("lingyuangangtie"), "{p}");
        assert!(p.split(' ').any(|w| w == "lygt"), "{p}");
        let p = pinyin_of("重庆abc");
        assert!(p.contains("cqabc") && p.contains("zqabc"), "{p}");
    }

    #[test]
    fn common_heteronyms_are_sorted_for_binary_search() {
        assert!(COMMON_HETERONYMS.windows(2).all(|w| w[0] < w[1]));
        // Rare readings of other characters are left out: one full reading, one initials.
        assert_eq!(pinyin_of("年产吨"), "nianchandun ncd");
        let p = pinyin_of("长沙银行");
        for w in ["changshayinhang", "zhangshayinxing", "csyh", "zsyx"] {
            assert!(p.split(' ').any(|x| x == w), "{w} in {p}");
        }
        let p = pinyin_of("厦门");
        for w in ["xiamen", "xm"] {
            assert!(p.split(' ').any(|x| x == w), "{w} in {p}");
        }
    }

    #[test]
    fn pinyin_readings_are_capped_and_keep_the_usual_one() {
        // 汽 车 万 吨 年 all have rare second readings, left out; the caps hold anyway.
        let p = pinyin_of("年产50万吨汽车配件项目");
        let words: Vec<&str> = p.split(' ').collect();
        assert!(
            words.contains(&"nianchan50wandunqichepeijianxiangmu"),
            "{p}"
        );
        assert!(words.contains(&"nc50wdqcpjxm"), "{p}");
        assert!(words.len() <= MAX_FULL + MAX_INITIALS, "{p}");
        let full = words.iter().filter(|w| w.len() > 20).count();
        assert!(full <= MAX_FULL, "{p}");
    }
}

//! Company names for matching: full/half width, traditional → simplified, legal suffixes,
//! （中国）, leading province/city names folded away (`normalize`, `fold`). Pure text: the
//! search index and duplicate detection build on it.

use std::collections::HashMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use crate::error::Result;

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
    let half = to_half_width(text);
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

/// Full-width ASCII (Ａ１，．) to half-width, ideographic space to space.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
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

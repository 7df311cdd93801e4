//! Place names of the division list, resolved from 来源地 text (北京海淀, 河北省唐山市, 苏州): a
//! leaf shared by the project, activity and company rows.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::companies::names::{fold, short_place};
use crate::error::Result;

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

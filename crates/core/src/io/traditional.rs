//! 繁體 for zh-TW exports: the same conversion the UI applies to its texts and to the core's
//! messages (ui/src/zhTW.ts): OpenCC's s2twp, with the reviewed phrases of
//! ui/src/zhTW-phrases.json taking precedence (项目 stays 項目, 调度 stays 調度, 撤销 is 復原…).
//! One list for both sides: the JSON is compiled in here.
//!
//! Only the text the core writes goes through it (titles, headers, fixed labels, stage names,
//! the briefing); the user's data (project and company names, notes) is written as entered.
//! English users get the 简体 forms: the forms an office sends upward are Chinese forms.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::model::{ConstructionKind, Stage};

/// The reviewed phrases, `[简体, 繁體, why]`, shared with the UI.
const PHRASES_JSON: &str = include_str!("../../../../ui/src/zhTW-phrases.json");

/// Which Chinese script an export is written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Script {
    /// 简体, the core's own (zh-CN and English users).
    #[default]
    Simplified,
    /// 繁體 (Taiwan), for zh-TW users.
    Traditional,
}

impl Script {
    /// The script for a UI language tag (`i18n.language`): zh-TW, zh-HK and zh-Hant* read
    /// 繁體; everything else (zh-CN, en, empty) gets the core's 简体.
    pub fn for_language(language: &str) -> Script {
        let l = language.trim().to_ascii_lowercase().replace('_', "-");
        if l == "zh-tw" || l == "zh-hk" || l == "zh-mo" || l.starts_with("zh-hant") {
            Script::Traditional
        } else {
            Script::Simplified
        }
    }

    /// A text the core writes, in this script.
    pub fn text<'a>(self, text: &'a str) -> Cow<'a, str> {
        match self {
            Script::Traditional if !text.is_ascii() => Cow::Owned(to_traditional(text)),
            _ => Cow::Borrowed(text),
        }
    }
}

/// The reviewed phrases, longest first (the order the UI's alternation tries them in).
pub fn reviewed_phrases() -> &'static [(String, String)] {
    static PHRASES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let rows: Vec<Vec<String>> =
            serde_json::from_str(PHRASES_JSON).expect("ui/src/zhTW-phrases.json is valid JSON");
        let mut phrases: Vec<(String, String)> = rows
            .into_iter()
            .filter_map(|r| Some((r.first()?.clone(), r.get(1)?.clone())))
            .collect();
        // Stable: of two of the same length, the one listed first wins, as in the UI's regex.
        phrases.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
        phrases
    })
}

fn s2twp(text: &str) -> String {
    static CONVERTER: OnceLock<Option<ferrous_opencc::OpenCC>> = OnceLock::new();
    let conv = CONVERTER.get_or_init(|| {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::S2twp).ok()
    });
    match conv {
        Some(c) => c.convert(text),
        None => text.to_string(),
    }
}

/// 简体 → 繁體 (Taiwan): the reviewed phrases where they occur (leftmost, longest first), OpenCC
/// s2twp for the text between them — the UI's `toTraditional`.
pub fn to_traditional(text: &str) -> String {
    let phrases = reviewed_phrases();
    let mut out = String::with_capacity(text.len() + 8);
    let mut plain_from = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some((s, t)) = phrases.iter().find(|(s, _)| rest.starts_with(s.as_str())) {
            if plain_from < i {
                out.push_str(&s2twp(&text[plain_from..i]));
            }
            out.push_str(t);
            i += s.len();
            plain_from = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if plain_from < text.len() {
        out.push_str(&s2twp(&text[plain_from..]));
    }
    out
}

/// The fixed words of the ledger layout (stage names, 开工类型, 是/否) in the export's script,
/// converted once rather than per row.
pub(crate) struct FixedWords {
    stages: Vec<(Stage, String)>,
    kinds: Vec<(ConstructionKind, String)>,
    yes: String,
    no: String,
}

impl FixedWords {
    pub(crate) fn new(script: Script) -> FixedWords {
        let t = |s: &str| script.text(s).into_owned();
        FixedWords {
            stages: Stage::ALL.iter().map(|s| (*s, t(s.label()))).collect(),
            kinds: ConstructionKind::ALL
                .iter()
                .map(|k| (*k, t(k.label())))
                .collect(),
            yes: t("是"),
            no: t("否"),
        }
    }

    pub(crate) fn stage(&self, stage: Stage) -> &str {
        self.stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map_or(stage.label(), |(_, l)| l)
    }

    pub(crate) fn kind(&self, kind: ConstructionKind) -> &str {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(kind.label(), |(_, l)| l)
    }

    pub(crate) fn yes(&self, b: bool) -> &str {
        if b {
            &self.yes
        } else {
            &self.no
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewed_phrases_win_over_s2twp() {
        assert_eq!(to_traditional("项目名称"), "項目名稱");
        assert_eq!(to_traditional("工作调度表"), "工作調度表");
        // s2twp's own choice where no phrase is reviewed: 软件 → 軟體.
        assert_eq!(to_traditional("软件"), "軟體");
        assert_eq!(to_traditional("签约总投资（万元）"), "簽約總投資（萬元）");
    }

    #[test]
    fn languages() {
        assert_eq!(Script::for_language("zh-TW"), Script::Traditional);
        assert_eq!(Script::for_language("zh-Hant-TW"), Script::Traditional);
        assert_eq!(Script::for_language("zh-CN"), Script::Simplified);
        assert_eq!(Script::for_language("en"), Script::Simplified);
        assert_eq!(Script::Simplified.text("项目"), "项目");
        assert_eq!(Script::Traditional.text("abc"), "abc");
    }
}

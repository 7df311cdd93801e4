//! `.xls` files that are an HTML page with `<table>`s (what many web systems export, and what
//! Excel writes for "save as web page"). Tokenized by html5ever (Servo's HTML parser: every
//! named and numeric entity decoded, attributes and broken markup handled as browsers do). Its
//! tokenizer only, not a DOM: the crate is already in the workspace through tauri (no new crate
//! to build on 2 cores, no native code for the Windows cross build), and a table's rows and
//! cells are all this needs. Each table becomes a sheet ("表格1", "表格2", … or its
//! `<caption>`); `colspan`/`rowspan` are placed as browsers place them and filled like merged
//! cells of an .xlsx; Excel's `x:num` attribute gives a cell's number.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::sheet::{Refusal, Rows, Sheet, MAX_CELL_CHARS, MAX_COLS, MAX_ROWS};
use crate::io::import::parse::Cell;

/// Most tables read.
const MAX_TABLES: usize = 50;

#[derive(Default)]
struct RawCell {
    text: String,
    number: Option<f64>,
    colspan: u32,
    rowspan: u32,
}

#[derive(Default)]
struct RawTable {
    caption: String,
    rows: Vec<Vec<RawCell>>,
    cells: usize,
}

#[derive(Default)]
struct State {
    done: Vec<RawTable>,
    /// Open tables, innermost last (a nested table is a table of its own).
    open: Vec<RawTable>,
    in_cell: bool,
    in_caption: bool,
    /// Inside <script>, <style>, <title> or <template>: text there is not data.
    hidden: u32,
    too_big: bool,
}

struct Sink(RefCell<State>);

fn attr(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| a.name.local.as_ref().eq_ignore_ascii_case(name))
        .map(|a| a.value.to_string())
}

fn span(tag: &Tag, name: &str, max: u32) -> u32 {
    attr(tag, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, max)
}

impl State {
    fn close_table(&mut self) {
        if let Some(t) = self.open.pop() {
            if self.done.len() < MAX_TABLES && t.cells > 0 {
                self.done.push(t);
            }
        }
        self.in_cell = false;
        self.in_caption = false;
    }

    fn push_text(&mut self, text: &str) {
        if self.hidden > 0 {
            return;
        }
        let in_caption = self.in_caption;
        let in_cell = self.in_cell;
        let Some(t) = self.open.last_mut() else {
            return;
        };
        let target = if in_caption {
            &mut t.caption
        } else if in_cell {
            match t.rows.last_mut().and_then(|r| r.last_mut()) {
                Some(c) => &mut c.text,
                None => return,
            }
        } else {
            return;
        };
        // HTML's white space: runs of spaces and line breaks are one space (&nbsp; too).
        for c in text.chars() {
            let c = if c == '\u{A0}' { ' ' } else { c };
            if c.is_whitespace() {
                if !target.ends_with([' ', '\n']) && !target.is_empty() {
                    target.push(' ');
                }
            } else {
                target.push(c);
            }
        }
        if target.len() > MAX_CELL_CHARS * 4 {
            self.too_big = true;
        }
    }

    fn tag(&mut self, tag: Tag) {
        let name = tag.name.as_ref().to_ascii_lowercase();
        let start = tag.kind == TagKind::StartTag;
        match (name.as_str(), start) {
            ("script" | "style" | "title" | "template", true) if !tag.self_closing => {
                self.hidden += 1
            }
            ("script" | "style" | "title" | "template", false) => {
                self.hidden = self.hidden.saturating_sub(1)
            }
            ("table", true) => {
                self.open.push(RawTable::default());
                self.in_cell = false;
            }
            ("table", false) => self.close_table(),
            ("caption", s) => self.in_caption = s,
            ("tr", true) => {
                self.in_cell = false;
                if let Some(t) = self.open.last_mut() {
                    if t.rows.len() <= MAX_ROWS {
                        t.rows.push(Vec::new());
                    } else {
                        self.too_big = true;
                    }
                }
            }
            ("tr" | "thead" | "tbody" | "tfoot", false) => self.in_cell = false,
            ("td" | "th", true) => {
                let Some(t) = self.open.last_mut() else {
                    return;
                };
                if t.rows.is_empty() {
                    t.rows.push(Vec::new());
                }
                let row = t.rows.last_mut().expect("a row");
                if row.len() < MAX_COLS {
                    row.push(RawCell {
                        number: attr(&tag, "x:num")
                            .and_then(|v| v.trim().parse::<f64>().ok())
                            .filter(|n| n.is_finite()),
                        colspan: span(&tag, "colspan", MAX_COLS as u32),
                        rowspan: span(&tag, "rowspan", 65_534),
                        ..Default::default()
                    });
                    t.cells += 1;
                    self.in_cell = true;
                } else {
                    self.in_cell = false;
                }
            }
            ("td" | "th", false) => self.in_cell = false,
            ("br", _) | ("p" | "div" | "li", true) => self.line_break(),
            _ => {}
        }
    }

    fn line_break(&mut self) {
        if !self.in_cell || self.hidden > 0 {
            return;
        }
        if let Some(c) = self
            .open
            .last_mut()
            .and_then(|t| t.rows.last_mut())
            .and_then(|r| r.last_mut())
        {
            let trimmed = c.text.trim_end().len();
            c.text.truncate(trimmed);
            if !c.text.is_empty() {
                c.text.push('\n');
            }
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut s = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                // What a tree builder would tell the tokenizer: a script's or a style's text is
                // not markup (`"<table>"` in a script opens no table).
                let raw = match (tag.kind, tag.name.as_ref()) {
                    (TagKind::StartTag, _) if tag.self_closing => None,
                    (TagKind::StartTag, "script") => Some(RawKind::ScriptData),
                    (TagKind::StartTag, "style" | "xmp" | "iframe" | "noembed" | "noframes") => {
                        Some(RawKind::Rawtext)
                    }
                    (TagKind::StartTag, "title" | "textarea") => Some(RawKind::Rcdata),
                    _ => None,
                };
                s.tag(tag);
                if let Some(kind) = raw {
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::CharacterTokens(t) => s.push_text(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Every table of the page with at least one cell (at most [`MAX_TABLES`]).
pub(super) fn read(text: &str) -> Result<Vec<Sheet>, Refusal> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let tok = Tokenizer::new(
        Sink(RefCell::new(State::default())),
        TokenizerOpts::default(),
    );
    let _ = tok.feed(&input);
    tok.end();
    let mut state = tok.sink.0.into_inner();
    while !state.open.is_empty() {
        state.close_table();
    }
    if state.too_big {
        return Err(format!(
            "网页表格过大（超过 {MAX_ROWS} 行或单元格超过 {MAX_CELL_CHARS} 个字符），已拒绝。"
        ));
    }
    if state.done.is_empty() {
        return Err("这是一个网页文件，不是表格：其中的表格（<table>）没有任何单元格。".into());
    }
    let mut sheets = Vec::new();
    for (i, t) in state.done.into_iter().enumerate() {
        let caption = t.caption.trim().to_string();
        let name = if caption.is_empty() || caption.chars().count() > 40 {
            format!("表格{}", i + 1)
        } else {
            caption
        };
        sheets.push(layout(t, name)?);
    }
    Ok(sheets)
}

/// Places cells as browsers do (a cell goes to the first column no rowspan above covers).
fn layout(table: RawTable, name: String) -> Result<Sheet, Refusal> {
    let mut rows = Rows::default();
    let mut merged = Vec::new();
    // For each column, the row index up to which a rowspan above covers it.
    let mut covered: Vec<u32> = Vec::new();
    for (r, cells) in table.rows.into_iter().enumerate() {
        let r = r as u32;
        let mut col = 0usize;
        for cell in cells {
            while covered.get(col).is_some_and(|until| *until > r) {
                col += 1;
            }
            if col >= MAX_COLS {
                break;
            }
            let width = (cell.colspan as usize).min(MAX_COLS - col);
            if covered.len() < col + width {
                covered.resize(col + width, 0);
            }
            for c in &mut covered[col..col + width] {
                *c = r + cell.rowspan;
            }
            let value = match cell.number {
                Some(n) => Cell::Number(n),
                None => Cell::Text(cell.text.trim().to_string()),
            };
            rows.put(r, col as u32, value)?;
            if width > 1 || cell.rowspan > 1 {
                merged.push(calamine::Dimensions {
                    start: (r, col as u32),
                    end: (r + cell.rowspan - 1, (col + width - 1) as u32),
                });
            }
            col += width;
        }
    }
    rows.fill_merged(&merged)?;
    Ok(rows.into_sheet(name))
}

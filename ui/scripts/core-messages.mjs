// The core's message templates: every string literal in crates/core/src with Chinese in it that
// can reach a user (error messages, import reasons, report labels, the briefing's sentences), as
// written in the source: `format!("第{row}行：{message}")` gives the template
// "第{row}行：{message}". ui/src/coreEnglish.ts must have an English entry for each
// (src/coreEnglish.test.ts fails otherwise, listing the missing ones).
//
// Left out: test code (#[cfg(test)] modules), comments and doc comments, panics (expect/panic!),
// SQL, and the files, tables and words below that hold Chinese data rather than messages: the import's
// column-header aliases (input matched, never shown), region names, seeds, company-name parts.
//
// Run: `node scripts/core-messages.mjs` lists the templates with no English entry (and English
// left for templates the core no longer has);
// `node scripts/core-messages.mjs --all` prints every template.

/* global process, console */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORE_SRC = path.resolve(here, "../../crates/core/src");

/**
 * Files (relative to crates/core/src) that are data, not messages, whole — and, for files that
 * mix both, the named tables (`const NAME` / `static NAME` / `fn name`) left out.
 */
export const NOT_MESSAGES = {
  files: {
    "io/import/header.rs": "column-header aliases the importer matches (input, not output)",
    "reference/seed.rs": "the seeded reference lists (names a user edits like his own data)",
    "io/import/places.rs": "place names and their abbreviations, matched in the import",
    "companies/names.rs": "company-name parts (legal suffixes, provinces) for matching",
    "reference/divisions.rs": "the administrative divisions' names",
    "io/import/fuzz.rs": "fuzzing input",
  },
  items: {
    // Column-header aliases and the words read in imported cells (input, never shown).
    "io/import/activities.rs": ["ALIASES", "PROJECT_ONLY", "fn parse_kind"],
    "io/import/companies.rs": ["ALIASES"],
    "io/import/apply/matching.rs": ["SYNONYMS"],
  },
  /** Literals of a file that are words matched in input (a cell, a header), not output. */
  words: {
    "io/import/parse.rs": [
      "亿", "(元)", "（元）", "元)", "无", "待定", "暂无", "不详", "美元", "欧元", "港元", "约", "计划",
      "预计", "人民币", "左右", "以上", "未定", "储备", "意向", "在库", "信息", "线索储备", "项目线索",
      "在谈", "对接", "对接中", "洽谈中", "在洽谈", "推进中", "已签约", "签约未开工", "已签约未开工",
      "签订协议", "签订合同", "框架协议", "落地", "已开工", "在建", "建设中", "开工建设", "新建", "已投产",
      "竣工投产", "达产", "建成投产", "运营", "暂停", "暂缓", "停滞", "放弃", "取消", "退出", "已终止",
      "阶段", "尚未", "未", "没有", "暂未", "终止", "搁置", "开工", "协议", "洽谈", "线索", "不是", "非",
      "有", "对", "重点", "飞地", "无法识别",
    ],
    "io/import/companies.rs": ["金额", "补充"],
    "io/import/activities.rs": ["合计", "总计", "小计"],
    "sync/office_server.rs": ["办公室主任", "管理员", "专员", "领导", "只读"],
  },
};

const HAN = /[\u3400-\u9fff]/;

/** The string literals of Rust source outside comments, with their offsets. */
export function stringLiterals(src) {
  const out = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if (c === "/" && next === "/") {
      const end = src.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === "/" && next === "*") {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (src[i] === "/" && src[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (src[i] === "*" && src[i + 1] === "/") {
          depth--;
          i += 2;
        } else i++;
      }
    } else if ((c === "r" || (c === "b" && next === "r")) && /^b?r#*"/.test(src.slice(i, i + 40)) && !/\w/.test(src[i - 1] ?? "")) {
      const m = /^b?r(#*)"/.exec(src.slice(i, i + 40));
      const close = `"${m[1]}`;
      const start = i + m[0].length;
      const end = src.indexOf(close, start);
      out.push({ at: i, text: src.slice(start, end) });
      i = end + close.length;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < n && src[j] !== '"') {
        if (src[j] === "\\") {
          const e = src[j + 1];
          if (e === "n") text += "\n";
          else if (e === "t") text += "\t";
          else if (e === "u") {
            const m = /^\\u\{([0-9a-fA-F]+)\}/.exec(src.slice(j, j + 12));
            text += String.fromCodePoint(parseInt(m[1], 16));
            j += m[0].length;
            continue;
          } else if (e === "\n") {
            // A line continuation: the newline and the next line's indentation are dropped.
            j += 2;
            while (/\s/.test(src[j])) j++;
            continue;
          } else text += e;
          j += 2;
        } else text += src[j++];
      }
      out.push({ at: i, text });
      i = j + 1;
    } else if (c === "'") {
      // A char literal ('a', '\n', '，') or a lifetime ('a): skip a char literal whole.
      const m = /^'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'/u.exec(src.slice(i, i + 14));
      i += m ? m[0].length : 1;
    } else i++;
  }
  return out;
}

/** The offsets of `#[cfg(test)]` items (a test module, a test-only fn) to leave out. */
function testSpans(src) {
  const spans = [];
  const re = /#\[cfg\(test\)\]/g;
  let m;
  while ((m = re.exec(src))) {
    const open = src.indexOf("{", m.index);
    const semi = src.indexOf(";", m.index);
    if (semi >= 0 && semi < open) {
      spans.push([m.index, semi]);
      continue;
    }
    spans.push([m.index, blockEnd(src, open)]);
  }
  return spans;
}

/** The offset just after the block that opens at `open` (strings and comments are not braces). */
function blockEnd(src, open) {
  const lits = stringLiterals(src.slice(open));
  let depth = 0;
  let li = 0;
  for (let i = open; i < src.length; i++) {
    while (li < lits.length && open + lits[li].at < i) li++;
    if (li < lits.length && open + lits[li].at === i) {
      // Jump over the literal (its raw form's length is found from the source).
      const rest = src.slice(i);
      const m = /^b?r(#*)"/.exec(rest);
      i = m ? src.indexOf(`"${m[1]}`, i + m[0].length) + m[1].length : skipQuoted(src, i);
      li++;
      continue;
    }
    if (src[i] === "/" && src[i + 1] === "/") {
      i = src.indexOf("\n", i);
      continue;
    }
    if (src[i] === "{") depth++;
    else if (src[i] === "}" && --depth === 0) return i + 1;
  }
  return src.length;
}

function skipQuoted(src, i) {
  let j = i + 1;
  while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
  return j;
}

/** The spans of the named tables of a mixed file. */
function itemSpans(src, names) {
  const spans = [];
  for (const name of names) {
    const re = name.startsWith("fn ")
      ? new RegExp(`\\b${name.replace(" ", "\\s+")}\\b`)
      : new RegExp(`\\b(const|static)\\s+${name}\\b`);
    const m = re.exec(src);
    if (!m) continue;
    if (name.startsWith("fn ")) {
      spans.push([m.index, blockEnd(src, src.indexOf("{", m.index))]);
    } else {
      const eq = src.indexOf("=", m.index);
      spans.push([m.index, src.indexOf(";\n", eq) + 1]);
    }
  }
  return spans;
}

const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/;
const PANIC = /(expect|panic!|unreachable!|todo!|unimplemented!|assert!|assert_eq!|debug_assert!)\s*\(\s*$/;

/** The message templates of one source file (`rel`: its path under crates/core/src). */
export function templatesOfSource(rel, src) {
  if (NOT_MESSAGES.files[rel]) return [];
  const skip = [...testSpans(src), ...itemSpans(src, NOT_MESSAGES.items[rel] ?? [])];
  const out = [];
  for (const { at, text } of stringLiterals(src)) {
    if (!HAN.test(text) || SQL.test(text) || NOT_MESSAGES.words[rel]?.includes(text)) continue;
    if (skip.some(([a, b]) => at >= a && at < b)) continue;
    if (PANIC.test(src.slice(Math.max(0, at - 40), at))) continue;
    out.push({ file: rel, line: src.slice(0, at).split("\n").length, text });
  }
  return out;
}

/** Every message template of the core: `{file, line, text}`, in source order, once per text. */
export function coreTemplates(root = CORE_SRC) {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".rs")) files.push(p);
    }
  };
  walk(root);
  files.sort();
  const seen = new Map();
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    for (const t of templatesOfSource(rel, fs.readFileSync(file, "utf8"))) {
      if (!seen.has(t.text)) seen.set(t.text, t);
    }
  }
  return [...seen.values()];
}

/** The `{…}` placeholders of a template (not `{{`/`}}`), in order. */
export function placeholders(template) {
  return [...template.replace(/\{\{|\}\}/g, "").matchAll(/\{[^{}]*\}/g)].map((m) => m[0]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const templates = coreTemplates();
  if (process.argv.includes("--all")) {
    for (const t of templates) console.log(`${t.file}:${t.line}\t${JSON.stringify(t.text)}`);
  } else {
    const { CORE_ENGLISH } = { CORE_ENGLISH: JSON.parse(fs.readFileSync(path.resolve(here, "../src/coreEnglish.json"), "utf8")) };
    const missing = templates.filter((t) => !(t.text in CORE_ENGLISH));
    for (const t of missing) console.log(`missing\t${t.file}:${t.line}\t${JSON.stringify(t.text)}`);
    // English whose template the core no longer has (a reworded message): to delete.
    const now = new Set(templates.map((t) => t.text));
    for (const k of Object.keys(CORE_ENGLISH).filter((k) => !now.has(k))) console.log(`unused\t${JSON.stringify(k)}`);
    console.log(`${templates.length} templates, ${templates.length - missing.length} with English`);
  }
}

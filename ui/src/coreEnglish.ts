import catalog from "./coreEnglish.json";

/**
 * The core's 简体 texts (error messages, import reasons, report labels, the briefing) in English.
 *
 * coreEnglish.json maps each message template of the core, as written in the Rust source
 * (`format!("第{}行：{}", …)` gives "第{}行：{}"), to its English with the same placeholders:
 * `{name}` takes the value of the template's `{name}`, `{}` (or `{:.1}`…) the next unnamed one,
 * `{$2}` the template's second placeholder whatever its name. A text from the core is matched
 * against the templates as a whole (the most specific template wins); what a placeholder caught
 * is put in English the same way (a field name, a stage, a period's label), else kept as sent
 * (a project's name, a company's). A text that matches no template as a whole is taken sentence
 * by sentence (。；); a sentence that matches none stays 简体.
 *
 * scripts/core-messages.mjs extracts the templates from crates/core/src; coreEnglish.test.ts
 * fails when one has no English here, so a new core message comes with its English.
 */

type Pattern = {
  re: RegExp;
  /** Each placeholder's name (`null` for `{}` / `{:.1}`), in the template's order. */
  names: (string | null)[];
  english: string;
  template: string;
  /** Characters outside placeholders: the more, the more specific. */
  weight: number;
  /** Placeholders written one right after the other (`{who}{}`): [i, i + 1]. */
  adjacent: number[];
};

const PLACEHOLDER = /\{\{|\}\}|\{([^{}]*)\}/g;
const HAN = /[\u3400-\u9fff]/;

const placeholderName = (inner: string): string | null => {
  const name = inner.split(":")[0];
  return name === "" ? null : name;
};

/** Amounts and dates in English units rather than 万/亿 and 年月日. */
const SPECIAL: Record<string, (values: string[]) => string | null> = {
  "{}亿元": ([n]) => yuan(Number(n) * 1e8),
  "{}万元": ([n]) => yuan(Number(n) * 1e4),
  "{}年{}月{}日": ([y, m, d]) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`,
};

/** As the UI writes money in English (format.ts `money`): ¥ and millions. */
function yuan(v: number): string | null {
  if (!Number.isFinite(v)) return null;
  return `¥${(v / 1e6).toLocaleString("en", { maximumFractionDigits: 1 })}M`;
}

/**
 * Texts the core puts together from pieces with no Chinese of their own (`format!("{}{}。", park,
 * parts)`, `format!("{}{what}“{title}”", 删除/恢复, …)`), so no template of the source covers them.
 */
const COMPOSED: Record<string, string> = {
  "{}新建项目{n}个、总投资{}": "{}: new projects: {n}, total investment {}",
  "{}续建项目{n}个、总投资{}": "{}: continued projects: {n}, total investment {}",
  "{}复工项目{n}个、总投资{}": "{}: resumed projects: {n}, total investment {}",
  "{}投产项目{}个": "{}: operating projects: {}",
  "{}储备项目{}个": "{}: leads: {}",
  "删除{what}“{title}”": "Delete {what} “{title}”",
  "恢复{what}“{title}”": "Restore {what} “{title}”",
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let exact: Map<string, string> | null = null;
let patterns: Pattern[] | null = null;

function build() {
  exact = new Map();
  patterns = [];
  const all = [
    ...Object.entries(COMPOSED).map(([t, e]) => [t, e, true] as const),
    ...Object.entries(catalog as Record<string, string>).map(([t, e]) => [t, e, false] as const),
  ];
  for (const [template, english, composed] of all) {
    const names: (string | null)[] = [];
    const adjacent: number[] = [];
    let source = "";
    let weight = 0;
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      const literal = template.slice(last, m.index);
      source += escape(literal);
      weight += literal.length;
      if (m[0] === "{{" || m[0] === "}}") {
        source += escape(m[0][0]);
        weight += 1;
      } else {
        if (names.length > 0 && literal === "" && last > 0) adjacent.push(names.length - 1);
        names.push(placeholderName(m[1]));
        // A number where a counter follows (3个, 12行, 168次, 2022年, 12.5%).
        const counted = /^(个|行(?!业)|列|次|位|年(?!度)|月|日|家|条|名(?!称)|项(?!目)|%| ?MB| ?字节| ?个)/.test(template.slice(m.index + m[0].length));
        // An amount (1.2亿元, 5000万元) after …投资.
        const money = /投资$/.test(literal);
        // A date where the template has a range (2022年1月1日至2022年6月30日).
        const after = template.slice(m.index + m[0].length);
        const dated = /至\s*$/.test(literal) || /^\s*至/.test(after);
        // A composed text's free part is one clause (a park's name), never several.
        const free = composed ? "([^，。；]+?)" : "([\\s\\S]*?)";
        const date = "(\\d{4}(?:年\\d{1,2}月\\d{1,2}日|-\\d{2}-\\d{2}))";
        source += counted ? "(-?\\d+(?:\\.\\d+)?)" : money ? "(-?[\\d.]+[万亿]元)" : dated ? date : free;
      }
      last = m.index + m[0].length;
    }
    const tail = template.slice(last);
    source += escape(tail);
    weight += tail.length;
    if (names.length === 0) exact.set(template.replace(/\{\{/g, "{").replace(/\}\}/g, "}"), english);
    else patterns.push({ re: new RegExp(`^${source}$`), names, english, template, weight, adjacent });
  }
  // Most specific first: a match by a longer template wins.
  patterns.sort((a, b) => b.weight - a.weight);
}

/** "Resumed" → "resumed" (a word in a sentence); "Q1", "PDF" stay. */
const lowerFirst = (v: string) => (/^[A-Z][a-z]/.test(v) ? v[0].toLowerCase() + v.slice(1) : v);

/** The English with the placeholders' values filled in (`raw`: as caught, before English). */
function fill(p: Pattern, values: string[], raw: string[] = values): string {
  const special = SPECIAL[p.template]?.(values);
  if (special) return special;
  let unnamed = 0;
  // A word put in English mid-sentence starts small ("2022 Q1 resumed projects"), not an
  // acronym ("Q1").
  const shown = values.map((v, i) => (v !== raw[i] ? lowerFirst(v) : v));
  const unnamedIndexes = p.names.flatMap((n, i) => (n === null ? [i] : []));
  return p.english.replace(PLACEHOLDER, (token, inner: string | undefined, offset: number) => {
    if (token === "{{") return "{";
    if (token === "}}") return "}";
    const name = placeholderName(inner ?? "");
    const at = name?.startsWith("$")
      ? Number(name.slice(1)) - 1
      : name === null
        ? unnamedIndexes[unnamed++]
        : p.names.indexOf(name);
    if (at === undefined || at < 0 || at >= values.length) return name === null ? "" : token;
    // At the start, or after a full stop: a sentence of its own.
    return offset === 0 || /[.!?]\s*$/.test(p.english.slice(0, offset)) ? values[at] : shown[at];
  });
}

/** A value caught by a placeholder, in English when it is one of the core's words. */
function value(text: string, depth: number): string {
  if (!HAN.test(text) || depth > 3) return text;
  // A list the core joined with 、 (新开工3个、复工1个).
  if (text.includes("、")) {
    const parts = text.split("、").map((part) => matchWhole(part, depth + 1));
    if (parts.every((p) => p !== null)) return parts.map((p, i) => (i > 0 ? lowerFirst(p!) : p)).join(", ");
  }
  return matchWhole(text, depth + 1) ?? bySentence(text, depth + 1) ?? text;
}

/** Whether a caught value reads in English (or had nothing to put in English). */
const done = (raw: string, english: string) => !HAN.test(raw) || english !== raw;

function matchWhole(text: string, depth: number): string | null {
  if (!exact || !patterns) build();
  const found = exact!.get(text);
  if (found !== undefined) return found;
  for (const p of patterns!) {
    const m = p.re.exec(text);
    if (!m) continue;
    const raw = m.slice(1);
    // Two placeholders side by side ({who}{}): the regex gave the first as little as it could;
    // take the split where both read in English, else where the second does (the first being
    // the user's words: a team's name before the period's label).
    for (const i of p.adjacent) {
      const both = raw[i] + raw[i + 1];
      const splits = [...Array(both.length + 1).keys()].map((k) => [both.slice(0, k), both.slice(k)]);
      const split =
        splits.find(([a, b]) => done(a, value(a, depth)) && done(b, value(b, depth))) ??
        splits.find(([, b]) => HAN.test(b) && done(b, value(b, depth)));
      if (split) [raw[i], raw[i + 1]] = split;
    }
    return fill(p, raw.map((v) => value(v, depth)), raw);
  }
  return null;
}

/** A text sentence by sentence (。；); `null` when no sentence reads in English. */
function bySentence(text: string, depth: number): string | null {
  const sentences = text.split(/(?<=[。；\n])/);
  if (sentences.length < 2 && !/[。；]$/.test(text)) return null;
  let any = false;
  const parts = sentences.map((s, i) => {
    const whole = matchWhole(s, depth);
    if (whole !== null) return (any = true), whole;
    const bare = s.replace(/[。；]$/, "");
    const end = s.endsWith("；") ? "; " : s.endsWith("。") ? ". " : "";
    // Clause by clause (，) when every clause reads in English (a park's sentence of the
    // briefing); tried before the bare sentence, where a loose template ("{what}{n}个") would
    // take all the clauses as one value.
    const clauses = bare.split("，").map((c) => (HAN.test(c) ? matchWhole(c, depth) : c));
    if (clauses.length > 1 && clauses.every((c) => c !== null)) {
      return (any = true), clauses.map((c, k) => (k > 0 ? lowerFirst(c!) : c)).join(", ") + end;
    }
    // Without its closing 。/； (the template may have been written without it), or with the
    // ； before it (templates such as "；另有{more}行有误").
    const inner = bare !== s ? matchWhole(bare, depth) : null;
    if (inner !== null) return (any = true), inner + end;
    const joined = i > 0 && sentences[i - 1].endsWith("；") ? matchWhole(`；${bare}`, depth) : null;
    if (joined !== null) return (any = true), joined.replace(/^;\s*/, "") + end;
    return s;
  });
  return any ? parts.join(" ").replace(/ {2,}/g, " ").trim() : null;
}

const cache = new Map<string, string>();

/** A core text in English: whole, else sentence by sentence; as sent where nothing matches. */
export function coreEnglish(text: string): string {
  if (!HAN.test(text)) return text;
  const known = cache.get(text);
  if (known !== undefined) return known;
  let out = (matchWhole(text, 0) ?? bySentence(text, 0) ?? text).trim();
  out = out.charAt(0).toUpperCase() + out.slice(1);
  if (cache.size > 2000) cache.clear();
  cache.set(text, out);
  return out;
}

/** The catalog's templates (for the check that every core template has its English). */
export const ENGLISH_TEMPLATES: Readonly<Record<string, string>> = catalog;

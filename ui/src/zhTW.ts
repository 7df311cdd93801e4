import i18n from "./i18n";
import { coreEnglish } from "./coreEnglish";
import phrases from "./zhTW-phrases.json";

/**
 * 繁體 for zh-TW: OpenCC's s2twp (characters, Taiwan variants and Taiwan phrases: 软件→軟體,
 * 文件→檔案, 导入→匯入, 设置→設定…), then the reviewed phrases (zhTW-phrases.json) where s2twp's choice is
 * wrong for this app. The same conversion makes the zh-TW UI texts (generated into
 * i18n.zh-TW.ts by `npm run gen:zh-tw`) and, at run time, the core's messages and the briefing.
 *
 * 项目 stays 項目, not Taiwan's 專案: the users are 繁體 readers of mainland-style 招商 ledgers
 * (项目台账, 重点项目, 签约项目 are the names of the forms they fill in and report on), so the
 * domain words keep their mainland wording in 繁體 characters, while the words of the software
 * itself (檔案, 匯入, 設定, 資料夾, 復原…) follow Taiwan usage.
 *
 * The reviewed phrases live in zhTW-phrases.json ([简体, 繁體, why]; longest match first), read
 * both here and by the core (crates/core/src/io/traditional.rs), which writes the zh-TW exports
 * with the same conversion.
 */
export const REVIEWED_PHRASES: readonly (readonly [simplified: string, traditional: string])[] = (
  phrases as unknown as [string, string, string?][]
).map(([simplified, traditional]) => [simplified, traditional] as const);

const REVIEWED = new Map(REVIEWED_PHRASES);
let s2twp: ((text: string) => string) | null = null;
let reviewed: RegExp | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads OpenCC and its tables (about 1 MB, a chunk of their own, so a zh-CN or English user
 * never parses them); toTraditional works once this has resolved.
 */
export function loadTraditional(): Promise<void> {
  loading ??= Promise.all([import("opencc-js/core"), import("opencc-js/preset/cn2t")]).then(([core, cn2t]) => {
    s2twp = core.ConverterBuilder(cn2t)({ from: "cn", to: "twp" });
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const longestFirst = [...REVIEWED_PHRASES].sort((a, b) => b[0].length - a[0].length);
    reviewed = new RegExp(`(${longestFirst.map(([s]) => escape(s)).join("|")})`);
  });
  return loading;
}

/** Simplified → 繁體 (Taiwan): s2twp with the reviewed phrases taking precedence. */
export function toTraditional(text: string): string {
  if (!s2twp || !reviewed) throw new Error("toTraditional before loadTraditional() resolved");
  // split() with a capture group: odd parts are reviewed phrases, even parts go to OpenCC.
  return text
    .split(reviewed)
    .map((part, i) => (i % 2 === 1 ? REVIEWED.get(part)! : part && s2twp!(part)))
    .join("");
}

type Texts = { [key: string]: string | Texts };

/** Every string of a message tree converted, keys and shape kept. */
export function toTraditionalTexts<T extends Texts>(texts: T): T {
  const out: Texts = {};
  for (const [key, value] of Object.entries(texts)) {
    out[key] = typeof value === "string" ? toTraditional(value) : toTraditionalTexts(value);
  }
  return out as T;
}

/**
 * A text that comes from the core (an error message, the briefing, an import row's reason) in
 * the UI's language: the core writes 简体, a zh-TW user reads it in 繁體, an English user in
 * English (coreEnglish.ts: the core's message templates in English; what matches none stays 简体).
 */
export function coreText(text: string, lang: string = i18n.language): string {
  if (lang === "en" || lang.startsWith("en-")) return coreEnglish(text);
  if (lang !== "zh-TW") return text;
  if (!s2twp) {
    // Shown as sent for the moment the tables load; the screens then render again (below).
    void loadTraditional();
    return text;
  }
  return toTraditional(text);
}

// zh-TW chosen, at start or in the top bar: load the tables, then have the screens render again
// (react-i18next re-renders on languageChanged) so core texts already shown turn 繁體.
function whenTraditional(lng: string) {
  if (lng !== "zh-TW" || s2twp) return;
  void loadTraditional().then(() => {
    if (i18n.language === "zh-TW") void i18n.changeLanguage("zh-TW");
  });
}
i18n.on("languageChanged", whenTraditional);
whenTraditional(i18n.language);

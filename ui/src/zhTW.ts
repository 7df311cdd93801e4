import i18n from "./i18n";

/**
 * 繁體 for zh-TW: OpenCC's s2twp (characters, Taiwan variants and Taiwan phrases: 软件→軟體,
 * 文件→檔案, 导入→匯入, 设置→設定…), then the reviewed phrases below where s2twp's choice is
 * wrong for this app. The same conversion makes the zh-TW UI texts (generated into
 * i18n.zh-TW.ts by `npm run gen:zh-tw`) and, at run time, the core's messages and the briefing.
 *
 * 项目 stays 項目, not Taiwan's 專案: the users are 繁體 readers of mainland-style 招商 ledgers
 * (项目台账, 重点项目, 签约项目 are the names of the forms they fill in and report on), so the
 * domain words keep their mainland wording in 繁體 characters, while the words of the software
 * itself (檔案, 匯入, 設定, 資料夾, 復原…) follow Taiwan usage.
 */
export const REVIEWED_PHRASES: readonly (readonly [simplified: string, traditional: string])[] = [
  // Domain words: the ledger's own terms, not s2twp's Taiwan equivalents.
  ["项目", "項目"], // s2twp: 專案
  ["类型", "類型"], // s2twp: 型別 (a programming term)
  ["代码", "代碼"], // s2twp: 程式碼 (统一社会信用代码 is a registration number, not code)
  ["调度", "調度"], // s2twp: 排程 (调度表 is the report form's name)
  ["视频洽谈", "視訊洽談"], // s2twp: 影片 (a video file); this is a video call
  ["视频会议", "視訊會議"],
  ["音视频", "影音"], // s2twp: 音影片
  ["分区", "分區"], // s2twp: 分割槽 (a disk partition), as in 未分区域
  ["权限", "權限"], // s2twp: 許可權
  ["前缀", "前綴"], // s2twp: 字首 (a word's prefix, not a place name before a company's)
  ["后缀", "後綴"], // s2twp: 字尾
  ["联系", "聯絡"], // s2twp splits 并联系 as 并联 (parallel circuit) + 系
  // A table's row is 列 and its column 欄 in Taiwan (the other way round from the mainland's
  // 行/列); only where the text is about a sheet's rows, as 行 is also 银行, 行业, 进行….
  ["}} 行", "}} 列"],
  ["行号", "列號"],
  ["各行", "各列"],
  ["每行", "每列"],
  ["每一行", "每一列"],
  ["此行", "此列"],
  ["有错误的行", "有錯誤的列"],
  ["更新的行", "更新的列"],
  ["列名", "欄位名稱"],
  ["列对应关系", "欄位對應關係"],
  ["一季度", "第一季"],
  ["二季度", "第二季"],
  ["三季度", "第三季"],
  ["四季度", "第四季"],
  // Software words as Taiwan's Windows says them, where s2twp keeps the mainland word.
  ["撤销", "復原"], // undo
  ["恢复", "還原"], // restore a backup
  ["回收站", "資源回收筒"],
  ["退出登录", "登出"],
  ["服务器地址", "伺服器位址"],
  ["运行同步", "執行同步"],
  ["共享文件夹", "共用資料夾"],
  ["网络共享", "網路共用"],
  ["如 U 盘", "如隨身碟"], // s2twp converts only U盘 without the space
  ["笔记本", "筆記型電腦"], // a laptop (王磊的笔记本)
  ["回车", "Enter 鍵"],
  ["打开", "開啟"], // s2twp: 開啟 or 打開 by the words around it
  ["跳过", "略過"],
  ["当前", "目前"],
  ["替换", "取代"],
  ["改动", "變更"],
  ["空闲", "閒置"],
  ["查找", "尋找"], // s2twp: 查詢 (a query)
  ["规范化", "正規化"],
  ["出错了", "發生錯誤"],
  ["演示", "示範"], // 演示台账: the demo ledger
  // Taiwan's quotation marks.
  ["“", "「"],
  ["”", "」"],
  ["‘", "『"],
  ["’", "』"],
];

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
 * the UI's language: the core writes 简体, a zh-TW user reads it in 繁體. English users see the
 * core's 简体 as before.
 */
export function coreText(text: string, lang: string = i18n.language): string {
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

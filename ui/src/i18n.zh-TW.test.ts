import { beforeAll, describe, expect, it } from "vitest";
import { ConverterBuilder } from "opencc-js/core";
import * as cn2t from "opencc-js/preset/cn2t";
import i18n, { zhCN } from "./i18n";
import { call, commands } from "./api";
import { coreError, mockCommands } from "./test/ipc";
import { coreText, loadTraditional, REVIEWED_PHRASES, toTraditional, toTraditionalTexts } from "./zhTW";

type Texts = { [key: string]: string | Texts };

/** Every text of a message tree as [dotted key, text]. */
function entries(texts: Texts, prefix = ""): [string, string][] {
  return Object.entries(texts).flatMap(([k, v]) => (typeof v === "string" ? [[prefix + k, v] as [string, string]] : entries(v, `${prefix}${k}.`)));
}

// Plain OpenCC (s2tw, characters only): the judge of "a character OpenCC converts", independent
// of the reviewed phrases.
const s2tw = ConverterBuilder(cn2t)({ from: "cn", to: "tw" });

/** The keys whose zh-TW text (as i18next resolves it, falling back to zh-CN) is still 简体. */
function stillSimplified(cn: Texts, shownInTw: (key: string) => string | undefined): string[] {
  return entries(cn)
    .filter(([key, text]) => (shownInTw(key) ?? text) === text && s2tw(text) !== text)
    .map(([key]) => key);
}

const generated = () => `// Generated from zhCN in i18n.ts by \`npm run gen:zh-tw\` (toTraditionalTexts in zhTW.ts: OpenCC
// s2twp and the reviewed phrases). Do not edit: change a wording in zhTW.ts's REVIEWED_PHRASES
// and run the command again. src/i18n.zh-TW.test.ts fails when this file is stale.

const zhTW = ${JSON.stringify(toTraditionalTexts(zhCN), null, 2)};

export default zhTW;
`;

describe("繁體 (zh-TW)", () => {
  beforeAll(() => loadTraditional());

  it("i18n.zh-TW.ts is zh-CN converted now (run `npm run gen:zh-tw` after changing zh-CN texts)", async () => {
    await expect(generated()).toMatchFileSnapshot("./i18n.zh-TW.ts");
  });

  it("shows no zh-TW text that equals its zh-CN text while it holds a character OpenCC converts", () => {
    const shown = (key: string) => i18n.getResource("zh-TW", "translation", key) as string | undefined;
    expect(stillSimplified(zhCN, shown)).toEqual([]);
    // The check itself: a text left in 简体, or missing (i18next then shows zh-CN), is caught;
    // one with nothing to convert (a placeholder, Latin) is not.
    const cn = { a: { b: "导入文件" }, c: "导出", d: "CSV", e: "{{count}}" };
    const tw: Record<string, string> = { "a.b": "导入文件", d: "CSV", e: "{{count}}" };
    expect(stillSimplified(cn, (k) => tw[k])).toEqual(["a.b", "c"]);
  });

  it("shows the app in 繁體 once zh-TW is chosen", async () => {
    await i18n.changeLanguage("zh-TW");
    expect(i18n.t("nav.projects")).toBe("項目庫");
    expect(i18n.t("sync.export")).toBe("匯出同步檔案");
    expect(i18n.t("projects.total", { count: 3, money: "1億元" })).toBe("共 3 個項目，總投資 1億元");
  });

  it("converts with s2twp, keeping the reviewed domain words and Taiwan's quotation marks", () => {
    expect(toTraditional("软件把数据保存到文件夹")).toBe("軟體把資料儲存到資料夾");
    expect(toTraditional("重点项目的统一社会信用代码")).toBe("重點項目的統一社會信用代碼");
    expect(toTraditional("视频洽谈，视频文件")).toBe("視訊洽談，影片檔案");
    expect(toTraditional("未分区域：没有读写权限")).toBe("未分區域：沒有讀寫權限");
    expect(toTraditional("请不要删除台账文件，并联系技术人员。")).toBe("請不要刪除臺賬檔案，並聯絡技術人員。");
    expect(toTraditional("项目“年产5万吨碳纤维项目”已删除")).toBe("項目「年產5萬噸碳纖維項目」已刪除");
    expect(toTraditional("{{count}} 个项目，Ctrl+Enter")).toBe("{{count}} 個項目，Ctrl+Enter");
  });

  it("lets every reviewed phrase win over s2twp's choice", () => {
    for (const [simplified, traditional] of REVIEWED_PHRASES) {
      expect(toTraditional(`甲${simplified}乙`)).toBe(`甲${traditional}乙`);
    }
  });

  it("puts the core's 简体 messages in the UI's language", () => {
    const message = "项目名称不能为空。";
    expect(coreText(message, "zh-TW")).toBe("項目名稱不能為空。");
    expect(coreText(message, "zh-CN")).toBe(message);
    expect(coreText(message, "en")).toBe(message);
  });

  it("shows a core error in 繁體 to a zh-TW user, and as sent to a zh-CN one", async () => {
    mockCommands({
      app_status: () => {
        throw coreError("Validation", "项目名称不能为空。", "name");
      },
    });
    await expect(call(commands.appStatus())).rejects.toMatchObject({ message: "项目名称不能为空。", field: "name" });
    await i18n.changeLanguage("zh-TW");
    await expect(call(commands.appStatus())).rejects.toMatchObject({ message: "項目名稱不能為空。", kind: "Validation", field: "name" });
  });
});

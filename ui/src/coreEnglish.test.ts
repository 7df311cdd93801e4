import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain Node script without type declarations.
import { coreTemplates, placeholders, templatesOfSource } from "../scripts/core-messages.mjs";
import { coreEnglish, ENGLISH_TEMPLATES } from "./coreEnglish";
import { coreText } from "./zhTW";

type Template = { file: string; line: number; text: string };
const missingIn = (templates: Template[]) => templates.filter((t) => !(t.text in ENGLISH_TEMPLATES));

describe("the core's messages in English", () => {
  const templates: Template[] = coreTemplates();

  it("has English for every message template of crates/core/src (node scripts/core-messages.mjs lists the missing)", () => {
    expect(templates.length).toBeGreaterThan(400);
    const missing = missingIn(templates).map((t) => `${t.file}:${t.line} ${JSON.stringify(t.text)}`);
    expect(missing, "core messages without English in ui/src/coreEnglish.json").toEqual([]);
  });

  it("fills only placeholders the template has", () => {
    const wrong = Object.entries(ENGLISH_TEMPLATES).filter(([zh, en]) => {
      const zhs = placeholders(zh) as string[];
      const name = (p: string) => p.slice(1, -1).split(":")[0];
      const named = new Set(zhs.map(name).filter(Boolean));
      const unnamed = zhs.filter((p) => name(p) === "").length;
      const ens = placeholders(en) as string[];
      return (
        ens.filter((p) => name(p) === "").length > unnamed ||
        ens.some((p) => name(p) !== "" && !name(p).startsWith("$") && !named.has(name(p))) ||
        ens.some((p) => name(p).startsWith("$") && Number(name(p).slice(1)) > zhs.length)
      );
    });
    expect(wrong).toEqual([]);
  });

  it("fails on a new core message without English (the check reads the Rust source)", () => {
    const source = [
      "/// 文档注释不算。",
      "fn check(n: u32) -> Result<()> {",
      "    // 注释也不算",
      '    if n > 9 { return Err(Error::invalid("n", format!("数量{n}过多，请检查。"))); }',
      '    let _ = "项目名称"; // 已有英文',
      '    let _ = r#"原始字符串“{x}”"#;',
      '    let _ = x.expect("不会发生的事");',
      "    Ok(())",
      "}",
      "#[cfg(test)]",
      "mod tests {",
      '    #[test] fn t() { assert_eq!(super::f(), "测试里的字不算"); }',
      "}",
    ].join("\n");
    const found: Template[] = templatesOfSource("projects/new.rs", source);
    expect(found.map((t) => t.text)).toEqual(["数量{n}过多，请检查。", "项目名称", "原始字符串“{x}”"]);
    expect(missingIn(found).map((t) => t.text)).toEqual(["数量{n}过多，请检查。", "原始字符串“{x}”"]);
  });

  it("puts a validation message with a number in English", () => {
    expect(coreEnglish("统一社会信用代码应为18位，“91110000123”为11位。")).toBe(
      "A unified social credit code has 18 characters; “91110000123” has 11.",
    );
    expect(coreEnglish("{what}过长（最多 {max} 个字）。".replace("{what}", "企业名称").replace("{max}", "200"))).toBe(
      "The company name is too long (at most 200 characters).",
    );
    expect(coreEnglish("请填写项目名称。")).toBe("Please enter the project name.");
  });

  it("puts a NotFound message in English, the record's kind too", () => {
    expect(coreEnglish("项目不存在或已删除（0193a8f2）")).toBe("Project does not exist or was deleted (0193a8f2)");
  });

  it("puts import reasons in English and keeps the user's data", () => {
    expect(coreEnglish("第12行：金额“约三千万美元”不是人民币，请换算为人民币后导入")).toBe(
      "Row 12: amount “约三千万美元” is not in CNY; convert it to CNY and import again",
    );
    expect(coreEnglish("项目“光伏组件二期”不在台账中，未关联")).toBe("Project “光伏组件二期” is not in the ledger; not linked");
    expect(coreEnglish("有3行无法导入，台账未作任何改动。第2行：未填项目名称；另有2行有误")).toBe(
      "3 rows cannot be imported; the ledger was not changed. Row 2: no project name; 2 more rows have errors",
    );
  });

  it("puts report labels and the briefing in English", () => {
    expect(coreEnglish("签约项目")).toBe("Signed projects");
    expect(coreEnglish("2022年全年引进5000万元以上项目")).toBe("2022 full year projects of 50M CNY and over");
    expect(coreEnglish("截至6月末，面向京津冀、长三角招商168次，对接洽谈项目20个，12个项目签约，落地开工项目5个。")).toBe(
      "To the end of month 6: 168 promotion trips aimed at 京津冀、长三角, 20 projects in talks, 12 projects signed, 5 projects started.",
    );
    expect(coreEnglish("京津冀招商组截至6月末，外出招商12次，对接洽谈项目3个，2个项目签约（另有1个项目签约日期不详），落地开工项目1个。")).toBe(
      "京津冀招商组 to the end of month 6: 12 promotion trips, 3 projects in talks, 2 projects signed (1 more signed, date unknown), 1 projects started.",
    );
    expect(coreEnglish("签约项目总投资12.5亿元，其中10亿元以上1个、1亿至10亿元0个、5000万至1亿元3个。")).toBe(
      "Signed investment ¥1,250M: 1 projects of 1B CNY and over, 0 of 100M–1B, 3 of 50M–100M.",
    );
    expect(coreEnglish("落地开工项目中新开工3个、复工1个。")).toBe("Of the projects started: new: 3, resumed: 1.");
    expect(coreEnglish("签约项目同比增长12.5%，落地开工项目去年同期为0。")).toBe(
      "Signed projects up 12.5% year on year, projects started none in the same period last year.",
    );
  });

  it("puts the briefing's per-park sentence in English, clause by clause", () => {
    expect(coreEnglish("凌源经济开发区新建项目3个、总投资1.2亿元，续建项目2个、总投资5000万元，储备项目4个。")).toBe(
      "凌源经济开发区: new projects: 3, total investment ¥120M, continued projects: 2, total investment ¥50M, leads: 4.",
    );
  });

  it("leaves a text that matches no template as the core sent it", () => {
    expect(coreEnglish("凌源经济开发区")).toBe("凌源经济开发区");
    expect(coreEnglish("plain text")).toBe("plain text");
  });

  it("is what coreText gives an English user", () => {
    expect(coreText("项目不存在或已删除（x）", "en")).toBe("Project does not exist or was deleted (x)");
    expect(coreText("项目不存在或已删除（x）", "zh-CN")).toBe("项目不存在或已删除（x）");
  });
});

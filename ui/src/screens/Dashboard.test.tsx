import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import Dashboard from "./Dashboard";
import i18n from "../i18n";
import type { ChartData } from "../Chart";
import { coreError, mockCommands } from "../test/ipc";
import { report } from "../test/report";

const suggested = { from: "2022-01-01", to: "2022-05-31" };
const lists = {
  suggested_period: () => suggested,
  park_names: () => [],
  region_groups: () => [
    { id: "g1", name: "京津冀", city_codes: [] },
    { id: "g2", name: "长三角", city_codes: [] },
  ],
};
const show = () => render(<Dashboard revision={0} onOpenProject={() => {}} />);

/** A chart's data as ECharts holds it (Chart.tsx's data-chart), once drawn. */
async function chart(testId: string): Promise<ChartData> {
  const el = await screen.findByTestId(testId);
  await waitFor(() => expect(el.dataset.chart).toBeTruthy());
  return JSON.parse(el.dataset.chart!) as ChartData;
}

describe("工作台", () => {
  it("shows the report's figures, 同比 and targets on the cards", async () => {
    mockCommands({ ...lists, report: () => report() });
    show();
    await waitFor(() => expect(screen.getByTestId("metric-trips-value").textContent).toBe("168"));
    const card = (key: string) => screen.getByTestId(`metric-${key}`);
    expect(within(card("contacted")).getByTestId("metric-contacted-value").textContent).toBe("156");
    expect(within(card("signed")).getByTestId("metric-signed-value").textContent).toBe("27");
    expect(within(card("started")).getByTestId("metric-started-value").textContent).toBe("22");
    expect(within(card("operating")).getByTestId("metric-operating-value").textContent).toBe("9");
    expect(card("trips").textContent).toContain("同比 ↑12.5%");
    expect(card("contacted").textContent).toContain("同比 ↓3.4%");
    expect(card("contacted").querySelector(".yoy")!.className).toBe("yoy down");
    expect(card("signed").textContent).toContain("同比 ↑0.0%");
    expect(card("started").textContent).toContain("同比 —");
    expect(card("started").querySelector(".yoy")!.className).toBe("yoy muted");
    expect(card("operating").textContent).toContain("同比 ↑200.0%");
    expect(screen.getByText("17.15亿元")).toBeTruthy();
    expect(screen.getByText(/重点项目 14 · 在谈 41 · 储备 63/)).toBeTruthy();
    const target = screen.getByText("2022年全年签约项目").closest(".target")!;
    expect(target.querySelector(".target-num")!.textContent).toBe("28/40（70%）");
    expect((target.querySelector(".fill") as HTMLElement).style.width).toBe("70%");
  });

  it("shows the briefing's first four details, and all of them on 展开全部", async () => {
    mockCommands({ ...lists, report: () => report() });
    show();
    const briefing = await screen.findByTestId("briefing");
    expect(briefing.querySelector(".lead-sentence")!.textContent).toBe(
      "截至6月末，面向京津冀招商168次，对接洽谈项目156个，27个项目签约，落地开工项目22个。",
    );
    expect(briefing.textContent).toContain("2022年1月1日 — 2022年6月30日");
    const details = () => [...briefing.querySelectorAll("p.muted")].map((p) => p.textContent);
    expect(details()).toEqual(["签约总投资17.15亿元。", "飞地项目3个。", "重点项目14个。", "完成全年签约目标的70%。"]);
    fireEvent.click(screen.getByTestId("briefing-more"));
    expect(details()).toHaveLength(5);
    expect(details()[4]).toBe("承接产业转移项目2个。");
    expect(screen.getByTestId("briefing-more").textContent).toBe("收起");
  });

  it("draws every chart from the report's numbers", async () => {
    mockCommands({ ...lists, report: () => report() });
    show();
    // The funnel: the five stages a project moves through, not 搁置 or 终止.
    expect((await chart("chart-funnel")).series[0].data).toEqual([
      { name: "线索", value: 63 },
      { name: "洽谈", value: 41 },
      { name: "签约", value: 17 },
      { name: "开工", value: 12 },
      { name: "投产", value: 9 },
    ]);
    // By region group: groups with nothing in the period (珠三角) left out.
    expect(await chart("chart-region")).toEqual({
      categories: ["京津冀", "长三角", "未分区域"],
      series: [
        { name: "对接洽谈项目", data: [31, 18, 2] },
        { name: "签约项目", data: [7, 4, 1] },
        { name: "落地开工项目", data: [5, 2, 0] },
      ],
    });
    // By industry: signed projects, industries without a signing left out.
    expect((await chart("chart-industry")).series[0].data).toEqual([
      { name: "新材料", value: 11 },
      { name: "农产品加工", value: 6 },
    ]);
    expect(await chart("chart-trend")).toEqual({
      categories: ["2022-01", "2022-02", "2022-03"],
      series: [
        { name: "外出招商", data: [20, 8, 33] },
        { name: "对接洽谈项目", data: [21, 13, 30] },
        { name: "签约项目", data: [2, 3, 5] },
        { name: "落地开工项目", data: [1, 0, 4] },
      ],
    });
  });

  it("asks the core for the chosen period and region group", async () => {
    const calls = mockCommands({ ...lists, report: () => report() });
    show();
    await screen.findByTestId("briefing");
    const queries = () => calls.filter((c) => c.cmd === "report").map((c) => c.args.query as { period: unknown; scope: { region_group_ids: string[] } });
    expect(queries()[0].period).toEqual(suggested);
    expect(screen.getByText("默认区间").className).toBe("chip active");
    fireEvent.click(screen.getByText("上半年"));
    await waitFor(() => expect(queries().at(-1)!.period).toEqual({ from: "2022-01-01", to: "2022-06-30" }));
    expect(screen.getByText("上半年").className).toBe("chip active");
    expect(screen.getByText("默认区间").className).toBe("chip");
    fireEvent.click(screen.getByText("全年"));
    await waitFor(() => expect(queries().at(-1)!.period).toEqual({ from: "2022-01-01", to: "2022-12-31" }));
    fireEvent.change(screen.getByTestId("dash-region"), { target: { value: "g2" } });
    await waitFor(() => expect(queries().at(-1)!.scope.region_group_ids).toEqual(["g2"]));
    expect(queries().at(-1)!.period).toEqual({ from: "2022-01-01", to: "2022-12-31" });
  });

  it("shows the core's error when the report cannot be counted", async () => {
    mockCommands({
      ...lists,
      report: () => {
        throw coreError("Validation", "统计区间的起始日期晚于截止日期。", "period");
      },
    });
    show();
    expect((await screen.findByText("统计区间的起始日期晚于截止日期。")).className).toBe("error");
    expect(screen.queryByTestId("briefing")).toBeNull();
    expect(screen.queryByTestId("charts")).toBeNull();
  });

  it("shows the briefing, targets and charts in 繁體 to a zh-TW user", async () => {
    await i18n.changeLanguage("zh-TW");
    mockCommands({ ...lists, report: () => report() });
    show();
    await waitFor(() =>
      expect(screen.getByTestId("briefing").querySelector(".lead-sentence")!.textContent).toBe(
        "截至6月末，面向京津冀招商168次，對接洽談項目156個，27個項目簽約，落地開工項目22個。",
      ),
    );
    expect(screen.getByText("簽約總投資17.15億元。")).toBeTruthy();
    expect(screen.getByText("2022年全年簽約項目")).toBeTruthy();
    expect(screen.getByText("17.15億元")).toBeTruthy();
    expect((await chart("chart-funnel")).series[0].data).toEqual([
      { name: "線索", value: 63 },
      { name: "洽談", value: 41 },
      { name: "簽約", value: 17 },
      { name: "開工", value: 12 },
      { name: "投產", value: 9 },
    ]);
    await waitFor(async () => expect((await chart("chart-region")).categories).toEqual(["京津冀", "長三角", "未分區域"]));
    expect((await chart("chart-region")).series.map((s) => s.name)).toEqual(["對接洽談項目", "簽約項目", "落地開工項目"]);
  });
});

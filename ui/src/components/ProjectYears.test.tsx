import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import ProjectYears from "./ProjectYears";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";
import { parseAmount } from "../test/amounts";
import type { ProjectYear_Serialize } from "../bindings";

const months = (pairs: [number, number][]) => {
  const v: (number | null)[] = Array(12).fill(null);
  for (const [m, yuan] of pairs) v[m - 1] = yuan;
  return v;
};

const y2022: ProjectYear_Serialize = {
  id: "y1",
  project_id: "p1",
  year: 2022,
  planned_investment: 300_000_000,
  completed_by_month: months([
    [3, 50_000_000],
    [6, 120_000_000],
  ]),
  progress: "主体钢结构施工",
  updated_at: "x",
};

describe("年度投资", () => {
  it("shows each year's plan, latest cumulative figure, 完成率 and 形象进度", async () => {
    mockCommands({ project_years: () => [y2022] });
    render(<ProjectYears projectId="p1" />);
    const row = await screen.findByTestId("year-row-2022");
    expect(row.textContent).toContain("3亿元");
    expect(row.textContent).toContain("截至6月 1.2亿元");
    expect(row.textContent).toContain("40.0%");
    expect(row.textContent).toContain("主体钢结构施工");
  });

  it("sends amounts typed in 万元 as 元, and shows the core's refusal on the month it names", async () => {
    let refuse = true;
    const calls = mockCommands({
      parse_amount: parseAmount,
      project_years: () => [y2022],
      set_project_year: () => {
        if (refuse) throw coreError("Validation", "完成投资按年初至月末累计填写，9月末（1亿元）不能少于6月末（1.2亿元）。", "completed_by_month.9");
        return y2022;
      },
    });
    const onChanged = vi.fn();
    render(<ProjectYears projectId="p1" onChanged={onChanged} />);
    fireEvent.click(await screen.findByTestId("year-edit-2022"));
    expect((screen.getByTestId("year-plan") as HTMLInputElement).value).toBe("30000");
    expect((screen.getByTestId("year-month-6") as HTMLInputElement).value).toBe("12000");
    fireEvent.change(screen.getByTestId("year-month-9"), { target: { value: "10000" } });
    fireEvent.click(screen.getByTestId("year-save"));
    await waitFor(() => expect(screen.getByTestId("error-completed_by_month.9").textContent).toContain("不能少于6月末"));
    expect(onChanged).not.toHaveBeenCalled();
    refuse = false;
    fireEvent.change(screen.getByTestId("year-month-9"), { target: { value: "15000" } });
    fireEvent.change(screen.getByTestId("year-progress"), { target: { value: "主体封顶" } });
    fireEvent.click(screen.getByTestId("year-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    const sent = calls.filter((c) => c.cmd === "set_project_year").map((c) => c.args);
    expect(sent[1]).toEqual({
      projectId: "p1",
      input: {
        year: 2022,
        planned_investment: 300_000_000,
        completed_by_month: months([
          [3, 50_000_000],
          [6, 120_000_000],
          [9, 150_000_000],
        ]),
        progress: "主体封顶",
      },
    });
  });

  it("reads amounts as import does (三亿), and a typing the core cannot read stays on its month and sends nothing", async () => {
    const calls = mockCommands({ parse_amount: parseAmount, project_years: () => [], set_project_year: () => ({}) });
    render(<ProjectYears projectId="p1" />);
    fireEvent.click(await screen.findByTestId("year-add"));
    fireEvent.change(screen.getByTestId("year-plan"), { target: { value: "三亿" } });
    fireEvent.change(screen.getByTestId("year-month-1"), { target: { value: "很多" } });
    fireEvent.click(screen.getByTestId("year-save"));
    await waitFor(() => expect(screen.getByTestId("error-completed_by_month.1").textContent).toContain("金额“很多”无法识别"));
    expect(calls.some((c) => c.cmd === "set_project_year")).toBe(false);
    fireEvent.change(screen.getByTestId("year-month-1"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("year-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "set_project_year")).toBe(true));
    const sent = calls.find((c) => c.cmd === "set_project_year")!.args.input as { planned_investment: number };
    expect(sent.planned_investment).toBe(300_000_000);
  });
});

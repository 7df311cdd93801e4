import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import InvestmentPlan from "./InvestmentPlan";
import "../i18n";
import type { InvestmentPlan_Serialize, PlanShare_Serialize } from "../bindings";

const share = (id: string | null, label: string, planned: number, planned_share: number, completed: number): PlanShare_Serialize => ({
  id,
  label,
  projects: 1,
  planned,
  planned_share,
  completed,
  completion_rate: planned > 0 ? completed / planned : 0,
});

const plan: InvestmentPlan_Serialize = {
  year: 2022,
  from_month: 1,
  to_month: 6,
  months_label: "1-6月",
  projects: 8,
  planned_projects: 8,
  planned: 1_000_000_000,
  completed: 410_000_000,
  completed_in_period: 410_000_000,
  completion_rate: 0.41,
  by_industry: [share("i1", "新能源", 600_000_000, 0.6, 240_000_000), share("i2", "钢铁冶金", 400_000_000, 0.4, 170_000_000)],
  by_chain: [share(null, "未填写", 1_000_000_000, 1, 410_000_000)],
  by_park: [share("凌源经济开发区", "凌源经济开发区", 630_000_000, 0.63, 240_000_000), share(null, "未填写", 370_000_000, 0.37, 170_000_000)],
  lines: [],
};

describe("年度计划投资 panel", () => {
  it("shows the plan, completed investment, 完成率 and each group's share as the core counted them", () => {
    render(<InvestmentPlan plan={plan} />);
    expect(screen.getByTestId("plan-planned").textContent).toContain("10亿元");
    expect(screen.getByTestId("plan-completed").textContent).toContain("1-6月完成投资");
    expect(screen.getByTestId("plan-completed").textContent).toContain("4.1亿元");
    expect(screen.getByTestId("plan-rate").textContent).toContain("41.0%");
    const industries = screen.getByTestId("plan-byIndustry").textContent ?? "";
    expect(industries).toContain("新能源6亿元60.0%40.0%");
    expect(screen.getByTestId("plan-byPark").textContent).toContain("凌源经济开发区6.3亿元63.0%");
    // A breakdown where nothing is filled in (no chain) is left out.
    expect(screen.queryByTestId("plan-byChain")).toBeNull();
  });

  it("a period after January shows its own months and the figure since January", () => {
    render(<InvestmentPlan plan={{ ...plan, from_month: 4, months_label: "4-6月", completed_in_period: 300_000_000 }} />);
    expect(screen.getByTestId("plan-completed").textContent).toContain("4-6月完成投资3亿元");
    expect(screen.getByTestId("plan-completed").textContent).toContain("年初累计 4.1亿元");
  });

  it("shows nothing when no project has the year", () => {
    const { container } = render(<InvestmentPlan plan={{ ...plan, projects: 0 }} />);
    expect(container.textContent).toBe("");
  });
});

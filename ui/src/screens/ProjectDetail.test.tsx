import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import ProjectDetail from "./ProjectDetail";
import NewProject from "./NewProject";
import { coreError, mockCommands } from "../test/ipc";

const project = {
  id: "p1",
  name: "年产5万吨碳纤维项目",
  company_id: "c1",
  company_name: "北京测试新材料科技有限公司",
  content: null,
  total_investment: 200_000_000,
  industry_id: null,
  region_group_id: null,
  region_group_manual: false,
  stage: "Lead",
  signed_on: null,
  started_on: null,
  operating_on: null,
  stage_since: "2026-03-01",
  enclave: false,
  relocation: false,
  key_project: false,
  high_energy: false,
  construction_kind: null,
  park: "经开区",
  team_id: "t1",
  officer_id: "o2",
  sponsor_id: null,
  responsible_unit: null,
  coordination_issues: null,
  next_step: null,
  notes: null,
  follow_up_on: null,
  created_at: "2026-03-01T00:00:00Z",
  updated_at: "2026-03-01T00:00:00Z",
};

const lists = {
  industries: () => [],
  first_stages: () => ["Lead", "Negotiating", "Signed"],
  teams: () => [
    { id: "t1", name: "招商一组", sort_order: 1 },
    { id: "t2", name: "招商二组", sort_order: 2 },
  ],
  officers: () => [
    { id: "o1", name: "王磊", team_id: "t1" },
    { id: "o2", name: "李娜", team_id: "t2" },
  ],
};
const detail = {
  ...lists,
  project: () => project,
  stage_history: () => [],
  project_activities: () => [],
  record_history: () => [],
};
const show = () => render(<ProjectDetail id="p1" revision={0} onBack={() => {}} onChanged={() => {}} notify={() => {}} />);

/** The label (field) an element sits in, by its caption. */
const fieldOf = (el: HTMLElement) => el.closest("label")!;

describe("项目信息 (the shared project form on a project's page)", () => {
  it("places a core validation message on the field it names, keeping what was typed", async () => {
    let sent: { total_investment: number; park: string | null } | null = null;
    mockCommands({
      ...detail,
      update_project: (a) => {
        sent = a.input as typeof sent;
        throw coreError("Validation", "园区名称过长。", "park");
      },
    });
    show();
    fireEvent.change(await screen.findByTestId("pd-investment"), { target: { value: "30000" } });
    fireEvent.click(screen.getByTestId("pd-save"));
    const error = await screen.findByTestId("error-park");
    expect(error.textContent).toBe("园区名称过长。");
    expect(fieldOf(error).textContent).toContain("所在园区");
    expect(within(fieldOf(error)).getByRole("textbox")).toHaveProperty("value", "经开区");
    expect(screen.queryByTestId("error-name")).toBeNull();
    expect(sent!.total_investment).toBe(300_000_000);
    expect(screen.getByTestId("pd-investment")).toHaveProperty("value", "30000");
  });

  it("refuses an investment that is not a number, and shows an error naming no field under the form", async () => {
    const calls = mockCommands({
      ...detail,
      update_project: () => {
        throw coreError("Conflict", "该项目已被他人修改。");
      },
    });
    show();
    fireEvent.change(await screen.findByTestId("pd-investment"), { target: { value: "三亿" } });
    fireEvent.click(screen.getByTestId("pd-save"));
    expect((await screen.findByTestId("error-total_investment")).textContent).toBe("请输入数字（万元）。");
    expect(calls.some((c) => c.cmd === "update_project")).toBe(false);
    fireEvent.change(screen.getByTestId("pd-investment"), { target: { value: "30000" } });
    fireEvent.click(screen.getByTestId("pd-save"));
    expect((await screen.findByTestId("error-_")).textContent).toBe("该项目已被他人修改。");
    expect(screen.queryByTestId("error-total_investment")).toBeNull();
  });

  it("shows a core error on the team, officer, industry or follow-up field, and one on a field the form lacks under it", async () => {
    const answers = [
      coreError("Validation", "所选招商组不存在或已删除，请重新选择。", "team_id"),
      coreError("Validation", "跟进日期无效。", "follow_up_on"),
      coreError("Validation", "包保领导不存在。", "sponsor_id"),
    ];
    mockCommands({
      ...detail,
      update_project: () => {
        throw answers.shift();
      },
    });
    show();
    await screen.findByTestId("pd-name");
    fireEvent.click(screen.getByTestId("pd-save"));
    const team = await screen.findByTestId("error-team_id");
    expect(team.textContent).toBe("所选招商组不存在或已删除，请重新选择。");
    expect(within(fieldOf(team)).getByRole("combobox")).toHaveProperty("value", "t1");
    fireEvent.click(screen.getByTestId("pd-save"));
    const followUp = await screen.findByTestId("error-follow_up_on");
    expect(fieldOf(followUp).querySelector('input[type="date"]')).not.toBeNull();
    fireEvent.click(screen.getByTestId("pd-save"));
    const stray = await screen.findByTestId("error-sponsor_id");
    expect(stray.textContent).toBe("包保领导不存在。");
    expect(stray.closest("label")).toBeNull();
  });

  it("warns about a 两高 project once it is ticked", async () => {
    mockCommands(detail);
    show();
    await screen.findByTestId("pd-name");
    expect(screen.queryByText(/两高项目（高耗能高排放）/)).toBeNull();
    fireEvent.click(screen.getByLabelText("两高"));
    expect(screen.getByText(/两高项目（高耗能高排放）/)).toBeTruthy();
  });

  it("keeps a saved project's officer even when another team's", async () => {
    mockCommands(detail);
    show();
    await screen.findByText("王磊");
    const officer = (await screen.findByText("李娜")).closest("select")!;
    expect(officer).toHaveProperty("value", "o2");
    expect(within(officer).getAllByRole("option").map((o) => o.textContent)).toEqual(["—", "王磊", "李娜"]);
  });

  it("offers on a new project only the officers of the chosen team", async () => {
    mockCommands(lists);
    render(<NewProject onClose={() => {}} onCreated={() => {}} />);
    const team = (await screen.findByText("招商二组")).closest("select")!;
    fireEvent.change(team, { target: { value: "t2" } });
    const officer = screen.getByText("李娜").closest("select")!;
    expect(within(officer).getAllByRole("option").map((o) => o.textContent)).toEqual(["—", "李娜"]);
    expect(screen.queryByTestId("pd-save")).toBeNull();
    expect(screen.getByTestId("new-project-form").className).toBe("card form new-project");
  });
});

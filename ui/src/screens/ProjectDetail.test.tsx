import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import ProjectDetail from "./ProjectDetail";
import NewProject from "./NewProject";
import { coreError, mockCommands } from "../test/ipc";
import { parseAmount } from "../test/amounts";

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
  parse_amount: parseAmount,
  project: () => project,
  stage_history: () => [],
  project_activities: () => [],
  record_history: () => [],
  no_update_reasons: () => [],
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

  it("refuses an investment the core cannot read, at its field, and shows an error naming no field under the form", async () => {
    const calls = mockCommands({
      ...detail,
      update_project: () => {
        throw coreError("Conflict", "该项目已被他人修改。");
      },
    });
    show();
    fireEvent.change(await screen.findByTestId("pd-investment"), { target: { value: "三亿多" } });
    fireEvent.click(screen.getByTestId("pd-save"));
    expect((await screen.findByTestId("error-total_investment")).textContent).toBe("金额“三亿多”无法识别，可填 5000（万元）、5000万、1.2亿元、两亿");
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

const change = (id: string, changed_on: string, to_stage: string, more: object = {}) => ({
  id,
  project_id: "p1",
  changed_on,
  from_stage: null,
  to_stage,
  construction_kind: null,
  upgrade: false,
  added_investment: 0,
  officer_id: null,
  note: null,
  created_at: `${changed_on}T00:00:00Z`,
  ...more,
});
const stages = [
  change("s1", "2026-03-01", "Lead"),
  change("s2", "2026-04-15", "Signed", { upgrade: true, note: "在京签约" }),
  change("s3", "2026-05-20", "Started", { construction_kind: "Resumed" }),
];
const activity = {
  id: "a1", kind: "OutboundTrip", occurred_on: "2026-02-10", place: "北京", destination_code: "110100", region_group_id: null,
  summary: "赴北京洽谈碳纤维项目", follow_up_on: null, team_id: null, officer_ids: [], company_ids: [], project_ids: ["p1"],
  created_at: "2026-02-10T00:00:00Z", updated_at: "2026-02-10T00:00:00Z",
};
const entry = (change_id: string, field: string, old_value: string | null, new_value: string | null, table_name = "projects") => ({
  change_id, tx_id: "x", table_name, row_id: "p1", field, old_value, new_value, officer_name: "王磊", changed_at: "2026-04-15T09:30:12Z", device_id: "d1",
});
const full = {
  ...detail,
  project: () => ({ ...project, stage: "Started" }),
  stage_history: () => stages,
  project_activities: () => [activity],
  record_history: () => [entry("h1", "park", "开发区", "经开区"), entry("h2", "*", null, null), entry("h3", "to_stage", null, "Signed", "stage_changes")],
};
function showWith(handlers: Parameters<typeof mockCommands>[0]) {
  const calls = mockCommands(handlers);
  const props = { notify: vi.fn(), onChanged: vi.fn(), onBack: vi.fn() };
  render(<ProjectDetail id="p1" revision={0} {...props} />);
  return { calls, ...props };
}
const lines = (testId: string) => within(screen.getByTestId(testId)).getAllByRole("listitem").map((li) => li.textContent);

describe("项目页 (stage history, activities, changes)", () => {
  it("shows the project's stage, company and investment, its stage history, activities and change history", async () => {
    showWith(full);
    expect((await screen.findByTestId("detail-stage")).textContent).toBe("开工");
    expect(screen.getByText("北京测试新材料科技有限公司 · 2亿元")).toBeTruthy();
    await waitFor(() => expect(lines("timeline")).toHaveLength(3));
    expect(lines("timeline")).toEqual(["2026年3月1日改日期线索", "2026年4月15日改日期签约升格在京签约", "2026年5月20日改日期开工复工删除"]);
    // Only the newest of several stage changes can be deleted.
    expect(screen.getAllByTestId("stage-remove")).toHaveLength(1);
    await waitFor(() => expect(lines("activities")).toEqual(["2026年2月10日外出招商北京赴北京洽谈碳纤维项目出访报告编辑删除"]));
    const history = screen.getByText("修改记录").closest(".card")! as HTMLElement;
    expect(within(history).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "2026-04-15 09:30王磊park开发区 → 经开区",
      "2026-04-15 09:30王磊已创建",
      "2026-04-15 09:30王磊阶段记录",
    ]);
  });

  it("records a stage change with the construction kind only for 开工, and the note trimmed", async () => {
    const { calls, onChanged } = showWith({ ...full, record_stage_change: () => project });
    fireEvent.change(await screen.findByTestId("stage-select"), { target: { value: "Started" } });
    fireEvent.change(screen.getByTestId("stage-date"), { target: { value: "2026-06-01" } });
    fireEvent.change(screen.getByDisplayValue("建设类型"), { target: { value: "New" } });
    fireEvent.change(screen.getByPlaceholderText("说明"), { target: { value: "  二期开工 " } });
    fireEvent.click(screen.getByTestId("stage-add"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(screen.getByPlaceholderText("说明")).toHaveProperty("value", "");
    // Another stage: the kind chosen for 开工 is not sent, an empty note is none.
    fireEvent.change(screen.getByTestId("stage-select"), { target: { value: "Operating" } });
    expect(screen.queryByDisplayValue("建设类型")).toBeNull();
    fireEvent.click(screen.getByTestId("stage-add"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
    expect(calls.filter((c) => c.cmd === "record_stage_change").map((c) => c.args)).toEqual([
      { projectId: "p1", input: { to_stage: "Started", changed_on: "2026-06-01", construction_kind: "New", added_investment: 0, officer_id: null, note: "二期开工", date_unknown: false } },
      { projectId: "p1", input: { to_stage: "Operating", changed_on: "2026-06-01", construction_kind: null, added_investment: 0, officer_id: null, note: null, date_unknown: false } },
    ]);
  });

  it("shows the core's refusal of a stage change, and deletes the newest one", async () => {
    const { calls, onChanged } = showWith({
      ...full,
      record_stage_change: () => {
        throw coreError("Validation", "阶段日期不能早于上一阶段（2026年5月20日）。", "changed_on");
      },
      delete_stage_change: () => project,
    });
    fireEvent.click(await screen.findByTestId("stage-add"));
    expect((await screen.findByTestId("stage-error")).textContent).toBe("阶段日期不能早于上一阶段（2026年5月20日）。");
    expect(onChanged).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByTestId("stage-remove"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls.filter((c) => c.cmd === "delete_stage_change").map((c) => c.args)).toEqual([{ changeId: "s3" }]);
    expect(screen.queryByTestId("stage-error")).toBeNull();
  });

  it("deletes an activity or the project with an undo offered, and goes back after deleting the project", async () => {
    const { calls, notify, onChanged, onBack } = showWith({ ...full, delete_activity: () => null, delete_project: () => null });
    fireEvent.click(await screen.findByTestId("activity-remove"));
    await waitFor(() => expect(notify).toHaveBeenCalledWith("记录已删除。", true));
    expect(onBack).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("delete-project"));
    await waitFor(() => expect(onBack).toHaveBeenCalledTimes(1));
    expect(notify).toHaveBeenLastCalledWith("项目已删除。", true);
    expect(onChanged).toHaveBeenCalledTimes(2);
    expect(calls.filter((c) => c.cmd.startsWith("delete_")).map((c) => [c.cmd, c.args.id])).toEqual([
      ["delete_activity", "a1"],
      ["delete_project", "p1"],
    ]);
  });

  it("says why a project cannot be shown, and offers the way back", async () => {
    const { onBack } = showWith({
      ...full,
      project: () => {
        throw coreError("NotFound", "项目不存在或已删除。");
      },
    });
    expect((await screen.findByText("项目不存在或已删除。")).className).toBe("error");
    expect(screen.queryByTestId("project-detail")).toBeNull();
    fireEvent.click(screen.getByText("返回项目库"));
    expect(onBack).toHaveBeenCalledTimes(1);
  });
});

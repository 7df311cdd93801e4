import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import FollowUps from "./FollowUps";
import { coreError, mockCommands } from "../test/ipc";

const data = {
  today: "2022-06-30",
  due: [
    { kind: "project", id: "p1", project_id: "p1", title: "年产5万吨碳纤维项目", due_on: "2022-06-27", days_left: -3, officer_name: "王磊" },
    { kind: "activity", id: "a1", project_id: "p2", title: "回访北京测试新材料科技有限公司", due_on: "2022-06-30", days_left: 0, officer_name: null },
    { kind: "activity", id: "a2", project_id: null, title: "联系深圳某光伏企业", due_on: "2022-07-05", days_left: 5, officer_name: "李娜" },
  ],
  stalled: [
    { project_id: "p3", name: "农产品冷链物流园项目", stage: "Negotiating", stage_since: "2022-01-10", days_in_stage: 171, officer_name: "赵刚" },
    { project_id: "p4", name: "装配式建筑部品项目", stage: "Signed", stage_since: "2021-12-01", days_in_stage: 211, officer_name: null },
  ],
};

describe("跟进提醒", () => {
  it("lists due follow-ups, overdue first as the core sends them, and opens a project from one", async () => {
    mockCommands({ follow_ups: () => data, alerts: () => list([]) });
    const onOpen = vi.fn();
    render(<FollowUps revision={0} onOpen={onOpen} />);
    const due = (await screen.findByText("待跟进（3）")).closest(".card")! as HTMLElement;
    const items = within(due).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "2022年6月27日逾期 3 天年产5万吨碳纤维项目王磊",
      "2022年6月30日今天回访北京测试新材料科技有限公司",
      "2022年7月5日还有 5 天联系深圳某光伏企业李娜",
    ]);
    expect(items.map((li) => li.className)).toEqual(["overdue", "", ""]);
    expect(within(items[0]).getByText("逾期 3 天").className).toBe("tag warn nowrap");
    expect(within(items[2]).getByText("还有 5 天").className).toBe("tag nowrap");
    fireEvent.click(items[1]);
    expect(onOpen).toHaveBeenLastCalledWith("p2");
    // An activity linked to no project opens nothing.
    fireEvent.click(items[2]);
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it("lists stalled projects with their stage and days, and asks again for another threshold", async () => {
    const calls = mockCommands({ follow_ups: () => data, alerts: () => list([]) });
    const onOpen = vi.fn();
    render(<FollowUps revision={0} onOpen={onOpen} />);
    const stalled = (await screen.findByText("停滞项目（2）")).closest(".card")! as HTMLElement;
    const items = within(stalled).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual(["洽谈农产品冷链物流园项目171 天未推进赵刚", "签约装配式建筑部品项目211 天未推进"]);
    fireEvent.click(items[1]);
    expect(onOpen).toHaveBeenCalledWith("p4");
    const queries = () => calls.filter((c) => c.cmd === "follow_ups").map((c) => c.args.query);
    expect(queries()).toEqual([{ within_days: 7, stalled_days: 90, officer_id: null, limit: 300 }]);
    fireEvent.change(within(stalled).getByRole("combobox"), { target: { value: "180" } });
    await waitFor(() => expect(queries()).toHaveLength(2));
    expect(queries()[1]).toEqual({ within_days: 7, stalled_days: 180, officer_id: null, limit: 300 });
  });

  it("says 无 when nothing is due", async () => {
    mockCommands({ follow_ups: () => ({ ...data, due: [] }), alerts: () => list([]) });
    render(<FollowUps revision={0} onOpen={() => {}} />);
    const due = (await screen.findByText("待跟进（0）")).closest(".card")! as HTMLElement;
    expect(within(due).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["无"]);
  });

  it("lists 督办 projects with the rule, how long and the officer, and opens one", async () => {
    mockCommands({ follow_ups: () => ({ ...data, due: [] }), alerts: () => list(alerts) });
    const onOpen = vi.fn();
    render(<FollowUps revision={0} onOpen={onOpen} />);
    const card = (await screen.findByText("督办（3）")).closest(".card")! as HTMLElement;
    const items = within(card).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "签约装配式建筑部品项目签约未开工 127天（规则：90天）王磊",
      "开工年产5万吨碳纤维项目开工未投产 13个月2天（规则：12个月）无责任人",
      "洽谈农产品冷链物流园项目未更新 45天（规则：30天）赵刚填写未更新原因",
    ]);
    expect(within(items[0]).getByText("签约未开工 127天（规则：90天）").className).toBe("tag warn nowrap");
    fireEvent.click(items[1]);
    expect(onOpen).toHaveBeenLastCalledWith("p1");
    // Only the no-update rule asks for a reason.
    expect(within(items[0]).queryByText("填写未更新原因")).toBeNull();
  });

  it("records a reason from a no-update item (never a field), shows a refusal at the reason, and asks again", async () => {
    let listed = alerts;
    const calls = mockCommands({
      follow_ups: () => ({ ...data, due: [] }),
      alerts: () => list(listed),
      add_no_update_reason: (a) => {
        const input = a.input as { reason: string };
        if (!input.reason.trim()) throw coreError("Validation", "请填写未更新的原因。", "reason");
        listed = alerts.slice(0, 2);
        return { id: "r1", project_id: "p3", stated_on: "2022-06-30", reason: input.reason, officer_id: "o3", officer_name: "赵刚" };
      },
    });
    const onOpen = vi.fn();
    render(<FollowUps revision={0} onOpen={onOpen} />);
    fireEvent.click(await screen.findByTestId("reason-open-p3"));
    fireEvent.click(screen.getByTestId("reason-submit-p3"));
    await waitFor(() => expect(screen.getByTestId("error-reason").textContent).toBe("请填写未更新的原因。"));
    fireEvent.change(screen.getByTestId("reason-text-p3"), { target: { value: "企业等待集团董事会决策" } });
    fireEvent.click(screen.getByTestId("reason-submit-p3"));
    await waitFor(() => expect(screen.getByText("督办（2）")).toBeTruthy());
    expect(calls.filter((c) => c.cmd === "add_no_update_reason").map((c) => c.args)[1]).toEqual({
      input: { project_id: "p3", stated_on: "2022-06-30", reason: "企业等待集团董事会决策", officer_id: "o3" },
    });
    expect(calls.some((c) => c.cmd.startsWith("update_"))).toBe(false);
    expect(onOpen).not.toHaveBeenCalled();
  });
});

const list = (items: object[], total = items.length) => ({ as_of: "2022-06-30", total, items });
const alert = (over: object) => ({
  project_id: "p4",
  project_name: "装配式建筑部品项目",
  stage: "Signed",
  officer_id: "o1",
  officer_name: "王磊",
  rule_id: "signed_not_started",
  rule_name: "签约未开工",
  threshold: 90,
  unit: "days",
  since: "2022-02-23",
  elapsed: 127,
  extra_days: 0,
  days: 127,
  last_reason_on: null,
  ...over,
});
const alerts = [
  alert({}),
  alert({ project_id: "p1", project_name: "年产5万吨碳纤维项目", stage: "Started", officer_id: null, officer_name: null, rule_id: "started_not_producing", rule_name: "开工未投产", threshold: 12, unit: "months", elapsed: 13, extra_days: 2, days: 398 }),
  alert({ project_id: "p3", project_name: "农产品冷链物流园项目", stage: "Negotiating", officer_id: "o3", officer_name: "赵刚", rule_id: "no_update", rule_name: "未更新须说明原因", threshold: 30, elapsed: 45, days: 45 }),
];

describe("跟进提醒 › 督办 on a ledger of many", () => {
  it("counts them all in the title, shows the first ones and says how many are left out", async () => {
    const calls = mockCommands({ follow_ups: () => ({ ...data, due: [] }), alerts: () => list(alerts.slice(0, 2), 1234) });
    render(<FollowUps revision={0} onOpen={() => {}} />);
    const card = (await screen.findByText("督办（1234）")).closest(".card")! as HTMLElement;
    const items = within(card).getAllByRole("listitem");
    expect(items).toHaveLength(3);
    expect(items[2].textContent).toBe("仅显示前 2 项，共 1234 项");
    expect(calls.find((c) => c.cmd === "alerts")!.args).toEqual({ limit: 500 });
  });
});

import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import FollowUps from "./FollowUps";
import { mockCommands } from "../test/ipc";

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
    mockCommands({ follow_ups: () => data });
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
    const calls = mockCommands({ follow_ups: () => data });
    const onOpen = vi.fn();
    render(<FollowUps revision={0} onOpen={onOpen} />);
    const stalled = (await screen.findByText("停滞项目（2）")).closest(".card")! as HTMLElement;
    const items = within(stalled).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual(["洽谈农产品冷链物流园项目171 天未推进赵刚", "签约装配式建筑部品项目211 天未推进"]);
    fireEvent.click(items[1]);
    expect(onOpen).toHaveBeenCalledWith("p4");
    expect(calls.map((c) => c.args.query)).toEqual([{ within_days: 7, stalled_days: 90, officer_id: null, limit: 300 }]);
    fireEvent.change(within(stalled).getByRole("combobox"), { target: { value: "180" } });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].args.query).toEqual({ within_days: 7, stalled_days: 180, officer_id: null, limit: 300 });
  });

  it("says 无 when nothing is due", async () => {
    mockCommands({ follow_ups: () => ({ ...data, due: [] }) });
    render(<FollowUps revision={0} onOpen={() => {}} />);
    const due = (await screen.findByText("待跟进（0）")).closest(".card")! as HTMLElement;
    expect(within(due).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["无"]);
  });
});

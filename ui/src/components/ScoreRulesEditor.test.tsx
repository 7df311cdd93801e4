import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import ScoreRulesEditor from "./ScoreRulesEditor";
import { coreError, mockCommands } from "../test/ipc";

const rules = [
  { id: "activity:outbound_trip", points: 2, label: "外出招商（每次）", group: "activity" },
  { id: "activity:leader_led", points: 1, label: "领导带队（加分）", group: "activity" },
  { id: "stage:signed", points: 10, label: "签约", group: "stage" },
  { id: "tier:over_1yi", points: 10, label: "签约项目 1亿至10亿元", group: "tier" },
  { id: "deduct:assignment_overdue", points: -2, label: "交办单逾期（每件）", group: "deduction" },
];

describe("考核计分表", () => {
  it("lists the rules by group and saves a changed value when the field is left", async () => {
    const calls = mockCommands({
      score_rules: () => rules,
      update_score_rule: (a) => ({ ...rules[0], points: a.points }),
    });
    const onChanged = vi.fn();
    const notify = vi.fn();
    render(<ScoreRulesEditor revision={0} onChanged={onChanged} notify={notify} />);
    const trip = (await screen.findByTestId("rule-activity:outbound_trip")) as HTMLInputElement;
    expect(trip.value).toBe("2");
    expect(screen.getByText("招商活动（每位参与人员各得）")).toBeTruthy();
    expect(screen.getByText("签约项目规模（按总投资，签约时加分）")).toBeTruthy();
    expect(screen.getByText("1亿至10亿元")).toBeTruthy();
    // Leaving a field unchanged writes nothing.
    fireEvent.blur(trip);
    fireEvent.change(trip, { target: { value: "3.5" } });
    fireEvent.blur(trip);
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls.filter((c) => c.cmd === "update_score_rule").map((c) => c.args)).toEqual([{ id: "activity:outbound_trip", points: 3.5 }]);
    expect(notify).toHaveBeenCalledWith("已保存");
  });

  it("shows the core's refusal at the field, and a blank value is refused without a call", async () => {
    const calls = mockCommands({
      score_rules: () => rules,
      update_score_rule: () => {
        throw coreError("Validation", "扣分项的分值须为 0 或负数（如 -2）。", "points");
      },
    });
    render(<ScoreRulesEditor revision={0} onChanged={() => {}} notify={() => {}} />);
    const deduct = await screen.findByTestId("rule-deduct:assignment_overdue");
    fireEvent.change(deduct, { target: { value: "2" } });
    fireEvent.keyDown(deduct, { key: "Enter" });
    expect((await screen.findByTestId("error-points")).textContent).toBe("扣分项的分值须为 0 或负数（如 -2）。");
    const signed = screen.getByTestId("rule-stage:signed");
    fireEvent.change(signed, { target: { value: "" } });
    fireEvent.blur(signed);
    await waitFor(() => expect(screen.getByTestId("error-points").textContent).toBe("请输入分值（数字，如 2 或 0.5）。"));
    // One refusal shows at a time: the row's own.
    expect(screen.getAllByTestId("error-points")).toHaveLength(1);
    expect(calls.filter((c) => c.cmd === "update_score_rule")).toHaveLength(1);
  });
});

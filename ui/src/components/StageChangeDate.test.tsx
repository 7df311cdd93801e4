import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import StageChangeDate from "./StageChangeDate";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";
import type { StageChange } from "../bindings";

const change: StageChange = {
  id: "s1",
  project_id: "p1",
  changed_on: "2022-03-01",
  from_stage: "Lead",
  to_stage: "Signed",
  construction_kind: null,
  upgrade: false,
  added_investment: 0,
  officer_id: null,
  note: null,
  created_at: "x",
  date_unknown: false,
};

describe("阶段记录的日期", () => {
  it("corrects a dated change; the core's refusal shows at the date and nothing is refreshed", async () => {
    let refuse = true;
    const calls = mockCommands({
      set_stage_change_date: () => {
        if (refuse) throw coreError("Validation", "改为2022年6月1日后阶段历史不成立：开工日期（2022年5月1日）早于签约日期（2022年6月1日）：项目须先签约再开工。", "changed_on");
        return {};
      },
    });
    const onChanged = vi.fn();
    render(<StageChangeDate change={change} onChanged={onChanged} />);
    expect(screen.getByTestId("stage-change-date").textContent).toBe("2022年3月1日改日期");
    fireEvent.click(screen.getByTestId("stage-date-edit"));
    expect(screen.getByTestId("stage-date-input")).toHaveProperty("value", "2022-03-01");
    fireEvent.change(screen.getByTestId("stage-date-input"), { target: { value: "2022-06-01" } });
    fireEvent.click(screen.getByTestId("stage-date-save"));
    await waitFor(() => expect(screen.getByTestId("error-changed_on").textContent).toContain("须先签约再开工"));
    expect(onChanged).not.toHaveBeenCalled();
    refuse = false;
    fireEvent.change(screen.getByTestId("stage-date-input"), { target: { value: "2022-02-15" } });
    fireEvent.click(screen.getByTestId("stage-date-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("error-changed_on")).toBeNull();
    expect(calls.map((c) => c.args)).toEqual([
      { changeId: "s1", on: "2022-06-01" },
      { changeId: "s1", on: "2022-02-15" },
    ]);
  });

  it("leaves a 日期不详 change to its own form", () => {
    mockCommands({});
    render(<StageChangeDate change={{ ...change, date_unknown: true }} onChanged={() => {}} />);
    expect(screen.getByTestId("stage-date-unknown")).toBeTruthy();
  });
});

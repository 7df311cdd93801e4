import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import UnknownStageDate from "./UnknownStageDate";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";
import type { StageChange } from "../bindings";

const change: StageChange = {
  id: "s1",
  project_id: "p1",
  changed_on: "2022-04-15",
  from_stage: null,
  to_stage: "Signed",
  construction_kind: null,
  upgrade: false,
  added_investment: 0,
  officer_id: null,
  note: "导入时补记：原表未填签约时间，签约日期不详",
  created_at: "x",
  date_unknown: true,
};

describe("日期不详的阶段", () => {
  it("says «不晚于» and sends the real date; a refusal shows on the date", async () => {
    let refuse = true;
    const calls = mockCommands({
      set_stage_change_date: () => {
        if (refuse) throw coreError("Validation", "开工日期（2022年4月15日）早于签约日期（2022年5月1日）：项目须先签约再开工。", "changed_on");
        return {};
      },
    });
    const onChanged = vi.fn();
    render(<UnknownStageDate change={change} onChanged={onChanged} />);
    expect(screen.getByTestId("stage-date-unknown").textContent).toContain("日期不详（不晚于 2022年4月15日）");
    fireEvent.click(screen.getByTestId("stage-date-edit"));
    fireEvent.change(screen.getByTestId("stage-date-input"), { target: { value: "2022-05-01" } });
    fireEvent.click(screen.getByTestId("stage-date-save"));
    await waitFor(() => expect(screen.getByTestId("error-changed_on").textContent).toContain("须先签约再开工"));
    expect(onChanged).not.toHaveBeenCalled();
    refuse = false;
    fireEvent.change(screen.getByTestId("stage-date-input"), { target: { value: "2022-03-01" } });
    fireEvent.click(screen.getByTestId("stage-date-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls.filter((c) => c.cmd === "set_stage_change_date").map((c) => c.args)).toEqual([
      { changeId: "s1", on: "2022-05-01" },
      { changeId: "s1", on: "2022-03-01" },
    ]);
  });
});

import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import EditActivity from "./EditActivity";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";
import type { Activity_Serialize } from "../bindings";

const activity = {
  id: "a1",
  kind: "OutboundTrip",
  occurred_on: "2022-04-01",
  place: "北京",
  destination_code: "110105",
  region_group_id: "g1",
  summary: "赴北京洽谈",
  follow_up_on: null,
  team_id: "t1",
  officer_ids: ["o1"],
  company_ids: ["c1"],
  project_ids: ["p1"],
} as unknown as Activity_Serialize;

describe("修改活动记录", () => {
  it("edits the quick-entry fields, keeps the links, and shows a refusal at its field", async () => {
    let refuse = true;
    const calls = mockCommands({
      update_activity: () => {
        if (refuse) throw coreError("Validation", "活动日期晚于今天。", "occurred_on");
        return activity;
      },
    });
    const onChanged = vi.fn();
    const notify = vi.fn();
    render(<EditActivity activity={activity} onChanged={onChanged} notify={notify} />);
    fireEvent.click(screen.getByTestId("activity-edit"));
    expect(screen.getByTestId("activity-edit-summary")).toHaveProperty("value", "赴北京洽谈");
    fireEvent.change(screen.getByTestId("activity-edit-date"), { target: { value: "2030-01-01" } });
    fireEvent.click(screen.getByTestId("activity-edit-save"));
    await waitFor(() => expect(screen.getByTestId("error-occurred_on").textContent).toBe("活动日期晚于今天。"));
    expect(onChanged).not.toHaveBeenCalled();

    refuse = false;
    fireEvent.change(screen.getByTestId("activity-edit-date"), { target: { value: "2022-04-02" } });
    fireEvent.change(screen.getByTestId("activity-edit-kind"), { target: { value: "IncomingVisit" } });
    fireEvent.change(screen.getByTestId("activity-edit-summary"), { target: { value: "来访洽谈" } });
    fireEvent.click(screen.getByTestId("activity-edit-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(notify).toHaveBeenCalledWith("已保存", true);
    expect(screen.queryByTestId("activity-edit-form")).toBeNull();
    expect(calls[1].args).toEqual({
      id: "a1",
      input: {
        kind: "IncomingVisit",
        occurred_on: "2022-04-02",
        place: "北京",
        destination_code: "110105",
        summary: "来访洽谈",
        follow_up_on: null,
        officer_ids: ["o1"],
        company_ids: ["c1"],
        project_ids: ["p1"],
        trip: { trip_group: null, trip_leader: null, trip_members: null, visited_companies: null, outcomes: null, next_steps: null },
      },
    });
  });
});

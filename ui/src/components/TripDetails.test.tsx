import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import "../i18n";
import QuickEntry from "../screens/QuickEntry";
import EditActivity from "./EditActivity";
import { PeriodTripReport, TripReportButton, TripSummary } from "./TripDetails";
import { coreError, mockCommands } from "../test/ipc";
import type { Activity_Serialize } from "../bindings";

const officers = [{ id: "o1", name: "王磊", team_id: "t1", title: null, phone: null, created_at: "", updated_at: "" }];

const trip = {
  id: "a1",
  kind: "OutboundTrip",
  occurred_on: "2022-05-10",
  place: "北京市 海淀区",
  destination_code: "110108",
  region_group_id: "g1",
  summary: null,
  follow_up_on: null,
  team_id: "t1",
  officer_ids: ["o1"],
  company_ids: [],
  project_ids: ["p1"],
  trip_group: "京津冀招商小分队",
  trip_leader: "李县长",
  trip_members: null,
  visited_companies: null,
  outcomes: "达成投资意向一项",
  next_steps: null,
} as unknown as Activity_Serialize;

describe("出访详情", () => {
  it("快速记录 shows the six fields for 外出招商 only and sends them, blank as none", async () => {
    localStorage.clear();
    const onChanged = vi.fn();
    const calls = mockCommands({ officers: () => officers, create_activity: (a) => ({ id: "a1", ...(a.input as object) }) });
    render(<QuickEntry onChanged={onChanged} notify={() => {}} />);
    await screen.findByText("王磊");
    fireEvent.click(screen.getByTestId("kind-IncomingVisit"));
    expect(screen.queryByTestId("qe-trip")).toBeNull();
    fireEvent.click(screen.getByTestId("kind-OutboundTrip"));
    expect(screen.getByTestId("qe-trip").textContent).toContain("出访详情");
    expect(screen.getByText("团组名称")).toBeTruthy();
    fireEvent.change(screen.getByTestId("qe-trip_group"), { target: { value: "京津冀招商小分队" } });
    fireEvent.change(screen.getByTestId("qe-trip_leader"), { target: { value: "李县长" } });
    fireEvent.change(screen.getByTestId("qe-outcomes"), { target: { value: "达成投资意向一项" } });
    fireEvent.change(screen.getByTestId("qe-next_steps"), { target: { value: "   " } });
    fireEvent.click(screen.getByText("王磊"));
    fireEvent.click(screen.getByTestId("qe-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    const input = calls.find((c) => c.cmd === "create_activity")!.args.input as Record<string, unknown>;
    expect(input.kind).toBe("OutboundTrip");
    expect(input.trip).toEqual({
      trip_group: "京津冀招商小分队",
      trip_leader: "李县长",
      trip_members: null,
      visited_companies: null,
      outcomes: "达成投资意向一项",
      next_steps: null,
    });
    // The next entry starts with empty trip fields.
    expect(screen.getByTestId("qe-trip_group")).toHaveProperty("value", "");
  });

  it("快速记录 sends no trip details for another kind, and shows a refusal at its trip field", async () => {
    localStorage.clear();
    let refuse = true;
    const calls = mockCommands({
      officers: () => officers,
      create_activity: (a) => {
        if (refuse) throw coreError("Validation", "团组名称过长（最多 100 个字）。", "trip_group");
        return { id: "a2", ...(a.input as object) };
      },
    });
    render(<QuickEntry onChanged={() => {}} notify={() => {}} />);
    await screen.findByText("王磊");
    fireEvent.click(screen.getByTestId("kind-OutboundTrip"));
    fireEvent.change(screen.getByTestId("qe-trip_group"), { target: { value: "团".repeat(101) } });
    fireEvent.click(screen.getByTestId("qe-save"));
    expect((await screen.findByTestId("qe-error-trip_group")).textContent).toBe("团组名称过长（最多 100 个字）。");
    expect(screen.queryByText("团组名称过长（最多 100 个字）。", { selector: "p" })).toBeNull();

    refuse = false;
    fireEvent.click(screen.getByTestId("kind-Call"));
    fireEvent.click(screen.getByTestId("qe-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "create_activity")).toHaveLength(2));
    const input = calls.filter((c) => c.cmd === "create_activity")[1].args.input as Record<string, unknown>;
    expect(input).toMatchObject({ kind: "Call", trip: {} });
  });

  it("修改 shows the saved trip details, sends the edit, and a refusal shows at its field", async () => {
    let refuse = true;
    const calls = mockCommands({
      update_activity: () => {
        if (refuse) throw coreError("Validation", "取得成果过长（最多 4000 个字）。", "outcomes");
        return trip;
      },
    });
    const onChanged = vi.fn();
    render(<EditActivity activity={trip} onChanged={onChanged} notify={() => {}} />);
    fireEvent.click(screen.getByTestId("activity-edit"));
    expect(screen.getByTestId("activity-edit-trip_group")).toHaveProperty("value", "京津冀招商小分队");
    expect(screen.getByTestId("activity-edit-outcomes")).toHaveProperty("value", "达成投资意向一项");
    fireEvent.change(screen.getByTestId("activity-edit-outcomes"), { target: { value: "签订框架协议" } });
    fireEvent.change(screen.getByTestId("activity-edit-trip_leader"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("activity-edit-next_steps"), { target: { value: "六月回访" } });
    fireEvent.click(screen.getByTestId("activity-edit-save"));
    expect((await screen.findByTestId("error-outcomes")).textContent).toBe("取得成果过长（最多 4000 个字）。");
    refuse = false;
    fireEvent.click(screen.getByTestId("activity-edit-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect((calls[1].args.input as Record<string, unknown>).trip).toEqual({
      trip_group: "京津冀招商小分队",
      trip_leader: null,
      trip_members: null,
      visited_companies: null,
      outcomes: "签订框架协议",
      next_steps: "六月回访",
    });
    // Another kind hides the section.
    fireEvent.click(screen.getByTestId("activity-edit"));
    fireEvent.change(screen.getByTestId("activity-edit-kind"), { target: { value: "Call" } });
    expect(screen.queryByTestId("activity-edit-trip")).toBeNull();
  });

  it("an activity shows its filled trip details only", () => {
    render(<TripSummary activity={trip} />);
    expect(screen.getByTestId("trip-summary-trip_group").textContent).toBe("京津冀招商小分队");
    expect(screen.getByTestId("trip-summary-outcomes").textContent).toBe("达成投资意向一项");
    expect(screen.queryByTestId("trip-summary-next_steps")).toBeNull();
    expect(screen.getByTestId("trip-summary").textContent).toContain("带队领导");
  });

  it("导出出访报告 of one trip says where the file went", async () => {
    const calls = mockCommands({ export_trip_report: () => ({ path: "/下载/出访报告-2022-05-10.xlsx", folder: "/下载" }) });
    render(<TripReportButton query={{ activity_id: "a1" }} />);
    fireEvent.click(screen.getByTestId("export-trip-report"));
    expect((await screen.findByTestId("trip-report-path")).textContent).toBe("/下载/出访报告-2022-05-10.xlsx");
    expect(calls[0].args).toEqual({ query: { activity_id: "a1" }, language: "zh-CN" });
  });

  it("a period's report goes for the chosen team, and an empty period's refusal is shown", async () => {
    const calls = mockCommands({
      teams: () => [{ id: "t2", name: "招商二组", sort_order: 1 }],
      export_trip_report: () => {
        throw coreError("Validation", "2022年5月1日至2022年5月31日招商二组没有外出招商记录，未生成出访报告。", "period");
      },
    });
    render(<PeriodTripReport period={{ from: "2022-05-01", to: "2022-05-31" }} revision={0} />);
    await screen.findByText("招商二组");
    fireEvent.change(screen.getByTestId("trip-report-team"), { target: { value: "t2" } });
    fireEvent.click(screen.getByTestId("export-trip-report"));
    expect((await screen.findByTestId("trip-report-error")).textContent).toContain("没有外出招商记录");
    const q = calls.find((c) => c.cmd === "export_trip_report")!.args.query;
    expect(q).toEqual({ activity_id: null, period: { from: "2022-05-01", to: "2022-05-31" }, team_id: "t2" });
  });
});

import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import Assignments from "./Assignments";
import { ProjectAssignments } from "../components/Assignments";
import { coreError, mockCommands } from "../test/ipc";

const assignment = (id: string, status: string, due: string, extra: Record<string, unknown> = {}) => ({
  id,
  project_id: "p1",
  task: `任务${id}`,
  assignee_officer_id: "o1",
  assignee_leader: null,
  assigned_by: null,
  assigned_on: "2022-12-01",
  due_on: due,
  status,
  result: null,
  done_on: null,
  ...extra,
});

const rows = [
  { assignment: assignment("a1", "assigned", "2022-12-20"), project_name: "光伏组件项目", assignee_name: "王磊", assigned_by_name: null, overdue_days: 11, urgency: "supervise" },
  { assignment: assignment("a2", "in_progress", "2022-12-28"), project_name: "锂电池项目", assignee_name: "李县长", assigned_by_name: null, overdue_days: 3, urgency: "remind" },
  { assignment: assignment("a3", "assigned", "2023-01-10"), project_name: "锂电池项目", assignee_name: "王磊", assigned_by_name: null, overdue_days: null, urgency: null },
  {
    assignment: assignment("a4", "done", "2022-12-10", { result: "已协调落实", done_on: "2022-12-09" }),
    project_name: "光伏组件项目",
    assignee_name: "王磊",
    assigned_by_name: null,
    overdue_days: null,
    urgency: null,
  },
];

const filter = (over: Record<string, unknown> = {}) => ({ status: null, open_only: true, overdue_only: false, officer_id: null, project_id: null, ...over });

describe("督办", () => {
  it("marks overdue rows 催办 or 督办 with their days, offers the actions each status allows, and filters", async () => {
    const calls = mockCommands({ assignments: () => rows });
    render(<Assignments revision={0} onChanged={() => {}} notify={() => {}} />);
    const items = await screen.findAllByTestId("assignment-row");
    expect(items.map((li) => [li.dataset.status, li.dataset.urgency, li.className])).toEqual([
      ["assigned", "supervise", "overdue"],
      ["in_progress", "remind", "overdue"],
      ["assigned", "", ""],
      ["done", "", ""],
    ]);
    expect(within(items[0]).getByTestId("assignment-urgency").textContent).toBe("督办 · 逾期 11 天");
    expect(within(items[1]).getByTestId("assignment-urgency").textContent).toBe("催办 · 逾期 3 天");
    expect(within(items[2]).queryByTestId("assignment-urgency")).toBeNull();
    // 开始办理 only on 交办; 办结 on open ones; 重新办理 on 办结.
    expect(items.map((li) => within(li).queryByTestId("assignment-start") !== null)).toEqual([true, false, true, false]);
    expect(items.map((li) => within(li).queryByTestId("assignment-finish") !== null)).toEqual([true, true, true, false]);
    expect(items.map((li) => within(li).queryByTestId("assignment-reopen") !== null)).toEqual([false, false, false, true]);
    expect(within(items[3]).getByTestId("assignment-result").textContent).toBe("2022年12月9日办结：已协调落实");
    expect(screen.getByTestId("assignments-count").textContent).toBe("共 4 张，逾期 2 张");

    expect(calls.map((c) => c.args.filter)).toEqual([filter()]);
    fireEvent.click(screen.getByTestId("assignments-overdue"));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].args.filter).toEqual(filter({ overdue_only: true }));
    fireEvent.change(screen.getByTestId("assignments-status"), { target: { value: "done" } });
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2].args.filter).toEqual(filter({ status: "done", open_only: false, overdue_only: true }));
  });

  it("starts a task, and 办结 needs a result: the core's refusal shows at its field, then it is done", async () => {
    let refuse = true;
    const calls = mockCommands({
      assignments: () => rows,
      start_assignment: () => rows[0].assignment,
      finish_assignment: () => {
        if (refuse) {
          refuse = false;
          throw coreError("Validation", "请填写办理结果。", "result");
        }
        return { ...rows[0].assignment, status: "done" };
      },
    });
    const onChanged = vi.fn();
    const notify = vi.fn();
    render(<Assignments revision={0} onChanged={onChanged} notify={notify} />);
    const items = await screen.findAllByTestId("assignment-row");
    fireEvent.click(within(items[0]).getByTestId("assignment-start"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls.find((c) => c.cmd === "start_assignment")!.args).toEqual({ id: "a1" });
    expect(notify).toHaveBeenLastCalledWith("已开始办理", true);

    fireEvent.click(within(items[1]).getByTestId("assignment-finish"));
    const form = within(items[1]).getByTestId("finish-form");
    fireEvent.click(within(form).getByTestId("finish-confirm"));
    expect((await within(form).findByTestId("error-result")).textContent).toBe("请填写办理结果。");
    fireEvent.change(within(form).getByTestId("finish-result"), { target: { value: "已对接省发改委" } });
    fireEvent.change(within(form).getByTestId("finish-date"), { target: { value: "2022-12-30" } });
    fireEvent.click(within(form).getByTestId("finish-confirm"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
    const finishes = calls.filter((c) => c.cmd === "finish_assignment");
    expect(finishes[1].args).toEqual({ id: "a2", input: { result: "已对接省发改委", done_on: "2022-12-30" } });
    expect(notify).toHaveBeenLastCalledWith("已办结", true);
    expect(within(items[1]).queryByTestId("finish-form")).toBeNull();
  });

  it("deletes a task and exports the list as it is filtered", async () => {
    const calls = mockCommands({
      assignments: () => rows,
      delete_assignment: () => null,
      export_assignments: () => ({ path: "/导出/督办清单-2022-12-31.xlsx", folder: "/导出" }),
    });
    const onChanged = vi.fn();
    render(<Assignments revision={0} onChanged={onChanged} notify={() => {}} />);
    const items = await screen.findAllByTestId("assignment-row");
    fireEvent.click(within(items[2]).getByTestId("assignment-delete"));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === "delete_assignment")!.args).toEqual({ id: "a3" });
    fireEvent.click(screen.getByTestId("assignments-export"));
    expect((await screen.findByTestId("assignments-exported")).textContent).toBe("已导出：/导出/督办清单-2022-12-31.xlsx");
    expect(calls.find((c) => c.cmd === "export_assignments")!.args).toEqual({ filter: filter() });
  });

  it("says so when there is none", async () => {
    mockCommands({ assignments: () => [] });
    render(<Assignments revision={0} onChanged={() => {}} notify={() => {}} />);
    expect((await screen.findByTestId("assignments-empty")).textContent).toBe("没有交办单");
  });
});

describe("项目页的交办单", () => {
  it("assigns a task on the project to an officer on staff; a refusal shows at its field", async () => {
    let refuse = true;
    const calls = mockCommands({
      project_assignments: () => [rows[0]],
      officers: () => [
        { id: "o1", name: "王磊", team_id: null, title: null, phone: null, retired_on: null },
        { id: "o2", name: "赵刚", team_id: null, title: null, phone: null, retired_on: "2022-06-01" },
      ],
      create_assignment: () => {
        if (refuse) {
          refuse = false;
          throw coreError("Validation", "请填写办理时限。", "due_on");
        }
        return rows[0].assignment;
      },
    });
    const onChanged = vi.fn();
    render(<ProjectAssignments projectId="p1" revision={0} onChanged={onChanged} notify={() => {}} />);
    expect(await screen.findByText("交办单（1）")).toBeTruthy();
    // The project's own rows do not repeat its name.
    expect(screen.queryByText("光伏组件项目")).toBeNull();
    fireEvent.click(screen.getByTestId("assign-open"));
    const officer = screen.getByTestId("assign-officer") as HTMLSelectElement;
    await waitFor(() => expect(officer.options.length).toBe(2));
    // A retired officer is not offered.
    expect(Array.from(officer.options).map((o) => o.textContent)).toEqual(["—", "王磊"]);
    fireEvent.change(screen.getByTestId("assign-task"), { target: { value: "协调解决用地指标" } });
    fireEvent.change(officer, { target: { value: "o1" } });
    fireEvent.change(screen.getByTestId("assign-assigned-on"), { target: { value: "2022-12-01" } });
    fireEvent.click(screen.getByTestId("assign-submit"));
    expect((await screen.findByTestId("error-due_on")).textContent).toBe("请填写办理时限。");
    fireEvent.change(screen.getByTestId("assign-due"), { target: { value: "2022-12-20" } });
    fireEvent.click(screen.getByTestId("assign-submit"));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls.filter((c) => c.cmd === "create_assignment")[1].args.input).toEqual({
      project_id: "p1",
      task: "协调解决用地指标",
      assignee_officer_id: "o1",
      assignee_leader: null,
      assigned_by: null,
      assigned_on: "2022-12-01",
      due_on: "2022-12-20",
    });
    expect(screen.queryByTestId("error-due_on")).toBeNull();
    expect((screen.getByTestId("assign-task") as HTMLTextAreaElement).value).toBe("");
  });
});

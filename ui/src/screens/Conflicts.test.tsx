import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Conflicts from "./Conflicts";
import { mockCommands } from "../test/ipc";

const side = (value: string, device: string, officer: string | null, at: string) => ({
  value: JSON.stringify(value),
  display: value,
  device_id: `dev-${device}`,
  device_label: device,
  officer_name: officer,
  at,
});

describe("冲突", () => {
  it("shows both values with device, officer and time, and sends the choice to the core", async () => {
    const calls = mockCommands({
      sync_conflicts: () => [
        {
          id: "c1",
          table_name: "projects",
          row_id: "p1",
          record: "项目：光伏组件项目",
          field: "next_step",
          field_label: "下一步",
          current: side("等待对方回复", "办公室", null, "2026-11-29T08:00:00Z"),
          other: side("下周赴京拜访", "王磊的笔记本", "王磊", "2026-11-29T07:00:00Z"),
          detected_at: "2026-11-29T09:00:00Z",
          can_take_other: true,
        },
      ],
      resolve_sync_conflict: () => null,
    });
    render(<Conflicts revision={0} onChanged={() => {}} notify={() => {}} />);
    expect((await screen.findByTestId("conflict-record")).textContent).toBe("项目：光伏组件项目");
    expect(screen.getByTestId("conflict-field").textContent).toBe("下一步");
    expect(screen.getByTestId("conflict-current-value").textContent).toBe("等待对方回复");
    expect(screen.getByTestId("conflict-other-value").textContent).toBe("下周赴京拜访");
    expect(screen.getByTestId("conflict-other").textContent).toContain("王磊的笔记本 · 王磊");
    fireEvent.click(screen.getByTestId("conflict-take"));
    await waitFor(() => {
      const last = calls.filter((c) => c.cmd === "resolve_sync_conflict").at(-1)!;
      expect(last.args).toMatchObject({ id: "c1", takeOther: true });
    });
  });

  it("says so when there is nothing to review", async () => {
    mockCommands({ sync_conflicts: () => [] });
    render(<Conflicts revision={0} onChanged={() => {}} notify={() => {}} />);
    expect((await screen.findByTestId("conflicts-empty")).textContent).toBe("没有待处理的冲突。");
  });
});

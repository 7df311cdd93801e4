import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Sync from "./Sync";
import "../i18n";
import { mockCommands } from "../test/ipc";

const report = (applied: number, skipped: number, held_back: boolean) => ({
  applied,
  skipped,
  rows_added: applied,
  skewed: 0,
  conflicts: 0,
  held_back,
});

describe("同步", () => {
  it("says why a file written for another device was not imported", async () => {
    const calls = mockCommands({
      sync_status: () => ({
        device_id: "dev-a",
        device_label: "办公室",
        default_folder: "/share/zhaoshang",
        ledger_path: "/data/ledger.sqlite3",
        devices: [],
        open_conflicts: 0,
      }),
      office_server: () => ({ url: null, login: null, logged_in: false }),
      import_sync_bundles: () => ({
        files: [
          { file_name: "a-for-c.zsync", from: "王磊的笔记本", received: 7, report: report(0, 7, true), error: null, own: false },
          { file_name: "b-for-all.zsync", from: "李娜的笔记本", received: 3, report: report(3, 0, false), error: null, own: false },
        ],
        received: 10,
        merged: 3,
        skipped: 7,
        rows_added: 3,
        conflicts: 0,
        skewed: 0,
        rejected: 0,
        held_back: 1,
      }),
    });
    render(<Sync revision={0} onChanged={() => {}} notify={() => {}} onOpenConflicts={() => {}} />);
    await waitFor(() => expect((screen.getByTestId("sync-import-path") as HTMLInputElement).value).toBe("/share/zhaoshang"));
    fireEvent.click(screen.getByTestId("sync-import"));
    const held = await screen.findByTestId("sync-held-back");
    expect(held.textContent).toContain("供其他设备导入");
    expect(held.closest("li")!.textContent).toContain("a-for-c.zsync");
    const files = screen.getAllByTestId("sync-file");
    expect(files[1].textContent).toContain("合并 3");
    expect(files[1].querySelector("[data-testid=sync-held-back]")).toBeNull();
    expect(calls.find((c) => c.cmd === "import_sync_bundles")!.args).toMatchObject({ path: "/share/zhaoshang" });
  });
});

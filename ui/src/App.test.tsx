import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import App from "./App";
import i18n from "./i18n";
import { mockCommands } from "./test/ipc";

const status = { ledger_path: "/data/ledger.sqlite3", open_error: null, needs_setup: false, office_name: "凌源市投资促进服务中心" };

describe("App", () => {
  it("offers the demo ledger or an empty one on first launch", async () => {
    mockCommands({ app_status: () => ({ ...status, needs_setup: true }) });
    render(<App />);
    expect(await screen.findByTestId("setup-demo")).toBeTruthy();
    expect(screen.getByTestId("setup-empty")).toBeTruthy();
  });

  it("explains a ledger that cannot be opened", async () => {
    mockCommands({
      app_status: () => ({ ...status, open_error: { kind: "Internal", message: "台账文件已损坏。", field: null } }),
    });
    render(<App />);
    expect((await screen.findByTestId("open-error")).textContent).toContain("台账文件已损坏。");
  });

  it("switches the interface language", async () => {
    mockCommands({
      app_status: () => status,
      last_undoable: () => null,
      suggested_period: () => ({ from: "2022-01-01", to: "2022-06-30" }),
      region_groups: () => [],
      report: () => {
        throw { kind: "Internal", message: "x", field: null };
      },
    });
    render(<App />);
    expect((await screen.findByTestId("nav-projects")).textContent).toBe("项目库");
    // The re-render after a language change is asynchronous: wait for it, don't race it.
    await i18n.changeLanguage("zh-TW");
    await waitFor(() => expect(screen.getByTestId("nav-projects").textContent).toBe("項目庫"));
    await i18n.changeLanguage("en");
    await waitFor(() => expect(screen.getByTestId("nav-projects").textContent).toBe("Projects"));
  });

  it("opens 同步 with a .zsync file double-clicked in Explorer chosen for import", async () => {
    const calls = mockCommands({
      app_status: () => status,
      last_undoable: () => null,
      sync_conflict_count: () => 0,
      // The dashboard shows first, until the file is taken.
      suggested_period: () => ({ from: "2022-01-01", to: "2022-06-30" }),
      region_groups: () => [],
      report: () => {
        throw { kind: "Internal", message: "x", field: null };
      },
      take_opened_sync_file: () => "C:\\Users\\王磊\\Downloads\\李娜的笔记本-20261129-213000.zsync",
      sync_status: () => ({
        device_id: "dev-a",
        device_label: "办公室",
        default_folder: "C:\\Users\\王磊\\Documents\\招商台账同步",
        ledger_path: "C:\\Users\\王磊\\AppData\\Roaming\\cn.zhaoshang.app\\ledger.sqlite3",
        devices: [],
        open_conflicts: 0,
      }),
      office_server: () => ({ url: null, login: null, logged_in: false }),
    });
    render(<App />);
    const input = (await screen.findByTestId("sync-import-path")) as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe("C:\\Users\\王磊\\Downloads\\李娜的笔记本-20261129-213000.zsync"));
    // Chosen, not imported: the officer sees what will be merged and clicks 导入 himself.
    expect(calls.some((c) => c.cmd === "import_sync_bundles")).toBe(false);
  });
});

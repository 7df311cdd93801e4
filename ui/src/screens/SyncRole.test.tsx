import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import Sync from "./Sync";
import "../i18n";
import { mockCommands } from "../test/ipc";

const status = () => ({
  device_id: "dev-a",
  device_label: "办公室",
  default_folder: "/share/zhaoshang",
  ledger_path: "/data/ledger.sqlite3",
  devices: [],
  open_conflicts: 0,
});

const info = (role: string, role_label: string, read_only: boolean) => ({
  url: "http://10.0.0.5:8780",
  login: "liuling",
  logged_in: true,
  role,
  role_label,
  read_only,
});

describe("办公室服务器: the account's role", () => {
  it("says a leader's login only reads", async () => {
    mockCommands({ sync_status: status, office_server: () => info("viewer", "领导（只读）", true) });
    render(<Sync revision={0} onChanged={() => {}} notify={() => {}} onOpenConflicts={() => {}} />);
    const role = await screen.findByTestId("office-server-role");
    expect(role.textContent).toContain("账号角色：领导（只读）");
    expect(role.textContent).toContain("本机不能新建、修改或删除任何记录");
  });

  it("names a role that writes without the read-only notice", async () => {
    mockCommands({ sync_status: status, office_server: () => info("lead", "组长", false) });
    render(<Sync revision={0} onChanged={() => {}} notify={() => {}} onOpenConflicts={() => {}} />);
    await waitFor(() => expect(screen.getByTestId("office-server-role").textContent).toBe("账号角色：组长"));
  });
});

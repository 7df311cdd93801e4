import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import App from "../App";
import "../i18n";
import { mockCommands } from "../test/ipc";

const locked = {
  ledger_path: "/data/ledger.sqlite3",
  open_error: { kind: "Validation", message: "台账“/data/ledger.sqlite3”已加密，请输入密码打开。", field: "passphrase" },
  needs_setup: false,
  office_name: null,
};

describe("Unlock and recovery", () => {
  it("an encrypted ledger asks for the passphrase and shows the core's message for a wrong one", async () => {
    const tried: string[] = [];
    mockCommands({
      app_status: () => locked,
      unlock: (args) => {
        tried.push(String(args.passphrase));
        throw { kind: "Validation", message: "密码不正确，台账没有打开，文件未被改动。", field: "passphrase" };
      },
    });
    render(<App />);
    const input = await screen.findByTestId("unlock-passphrase");
    fireEvent.change(input, { target: { value: "不对的密码" } });
    fireEvent.click(screen.getByTestId("unlock-submit"));
    expect((await screen.findByTestId("unlock-error")).textContent).toContain("密码不正确");
    expect(tried).toEqual(["不对的密码"]);
  });

  it("a corrupt ledger offers the newest good backup", async () => {
    mockCommands({
      app_status: () => ({ ...locked, open_error: { kind: "Corrupt", message: "台账文件已损坏（完整性检查未通过）", field: null } }),
      newest_good_backup: () => ({
        path: "/data/backups/ledger-20220630T080000Z.sqlite3",
        folder: "/data/backups",
        taken_at: "2022-06-30T08:00:00+00:00",
        tag: null,
        size: 4096,
        encrypted: false,
      }),
    });
    render(<App />);
    expect((await screen.findByTestId("recovery-detail")).textContent).toContain("完整性检查未通过");
    expect((await screen.findByTestId("recovery-offer")).textContent).toContain("2022");
    expect(screen.getByTestId("recovery-restore")).toBeTruthy();
  });
});

describe("auto-lock", () => {
  it("locks an encrypted ledger after the idle minutes and shows the unlock screen", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let locked = false;
    const calls = mockCommands({
      app_status: () =>
        locked
          ? locked_status
          : { ledger_path: "/data/ledger.sqlite3", open_error: null, needs_setup: false, office_name: "测试县" },
      last_undoable: () => null,
      suggested_period: () => ({ from: "2022-01-01", to: "2022-06-30" }),
      region_groups: () => [],
      report: () => {
        throw { kind: "Internal", message: "x", field: null };
      },
      security_status: () => ({
        encrypted: true,
        unlocked: !locked,
        settings: { extra_backup_dir: null, backup_every_hours: 4, auto_lock_minutes: 1 },
        backups: [],
        plaintext_backups: 0,
      }),
      lock_ledger: () => {
        locked = true;
        return true;
      },
    });
    render(<App />);
    await screen.findByTestId("nav-projects");
    // The idle timer starts once the setting has been read: start the clock from there.
    await waitFor(() => expect(calls.some((c) => c.cmd === "security_status")).toBe(true));
    await vi.advanceTimersByTimeAsync(0);
    // Activity keeps it open…
    await vi.advanceTimersByTimeAsync(50_000);
    fireEvent.keyDown(window, { key: "a" });
    await vi.advanceTimersByTimeAsync(50_000);
    expect(calls.some((c) => c.cmd === "lock_ledger")).toBe(false);
    // …a full idle minute locks it.
    await vi.advanceTimersByTimeAsync(15_000);
    expect(calls.some((c) => c.cmd === "lock_ledger")).toBe(true);
    expect(await screen.findByTestId("unlock")).toBeTruthy();
    vi.useRealTimers();
  });
});

const locked_status = {
  ledger_path: "/data/ledger.sqlite3",
  open_error: { kind: "Validation", message: "台账已加密，请输入密码打开。", field: "passphrase" },
  needs_setup: false,
  office_name: null,
};

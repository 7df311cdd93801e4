import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Recovery from "./Recovery";
import i18n from "../i18n";
import { coreError, mockCommands } from "../test/ipc";

const backup = {
  path: "/home/u/.local/share/zhaoshang/backups/ledger-20220630-0900.zsdb",
  folder: "/home/u/.local/share/zhaoshang/backups",
  taken_at: "2022-06-30T01:00:00Z",
  tag: null,
  size: 123456,
  encrypted: false,
};
const damage = "台账文件的完整性检查未通过：数据页损坏。";
const show = (onRestored = () => {}, passphrase?: string) =>
  render(<Recovery message={damage} ledgerPath="/home/u/台账.zsdb" passphrase={passphrase} onRestored={onRestored} />);

afterEach(() => vi.restoreAllMocks());

describe("台账文件已损坏", () => {
  it("offers the newest good backup and restores it once confirmed", async () => {
    const calls = mockCommands({ newest_good_backup: () => backup, restore_backup: () => 42 });
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    const onRestored = vi.fn();
    show(onRestored, "旧密码123");
    expect(screen.getByTestId("recovery-detail").textContent).toBe(damage);
    const when = new Date(backup.taken_at).toLocaleString("zh-CN");
    expect((await screen.findByTestId("recovery-offer")).textContent).toBe(`最近一次完好的备份：${when}`);
    expect(screen.getByText(backup.path)).toBeTruthy();
    fireEvent.click(screen.getByTestId("recovery-restore"));
    await waitFor(() => expect(onRestored).toHaveBeenCalledTimes(1));
    expect(confirm.mock.calls[0][0]).toContain(when);
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      ["newest_good_backup", { passphrase: "旧密码123" }],
      ["restore_backup", { path: backup.path, passphrase: "旧密码123" }],
    ]);
  });

  it("restores nothing when the confirmation is declined", async () => {
    const calls = mockCommands({ newest_good_backup: () => backup, restore_backup: () => 42 });
    vi.spyOn(window, "confirm").mockReturnValue(false);
    const onRestored = vi.fn();
    show(onRestored);
    fireEvent.click(await screen.findByTestId("recovery-restore"));
    expect(calls.map((c) => c.cmd)).toEqual(["newest_good_backup"]);
    expect(calls[0].args).toEqual({ passphrase: null });
    expect(onRestored).not.toHaveBeenCalled();
  });

  it("says so when no backup passes its check", async () => {
    mockCommands({ newest_good_backup: () => null });
    show();
    expect(await screen.findByText("没有找到完好的备份。请不要删除台账文件，并联系技术人员。")).toBeTruthy();
    expect(screen.queryByTestId("recovery-restore")).toBeNull();
    expect(screen.queryByText("正在查找备份…")).toBeNull();
  });

  it("shows the core's error when restoring fails, and keeps the page", async () => {
    mockCommands({
      newest_good_backup: () => backup,
      restore_backup: () => {
        throw coreError("Corrupt", "备份文件也未通过完整性检查。");
      },
    });
    vi.spyOn(window, "confirm").mockReturnValue(true);
    const onRestored = vi.fn();
    show(onRestored);
    fireEvent.click(await screen.findByTestId("recovery-restore"));
    expect((await screen.findByTestId("recovery-error")).textContent).toBe("备份文件也未通过完整性检查。");
    expect(onRestored).not.toHaveBeenCalled();
    expect(screen.getByTestId("recovery-restore")).toHaveProperty("disabled", false);
  });

  it("shows the core's message about the damage in 繁體 to a zh-TW user", async () => {
    await i18n.changeLanguage("zh-TW");
    mockCommands({ newest_good_backup: () => null });
    show();
    expect(await screen.findByText("臺賬檔案已損壞")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("recovery-detail").textContent).toBe("臺賬檔案的完整性檢查未通過：資料頁損壞。"));
  });
});

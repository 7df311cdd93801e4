import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import Settings from "./Settings";
import i18n from "../i18n";
import { coreError, mockCommands } from "../test/ipc";

const plainBackup = {
  path: "/data/backups/ledger-20220601.zsdb",
  folder: "/data/backups",
  taken_at: "2022-06-01T02:00:00Z",
  tag: null,
  size: 1000,
  encrypted: false,
};
const security = (over: object = {}) => ({
  encrypted: false,
  unlocked: true,
  settings: { extra_backup_dir: null, backup_every_hours: 4, auto_lock_minutes: 15 },
  backups: [plainBackup, { ...plainBackup, path: "/data/backups/ledger-v1.zsdb", taken_at: "2022-05-01T02:00:00Z", tag: "v1-before-v2", encrypted: true }],
  plaintext_backups: 1,
  ...over,
});
const lists = {
  teams: () => [
    { id: "t1", name: "招商一组", sort_order: 1 },
    { id: "t2", name: "招商二组", sort_order: 2 },
  ],
  officers: () => [
    { id: "o1", name: "王磊", team_id: "t2", title: "科长", phone: null },
    { id: "o2", name: "李娜", team_id: null, title: null, phone: null },
  ],
  industries: () => [{ id: "i1", name: "新材料", sort_order: 1 }],
  region_groups: () => [
    { id: "g1", name: "京津冀", city_codes: ["110100", "120100", "130100"] },
    { id: "g2", name: "海外", city_codes: [] },
  ],
  targets: () => [
    { id: "x1", year: 2022, period: "H1", metric: "SignedOver5000Wan", value: 12, region_group_id: null, team_id: null, label: null },
    { id: "x2", year: 2022, period: "Year", metric: "Trips", value: 200, region_group_id: null, team_id: null, label: "全年外出招商（市定）" },
  ],
  recycle_bin: () => [
    { table_name: "projects", id: "p9", title: "年产5万吨碳纤维项目", deleted_at: "2022-06-20T08:00:00Z" },
    { table_name: "companies", id: "c9", title: "北京测试新材料科技有限公司", deleted_at: "2022-06-21T08:00:00Z" },
    { table_name: "activities", id: "a9", title: "赴北京招商", deleted_at: "2022-06-22T08:00:00Z" },
  ],
  security_status: () => security(),
  score_rules: () => [],
  alert_rules: () => [],
  // Parks and industry chains (their own card): none here.
  parks: () => [],
  industry_chains: () => [],
  unlisted_parks: () => [],
  search_aliases: () => [{ id: "a1", alias: "凌钢", canonical: "凌源钢铁" }],
  search_divisions: (a: Record<string, unknown>) => {
    const names: Record<string, string> = { "110100": "北京市", "120100": "天津市", "130100": "石家庄市" };
    const code = String(a.query);
    return names[code] ? [{ code, name: names[code], full_name: names[code], level: 2 }] : [];
  },
};

function show() {
  const notify = vi.fn();
  const onChanged = vi.fn();
  render(<Settings revision={0} onChanged={onChanged} notify={notify} />);
  return { notify, onChanged };
}
/** The card under a heading. */
const card = async (title: string) => (await screen.findByText(title)).closest(".card")! as HTMLElement;
const rows = (el: HTMLElement) => within(el).getAllByRole("listitem").map((li) => li.textContent);

afterEach(() => vi.restoreAllMocks());

describe("设置", () => {
  it("lists teams, officers with their team, industries, region groups, targets and the recycle bin", async () => {
    mockCommands(lists);
    show();
    await screen.findByText("王磊");
    expect(rows(await card(i18n.t("settings.teams")))).toEqual(["招商一组改名删除", "招商二组改名删除"]);
    expect(rows(await card(i18n.t("settings.officers")))).toEqual(["王磊招商二组科长编辑离岗删除", "李娜—编辑离岗删除"]);
    const industries = await card(i18n.t("settings.industries"));
    expect(within(industries).getByText("新材料 ×")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("region-cities-京津冀").textContent).toBe("北京市 ×天津市 ×石家庄市 ×"));
    expect(screen.getByTestId("region-cities-海外").textContent).toBe("未划入城市");
    expect(rows(await card(i18n.t("settings.targets")))).toEqual(["2022上半年引进5000万元以上项目12编辑删除", "2022全年全年外出招商（市定）200编辑删除"]);
    expect(rows(screen.getByTestId("alias-list"))).toEqual(["凌钢→凌源钢铁删除"]);
    expect(rows(screen.getByTestId("recycle-bin"))).toEqual([
      "项目年产5万吨碳纤维项目2022年6月20日恢复",
      "企业北京测试新材料科技有限公司2022年6月21日恢复",
      "活动赴北京招商2022年6月22日恢复",
    ]);
  });

  it("adds a team, an officer in a team and a target, then clears the name and says so", async () => {
    const calls = mockCommands({
      ...lists,
      create_team: (a) => ({ id: "t3", name: a.name, sort_order: 3 }),
      create_officer: () => ({ id: "o3", name: "赵刚", team_id: "t1", title: null, phone: null }),
      create_target: () => ({}),
    });
    const { notify, onChanged } = show();
    await screen.findByText("王磊");
    fireEvent.change(screen.getByTestId("team-name"), { target: { value: "招商三组" } });
    fireEvent.click(screen.getByTestId("team-add"));
    await waitFor(() => expect(screen.getByTestId("team-name")).toHaveProperty("value", ""));
    expect(notify).toHaveBeenLastCalledWith("已保存", true);
    expect(onChanged).toHaveBeenCalledTimes(1);

    fireEvent.change(screen.getByTestId("officer-name"), { target: { value: "赵刚" } });
    fireEvent.change(screen.getByTestId("officer-team"), { target: { value: "t1" } });
    fireEvent.click(screen.getByTestId("officer-add"));
    await waitFor(() => expect(screen.getByTestId("officer-name")).toHaveProperty("value", ""));

    const targets = await card(i18n.t("settings.targets"));
    const form = targets.querySelector(".inline-form")! as HTMLElement;
    const [year, value] = [form.querySelector('input[type="number"]')!, within(form).getByPlaceholderText("目标值")];
    const [period, metric] = within(form).getAllByRole("combobox");
    fireEvent.change(year, { target: { value: "2023" } });
    fireEvent.change(period, { target: { value: "Q3" } });
    fireEvent.change(metric, { target: { value: "StartedNew" } });
    fireEvent.change(value, { target: { value: "8" } });
    fireEvent.click(within(form).getByText("添加"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "create_target")).toBe(true));

    const sent = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
    expect(sent("create_team")).toEqual([{ name: "招商三组" }]);
    expect(sent("create_officer")).toEqual([{ input: { name: "赵刚", team_id: "t1", title: null, phone: null } }]);
    expect(sent("create_target")).toEqual([
      { input: { year: 2023, period: "Q3", metric: "StartedNew", value: 8, region_group_id: null, team_id: null, label: null } },
    ]);
  });

  it("shows the core's refusal and keeps what was typed", async () => {
    mockCommands({
      ...lists,
      create_team: () => {
        throw coreError("Validation", "已有名为“招商一组”的团队。", "name");
      },
      delete_team: () => {
        throw coreError("Validation", "招商二组还有 1 名专员，不能删除。");
      },
    });
    const { notify, onChanged } = show();
    await screen.findByText("王磊");
    fireEvent.change(screen.getByTestId("team-name"), { target: { value: "招商一组" } });
    fireEvent.click(screen.getByTestId("team-add"));
    expect((await screen.findByTestId("error-name")).textContent).toBe("已有名为“招商一组”的团队。");
    expect(screen.getByTestId("team-name")).toHaveProperty("value", "招商一组");
    const second = within(await card(i18n.t("settings.teams"))).getAllByRole("listitem")[1];
    fireEvent.click(within(second).getByText("删除"));
    await waitFor(() => expect(within(second).getByTestId("error-_").textContent).toBe("招商二组还有 1 名专员，不能删除。"));
    expect(notify).not.toHaveBeenCalled();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it("restores each kind of record from the recycle bin with its own command", async () => {
    const calls = mockCommands({ ...lists, restore_project: () => ({}), restore_company: () => ({}), restore_activity: () => ({}) });
    const { onChanged } = show();
    const bin = await screen.findByTestId("recycle-bin");
    await waitFor(() => expect(within(bin).getAllByText("恢复")).toHaveLength(3));
    for (const button of within(bin).getAllByText("恢复")) fireEvent.click(button);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(3));
    expect(calls.filter((c) => c.cmd.startsWith("restore_")).map((c) => [c.cmd, c.args.id])).toEqual([
      ["restore_project", "p9"],
      ["restore_company", "c9"],
      ["restore_activity", "a9"],
    ]);
  });
});

describe("安全与备份", () => {
  it("refuses two different new passphrases without asking the core, and encrypts with matching ones", async () => {
    const calls = mockCommands({ ...lists, set_passphrase: () => null });
    const { notify } = show();
    await screen.findByTestId("security");
    expect(screen.getByTestId("security-state").textContent).toBe("台账未加密：能拿到这台电脑或备份文件的人都能读取其中的数据。");
    expect(screen.queryByTestId("security-current")).toBeNull();
    expect(screen.getByTestId("security-set")).toHaveProperty("disabled", true);
    fireEvent.change(screen.getByTestId("security-new"), { target: { value: "lingyuan2022" } });
    fireEvent.change(screen.getByTestId("security-confirm"), { target: { value: "lingyuan2023" } });
    fireEvent.click(screen.getByTestId("security-set"));
    expect(screen.getByTestId("security-error-confirm").textContent).toBe("两次输入的新密码不一致。");
    expect(calls.some((c) => c.cmd === "set_passphrase")).toBe(false);
    fireEvent.change(screen.getByTestId("security-confirm"), { target: { value: "lingyuan2022" } });
    fireEvent.click(screen.getByTestId("security-set"));
    await waitFor(() => expect(notify).toHaveBeenCalledWith("密码已设置，台账已加密。"));
    expect(calls.filter((c) => c.cmd === "set_passphrase").map((c) => c.args)).toEqual([{ current: null, newPassphrase: "lingyuan2022" }]);
    expect(screen.getByTestId("security-new")).toHaveProperty("value", "");
    expect(screen.queryByTestId("security-error-confirm")).toBeNull();
  });

  it("changes an encrypted ledger's passphrase with the current one, and puts a wrong one's message on its field", async () => {
    const calls = mockCommands({
      ...lists,
      security_status: () => security({ encrypted: true }),
      set_passphrase: () => {
        throw coreError("Validation", "当前密码不正确。", "current_passphrase");
      },
    });
    show();
    fireEvent.change(await screen.findByTestId("security-current"), { target: { value: "wrong-one" } });
    fireEvent.change(screen.getByTestId("security-new"), { target: { value: "newpass99" } });
    fireEvent.change(screen.getByTestId("security-confirm"), { target: { value: "newpass99" } });
    expect(screen.getByTestId("security-set").textContent).toBe("修改密码");
    fireEvent.click(screen.getByTestId("security-set"));
    const error = await screen.findByTestId("security-error-current_passphrase");
    expect(error.textContent).toBe("当前密码不正确。");
    expect(error.closest("label")!.textContent).toContain("当前密码");
    expect(screen.queryByTestId("security-error")).toBeNull();
    expect(calls.filter((c) => c.cmd === "set_passphrase").map((c) => c.args)).toEqual([{ current: "wrong-one", newPassphrase: "newpass99" }]);
    expect(screen.getByTestId("security-current")).toHaveProperty("value", "wrong-one");
  });

  it("saves the auto-lock and backup settings as numbers, a blank second folder as none", async () => {
    let settings = security().settings;
    const calls = mockCommands({
      ...lists,
      security_status: () => security({ settings }),
      save_security_settings: (a) => (settings = a.settings as typeof settings),
    });
    show();
    expect(await screen.findByTestId("security-autolock")).toHaveProperty("value", "15");
    expect(screen.getByTestId("security-every")).toHaveProperty("value", "4");
    fireEvent.change(screen.getByTestId("security-autolock"), { target: { value: "30" } });
    fireEvent.change(screen.getByTestId("security-every"), { target: { value: "12" } });
    fireEvent.change(screen.getByTestId("security-dir"), { target: { value: "   " } });
    fireEvent.click(screen.getByTestId("security-save"));
    await waitFor(() => expect(screen.getByTestId("security-save")).toHaveProperty("disabled", false));
    await waitFor(() => expect(screen.getByTestId("security-dir")).toHaveProperty("value", ""));
    fireEvent.change(screen.getByTestId("security-dir"), { target: { value: " E:\\台账备份 " } });
    fireEvent.click(screen.getByTestId("security-save"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "save_security_settings")).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "save_security_settings").map((c) => c.args.settings)).toEqual([
      { backup_every_hours: 12, auto_lock_minutes: 30, extra_backup_dir: null },
      { backup_every_hours: 12, auto_lock_minutes: 30, extra_backup_dir: "E:\\台账备份" },
    ]);
    // What the core kept is what the form shows again.
    await waitFor(() => expect(screen.getByTestId("security-dir")).toHaveProperty("value", "E:\\台账备份"));
    expect(screen.getByTestId("security-every")).toHaveProperty("value", "12");
  });

  it("lists the backups, and restores an older one with the passphrase of its time when the core asks for it", async () => {
    const calls = mockCommands({
      ...lists,
      restore_backup: (a) => {
        if (a.passphrase === null) throw coreError("Validation", "这个备份使用另一个密码加密。", "passphrase");
        return 57;
      },
    });
    vi.spyOn(window, "confirm").mockReturnValue(true);
    const prompt = vi.spyOn(window, "prompt").mockReturnValue("old-pass");
    const { notify, onChanged } = show();
    const list = await screen.findByTestId("backup-list");
    const items = within(list).getAllByRole("listitem");
    expect(items.map((li) => [...li.querySelectorAll(".tag")].map((t) => t.textContent))).toEqual([["未加密"], ["已加密", "升级前备份"]]);
    expect(items[0].textContent).toContain(new Date(plainBackup.taken_at).toLocaleString("zh-CN"));
    fireEvent.click(within(items[1]).getByText("恢复"));
    await waitFor(() => expect(notify).toHaveBeenCalledWith("已恢复，共 57 个项目。"));
    expect(prompt.mock.calls[0][0]).toBe("这个备份使用另一个密码加密。\n请输入做这个备份时的台账密码：");
    expect(calls.filter((c) => c.cmd === "restore_backup").map((c) => c.args)).toEqual([
      { path: "/data/backups/ledger-v1.zsdb", passphrase: null },
      { path: "/data/backups/ledger-v1.zsdb", passphrase: "old-pass" },
    ]);
    expect(onChanged).toHaveBeenCalled();
  });

  it("offers to delete unencrypted backups only on an encrypted ledger", async () => {
    const calls = mockCommands({ ...lists, security_status: () => security({ encrypted: true, plaintext_backups: 2 }), delete_plaintext_backups: () => 2 });
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    const { notify } = show();
    fireEvent.click(await screen.findByTestId("delete-plaintext-backups"));
    expect(confirm.mock.calls[0][0]).toBe("先做一次加密备份，再删除 2 个未加密的备份？");
    await waitFor(() => expect(notify).toHaveBeenCalledWith("未加密的备份已删除。"));
    expect(calls.filter((c) => c.cmd === "delete_plaintext_backups")).toHaveLength(1);
  });

  it("does not offer it on a ledger that is not encrypted", async () => {
    mockCommands(lists);
    show();
    await screen.findByTestId("security");
    expect(screen.queryByTestId("delete-plaintext-backups")).toBeNull();
  });
});

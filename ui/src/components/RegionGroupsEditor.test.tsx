import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import RegionGroupsEditor from "./RegionGroupsEditor";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";

const divisions = [
  { code: "510100", name: "成都市", full_name: "四川省 成都市", level: 2 },
  { code: "510104", name: "锦江区", full_name: "四川省 成都市 锦江区", level: 3 },
  { code: "500000", name: "重庆市", full_name: "重庆市", level: 1 },
];

describe("设置 › 来源区域", () => {
  it("shows each group's cities by name, adds a picked city, removes one, renames and adds a group", async () => {
    const calls = mockCommands({
      region_groups: () => [
        { id: "g1", name: "京津冀", sort_order: 0, city_codes: ["110100"] },
        { id: "g2", name: "成渝", sort_order: 1, city_codes: [] },
      ],
      search_divisions: (a) => (a.query === "110100" ? [{ code: "110100", name: "北京市", full_name: "北京市", level: 2 }] : divisions),
      set_city_region_group: () => null,
      rename_region_group: () => ({}),
      create_region_group: () => ({}),
    });
    const notify = vi.fn();
    render(<RegionGroupsEditor revision={0} onChanged={() => {}} notify={notify} />);
    await waitFor(() => expect(screen.getByTestId("region-cities-京津冀").textContent).toBe("北京市 ×"));
    expect(screen.getByTestId("region-cities-成渝").textContent).toBe("未划入城市");

    fireEvent.change(screen.getByTestId("region-city-成渝"), { target: { value: "成都" } });
    // Only prefecture-level cities are offered.
    const offered = await screen.findByText("四川省 成都市");
    expect(screen.queryByText("四川省 成都市 锦江区")).toBeNull();
    fireEvent.click(offered);
    fireEvent.click(screen.getByText("北京市 ×"));
    fireEvent.click(screen.getByTestId("region-rename-成渝"));
    fireEvent.change(screen.getByTestId("region-rename-input"), { target: { value: "成渝地区" } });
    fireEvent.click(screen.getByTestId("region-rename-save"));
    fireEvent.change(screen.getByTestId("region-name"), { target: { value: "西北" } });
    fireEvent.click(screen.getByTestId("region-add"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "create_region_group")).toBe(true));
    const writes = calls.filter((c) => !["region_groups", "search_divisions"].includes(c.cmd)).map((c) => [c.cmd, c.args]);
    expect(writes).toEqual([
      ["set_city_region_group", { cityCode: "510100", groupId: "g2" }],
      ["set_city_region_group", { cityCode: "110100", groupId: null }],
      ["rename_region_group", { id: "g2", name: "成渝地区" }],
      ["create_region_group", { name: "西北" }],
    ]);
    expect(notify).toHaveBeenCalledWith("已保存", true);
  });

  it("shows the core's refusal on the group's row, and a refused new name under the form", async () => {
    mockCommands({
      region_groups: () => [{ id: "g5", name: "本地", sort_order: 4, city_codes: [] }],
      delete_region_group: () => {
        throw coreError("Validation", "“本地”是来源区域的固定分组（本地、境外或其他国内），项目来源按它归类，不能删除；可以改名。", "id");
      },
      create_region_group: () => {
        throw coreError("Validation", "已有名为“本地”的区域。", "name");
      },
    });
    const onChanged = vi.fn();
    render(<RegionGroupsEditor revision={0} onChanged={onChanged} notify={() => {}} />);
    fireEvent.click(await screen.findByTestId("region-delete-本地"));
    await waitFor(() => expect(screen.getByTestId("error-id").textContent).toContain("固定分组"));
    fireEvent.change(screen.getByTestId("region-name"), { target: { value: "本地" } });
    fireEvent.click(screen.getByTestId("region-add"));
    await waitFor(() => expect(screen.getByTestId("error-name").textContent).toBe("已有名为“本地”的区域。"));
    expect(screen.queryByTestId("error-id")).toBeNull();
    expect(screen.getByTestId("region-name")).toHaveProperty("value", "本地");
    expect(onChanged).not.toHaveBeenCalled();
  });
});

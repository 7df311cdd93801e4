import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import AliasesEditor from "./AliasesEditor";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";

describe("设置 › 搜索别名", () => {
  it("lists, adds and deletes aliases; a refusal shows at the form and keeps what was typed", async () => {
    let list = [{ id: "a1", alias: "凌钢", canonical: "凌源钢铁" }];
    const calls = mockCommands({
      search_aliases: () => list,
      add_search_alias: (a) => {
        if (a.alias === a.canonical) throw coreError("Validation", "别名与全称相同。", "alias");
        list = [...list, { id: "a2", alias: String(a.alias), canonical: String(a.canonical) }];
        return null;
      },
      delete_search_alias: (a) => {
        list = list.filter((x) => x.id !== a.id);
        return null;
      },
    });
    const notify = vi.fn();
    render(<AliasesEditor revision={0} onChanged={() => {}} notify={notify} />);
    await waitFor(() => expect(screen.getByTestId("alias-list").textContent).toContain("凌钢→凌源钢铁"));

    fireEvent.change(screen.getByTestId("alias-alias"), { target: { value: "凌源钢铁" } });
    fireEvent.change(screen.getByTestId("alias-canonical"), { target: { value: "凌源钢铁" } });
    fireEvent.click(screen.getByTestId("alias-add"));
    await waitFor(() => expect(screen.getByTestId("error-alias").textContent).toBe("别名与全称相同。"));
    expect(screen.getByTestId("alias-alias")).toHaveProperty("value", "凌源钢铁");

    fireEvent.change(screen.getByTestId("alias-alias"), { target: { value: "华晨" } });
    fireEvent.change(screen.getByTestId("alias-canonical"), { target: { value: "华晨汽车" } });
    fireEvent.click(screen.getByTestId("alias-add"));
    await waitFor(() => expect(screen.getByTestId("alias-list").textContent).toContain("华晨→华晨汽车"));
    expect(screen.queryByTestId("error-alias")).toBeNull();
    expect(screen.getByTestId("alias-alias")).toHaveProperty("value", "");

    fireEvent.click(within(screen.getByTestId("alias-list")).getByTestId("alias-delete-凌钢"));
    await waitFor(() => expect(screen.getByTestId("alias-list").textContent).not.toContain("凌钢"));
    expect(calls.filter((c) => c.cmd === "delete_search_alias").map((c) => c.args)).toEqual([{ id: "a1" }]);
    expect(notify).toHaveBeenCalledWith("已保存");
  });
});

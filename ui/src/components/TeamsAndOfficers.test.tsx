import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import TeamsAndOfficers from "./TeamsAndOfficers";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";

const lists = {
  teams: () => [{ id: "t1", name: "招商一组", sort_order: 0 }],
  officers: () => [
    { id: "o1", name: "王磊", team_id: "t1", title: "科长", phone: null, retired_on: null },
    { id: "o2", name: "张伟", team_id: "t1", title: null, phone: null, retired_on: "2022-05-31" },
  ],
};

describe("设置 › 团队与专员", () => {
  it("renames a team, edits an officer, and retires one; those who left are hidden until asked for", async () => {
    const calls = mockCommands({ ...lists, rename_team: () => ({}), update_officer: () => ({}), retire_officer: () => ({}) });
    render(<TeamsAndOfficers revision={0} onChanged={() => {}} notify={() => {}} />);
    await screen.findByTestId("officer-王磊");
    expect(screen.queryByTestId("officer-张伟")).toBeNull();
    fireEvent.click(screen.getByTestId("officer-show-retired"));
    expect(screen.getByTestId("officer-张伟").textContent).toContain("已离岗（2022年5月31日）");

    fireEvent.click(screen.getByTestId("team-rename-招商一组"));
    fireEvent.change(screen.getByTestId("team-rename-input"), { target: { value: "产业招商组" } });
    fireEvent.click(screen.getByTestId("team-rename-save"));
    await waitFor(() => expect(screen.queryByTestId("team-rename-input")).toBeNull());

    fireEvent.click(screen.getByTestId("officer-edit-王磊"));
    fireEvent.change(screen.getByTestId("officer-edit-phone"), { target: { value: "13900000000" } });
    fireEvent.click(screen.getByTestId("officer-edit-save"));
    await waitFor(() => expect(screen.queryByTestId("officer-edit-save")).toBeNull());

    fireEvent.click(screen.getByTestId("officer-retire-王磊"));
    fireEvent.change(screen.getByTestId("officer-retire-date"), { target: { value: "2022-06-30" } });
    fireEvent.click(screen.getByTestId("officer-retire-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "retire_officer")).toBe(true));

    const writes = calls.filter((c) => !["teams", "officers"].includes(c.cmd)).map((c) => [c.cmd, c.args]);
    expect(writes).toEqual([
      ["rename_team", { id: "t1", name: "产业招商组" }],
      ["update_officer", { id: "o1", input: { name: "王磊", team_id: "t1", title: "科长", phone: "13900000000" } }],
      ["retire_officer", { id: "o1", on: "2022-06-30" }],
    ]);
  });

  it("shows why an officer with history cannot be deleted on his row, and a bad name at the name field", async () => {
    const onChanged = vi.fn();
    mockCommands({
      ...lists,
      delete_officer: () => {
        throw coreError("Validation", "王磊已登记在3 个项目上，删除会让这些记录失去经办人；如已离岗或退休，请改用“离岗”。", "id");
      },
      update_officer: () => {
        throw coreError("Validation", "姓名不能为空。", "name");
      },
    });
    render(<TeamsAndOfficers revision={0} onChanged={onChanged} notify={() => {}} />);
    fireEvent.click(await screen.findByTestId("officer-delete-王磊"));
    await waitFor(() => expect(within(screen.getByTestId("officer-王磊")).getByTestId("error-id").textContent).toContain("请改用“离岗”"));
    fireEvent.click(screen.getByTestId("officer-edit-王磊"));
    fireEvent.change(screen.getByTestId("officer-edit-name"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("officer-edit-save"));
    await waitFor(() => expect(screen.getByTestId("error-name").textContent).toBe("姓名不能为空。"));
    expect(screen.getByTestId("officer-edit-name")).toHaveProperty("value", "");
    expect(onChanged).not.toHaveBeenCalled();
  });
});

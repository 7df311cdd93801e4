import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import TargetsEditor from "./TargetsEditor";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";

const target = { id: "x1", year: 2022, period: "H1", metric: "Signed", value: 12, region_group_id: "g1", team_id: null, label: null };

describe("设置 › 年度目标", () => {
  it("edits a target's value keeping its scope; a bad value is refused at its field", async () => {
    const calls = mockCommands({
      targets: () => [target],
      update_target: (a) => {
        const input = a.input as { year: number };
        if (input.year < 2000) throw coreError("Validation", "年份应在 2000–2100 之间。", "year");
        return target;
      },
    });
    render(<TargetsEditor revision={0} onChanged={() => {}} notify={() => {}} />);
    fireEvent.click(await screen.findByTestId("target-edit"));
    fireEvent.change(screen.getByTestId("target-edit-value"), { target: { value: "十五" } });
    fireEvent.click(screen.getByTestId("target-edit-save"));
    await waitFor(() => expect(screen.getByTestId("error-value").textContent).toBe("目标值请填写整数（如 12）。"));
    expect(calls.some((c) => c.cmd === "update_target")).toBe(false);

    fireEvent.change(screen.getByTestId("target-edit-year"), { target: { value: "1999" } });
    fireEvent.change(screen.getByTestId("target-edit-value"), { target: { value: "15" } });
    fireEvent.click(screen.getByTestId("target-edit-save"));
    await waitFor(() => expect(screen.getByTestId("error-year").textContent).toBe("年份应在 2000–2100 之间。"));

    fireEvent.change(screen.getByTestId("target-edit-year"), { target: { value: "2022" } });
    fireEvent.click(screen.getByTestId("target-edit-save"));
    await waitFor(() => expect(screen.queryByTestId("target-edit-save")).toBeNull());
    expect(calls.filter((c) => c.cmd === "update_target").map((c) => c.args)[1]).toEqual({
      id: "x1",
      input: { year: 2022, period: "H1", metric: "Signed", value: 15, region_group_id: "g1", team_id: null, label: null },
    });
  });
});

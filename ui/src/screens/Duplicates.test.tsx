import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import Duplicates from "./Duplicates";
import { coreError, mockCommands } from "../test/ipc";

const company = (id: string, name: string, credit_code: string | null, projects: number, activities: number) => ({
  id,
  name,
  credit_code,
  origin_name: "辽宁省朝阳市凌源市",
  projects,
  activities,
});

const byName = {
  key: "凌源钢铁",
  reason: "Name",
  companies: [
    company("c1", "凌源钢铁股份有限公司", null, 1, 2),
    company("c2", "凌源鋼鐵有限公司", "91211300MA0Y2Q3B47", 3, 4),
  ],
};
const byCode = {
  key: "91210300MA0QBMEW12",
  reason: "CreditCode",
  companies: [company("c3", "鞍钢", "91210300MA0QBMEW12", 0, 1), company("c4", "鞍山钢铁集团", "91210300MA0QBMEW12", 2, 0)],
};

describe("重复企业", () => {
  it("shows each group with its reason and counts, merges into the chosen company after confirming, and undoes", async () => {
    const onChanged = vi.fn();
    const notify = vi.fn();
    const undoable = { tx_id: "tx-merge", description: "删除企业“凌源鋼鐵有限公司”", changed_at: "2026-11-29T10:00:00Z" };
    const calls = mockCommands({
      duplicate_companies: () => [byName, byCode],
      merge_companies: () => ({ kept: company("c1", "凌源钢铁股份有限公司", "91211300MA0Y2Q3B47", 4, 6), merged_name: "凌源鋼鐵有限公司", undo: undoable }),
      undo: () => undoable,
    });
    render(<Duplicates revision={0} onChanged={onChanged} notify={notify} />);
    const groups = await screen.findAllByTestId("dup-group");
    expect(groups).toHaveLength(2);
    expect(within(groups[0]).getByTestId("dup-reason").textContent).toBe("名称相同（规范化后）：凌源钢铁");
    expect(within(groups[1]).getByTestId("dup-reason").textContent).toBe("统一社会信用代码相同：91210300MA0QBMEW12");
    const rows = within(groups[0]).getAllByTestId("dup-company");
    expect(rows.map((r) => within(r).getByTestId("dup-name").textContent)).toEqual(["凌源钢铁股份有限公司", "凌源鋼鐵有限公司"]);
    expect(within(rows[1]).getByTestId("dup-code").textContent).toBe("91211300MA0Y2Q3B47");
    expect(within(rows[1]).getByTestId("dup-projects").textContent).toBe("3");
    expect(within(rows[1]).getByTestId("dup-activities").textContent).toBe("4");

    // Kept by default: the one with more records; the other row offers the merge.
    expect((within(rows[1]).getByTestId("dup-keep") as HTMLInputElement).checked).toBe(true);
    expect(within(rows[1]).queryByTestId("dup-merge")).toBeNull();
    // The user keeps the simplified name instead.
    fireEvent.click(within(rows[0]).getByTestId("dup-keep"));
    expect(within(rows[0]).queryByTestId("dup-merge")).toBeNull();
    fireEvent.click(within(rows[1]).getByTestId("dup-merge"));
    expect(within(groups[0]).getByTestId("dup-confirm-text").textContent).toBe(
      "将“凌源鋼鐵有限公司”合并到“凌源钢铁股份有限公司”：它的3个项目、4条对接记录及全部阶段记录转到“凌源钢铁股份有限公司”，“凌源鋼鐵有限公司”移入回收站。",
    );
    expect(calls.some((c) => c.cmd === "merge_companies")).toBe(false);
    fireEvent.click(within(groups[0]).getByTestId("dup-confirm-merge"));

    expect((await screen.findByTestId("dup-result-text")).textContent).toBe(
      "已将“凌源鋼鐵有限公司”合并到“凌源钢铁股份有限公司”，“凌源钢铁股份有限公司”现有4个项目、6条对接记录。",
    );
    expect(calls.find((c) => c.cmd === "merge_companies")!.args).toMatchObject({ keepId: "c1", mergeId: "c2" });
    expect(onChanged).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("dup-confirm")).toBeNull();

    fireEvent.click(screen.getByTestId("dup-undo"));
    await waitFor(() => expect(screen.queryByTestId("dup-result")).toBeNull());
    expect(calls.find((c) => c.cmd === "undo")!.args).toMatchObject({ txId: "tx-merge" });
    expect(onChanged).toHaveBeenCalledTimes(2);
    expect(notify).toHaveBeenCalledWith("撤销：删除企业“凌源鋼鐵有限公司”");
  });

  it("hides its own 撤销合并 once the merge was undone from the header (the revision changes)", async () => {
    const merged = { tx_id: "tx-merge", description: "删除企业“凌源鋼鐵有限公司”", changed_at: "2026-11-29T10:00:00Z" };
    let last: typeof merged | null = merged;
    const calls = mockCommands({
      duplicate_companies: () => [byName],
      merge_companies: () => ({ kept: company("c2", "凌源鋼鐵有限公司", "91211300MA0Y2Q3B47", 4, 6), merged_name: "凌源钢铁股份有限公司", undo: merged }),
      last_undoable: () => last,
    });
    const { rerender } = render(<Duplicates revision={0} onChanged={() => {}} notify={() => {}} />);
    fireEvent.click(await screen.findByTestId("dup-merge"));
    fireEvent.click(screen.getByTestId("dup-confirm-merge"));
    await screen.findByTestId("dup-undo");
    // The app reloads after the merge itself: the merge is the last action, the button stays.
    rerender(<Duplicates revision={1} onChanged={() => {}} notify={() => {}} />);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "last_undoable")).toHaveLength(1));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "duplicate_companies")).toHaveLength(2));
    expect(screen.getByTestId("dup-undo")).toBeTruthy();
    // The header's 撤销 undid it: the app bumps the revision, the button goes.
    last = null;
    rerender(<Duplicates revision={2} onChanged={() => {}} notify={() => {}} />);
    await waitFor(() => expect(screen.queryByTestId("dup-undo")).toBeNull());
    expect(screen.queryByTestId("dup-result")).toBeNull();
    expect(calls.some((c) => c.cmd === "undo")).toBe(false);
  });

  it("shows the core's refusal and lets the user cancel", async () => {
    const onChanged = vi.fn();
    mockCommands({
      duplicate_companies: () => [byName],
      merge_companies: () => {
        throw coreError("Conflict", "“凌源钢铁股份有限公司”与“凌源鋼鐵有限公司”的统一社会信用代码不同，是两家企业，不能合并。");
      },
    });
    render(<Duplicates revision={0} onChanged={onChanged} notify={() => {}} />);
    fireEvent.click(await screen.findByTestId("dup-merge"));
    fireEvent.click(screen.getByTestId("dup-confirm-merge"));
    expect((await screen.findByTestId("dup-error")).textContent).toContain("是两家企业，不能合并");
    expect(onChanged).not.toHaveBeenCalled();
    expect(screen.queryByTestId("dup-result")).toBeNull();
    fireEvent.click(screen.getByTestId("dup-cancel"));
    expect(screen.queryByTestId("dup-confirm")).toBeNull();
  });

  it("says so when there is nothing to merge", async () => {
    mockCommands({ duplicate_companies: () => [] });
    render(<Duplicates revision={0} onChanged={() => {}} notify={() => {}} />);
    expect((await screen.findByTestId("dup-empty")).textContent).toBe("没有疑似重复的企业。");
  });
});

import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import QuickEntry from "./QuickEntry";
import { coreError, mockCommands } from "../test/ipc";

const officers = [
  { id: "o1", name: "王磊", team_id: "t1", title: null, phone: null, created_at: "", updated_at: "" },
  { id: "o2", name: "李娜", team_id: "t1", title: null, phone: null, created_at: "", updated_at: "" },
];

describe("快速记录", () => {
  it("keeps the draft in local storage, so a crash loses nothing typed", async () => {
    mockCommands({ officers: () => officers });
    const first = render(<QuickEntry onChanged={() => {}} notify={() => {}} />);
    fireEvent.change(screen.getByTestId("qe-summary"), { target: { value: "到北京拜访中关村企业" } });
    await waitFor(() => expect(localStorage.getItem("zs.quickEntryDraft")).toContain("到北京拜访中关村企业"));
    first.unmount();

    render(<QuickEntry onChanged={() => {}} notify={() => {}} />);
    expect(screen.getByTestId("qe-summary")).toHaveProperty("value", "到北京拜访中关村企业");
  });

  it("shows the core's message next to the field and keeps what was typed", async () => {
    const calls = mockCommands({
      officers: () => officers,
      create_activity: () => {
        throw coreError("Validation", "请至少选择一名参与人员。", "officer_ids");
      },
    });
    render(<QuickEntry onChanged={() => {}} notify={() => {}} />);
    fireEvent.change(screen.getByTestId("qe-summary"), { target: { value: "电话沟通落地事宜" } });
    fireEvent.keyDown(screen.getByTestId("qe-summary"), { key: "Enter", ctrlKey: true });
    expect(await screen.findByTestId("qe-officer-error")).toHaveProperty("textContent", "请至少选择一名参与人员。");
    expect(screen.getByTestId("qe-summary")).toHaveProperty("value", "电话沟通落地事宜");
    expect(calls.filter((c) => c.cmd === "create_activity")).toHaveLength(1);
  });

  it("is keyboard-first: Alt+digit picks the kind, typing a name and Enter picks an officer", async () => {
    const onChanged = vi.fn();
    const calls = mockCommands({ officers: () => officers, create_activity: (a) => ({ id: "a1", ...(a.input as object) }) });
    render(<QuickEntry onChanged={onChanged} notify={() => {}} />);
    await screen.findByText("李娜");
    fireEvent.keyDown(screen.getByTestId("qe-summary"), { key: "3", altKey: true });
    expect(screen.getByTestId("kind-Call").className).toContain("active");
    const filter = screen.getByTestId("qe-officer-filter");
    fireEvent.change(filter, { target: { value: "李" } });
    fireEvent.keyDown(filter, { key: "Enter" });
    fireEvent.keyDown(filter, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    const input = calls.find((c) => c.cmd === "create_activity")!.args.input as { kind: string; officer_ids: string[] };
    expect(input.kind).toBe("Call");
    expect(input.officer_ids).toEqual(["o2"]);
    // Saved: the draft starts again, keeping kind and officers for the next entry.
    expect(JSON.parse(localStorage.getItem("zs.quickEntryDraft")!).summary).toBe("");
  });

  it("records a call to a company that has no project yet: picked by search, sent as the activity's company", async () => {
    const companies = [
      { id: "c1", name: "深圳测试光伏科技有限公司" },
      { id: "c2", name: "深圳测试储能有限公司" },
    ];
    const onChanged = vi.fn();
    const calls = mockCommands({
      officers: () => officers,
      search_companies: (a) => companies.filter((c) => c.name.includes(a.query as string)),
      create_activity: (a) => ({ id: "a1", ...(a.input as object) }),
    });
    render(<QuickEntry onChanged={onChanged} notify={() => {}} />);
    await screen.findByText("李娜");
    fireEvent.click(screen.getByTestId("kind-Call"));
    const search = screen.getByTestId("qe-company");
    fireEvent.change(search, { target: { value: "储能" } });
    fireEvent.click(await screen.findByText("深圳测试储能有限公司"));
    expect(search).toHaveProperty("value", "");
    fireEvent.change(search, { target: { value: "深圳" } });
    await screen.findByText("深圳测试光伏科技有限公司");
    fireEvent.keyDown(search, { key: "Enter" });
    // Picking one already picked adds nothing.
    fireEvent.change(search, { target: { value: "储能" } });
    fireEvent.click(await screen.findByText("深圳测试储能有限公司"));
    expect(screen.getByTestId("qe-companies").textContent).toBe("深圳测试储能有限公司 ×深圳测试光伏科技有限公司 ×");
    fireEvent.click(screen.getByText("深圳测试光伏科技有限公司 ×"));
    expect(screen.getByTestId("qe-companies").textContent).toBe("深圳测试储能有限公司 ×");
    fireEvent.click(screen.getByText("王磊"));
    fireEvent.click(screen.getByTestId("qe-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls.filter((c) => c.cmd === "search_companies").map((c) => c.args)).toContainEqual({ query: "储能", limit: 8 });
    const input = calls.find((c) => c.cmd === "create_activity")!.args.input as { kind: string; company_ids: string[]; project_ids: string[] };
    expect(input).toMatchObject({ kind: "Call", company_ids: ["c2"], project_ids: [] });
    // The next entry starts without a company.
    expect(screen.getByTestId("qe-companies").textContent).toBe("");
  });
});

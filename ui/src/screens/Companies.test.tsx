import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import Companies from "./Companies";
import { coreError, mockCommands } from "../test/ipc";
import { parseAmount } from "../test/amounts";
import i18n from "../i18n";

const company = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  credit_code: null,
  origin_code: "130203",
  origin_name: "河北省 唐山市 路北区",
  overseas: false,
  industry_id: "i1",
  contact_person: "张建国",
  contact_phone: null,
  notes: null,
  legal_representative: "李志强",
  registered_capital: 280_000 * 10_000,
  address: "唐山市路北区钢铁路3号",
  business_scope: "钢铁冶炼",
  created_at: "2026-11-30T00:00:00Z",
  updated_at: "2026-11-30T00:00:00Z",
  ...extra,
});

const row = (c: ReturnType<typeof company>, projects: number, activities: number) => ({
  company: c,
  region_group_name: "京津冀",
  industry_name: "钢铁冶金",
  project_count: projects,
  activity_count: activities,
});

const tangshan = company("c1", "唐山钢铁集团有限公司");
const detail = {
  company: tangshan,
  region_group_name: "京津冀",
  industry_name: "钢铁冶金",
  projects: [
    { id: "p1", name: "焦化副产品项目", stage: "Lead", stage_since: "2022-02-01", total_investment: 100_000_000 },
    { id: "p2", name: "高强钢板项目", stage: "Negotiating", stage_since: "2022-03-01", total_investment: 500_000_000 },
  ],
  activities: [
    {
      id: "a2", kind: "OutboundTrip", occurred_on: "2022-05-01", place: "唐山", destination_code: null, region_group_id: null,
      summary: "联合洽谈", follow_up_on: null, team_id: null, officer_ids: [], company_ids: ["c1"], project_ids: [],
      created_at: "", updated_at: "",
    },
    {
      id: "a1", kind: "IncomingVisit", occurred_on: "2022-03-01", place: null, destination_code: null, region_group_id: null,
      summary: "第一次拜访", follow_up_on: null, team_id: null, officer_ids: [], company_ids: ["c1"], project_ids: [],
      created_at: "", updated_at: "",
    },
  ],
};

const lists = () => ({
  parse_amount: parseAmount,
  region_groups: () => [{ id: "g1", name: "京津冀", sort_order: 1, city_codes: [] }],
  industries: () => [{ id: "i1", name: "钢铁冶金", sort_order: 1 }],
});

describe("企业库", () => {
  it("lists companies with their counts and turns search, region, industry and paging into the core's filter", async () => {
    const many = Array.from({ length: 50 }, (_, i) => row(company(`m${i}`, `企业${String(i).padStart(2, "0")}`), i % 3, i % 2));
    const calls = mockCommands({
      ...lists(),
      list_companies: (a) => {
        const f = a.filter as { offset: number };
        return f.offset === 0 ? { rows: [row(tangshan, 2, 3), ...many.slice(1)], total: 120 } : { rows: many.slice(0, 20), total: 120 };
      },
    });
    render(<Companies revision={0} onOpenProject={() => {}} onChanged={() => {}} notify={() => {}} />);
    const rows = await screen.findAllByTestId("company-row");
    expect(rows).toHaveLength(50);
    expect(within(rows[0]).getByTestId("company-name").textContent).toBe("唐山钢铁集团有限公司");
    expect(within(rows[0]).getByTestId("company-projects").textContent).toBe("2");
    expect(within(rows[0]).getByTestId("company-activities").textContent).toBe("3");
    expect(rows[0].textContent).toContain("李志强");
    expect(screen.getByTestId("companies-total").textContent).toBe("共 120 家企业");
    expect(screen.getByTestId("companies-page").textContent).toBe("第 1 / 3 页");

    fireEvent.click(screen.getByTestId("companies-next"));
    await waitFor(() => expect(screen.getByTestId("companies-page").textContent).toBe("第 2 / 3 页"));
    expect((calls.filter((c) => c.cmd === "list_companies").at(-1)!.args.filter as { offset: number }).offset).toBe(50);

    await screen.findByText("京津冀", { selector: "option" });
    fireEvent.change(screen.getByTestId("companies-region"), { target: { value: "g1" } });
    fireEvent.change(screen.getByTestId("companies-industry"), { target: { value: "i1" } });
    fireEvent.change(screen.getByTestId("companies-search"), { target: { value: " tsgt " } });
    await waitFor(() => {
      const last = calls.filter((c) => c.cmd === "list_companies").at(-1)!.args.filter;
      expect(last).toEqual({ query: "tsgt", region_group_id: "g1", industry_id: "i1", offset: 0, limit: 50 });
    });
  });

  it("says so when nothing matches, in the chosen language", async () => {
    await i18n.changeLanguage("en");
    mockCommands({ ...lists(), list_companies: () => ({ rows: [], total: 0 }) });
    render(<Companies revision={0} onOpenProject={() => {}} onChanged={() => {}} notify={() => {}} />);
    expect(await screen.findByText("No matching companies")).toBeTruthy();
    expect(screen.getByTestId("companies-total").textContent).toBe("0 companies");
  });

  it("opens a company: every field editable, a refused value shown at its field, projects open, activities newest first", async () => {
    const onOpenProject = vi.fn();
    const onChanged = vi.fn();
    const notify = vi.fn();
    let refuse = true;
    const calls = mockCommands({
      ...lists(),
      list_companies: () => ({ rows: [row(tangshan, 2, 2)], total: 1 }),
      company_detail: () => detail,
      search_divisions: () => [{ code: "110108", name: "海淀区", full_name: "北京市 海淀区", level: 3 }],
      update_company: () => {
        if (refuse) {
          refuse = false;
          throw coreError("Validation", "法定代表人过长（最多 40 个字）。", "legal_representative");
        }
        return tangshan;
      },
    });
    render(<Companies revision={0} onOpenProject={onOpenProject} onChanged={onChanged} notify={notify} />);
    await screen.findAllByTestId("company-row");
    fireEvent.change(screen.getByTestId("companies-search"), { target: { value: "唐山" } });
    await waitFor(() =>
      expect((calls.filter((c) => c.cmd === "list_companies").at(-1)!.args.filter as { query: string }).query).toBe("唐山"),
    );
    fireEvent.click(screen.getAllByTestId("company-row")[0]);
    expect((await screen.findByTestId("company-title")).textContent).toBe("唐山钢铁集团有限公司");
    expect((screen.getByTestId("cd-legal_representative") as HTMLInputElement).value).toBe("李志强");
    expect((screen.getByTestId("cd-registered_capital") as HTMLInputElement).value).toBe("280000");
    expect((screen.getByTestId("cd-address") as HTMLTextAreaElement).value).toBe("唐山市路北区钢铁路3号");
    expect((screen.getByTestId("cd-business_scope") as HTMLTextAreaElement).value).toBe("钢铁冶炼");
    expect(screen.getByTestId("cd-origin-name").textContent).toBe("河北省 唐山市 路北区");

    // Projects (click opens the project) and activities, newest first as the core sends them.
    const projects = screen.getAllByTestId("company-project");
    expect(projects.map((p) => p.textContent)).toEqual(["焦化副产品项目", "高强钢板项目"]);
    expect(screen.getByTestId("company-project-list").textContent).toContain("洽谈");
    fireEvent.click(projects[1]);
    expect(onOpenProject).toHaveBeenCalledWith("p2");
    const acts = screen.getAllByTestId("company-activity");
    expect(acts[0].textContent).toContain("联合洽谈");
    expect(acts[1].textContent).toContain("第一次拜访");

    // A refused value is shown at its field; nothing else is lost from the form.
    fireEvent.change(screen.getByTestId("cd-legal_representative"), { target: { value: "赵".repeat(41) } });
    fireEvent.change(screen.getByTestId("cd-registered_capital"), { target: { value: "1.5" } });
    fireEvent.click(screen.getByTestId("cd-save"));
    expect((await screen.findByTestId("error-legal_representative")).textContent).toBe("法定代表人过长（最多 40 个字）。");
    expect((screen.getByTestId("cd-registered_capital") as HTMLInputElement).value).toBe("1.5");
    expect(onChanged).not.toHaveBeenCalled();

    // Not an amount the core's parser reads: its message, at the field.
    fireEvent.change(screen.getByTestId("cd-registered_capital"), { target: { value: "很多" } });
    fireEvent.click(screen.getByTestId("cd-save"));
    expect((await screen.findByTestId("error-registered_capital")).textContent).toBe("金额“很多”无法识别，可填 5000（万元）、5000万、1.2亿元、两亿");

    // Corrected, with a new origin picked and the address cleared: the whole company is sent, 万元 → 元.
    fireEvent.change(screen.getByTestId("cd-legal_representative"), { target: { value: "赵明" } });
    fireEvent.change(screen.getByTestId("cd-registered_capital"), { target: { value: "1.5" } });
    fireEvent.change(screen.getByTestId("cd-address"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("cd-origin-search"), { target: { value: "海淀" } });
    const pick = await screen.findByTestId("cd-origin-pick");
    fireEvent.change(pick, { target: { value: "110108" } });
    expect(screen.getByTestId("cd-origin-name").textContent).toBe("北京市 海淀区");
    fireEvent.click(screen.getByTestId("cd-save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    const sent = calls.filter((c) => c.cmd === "update_company").at(-1)!.args;
    expect(sent.id).toBe("c1");
    expect(sent.input).toEqual({
      name: "唐山钢铁集团有限公司",
      credit_code: null,
      origin_code: "110108",
      overseas: false,
      industry_id: "i1",
      contact_person: "张建国",
      contact_phone: null,
      notes: null,
      legal_representative: "赵明",
      registered_capital: 15_000,
      address: null,
      business_scope: "钢铁冶炼",
    });
    expect(notify).toHaveBeenCalledWith("已保存");
    expect(screen.queryByTestId("error-legal_representative")).toBeNull();

    // 返回 finds the list as it was left.
    fireEvent.click(screen.getByTestId("company-back"));
    expect(((await screen.findByTestId("companies-search")) as HTMLInputElement).value).toBe("唐山");
    await waitFor(() =>
      expect((calls.filter((c) => c.cmd === "list_companies").at(-1)!.args.filter as { query: string }).query).toBe("唐山"),
    );
  });
});

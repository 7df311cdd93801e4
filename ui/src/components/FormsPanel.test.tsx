import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import FormsPanel from "./FormsPanel";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";
import type { ExportTemplate_Serialize as ExportTemplate } from "../bindings";

const weekly: ExportTemplate = {
  id: "builtin:weekly_negotiating",
  name: "在谈项目信息采集表",
  title: "在谈项目信息采集表",
  columns: [
    { key: "seq", title: "序号" },
    { key: "name", title: "项目名称" },
    { key: "company", title: "投资方" },
  ],
  header_counts: true,
  split_by: "none",
  scope: { stages: ["Negotiating"], period: "week" },
  kind: "projects",
  builtin: true,
};
const monthly: ExportTemplate = {
  ...weekly,
  id: "builtin:monthly",
  name: "月报",
  title: "招商引资工作月报",
  columns: [],
  scope: { stages: [], period: "month" },
  kind: "monthly_figures",
};
const own: ExportTemplate = { ...weekly, id: "t1", name: "周报", title: "周报", builtin: false, split_by: "team" };
const catalogue = [
  { key: "seq", title: "序号", width: 6 },
  { key: "name", title: "项目名称", width: 28 },
  { key: "company", title: "投资方", width: 26 },
  { key: "progress", title: "进度", width: 40 },
];

describe("上报报表 on 工作台", () => {
  it("lists the built-ins first and exports the chosen form for the date", async () => {
    const calls = mockCommands({
      form_templates: () => [weekly, monthly, own],
      export_form: () => ({ path: "/导出/在谈项目信息采集表-2026-12-04.xlsx", folder: "/导出" }),
    });
    render(<FormsPanel revision={0} />);
    const select = (await screen.findByTestId("form-template")) as HTMLSelectElement;
    await waitFor(() => expect(select.options).toHaveLength(3));
    expect([...select.options].map((o) => o.textContent)).toEqual(["在谈项目信息采集表（内置）", "月报（内置）", "周报"]);
    expect(screen.getByTestId("form-hint").textContent).toContain("周一至周日");
    fireEvent.change(screen.getByTestId("form-date"), { target: { value: "2026-12-04" } });
    fireEvent.click(screen.getByTestId("form-export"));
    expect((await screen.findByTestId("form-export-path")).textContent).toBe("/导出/在谈项目信息采集表-2026-12-04.xlsx");
    expect(calls.find((c) => c.cmd === "export_form")!.args).toEqual({ id: "builtin:weekly_negotiating", date: "2026-12-04" });
    fireEvent.change(select, { target: { value: "builtin:monthly" } });
    expect(screen.getByTestId("form-hint").textContent).toContain("月份");
  });

  it("shows the core's refusal of an export", async () => {
    mockCommands({
      form_templates: () => [weekly],
      export_form: () => {
        throw coreError("NotFound", "报表模板不存在或已删除（x）");
      },
    });
    render(<FormsPanel revision={0} />);
    await waitFor(() => expect((screen.getByTestId("form-template") as HTMLSelectElement).value).toBe(weekly.id));
    fireEvent.click(screen.getByTestId("form-export"));
    expect((await screen.findByRole("alert")).textContent).toBe("报表模板不存在或已删除（x）");
  });

  it("copies a built-in into a template with columns reordered and renamed, split by park", async () => {
    let templates = [weekly, monthly];
    const calls = mockCommands({
      form_templates: () => templates,
      form_columns: () => catalogue,
      create_form_template: (a) => {
        const input = a.input as ExportTemplate;
        const made = { ...input, id: "t2", kind: "projects", builtin: false } as ExportTemplate;
        templates = [...templates, made];
        return made;
      },
    });
    render(<FormsPanel revision={0} />);
    await waitFor(() => expect((screen.getByTestId("form-template") as HTMLSelectElement).value).toBe(weekly.id));
    fireEvent.click(screen.getByTestId("form-manage"));
    fireEvent.click(await screen.findByTestId("form-template-copy"));
    expect((screen.getByTestId("form-name") as HTMLInputElement).value).toBe("在谈项目信息采集表（副本）");
    fireEvent.change(screen.getByTestId("form-name"), { target: { value: "园区在谈表" } });
    // 投资方 first, renamed; 序号 removed; 进度 added at the end.
    fireEvent.click(screen.getByTestId("form-column-up-company"));
    fireEvent.click(screen.getByTestId("form-column-up-company"));
    fireEvent.change(screen.getByTestId("form-column-title-company"), { target: { value: "投资企业" } });
    fireEvent.click(screen.getByTestId("form-column-remove-seq"));
    await waitFor(() => expect(screen.getByTestId("form-column-add").querySelectorAll("option").length).toBe(3));
    fireEvent.change(screen.getByTestId("form-column-add"), { target: { value: "progress" } });
    fireEvent.change(screen.getByTestId("form-split"), { target: { value: "park" } });
    fireEvent.click(screen.getByTestId("form-header-counts"));
    fireEvent.click(screen.getByTestId("form-template-save"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "create_form_template")).toBe(true));
    expect(calls.find((c) => c.cmd === "create_form_template")!.args.input).toEqual({
      name: "园区在谈表",
      title: "在谈项目信息采集表",
      columns: [
        { key: "company", title: "投资企业" },
        { key: "name", title: "项目名称" },
        { key: "progress", title: "进度" },
      ],
      header_counts: false,
      split_by: "park",
      scope: { stages: ["Negotiating"], period: "week" },
    });
    const rows = await screen.findAllByTestId("form-template-row");
    expect(within(rows[0]).getByText("园区在谈表")).toBeTruthy();
    const select = screen.getByTestId("form-template") as HTMLSelectElement;
    await waitFor(() => expect(select.options).toHaveLength(3));
  });

  it("shows a refused template's message at its field and deletes one", async () => {
    const calls = mockCommands({
      form_templates: () => [weekly, own],
      form_columns: () => catalogue,
      update_form_template: () => {
        throw coreError("Validation", "已有名为“周报”的报表模板。", "name");
      },
      delete_form_template: () => null,
    });
    render(<FormsPanel revision={0} />);
    fireEvent.click(await screen.findByTestId("form-manage"));
    fireEvent.click(await screen.findByTestId("form-template-edit"));
    fireEvent.click(screen.getByTestId("form-template-save"));
    expect((await screen.findByTestId("form-error-name")).textContent).toBe("已有名为“周报”的报表模板。");
    expect(calls.find((c) => c.cmd === "update_form_template")!.args.id).toBe("t1");
    fireEvent.click(screen.getByTestId("form-template-delete"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "delete_form_template")?.args).toEqual({ id: "t1" }));
  });
});

import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Import from "./Import";
import { coreError, mockCommands } from "../test/ipc";

const counts = { create: 2, update: 0, unchanged: 0, skip: 1, error: 1, companies_created: 2, companies_updated: 0, officers_created: 0, teams_created: 0 };
const view = {
  file_name: "台账.xlsx",
  rows_total: 4,
  plan: {
    sheet: "Sheet1", sheets: ["Sheet1"], header_rows: [2], signature: "s", remembered_mapping: false,
    columns: [
      { column: 0, header: "项目", field: "ProjectName", unit: null },
      { column: 1, header: "金额", field: null, unit: null },
    ],
    rows: [
      { row: 3, action: "Create", project_name: "甲项目", company_name: null, message: "新建项目", project_id: null },
      { row: 4, action: "Error", project_name: "乙项目", company_name: null, message: "签约时间“2022-13-45”无法识别", project_id: null },
    ],
    counts, warnings: [], applied: false, activities: false,
  },
};

describe("导入", () => {
  it("previews, sends the corrected mapping, and refuses while a row is wrong unless skipped", async () => {
    const calls = mockCommands({
      import_stage_path: () => ({ name: "台账.xlsx", bytes: 100 }),
      import_preview: () => view,
      import_apply: () => ({ ...view, plan: { ...view.plan, applied: true } }),
    });
    render(<Import onChanged={() => {}} notify={() => {}} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/tmp/台账.xlsx" } });
    fireEvent.click(screen.getByTestId("import-path-go"));
    await screen.findByText("签约时间“2022-13-45”无法识别");
    expect(screen.getByTestId("import-counts").textContent).toContain("新建 2 个项目");
    // A row with an error blocks the import until the user chooses to skip it.
    expect((screen.getByTestId("import-apply") as HTMLButtonElement).disabled).toBe(true);
    // 金额 is read as 总投资 in 亿元 after the correction.
    fireEvent.change(screen.getByTestId("map-1"), { target: { value: "TotalInvestment" } });
    fireEvent.change(screen.getByTestId("map-unit-1"), { target: { value: "Yi" } });
    fireEvent.click(screen.getByTestId("import-repreview"));
    await waitFor(() => {
      const last = calls.filter((c) => c.cmd === "import_preview").at(-1)!.args.options as Record<string, unknown>;
      expect(last.mapping).toEqual([{ column: 1, field: "TotalInvestment", unit: "Yi" }]);
    });
    // The call is recorded before its answer is shown: wait for the preview to come back.
    fireEvent.click(await screen.findByTestId("import-skip-invalid"));
    fireEvent.click(screen.getByTestId("import-apply"));
    await screen.findByTestId("import-result");
    const apply = calls.find((c) => c.cmd === "import_apply")!.args.options as Record<string, unknown>;
    expect(apply.skip_invalid_rows).toBe(true);
    expect(apply.mapping).toEqual([{ column: 1, field: "TotalInvestment", unit: "Yi" }]);
  });

  it("a file read wrongly says so and what it was read as, and offers no import of the rows that passed", async () => {
    const misread = "共 12 行中 11 行有误：文件可能被错误读取（按CSV 文本读取，工作表“Sheet1”，表头在第4行）。请确认文件格式，或另存为 .xlsx 后再导入。";
    mockCommands({
      import_stage_path: () => ({ name: "台账.xls", bytes: 100 }),
      import_preview: () => ({ ...view, file_name: "台账.xls", read_wrongly: misread }),
    });
    render(<Import onChanged={() => {}} notify={() => {}} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/tmp/台账.xls" } });
    fireEvent.click(screen.getByTestId("import-path-go"));
    expect((await screen.findByTestId("import-read-wrongly")).textContent).toBe(misread);
    expect(screen.queryByTestId("import-apply")).toBeNull();
    expect(screen.queryByTestId("import-skip-invalid")).toBeNull();
  });

  it("shows the detected kind and edits an activities sheet's mapping with the activity fields", async () => {
    const activities = {
      ...view,
      file_name: "活动.xlsx",
      plan: {
        ...view.plan, kind: "Activities", activities: true,
        fields: ["ActivityDate", "ActivityKind", "Participants", "CompanyName", "ProjectName", "ActivityPlace", "ActivityContent"],
        columns: [
          { column: 0, header: "拜访日期", field: null, unit: null },
          { column: 1, header: "类型", field: "ActivityKind", unit: null },
        ],
        rows: [{ row: 2, action: "Error", project_name: "洽谈扩产", company_name: null, message: "未填日期", project_id: null }],
        counts: { ...counts, create: 0, error: 1 },
      },
    };
    const calls = mockCommands({
      import_stage_path: () => ({ name: "活动.xlsx", bytes: 100 }),
      import_preview: () => activities,
    });
    render(<Import onChanged={() => {}} notify={() => {}} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/tmp/活动.xlsx" } });
    fireEvent.click(screen.getByTestId("import-path-go"));
    await screen.findByTestId("import-mapping-Activities");
    expect((screen.getByTestId("import-kind") as HTMLSelectElement).value).toBe("Activities");
    expect(screen.getByTestId("import-counts").textContent).toContain("招商活动台账");
    const options = Array.from((screen.getByTestId("map-0") as HTMLSelectElement).options).map((o) => o.textContent);
    expect(options).toEqual(["（不导入）", "日期", "活动类型", "带队领导/责任人", "企业名称", "项目名称", "地点/去向", "活动内容"]);
    fireEvent.change(screen.getByTestId("map-0"), { target: { value: "ActivityDate" } });
    fireEvent.click(screen.getByTestId("import-repreview"));
    await waitFor(() => {
      const last = calls.filter((c) => c.cmd === "import_preview").at(-1)!.args.options as Record<string, unknown>;
      expect(last.mapping).toEqual([{ column: 0, field: "ActivityDate", unit: null }]);
      expect(last.kind).toBeNull();
    });
  });

  it("reads a refused file as a company directory when the user says so, and imports it as one", async () => {
    const companies = {
      ...view,
      file_name: "名录.csv",
      plan: {
        ...view.plan, kind: "Companies",
        fields: ["Serial", "CompanyName", "CreditCode", "Industry", "Origin", "ContactPerson", "ContactPhone", "Notes"],
        columns: [
          { column: 0, header: "单位全称", field: null, unit: null },
          { column: 1, header: "信用代码", field: "CreditCode", unit: null },
        ],
        rows: [{ row: 2, action: "Create", project_name: null, company_name: "凌源钢铁股份有限公司", message: "新建企业“凌源钢铁股份有限公司”", project_id: null }],
        counts: { ...counts, create: 1, skip: 0, error: 0 },
      },
    };
    let first = true;
    const calls = mockCommands({
      import_stage_path: () => ({ name: "名录.csv", bytes: 100 }),
      import_preview: () => {
        if (first) {
          first = false;
          throw coreError("Validation", "工作表“名录”的前30行中找不到表头。未导入任何数据。");
        }
        return companies;
      },
      import_apply: () => ({ ...companies, plan: { ...companies.plan, applied: true } }),
    });
    render(<Import onChanged={() => {}} notify={() => {}} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/tmp/名录.csv" } });
    fireEvent.click(screen.getByTestId("import-path-go"));
    expect((await screen.findByTestId("import-error")).textContent).toContain("找不到表头");
    fireEvent.click(screen.getByTestId("import-read-as-Companies"));
    await screen.findByTestId("import-mapping-Companies");
    expect((calls.filter((c) => c.cmd === "import_preview").at(-1)!.args.options as Record<string, unknown>).kind).toBe("Companies");
    expect(screen.getByTestId("import-counts").textContent).toContain("新建 1 家企业");
    const options = Array.from((screen.getByTestId("map-0") as HTMLSelectElement).options).map((o) => o.value);
    expect(options).toEqual(["", "Serial", "CompanyName", "CreditCode", "Industry", "Origin", "ContactPerson", "ContactPhone", "Notes"]);
    fireEvent.change(screen.getByTestId("map-0"), { target: { value: "CompanyName" } });
    expect(screen.getByTestId("import-apply").textContent).toBe("导入（1 家企业）");
    fireEvent.click(screen.getByTestId("import-apply"));
    await screen.findByTestId("import-result");
    const apply = calls.find((c) => c.cmd === "import_apply")!.args.options as Record<string, unknown>;
    expect(apply.kind).toBe("Companies");
    expect(apply.mapping).toEqual([{ column: 0, field: "CompanyName", unit: null }]);
  });

  it("shows the core's refusal of a file that is not a spreadsheet", async () => {
    mockCommands({
      import_stage_path: () => ({ name: "a.pdf", bytes: 10 }),
      import_preview: () => {
        throw coreError("Validation", "这是PDF文件，不是表格。请导入 Excel（.xlsx/.xls）或 CSV 文件。未导入任何数据。");
      },
    });
    render(<Import onChanged={() => {}} notify={() => {}} />);
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/tmp/a.pdf" } });
    fireEvent.click(screen.getByTestId("import-path-go"));
    expect((await screen.findByTestId("import-error")).textContent).toContain("不是表格");
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { act, fireEvent, render, screen } from "@testing-library/react";
import i18n from "./i18n";
import ExportButtons from "./ExportButtons";
import { mockCommands } from "./test/ipc";

const file = { path: "/tmp/导出/调度表.xlsx", folder: "/tmp/导出" };
const query = { period: { from: "2022-01-01", to: "2022-06-30" }, scope: {} } as never;

describe("导出: the UI's language goes to the export", () => {
  afterEach(() => act(() => void i18n.changeLanguage("zh-CN")));

  it("asks the core for a 繁體 调度表 when the UI is zh-TW, and a 简体 one for English", async () => {
    const calls = mockCommands({ export_report: () => file });
    await act(() => i18n.changeLanguage("zh-TW"));
    render(<ExportButtons what="report" query={query} />);
    fireEvent.click(screen.getByTestId("export-report"));
    expect(await screen.findByTestId("export-path")).toHaveProperty("textContent", file.path);
    expect(calls[0].args.language).toBe("zh-TW");

    await act(() => i18n.changeLanguage("en"));
    fireEvent.click(screen.getByTestId("export-report"));
    await screen.findByTestId("export-path");
    expect(calls[1].args.language).toBe("en");
  });

  it("passes it with the ledger export too", async () => {
    const calls = mockCommands({ export_projects: () => file });
    render(<ExportButtons what="projects" filter={{} as never} />);
    fireEvent.click(screen.getByTestId("export-xlsx"));
    await screen.findByTestId("export-path");
    expect(calls[0].args).toMatchObject({ format: "Xlsx", language: "zh-CN" });
  });
});

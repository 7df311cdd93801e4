import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import NewProject from "./NewProject";
import { coreError, mockCommands } from "../test/ipc";
import { parseAmount } from "../test/amounts";

const lists = { industries: () => [], teams: () => [], officers: () => [], first_stages: () => ["Lead", "Negotiating", "Signed"], parse_amount: parseAmount };

describe("新建项目", () => {
  it("reads the investment with the core's parser (两亿 as import reads it)", async () => {
    let sent: { project: { total_investment: number } } | null = null;
    const calls = mockCommands({
      ...lists,
      create_project: (a) => {
        sent = a.input as typeof sent;
        return { id: "p1" };
      },
    });
    let created = "";
    render(<NewProject onClose={() => {}} onCreated={(id) => (created = id)} />);
    fireEvent.change(screen.getByTestId("np-name"), { target: { value: "年产5万吨碳纤维项目" } });
    fireEvent.change(screen.getByTestId("np-investment"), { target: { value: "两亿" } });
    fireEvent.click(screen.getByTestId("np-save"));
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.find((c) => c.cmd === "parse_amount")!.args).toEqual({ text: "两亿", field: "TotalInvestment" });
    expect(created).toBe("p1");
    expect(sent!.project.total_investment).toBe(200_000_000);
  });

  it("shows the core's message at the investment when it cannot read it, and creates nothing", async () => {
    const calls = mockCommands(lists);
    render(<NewProject onClose={() => {}} onCreated={() => {}} />);
    fireEvent.change(screen.getByTestId("np-name"), { target: { value: "年产5万吨碳纤维项目" } });
    fireEvent.change(screen.getByTestId("np-investment"), { target: { value: "很多" } });
    fireEvent.click(screen.getByTestId("np-save"));
    expect(await screen.findByTestId("error-total_investment")).toHaveProperty("textContent", "金额“很多”无法识别，可填 5000（万元）、5000万、1.2亿元、两亿");
    expect(calls.some((c) => c.cmd === "create_project")).toBe(false);
    expect(screen.getByTestId("np-name")).toHaveProperty("value", "年产5万吨碳纤维项目");
    expect(screen.getByTestId("np-investment")).toHaveProperty("value", "很多");
  });

  it("places a core validation message next to its field", async () => {
    mockCommands({
      ...lists,
      create_project: () => {
        throw coreError("Validation", "请填写项目名称。", "name");
      },
    });
    render(<NewProject onClose={() => {}} onCreated={() => {}} />);
    fireEvent.change(screen.getByTestId("np-investment"), { target: { value: "20000" } });
    fireEvent.click(screen.getByTestId("np-save"));
    expect(await screen.findByTestId("error-name")).toHaveProperty("textContent", "请填写项目名称。");
    expect(screen.getByTestId("np-investment")).toHaveProperty("value", "20000");
  });

  it("sends the investment in 元", async () => {
    let sent: { project: { total_investment: number } } | null = null;
    mockCommands({
      ...lists,
      create_project: (a) => {
        sent = a.input as typeof sent;
        return { id: "p1" };
      },
    });
    let created = "";
    render(<NewProject onClose={() => {}} onCreated={(id) => (created = id)} />);
    fireEvent.change(screen.getByTestId("np-name"), { target: { value: "项目" } });
    fireEvent.change(screen.getByTestId("np-investment"), { target: { value: "4800" } });
    fireEvent.click(screen.getByTestId("np-save"));
    await screen.findByTestId("np-save");
    await new Promise((r) => setTimeout(r, 10));
    expect(created).toBe("p1");
    expect(sent!.project.total_investment).toBe(48_000_000);
  });
});

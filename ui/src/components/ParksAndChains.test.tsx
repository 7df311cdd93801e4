import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import ParksAndChains from "./ParksAndChains";
import "../i18n";
import { coreError, mockCommands } from "../test/ipc";

const lists = {
  parks: () => [{ id: "k1", name: "凌源经济开发区", sort_order: 0 }],
  unlisted_parks: () => ["汽车产业园"],
  industry_chains: () => [{ id: "c1", name: "新能源汽车产业链", sort_order: 0, industry_ids: ["i1"] }],
  industries: () => [
    { id: "i1", name: "汽车及零部件", sort_order: 0, chain_id: "c1" },
    { id: "i2", name: "新能源", sort_order: 1, chain_id: null },
  ],
};

describe("设置 › 园区与产业链", () => {
  it("lists parks and chains, adds an unlisted park with a click, renames, and puts an industry into a chain", async () => {
    const calls = mockCommands({
      ...lists,
      create_park: () => ({}),
      rename_park: () => ({}),
      set_industry_chain: () => null,
    });
    render(<ParksAndChains revision={0} onChanged={() => {}} notify={() => {}} />);
    expect((await screen.findByTestId("park-list")).textContent).toContain("凌源经济开发区");
    expect((await screen.findByTestId("chain-list")).textContent).toContain("新能源汽车产业链汽车及零部件");
    fireEvent.click(within(screen.getByTestId("park-unlisted")).getByText("+ 汽车产业园"));
    fireEvent.click(within(screen.getByTestId("park-list")).getByText("改名"));
    fireEvent.change(screen.getByTestId("park-rename-input"), { target: { value: "凌源经济技术开发区" } });
    fireEvent.click(within(screen.getByTestId("park-list")).getByText("保存"));
    fireEvent.change(screen.getByLabelText("新能源 所属产业链"), { target: { value: "c1" } });
    await waitFor(() => expect(calls.filter((c) => c.cmd === "set_industry_chain")).toHaveLength(1));
    expect(calls.filter((c) => c.cmd !== "parks" && c.cmd !== "unlisted_parks" && c.cmd !== "industry_chains" && c.cmd !== "industries").map((c) => [c.cmd, c.args])).toEqual([
      ["create_park", { name: "汽车产业园" }],
      ["rename_park", { id: "k1", name: "凌源经济技术开发区" }],
      ["set_industry_chain", { industryId: "i2", chainId: "c1" }],
    ]);
  });

  it("a refused name shows the core's message and stays in the field", async () => {
    mockCommands({ ...lists, create_industry_chain: () => { throw coreError("Validation", "已有名为“新能源汽车产业链”的产业链。", "name"); } });
    render(<ParksAndChains revision={0} onChanged={() => {}} notify={() => {}} />);
    await screen.findByTestId("chain-list");
    fireEvent.change(screen.getByTestId("chain-name"), { target: { value: "新能源汽车产业链" } });
    fireEvent.click(screen.getByTestId("chain-add"));
    await waitFor(() => expect(screen.getByTestId("parks-error").textContent).toBe("已有名为“新能源汽车产业链”的产业链。"));
    expect(screen.getByTestId("chain-name")).toHaveProperty("value", "新能源汽车产业链");
  });
});

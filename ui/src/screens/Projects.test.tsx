import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import Projects from "./Projects";
import { mockCommands } from "../test/ipc";

const page = { rows: [], total: 0, total_investment: 0 };

describe("项目库", () => {
  it("turns every filter into the core's ProjectFilter", async () => {
    const calls = mockCommands({
      region_groups: () => [{ id: "g1", name: "京津冀", city_codes: [] }],
      teams: () => [],
      industries: () => [{ id: "i1", name: "新材料" }],
      officers: () => [],
      list_projects: () => page,
    });
    render(<Projects revision={0} onOpen={() => {}} onChanged={() => {}} notify={() => {}} />);
    await screen.findByText("京津冀");
    fireEvent.click(screen.getByTestId("stage-chip-Signed"));
    fireEvent.click(screen.getByText("1亿–10亿"));
    fireEvent.click(screen.getByText("飞地"));
    fireEvent.change(screen.getByTestId("filter-region"), { target: { value: "g1" } });
    fireEvent.change(screen.getByTestId("project-search"), { target: { value: "光伏" } });
    await waitFor(() => {
      const last = calls.filter((c) => c.cmd === "list_projects").at(-1)!.args.filter as Record<string, unknown>;
      expect(last.search).toBe("光伏");
      expect(last.stages).toEqual(["Signed"]);
      expect(last.tiers).toEqual(["Over1Yi"]);
      expect(last.scope).toMatchObject({ region_group_ids: ["g1"], enclave: true });
      expect(last.offset).toBe(0);
    });
    expect(screen.getByTestId("project-total").textContent).toBe("共 0 个项目，总投资 0万元");
  });
});

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

  it("opens on 招商地图's place and metric, and drops the place on its chip", async () => {
    const calls = mockCommands({
      region_groups: () => [],
      teams: () => [],
      industries: () => [],
      officers: () => [],
      park_names: () => [],
      list_projects: () => page,
    });
    const preset = { originCode: "320500", originName: "苏州市", periodField: "Signed" as const, from: "2022-01-01", to: "2022-06-30" };
    render(<Projects preset={preset} revision={0} onOpen={() => {}} onChanged={() => {}} notify={() => {}} />);
    const last = () => calls.filter((c) => c.cmd === "list_projects").at(-1)!.args.filter as Record<string, unknown>;
    await waitFor(() =>
      expect(last()).toMatchObject({ origin_code: "320500", period_field: "Signed", period: { from: "2022-01-01", to: "2022-06-30" } }),
    );
    expect(screen.getByTestId("filter-origin").textContent).toBe("来源地：苏州市 ×");
    fireEvent.click(screen.getByTestId("filter-origin"));
    await waitFor(() => expect(last().origin_code).toBeNull());
    expect(screen.queryByTestId("filter-origin")).toBeNull();
  });
});

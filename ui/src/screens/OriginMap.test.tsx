import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import * as echarts from "echarts/core";
import OriginMap from "./OriginMap";
import type { ChartData } from "../Chart";
import type { OriginMap as OriginMapData, PlaceCounts } from "../bindings";
import { mockCommands } from "../test/ipc";

const period = { from: "2022-01-01", to: "2022-06-30" };
const c = (trips: number, negotiating: number, signed: number, started: number): PlaceCounts => ({ trips, negotiating, signed, started });
/** A faked origin_map answer: 江苏 (苏州, 昆山), 北京 (海淀), 广东 (深圳), 境外 and 未知. */
const answer: OriginMapData = {
  query: { period, scope: {} as OriginMapData["query"]["scope"] },
  places: [
    { code: "110000", name: "北京市", level: 1, counts: c(1, 1, 0, 0) },
    { code: "110100", name: "北京市", level: 2, counts: c(1, 1, 0, 0) },
    { code: "110108", name: "海淀区", level: 3, counts: c(0, 1, 0, 0) },
    { code: "320000", name: "江苏省", level: 1, counts: c(2, 1, 3, 1) },
    { code: "320500", name: "苏州市", level: 2, counts: c(2, 1, 2, 1) },
    { code: "320583", name: "昆山市", level: 3, counts: c(0, 1, 0, 0) },
    { code: "321000", name: "扬州市", level: 2, counts: c(0, 0, 1, 0) },
    { code: "440000", name: "广东省", level: 1, counts: c(0, 0, 0, 1) },
    { code: "440300", name: "深圳市", level: 2, counts: c(0, 0, 0, 1) },
  ],
  overseas: c(0, 1, 0, 0),
  unplaced: c(1, 0, 1, 0),
};

/** A click on a region of the map, as ECharts reports it to the chart's `click` listeners. */
function clickRegion(name: string) {
  const chart = echarts.getInstanceByDom(screen.getByTestId("chart-origin-map")) as unknown as { trigger: (type: string, event: object) => void };
  chart.trigger("click", { componentType: "series", seriesType: "map", name });
}

/** The map's data as ECharts holds it (Chart.tsx's data-chart): the regions with a value. */
async function chart(): Promise<ChartData> {
  const el = await screen.findByTestId("chart-origin-map", {}, { timeout: 10000 });
  await waitFor(() => expect(el.dataset.chart).toBeTruthy());
  const data = JSON.parse(el.dataset.chart!) as ChartData;
  // ECharts lists every region of the map; those without data have no value.
  return { ...data, series: data.series.map((s) => ({ ...s, data: s.data.filter((d) => (d as { value?: number }).value !== undefined) })) };
}

function show() {
  const calls = mockCommands({ suggested_period: () => period, origin_map: () => answer });
  const onOpenProjects = vi.fn();
  render(<OriginMap revision={0} onOpenProjects={onOpenProjects} />);
  return { calls, onOpenProjects };
}

describe("招商地图", () => {
  it("colours the provinces by the origin_map answer, per metric", async () => {
    const { calls } = show();
    expect((await chart()).series[0]).toEqual({
      name: "签约",
      data: [{ name: "江苏省", value: 3, code: "320000" }],
    });
    expect(calls.find((x) => x.cmd === "origin_map")!.args).toEqual({ query: { period, scope: {} } });
    fireEvent.click(screen.getByTestId("map-metric-negotiating"));
    await waitFor(async () =>
      expect((await chart()).series[0].data).toEqual(
        expect.arrayContaining([
          { name: "北京市", value: 1, code: "110000" },
          { name: "江苏省", value: 1, code: "320000" },
        ]),
      ),
    );
    expect((await chart()).series[0].data).toHaveLength(2);
    // 境外 and 未知 are listed beside the map.
    expect(screen.getByTestId("map-row-overseas").textContent).toContain("1");
    fireEvent.click(screen.getByTestId("map-metric-trips"));
    await waitFor(() => expect(screen.getByTestId("map-row-unplaced").textContent).toContain("1"));
    expect(screen.getByTestId("map-row-320000").textContent).toContain("2");
  }, 20000);

  it("drills into a province's cities and opens the project list filtered by the city clicked", async () => {
    const { onOpenProjects } = show();
    await chart();
    // A click on 江苏 on the map: its cities.
    clickRegion("江苏省");
    await waitFor(() => expect(screen.getByTestId("map-province").textContent).toBe("江苏省"));
    await waitFor(async () =>
      expect((await chart()).series[0].data).toEqual([
        { name: "苏州市", value: 2, code: "320500" },
        { name: "扬州市", value: 1, code: "321000" },
      ]),
    );
    clickRegion("苏州市");
    expect(onOpenProjects).toHaveBeenCalledWith({
      originCode: "320500",
      originName: "苏州市",
      periodField: "Signed",
      from: period.from,
      to: period.to,
    });
    fireEvent.click(screen.getByTestId("map-open-province"));
    expect(onOpenProjects).toHaveBeenLastCalledWith(expect.objectContaining({ originCode: "320000", originName: "江苏省" }));
    // In talks: the list opens on 洽谈.
    fireEvent.click(screen.getByTestId("map-metric-negotiating"));
    fireEvent.click(screen.getByTestId("map-row-320500").querySelector("button")!);
    expect(onOpenProjects).toHaveBeenLastCalledWith({ originCode: "320500", originName: "苏州市", stages: ["Negotiating"] });
  }, 20000);

  it("shows a municipality's districts", async () => {
    show();
    await chart();
    clickRegion("北京市");
    fireEvent.click(screen.getByTestId("map-metric-negotiating"));
    await waitFor(async () => expect((await chart()).series[0].data).toEqual([{ name: "海淀区", value: 1, code: "110108" }]));
  }, 20000);
});

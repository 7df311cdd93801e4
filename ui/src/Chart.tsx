import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, FunnelChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { EChartsOption } from "echarts";

// Only the charts the dashboard draws: half the bundle of `import "echarts"`, a faster start.
echarts.use([BarChart, FunnelChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** What a chart shows, as ECharts holds it: the category axis and each series' name and data. */
export type ChartData = { categories: unknown[] | null; series: { name: string | null; data: unknown[] }[] };

/** The data of a chart's option (ECharts' own, from `getOption()`, or the one given). */
export function chartData(option: EChartsOption): ChartData {
  const list = <T,>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  const axis = list(option.xAxis as { data?: unknown[] } | { data?: unknown[] }[] | undefined)[0];
  return {
    categories: axis?.data ?? null,
    series: list(option.series as { name?: string; data?: unknown[] }[] | undefined).map((s) => ({
      name: s.name ?? null,
      data: s.data ?? [],
    })),
  };
}

/**
 * A thin ECharts wrapper: one chart per element, option replaced on change. The element carries
 * `data-chart`, the chart's data read back from ECharts (`chartData(getOption())`), so a unit
 * or end-to-end test can check a chart shows the report's numbers.
 */
export default function Chart({
  option,
  height = 260,
  testId,
  onClick,
}: {
  option: EChartsOption;
  height?: number;
  testId?: string;
  /** A click on a series' item (ECharts' event: `name`, `data`, …). */
  onClick?: (e: { name: string; data?: unknown }) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    // Unit tests set this (jsdom has neither canvas nor layout: SVG at a fixed size); the app draws on canvas.
    const test = (globalThis as { ZS_CHART_TEST?: Parameters<typeof echarts.init>[2] }).ZS_CHART_TEST;
    chart.current = echarts.init(el.current, undefined, test ?? { renderer: "canvas" });
    chart.current.on("click", (e) => click.current?.(e as { name: string; data?: unknown }));
    const resize = () => chart.current?.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (!chart.current || !el.current) return;
    chart.current.setOption(option, true);
    el.current.dataset.chart = JSON.stringify(chartData(chart.current.getOption() as EChartsOption));
  }, [option]);
  return <div ref={el} style={{ height }} data-testid={testId} />;
}

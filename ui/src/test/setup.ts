import { afterEach, beforeEach } from "vitest";
import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import i18n from "../i18n";

// jsdom has no canvas: charts draw with ECharts' SVG renderer in unit tests (see Chart.tsx), and
// text measuring falls back quietly instead of logging "Not implemented" for every label.
echarts.use([SVGRenderer]);
(globalThis as { ZS_CHART_TEST?: object }).ZS_CHART_TEST = { renderer: "svg", width: 600, height: 260 };
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

// Async IPC results land outside act(); tests wait for what the user sees instead.
beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

afterEach(() => {
  cleanup();
  clearMocks();
  localStorage.clear();
  void i18n.changeLanguage("zh-CN");
});

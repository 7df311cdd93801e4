import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import * as echarts from "echarts/core";
import { MapChart } from "echarts/charts";
import { TooltipComponent, VisualMapComponent } from "echarts/components";
import type { EChartsOption } from "echarts";
import { call, commands, UiError } from "../api";
import type { OriginMap as OriginMapData, Period, PlaceCounts } from "../bindings";
import Chart from "../Chart";
import { CHINA, loadChina, loadProvince, provinceMap, type Region } from "../maps";
import type { ListPreset } from "./Projects";

echarts.use([MapChart, VisualMapComponent, TooltipComponent]);

export type MapMetric = keyof PlaceCounts;
const METRICS: MapMetric[] = ["trips", "negotiating", "signed", "started"];

/** What the project list opens on for a place and a metric (the metric's stage or dates). */
export function presetFor(place: Region, metric: MapMetric, period: Period): ListPreset {
  const base = { originCode: place.code, originName: place.name };
  switch (metric) {
    case "negotiating":
      return { ...base, stages: ["Negotiating"] };
    case "signed":
      return { ...base, periodField: "Signed", from: period.from, to: period.to };
    case "started":
      return { ...base, periodField: "Started", from: period.from, to: period.to };
    default:
      return base;
  }
}

type Props = { revision: number; onOpenProjects: (preset: ListPreset) => void };

/** 招商地图: the period's trips, talks, signings and starts on the map of China, by place. */
export default function OriginMap({ revision, onOpenProjects }: Props) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period | null>(null);
  const [metric, setMetric] = useState<MapMetric>("signed");
  const [data, setData] = useState<OriginMapData | null>(null);
  const [province, setProvince] = useState<Region | null>(null);
  // The map shown, registered, and its regions (null: still loading it).
  const [shown, setShown] = useState<{ map: string; regions: Region[] } | null>(null);
  const regions = shown?.regions ?? null;
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(commands.suggestedPeriod()).then((p) => setPeriod((cur) => cur ?? p), (e: UiError) => setError(e.message));
  }, []);
  useEffect(() => {
    if (!period) return;
    setError(null);
    call(commands.originMap({ period, scope: {} })).then(setData, (e: UiError) => setError(e.message));
  }, [period, revision]);
  useEffect(() => {
    setShown(null);
    const map = province ? provinceMap(province.code) : CHINA;
    (province ? loadProvince(province.code) : loadChina()).then((regions) => setShown({ map, regions }), (e: Error) => setError(e.message));
  }, [province]);

  const counts = useMemo(() => new Map((data?.places ?? []).map((p) => [p.code, p.counts])), [data]);
  const rows = useMemo(
    () => (regions ?? []).map((r) => ({ ...r, value: counts.get(r.code)?.[metric] ?? 0 })),
    [regions, counts, metric],
  );
  const option = useMemo<EChartsOption | null>(() => {
    if (!shown || shown.regions.length === 0 || !data) return null;
    const max = Math.max(1, ...rows.map((r) => r.value));
    return {
      tooltip: { trigger: "item", formatter: (p) => `${(p as { name: string }).name}：${(p as { value?: number }).value ?? 0}` },
      visualMap: {
        type: "continuous",
        min: 0,
        max,
        left: "left",
        bottom: 10,
        text: [String(max), "0"],
        calculable: true,
        inRange: { color: ["#eef4fb", "#2f6db5"] },
      },
      series: [
        {
          type: "map",
          name: t(`map.${metric}`),
          map: shown.map,
          roam: true,
          selectedMode: false,
          label: { show: !!province, fontSize: 10 },
          data: rows.filter((r) => r.value > 0).map((r) => ({ name: r.name, value: r.value, code: r.code })),
        },
      ],
    };
  }, [shown, data, rows, metric, province, t]);

  if (!period) return <p>{error ?? t("common.loading")}</p>;
  const open = (r: Region) => onOpenProjects(presetFor(r, metric, period));
  const clickRegion = (e: { name: string; data?: unknown }) => {
    const region = regions?.find((r) => r.name === e.name);
    if (!region) return;
    if (province) open(region);
    else setProvince(region);
  };
  const listed = rows.filter((r) => r.value > 0).sort((a, b) => b.value - a.value || a.code.localeCompare(b.code));
  const extra = data ? data.overseas[metric] : 0;
  const unplaced = data ? data.unplaced[metric] : 0;

  return (
    <div className="origin-map">
      <div className="toolbar">
        <span>{t("dash.period")}</span>
        <input type="date" value={period.from} onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })} aria-label={t("projects.from")} />
        <span>—</span>
        <input type="date" value={period.to} onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })} aria-label={t("projects.to")} />
        <span className="divider" />
        <span>{t("map.metric")}</span>
        {METRICS.map((m) => (
          <button key={m} className={m === metric ? "chip active" : "chip"} data-testid={`map-metric-${m}`} onClick={() => setMetric(m)}>
            {t(`map.${m}`)}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <button className="link" data-testid="map-china" disabled={!province} onClick={() => setProvince(null)}>
          {t("map.china")}
        </button>
        {province && (
          <>
            <span>›</span>
            <strong data-testid="map-province">{province.name}</strong>
            <button data-testid="map-open-province" onClick={() => open(province)}>
              {t("map.openProvince")}
            </button>
          </>
        )}
        <span className="spacer" />
        <span className="muted">{t("map.tripsHint")}</span>
      </div>
      {error && <p className="error">{error}</p>}
      {!option ? (
        <p className="muted">{regions && regions.length === 0 ? t("map.noCities") : t("map.loadingMap")}</p>
      ) : (
        <Chart option={option} height={520} testId="chart-origin-map" onClick={clickRegion} />
      )}
      <table className="table" data-testid="map-table">
        <thead>
          <tr>
            <th>{province ? t("map.city") : t("map.province")}</th>
            <th>{t(`map.${metric}`)}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {listed.map((r) => (
            <tr key={r.code} data-testid={`map-row-${r.code}`}>
              <td>{r.name}</td>
              <td>{r.value}</td>
              <td>
                <button className="link" onClick={() => open(r)}>
                  {t("map.open")}
                </button>
              </td>
            </tr>
          ))}
          {!province && extra > 0 && (
            <tr data-testid="map-row-overseas">
              <td>{t("map.overseas")}</td>
              <td>{extra}</td>
              <td />
            </tr>
          )}
          {!province && unplaced > 0 && (
            <tr data-testid="map-row-unplaced">
              <td>{t("map.unplaced")}</td>
              <td>{unplaced}</td>
              <td />
            </tr>
          )}
        </tbody>
      </table>
      <p className="muted small">{t("map.source")}</p>
    </div>
  );
}

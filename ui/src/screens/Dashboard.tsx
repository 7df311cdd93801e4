import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { Period, RegionGroup, Report_Serialize } from "../bindings";
import Chart from "../Chart";
import Breakdowns from "../components/Breakdowns";
import FormsPanel from "../components/FormsPanel";
import InvestmentPlan from "../components/InvestmentPlan";
import { PeriodTripReport } from "../components/TripDetails";
import { LookupSelect } from "../components/fields";
import { useParkNames } from "../components/parks";
import ExportButtons from "../ExportButtons";
import { date, money } from "../format";
import { deviceName, when } from "./Sync";
import { coreText } from "../zhTW";

/** Briefing lines shown before 展开全部. */
const BRIEF_LINES = 4;
const COLORS = ["#b22222", "#d9822b", "#e6b422", "#3a7d44", "#2f6690", "#6c4f9c", "#8d99ae"];

function presets(suggested: Period): Record<string, Period> {
  const y = Number(suggested.to.slice(0, 4));
  return {
    suggested,
    h1: { from: `${y}-01-01`, to: `${y}-06-30` },
    year: { from: `${y}-01-01`, to: `${y}-12-31` },
  };
}

export default function Dashboard({ revision, onOpenProject }: { revision: number; onOpenProject: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [suggested, setSuggested] = useState<Period | null>(null);
  const [period, setPeriod] = useState<Period | null>(null);
  const [regions, setRegions] = useState<RegionGroup[]>([]);
  const [region, setRegion] = useState<string>("");
  const [park, setPark] = useState<string>("");
  const parks = useParkNames(revision);
  const [report, setReport] = useState<Report_Serialize | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [allDetails, setAllDetails] = useState(false);
  const [busy, setBusy] = useState(false);
  void onOpenProject;

  useEffect(() => {
    call(commands.suggestedPeriod()).then((p) => {
      setSuggested(p);
      setPeriod((cur) => cur ?? p);
    });
    call(commands.regionGroups()).then(setRegions);
  }, [revision]);

  useEffect(() => {
    if (!period) return;
    setError(null);
    setBusy(true);
    call(commands.report({ period, scope: { region_group_ids: region ? [region] : [], parks: park ? [park] : [] } }))
      .then(setReport, (e: UiError) => setError(e.message))
      .finally(() => setBusy(false));
  }, [period, region, park, revision]);

  // For measurements (src-tauri/MEASUREMENTS.md): when the first figures reached the screen.
  useEffect(() => {
    if (report && performance.getEntriesByName("zs:dashboard-painted").length === 0) {
      requestAnimationFrame(() => performance.mark("zs:dashboard-painted"));
    }
  }, [report]);

  const charts = useMemo(() => {
    if (!report) return null;
    const stageLabel = (s: string) => t(`stage.${s}`);
    const funnel = {
      color: COLORS,
      tooltip: { trigger: "item" as const },
      series: [
        {
          type: "funnel" as const,
          sort: "none" as const,
          left: "8%",
          width: "62%",
          top: 10,
          bottom: 10,
          minSize: "12%",
          label: { position: "right" as const, formatter: "{b}：{c}" },
          data: report.stages_at_end
            .filter((s) => ["Lead", "Negotiating", "Signed", "Started", "Operating"].includes(s.stage))
            .map((s) => ({ name: stageLabel(s.stage), value: s.count })),
        },
      ],
    };
    const rows = report.by_region_group.filter((b) => b.metrics.contacted + b.metrics.signed + b.metrics.trips > 0);
    const byRegion = {
      color: COLORS,
      tooltip: { trigger: "axis" as const },
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      xAxis: { type: "category" as const, data: rows.map((b) => coreText(b.label, lang)) },
      yAxis: { type: "value" as const },
      series: [
        { name: t("dash.contacted"), type: "bar" as const, data: rows.map((b) => b.metrics.contacted) },
        { name: t("dash.signed"), type: "bar" as const, data: rows.map((b) => b.metrics.signed) },
        { name: t("dash.started"), type: "bar" as const, data: rows.map((b) => b.metrics.started) },
      ],
    };
    const byIndustry = {
      color: COLORS,
      tooltip: { trigger: "item" as const, formatter: "{b}：{c}（{d}%）" },
      series: [
        {
          type: "pie" as const,
          radius: ["35%", "65%"],
          data: report.by_industry
            .filter((b) => b.metrics.signed > 0)
            .map((b) => ({ name: coreText(b.label, lang), value: b.metrics.signed })),
        },
      ],
    };
    const trend = {
      color: COLORS,
      tooltip: { trigger: "axis" as const },
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      xAxis: { type: "category" as const, data: report.monthly.map((m) => m.month) },
      yAxis: { type: "value" as const },
      series: [
        { name: t("dash.trips"), type: "line" as const, data: report.monthly.map((m) => m.trips) },
        { name: t("dash.contacted"), type: "line" as const, data: report.monthly.map((m) => m.contacted) },
        { name: t("dash.signed"), type: "line" as const, data: report.monthly.map((m) => m.signed) },
        { name: t("dash.started"), type: "line" as const, data: report.monthly.map((m) => m.started) },
      ],
    };
    return { funnel, byRegion, byIndustry, trend };
  }, [report, t, lang]);

  if (!period || !suggested) return <p>{t("common.loading")}</p>;
  const m = report?.metrics;
  // 同比 comes counted from the core (`report.year_on_year`): this only shows it.
  const yoy = report?.year_on_year;
  const cards: [string, string, number | undefined, number | null | undefined, string][] = [
    ["trips", t("dash.trips"), m?.trips, yoy?.trips, t("dash.tripsUnit")],
    ["contacted", t("dash.contacted"), m?.contacted, yoy?.contacted, t("dash.unit")],
    ["signed", t("dash.signed"), m?.signed, yoy?.signed, t("dash.unit")],
    ["started", t("dash.started"), m?.started, yoy?.started, t("dash.unit")],
    ["operating", t("dash.operating"), m?.operating, yoy?.operating, t("dash.unit")],
  ];
  const copy = async () => {
    if (!report) return;
    const text = coreText([report.briefing, ...report.briefing_details].join(""), lang);
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const ta = document.createElement("textarea");
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  const ps = presets(suggested);
  return (
    <div className="dashboard">
      <div className="toolbar">
        <span>{t("dash.period")}</span>
        {(["suggested", "h1", "year"] as const).map((k) => (
          <button
            key={k}
            className={period.from === ps[k].from && period.to === ps[k].to ? "chip active" : "chip"}
            onClick={() => setPeriod(ps[k])}
          >
            {t(`dash.presets.${k}`)}
          </button>
        ))}
        <input type="date" value={period.from} onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })} />
        <span>—</span>
        <input type="date" value={period.to} onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })} />
        {busy && (
          <span className="progress" data-testid="report-busy">
            {t("dash.computing")}
          </span>
        )}
        <span className="spacer" />
        <span>{t("dash.region")}</span>
        <LookupSelect items={regions} value={region} onChange={setRegion} empty={t("common.all")} data-testid="dash-region" />
        {parks.length > 0 && (
          <>
            <span>{t("dash.park")}</span>
            <LookupSelect items={parks} value={park} onChange={setPark} empty={t("common.all")} data-testid="dash-park" />
          </>
        )}
        <ExportButtons what="report" query={{ period, scope: { region_group_ids: region ? [region] : [], parks: park ? [park] : [] } }} />
        <PeriodTripReport period={period} revision={revision} />
      </div>
      {error && <p className="error">{error}</p>}
      <div className="cards">
        {cards.map(([key, label, now, change, unit]) => {
          const c = change ?? null;
          return (
            <div className="card metric" key={key} data-testid={`metric-${key}`}>
              <div className="label">{label}</div>
              <div className="value">
                <span className="num" data-testid={`metric-${key}-value`}>
                  {now ?? "—"}
                </span>
                <span className="unit">{unit}</span>
              </div>
              <div className={c === null ? "yoy muted" : c >= 0 ? "yoy up" : "yoy down"}>
                {t("dash.yoy")} {c === null ? "—" : `${c >= 0 ? "↑" : "↓"}${Math.abs(c).toFixed(1)}%`}
              </div>
            </div>
          );
        })}
        <div className="card metric">
          <div className="label">{t("dash.signedInvestment")}</div>
          <div className="value">
            <span className="num small">{m ? money(m.signed_investment, lang) : "—"}</span>
          </div>
          <div className="yoy muted">
            {t("dash.keyProjects")} {m?.key_projects ?? "—"} · {t("dash.negotiating")} {m?.negotiating_at_end ?? "—"} · {t("dash.lead")}{" "}
            {m?.lead_at_end ?? "—"}
          </div>
        </div>
      </div>
      {report && (
        <div className="card briefing" data-testid="briefing">
          <div className="card-head">
            <h3>{t("dash.briefing")}</h3>
            <span className="muted">
              {date(report.query.period.from, lang)} — {date(report.query.period.to, lang)}
            </span>
            <span className="spacer" />
            <button className="ghost" onClick={copy}>
              {copied ? t("common.copied") : t("common.copy")}
            </button>
          </div>
          <p className="lead-sentence">{coreText(report.briefing, lang)}</p>
          {(allDetails ? report.briefing_details : report.briefing_details.slice(0, BRIEF_LINES)).map((s) => (
            <p key={s} className="muted">
              {coreText(s, lang)}
            </p>
          ))}
          {report.briefing_details.length > BRIEF_LINES && (
            <button className="more" onClick={() => setAllDetails(!allDetails)} data-testid="briefing-more">
              {allDetails ? t("dash.less") : t("dash.more", { count: report.briefing_details.length })}
            </button>
          )}
        </div>
      )}
      {report && report.devices.length > 1 && (
        <p className="muted small devices-line" data-testid="dash-devices">
          {t("sync.dataFrom")}：
          {report.devices
            .map((d) => (d.this_device ? `${deviceName(d)}（${t("sync.thisOne")}）` : `${deviceName(d)}（${t("sync.synced")} ${when(d.last_import_at ?? d.last_change_at, lang)}）`))
            .join(" · ")}
        </p>
      )}
      {report && report.targets.length > 0 && (
        <div className="card">
          <h3>{t("dash.targets")}</h3>
          <div className="targets">
            {report.targets.map((x) => (
              <div className="target" key={x.target.id}>
                <span className="target-label">{coreText(x.label, lang)}</span>
                <div className="bar">
                  <div className="fill" style={{ width: `${Math.min(100, (x.ratio ?? 0) * 100)}%` }} />
                </div>
                <span className="target-num">
                  {x.actual}/{x.target.value}（{((x.ratio ?? 0) * 100).toFixed(0)}%）
                </span>
              </div>
            ))}
          </div>
        </div>
      )}
      {report && <Breakdowns report={report} />}
      {report && <InvestmentPlan plan={report.investment_plan} />}
      <FormsPanel revision={revision} />
      {charts && (
        <div className="grid2" data-testid="charts">
          <div className="card">
            <h3>{t("dash.funnel")}</h3>
            <Chart option={charts.funnel} testId="chart-funnel" />
          </div>
          <div className="card">
            <h3>{t("dash.byRegion")}</h3>
            <Chart option={charts.byRegion} testId="chart-region" />
          </div>
          <div className="card">
            <h3>{t("dash.byIndustry")}</h3>
            <Chart option={charts.byIndustry} testId="chart-industry" />
          </div>
          <div className="card">
            <h3>{t("dash.trend")}</h3>
            <Chart option={charts.trend} testId="chart-trend" />
          </div>
        </div>
      )}
    </div>
  );
}

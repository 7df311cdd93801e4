import type { BreakdownRow_Serialize, Metrics, Report_Serialize } from "../bindings";

const tiers = { over_10yi: 0, over_1yi: 0, over_5000wan: 0, under_5000wan: 0 };

/** Report metrics: zero unless given. */
export function metrics(m: Partial<Metrics> = {}): Metrics {
  return {
    trips: 0, contacted: 0, companies_called: 0, signed: 0, signed_investment: 0, signed_tiers: tiers, upgraded: 0,
    added_investment: 0, signed_by_video: 0, relocation_signed: 0, high_energy_signed: 0, started: 0, started_new: 0,
    started_continued: 0, started_resumed: 0, started_investment: 0, operating: 0, operating_investment: 0,
    negotiating_at_end: 0, lead_at_end: 0, relocation_pipeline: 0, key_projects: 0, key_investment: 0, key_tiers: tiers,
    signed_date_unknown: 0, started_new_investment: 0, started_resumed_investment: 0, started_date_unknown: 0,
    continued: 0, continued_investment: 0, not_started_at_end: 0, not_started_investment: 0,
    ...m,
  };
}

/** A breakdown row (by region group, industry…). */
export function row(id: string | null, label: string, m: Partial<Metrics>): BreakdownRow_Serialize {
  return { id, label, metrics: metrics(m), signed_share: null, investment_share: null };
}

const noScope = {
  region_group_ids: [], industry_ids: [], team_ids: [], officer_ids: [], parks: [],
  enclave: null, relocation: null, key_project: null, high_energy: null,
};

/**
 * A report as the core sends it for 2022-01-01…2022-06-30, with distinct numbers everywhere so a
 * chart or card showing the wrong figure fails its test.
 */
export function report(over: Partial<Report_Serialize> = {}): Report_Serialize {
  return {
    query: { period: { from: "2022-01-01", to: "2022-06-30" }, scope: noScope },
    metrics: metrics({
      trips: 168, contacted: 156, signed: 27, signed_investment: 1_715_000_000, started: 22, operating: 9,
      key_projects: 14, negotiating_at_end: 41, lead_at_end: 63,
    }),
    previous_year: metrics(),
    year_on_year: { trips: 12.5, contacted: -3.4, signed: 0, started: null, operating: 200 },
    by_region_group: [
      row("g1", "京津冀", { contacted: 31, signed: 7, started: 5, trips: 40 }),
      row("g2", "长三角", { contacted: 18, signed: 4, started: 2, trips: 11 }),
      row("g3", "珠三角", { contacted: 0, signed: 0, started: 0, trips: 0 }),
      row(null, "未分区域", { contacted: 2, signed: 1, started: 0, trips: 0 }),
    ],
    by_industry: [
      row("i1", "新材料", { signed: 11 }),
      row("i2", "清洁能源", { signed: 0, contacted: 9 }),
      row("i3", "农产品加工", { signed: 6 }),
    ],
    by_chain: [],
    by_park: [],
    investment_plan: { year: 2022, from_month: 1, to_month: 6, months_label: "1-6月", projects: 0, planned_projects: 0, planned: 0, completed: 0, completed_in_period: 0, completion_rate: 0, by_industry: [], by_chain: [], by_park: [], lines: [] },
    by_team: [],
    by_officer: [],
    stages_at_end: [
      { stage: "Lead", label: "线索", count: 63 },
      { stage: "Negotiating", label: "洽谈", count: 41 },
      { stage: "Signed", label: "签约", count: 17 },
      { stage: "Started", label: "开工", count: 12 },
      { stage: "Operating", label: "投产", count: 9 },
      { stage: "OnHold", label: "搁置", count: 4 },
      { stage: "Dropped", label: "终止", count: 3 },
    ],
    monthly: [
      { month: "2022-01", trips: 20, contacted: 21, signed: 2, signed_investment: 0, started: 1 },
      { month: "2022-02", trips: 8, contacted: 13, signed: 3, signed_investment: 0, started: 0 },
      { month: "2022-03", trips: 33, contacted: 30, signed: 5, signed_investment: 0, started: 4 },
    ],
    targets: [
      {
        target: { id: "t1", year: 2022, period: "Year", metric: "Signed", value: 40, region_group_id: null, team_id: null, label: null },
        label: "2022年全年签约项目",
        actual: 28,
        ratio: 0.7,
        period_over: false,
      },
    ],
    briefing: "截至6月末，面向京津冀招商168次，对接洽谈项目156个，27个项目签约，落地开工项目22个。",
    briefing_details: ["签约总投资17.15亿元。", "飞地项目3个。", "重点项目14个。", "完成全年签约目标的70%。", "承接产业转移项目2个。"],
    devices: [],
    ...over,
  };
}

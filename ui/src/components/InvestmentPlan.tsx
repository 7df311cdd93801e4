import { useTranslation } from "react-i18next";
import type { InvestmentPlan_Serialize, PlanShare_Serialize } from "../bindings";
import { money } from "../format";
import { coreText } from "../zhTW";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/**
 * 年度计划投资 on the dashboard: the year's plan, 完成投资 to the period's last month, 完成率, and
 * each industry's, chain's and park's share of the plan — all counted by the core
 * (`Report.investment_plan`); nothing when no project has the year.
 */
export default function InvestmentPlan({ plan }: { plan: InvestmentPlan_Serialize | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!plan || plan.projects === 0) return null;
  const shares = (key: string, rows: PlanShare_Serialize[]) =>
    rows.some((r) => r.id !== null) && (
      <table className="table small" data-testid={`plan-${key}`}>
        <thead>
          <tr>
            <th>{t(`plan.${key}`)}</th>
            <th>{t("plan.planned")}</th>
            <th>{t("plan.share")}</th>
            <th>{t("plan.rate")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id ?? "-"}>
              <td>{coreText(r.label, lang)}</td>
              <td>{money(r.planned, lang)}</td>
              <td>{pct(r.planned_share)}</td>
              <td>{r.planned > 0 ? pct(r.completion_rate) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  return (
    <div className="card" data-testid="investment-plan">
      <h3>{t("plan.title", { year: plan.year })}</h3>
      <div className="cards">
        <div className="card metric" data-testid="plan-planned">
          <div className="label">{t("plan.planned")}</div>
          <div className="value">{money(plan.planned, lang)}</div>
          <div className="muted small">{t("plan.projects", { count: plan.planned_projects })}</div>
        </div>
        <div className="card metric" data-testid="plan-completed">
          <div className="label">{t("plan.completed", { months: plan.months_label })}</div>
          <div className="value">{money(plan.from_month > 1 ? plan.completed_in_period : plan.completed, lang)}</div>
          {plan.from_month > 1 && <div className="muted small">{t("plan.sinceJanuary", { money: money(plan.completed, lang) })}</div>}
        </div>
        <div className="card metric" data-testid="plan-rate">
          <div className="label">{t("plan.rate")}</div>
          <div className="value">{plan.planned > 0 ? pct(plan.completion_rate) : "—"}</div>
        </div>
      </div>
      <div className="grid3">
        {shares("byIndustry", plan.by_industry)}
        {shares("byChain", plan.by_chain)}
        {shares("byPark", plan.by_park)}
      </div>
    </div>
  );
}

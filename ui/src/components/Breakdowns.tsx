import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BreakdownRow, Report_Serialize } from "../bindings";
import { money } from "../format";
import { coreText } from "../zhTW";

/** The axes a report is broken down by, in the order the tabs show them. */
const AXES = ["byRegion", "byIndustry", "byChain", "byPark"] as const;
type Axis = (typeof AXES)[number];

function rowsOf(report: Report_Serialize, axis: Axis): BreakdownRow[] {
  switch (axis) {
    case "byRegion":
      return report.by_region_group;
    case "byIndustry":
      return report.by_industry;
    case "byChain":
      return report.by_chain;
    case "byPark":
      return report.by_park;
  }
}

/** A row worth a line: something happened in it, or (parks) something is being built or kept. */
function active(b: BreakdownRow): boolean {
  const m = b.metrics;
  return m.signed + m.started + m.contacted + m.trips + m.continued + m.not_started_at_end + m.operating > 0;
}

const pct = (x: number | null | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;

/**
 * 分组统计与占比: the report's breakdowns (source region, industry, 产业链, 园区) with the shares
 * the core computed (`signed_share`, `investment_share`: the same 占比 the exported workbook
 * carries). Parks add the key-project figures: 新建, 续建, 复工 with 总投资, 投产, 储备.
 * Chains and parks show only when the ledger has them.
 */
export default function Breakdowns({ report }: { report: Report_Serialize }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const available = AXES.filter((a) => (a === "byChain" || a === "byPark" ? rowsOf(report, a).some((b) => b.id !== null) : true));
  const [axis, setAxis] = useState<Axis>("byRegion");
  const shown = available.includes(axis) ? axis : "byRegion";
  const rows = rowsOf(report, shown).filter(active);
  const parks = shown === "byPark";
  return (
    <div className="card" data-testid="breakdowns">
      <div className="card-head">
        <h3>{t("shares.title")}</h3>
        <span className="spacer" />
        {available.map((a) => (
          <button key={a} className={a === shown ? "chip active" : "chip"} onClick={() => setAxis(a)} data-testid={`breakdown-${a}`}>
            {t(`shares.${a}`)}
          </button>
        ))}
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t("shares.empty")}</p>
      ) : (
        <table className="breakdown-table" data-testid={`breakdown-table-${shown}`}>
          <thead>
            <tr>
              <th>{t(`shares.${shown}`)}</th>
              <th>{t("shares.signed")}</th>
              <th>{t("shares.signedShare")}</th>
              <th>{t("shares.investment")}</th>
              <th>{t("shares.investmentShare")}</th>
              <th>{t("shares.started")}</th>
              {parks && (
                <>
                  <th>{t("shares.newBuild")}</th>
                  <th>{t("shares.continued")}</th>
                  <th>{t("shares.resumed")}</th>
                  <th>{t("shares.operating")}</th>
                  <th>{t("shares.reserve")}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => {
              const m = b.metrics;
              return (
                <tr key={b.id ?? "none"}>
                  <td>{coreText(b.label, lang)}</td>
                  <td className="num">{m.signed}</td>
                  <td className="num" data-testid="share-signed">
                    {pct(b.signed_share)}
                  </td>
                  <td className="num">{money(m.signed_investment, lang)}</td>
                  <td className="num">{pct(b.investment_share)}</td>
                  <td className="num">{m.started}</td>
                  {parks && (
                    <>
                      <td className="num">
                        {m.started_new}（{money(m.started_new_investment, lang)}）
                      </td>
                      <td className="num">
                        {m.continued}（{money(m.continued_investment, lang)}）
                      </td>
                      <td className="num">{m.started_resumed}</td>
                      <td className="num">{m.operating}</td>
                      <td className="num">{m.not_started_at_end}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

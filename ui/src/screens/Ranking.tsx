import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { ExportedFile, OfficerScore, ScoreLine, ScoreQuery_Serialize as ScoreQuery, Scores } from "../bindings";
import { date, today } from "../format";
import { coreText } from "../zhTW";

/** Points as the table shows them: up to two decimals, no trailing zeros. */
export function pts(x: number | null): string {
  return String(Math.round((x ?? 0) * 100) / 100);
}

/** The month today falls in. */
function thisMonth(): ScoreQuery {
  const [y, m] = today().split("-").map(Number);
  return { year: y, month: m };
}

/**
 * 考核排名: the scores of a month or a year, computed by the core from the ledger's facts with
 * the points table; teams and officers ranked; a click on an officer shows every line that
 * earned or cost a point; 导出比拼表 writes the workbook.
 */
export default function Ranking({ revision }: { revision: number }) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState<ScoreQuery>(thisMonth);
  const [data, setData] = useState<Scores | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  // The clicked officer's traced lines, asked for on the click (the ranking comes without them).
  const [lines, setLines] = useState<{ officer: string; lines: ScoreLine[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportedFile | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    call(commands.scores(query))
      .then((s) => live && setData(s))
      .catch((e: UiError) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [query, revision]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    call(commands.officerScoreLines(query, open))
      .then((l) => live && setLines({ officer: open, lines: l }))
      .catch((e: UiError) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [open, query, revision]);

  const exportIt = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await call(commands.exportRanking(query)));
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };

  const thisYear = thisMonth().year;
  const years = Array.from({ length: 8 }, (_, i) => thisYear - 6 + i);
  const teamName = (o: OfficerScore) => data?.teams.find((x) => x.team_id === o.team_id)?.name ?? t("ranking.noTeam");
  const chosen = data?.officers.find((o) => o.officer_id === open) ?? null;
  const shown = lines && lines.officer === open ? lines.lines : null;
  const toggle = (id: string) => setOpen((was) => (was === id ? null : id));

  return (
    <div>
      <div className="toolbar card">
        <label>
          {t("ranking.year")}{" "}
          <select data-testid="ranking-year" value={query.year} onChange={(e) => setQuery({ ...query, year: Number(e.target.value) })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("ranking.month")}{" "}
          <select
            data-testid="ranking-month"
            value={query.month ?? ""}
            onChange={(e) => setQuery({ ...query, month: e.target.value === "" ? null : Number(e.target.value) })}
          >
            <option value="">{t("ranking.wholeYear")}</option>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
              <option key={m} value={m}>
                {t("ranking.monthN", { m })}
              </option>
            ))}
          </select>
        </label>{" "}
        <button className="ghost" data-testid="export-ranking" disabled={busy} onClick={() => void exportIt()}>
          {t("ranking.export")}
        </button>
        {busy && <span className="muted">{t("io.exporting")}</span>}
        {done && (
          <span className="export-done" role="status">
            {t("io.exportedTo")} <code data-testid="export-path">{done.path}</code>
          </span>
        )}
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        <p className="muted">{t("ranking.hint")}</p>
      </div>
      {!data && !error && <p>{t("common.loading")}</p>}
      {data && (
        <div className="grid2 ranking-grid">
          <div className="card">
            <h3>{t("ranking.teams", { label: data.label })}</h3>
            <table className="rank-table" data-testid="team-ranking">
              <thead>
                <tr>
                  <th className="rank">{t("ranking.rank")}</th>
                  <th>{t("ranking.team")}</th>
                  <th className="num w-num">{t("ranking.officers")}</th>
                  <th className="num w-num">{t("ranking.total")}</th>
                </tr>
              </thead>
              <tbody>
                {data.teams.map((tm) => {
                  const name = tm.team_id ? tm.name : t("ranking.noTeam");
                  return (
                    <tr key={tm.team_id ?? "none"} data-testid="team-row">
                      <td className="rank">{tm.rank}</td>
                      <td className="ellipsis" title={name}>
                        {name}
                      </td>
                      <td className="num">{tm.officers}</td>
                      <td className="num total">{pts(tm.total)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="card">
            <h3>{t("ranking.people", { label: data.label })}</h3>
            <table className="rank-table" data-testid="officer-ranking">
              <thead>
                <tr>
                  <th className="rank">{t("ranking.rank")}</th>
                  <th className="w-name">{t("ranking.name")}</th>
                  <th>{t("ranking.team")}</th>
                  <th className="num w-num">{t("ranking.activityPoints")}</th>
                  <th className="num w-num">{t("ranking.stagePoints")}</th>
                  <th className="num w-num">{t("ranking.deductions")}</th>
                  <th className="num w-num">{t("ranking.total")}</th>
                </tr>
              </thead>
              <tbody>
                {data.officers.map((o) => {
                  const selected = open === o.officer_id;
                  const team = teamName(o);
                  return (
                    <tr
                      key={o.officer_id}
                      data-testid="officer-row"
                      className={selected ? "selected clickable" : "clickable"}
                      aria-selected={selected}
                      // The whole row opens the lines for a mouse; the name's button is the
                      // control (keyboard, screen readers) and toggles by itself.
                      onClick={(e) => {
                        if (!(e.target as HTMLElement).closest("button")) toggle(o.officer_id);
                      }}
                    >
                      <td className="rank">{o.rank}</td>
                      <td data-testid="officer-name" className="nowrap">
                        <button
                          type="button"
                          className="link"
                          data-testid="officer-open"
                          aria-expanded={selected}
                          onClick={() => toggle(o.officer_id)}
                        >
                          {o.name}
                        </button>
                        {o.retired_on && <span className="tag">{t("ranking.retired")}</span>}
                      </td>
                      <td className="ellipsis" title={team}>
                        {team}
                      </td>
                      <td className="num">{pts(o.activity_points)}</td>
                      <td className="num">{pts(o.stage_points)}</td>
                      <td className={(o.deductions ?? 0) < 0 ? "num minus" : "num"}>{pts(o.deductions)}</td>
                      <td className="num total" data-testid="officer-total">
                        {pts(o.total)}
                      </td>
                    </tr>
                  );
                })}
                {data.officers.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      {t("common.none")}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {chosen && (
        <div className="card" data-testid="score-lines">
          <h3>{t("ranking.linesOf", { name: chosen.name, total: pts(chosen.total) })}</h3>
          <p className="muted">
            {chosen.activities
              .filter((k) => k.count > 0)
              .map((k) => t("ranking.kindCount", { kind: t(`kind.${k.kind}`), count: k.count }))
              .join("，") || t("ranking.noActivities")}
          </p>
          {!shown && <p>{t("common.loading")}</p>}
          <ul className="list">
            {(shown ?? []).map((l, i) => (
              <li key={`${l.source_id}-${l.rule_id}-${i}`} data-testid="score-line">
                <span className="when">{date(l.date, i18n.language)}</span>
                <span className="tag nowrap">{t(`ranking.source.${l.source}`)}</span>
                <span className="grow ellipsis" title={coreText(l.what, i18n.language)}>
                  {coreText(l.what, i18n.language)}
                </span>
                <span className={(l.points ?? 0) < 0 ? "tag warn nowrap" : "nowrap"}>{(l.points ?? 0) > 0 ? `+${pts(l.points)}` : pts(l.points)}</span>
              </li>
            ))}
            {shown && shown.length === 0 && <li className="muted">{t("common.none")}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}

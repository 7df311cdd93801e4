import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { Activity_Serialize, ExportedFile, Team, TripDetails_Deserialize, TripReportQuery_Deserialize } from "../bindings";

/** The 出访详情 of an 外出招商, in the order the form and the report show them. */
export const TRIP_FIELDS = ["trip_group", "trip_leader", "trip_members", "visited_companies", "outcomes", "next_steps"] as const;
export type TripField = (typeof TRIP_FIELDS)[number];
export type TripText = Record<TripField, string>;

const LONG: TripField[] = ["visited_companies", "outcomes", "next_steps"];

export const emptyTrip = (): TripText => ({ trip_group: "", trip_leader: "", trip_members: "", visited_companies: "", outcomes: "", next_steps: "" });

/** A saved activity's 出访详情 as the form's text. */
export const tripOf = (a: Partial<Record<TripField, string | null>>): TripText =>
  Object.fromEntries(TRIP_FIELDS.map((f) => [f, a[f] ?? ""])) as TripText;

/** The form's text as the core takes it (blank as none; the core trims). */
export const tripInput = (t: TripText): TripDetails_Deserialize =>
  Object.fromEntries(TRIP_FIELDS.map((f) => [f, t[f].trim() ? t[f] : null])) as TripDetails_Deserialize;

type FieldsProps = { value: TripText; onChange: (v: TripText) => void; errorAt: (field: TripField) => ReactNode; testPrefix: string };

/** 出访详情: the six fields of an 外出招商 (团组名称, 带队领导, 成员, 拜访企业, 取得成果, 下一步打算). */
export function TripFields({ value, onChange, errorAt, testPrefix }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="wide trip-fields" data-testid={`${testPrefix}-trip`}>
      <legend>{t("trip.section")}</legend>
      <div className="form-grid">
        {TRIP_FIELDS.map((f) => (
          <label key={f} className={LONG.includes(f) ? "wide" : undefined}>
            {t(`trip.${f}`)}
            {LONG.includes(f) ? (
              <textarea rows={2} value={value[f]} onChange={(e) => onChange({ ...value, [f]: e.target.value })} data-testid={`${testPrefix}-${f}`} />
            ) : (
              <input value={value[f]} onChange={(e) => onChange({ ...value, [f]: e.target.value })} data-testid={`${testPrefix}-${f}`} />
            )}
            {errorAt(f)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** An activity's 出访详情 where it is listed: the filled fields only, nothing when none is. */
export function TripSummary({ activity }: { activity: Activity_Serialize }) {
  const { t } = useTranslation();
  const filled = TRIP_FIELDS.filter((f) => activity[f]);
  if (filled.length === 0) return null;
  return (
    <dl className="trip-summary" data-testid="trip-summary">
      {filled.map((f) => (
        <div key={f}>
          <dt>{t(`trip.${f}`)}</dt>
          <dd data-testid={`trip-summary-${f}`}>{activity[f]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** 导出出访报告: one trip or a period's 外出招商 as a printable .xlsx; says where it went. */
export function TripReportButton({ query, label, small }: { query: TripReportQuery_Deserialize; label?: string; small?: boolean }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportedFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await call(commands.exportTripReport(query, i18n.language)));
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="export-buttons">
      <button className={small ? "ghost small" : "ghost"} disabled={busy} onClick={() => void run()} data-testid="export-trip-report">
        {label ?? t("trip.export")}
      </button>
      {error && (
        <span className="error" role="alert" data-testid="trip-report-error">
          {error}
        </span>
      )}
      {done && (
        <span className="export-done" role="status">
          {t("io.exportedTo")} <code data-testid="trip-report-path">{done.path}</code>
          <button className="link" onClick={() => void call(commands.openFolder(done.folder)).catch((e: UiError) => setError(e.message))}>
            {t("io.openFolder")}
          </button>
        </span>
      )}
    </span>
  );
}

/** 出访报告 of a period, all teams or one: the team picker and the button (工作台's export area). */
export function PeriodTripReport({ period, revision }: { period: { from: string; to: string }; revision: number }) {
  const { t } = useTranslation();
  const [teams, setTeams] = useState<Team[]>([]);
  const [team, setTeam] = useState("");
  useEffect(() => {
    call(commands.teams()).then(setTeams, () => setTeams([]));
  }, [revision]);
  return (
    <span className="trip-report" data-testid="period-trip-report">
      <select value={team} onChange={(e) => setTeam(e.target.value)} aria-label={t("trip.team")} data-testid="trip-report-team">
        <option value="">{t("trip.allTeams")}</option>
        {teams.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
      <TripReportButton query={{ activity_id: null, period, team_id: team || null }} />
    </span>
  );
}

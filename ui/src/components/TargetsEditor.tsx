import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { Target, TargetInput, TargetMetric, TargetPeriod } from "../bindings";
import { useFieldWrites } from "./useFieldWrites";

const METRICS: TargetMetric[] = ["SignedOver5000Wan", "KeyProjects", "Signed", "SignedInvestment", "Started", "StartedNew", "StartedResumed", "Trips", "Contacted", "Operating"];
const PERIODS: TargetPeriod[] = ["Year", "H1", "H2", "Q1", "Q2", "Q3", "Q4"];

type Props = { revision: number; onChanged: () => void; notify: (m: string) => void };

/** The year, period, metric and value of a target, as typed (the value as text). */
type Draft = { year: number; period: TargetPeriod; metric: TargetMetric; value: string };

const inputOf = (d: Draft, keep?: Target): TargetInput => ({
  year: d.year,
  period: d.period,
  metric: d.metric,
  value: Number(d.value),
  region_group_id: keep?.region_group_id ?? null,
  team_id: keep?.team_id ?? null,
  label: keep?.label ?? null,
});

/** 设置 › 年度目标: add, edit (year, period, metric, value) and delete the annual targets. */
export default function TargetsEditor({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [targets, setTargets] = useState<Target[]>([]);
  const [draft, setDraft] = useState<Draft>({ year: new Date().getFullYear(), period: "Year", metric: "Signed", value: "" });
  const [editing, setEditing] = useState<{ id: string; draft: Draft } | null>(null);
  const { act, errorAt } = useFieldWrites(notify, onChanged, t("common.saved"));

  useEffect(() => {
    call(commands.targets(null)).then(setTargets);
  }, [revision]);
  // A value that is not a whole number is refused here, at its field (the core takes integers).
  const checked = (d: Draft, save: (input: TargetInput) => Promise<unknown>, keep?: Target) =>
    /^\s*\d+\s*$/.test(d.value) ? save(inputOf(d, keep)) : Promise.reject({ kind: "Validation", field: "value", message: t("edit.wholeNumber") });

  const form = (d: Draft, set: (d: Draft) => void, prefix: string) => (
    <>
      <input type="number" aria-label={t("settings.year")} value={d.year} onChange={(e) => set({ ...d, year: Number(e.target.value) })} style={{ width: 80 }} data-testid={`${prefix}-year`} />
      <select aria-label={t("settings.periodLabel")} value={d.period} onChange={(e) => set({ ...d, period: e.target.value as TargetPeriod })}>
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {t(`targetPeriod.${p}`)}
          </option>
        ))}
      </select>
      <select aria-label={t("settings.metric")} value={d.metric} onChange={(e) => set({ ...d, metric: e.target.value as TargetMetric })}>
        {METRICS.map((m) => (
          <option key={m} value={m}>
            {t(`targetMetric.${m}`)}
          </option>
        ))}
      </select>
      <input placeholder={t("settings.value")} value={d.value} onChange={(e) => set({ ...d, value: e.target.value })} style={{ width: 80 }} data-testid={`${prefix}-value`} />
    </>
  );
  return (
    <div className="card" data-testid="targets">
      <h3>{t("settings.targets")}</h3>
      <ul className="list scroll">
        {targets.map((x) =>
          editing?.id === x.id ? (
            <li key={x.id} className="inline-form">
              {form(editing.draft, (d) => setEditing({ id: x.id, draft: d }), "target-edit")}
              <button className="small" onClick={() => act(x.id, checked(editing.draft, (i) => call(commands.updateTarget(x.id, i)), x), () => setEditing(null))} data-testid="target-edit-save">
                {t("common.save")}
              </button>
              <button className="ghost small" onClick={() => setEditing(null)}>
                {t("common.cancel")}
              </button>
              {errorAt(x.id, "*")}
            </li>
          ) : (
            <li key={x.id}>
              <span>{x.year}</span>
              <span className="muted">{t(`targetPeriod.${x.period}`)}</span>
              <span>{x.label ?? t(`targetMetric.${x.metric}`)}</span>
              <b>{x.value}</b>
              <span className="spacer" />
              <button className="ghost small" onClick={() => setEditing({ id: x.id, draft: { year: x.year, period: x.period, metric: x.metric, value: String(x.value) } })} data-testid="target-edit">
                {t("common.edit")}
              </button>
              <button className="ghost small" onClick={() => act(x.id, call(commands.deleteTarget(x.id)))}>
                {t("common.delete")}
              </button>
              {errorAt(x.id, "*")}
            </li>
          ),
        )}
      </ul>
      <div className="inline-form">
        {form(draft, setDraft, "target")}
        <button onClick={() => act("new", checked(draft, (i) => call(commands.createTarget(i))), () => setDraft({ ...draft, value: "" }))} data-testid="target-add">
          {t("common.add")}
        </button>
      </div>
      {errorAt("new", "*")}
    </div>
  );
}

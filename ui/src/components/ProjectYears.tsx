import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, type UiError } from "../api";
import type { AmountField, ProjectYear_Serialize } from "../bindings";
import { money, yuanToWanText } from "../format";
import { amountToYuan, errorsOf, FieldError, type FieldErrors } from "./fields";

/** A year being edited: amounts as the 万元 texts typed. */
type Draft = { year: number; plan: string; months: string[]; progress: string };

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function draftOf(y: ProjectYear_Serialize | undefined, year: number): Draft {
  return {
    year,
    plan: yuanToWanText(y?.planned_investment),
    months: MONTHS.map((m) => yuanToWanText(y?.completed_by_month[m - 1])),
    progress: y?.progress ?? "",
  };
}

/** The latest cumulative figure of a year: [month, 元], or null. */
export function latest(y: ProjectYear_Serialize): [number, number] | null {
  for (let m = 12; m >= 1; m--) {
    const v = y.completed_by_month[m - 1];
    if (v !== null && v !== undefined) return [m, v];
  }
  return null;
}

/**
 * 年度投资 on a project's page: per year 年度计划投资, 完成投资 at each month's end (年初累计) and
 * 形象进度, entered in 万元. The core checks them (amounts ≥ 0, cumulative never going down, no
 * month not begun) and its error shows on the field it names.
 */
export default function ProjectYears({ projectId, onChanged }: { projectId: string; onChanged?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [years, setYears] = useState<ProjectYear_Serialize[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  const load = useCallback(() => {
    call(commands.projectYears(projectId)).then(setYears, () => setYears([]));
  }, [projectId]);
  useEffect(load, [load]);

  const edit = (year: number) => {
    setErrors({});
    setDraft(draftOf(years.find((y) => y.year === year), year));
  };

  const save = async () => {
    if (!draft) return;
    // Read by the core's amount parser, as import reads a cell (5000, 5000万, 1.2亿元, 两亿);
    // a refusal shows on the field typed in (a month's own field).
    const amount = async (text: string, field: AmountField, on: string): Promise<number | null> => {
      try {
        return await amountToYuan(text, field);
      } catch (e) {
        const err = e as UiError;
        throw { kind: err.kind, message: err.message, field: on };
      }
    };
    let input;
    try {
      input = {
        year: draft.year,
        planned_investment: await amount(draft.plan, "PlannedInvestment", "planned_investment"),
        completed_by_month: await Promise.all(draft.months.map((m, i) => amount(m, "CompletedInvestment", `completed_by_month.${i + 1}`))),
        progress: draft.progress.trim() || null,
      };
    } catch (e) {
      return setErrors(errorsOf(e));
    }
    try {
      await call(commands.setProjectYear(projectId, input));
      setErrors({});
      setDraft(null);
      load();
      onChanged?.();
    } catch (e) {
      setErrors(errorsOf(e));
    }
  };

  const thisYear = new Date().getFullYear();
  return (
    <div className="card" data-testid="project-years">
      <h3>{t("years.title")}</h3>
      <table className="table small">
        <thead>
          <tr>
            <th>{t("years.year")}</th>
            <th>{t("years.plan")}</th>
            <th>{t("years.completed")}</th>
            <th>{t("years.rate")}</th>
            <th>{t("years.progress")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {years.map((y) => {
            const last = latest(y);
            const rate = last && y.planned_investment ? `${((last[1] / y.planned_investment) * 100).toFixed(1)}%` : "—";
            return (
              <tr key={y.year} data-testid={`year-row-${y.year}`}>
                <td>{y.year}</td>
                <td>{y.planned_investment === null ? "—" : money(y.planned_investment, lang)}</td>
                <td>{last ? `${t("years.through", { month: last[0] })} ${money(last[1], lang)}` : "—"}</td>
                <td>{rate}</td>
                <td>{y.progress ?? ""}</td>
                <td>
                  <button className="link" onClick={() => edit(y.year)} data-testid={`year-edit-${y.year}`}>
                    {t("common.edit")}
                  </button>
                </td>
              </tr>
            );
          })}
          {years.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {t("common.none")}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {!draft && (
        <button onClick={() => edit(years.some((y) => y.year === thisYear) ? thisYear + 1 : thisYear)} data-testid="year-add">
          {t("years.add")}
        </button>
      )}
      {draft && (
        <div className="year-form" data-testid="year-form">
          <label>
            {t("years.year")}
            <input type="number" value={draft.year} onChange={(e) => setDraft({ ...draft, year: Number(e.target.value) })} data-testid="year-input" />
            <FieldError errors={errors} name="year" />
          </label>
          <label>
            {t("years.planWan")}
            <input value={draft.plan} onChange={(e) => setDraft({ ...draft, plan: e.target.value })} data-testid="year-plan" />
            <FieldError errors={errors} name="planned_investment" />
          </label>
          <fieldset>
            <legend>{t("years.monthsWan")}</legend>
            <div className="months">
              {MONTHS.map((m) => (
                <label key={m}>
                  {t("years.month", { month: m })}
                  <input
                    value={draft.months[m - 1]}
                    onChange={(e) => setDraft({ ...draft, months: draft.months.map((v, i) => (i === m - 1 ? e.target.value : v)) })}
                    data-testid={`year-month-${m}`}
                  />
                  <FieldError errors={errors} name={`completed_by_month.${m}`} />
                </label>
              ))}
            </div>
            <FieldError errors={errors} name="completed_by_month" />
          </fieldset>
          <label>
            {t("years.progress")}
            <input value={draft.progress} onChange={(e) => setDraft({ ...draft, progress: e.target.value })} data-testid="year-progress" />
            <FieldError errors={errors} name="progress" />
          </label>
          <FieldError errors={errors} name="_" />
          <div className="actions">
            <button className="primary" onClick={save} data-testid="year-save">
              {t("common.save")}
            </button>
            <button onClick={() => setDraft(null)}>{t("common.cancel")}</button>
          </div>
        </div>
      )}
    </div>
  );
}

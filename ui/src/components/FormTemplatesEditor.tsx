import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { ExportTemplate_Serialize as ExportTemplate, ExportTemplateInput_Serialize as ExportTemplateInput, FormColumnInfo, FormPeriod, SplitBy, Stage } from "../bindings";
import { coreText } from "../zhTW";

const STAGES: Stage[] = ["Lead", "Negotiating", "Signed", "Started", "Operating", "OnHold", "Dropped"];
const SPLITS: SplitBy[] = ["none", "team", "park"];
const PERIODS: FormPeriod[] = ["week", "month"];

const blank = (): ExportTemplateInput => ({
  name: "",
  title: "",
  columns: [],
  header_counts: true,
  split_by: "none",
  scope: { stages: ["Negotiating"], period: "week" },
});

const inputOf = (x: ExportTemplate, name = x.name): ExportTemplateInput => ({
  name,
  title: x.title,
  columns: x.columns.map((c) => ({ ...c })),
  header_counts: x.header_counts,
  split_by: x.split_by,
  scope: { stages: [...x.scope.stages], period: x.scope.period },
});

type Props = { templates: ExportTemplate[]; copyFrom?: ExportTemplate; onChanged: () => void };

/**
 * 报表模板: the office's templates (new, copied from a built-in, edited, deleted). A template
 * picks and orders columns from the core's catalogue, renames their titles, says whether the
 * header counts are printed, how the sheets split and which stages and period it covers.
 */
export default function FormTemplatesEditor({ templates, copyFrom, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [catalogue, setCatalogue] = useState<FormColumnInfo[]>([]);
  const [draft, setDraft] = useState<{ id: string | null; input: ExportTemplateInput } | null>(null);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    call(commands.formColumns()).then(setCatalogue);
  }, []);

  const own = templates.filter((x) => !x.builtin);
  const titleOf = (key: string) => catalogue.find((c) => c.key === key)?.title ?? key;
  const set = (patch: Partial<ExportTemplateInput>) => draft && setDraft({ ...draft, input: { ...draft.input, ...patch } });
  const open = (id: string | null, input: ExportTemplateInput) => {
    setError(null);
    setSaved(false);
    setDraft({ id, input });
  };

  const save = async () => {
    if (!draft) return;
    try {
      if (draft.id) await call(commands.updateFormTemplate(draft.id, draft.input));
      else await call(commands.createFormTemplate(draft.input));
      setDraft(null);
      setError(null);
      setSaved(true);
      onChanged();
    } catch (e) {
      const err = e as UiError;
      setError({ field: err.field ?? null, message: err.message });
    }
  };
  const remove = async (id: string) => {
    try {
      await call(commands.deleteFormTemplate(id));
      onChanged();
    } catch (e) {
      setError({ field: null, message: (e as UiError).message });
    }
  };
  const errorAt = (field: string | null) =>
    error && error.field === field ? (
      <span className="field-error" data-testid={`form-error-${field ?? "any"}`}>
        {error.message}
      </span>
    ) : null;

  const cols = draft?.input.columns ?? [];
  const move = (i: number, by: number) => {
    const next = [...cols];
    const [c] = next.splice(i, 1);
    next.splice(i + by, 0, c);
    set({ columns: next });
  };

  return (
    <div className="forms-editor" data-testid="form-templates">
      <h4>{t("forms.templates")}</h4>
      <ul className="list">
        {own.length === 0 && <li className="muted">{t("forms.noTemplates")}</li>}
        {own.map((x) => (
          <li key={x.id} data-testid="form-template-row">
            <span>{x.name}</span>
            <span className="muted">{t("forms.columnCount", { count: x.columns.length })}</span>
            <button className="ghost small" onClick={() => open(x.id, inputOf(x))} data-testid="form-template-edit">
              {t("common.edit")}
            </button>
            <button className="ghost small" onClick={() => void remove(x.id)} data-testid="form-template-delete">
              {t("common.delete")}
            </button>
          </li>
        ))}
      </ul>
      <div className="inline-form">
        <button className="small" onClick={() => open(null, blank())} data-testid="form-template-new">
          {t("forms.new")}
        </button>
        {copyFrom && copyFrom.kind === "projects" && (
          <button className="ghost small" onClick={() => open(null, inputOf(copyFrom, `${coreText(copyFrom.name, lang)}${t("forms.copySuffix")}`))} data-testid="form-template-copy">
            {t("forms.copy", { name: coreText(copyFrom.name, lang) })}
          </button>
        )}
        {saved && <span className="muted">{t("common.saved")}</span>}
      </div>
      {error && error.field === null && errorAt(null)}
      {draft && (
        <div className="card" data-testid="form-template-draft">
          <label>
            {t("forms.name")}
            <input value={draft.input.name} onChange={(e) => set({ name: e.target.value })} data-testid="form-name" />
          </label>
          {errorAt("name")}
          <label>
            {t("forms.formTitle")}
            <input value={draft.input.title} onChange={(e) => set({ title: e.target.value })} data-testid="form-title" />
          </label>
          {errorAt("title")}
          <label>
            <input type="checkbox" checked={draft.input.header_counts} onChange={(e) => set({ header_counts: e.target.checked })} data-testid="form-header-counts" />
            {t("forms.headerCounts")}
          </label>
          <label>
            {t("forms.splitBy")}
            <select value={draft.input.split_by} onChange={(e) => set({ split_by: e.target.value as SplitBy })} data-testid="form-split">
              {SPLITS.map((s) => (
                <option key={s} value={s}>
                  {t(`forms.split.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("forms.period")}
            <select value={draft.input.scope.period} onChange={(e) => set({ scope: { ...draft.input.scope, period: e.target.value as FormPeriod } })} data-testid="form-period">
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(`forms.periods.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="inline-form" data-testid="form-stages">
            <span>{t("forms.stages")}</span>
            {STAGES.map((s) => (
              <label key={s}>
                <input
                  type="checkbox"
                  checked={draft.input.scope.stages.includes(s)}
                  onChange={(e) => {
                    const stages = e.target.checked ? [...draft.input.scope.stages, s] : draft.input.scope.stages.filter((x) => x !== s);
                    set({ scope: { ...draft.input.scope, stages } });
                  }}
                />
                {t(`stage.${s}`)}
              </label>
            ))}
          </div>
          <h4>{t("forms.columns")}</h4>
          <ol data-testid="form-columns">
            {cols.map((c, i) => (
              <li key={c.key} className="inline-form">
                <span className="muted">{coreText(titleOf(c.key), lang)}</span>
                <input
                  aria-label={t("forms.columnTitle")}
                  value={c.title}
                  onChange={(e) => set({ columns: cols.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })}
                  data-testid={`form-column-title-${c.key}`}
                />
                <button className="ghost small" disabled={i === 0} onClick={() => move(i, -1)} data-testid={`form-column-up-${c.key}`}>
                  ↑
                </button>
                <button className="ghost small" disabled={i === cols.length - 1} onClick={() => move(i, 1)} data-testid={`form-column-down-${c.key}`}>
                  ↓
                </button>
                <button className="ghost small" onClick={() => set({ columns: cols.filter((_, j) => j !== i) })} data-testid={`form-column-remove-${c.key}`}>
                  {t("common.delete")}
                </button>
              </li>
            ))}
          </ol>
          <select
            aria-label={t("forms.addColumn")}
            value=""
            onChange={(e) => {
              const key = e.target.value;
              if (key) set({ columns: [...cols, { key, title: titleOf(key) }] });
            }}
            data-testid="form-column-add"
          >
            <option value="">{t("forms.addColumn")}</option>
            {catalogue
              .filter((c) => !cols.some((x) => x.key === c.key))
              .map((c) => (
                <option key={c.key} value={c.key}>
                  {coreText(c.title, lang)}
                </option>
              ))}
          </select>
          {errorAt("columns")}
          <div className="inline-form">
            <button onClick={() => void save()} data-testid="form-template-save">
              {t("common.save")}
            </button>
            <button className="ghost" onClick={() => setDraft(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

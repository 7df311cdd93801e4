import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { ExportedFile, ExportTemplate_Serialize as ExportTemplate } from "../bindings";
import { coreText } from "../zhTW";
import FormTemplatesEditor from "./FormTemplatesEditor";

/** Today as YYYY-MM-DD (local time). */
export const todayText = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

/**
 * 工作台 › 上报报表: pick a template (the built-in 在谈项目信息采集表 and 月报 first), a date (the
 * form covers its week, Monday to Sunday, or its month) and export the .xlsx; 管理模板 opens
 * the template editor.
 */
export default function FormsPanel({ revision }: { revision: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [templates, setTemplates] = useState<ExportTemplate[]>([]);
  const [chosen, setChosen] = useState<string>("");
  const [date, setDate] = useState(todayText());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportedFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [changed, setChanged] = useState(0);

  useEffect(() => {
    call(commands.formTemplates())
      .then((ts) => {
        setTemplates(ts);
        setChosen((c) => (ts.some((x) => x.id === c) ? c : (ts[0]?.id ?? "")));
      })
      .catch((e: UiError) => setError(e.message));
  }, [revision, changed]);

  const template = templates.find((x) => x.id === chosen);
  const run = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await call(commands.exportForm(chosen, date)));
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" data-testid="forms-panel">
      <h3>{t("forms.title")}</h3>
      <div className="inline-form">
        <select aria-label={t("forms.template")} value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="form-template">
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.builtin ? `${coreText(x.name, lang)}（${t("forms.builtin")}）` : x.name}
            </option>
          ))}
        </select>
        <input type="date" aria-label={t("forms.date")} value={date} onChange={(e) => setDate(e.target.value)} data-testid="form-date" />
        <button disabled={busy || !chosen || !date} onClick={() => void run()} data-testid="form-export">
          {t("forms.export")}
        </button>
        <button className="ghost" onClick={() => setEditing((v) => !v)} data-testid="form-manage">
          {editing ? t("common.close") : t("forms.manage")}
        </button>
      </div>
      {template && (
        <p className="muted" data-testid="form-hint">
          {template.scope.period === "week" ? t("forms.weekHint") : t("forms.monthHint")}
        </p>
      )}
      {busy && <span className="muted">{t("io.exporting")}</span>}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {done && (
        <span className="export-done" role="status">
          {t("io.exportedTo")} <code data-testid="form-export-path">{done.path}</code>
          <button className="link" onClick={() => void call(commands.openFolder(done.folder)).catch((e: UiError) => setError(e.message))}>
            {t("io.openFolder")}
          </button>
        </span>
      )}
      {editing && <FormTemplatesEditor templates={templates} copyFrom={template} onChanged={() => setChanged((n) => n + 1)} />}
    </div>
  );
}

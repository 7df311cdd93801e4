import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "./api";
import type { ExportedFile, ProjectFilter_Deserialize, ReportQuery } from "./bindings";

type Props =
  | { what: "projects"; filter: ProjectFilter_Deserialize }
  | { what: "report"; query: ReportQuery };

/**
 * Export buttons: the project list (its current filter) as .xlsx / CSV, or a report as 调度表.
 * The UI's language goes along: a zh-TW user gets the sheets' headers and labels in 繁體.
 */
export default function ExportButtons(props: Props) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportedFile | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (format: "Xlsx" | "Csv") => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const file =
        props.what === "projects"
          ? await call(commands.exportProjects({ ...props.filter, offset: 0 }, format, i18n.language))
          : await call(commands.exportReport(props.query, i18n.language));
      setDone(file);
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="export-buttons">
      {props.what === "projects" ? (
        <>
          <button className="ghost" data-testid="export-xlsx" disabled={busy} onClick={() => void run("Xlsx")}>
            {t("io.exportXlsx")}
          </button>
          <button className="ghost" data-testid="export-csv" disabled={busy} onClick={() => void run("Csv")}>
            {t("io.exportCsv")}
          </button>
        </>
      ) : (
        <button className="ghost" data-testid="export-report" disabled={busy} onClick={() => void run("Xlsx")}>
          {t("io.exportReport")}
        </button>
      )}
      {busy && <span className="muted">{t("io.exporting")}</span>}
      {error && <span className="error" role="alert">{error}</span>}
      {done && (
        <span className="export-done" role="status">
          {t("io.exportedTo")} <code data-testid="export-path">{done.path}</code>
          <button className="link" onClick={() => void call(commands.openFolder(done.folder)).catch((e: UiError) => setError(e.message))}>
            {t("io.openFolder")}
          </button>
        </span>
      )}
    </span>
  );
}

import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Channel } from "@tauri-apps/api/core";
import { call, commands, UiError } from "../api";
import type { ColumnChoice, Field, ImportOptions, ImportProgress, ImportView, MoneyUnit, RowAction, SheetKind } from "../bindings";
import { coreText } from "../zhTW";

/** Every field a column can be mapped to, in the ledger's usual column order. */
export const FIELDS: Field[] = [
  "Serial", "ProjectName", "CompanyName", "CreditCode", "TotalInvestment", "Industry", "Origin", "RegionGroup",
  "Stage", "RegisteredOn", "SignedOn", "StartedOn", "OperatingOn", "StageOn", "ConstructionKind", "Park", "Team",
  "Officer", "Sponsor", "ResponsibleUnit", "Content", "CoordinationIssues", "NextStep", "Notes", "ContactPerson",
  "ContactPhone", "KeyProject", "Enclave", "Relocation", "HighEnergy", "PlannedInvestment", "CompletedInvestment", "Progress",
];
/** The kinds of sheet the importer reads. */
export const SHEET_KINDS: SheetKind[] = ["Projects", "Activities", "Companies"];
const ACTIONS: RowAction[] = ["Create", "Update", "Unchanged", "Skip", "Error"];
/** What a plan's sheet holds (plans of earlier versions only said whether it was activities). */
const kindOf = (v: ImportView): SheetKind => v.plan.kind ?? (v.plan.activities ? "Activities" : "Projects");
const UNITS: MoneyUnit[] = ["Yuan", "Wan", "Yi"];

type Props = { onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };
type Phase = "choose" | "reading" | "preview" | "importing" | "done";

/** The file as base64 (what `import_stage_file` takes). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export default function Import({ onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>("choose");
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<ImportView | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  // The kind the user chose (null: as detected or remembered).
  const [kind, setKind] = useState<SheetKind | null>(null);
  // A file is staged (so a refused preview can be retried as another kind).
  const [stagedFile, setStagedFile] = useState(false);
  const [choices, setChoices] = useState<ColumnChoice[]>([]);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [show, setShow] = useState<RowAction | "all">("all");
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [path, setPath] = useState("");
  const [result, setResult] = useState<ImportView | null>(null);
  const [dragging, setDragging] = useState(false);

  const options = (mapping: ColumnChoice[], sheetName: string | null, sheetKind: SheetKind | null = kind): ImportOptions => ({
    sheet: sheetName,
    kind: sheetKind,
    mapping,
    skip_invalid_rows: skipInvalid,
  });

  const preview = async (mapping: ColumnChoice[], sheetName: string | null, sheetKind: SheetKind | null = kind) => {
    setPhase("reading");
    setError(null);
    try {
      const v = await call(commands.importPreview(options(mapping, sheetName, sheetKind)));
      setView(v);
      setSheet(v.plan.sheet);
      setPhase("preview");
    } catch (e) {
      setError((e as UiError).message);
      setPhase("choose");
    }
  };

  const staged = async (p: Promise<unknown>) => {
    setPhase("reading");
    setError(null);
    setResult(null);
    setChoices([]);
    setKind(null);
    setStagedFile(false);
    try {
      await p;
      setStagedFile(true);
      await preview([], null, null);
    } catch (e) {
      setError((e as UiError).message);
      setPhase("choose");
    }
  };

  const pickFile = async (file: File | undefined) => {
    if (!file) return;
    setPhase("reading");
    try {
      const data = await readBase64(file);
      await staged(call(commands.importStageFile(file.name, data)));
    } catch (e) {
      setError(e instanceof UiError ? e.message : t("io.readFailed"));
      setPhase("choose");
    }
  };
  const pickPath = (p: string) => {
    if (p.trim()) void staged(call(commands.importStagePath(p.trim())));
  };

  // Files dropped on the window arrive as paths (the app's own drag-and-drop).
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let gone = false;
    import("@tauri-apps/api/webview")
      .then(({ getCurrentWebview }) =>
        getCurrentWebview().onDragDropEvent((e) => {
          if (e.payload.type === "over" || e.payload.type === "enter") setDragging(true);
          else if (e.payload.type === "leave") setDragging(false);
          else if (e.payload.type === "drop") {
            setDragging(false);
            const first = e.payload.paths[0];
            if (first) pickPath(first);
          }
        }),
      )
      .then((u) => (gone ? u() : (unlisten = u)))
      .catch(() => undefined);
    return () => {
      gone = true;
      unlisten?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const columns = view?.plan.columns ?? [];
  const fieldOf = (column: number) => choices.find((c) => c.column === column)?.field ?? columns.find((c) => c.column === column)?.field ?? null;
  const unitOf = (column: number) => choices.find((c) => c.column === column)?.unit ?? columns.find((c) => c.column === column)?.unit ?? null;
  const choose = (column: number, field: Field | null, unit: MoneyUnit | null) => {
    setChoices((cs) => [...cs.filter((c) => c.column !== column), { column, field, unit: field === "TotalInvestment" ? unit : null }]);
  };
  const changedMapping = choices.length > 0;
  const planKind: SheetKind = view ? kindOf(view) : "Projects";
  const fields: Field[] = view?.plan.fields?.length ? view.plan.fields : FIELDS;
  const fieldLabel = (f: Field) => (f === "CompanyName" && planKind !== "Projects" ? t("io.companyField") : t(`io.fields.${f}`));
  const readAs = (k: SheetKind) => {
    setKind(k);
    setChoices([]);
    void preview([], sheet, k);
  };

  const rows = useMemo(() => (view ? view.plan.rows.filter((r) => show === "all" || r.action === show) : []), [view, show]);
  const counts = view?.plan.counts;
  const blocked = !!counts && counts.error > 0 && !skipInvalid;

  const apply = async () => {
    if (!view) return;
    setPhase("importing");
    setProgress({ done: 0, total: view.rows_total });
    const channel = new Channel<ImportProgress>();
    channel.onmessage = (p) => setProgress(p);
    try {
      const done = await call(commands.importApply(options(choices, sheet), channel));
      setResult(done);
      setPhase("done");
      onChanged();
    } catch (e) {
      setError((e as UiError).message);
      setPhase("preview");
    }
  };

  const undoImport = async () => {
    try {
      const last = await call(commands.lastUndoable());
      if (!last) return;
      const done = await call(commands.undo(last.tx_id));
      notify(`${t("common.undo")}：${done.description}`);
      setResult(null);
      setView(null);
      setPhase("choose");
      onChanged();
    } catch (e) {
      setError((e as UiError).message);
    }
  };

  const summary = (v: ImportView) => {
    const c = v.plan.counts;
    const k = kindOf(v);
    return t(k === "Companies" ? "io.countsCompanies" : k === "Activities" ? "io.countsActivities" : "io.counts", {
      create: c.create, update: c.update, unchanged: c.unchanged, skip: c.skip, error: c.error,
      companies: c.companies_created, officers: c.officers_created,
    });
  };

  return (
    <div className="import" data-testid="import-screen">
      {error && <div className="error" role="alert" data-testid="import-error">{error}</div>}

      {(phase === "choose" || phase === "reading") && (
        <section className="card">
          <h2>{t("io.chooseTitle")}</h2>
          <p className="muted">{t("io.chooseHint")}</p>
          <label className={`dropzone${dragging ? " over" : ""}`}>
            <input
              type="file"
              data-testid="import-file"
              accept=".xlsx,.xlsm,.xls,.csv,.txt"
              disabled={phase === "reading"}
              onChange={(e) => void pickFile(e.target.files?.[0])}
            />
            <span>{phase === "reading" ? t("io.reading") : t("io.dropHere")}</span>
          </label>
          {error && stagedFile && phase === "choose" && (
            <div className="read-as" data-testid="import-read-as">
              <p className="muted">{t("io.readAsHint")}</p>
              <div className="row">
                {SHEET_KINDS.map((k) => (
                  <button key={k} data-testid={`import-read-as-${k}`} onClick={() => readAs(k)}>
                    {t("io.readAs", { kind: t(`io.sheetKinds.${k}`) })}
                  </button>
                ))}
              </div>
            </div>
          )}
          <details>
            <summary>{t("io.byPath")}</summary>
            <div className="row">
              <input
                data-testid="import-path"
                value={path}
                placeholder={t("io.pathPlaceholder")}
                onChange={(e) => setPath(e.target.value)}
                onKeyDown={(e) => e.key === "Enter" && pickPath(path)}
              />
              <button data-testid="import-path-go" disabled={phase === "reading"} onClick={() => pickPath(path)}>
                {t("io.readFile")}
              </button>
            </div>
          </details>
        </section>
      )}

      {(phase === "preview" || phase === "importing") && view && counts && (
        <>
          <section className="card">
            <div className="row spread">
              <h2>{t("io.previewTitle", { name: view.file_name })}</h2>
              <button className="ghost" data-testid="import-other" disabled={phase === "importing"} onClick={() => { setView(null); setStagedFile(false); setPhase("choose"); }}>
                {t("io.otherFile")}
              </button>
            </div>
            {view.plan.sheets.length > 1 && (
              <label>
                {t("io.sheet")}{" "}
                <select data-testid="import-sheet" value={sheet ?? ""} onChange={(e) => { setChoices([]); void preview([], e.target.value); }}>
                  {view.plan.sheets.map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
              </label>
            )}
            <label>
              {t("io.sheetKind")}{" "}
              <select data-testid="import-kind" value={planKind} disabled={phase === "importing"} onChange={(e) => readAs(e.target.value as SheetKind)}>
                {SHEET_KINDS.map((k) => <option key={k} value={k}>{t(`io.sheetKinds.${k}`)}</option>)}
              </select>
            </label>{" "}
            <span className="muted">{t("io.kindHint")}</span>
            <p data-testid="import-counts" className="counts">{summary(view)}</p>
            <p className="muted">
              {t("io.headerRows", { rows: view.plan.header_rows.join("、") })}
              {view.plan.remembered_mapping && <> · <span data-testid="import-remembered">{t("io.remembered")}</span></>}
            </p>
            {view.read_wrongly ? (
              <p className="error" data-testid="import-read-wrongly">
                {coreText(view.read_wrongly)}
              </p>
            ) : (
              view.plan.warnings.map((w) => <p key={w} className="muted">{w}</p>)
            )}
          </section>

          <section className="card" data-testid={`import-mapping-${planKind}`}>
            <h3>{t("io.mapping")} · {t(`io.sheetKinds.${planKind}`)}</h3>
            <p className="muted">{t("io.mappingHint")}</p>
            <div className="mapping">
              {columns.filter((c) => c.header || c.field).map((c) => {
                const f = fieldOf(c.column);
                return (
                  <label key={c.column} className="map-col">
                    <span className="map-header" title={c.header}>{c.header || `#${c.column + 1}`}</span>
                    <select
                      data-testid={`map-${c.column}`}
                      value={f ?? ""}
                      disabled={phase === "importing"}
                      onChange={(e) => choose(c.column, (e.target.value || null) as Field | null, unitOf(c.column))}
                    >
                      <option value="">{t("io.ignore")}</option>
                      {fields.map((x) => <option key={x} value={x}>{fieldLabel(x)}</option>)}
                    </select>
                    {f === "TotalInvestment" && (
                      <select data-testid={`map-unit-${c.column}`} value={unitOf(c.column) ?? "Wan"} onChange={(e) => choose(c.column, f, e.target.value as MoneyUnit)}>
                        {UNITS.map((u) => <option key={u} value={u}>{t(`io.units.${u}`)}</option>)}
                      </select>
                    )}
                  </label>
                );
              })}
            </div>
            {changedMapping && (
              <button data-testid="import-repreview" disabled={phase === "importing"} onClick={() => void preview(choices, sheet)}>
                {t("io.repreview")}
              </button>
            )}
          </section>

          <section className="card">
            <div className="toolbar chips">
              {(["all", ...ACTIONS] as const).map((a) => (
                <button key={a} className={show === a ? "chip active" : "chip"} onClick={() => setShow(a)} data-testid={`import-show-${a}`}>
                  {a === "all" ? t("common.all") : t(`io.actions.${a}`)}
                  {a !== "all" && ` ${{ Create: counts.create, Update: counts.update, Unchanged: counts.unchanged, Skip: counts.skip, Error: counts.error }[a]}`}
                </button>
              ))}
            </div>
            {view.rows_total > view.plan.rows.length && <p className="muted">{t("io.rowsShown", { shown: view.plan.rows.length, total: view.rows_total })}</p>}
            <div className="plan-table">
              <table data-testid="import-plan">
                <thead>
                  <tr>
                    <th>{t("io.row")}</th><th>{t("io.action")}</th>
                    {planKind !== "Companies" && <th>{planKind === "Activities" ? t("io.fields.ActivityContent") : t("projects.name")}</th>}
                    <th>{planKind === "Projects" ? t("projects.company") : t("io.companyField")}</th><th>{t("io.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, 500).map((r) => (
                    <tr key={r.row} className={`plan-${r.action}`}>
                      <td>{r.row}</td>
                      <td><span className={`badge action-${r.action}`}>{t(`io.actions.${r.action}`)}</span></td>
                      {planKind !== "Companies" && <td>{r.project_name}</td>}
                      <td>{r.company_name}</td>
                      <td className="reason">{coreText(r.message)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="card import-go">
            {counts.error > 0 && !view.read_wrongly && (
              <label>
                <input type="checkbox" data-testid="import-skip-invalid" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
                {t("io.skipInvalid", { count: counts.error })}
              </label>
            )}
            {blocked && <p className="muted">{t("io.blocked")}</p>}
            {phase === "importing" && progress && (
              <div className="progress-wrap">
                <progress data-testid="import-progress" value={progress.done} max={Math.max(1, progress.total)} />
                <span data-testid="import-progress-text">
                  {progress.total > 0 && progress.done >= progress.total
                    ? t("io.finishing")
                    : t("io.progress", { done: progress.done, total: progress.total, pct: Math.floor((100 * progress.done) / Math.max(1, progress.total)) })}
                </span>
              </div>
            )}
            {!view.read_wrongly && (
              <button
                className="primary"
                data-testid="import-apply"
                disabled={phase === "importing" || blocked || counts.create + counts.update === 0}
                onClick={() => void apply()}
              >
                {phase === "importing"
                  ? t("io.importing")
                  : t(planKind === "Companies" ? "io.applyCompanies" : planKind === "Activities" ? "io.applyActivities" : "io.apply", { count: counts.create + counts.update })}
              </button>
            )}
          </section>
        </>
      )}

      {phase === "done" && result && (
        <section className="card" data-testid="import-result">
          <h2>{t("io.doneTitle", { name: result.file_name })}</h2>
          <p data-testid="import-result-counts">{summary(result)}</p>
          <div className="row">
            <button data-testid="import-undo" onClick={() => void undoImport()}>↶ {t("io.undoImport")}</button>
            <button className="ghost" data-testid="import-again" onClick={() => { setResult(null); setView(null); setStagedFile(false); setPhase("choose"); }}>
              {t("io.another")}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

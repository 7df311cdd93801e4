import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { ExportedBundle, ImportSummary, OfficeServerInfo, SyncDevice, SyncStatus, SyncSummary } from "../bindings";

type Props = {
  revision: number;
  onChanged: () => void;
  notify: (m: string) => void;
  onOpenConflicts: () => void;
  /** A .zsync file opened from Explorer (`n` counts openings, so the same file twice counts). */
  openedFile?: { path: string; n: number } | null;
};

/** A moment as people read it, in their own time zone. */
export function when(iso: string | null | undefined, lang: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}

export function deviceName(d: Pick<SyncDevice, "label" | "device_id">): string {
  return d.label ?? d.device_id.slice(-8);
}

/** 同步: this laptop's name, bundles to and from a USB stick or a shared folder. */
export default function Sync({ revision, onChanged, notify, onOpenConflicts, openedFile }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [label, setLabel] = useState("");
  const [folder, setFolder] = useState("");
  const [importPath, setImportPath] = useState("");
  const [exported, setExported] = useState<ExportedBundle | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (openedFile) setImportPath(openedFile.path);
  }, [openedFile]);

  useEffect(() => {
    call(commands.syncStatus()).then(
      (s) => {
        setStatus(s);
        setLabel((l) => l || s.device_label || "");
        setFolder((f) => f || s.default_folder);
        setImportPath((p) => p || s.default_folder);
      },
      (e: UiError) => setError({ field: null, message: e.message }),
    );
  }, [revision]);

  const run = async <T,>(p: Promise<T>, done: (x: T) => void) => {
    setBusy(true);
    try {
      const x = await p;
      setError(null);
      done(x);
    } catch (e) {
      const u = e as UiError;
      setError({ field: u.field, message: u.message });
    } finally {
      setBusy(false);
    }
  };

  const saveLabel = () =>
    run(call(commands.setDeviceLabel(label.trim() || null)), () => {
      notify(t("common.saved"));
      onChanged();
    });
  const exportBundle = () =>
    run(call(commands.exportSyncBundle(folder)), (x) => {
      setExported(x);
      setSummary(null);
      onChanged();
    });
  const importBundles = () =>
    run(call(commands.importSyncBundles(importPath)), (x) => {
      setSummary(x);
      setExported(null);
      onChanged();
    });

  return (
    <div className="sync">
      {error && !error.field && (
        <p className="error" data-testid="sync-error">
          {error.message}
        </p>
      )}
      <div className="grid2">
        <div className="card">
          <h3>{t("sync.thisDevice")}</h3>
          <p className="muted">{t("sync.labelHint")}</p>
          <div className="inline-form">
            <input
              data-testid="sync-label"
              value={label}
              maxLength={40}
              placeholder={t("sync.labelPlaceholder")}
              onChange={(e) => setLabel(e.target.value)}
            />
            <button data-testid="sync-label-save" disabled={busy} onClick={saveLabel}>
              {t("common.save")}
            </button>
          </div>
          {error?.field === "label" && <span className="field-error">{error.message}</span>}
          <p className="muted small">
            {t("sync.ledgerAt")}：{status?.ledger_path ?? "—"}
          </p>
          <p className="muted small" data-testid="sync-share-note">
            {t("sync.shareNote")}
          </p>
        </div>
        <div className="card">
          <h3>{t("sync.devices")}</h3>
          <table className="plain" data-testid="sync-devices">
            <thead>
              <tr>
                <th>{t("sync.device")}</th>
                <th>{t("sync.lastChange")}</th>
                <th>{t("sync.lastImport")}</th>
                <th>{t("sync.lastExport")}</th>
              </tr>
            </thead>
            <tbody>
              {status?.devices.map((d) => (
                <tr key={d.device_id} data-testid="sync-device">
                  <td>
                    {deviceName(d)}
                    {d.this_device && <span className="muted">（{t("sync.thisOne")}）</span>}
                  </td>
                  <td>{when(d.last_change_at, lang)}</td>
                  <td>{d.this_device ? "" : when(d.last_import_at, lang)}</td>
                  <td>{d.this_device ? "" : when(d.last_export_at, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {status && status.open_conflicts > 0 && (
            <p>
              <button className="ghost" data-testid="sync-open-conflicts" onClick={onOpenConflicts}>
                {t("sync.openConflicts", { count: status.open_conflicts })}
              </button>
            </p>
          )}
        </div>
      </div>
      <div className="grid2">
        <div className="card">
          <h3>{t("sync.export")}</h3>
          <p className="muted">{t("sync.exportHint")}</p>
          <label className="stacked">
            {t("sync.folder")}
            <input data-testid="sync-export-folder" value={folder} onChange={(e) => setFolder(e.target.value)} />
          </label>
          {error?.field === "folder" && <span className="field-error">{error.message}</span>}
          <div className="inline-form">
            <button data-testid="sync-export" disabled={busy} onClick={exportBundle}>
              {t("sync.exportButton")}
            </button>
          </div>
          {exported && (
            <p data-testid="sync-exported">
              {t("sync.exported", { count: exported.registers })}
              <br />
              <span className="muted small" data-testid="sync-exported-path">
                {exported.path}
              </span>
              {exported.for_devices.length > 0 && (
                <>
                  <br />
                  <span className="muted small">
                    {t("sync.exportedFor")}：{exported.for_devices.join("、")}
                  </span>
                </>
              )}
            </p>
          )}
        </div>
        <div className="card">
          <h3>{t("sync.import")}</h3>
          <p className="muted">{t("sync.importHint")}</p>
          <label className="stacked">
            {t("sync.fileOrFolder")}
            <input data-testid="sync-import-path" value={importPath} onChange={(e) => setImportPath(e.target.value)} />
          </label>
          {error?.field === "path" && <span className="field-error">{error.message}</span>}
          <div className="inline-form">
            <button data-testid="sync-import" disabled={busy} onClick={importBundles}>
              {t("sync.importButton")}
            </button>
          </div>
          {summary && (
            <div data-testid="sync-summary">
              <p>
                {t("sync.received")} <b data-testid="sync-received">{summary.received}</b> · {t("sync.merged")}{" "}
                <b data-testid="sync-merged">{summary.merged}</b> · {t("sync.skipped")} <b>{summary.skipped}</b> · {t("sync.conflicts")}{" "}
                <b data-testid="sync-conflicts">{summary.conflicts}</b>
                {summary.skewed > 0 && (
                  <>
                    {" "}
                    · <span className="error">{t("sync.skewed", { count: summary.skewed })}</span>
                  </>
                )}
              </p>
              <ul className="list">
                {summary.files.map((f) => (
                  <li key={f.file_name} data-testid="sync-file">
                    <span>{f.file_name}</span>
                    <span className="muted">{f.from ?? ""}</span>
                    <span className="spacer" />
                    {f.error ? (
                      <span className="error">{f.error}</span>
                    ) : f.own ? (
                      <span className="muted">{t("sync.own")}</span>
                    ) : f.report?.held_back ? (
                      <span className="warning" data-testid="sync-held-back">
                        {t("sync.heldBack")}
                      </span>
                    ) : (
                      <span className="muted">
                        {t("sync.merged")} {f.report?.applied ?? 0}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
              {summary.conflicts > 0 && (
                <button className="ghost" onClick={onOpenConflicts}>
                  {t("sync.openConflicts", { count: summary.conflicts })}
                </button>
              )}
            </div>
          )}
        </div>
      </div>
      <OfficeServer onChanged={onChanged} />
    </div>
  );
}

/** 办公室服务器: when the office runs a sync server, push and pull instead of carrying files. */
function OfficeServer({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<OfficeServerInfo | null>(null);
  const [url, setUrl] = useState("");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [result, setResult] = useState<SyncSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(commands.officeServer()).then((i) => {
      setInfo(i);
      setUrl((u) => u || i.url || "");
      setLogin((l) => l || i.login || "");
    }, () => setInfo(null));
  }, []);

  const run = async <T,>(p: Promise<T>, done: (x: T) => void) => {
    setBusy(true);
    try {
      done(await p);
      setError(null);
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" data-testid="office-server">
      <h3>{t("sync.server")}</h3>
      <p className="muted">{t("sync.serverHint")}</p>
      {error && (
        <p className="error" data-testid="office-server-error">
          {error}
        </p>
      )}
      {info?.logged_in ? (
        <>
          <p data-testid="office-server-who">
            {t("sync.loggedIn", { login: info.login ?? "", url: info.url ?? "" })}
          </p>
          {info.role_label && (
            <p className={info.read_only ? "error" : "muted"} data-testid="office-server-role">
              {t("sync.role", { role: info.role_label })}
              {info.read_only && <> · {t("sync.readOnly")}</>}
            </p>
          )}
          <div className="inline-form">
            <button
              data-testid="office-server-sync"
              disabled={busy}
              onClick={() =>
                run(call(commands.officeServerSync()), (r) => {
                  setResult(r);
                  onChanged();
                })
              }
            >
              {t("sync.syncNow")}
            </button>
            <button className="ghost" disabled={busy} onClick={() => run(call(commands.officeServerLogout()), setInfo)}>
              {t("sync.logout")}
            </button>
          </div>
          {result && (
            <p data-testid="office-server-result">
              {t("sync.sent")} <b data-testid="office-server-sent">{result.sent}</b> · {t("sync.received")}{" "}
              <b data-testid="office-server-received">{result.received}</b> · {t("sync.merged")}{" "}
              <b>{result.merge.applied}</b> · {t("sync.conflicts")} <b>{result.merge.conflicts}</b>
            </p>
          )}
        </>
      ) : (
        <div className="inline-form">
          <input data-testid="office-server-url" placeholder={t("sync.serverUrl")} value={url} onChange={(e) => setUrl(e.target.value)} />
          <input data-testid="office-server-login" placeholder={t("sync.serverLogin")} value={login} onChange={(e) => setLogin(e.target.value)} />
          <input
            data-testid="office-server-password"
            type="password"
            placeholder={t("sync.password")}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button
            data-testid="office-server-login-button"
            disabled={busy}
            onClick={() =>
              run(call(commands.officeServerLogin(url, login, password)), (i) => {
                setInfo(i);
                setPassword("");
                // The role learnt at login: the app shows or hides what it may change.
                onChanged();
              })
            }
          >
            {t("sync.login")}
          </button>
        </div>
      )}
    </div>
  );
}

import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listen } from "@tauri-apps/api/event";
import { call, commands, UiError } from "./api";
import type { AppStatus, UndoableAction } from "./bindings";
import { LANGUAGES } from "./i18n";
import { coreText } from "./zhTW";
import Dashboard from "./screens/Dashboard";
import Projects, { type ListPreset } from "./screens/Projects";
import OriginMap from "./screens/OriginMap";
import ProjectDetail from "./screens/ProjectDetail";
import QuickEntry from "./screens/QuickEntry";
import FollowUps from "./screens/FollowUps";
import Assignments from "./screens/Assignments";
import Ranking from "./screens/Ranking";
import Settings from "./screens/Settings";
import Setup from "./screens/Setup";
import Import from "./screens/Import";
import SearchBox from "./SearchBox";
import Sync from "./screens/Sync";
import Conflicts from "./screens/Conflicts";
import Unlock, { useAutoLock } from "./screens/Unlock";
import Recovery from "./screens/Recovery";
import Duplicates from "./screens/Duplicates";
import Companies from "./screens/Companies";

export type Screen = "dashboard" | "map" | "projects" | "companies" | "quick" | "followups" | "assignments" | "ranking" | "import" | "duplicates" | "sync" | "conflicts" | "settings";

export default function App() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>("dashboard");
  const [projectId, setProjectId] = useState<string | null>(null);
  // Text the project list opens with (a company or officer picked in the search box).
  const [listSearch, setListSearch] = useState<{ text: string; n: number } | null>(null);
  // What the project list opens on from 招商地图 (a place, and the metric's stage or dates).
  const [listPreset, setListPreset] = useState<{ preset: ListPreset; n: number } | null>(null);
  const [undoable, setUndoable] = useState<UndoableAction | null>(null);
  const [toast, setToast] = useState<{ message: string; undo: boolean } | null>(null);
  // Bumped after every write so screens reload what they show.
  const [revision, setRevision] = useState(0);
  // Open sync conflicts, shown next to 冲突.
  const [conflicts, setConflicts] = useState(0);
  // Logged in to the office server as 领导: the core refuses every change; writing screens hidden.
  const [readOnly, setReadOnly] = useState(false);

  const refreshStatus = useCallback(() => {
    call(commands.appStatus()).then(setStatus, (e: UiError) => setError(e.message));
  }, []);
  useEffect(refreshStatus, [refreshStatus]);

  const changed = useCallback(() => {
    setRevision((r) => r + 1);
    call(commands.lastUndoable()).then(setUndoable, () => setUndoable(null));
    call(commands.syncConflictCount()).then(setConflicts, () => setConflicts(0));
    call(commands.officeServer()).then((i) => setReadOnly(i.read_only), () => setReadOnly(false));
  }, []);
  useEffect(() => {
    if (status && !status.needs_setup && !status.open_error) changed();
  }, [status, changed]);
  useAutoLock(!!status && !status.open_error, revision, refreshStatus);

  // A .zsync file double-clicked in Explorer (the installer registers the extension): 同步 with
  // that file chosen, whether it started the app or was sent to the running one.
  const [openedSyncFile, setOpenedSyncFile] = useState<{ path: string; n: number } | null>(null);
  const ready = !!status && !status.needs_setup && !status.open_error;
  useEffect(() => {
    if (!ready) return;
    const show = (path: string) => {
      setOpenedSyncFile((o) => ({ path, n: (o?.n ?? 0) + 1 }));
      setProjectId(null);
      setScreen("sync");
    };
    call(commands.takeOpenedSyncFile()).then((p) => p && show(p), () => undefined);
    const stop = listen<string>("sync-file-opened", (e) => show(e.payload)).catch(() => undefined);
    return () => void stop.then((f) => f?.());
  }, [ready]);

  /** A short message at the bottom; `withUndo` adds an 撤销 button (soft deletes). */
  const notify = useCallback((message: string, withUndo = false) => {
    const next = { message, undo: withUndo };
    setToast(next);
    window.setTimeout(() => setToast((m) => (m === next ? null : m)), withUndo ? 8000 : 4000);
  }, []);

  const undo = async () => {
    if (!undoable) return;
    setToast(null);
    try {
      const done = await call(commands.undo(undoable.tx_id));
      notify(`${t("common.undo")}：${done.description}`);
      changed();
    } catch (e) {
      notify((e as UiError).message);
    }
  };

  if (error) return <div className="fatal">{t("errors.title")}：{error}</div>;
  if (!status) return <div className="fatal">{t("common.loading")}</div>;
  if (status.open_error?.field === "passphrase") return <Unlock ledgerPath={status.ledger_path} onUnlocked={refreshStatus} />;
  if (status.open_error?.kind === "Corrupt")
    return <Recovery message={status.open_error.message} ledgerPath={status.ledger_path} onRestored={refreshStatus} />;
  if (status.open_error) {
    return (
      <div className="fatal" data-testid="open-error">
        <h2>{t("errors.openFailed")}</h2>
        <p>{coreText(status.open_error.message)}</p>
        <p className="muted">{status.ledger_path}</p>
      </div>
    );
  }
  if (status.needs_setup) return <Setup onDone={refreshStatus} />;

  const open = (id: string) => {
    setProjectId(id);
    setScreen("projects");
  };
  const writing: Screen[] = ["quick", "import", "duplicates"];
  const nav = (["dashboard", "map", "projects", "companies", "quick", "followups", "assignments", "ranking", "import", "duplicates", "sync", "conflicts", "settings"] as Screen[]).filter(
    (s) => !readOnly || !writing.includes(s),
  );
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="brand">{t("app")}</div>
        <div className="office">{status.office_name}</div>
        <nav>
          {nav.map((s) => (
            <button
              key={s}
              data-testid={`nav-${s}`}
              className={screen === s ? "active" : ""}
              onClick={() => {
                setScreen(s);
                if (s === "projects") {
                  setProjectId(null);
                  setListPreset(null);
                }
              }}
            >
              {t(`nav.${s}`)}
              {s === "conflicts" && conflicts > 0 && (
                <span className="tag" style={{ marginLeft: 6 }} data-testid="nav-conflicts-count">
                  {conflicts}
                </span>
              )}
            </button>
          ))}
        </nav>
        <div className="sidebar-foot">
          <select
            data-testid="language"
            aria-label={t("settings.language")}
            value={i18n.language}
            onChange={(e) => {
              localStorage.setItem("zs.lang", e.target.value);
              void i18n.changeLanguage(e.target.value);
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
      </aside>
      <main className="main">
        <header className="topbar">
          <h1 data-testid="page-title">{projectId && screen === "projects" ? t("detail.fields") : t(`nav.${screen}`)}</h1>
          <div className="spacer" />
          {readOnly && (
            <span className="tag" data-testid="read-only" title={t("sync.readOnly")}>
              {t("sync.readOnlyTag")}
            </span>
          )}
          <SearchBox
            onOpenProject={open}
            onSearchProjects={(text) => {
              setListSearch((s) => ({ text, n: (s?.n ?? 0) + 1 }));
              setListPreset(null);
              setProjectId(null);
              setScreen("projects");
            }}
          />
          {undoable && (
            <button className="ghost undo" data-testid="undo" title={undoable.description} onClick={undo}>
              ↶ {t("common.undo")}
              <span className="undo-desc">{undoable.description}</span>
            </button>
          )}
        </header>
        <div className="content">
          {screen === "dashboard" && <Dashboard revision={revision} onOpenProject={open} />}
          {screen === "map" && (
            <OriginMap
              revision={revision}
              onOpenProjects={(preset) => {
                setListSearch(null);
                setListPreset((o) => ({ preset, n: (o?.n ?? 0) + 1 }));
                setProjectId(null);
                setScreen("projects");
              }}
            />
          )}
          {screen === "projects" && !projectId && (
            <Projects
              key={`${listSearch?.n ?? 0}-${listPreset?.n ?? 0}`}
              initialSearch={listSearch?.text}
              preset={listPreset?.preset}
              revision={revision} onOpen={open} onChanged={changed} notify={notify} />
          )}
          {screen === "projects" && projectId && (
            <ProjectDetail
              id={projectId}
              revision={revision}
              onBack={() => setProjectId(null)}
              onChanged={changed}
              notify={notify}
            />
          )}
          {screen === "companies" && <Companies revision={revision} onOpenProject={open} onChanged={changed} notify={notify} />}
          {screen === "quick" && <QuickEntry onChanged={changed} notify={notify} />}
          {screen === "followups" && <FollowUps revision={revision} onOpen={open} />}
          {screen === "assignments" && <Assignments revision={revision} onChanged={changed} notify={notify} />}
          {screen === "ranking" && <Ranking revision={revision} />}
          {screen === "import" && <Import onChanged={changed} notify={notify} />}
          {screen === "sync" && (
            <Sync
              revision={revision}
              onChanged={changed}
              notify={notify}
              onOpenConflicts={() => setScreen("conflicts")}
              openedFile={openedSyncFile}
            />
          )}
          {screen === "conflicts" && <Conflicts revision={revision} onChanged={changed} notify={notify} />}
          {screen === "duplicates" && <Duplicates revision={revision} onChanged={changed} notify={notify} />}
          {screen === "settings" && <Settings revision={revision} onChanged={changed} notify={notify} />}
        </div>
      </main>
      {toast && (
        <div className="toast" role="status" data-testid="toast">
          {toast.message}
          {toast.undo && undoable && (
            <button className="toast-undo" onClick={undo} data-testid="toast-undo">
              {t("common.undo")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

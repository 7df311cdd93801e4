// 督办: every 交办单, open ones first and the longest overdue first; overdue ones marked 催办
// (1–7 days) or 督办 (more). Filters by status and overdue, actions per row, export to .xlsx.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { AssignmentFilter_Deserialize, AssignmentRow_Serialize, AssignmentStatus } from "../bindings";
import { AssignmentTable } from "../components/Assignments";

type StatusChoice = "all" | "open" | AssignmentStatus;

type Props = { revision: number; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

function filterOf(status: StatusChoice, overdueOnly: boolean): AssignmentFilter_Deserialize {
  return {
    status: status === "all" || status === "open" ? null : status,
    open_only: status === "open",
    overdue_only: overdueOnly,
    officer_id: null,
    project_id: null,
  };
}

export default function Assignments({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<StatusChoice>("open");
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [rows, setRows] = useState<AssignmentRow_Serialize[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  useEffect(() => {
    call(commands.assignments(filterOf(status, overdueOnly))).then(
      (r) => {
        setRows(r);
        setError(null);
      },
      (e: UiError) => setError(e.message),
    );
  }, [revision, status, overdueOnly]);
  const exportXlsx = () =>
    call(commands.exportAssignments(filterOf(status, overdueOnly))).then(
      (f) => {
        setExported(f.path);
        setError(null);
      },
      (e: UiError) => setError(e.message),
    );
  const overdue = rows?.filter((r) => r.urgency).length ?? 0;
  return (
    <div className="card" data-testid="assignments-screen">
      <div className="toolbar">
        <select value={status} onChange={(e) => setStatus(e.target.value as StatusChoice)} data-testid="assignments-status" aria-label={t("assign.filterStatus")}>
          {(["open", "all", "assigned", "in_progress", "done"] as StatusChoice[]).map((s) => (
            <option key={s} value={s}>
              {s === "open" ? t("assign.open") : s === "all" ? t("common.all") : t(`assign.status.${s}`)}
            </option>
          ))}
        </select>
        <label className="inline">
          <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="assignments-overdue" />
          {t("assign.overdueOnly")}
        </label>
        <span className="spacer" />
        {rows && (
          <span className="muted" data-testid="assignments-count">
            {t("assign.count", { count: rows.length, overdue })}
          </span>
        )}
        <button onClick={exportXlsx} data-testid="assignments-export">
          {t("assign.export")}
        </button>
      </div>
      {exported && (
        <p className="muted" data-testid="assignments-exported">
          {t("assign.exported", { path: exported })}
        </p>
      )}
      {error && (
        <p className="error" data-testid="assignments-error">
          {error}
        </p>
      )}
      {!rows ? <p>{t("common.loading")}</p> : <AssignmentTable rows={rows} onChanged={onChanged} notify={notify} />}
    </div>
  );
}

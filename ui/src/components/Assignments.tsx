// 交办单 pieces shared by the 督办 screen and the project page: the list with its actions
// (开始办理, 办结 with a result, 重新办理, 删除) and the form that assigns a task on a project.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { AssignmentRow_Serialize, Officer_Serialize } from "../bindings";
import { date, today } from "../format";
import { errorsOf, FieldError, LookupSelect, type FieldErrors } from "./fields";

type Notify = (m: string, withUndo?: boolean) => void;

/** 催办/督办 tag and days overdue of an open 交办单 past its 办理时限. */
function Urgency({ row }: { row: AssignmentRow_Serialize }) {
  const { t } = useTranslation();
  if (!row.urgency) return null;
  return (
    <span className={row.urgency === "supervise" ? "tag danger nowrap" : "tag warn nowrap"} data-testid="assignment-urgency">
      {t(`assign.urgency.${row.urgency}`)} · {t("assign.overdueDays", { days: row.overdue_days ?? 0 })}
    </span>
  );
}

/** 办结: the result and the day, errors at their fields. */
function FinishForm({ id, onDone, onCancel, notify }: { id: string; onDone: () => void; onCancel: () => void; notify: Notify }) {
  const { t } = useTranslation();
  const [result, setResult] = useState("");
  const [doneOn, setDoneOn] = useState(today());
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = () =>
    call(commands.finishAssignment(id, { result, done_on: doneOn || null })).then(
      () => {
        notify(t("assign.finished"), true);
        onDone();
      },
      (e) => setErrors(errorsOf(e)),
    );
  return (
    <div className="finish-form" data-testid="finish-form">
      <label>
        {t("assign.result")}
        <textarea value={result} onChange={(e) => setResult(e.target.value)} data-testid="finish-result" rows={2} />
        <FieldError errors={errors} name="result" />
      </label>
      <label>
        {t("assign.doneOn")}
        <input type="date" value={doneOn} onChange={(e) => setDoneOn(e.target.value)} data-testid="finish-date" />
        <FieldError errors={errors} name="done_on" />
      </label>
      <FieldError errors={errors} name="status" />
      <FieldError errors={errors} name="_" />
      <button onClick={submit} data-testid="finish-confirm">
        {t("assign.confirmFinish")}
      </button>
      <button className="ghost" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}

/** 交办单 rows: open ones first as the core sends them, overdue ones marked 催办/督办. */
export function AssignmentTable({
  rows,
  onChanged,
  notify,
  showProject = true,
}: {
  rows: AssignmentRow_Serialize[];
  onChanged: () => void;
  notify: Notify;
  showProject?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [finishing, setFinishing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = (p: Promise<unknown>, message: string) =>
    p.then(
      () => {
        setError(null);
        notify(message, true);
        onChanged();
      },
      (e: Error) => setError(e.message),
    );
  if (rows.length === 0) return <p className="muted" data-testid="assignments-empty">{t("assign.empty")}</p>;
  return (
    <>
      {error && (
        <p className="error" data-testid="assignment-error">
          {error}
        </p>
      )}
      <ul className="list assignments" data-testid="assignments">
        {rows.map((r) => {
          const a = r.assignment;
          return (
            <li
              key={a.id}
              data-testid="assignment-row"
              data-status={a.status}
              data-urgency={r.urgency ?? ""}
              className={r.urgency ? "overdue" : ""}
            >
              <div className="assignment-line">
                <span className={`tag status-${a.status} nowrap`} data-testid="assignment-status">
                  {t(`assign.status.${a.status}`)}
                </span>
                <Urgency row={r} />
                {showProject && <span className="nowrap strong">{r.project_name}</span>}
                <span className="grow" data-testid="assignment-task">
                  {a.task}
                </span>
                <span className="muted nowrap">{r.assignee_name}</span>
                <span className="muted nowrap">
                  {t("assign.dueShort", { date: date(a.due_on, lang) })}
                </span>
                {a.status === "assigned" && (
                  <button className="ghost small" data-testid="assignment-start" onClick={() => act(call(commands.startAssignment(a.id)), t("assign.started"))}>
                    {t("assign.start")}
                  </button>
                )}
                {a.status !== "done" && (
                  <button className="ghost small" data-testid="assignment-finish" onClick={() => setFinishing(finishing === a.id ? null : a.id)}>
                    {t("assign.finish")}
                  </button>
                )}
                {a.status === "done" && (
                  <button className="ghost small" data-testid="assignment-reopen" onClick={() => act(call(commands.reopenAssignment(a.id)), t("assign.reopened"))}>
                    {t("assign.reopen")}
                  </button>
                )}
                <button className="ghost small" data-testid="assignment-delete" onClick={() => act(call(commands.deleteAssignment(a.id)), t("assign.deleted"))}>
                  {t("common.delete")}
                </button>
              </div>
              {a.status === "done" && a.result && (
                <div className="muted small" data-testid="assignment-result">
                  {t("assign.resultLine", { date: date(a.done_on, lang), result: a.result })}
                </div>
              )}
              {finishing === a.id && (
                <FinishForm
                  id={a.id}
                  notify={notify}
                  onCancel={() => setFinishing(null)}
                  onDone={() => {
                    setFinishing(null);
                    onChanged();
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** 交办: a task on `projectId` to an officer (on staff) or a 包保领导 by name, with a due date. */
export function AssignForm({ projectId, onChanged, notify }: { projectId: string; onChanged: () => void; notify: Notify }) {
  const { t } = useTranslation();
  const [officers, setOfficers] = useState<Officer_Serialize[]>([]);
  const [task, setTask] = useState("");
  const [officer, setOfficer] = useState("");
  const [leader, setLeader] = useState("");
  const [assignedOn, setAssignedOn] = useState(today());
  const [due, setDue] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    call(commands.officers()).then((all) => setOfficers(all.filter((o) => !o.retired_on)), () => setOfficers([]));
  }, []);
  const submit = () =>
    call(
      commands.createAssignment({
        project_id: projectId,
        task,
        assignee_officer_id: officer || null,
        assignee_leader: leader.trim() || null,
        assigned_by: null,
        assigned_on: assignedOn || null,
        due_on: due || null,
      }),
    ).then(
      () => {
        setTask("");
        setOfficer("");
        setLeader("");
        setDue("");
        setErrors({});
        notify(t("assign.created"), true);
        onChanged();
      },
      (e) => setErrors(errorsOf(e)),
    );
  return (
    <div className="assign-form" data-testid="assign-form">
      <label>
        {t("assign.task")}
        <textarea value={task} onChange={(e) => setTask(e.target.value)} data-testid="assign-task" rows={2} />
        <FieldError errors={errors} name="task" />
      </label>
      <div className="row">
        <label>
          {t("assign.officer")}
          <LookupSelect items={officers} value={officer} onChange={setOfficer} data-testid="assign-officer" />
          <FieldError errors={errors} name="assignee_officer_id" />
        </label>
        <label>
          {t("assign.leader")}
          <input value={leader} onChange={(e) => setLeader(e.target.value)} placeholder={t("assign.leaderPlaceholder")} data-testid="assign-leader" />
          <FieldError errors={errors} name="assignee_leader" />
        </label>
      </div>
      <div className="row">
        <label>
          {t("assign.assignedOn")}
          <input type="date" value={assignedOn} onChange={(e) => setAssignedOn(e.target.value)} data-testid="assign-assigned-on" />
          <FieldError errors={errors} name="assigned_on" />
        </label>
        <label>
          {t("assign.due")}
          <input type="date" value={due} onChange={(e) => setDue(e.target.value)} data-testid="assign-due" />
          <FieldError errors={errors} name="due_on" />
        </label>
      </div>
      <FieldError errors={errors} name="project_id" />
      <FieldError errors={errors} name="_" />
      <button onClick={submit} data-testid="assign-submit">
        {t("assign.submit")}
      </button>
    </div>
  );
}

/** The 交办单 section of a project's page. */
export function ProjectAssignments({
  projectId,
  revision,
  onChanged,
  notify,
}: {
  projectId: string;
  revision: number;
  onChanged: () => void;
  notify: Notify;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AssignmentRow_Serialize[]>([]);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    call(commands.projectAssignments(projectId)).then(setRows, () => setRows([]));
  }, [projectId, revision]);
  return (
    <div className="card" data-testid="project-assignments">
      <h3>
        {t("assign.title")}（{rows.length}）
        <button className="ghost small" onClick={() => setAdding(!adding)} data-testid="assign-open">
          {t("assign.new")}
        </button>
      </h3>
      {adding && <AssignForm projectId={projectId} onChanged={onChanged} notify={notify} />}
      <AssignmentTable rows={rows} onChanged={onChanged} notify={notify} showProject={false} />
    </div>
  );
}

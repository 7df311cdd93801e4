import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { Activity_Serialize, ChangeEntry_Serialize, ConstructionKind, Project_Serialize, Stage, StageChange_Serialize } from "../bindings";
import { amountToYuan, errorsOf, type FieldErrors } from "../components/fields";
import { date, money, today } from "../format";
import ProjectForm, { inputOf, type ProjectInput } from "./ProjectForm";
import StageChangeDate from "../components/StageChangeDate";
import { TripReportButton, TripSummary } from "../components/TripDetails";
import EditActivity from "../components/EditActivity";
import ProjectYears from "../components/ProjectYears";
import Attachments, { AttachmentToggle } from "../components/Attachments";
import { ProjectAssignments } from "../components/Assignments";
import NoUpdateReasons from "../components/NoUpdateReasons";

type Props = { id: string; revision: number; onBack: () => void; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

const STAGES: Stage[] = ["Lead", "Negotiating", "Signed", "Started", "Operating", "OnHold", "Dropped"];

export default function ProjectDetail({ id, revision, onBack, onChanged, notify }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [project, setProject] = useState<Project_Serialize | null>(null);
  const [form, setForm] = useState<ProjectInput | null>(null);
  const [wan, setWan] = useState("");
  const [history, setHistory] = useState<StageChange_Serialize[]>([]);
  const [activities, setActivities] = useState<Activity_Serialize[]>([]);
  const [changes, setChanges] = useState<ChangeEntry_Serialize[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [stage, setStage] = useState<Stage>("Negotiating");
  const [stageOn, setStageOn] = useState(today());
  const [kind, setKind] = useState<ConstructionKind | "">("");
  const [note, setNote] = useState("");
  const [stageError, setStageError] = useState<string | null>(null);
  const [missing, setMissing] = useState<string | null>(null);

  const load = useCallback(() => {
    call(commands.project(id)).then(
      (p) => {
        setProject(p);
        setForm(inputOf(p));
        setWan(String(p.total_investment / 1e4));
      },
      (e: UiError) => setMissing(e.message),
    );
    call(commands.stageHistory(id)).then(setHistory, () => setHistory([]));
    call(commands.projectActivities(id)).then(setActivities, () => setActivities([]));
    call(commands.recordHistory("projects", id)).then(setChanges, () => setChanges([]));
  }, [id]);
  useEffect(load, [load, revision]);

  if (missing) {
    return (
      <div className="card">
        <p className="error">{missing}</p>
        <button onClick={onBack}>{t("detail.back")}</button>
      </div>
    );
  }
  if (!project || !form) return <p>{t("common.loading")}</p>;

  const save = async () => {
    let yuan: number;
    try {
      yuan = (await amountToYuan(wan, "TotalInvestment")) ?? 0;
    } catch (e) {
      return setErrors(errorsOf(e));
    }
    try {
      await call(commands.updateProject(id, { ...form, total_investment: yuan }));
      setErrors({});
      notify(t("common.saved"));
      onChanged();
    } catch (e) {
      setErrors(errorsOf(e));
    }
  };
  const addStage = async () => {
    try {
      await call(
        commands.recordStageChange(id, {
          to_stage: stage,
          changed_on: stageOn,
          construction_kind: stage === "Started" && kind ? kind : null,
          added_investment: 0,
          officer_id: null,
          note: note.trim() || null,
          date_unknown: false,
        }),
      );
      setStageError(null);
      setNote("");
      onChanged();
    } catch (e) {
      setStageError((e as UiError).message);
    }
  };
  const removeStage = async (changeId: string) => {
    try {
      await call(commands.deleteStageChange(changeId));
      setStageError(null);
      onChanged();
    } catch (e) {
      setStageError((e as UiError).message);
    }
  };
  const removeActivity = async (activityId: string) => {
    try {
      await call(commands.deleteActivity(activityId));
      notify(t("detail.activityDeleted"), true);
      onChanged();
    } catch (e) {
      notify((e as UiError).message);
    }
  };
  const remove = async () => {
    try {
      await call(commands.deleteProject(id));
      notify(t("detail.deleted"), true);
      onChanged();
      onBack();
    } catch (e) {
      notify((e as UiError).message);
    }
  };
  return (
    <div className="detail" data-testid="project-detail">
      <div className="toolbar">
        <button className="ghost" onClick={onBack}>
          ← {t("detail.back")}
        </button>
        <h2 className="project-title">{project.name}</h2>
        <span className={`stage stage-${project.stage}`} data-testid="detail-stage">
          {t(`stage.${project.stage}`)}
        </span>
        <span className="muted">
          {project.company_name} · {money(project.total_investment, lang)}
        </span>
        <span className="spacer" />
        <button className="danger" onClick={remove} data-testid="delete-project">
          {t("common.delete")}
        </button>
      </div>
      <div className="grid2">
        <ProjectForm mode="edit" form={form} onChange={setForm} wan={wan} onWan={setWan} errors={errors} onSave={save} />
        <div>
          <ProjectYears projectId={id} onChanged={onChanged} />
          <div className="card">
            <h3>{t("detail.timeline")}</h3>
            <ol className="timeline" data-testid="timeline">
              {history.map((c, i) => (
                <li key={c.id}>
                  <StageChangeDate change={c} onChanged={onChanged} />
                  <span className={`stage stage-${c.to_stage}`}>{t(`stage.${c.to_stage}`)}</span>
                  {c.construction_kind && <span className="tag">{t(`construction.${c.construction_kind}`)}</span>}
                  {c.upgrade && <span className="tag">{t("detail.upgrade")}</span>}
                  {c.note && <span className="muted">{c.note}</span>}
                  <span className="spacer" />
                  {i === history.length - 1 && history.length > 1 && (
                    <button className="ghost small" onClick={() => removeStage(c.id)} data-testid="stage-remove">
                      {t("common.delete")}
                    </button>
                  )}
                </li>
              ))}
            </ol>
            <div className="stage-form">
              <select value={stage} onChange={(e) => setStage(e.target.value as Stage)} data-testid="stage-select">
                {STAGES.map((s) => (
                  <option key={s} value={s}>
                    {t(`stage.${s}`)}
                  </option>
                ))}
              </select>
              <input type="date" value={stageOn} onChange={(e) => setStageOn(e.target.value)} data-testid="stage-date" />
              {stage === "Started" && (
                <select value={kind} onChange={(e) => setKind(e.target.value as ConstructionKind | "")}>
                  <option value="">{t("detail.kind")}</option>
                  {(["New", "Continued", "Resumed"] as ConstructionKind[]).map((k) => (
                    <option key={k} value={k}>
                      {t(`construction.${k}`)}
                    </option>
                  ))}
                </select>
              )}
              <input placeholder={t("detail.note")} value={note} onChange={(e) => setNote(e.target.value)} />
              <button onClick={addStage} data-testid="stage-add">
                {t("detail.addStage")}
              </button>
            </div>
            {stageError && (
              <p className="error" data-testid="stage-error">
                {stageError}
              </p>
            )}
          </div>
          <div className="card">
            <h3>{t("detail.activities")}</h3>
            <ul className="list" data-testid="activities">
              {activities.map((a) => (
                <li key={a.id}>
                  <span className="when">{date(a.occurred_on, lang)}</span>
                  <span className="tag">{t(`kind.${a.kind}`)}</span>
                  {a.place && <span className="muted">{a.place}</span>}
                  <div className="grow">
                    {a.summary}
                    <TripSummary activity={a} />
                  </div>
                  {a.kind === "OutboundTrip" && <TripReportButton query={{ activity_id: a.id }} label={t("trip.exportOne")} small />}
                  <EditActivity activity={a} onChanged={onChanged} notify={notify} />
                  <AttachmentToggle owner="activity" ownerId={a.id} />
                  <button className="ghost small" onClick={() => removeActivity(a.id)} data-testid="activity-remove">
                    {t("common.delete")}
                  </button>
                </li>
              ))}
              {activities.length === 0 && <li className="muted">{t("common.none")}</li>}
            </ul>
          </div>
          <ProjectAssignments projectId={id} revision={revision} onChanged={onChanged} notify={notify} />
          <Attachments owner="project" ownerId={id} revision={revision} onChanged={onChanged} />
          <NoUpdateReasons projectId={id} revision={revision} onChanged={onChanged} notify={notify} />
          <div className="card">
            <h3>{t("detail.history")}</h3>
            <ul className="list small">
              {changes.slice(0, 30).map((c) => (
                <li key={c.change_id}>
                  <span className="when">{c.changed_at.slice(0, 16).replace("T", " ")}</span>
                  <span>{c.officer_name ?? ""}</span>
                  <span className="muted">
                    {c.table_name === "stage_changes" ? t("detail.timeline") : c.field === "*" ? t("detail.created") : c.field}
                  </span>
                  {c.old_value !== null && c.field !== "*" && (
                    <span>
                      {c.old_value} → {c.new_value}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        </div>
      </div>
    </div>
  );
}

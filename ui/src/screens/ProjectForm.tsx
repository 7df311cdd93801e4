import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { Industry, Officer, Project_Serialize, ProjectInput_Deserialize, Team } from "../bindings";
import { FieldError, LookupSelect, type FieldErrors } from "../components/fields";

export type ProjectInput = ProjectInput_Deserialize;

/** A project nobody has typed anything into yet (新建项目). */
export function emptyProject(): ProjectInput {
  return {
    name: "",
    company_id: null,
    content: null,
    total_investment: 0,
    industry_id: null,
    region_group_override: null,
    enclave: false,
    relocation: false,
    key_project: false,
    high_energy: false,
    park: null,
    team_id: null,
    officer_id: null,
    sponsor_id: null,
    responsible_unit: null,
    coordination_issues: null,
    next_step: null,
    notes: null,
    follow_up_on: null,
  };
}

/** What the form edits of a saved project. */
export function inputOf(p: Project_Serialize): ProjectInput {
  return {
    name: p.name,
    company_id: p.company_id,
    content: p.content,
    total_investment: p.total_investment,
    industry_id: p.industry_id,
    region_group_override: p.region_group_manual ? p.region_group_id : null,
    enclave: p.enclave,
    relocation: p.relocation,
    key_project: p.key_project,
    high_energy: p.high_energy,
    park: p.park,
    team_id: p.team_id,
    officer_id: p.officer_id,
    sponsor_id: p.sponsor_id,
    responsible_unit: p.responsible_unit,
    coordination_issues: p.coordination_issues,
    next_step: p.next_step,
    notes: p.notes,
    follow_up_on: p.follow_up_on,
  };
}

type Props = {
  /** 新建项目 (`np-*` test ids, a cancel button) or a saved project's fields (`pd-*`). */
  mode: "new" | "edit";
  form: ProjectInput;
  onChange: (form: ProjectInput) => void;
  /** 总投资 as typed, in 万元; the screen turns it into 元 when saving. */
  wan: string;
  onWan: (wan: string) => void;
  errors: FieldErrors;
  onSave: () => void;
  busy?: boolean;
  onCancel?: () => void;
  /** New only: the investor, picked or created (after the name). */
  company?: ReactNode;
  /** New only: the first stage and its date (last in the grid). */
  firstStage?: ReactNode;
};

/** The fields of one project, for 新建项目 and for a project's page. */
/** The fields whose errors the form shows beside them (the new-project screen shows its company,
 * origin and date errors itself); an error naming any other field shows under the form, so no
 * message of the core is ever lost. */
const NEW_FIELDS = ["_", "name", "total_investment", "industry_id", "team_id", "officer_id", "company", "company_id", "origin", "changed_on"];
const EDIT_FIELDS = ["_", "name", "total_investment", "industry_id", "team_id", "officer_id", "follow_up_on", "park", "responsible_unit", "content", "coordination_issues", "next_step", "notes"];

export default function ProjectForm({ mode, form, onChange, wan, onWan, errors, onSave, busy = false, onCancel, company, firstStage }: Props) {
  const { t } = useTranslation();
  const isNew = mode === "new";
  const id = isNew ? "np" : "pd";
  const [industries, setIndustries] = useState<Industry[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [officers, setOfficers] = useState<Officer[]>([]);
  useEffect(() => {
    call(commands.industries()).then(setIndustries);
    call(commands.teams()).then(setTeams);
    call(commands.officers()).then(setOfficers);
  }, []);

  const set = <K extends keyof ProjectInput>(k: K, v: ProjectInput[K]) => onChange({ ...form, [k]: v });
  const err = (k: string) => <FieldError errors={errors} name={k} />;
  const text = (k: keyof ProjectInput, label: string, area = false) => (
    <label className={area ? "wide" : ""}>
      {label}
      {area ? (
        <textarea value={(form[k] as string | null) ?? ""} onChange={(e) => set(k, (e.target.value || null) as never)} rows={2} />
      ) : (
        <input value={(form[k] as string | null) ?? ""} onChange={(e) => set(k, (e.target.value || null) as never)} />
      )}
      {err(k)}
    </label>
  );
  const flag = (k: "key_project" | "enclave" | "relocation" | "high_energy", label: string) => (
    <label className="check">
      <input type="checkbox" checked={form[k] ?? false} onChange={(e) => set(k, e.target.checked)} />
      {label}
    </label>
  );
  // A new project offers the officers of the chosen team; a saved one keeps whoever it has.
  // Officers who left (离岗) are offered no more, except the one a project already names.
  const team = form.team_id ?? "";
  const onStaff = officers.filter((o) => !o.retired_on || o.id === form.officer_id || o.id === form.sponsor_id);
  const shownOfficers = isNew ? onStaff.filter((o) => !team || o.team_id === team) : onStaff;
  return (
    <div className={isNew ? "card form new-project" : "card form"} data-testid={isNew ? "new-project-form" : undefined}>
      <h3>{isNew ? t("projects.new") : t("detail.fields")}</h3>
      <div className="form-grid">
        <label>
          {t("projects.name")}
          <input value={form.name ?? ""} onChange={(e) => set("name", e.target.value)} data-testid={`${id}-name`} autoFocus={isNew} />
          {err("name")}
        </label>
        {company}
        <label>
          {t("detail.investmentWan")}
          {/* Not inputMode="decimal": 1.2亿, 5000万 and 两亿 are typed as import reads them (the core parses). */}
          <input value={wan} onChange={(e) => onWan(e.target.value)} data-testid={`${id}-investment`} />
          {err("total_investment")}
        </label>
        <label>
          {t("projects.industry")}
          <LookupSelect items={industries} value={form.industry_id ?? ""} onChange={(v) => set("industry_id", v || null)} />
          {err("industry_id")}
        </label>
        <label>
          {t("projects.team")}
          <LookupSelect items={teams} value={team} onChange={(v) => set("team_id", v || null)} />
          {err("team_id")}
        </label>
        <label>
          {t("projects.officer")}
          <LookupSelect items={shownOfficers} value={form.officer_id ?? ""} onChange={(v) => set("officer_id", v || null)} />
          {err("officer_id")}
        </label>
        {firstStage}
        {!isNew && (
          <>
            <label>
              {t("detail.followUp")}
              <input type="date" value={form.follow_up_on ?? ""} onChange={(e) => set("follow_up_on", e.target.value || null)} />
              {err("follow_up_on")}
            </label>
            {text("park", t("detail.park"))}
            {text("responsible_unit", t("detail.unit"))}
            {text("content", t("detail.content"), true)}
            {text("coordination_issues", t("detail.issues"), true)}
            {text("next_step", t("detail.nextStep"), true)}
            {text("notes", t("detail.notes"), true)}
          </>
        )}
      </div>
      {!isNew && (
        <div className="flags">
          {flag("key_project", t("projects.key"))}
          {flag("enclave", t("projects.enclave"))}
          {flag("relocation", t("projects.relocation"))}
          {flag("high_energy", t("projects.highEnergy"))}
        </div>
      )}
      {form.high_energy && <p className="warning">{t("detail.highEnergyWarning")}</p>}
      {err("_")}
      {Object.keys(errors)
        .filter((k) => !(isNew ? NEW_FIELDS : EDIT_FIELDS).includes(k))
        .map((k) => (
          <FieldError key={k} errors={errors} name={k} />
        ))}
      <div className="actions">
        <button onClick={onSave} disabled={busy} data-testid={`${id}-save`}>
          {t("common.save")}
        </button>
        {onCancel && (
          <button className="ghost" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </div>
  );
}

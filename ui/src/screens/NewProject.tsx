import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { Company_Serialize, Division, Stage } from "../bindings";
import { amountToYuan, errorsOf, FieldError, Suggestions, type FieldErrors } from "../components/fields";
import { today } from "../format";
import ProjectForm, { emptyProject } from "./ProjectForm";

type Props = { onClose: () => void; onCreated: (id: string) => void };

/** 新建项目: the project, and its investor (picked, or created here). */
export default function NewProject({ onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState(emptyProject);
  const [wan, setWan] = useState("");
  const [companyQuery, setCompanyQuery] = useState("");
  const [companies, setCompanies] = useState<Company_Serialize[]>([]);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [originQuery, setOriginQuery] = useState("");
  const [origins, setOrigins] = useState<Division[]>([]);
  const [origin, setOrigin] = useState<Division | null>(null);
  // 初始阶段: the stages the core allows a new project to start in, its default first.
  const [stages, setStages] = useState<Stage[]>([]);
  const [stage, setStage] = useState<Stage>("Lead");
  const [on, setOn] = useState(today());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(commands.firstStages()).then((s) => {
      setStages(s);
      if (s.length) setStage(s[0]);
    });
  }, []);
  useEffect(() => {
    if (!companyQuery.trim() || companyId) return setCompanies([]);
    call(commands.searchCompanies(companyQuery, 8)).then(setCompanies);
  }, [companyQuery, companyId]);
  useEffect(() => {
    if (!originQuery.trim() || origin) return setOrigins([]);
    call(commands.searchDivisions(originQuery, 8)).then(setOrigins);
  }, [originQuery, origin]);

  const save = async () => {
    let yuan: number;
    try {
      yuan = (await amountToYuan(wan, "TotalInvestment")) ?? 0;
    } catch (e) {
      return setErrors(errorsOf(e));
    }
    setBusy(true);
    setErrors({});
    try {
      let company = companyId;
      if (!company && companyQuery.trim()) {
        try {
          const c = await call(
            commands.createCompany({
              name: companyQuery,
              credit_code: null,
              origin_code: origin?.code ?? null,
              overseas: false,
              industry_id: form.industry_id || null,
              contact_person: null,
              contact_phone: null,
              notes: null,
            }),
          );
          company = c.id;
          setCompanyId(c.id);
        } catch (e) {
          const err = e as UiError;
          setErrors({ [err.field === "origin_code" ? "origin" : "company"]: err.message });
          return;
        }
      }
      const p = await call(
        commands.createProject({
          project: { ...form, company_id: company, total_investment: yuan },
          first_stage: stage,
          first_stage_on: on,
        }),
      );
      onCreated(p.id);
    } catch (e) {
      setErrors(errorsOf(e));
    } finally {
      setBusy(false);
    }
  };
  const company = (
    <>
      <label>
        {t("projects.company")}
        <input
          value={companyQuery}
          onChange={(e) => {
            setCompanyQuery(e.target.value);
            setCompanyId(null);
          }}
          placeholder={t("detail.companyPick")}
          data-testid="np-company"
        />
        <Suggestions
          items={companies}
          keyOf={(c) => c.id}
          onPick={(c) => {
            setCompanyId(c.id);
            setCompanyQuery(c.name);
          }}
        >
          {(c) => (
            <>
              {c.name} <span className="muted">{c.origin_name}</span>
            </>
          )}
        </Suggestions>
        <FieldError errors={errors} name="company" />
        <FieldError errors={errors} name="company_id" />
      </label>
      {!companyId && (
        <label>
          {t("detail.origin")}
          <input
            value={originQuery}
            onChange={(e) => {
              setOriginQuery(e.target.value);
              setOrigin(null);
            }}
            data-testid="np-origin"
          />
          <Suggestions
            items={origins}
            keyOf={(d) => d.code}
            onPick={(d) => {
              setOrigin(d);
              setOriginQuery(d.full_name);
            }}
          >
            {(d) => d.full_name}
          </Suggestions>
          <FieldError errors={errors} name="origin" />
        </label>
      )}
    </>
  );
  const firstStage = (
    <>
      <label>
        {t("detail.firstStage")}
        <select value={stage} onChange={(e) => setStage(e.target.value as Stage)}>
          {stages.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("detail.stageDate")}
        <input type="date" value={on} onChange={(e) => setOn(e.target.value)} />
        <FieldError errors={errors} name="changed_on" />
      </label>
    </>
  );
  return (
    <ProjectForm
      mode="new"
      form={form}
      onChange={setForm}
      wan={wan}
      onWan={setWan}
      errors={errors}
      onSave={save}
      busy={busy}
      onCancel={onClose}
      company={company}
      firstStage={firstStage}
    />
  );
}

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { Company_Serialize, Division, Industry, Officer, Stage, Team } from "../bindings";
import { today, wanToYuan } from "../format";

type Props = { onClose: () => void; onCreated: (id: string) => void };

/** 新建项目: the project, and its investor (picked, or created here). */
export default function NewProject({ onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [companyQuery, setCompanyQuery] = useState("");
  const [companies, setCompanies] = useState<Company_Serialize[]>([]);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [originQuery, setOriginQuery] = useState("");
  const [origins, setOrigins] = useState<Division[]>([]);
  const [origin, setOrigin] = useState<Division | null>(null);
  const [wan, setWan] = useState("");
  const [industries, setIndustries] = useState<Industry[]>([]);
  const [industry, setIndustry] = useState("");
  const [teams, setTeams] = useState<Team[]>([]);
  const [team, setTeam] = useState("");
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [officer, setOfficer] = useState("");
  const [stage, setStage] = useState<Stage>("Lead");
  const [on, setOn] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(commands.industries()).then(setIndustries);
    call(commands.teams()).then(setTeams);
    call(commands.officers()).then(setOfficers);
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
    const yuan = wanToYuan(wan);
    if (yuan === null) return setErrors({ total_investment: t("errors.notNumber") });
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
              industry_id: industry || null,
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
          project: {
            name,
            company_id: company,
            content: null,
            total_investment: yuan,
            industry_id: industry || null,
            region_group_override: null,
            enclave: false,
            relocation: false,
            key_project: false,
            high_energy: false,
            park: null,
            team_id: team || null,
            officer_id: officer || null,
            sponsor_id: null,
            responsible_unit: null,
            coordination_issues: null,
            next_step: null,
            notes: null,
            follow_up_on: null,
          },
          first_stage: stage,
          first_stage_on: on,
        }),
      );
      onCreated(p.id);
    } catch (e) {
      const err = e as UiError;
      setErrors({ [err.field ?? "_"]: err.message });
    } finally {
      setBusy(false);
    }
  };
  const err = (k: string) => errors[k] && <span className="field-error" data-testid={`error-${k}`}>{errors[k]}</span>;
  return (
    <div className="card form new-project" data-testid="new-project-form">
      <h3>{t("projects.new")}</h3>
      <div className="form-grid">
        <label>
          {t("projects.name")}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="np-name" autoFocus />
          {err("name")}
        </label>
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
          {companies.length > 0 && (
            <div className="suggest">
              {companies.map((c) => (
                <div
                  key={c.id}
                  onClick={() => {
                    setCompanyId(c.id);
                    setCompanyQuery(c.name);
                  }}
                >
                  {c.name} <span className="muted">{c.origin_name}</span>
                </div>
              ))}
            </div>
          )}
          {err("company")}
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
            {origins.length > 0 && (
              <div className="suggest">
                {origins.map((d) => (
                  <div
                    key={d.code}
                    onClick={() => {
                      setOrigin(d);
                      setOriginQuery(d.full_name);
                    }}
                  >
                    {d.full_name}
                  </div>
                ))}
              </div>
            )}
            {err("origin")}
          </label>
        )}
        <label>
          {t("detail.investmentWan")}
          <input value={wan} onChange={(e) => setWan(e.target.value)} inputMode="decimal" data-testid="np-investment" />
          {err("total_investment")}
        </label>
        <label>
          {t("projects.industry")}
          <select value={industry} onChange={(e) => setIndustry(e.target.value)}>
            <option value="">—</option>
            {industries.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("projects.team")}
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">—</option>
            {teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("projects.officer")}
          <select value={officer} onChange={(e) => setOfficer(e.target.value)}>
            <option value="">—</option>
            {officers
              .filter((o) => !team || o.team_id === team)
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t("detail.firstStage")}
          <select value={stage} onChange={(e) => setStage(e.target.value as Stage)}>
            {(["Lead", "Negotiating", "Signed"] as Stage[]).map((s) => (
              <option key={s} value={s}>
                {t(`stage.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("detail.stageDate")}
          <input type="date" value={on} onChange={(e) => setOn(e.target.value)} />
          {err("changed_on")}
        </label>
      </div>
      {err("_")}
      <div className="actions">
        <button onClick={save} disabled={busy} data-testid="np-save">
          {t("common.save")}
        </button>
        <button className="ghost" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </div>
  );
}

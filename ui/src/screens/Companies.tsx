import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type {
  CompanyDetail_Serialize,
  CompanyInput_Deserialize,
  CompanyRow_Serialize,
  Division,
  Industry,
  RegionGroup,
} from "../bindings";
import { amountToYuan, errorsOf, FieldError, LookupSelect } from "../components/fields";
import { date, money, yuanToWanText } from "../format";
import Attachments, { AttachmentToggle } from "../components/Attachments";

const PAGE = 50;

type Props = { revision: number; onOpenProject: (id: string) => void; onChanged: () => void; notify: (m: string) => void };

const cell = { padding: "5px 8px", borderBottom: "1px solid var(--line)", textAlign: "left" as const };

/**
 * 企业库: every company of the ledger — searchable (name, pinyin, initials, alias, credit code,
 * 法定代表人), by region group and industry, a page at a time — and one company's detail: all its
 * fields editable (a refused value is shown at its field), its projects and its activities.
 */
/** What the list shows; kept while a company is open, so 返回 finds the list as it was. */
type ListState = { search: string; region: string; industry: string; offset: number };

export default function Companies({ revision, onOpenProject, onChanged, notify }: Props) {
  const [openId, setOpenId] = useState<string | null>(null);
  const [list, setList] = useState<ListState>({ search: "", region: "", industry: "", offset: 0 });
  if (openId) {
    return (
      <CompanyDetailView
        id={openId}
        revision={revision}
        onBack={() => setOpenId(null)}
        onOpenProject={onOpenProject}
        onChanged={onChanged}
        notify={notify}
      />
    );
  }
  return <CompanyList revision={revision} onOpen={setOpenId} state={list} setState={setList} />;
}

function CompanyList({
  revision,
  onOpen,
  state,
  setState,
}: {
  revision: number;
  onOpen: (id: string) => void;
  state: ListState;
  setState: (s: ListState) => void;
}) {
  const { t } = useTranslation();
  const { search, region, industry, offset } = state;
  const [debounced, setDebounced] = useState(search.trim());
  const [rows, setRows] = useState<CompanyRow_Serialize[] | null>(null);
  const [total, setTotal] = useState(0);
  const [regions, setRegions] = useState<RegionGroup[]>([]);
  const [industries, setIndustries] = useState<Industry[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const h = window.setTimeout(() => setDebounced(search.trim()), 150);
    return () => window.clearTimeout(h);
  }, [search]);
  useEffect(() => {
    call(commands.regionGroups()).then(setRegions, () => setRegions([]));
    call(commands.industries()).then(setIndustries, () => setIndustries([]));
  }, []);
  useEffect(() => {
    let gone = false;
    call(
      commands.listCompanies({
        query: debounced || null,
        region_group_id: region || null,
        industry_id: industry || null,
        offset,
        limit: PAGE,
      }),
    ).then(
      (page) => {
        if (gone) return;
        setRows(page.rows);
        setTotal(page.total);
        setError(null);
      },
      (e: UiError) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
    };
  }, [debounced, region, industry, offset, revision]);

  const pages = Math.max(1, Math.ceil(total / PAGE));
  const page = Math.floor(offset / PAGE) + 1;
  /** A filter changed: back to the first page. */
  const filterChanged = (change: Partial<ListState>) => setState({ ...state, ...change, offset: 0 });
  const setOffset = (o: number) => setState({ ...state, offset: o });
  return (
    <div data-testid="companies">
      <div className="toolbar">
        <input
          data-testid="companies-search"
          placeholder={t("companies.searchPlaceholder")}
          value={search}
          onChange={(e) => filterChanged({ search: e.target.value })}
          style={{ minWidth: 320 }}
        />
        <LookupSelect data-testid="companies-region" items={regions} value={region} onChange={(v) => filterChanged({ region: v })} empty={t("companies.allRegions")} />
        <LookupSelect
          data-testid="companies-industry"
          items={industries}
          value={industry}
          onChange={(v) => filterChanged({ industry: v })}
          empty={t("companies.allIndustries")}
        />
        <span className="spacer" />
        <span className="muted" data-testid="companies-total">
          {t("companies.total", { count: total })}
        </span>
      </div>
      {error && (
        <p className="error" data-testid="companies-error">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p className="muted">{t("companies.empty")}</p>}
      {rows && rows.length > 0 && (
        <div className="card">
          <table style={{ width: "100%", borderCollapse: "collapse" }}>
            <thead>
              <tr>
                <th style={cell}>{t("companies.name")}</th>
                <th style={cell}>{t("companies.legalRepresentative")}</th>
                <th style={cell}>{t("companies.origin")}</th>
                <th style={cell}>{t("companies.region")}</th>
                <th style={cell}>{t("companies.industry")}</th>
                <th style={cell}>{t("companies.projects")}</th>
                <th style={cell}>{t("companies.activities")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.company.id} data-testid="company-row" style={{ cursor: "pointer" }} onClick={() => onOpen(r.company.id)}>
                  <td style={cell}>
                    <a
                      href="#"
                      data-testid="company-name"
                      onClick={(e) => {
                        e.preventDefault();
                      }}
                    >
                      {r.company.name}
                    </a>
                    {r.company.credit_code && <div className="muted small">{r.company.credit_code}</div>}
                  </td>
                  <td style={cell}>{r.company.legal_representative ?? "—"}</td>
                  <td style={cell}>{r.company.origin_name ?? "—"}</td>
                  <td style={cell}>{r.region_group_name ?? "—"}</td>
                  <td style={cell}>{r.industry_name ?? "—"}</td>
                  <td style={cell} data-testid="company-projects">
                    {r.project_count}
                  </td>
                  <td style={cell} data-testid="company-activities">
                    {r.activity_count}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <div className="actions">
              <button className="ghost" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} data-testid="companies-prev">
                {t("companies.prev")}
              </button>
              <span className="muted" data-testid="companies-page">
                {t("companies.page", { page, pages })}
              </span>
              <button className="ghost" disabled={page >= pages} onClick={() => setOffset(offset + PAGE)} data-testid="companies-next">
                {t("companies.next")}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** 元 → the 万元 text of the form ("" when empty). */
function CompanyDetailView({
  id,
  revision,
  onBack,
  onOpenProject,
  onChanged,
  notify,
}: {
  id: string;
  revision: number;
  onBack: () => void;
  onOpenProject: (id: string) => void;
  onChanged: () => void;
  notify: (m: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [detail, setDetail] = useState<CompanyDetail_Serialize | null>(null);
  const [form, setForm] = useState<CompanyInput_Deserialize | null>(null);
  const [capital, setCapital] = useState("");
  const [originName, setOriginName] = useState<string | null>(null);
  const [originQuery, setOriginQuery] = useState("");
  const [divisions, setDivisions] = useState<Division[]>([]);
  const [industries, setIndustries] = useState<Industry[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string | null>(null);

  useEffect(() => {
    call(commands.companyDetail(id)).then(
      (d) => {
        setDetail(d);
        const c = d.company;
        setForm({
          name: c.name,
          credit_code: c.credit_code,
          origin_code: c.origin_code,
          overseas: c.overseas,
          industry_id: c.industry_id,
          contact_person: c.contact_person,
          contact_phone: c.contact_phone,
          notes: c.notes,
          legal_representative: c.legal_representative,
          registered_capital: c.registered_capital,
          address: c.address,
          business_scope: c.business_scope,
        });
        setCapital(yuanToWanText(c.registered_capital));
        setOriginName(c.origin_name);
        setMissing(null);
      },
      (e: UiError) => setMissing(e.message),
    );
  }, [id, revision]);
  useEffect(() => {
    call(commands.industries()).then(setIndustries, () => setIndustries([]));
  }, []);
  useEffect(() => {
    const q = originQuery.trim();
    if (!q) {
      setDivisions([]);
      return;
    }
    let gone = false;
    const h = window.setTimeout(() => {
      call(commands.searchDivisions(q, 10)).then(
        (ds) => !gone && setDivisions(ds),
        () => !gone && setDivisions([]),
      );
    }, 150);
    return () => {
      gone = true;
      window.clearTimeout(h);
    };
  }, [originQuery]);

  if (missing) {
    return (
      <div className="card">
        <p className="error" data-testid="company-missing">
          {missing}
        </p>
        <button onClick={onBack}>{t("companies.back")}</button>
      </div>
    );
  }
  if (!detail || !form) return <p>{t("common.loading")}</p>;

  const set = <K extends keyof CompanyInput_Deserialize>(k: K, v: CompanyInput_Deserialize[K]) => setForm({ ...form, [k]: v });
  const save = async () => {
    // Blank is "not known" (null), not 0.
    let registered_capital: number | null;
    try {
      registered_capital = await amountToYuan(capital, "RegisteredCapital");
    } catch (e) {
      return setErrors(errorsOf(e));
    }
    try {
      await call(commands.updateCompany(id, { ...form, registered_capital }));
      setErrors({});
      notify(t("common.saved"));
      onChanged();
    } catch (e) {
      setErrors(errorsOf(e));
    }
  };
  const err = (k: string) => <FieldError errors={errors} name={k} />;
  const text = (k: keyof CompanyInput_Deserialize, label: string, area = false) => (
    <label className={area ? "wide" : ""}>
      {label}
      {area ? (
        <textarea
          data-testid={`cd-${k}`}
          value={(form[k] as string | null | undefined) ?? ""}
          onChange={(e) => set(k, (e.target.value || null) as never)}
          rows={3}
        />
      ) : (
        <input data-testid={`cd-${k}`} value={(form[k] as string | null | undefined) ?? ""} onChange={(e) => set(k, (e.target.value || null) as never)} />
      )}
      {err(k)}
    </label>
  );
  const c = detail.company;
  return (
    <div className="detail" data-testid="company-detail">
      <div className="toolbar">
        <button className="ghost" onClick={onBack} data-testid="company-back">
          ← {t("companies.back")}
        </button>
        <h2 className="project-title" data-testid="company-title">
          {c.name}
        </h2>
        <span className="muted">
          {[detail.region_group_name, detail.industry_name, c.registered_capital !== null ? `${t("companies.capital")} ${money(c.registered_capital, lang)}` : null]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </div>
      <div className="grid2">
        <div className="card form">
          <h3>{t("companies.fields")}</h3>
          <div className="form-grid">
            {text("name", t("companies.name"))}
            {text("credit_code", t("companies.creditCode"))}
            {text("legal_representative", t("companies.legalRepresentative"))}
            <label>
              {t("companies.capitalWan")}
              <input data-testid="cd-registered_capital" value={capital} onChange={(e) => setCapital(e.target.value)} inputMode="decimal" />
              {err("registered_capital")}
            </label>
            <label>
              {t("companies.origin")}
              <span data-testid="cd-origin-name">{form.overseas ? t("companies.overseas") : (originName ?? t("companies.noOrigin"))}</span>
              <input
                data-testid="cd-origin-search"
                placeholder={t("companies.originSearch")}
                value={originQuery}
                onChange={(e) => setOriginQuery(e.target.value)}
              />
              {divisions.length > 0 && (
                <select
                  data-testid="cd-origin-pick"
                  value=""
                  onChange={(e) => {
                    const d = divisions.find((x) => x.code === e.target.value);
                    if (!d) return;
                    setForm({ ...form, origin_code: d.code, overseas: false });
                    setOriginName(d.full_name);
                    setOriginQuery("");
                  }}
                >
                  <option value="">—</option>
                  {divisions.map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.full_name}
                    </option>
                  ))}
                </select>
              )}
              {err("origin_code")}
            </label>
            <label className="check">
              <input data-testid="cd-overseas" type="checkbox" checked={form.overseas} onChange={(e) => set("overseas", e.target.checked)} />
              {t("companies.overseas")}
            </label>
            <label>
              {t("companies.industry")}
              <LookupSelect data-testid="cd-industry" items={industries} value={form.industry_id ?? ""} onChange={(v) => set("industry_id", v || null)} />
              {err("industry_id")}
            </label>
            {text("contact_person", t("companies.contactPerson"))}
            {text("contact_phone", t("companies.contactPhone"))}
            {text("address", t("companies.address"), true)}
            {text("business_scope", t("companies.businessScope"), true)}
            {text("notes", t("companies.notes"), true)}
          </div>
          {err("_")}
          <div className="actions">
            <button onClick={save} data-testid="cd-save">
              {t("common.save")}
            </button>
          </div>
        </div>
        <div>
          <div className="card">
            <h3>{t("companies.projectsTitle")}</h3>
            <ul className="list" data-testid="company-project-list">
              {detail.projects.map((p) => (
                <li key={p.id}>
                  <a
                    href="#"
                    data-testid="company-project"
                    onClick={(e) => {
                      e.preventDefault();
                      onOpenProject(p.id);
                    }}
                  >
                    {p.name}
                  </a>
                  <span className={`stage stage-${p.stage}`}>{t(`stage.${p.stage}`)}</span>
                  <span className="muted">{money(p.total_investment, lang)}</span>
                </li>
              ))}
              {detail.projects.length === 0 && <li className="muted">{t("companies.noProjects")}</li>}
            </ul>
          </div>
          <Attachments owner="company" ownerId={id} revision={revision} onChanged={onChanged} />
          <div className="card">
            <h3>{t("companies.activitiesTitle")}</h3>
            <ul className="list" data-testid="company-activity-list">
              {detail.activities.map((a) => (
                <li key={a.id} data-testid="company-activity">
                  <span className="when">{date(a.occurred_on, lang)}</span>
                  <span className="tag">{t(`kind.${a.kind}`)}</span>
                  {a.place && <span className="muted">{a.place}</span>}
                  <span className="grow">{a.summary}</span>
                  <AttachmentToggle owner="activity" ownerId={a.id} />
                </li>
              ))}
              {detail.activities.length === 0 && <li className="muted">{t("companies.noActivities")}</li>}
            </ul>
          </div>
        </div>
      </div>
    </div>
  );
}

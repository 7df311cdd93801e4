import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { Activity_Serialize, ActivityKind, Company_Serialize, Officer, ProjectRow_Serialize, Division } from "../bindings";
import { Suggestions } from "../components/fields";
import { emptyTrip, TRIP_FIELDS, TripFields, tripInput, TripSummary, type TripText } from "../components/TripDetails";
import { date, today } from "../format";

const KINDS: ActivityKind[] = ["OutboundTrip", "IncomingVisit", "Call", "VideoMeeting", "PromotionEvent", "SigningCeremony"];
const DRAFT = "zs.quickEntryDraft";

type Draft = {
  kind: ActivityKind;
  on: string;
  projects: { id: string; name: string }[];
  /** Companies met without a project yet (a call to a company): sent as company_ids. */
  companies: { id: string; name: string }[];
  officerIds: string[];
  summary: string;
  followUp: string;
  destination: { code: string; name: string } | null;
  /** 出访详情, sent for an 外出招商 only. */
  trip: TripText;
};

function emptyDraft(): Draft {
  return { kind: "IncomingVisit", on: today(), projects: [], companies: [], officerIds: [], summary: "", followUp: "", destination: null, trip: emptyTrip() };
}

/** 快速记录: keyboard-first; the draft is kept in local storage so a crash loses nothing. */
export default function QuickEntry({ onChanged, notify }: { onChanged: () => void; notify: (m: string, withUndo?: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => {
    try {
      const saved = localStorage.getItem(DRAFT);
      return saved ? { ...emptyDraft(), ...JSON.parse(saved) } : emptyDraft();
    } catch {
      return emptyDraft();
    }
  });
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [recent, setRecent] = useState<Activity_Serialize[]>([]);
  const [saved, setSaved] = useState(0);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<ProjectRow_Serialize[]>([]);
  const [companyQuery, setCompanyQuery] = useState("");
  const [companiesFound, setCompaniesFound] = useState<Company_Serialize[]>([]);
  const [destQuery, setDestQuery] = useState(draft.destination?.name ?? "");
  const [dests, setDests] = useState<Division[]>([]);
  const [officerFilter, setOfficerFilter] = useState("");
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const summaryRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    // Officers who left (离岗) are not offered for new entries.
    call(commands.officers()).then((all) => setOfficers(all.filter((o) => !o.retired_on)));
  }, []);
  useEffect(() => {
    call(commands.recentActivities(8)).then(setRecent, () => setRecent([]));
  }, [saved]);
  useEffect(() => {
    localStorage.setItem(DRAFT, JSON.stringify(draft));
  }, [draft]);
  useEffect(() => {
    if (!query.trim()) return setFound([]);
    call(commands.listProjects({ search: query, limit: 8 })).then((p) => setFound(p.rows));
  }, [query]);
  useEffect(() => {
    if (!companyQuery.trim()) return setCompaniesFound([]);
    call(commands.searchCompanies(companyQuery, 8)).then(setCompaniesFound, () => setCompaniesFound([]));
  }, [companyQuery]);
  useEffect(() => {
    if (!destQuery.trim() || draft.destination?.name === destQuery) return setDests([]);
    call(commands.searchDivisions(destQuery, 6)).then(setDests);
  }, [destQuery, draft.destination]);

  const save = async () => {
    try {
      await call(
        commands.createActivity({
          kind: draft.kind,
          occurred_on: draft.on,
          place: draft.destination?.name ?? null,
          destination_code: draft.destination?.code ?? null,
          summary: draft.summary.trim() || null,
          follow_up_on: draft.followUp || null,
          officer_ids: draft.officerIds,
          company_ids: draft.companies.map((c) => c.id),
          project_ids: draft.projects.map((p) => p.id),
          trip: draft.kind === "OutboundTrip" ? tripInput(draft.trip) : {},
        }),
      );
      setError(null);
      setDraft({ ...emptyDraft(), kind: draft.kind, officerIds: draft.officerIds });
      setQuery("");
      setCompanyQuery("");
      setSaved((n) => n + 1);
      notify(t("quick.saved"));
      onChanged();
    } catch (e) {
      const err = e as UiError;
      setError({ field: err.field, message: err.message });
    }
  };

  const pickCompany = (c: Company_Serialize) => {
    if (!draft.companies.some((x) => x.id === c.id)) setDraft({ ...draft, companies: [...draft.companies, { id: c.id, name: c.name }] });
    setCompanyQuery("");
  };

  const shownOfficers = officerFilter.trim() ? officers.filter((o) => o.name.includes(officerFilter.trim())) : officers;
  const toggleOfficer = (id: string, on: boolean) =>
    setDraft({ ...draft, officerIds: on ? [...draft.officerIds, id] : draft.officerIds.filter((x) => x !== id) });

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.altKey && /^[1-6]$/.test(e.key)) {
      setDraft({ ...draft, kind: KINDS[Number(e.key) - 1] });
    }
  };

  return (
    <div className="quick-layout">
      <div className="card form quick" onKeyDown={onKey} data-testid="quick-entry">
        <div className="kinds">
          {KINDS.map((k, i) => (
            <button
              key={k}
              className={draft.kind === k ? "chip active" : "chip"}
              onClick={() => setDraft({ ...draft, kind: k })}
              data-testid={`kind-${k}`}
            >
              {i + 1}. {t(`kind.${k}`)}
            </button>
          ))}
        </div>
        <p className="muted">{t("quick.hint")}</p>
        <div className="form-grid">
          <label>
            {t("quick.date")}
            <input type="date" value={draft.on} onChange={(e) => setDraft({ ...draft, on: e.target.value })} data-testid="qe-date" />
            {error?.field === "occurred_on" && <span className="field-error">{error.message}</span>}
          </label>
          {draft.kind === "OutboundTrip" && (
            <label>
              {t("quick.destination")}
              <input value={destQuery} onChange={(e) => setDestQuery(e.target.value)} data-testid="qe-destination" />
              {dests.length > 0 && (
                <div className="suggest">
                  {dests.map((d) => (
                    <div
                      key={d.code}
                      onClick={() => {
                        setDraft({ ...draft, destination: { code: d.code, name: d.full_name } });
                        setDestQuery(d.full_name);
                      }}
                    >
                      {d.full_name}
                    </div>
                  ))}
                </div>
              )}
            </label>
          )}
          <label className="wide">
            {t("quick.projects")}
            <div className="picked">
              {draft.projects.map((p) => (
                <span key={p.id} className="tag removable" onClick={() => setDraft({ ...draft, projects: draft.projects.filter((x) => x.id !== p.id) })}>
                  {p.name} ×
                </span>
              ))}
            </div>
            <input
              placeholder={t("quick.pickProject")}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.ctrlKey && found[0]) {
                  e.preventDefault();
                  setDraft({ ...draft, projects: [...draft.projects, { id: found[0].id, name: found[0].name }] });
                  setQuery("");
                }
              }}
              data-testid="qe-project"
            />
            {found.length > 0 && (
              <div className="suggest">
                {found.map((p) => (
                  <div
                    key={p.id}
                    onClick={() => {
                      setDraft({ ...draft, projects: [...draft.projects, { id: p.id, name: p.name }] });
                      setQuery("");
                    }}
                  >
                    {p.name} <span className="muted">{p.company_name}</span>
                  </div>
                ))}
              </div>
            )}
          </label>
          <label className="wide">
            {t("companies.name")}
            <div className="picked" data-testid="qe-companies">
              {draft.companies.map((c) => (
                <span key={c.id} className="tag removable" onClick={() => setDraft({ ...draft, companies: draft.companies.filter((x) => x.id !== c.id) })}>
                  {c.name} ×
                </span>
              ))}
            </div>
            <input
              placeholder={t("companies.searchPlaceholder")}
              value={companyQuery}
              onChange={(e) => setCompanyQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.ctrlKey && companiesFound[0]) {
                  e.preventDefault();
                  pickCompany(companiesFound[0]);
                }
              }}
              data-testid="qe-company"
            />
            <Suggestions items={companiesFound} keyOf={(c) => c.id} onPick={pickCompany}>
              {(c) => c.name}
            </Suggestions>
          </label>
          <label className="wide">
            {t("quick.officers")}
            <input
              className="filter"
              placeholder={t("quick.filterOfficers")}
              value={officerFilter}
              onChange={(e) => setOfficerFilter(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.ctrlKey && shownOfficers[0]) {
                  e.preventDefault();
                  const o = shownOfficers[0];
                  toggleOfficer(o.id, !draft.officerIds.includes(o.id));
                  setOfficerFilter("");
                }
              }}
              data-testid="qe-officer-filter"
            />
            <div className="officer-picks">
              {shownOfficers.map((o) => (
                <label key={o.id} className="check">
                  <input
                    type="checkbox"
                    checked={draft.officerIds.includes(o.id)}
                    onChange={(e) => toggleOfficer(o.id, e.target.checked)}
                    data-testid="qe-officer"
                  />
                  {o.name}
                </label>
              ))}
            </div>
            {error?.field === "officer_ids" && <span className="field-error" data-testid="qe-officer-error">{error.message}</span>}
          </label>
          <label className="wide">
            {t("quick.summary")}
            <textarea ref={summaryRef} rows={3} value={draft.summary} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} data-testid="qe-summary" />
          </label>
          <label>
            {t("quick.followUp")}
            <input type="date" value={draft.followUp} onChange={(e) => setDraft({ ...draft, followUp: e.target.value })} />
            {error?.field === "follow_up_on" && <span className="field-error">{error.message}</span>}
          </label>
          {draft.kind === "OutboundTrip" && (
            <TripFields
              value={draft.trip}
              onChange={(trip) => setDraft({ ...draft, trip })}
              errorAt={(f) =>
                error?.field === f && (
                  <span className="field-error" data-testid={`qe-error-${f}`}>
                    {error.message}
                  </span>
                )
              }
              testPrefix="qe"
            />
          )}
        </div>
        {error && !["occurred_on", "officer_ids", "follow_up_on", ...(draft.kind === "OutboundTrip" ? TRIP_FIELDS : [])].includes(error.field ?? "") && <p className="error">{error.message}</p>}
        <div className="actions">
          <button onClick={save} data-testid="qe-save">
            {t("quick.save")}
          </button>
          <span className="muted">{t("quick.draft")}</span>
        </div>
      </div>
      <div className="card recent">
        <h3>{t("quick.recent")}</h3>
        <ul className="list" data-testid="recent-activities">
          {recent.map((a) => (
            <li key={a.id} className="stacked">
              <div>
                <span className="when">{date(a.occurred_on, i18n.language)}</span>
                <span className="tag">{t(`kind.${a.kind}`)}</span>
                {a.place && <span className="muted">{a.place}</span>}
              </div>
              <div className="summary">{a.summary ?? "—"}</div>
              <TripSummary activity={a} />
            </li>
          ))}
          {recent.length === 0 && <li className="muted">{t("common.none")}</li>}
        </ul>
      </div>
    </div>
  );
}

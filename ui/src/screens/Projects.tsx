import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useVirtualizer } from "@tanstack/react-virtual";
import { call, commands, UiError } from "../api";
import type {
  Industry,
  Officer,
  PeriodField,
  ProjectFilter_Deserialize,
  ProjectRow_Serialize,
  ProjectSort,
  RegionGroup,
  Stage,
  Team,
  Tier,
} from "../bindings";
import { LookupSelect } from "../components/fields";
import { useParkNames } from "../components/parks";
import { date, money } from "../format";
import NewProject from "./NewProject";
import ExportButtons from "../ExportButtons";

const PAGE = 200;
const STAGES: Stage[] = ["Lead", "Negotiating", "Signed", "Started", "Operating", "OnHold", "Dropped"];
const TIERS: Tier[] = ["Over10Yi", "Over1Yi", "Over5000Wan", "Under5000Wan"];
const FLAGS = ["key_project", "enclave", "relocation", "high_energy"] as const;
type Flag = (typeof FLAGS)[number];
const FLAG_LABEL: Record<Flag, string> = { key_project: "key", enclave: "enclave", relocation: "relocation", high_energy: "highEnergy" };
const PERIOD_FIELDS: PeriodField[] = ["Signed", "Started", "Operating", "Created", "Contacted"];

/** What another screen opens the list on (招商地图: a place, and the metric's stage or dates). */
export type ListPreset = { originCode: string; originName: string; stages?: Stage[]; periodField?: PeriodField; from?: string; to?: string };

type Props = { initialSearch?: string; preset?: ListPreset; revision: number; onOpen: (id: string) => void; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

export default function Projects({ initialSearch, preset, revision, onOpen, onChanged, notify }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState(initialSearch ?? "");
  const [debounced, setDebounced] = useState(initialSearch ?? "");
  const [stages, setStages] = useState<Stage[]>(preset?.stages ?? []);
  const [origin, setOrigin] = useState<{ code: string; name: string } | null>(preset ? { code: preset.originCode, name: preset.originName } : null);
  const [region, setRegion] = useState("");
  const [team, setTeam] = useState("");
  const [industry, setIndustry] = useState("");
  const [park, setPark] = useState("");
  const parks = useParkNames(revision);
  const [officer, setOfficer] = useState("");
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [periodField, setPeriodField] = useState<PeriodField>(preset?.periodField ?? "Signed");
  const [from, setFrom] = useState(preset?.from ?? "");
  const [to, setTo] = useState(preset?.to ?? "");
  const [sort, setSort] = useState<ProjectSort>("UpdatedAt");
  const [descending, setDescending] = useState(true);
  const [regions, setRegions] = useState<RegionGroup[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [industries, setIndustries] = useState<Industry[]>([]);
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [total, setTotal] = useState(0);
  const [sum, setSum] = useState(0);
  const [pages, setPages] = useState<Map<number, ProjectRow_Serialize[]>>(new Map());
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const h = window.setTimeout(() => setDebounced(search), 150);
    return () => window.clearTimeout(h);
  }, [search]);
  useEffect(() => {
    call(commands.regionGroups()).then(setRegions);
    call(commands.teams()).then(setTeams);
    call(commands.industries()).then(setIndustries);
    call(commands.officers()).then(setOfficers);
  }, []);

  const filter = useMemo<ProjectFilter_Deserialize>(
    () => ({
      scope: {
        region_group_ids: region ? [region] : [],
        team_ids: team ? [team] : [],
        industry_ids: industry ? [industry] : [],
        parks: park ? [park] : [],
        officer_ids: officer ? [officer] : [],
        ...Object.fromEntries(flags.map((f) => [f, true])),
      },
      search: debounced || null,
      stages,
      tiers,
      origin_code: origin?.code ?? null,
      period: from && to && from <= to ? { from, to } : null,
      period_field: periodField,
      sort,
      descending,
      limit: PAGE,
      offset: 0,
    }),
    [debounced, stages, origin, region, team, industry, park, officer, flags, tiers, from, to, periodField, sort, descending],
  );

  // A new filter (or a write elsewhere) starts again from the first page.
  useEffect(() => {
    loading.current = new Set([0]);
    setError(null);
    call(commands.listProjects(filter)).then(
      (page) => {
        setTotal(page.total);
        setSum(page.total_investment);
        setPages(new Map([[0, page.rows]]));
        loading.current.delete(0);
      },
      (e: UiError) => setError(e.message),
    );
  }, [filter, revision]);

  const rows = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => 40,
    overscan: 20,
  });
  const items = rows.getVirtualItems();
  useEffect(() => {
    const wanted = new Set(items.map((i) => Math.floor(i.index / PAGE)));
    for (const p of wanted) {
      if (pages.has(p) || loading.current.has(p)) continue;
      loading.current.add(p);
      call(commands.listProjects({ ...filter, offset: p * PAGE })).then((page) => {
        loading.current.delete(p);
        setPages((old) => new Map(old).set(p, page.rows));
      });
    }
  }, [items, pages, filter]);

  const row = (i: number) => pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  const header = (key: ProjectSort | null, label: string, cls: string) => (
    <div
      className={`th ${cls} ${key ? "sortable" : ""}`}
      onClick={() => {
        if (!key) return;
        if (sort === key) setDescending(!descending);
        else {
          setSort(key);
          setDescending(true);
        }
      }}
    >
      {label}
      {key && sort === key ? (descending ? " ↓" : " ↑") : ""}
    </div>
  );
  /** A filter's "all" option: 「团队：全部」. */
  const all = (k: string) => `${t(k)}：${t("common.all")}`;

  return (
    <div className="projects">
      <div className="toolbar">
        <input
          className="search"
          placeholder={t("projects.searchPlaceholder")}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="project-search"
        />
        <LookupSelect items={regions} value={region} onChange={setRegion} empty={all("projects.region")} aria-label={t("projects.region")} data-testid="filter-region" />
        <LookupSelect items={teams} value={team} onChange={setTeam} empty={all("projects.team")} aria-label={t("projects.team")} />
        <LookupSelect items={industries} value={industry} onChange={setIndustry} empty={all("projects.industry")} aria-label={t("projects.industry")} />
        {parks.length > 0 && (
          <LookupSelect items={parks} value={park} onChange={setPark} empty={all("projects.park")} aria-label={t("projects.park")} data-testid="filter-park" />
        )}
        <LookupSelect
          items={officers.filter((o) => !team || o.team_id === team)}
          value={officer}
          onChange={setOfficer}
          empty={all("projects.officer")}
          aria-label={t("projects.officer")}
        />
        {origin && (
          <button className="chip active" data-testid="filter-origin" title={t("map.clearOrigin")} onClick={() => setOrigin(null)}>
            {t("map.origin")}：{origin.name} ×
          </button>
        )}
        <span className="spacer" />
        <ExportButtons what="projects" filter={filter} />
        <button data-testid="new-project" onClick={() => setCreating(true)}>
          ＋ {t("projects.new")}
        </button>
      </div>
      <div className="toolbar chips">
        {STAGES.map((s) => (
          <button
            key={s}
            className={stages.includes(s) ? "chip active" : "chip"}
            data-testid={`stage-chip-${s}`}
            onClick={() => setStages(stages.includes(s) ? stages.filter((x) => x !== s) : [...stages, s])}
          >
            {t(`stage.${s}`)}
          </button>
        ))}
        <span className="divider" />
        {TIERS.map((x) => (
          <button
            key={x}
            className={tiers.includes(x) ? "chip active" : "chip"}
            onClick={() => setTiers(tiers.includes(x) ? tiers.filter((y) => y !== x) : [...tiers, x])}
          >
            {t(`projects.tiers.${x}`)}
          </button>
        ))}
        <span className="divider" />
        {FLAGS.map((f) => (
          <button
            key={f}
            className={flags.includes(f) ? "chip active" : "chip"}
            onClick={() => setFlags(flags.includes(f) ? flags.filter((y) => y !== f) : [...flags, f])}
          >
            {t(`projects.${FLAG_LABEL[f]}`)}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <select value={periodField} onChange={(e) => setPeriodField(e.target.value as PeriodField)} aria-label={t("projects.periodField")}>
          {PERIOD_FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(`projects.periodFields.${f}`)}
            </option>
          ))}
        </select>
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label={t("projects.from")} />
        <span>—</span>
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label={t("projects.to")} />
        <span className="spacer" />
        <span className="muted" data-testid="project-total">
          {t("projects.total", { count: total, money: money(sum, lang) })}
        </span>
      </div>
      {error && <p className="error">{error}</p>}
      {creating && (
        <NewProject
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            onChanged();
            notify(t("detail.created"));
            onOpen(id);
          }}
        />
      )}
      <div className="table">
        <div className="tr head">
          {header("Name", t("projects.name"), "c-name")}
          {header(null, t("projects.company"), "c-company")}
          {header("TotalInvestment", t("projects.investment"), "c-money")}
          {header(null, t("projects.region"), "c-short")}
          {header("Stage", t("projects.stage"), "c-short")}
          {header(null, t("projects.team"), "c-team")}
          {header("SignedOn", t("projects.signedOn"), "c-date")}
          {header(null, t("projects.flags"), "c-flags")}
        </div>
        <div className="tbody" ref={scroller} data-testid="project-rows">
          {total === 0 && <div className="empty">{t("projects.empty")}</div>}
          <div style={{ height: rows.getTotalSize(), position: "relative" }}>
            {items.map((v) => {
              const r = row(v.index);
              return (
                <div
                  key={v.key}
                  className="tr"
                  style={{ position: "absolute", top: 0, transform: `translateY(${v.start}px)`, height: v.size, width: "100%" }}
                  onClick={() => r && onOpen(r.id)}
                  data-testid={r ? "project-row" : undefined}
                >
                  {r ? (
                    <>
                      <div className="td c-name" title={r.name}>
                        {r.name}
                      </div>
                      <div className="td c-company" title={r.company_name ?? ""}>
                        {r.company_name}
                      </div>
                      <div className="td c-money">{money(r.total_investment, lang)}</div>
                      <div className="td c-short">{r.region_group_name}</div>
                      <div className="td c-short">
                        <span className={`stage stage-${r.stage}`}>{t(`stage.${r.stage}`)}</span>
                      </div>
                      <div className="td c-team">{r.team_name}</div>
                      <div className="td c-date">{date(r.signed_on, lang)}</div>
                      <div className="td c-flags">
                        {r.key_project && <span className="tag">{t("projects.key")}</span>}
                        {r.enclave && <span className="tag">{t("projects.enclave")}</span>}
                        {r.relocation && <span className="tag">{t("projects.relocation")}</span>}
                        {r.high_energy && <span className="tag warn">{t("projects.highEnergy")}</span>}
                      </div>
                    </>
                  ) : (
                    <div className="td muted">{t("common.loading")}</div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

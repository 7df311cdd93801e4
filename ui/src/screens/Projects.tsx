import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useVirtualizer } from "@tanstack/react-virtual";
import { call, commands, UiError } from "../api";
import type { ProjectFilter_Deserialize, ProjectRow_Serialize, ProjectSort, RegionGroup, Stage, Team } from "../bindings";
import { date, money } from "../format";
import NewProject from "./NewProject";

const PAGE = 200;
const STAGES: Stage[] = ["Lead", "Negotiating", "Signed", "Started", "Operating", "OnHold", "Dropped"];

type Props = { revision: number; onOpen: (id: string) => void; onChanged: () => void; notify: (m: string) => void };

export default function Projects({ revision, onOpen, onChanged, notify }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState("");
  const [debounced, setDebounced] = useState("");
  const [stages, setStages] = useState<Stage[]>([]);
  const [region, setRegion] = useState("");
  const [team, setTeam] = useState("");
  const [keyOnly, setKeyOnly] = useState(false);
  const [sort, setSort] = useState<ProjectSort>("UpdatedAt");
  const [descending, setDescending] = useState(true);
  const [regions, setRegions] = useState<RegionGroup[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
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
  }, []);

  const filter = useMemo<ProjectFilter_Deserialize>(
    () => ({
      scope: { region_group_ids: region ? [region] : [], team_ids: team ? [team] : [], key_project: keyOnly ? true : null },
      search: debounced || null,
      stages,
      sort,
      descending,
      limit: PAGE,
      offset: 0,
    }),
    [debounced, stages, region, team, keyOnly, sort, descending],
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
        <select value={region} onChange={(e) => setRegion(e.target.value)} aria-label={t("projects.region")}>
          <option value="">{t("projects.region")}：{t("common.all")}</option>
          {regions.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <select value={team} onChange={(e) => setTeam(e.target.value)} aria-label={t("projects.team")}>
          <option value="">{t("projects.team")}：{t("common.all")}</option>
          {teams.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={keyOnly} onChange={(e) => setKeyOnly(e.target.checked)} />
          {t("projects.key")}
        </label>
        <span className="spacer" />
        <button data-testid="new-project" onClick={() => setCreating(true)}>
          ＋ {t("projects.new")}
        </button>
      </div>
      <div className="toolbar chips">
        {STAGES.map((s) => (
          <button
            key={s}
            className={stages.includes(s) ? "chip active" : "chip"}
            onClick={() => setStages(stages.includes(s) ? stages.filter((x) => x !== s) : [...stages, s])}
          >
            {t(`stage.${s}`)}
          </button>
        ))}
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

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { Division, RegionGroup } from "../bindings";
import { Suggestions } from "./fields";
import { useFieldWrites } from "./useFieldWrites";

type Props = { revision: number; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

/**
 * 设置 › 来源区域: the groups (京津冀, 长三角 …) an investor's origin is counted in. Add, rename,
 * delete a group; put prefecture-level cities into it (picked by name) or take them out. The
 * core re-derives every project's and activity's group, logs the change and can undo it.
 */
export default function RegionGroupsEditor({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<RegionGroup[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [newName, setNewName] = useState("");
  const [picking, setPicking] = useState<{ id: string; query: string; found: Division[] } | null>(null);
  const undoable = (m: string) => notify(m, true);
  const { act, errorAt } = useFieldWrites(undoable, onChanged, t("common.saved"));

  useEffect(() => {
    call(commands.regionGroups()).then(setGroups);
  }, [revision]);
  // City names: a code's own division is the first hit of a search by its code.
  useEffect(() => {
    const missing = [...new Set(groups.flatMap((g) => g.city_codes))].filter((c) => !names[c]);
    if (missing.length === 0) return;
    void Promise.all(missing.map((c) => call(commands.searchDivisions(c, 1)).then((d) => [c, d[0]?.code === c ? d[0].name : c] as const))).then((pairs) =>
      setNames((old) => ({ ...old, ...Object.fromEntries(pairs) })),
    );
  }, [groups, names]);

  const search = (id: string, query: string) => {
    setPicking({ id, query, found: [] });
    if (!query.trim()) return;
    void call(commands.searchDivisions(query, 20)).then((found) =>
      setPicking((p) => (p && p.id === id && p.query === query ? { ...p, found: found.filter((d) => d.level === 2) } : p)),
    );
  };
  const addCity = (id: string, d: Division) => {
    setNames((old) => ({ ...old, [d.code]: d.name }));
    void act(id, call(commands.setCityRegionGroup(d.code, id)), () => setPicking(null));
  };

  return (
    <div className="card" data-testid="region-groups">
      <h3>{t("settings.regions")}</h3>
      <p className="muted small">{t("edit.regionsHint")}</p>
      <ul className="list" data-testid="region-list">
        {groups.map((g) => (
          <li key={g.id} className="region-group" style={{ flexWrap: "wrap" }}>
            {renaming?.id === g.id ? (
              <>
                <input value={renaming.name} onChange={(e) => setRenaming({ id: g.id, name: e.target.value })} data-testid="region-rename-input" />
                <button className="small" onClick={() => act(g.id, call(commands.renameRegionGroup(g.id, renaming.name)), () => setRenaming(null))} data-testid="region-rename-save">
                  {t("common.save")}
                </button>
                <button className="ghost small" onClick={() => setRenaming(null)}>
                  {t("common.cancel")}
                </button>
              </>
            ) : (
              <>
                <b>{g.name}</b>
                <span className="spacer" />
                <button className="ghost small" onClick={() => setRenaming({ id: g.id, name: g.name })} data-testid={`region-rename-${g.name}`}>
                  {t("settings.rename")}
                </button>
                <button className="ghost small" onClick={() => act(g.id, call(commands.deleteRegionGroup(g.id)))} data-testid={`region-delete-${g.name}`}>
                  {t("common.delete")}
                </button>
              </>
            )}
            {errorAt(g.id, "*")}
            <div className="chips-list" style={{ flexBasis: "100%" }} data-testid={`region-cities-${g.name}`}>
              {g.city_codes.map((c) => (
                <span key={c} className="tag removable" title={t("edit.removeCity")} onClick={() => act(g.id, call(commands.setCityRegionGroup(c, null)))}>
                  {names[c] ?? c} ×
                </span>
              ))}
              {g.city_codes.length === 0 && <span className="muted">{t("edit.noCities")}</span>}
            </div>
            <div className="picker" style={{ flexBasis: "100%" }}>
              <input
                placeholder={t("edit.addCity")}
                value={picking?.id === g.id ? picking.query : ""}
                onChange={(e) => search(g.id, e.target.value)}
                data-testid={`region-city-${g.name}`}
              />
              {picking?.id === g.id && (
                <Suggestions items={picking.found} keyOf={(d) => d.code} onPick={(d) => addCity(g.id, d)}>
                  {(d) => d.full_name}
                </Suggestions>
              )}
            </div>
          </li>
        ))}
      </ul>
      <div className="inline-form">
        <input placeholder={t("edit.newRegion")} value={newName} onChange={(e) => setNewName(e.target.value)} data-testid="region-name" />
        <button onClick={() => act("new", call(commands.createRegionGroup(newName)), () => setNewName(""))} data-testid="region-add">
          {t("common.add")}
        </button>
      </div>
      {errorAt("new", "*")}
    </div>
  );
}

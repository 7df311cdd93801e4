import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { Industry, IndustryChain, Park } from "../bindings";
import { AddByName, LookupSelect, useWrites } from "./fields";

type Props = { revision: number; onChanged: () => void; notify: (m: string) => void };

/**
 * 设置 › 园区 and 产业链: the office's list of parks (add, rename — which renames it on its
 * projects —, delete; names projects use but the list lacks can be added with a click) and its
 * industry chains (add, delete, which industries each groups).
 */
export default function ParksAndChains({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [parks, setParks] = useState<Park[]>([]);
  const [unlisted, setUnlisted] = useState<string[]>([]);
  const [chains, setChains] = useState<IndustryChain[]>([]);
  const [industries, setIndustries] = useState<Industry[]>([]);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  useEffect(() => {
    call(commands.parks()).then(setParks);
    call(commands.unlistedParks()).then(setUnlisted);
    call(commands.industryChains()).then(setChains);
    call(commands.industries()).then(setIndustries);
  }, [revision]);

  const { act, error } = useWrites(notify, onChanged, t("common.saved"));

  return (
    <div className="card" data-testid="parks-chains">
      {error && (
        <p className="error" data-testid="parks-error">
          {error}
        </p>
      )}
      <h3>{t("settings.parks")}</h3>
      <ul className="list" data-testid="park-list">
        {parks.map((p) => (
          <li key={p.id}>
            {renaming?.id === p.id ? (
              <>
                <input value={renaming.name} onChange={(e) => setRenaming({ id: p.id, name: e.target.value })} data-testid="park-rename-input" />
                <button className="small" onClick={() => act(call(commands.renamePark(p.id, renaming.name)), () => setRenaming(null))}>
                  {t("common.save")}
                </button>
              </>
            ) : (
              <>
                <span>{p.name}</span>
                <span className="spacer" />
                <button className="ghost small" onClick={() => setRenaming({ id: p.id, name: p.name })}>
                  {t("settings.rename")}
                </button>
                <button className="ghost small" onClick={() => act(call(commands.deletePark(p.id)))}>
                  {t("common.delete")}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {unlisted.length > 0 && (
        <div className="chips-list muted" data-testid="park-unlisted">
          {t("settings.unlistedParks", { names: "" })}
          {unlisted.map((n) => (
            <span key={n} className="tag" title={t("common.add")} onClick={() => act(call(commands.createPark(n)))}>
              + {n}
            </span>
          ))}
        </div>
      )}
      <AddByName onAdd={(name) => act(call(commands.createPark(name)))} placeholder={t("settings.newName")} label={t("common.add")} testId="park" />
      <h3>{t("settings.chains")}</h3>
      <ul className="list" data-testid="chain-list">
        {chains.map((c) => (
          <li key={c.id}>
            <span>{c.name}</span>
            <span className="muted">{c.industry_ids.map((id) => industries.find((i) => i.id === id)?.name ?? "").join("、") || "—"}</span>
            <span className="spacer" />
            <button className="ghost small" onClick={() => act(call(commands.deleteIndustryChain(c.id)))}>
              {t("common.delete")}
            </button>
          </li>
        ))}
      </ul>
      <AddByName onAdd={(name) => act(call(commands.createIndustryChain(name)))} placeholder={t("settings.newName")} label={t("common.add")} testId="chain" />
      {chains.length > 0 && (
        <ul className="list" data-testid="industry-chains">
          {industries.map((i) => (
            <li key={i.id}>
              <span>{i.name}</span>
              <span className="spacer" />
              <LookupSelect
                items={chains}
                value={i.chain_id ?? ""}
                onChange={(chain) => act(call(commands.setIndustryChain(i.id, chain || null)))}
                aria-label={`${i.name} ${t("settings.chainOf")}`}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

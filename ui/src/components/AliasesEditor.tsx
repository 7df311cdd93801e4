import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { Alias } from "../bindings";
import { useFieldWrites } from "./useFieldWrites";

type Props = { revision: number; onChanged: () => void; notify: (m: string) => void };

/** 设置 › 搜索别名: 简称 and former names the search box reads as the full name (凌钢 → 凌源钢铁). */
export default function AliasesEditor({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [aliases, setAliases] = useState<Alias[]>([]);
  const [draft, setDraft] = useState({ alias: "", canonical: "" });
  const { act, errorAt } = useFieldWrites(notify, onChanged, t("common.saved"));
  const [tick, setTick] = useState(0);

  useEffect(() => {
    call(commands.searchAliases()).then(setAliases);
  }, [revision, tick]);
  const reload = () => setTick((n) => n + 1);

  return (
    <div className="card" data-testid="aliases">
      <h3>{t("edit.aliases")}</h3>
      <p className="muted small">{t("edit.aliasesHint")}</p>
      <ul className="list scroll" data-testid="alias-list">
        {aliases.map((a) => (
          <li key={a.id}>
            <b>{a.alias}</b>
            <span className="muted">→</span>
            <span>{a.canonical}</span>
            <span className="spacer" />
            <button className="ghost small" onClick={() => act(a.id, call(commands.deleteSearchAlias(a.id)), reload)} data-testid={`alias-delete-${a.alias}`}>
              {t("common.delete")}
            </button>
            {errorAt(a.id, "*")}
          </li>
        ))}
        {aliases.length === 0 && <li className="muted">{t("common.none")}</li>}
      </ul>
      <div className="inline-form">
        <input placeholder={t("edit.alias")} value={draft.alias} onChange={(e) => setDraft({ ...draft, alias: e.target.value })} data-testid="alias-alias" />
        <input placeholder={t("edit.canonical")} value={draft.canonical} onChange={(e) => setDraft({ ...draft, canonical: e.target.value })} data-testid="alias-canonical" />
        <button
          onClick={() =>
            act("new", call(commands.addSearchAlias(draft.alias, draft.canonical)), () => {
              setDraft({ alias: "", canonical: "" });
              reload();
            })
          }
          data-testid="alias-add"
        >
          {t("common.add")}
        </button>
      </div>
      {errorAt("new", "*")}
    </div>
  );
}

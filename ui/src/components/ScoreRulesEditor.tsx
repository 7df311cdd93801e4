import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { RuleGroup, ScoreRule } from "../bindings";
import { useFieldWrites } from "./useFieldWrites";

type Props = { revision: number; onChanged: () => void; notify: (m: string) => void };

const GROUPS: RuleGroup[] = ["activity", "stage", "tier", "deduction"];

/** i18n key of a rule ("activity:call" → "scoreRules.rules.activity_call"; ':' is i18next's). */
export const ruleKey = (id: string) => `scoreRules.rules.${id.replace(":", "_")}`;

/**
 * 设置 › 考核计分表: the points per activity kind, leader-led trip, stage reached, signed 总投资
 * band and overdue 交办单. Each value is saved when the field is left (or Enter); the core
 * refuses points out of range or off the half-point step at the field. 0 turns a rule off.
 */
export default function ScoreRulesEditor({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [rules, setRules] = useState<ScoreRule[]>([]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const { act, errorAt } = useFieldWrites(notify, onChanged, t("common.saved"));

  useEffect(() => {
    call(commands.scoreRules()).then((r) => {
      setRules(r);
      setDrafts({});
    });
  }, [revision]);

  const save = (r: ScoreRule) => {
    const text = drafts[r.id];
    if (text === undefined || Number(text) === r.points) return;
    const value = Number(text);
    const p = text.trim() === "" || !Number.isFinite(value) ? Promise.reject({ kind: "Validation", field: "points", message: t("scoreRules.notNumber") }) : call(commands.updateScoreRule(r.id, value));
    void act(r.id, p);
  };

  return (
    <div className="card" data-testid="score-rules">
      <h3>{t("scoreRules.title")}</h3>
      <p className="muted">{t("scoreRules.hint")}</p>
      {GROUPS.map((g) => (
        <div key={g}>
          <h4>{t(`scoreRules.groups.${g}`)}</h4>
          <ul className="list">
            {rules
              .filter((r) => r.group === g)
              .map((r) => (
                <li key={r.id} className="inline-form">
                  <span className="grow">{t(ruleKey(r.id), { defaultValue: r.label })}</span>
                  <input
                    type="number"
                    step={0.5}
                    min={-100}
                    max={100}
                    style={{ width: 80 }}
                    aria-label={t(ruleKey(r.id), { defaultValue: r.label })}
                    data-testid={`rule-${r.id}`}
                    value={drafts[r.id] ?? String(r.points ?? 0)}
                    onChange={(e) => setDrafts({ ...drafts, [r.id]: e.target.value })}
                    onBlur={() => save(r)}
                    onKeyDown={(e) => e.key === "Enter" && save(r)}
                  />
                  <span className="muted">{t("scoreRules.points")}</span>
                  {errorAt(r.id, "points")}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { AlertRule } from "../bindings";
import { useFieldWrites } from "./useFieldWrites";

type Props = { revision: number; onChanged: () => void; notify: (m: string) => void };

/** A rule as typed: its threshold as text, its switch. */
type Draft = { threshold: string; enabled: boolean };

/**
 * 设置 › 预警规则: the office's four rules (签约未开工, 开工未投产, 洽谈无活动, 未更新须说明原因),
 * each switched on or off and given its threshold in days (months for 开工未投产). A refusal
 * shows at the rule's threshold.
 */
export default function AlertRulesEditor({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const { act, errorAt } = useFieldWrites(notify, onChanged, t("common.saved"));

  useEffect(() => {
    call(commands.alertRules()).then((rs) => {
      setRules(rs);
      setDrafts(Object.fromEntries(rs.map((r) => [r.id, { threshold: String(r.threshold), enabled: r.enabled }])));
    });
  }, [revision]);

  const save = (r: AlertRule, d: Draft) =>
    act(
      r.id,
      /^\s*\d+\s*$/.test(d.threshold)
        ? call(commands.updateAlertRule(r.id, { threshold: Number(d.threshold), enabled: d.enabled }))
        : Promise.reject({ kind: "Validation", field: "threshold", message: t("alerts.wholeNumber") }),
    );

  return (
    <div className="card" data-testid="alert-rules">
      <h3>{t("alerts.rules")}</h3>
      <p className="muted">{t("alerts.rulesHint")}</p>
      <ul className="list">
        {rules.map((r) => {
          const d = drafts[r.id] ?? { threshold: String(r.threshold), enabled: r.enabled };
          const set = (next: Draft) => setDrafts({ ...drafts, [r.id]: next });
          const changed = d.threshold !== String(r.threshold) || d.enabled !== r.enabled;
          return (
            <li key={r.id} className="inline-form" data-testid={`rule-${r.id}`}>
              <label className="nowrap">
                <input
                  type="checkbox"
                  checked={d.enabled}
                  aria-label={t("alerts.enabled")}
                  data-testid={`rule-${r.id}-enabled`}
                  onChange={(e) => {
                    const next = { ...d, enabled: e.target.checked };
                    set(next);
                    void save(r, next);
                  }}
                />
                {t(`alerts.rule.${r.id}`, { defaultValue: r.name })}
              </label>
              <span className="spacer" />
              <input
                aria-label={t("alerts.threshold")}
                value={d.threshold}
                style={{ width: 70 }}
                data-testid={`rule-${r.id}-threshold`}
                onChange={(e) => set({ ...d, threshold: e.target.value })}
                onKeyDown={(e) => e.key === "Enter" && void save(r, d)}
              />
              <span className="muted">{r.unit === "months" ? t("alerts.unitMonths") : t("alerts.unitDays")}</span>
              <button className="small" disabled={!changed} onClick={() => void save(r, d)} data-testid={`rule-${r.id}-save`}>
                {t("common.save")}
              </button>
              {errorAt(r.id, "*")}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

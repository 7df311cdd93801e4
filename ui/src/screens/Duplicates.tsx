import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { CompaniesMerged, DuplicateCompany, DuplicateGroup } from "../bindings";

type Props = { revision: number; onChanged: () => void; notify: (m: string) => void };

/** The company a group keeps unless the user picks another: the one with the most records. */
function defaultKeep(g: DuplicateGroup): string {
  let best = g.companies[0];
  for (const c of g.companies) if (c.projects + c.activities > best.projects + best.activities) best = c;
  return best.id;
}

const cell = { padding: "5px 8px", borderBottom: "1px solid var(--line)", textAlign: "left" as const };

/**
 * 重复企业: companies that are likely one investor (same credit code, or the same name once
 * width, script, legal suffixes, （中国） and place prefixes are set aside). Pick the one to keep,
 * confirm, and the other's projects, activities and stage history move over; 撤销 takes it back.
 */
export default function Duplicates({ revision, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Kept company per group (by the group's key).
  const [keep, setKeep] = useState<Record<string, string>>({});
  // The merge awaiting confirmation.
  const [pending, setPending] = useState<{ group: string; keep: DuplicateCompany; merge: DuplicateCompany } | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CompaniesMerged | null>(null);

  useEffect(() => {
    call(commands.duplicateCompanies()).then(
      (gs) => {
        setGroups(gs);
        setError(null);
      },
      (e: UiError) => setError(e.message),
    );
  }, [revision]);

  // The header's 撤销 (or any other write) bumps the revision: the screen's own 撤销合并 stays
  // only while the merge is still the last action that can be undone.
  useEffect(() => {
    const tx = result?.undo?.tx_id;
    if (!tx) return;
    let gone = false;
    call(commands.lastUndoable()).then(
      (last) => {
        if (!gone && last?.tx_id !== tx) setResult(null);
      },
      () => undefined,
    );
    return () => {
      gone = true;
    };
    // Only when the ledger changed, not when a merge's result is first shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revision]);

  const keptIn = (g: DuplicateGroup) => {
    const id = keep[g.key];
    return g.companies.some((c) => c.id === id) ? id : defaultKeep(g);
  };

  const merge = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const r = await call(commands.mergeCompanies(pending.keep.id, pending.merge.id));
      setResult(r);
      setPending(null);
      setError(null);
      onChanged();
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };

  const undo = async () => {
    if (!result?.undo) return;
    setBusy(true);
    try {
      const done = await call(commands.undo(result.undo.tx_id));
      setResult(null);
      setError(null);
      notify(`${t("common.undo")}：${done.description}`);
      onChanged();
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="duplicates">
      <p className="muted">{t("dup.lead")}</p>
      {error && (
        <p className="error" data-testid="dup-error">
          {error}
        </p>
      )}
      {result && (
        <div className="card" data-testid="dup-result">
          <span data-testid="dup-result-text">
            {t("dup.merged", {
              merge: result.merged_name,
              keep: result.kept.name,
              projects: result.kept.projects,
              activities: result.kept.activities,
            })}
          </span>
          {result.undo && (
            <div className="inline-form">
              <button className="ghost" data-testid="dup-undo" disabled={busy} onClick={undo}>
                ↶ {t("dup.undo")}
              </button>
            </div>
          )}
        </div>
      )}
      {groups && groups.length === 0 && (
        <p className="card muted" data-testid="dup-empty">
          {t("dup.none")}
        </p>
      )}
      {groups?.map((g) => {
        const kept = keptIn(g);
        const keptCompany = g.companies.find((c) => c.id === kept)!;
        return (
          <div className="card" key={`${g.reason}:${g.key}`} data-testid="dup-group">
            <div className="card-head">
              <span className="tag" data-testid="dup-reason">
                {t(g.reason === "CreditCode" ? "dup.reasonCode" : "dup.reasonName", { key: g.key })}
              </span>
            </div>
            <table style={{ width: "100%", borderCollapse: "collapse" }}>
              <thead>
                <tr>
                  <th style={cell}>{t("dup.keep")}</th>
                  <th style={cell}>{t("dup.name")}</th>
                  <th style={cell}>{t("dup.creditCode")}</th>
                  <th style={cell}>{t("dup.origin")}</th>
                  <th style={cell}>{t("dup.projects")}</th>
                  <th style={cell}>{t("dup.activities")}</th>
                  <th style={cell} />
                </tr>
              </thead>
              <tbody>
                {g.companies.map((c) => (
                  <tr key={c.id} data-testid="dup-company">
                    <td style={cell}>
                      <input
                        type="radio"
                        name={`keep-${g.key}`}
                        aria-label={t("dup.keepThis", { name: c.name })}
                        data-testid="dup-keep"
                        checked={c.id === kept}
                        onChange={() => {
                          setKeep((k) => ({ ...k, [g.key]: c.id }));
                          setPending(null);
                        }}
                      />
                    </td>
                    <td style={cell} data-testid="dup-name">
                      {c.name}
                    </td>
                    <td style={cell} data-testid="dup-code">
                      {c.credit_code ?? "—"}
                    </td>
                    <td style={cell}>{c.origin_name ?? "—"}</td>
                    <td style={cell} data-testid="dup-projects">
                      {c.projects}
                    </td>
                    <td style={cell} data-testid="dup-activities">
                      {c.activities}
                    </td>
                    <td style={cell}>
                      {c.id !== kept && (
                        <button
                          data-testid="dup-merge"
                          disabled={busy}
                          onClick={() => setPending({ group: g.key, keep: keptCompany, merge: c })}
                        >
                          {t("dup.merge")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {pending?.group === g.key && (
              <div data-testid="dup-confirm" style={{ marginTop: 10 }}>
                <p data-testid="dup-confirm-text">
                  {t("dup.confirm", {
                    merge: pending.merge.name,
                    keep: pending.keep.name,
                    projects: pending.merge.projects,
                    activities: pending.merge.activities,
                  })}
                </p>
                <div className="inline-form">
                  <button data-testid="dup-confirm-merge" disabled={busy} onClick={merge}>
                    {t("dup.confirmButton")}
                  </button>
                  <button className="ghost" data-testid="dup-cancel" disabled={busy} onClick={() => setPending(null)}>
                    {t("common.cancel")}
                  </button>
                </div>
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { ConflictSide, SyncConflict } from "../bindings";
import { when } from "./Sync";

type Props = { revision: number; onChanged: () => void; notify: (m: string) => void };

/** 冲突: edits of one field made on two laptops without either seeing the other. */
export default function Conflicts({ revision, onChanged, notify }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [items, setItems] = useState<SyncConflict[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(commands.syncConflicts()).then(setItems, (e: UiError) => setError(e.message));
  }, [revision]);

  const resolve = async (c: SyncConflict, takeOther: boolean) => {
    try {
      await call(commands.resolveSyncConflict(c.id, takeOther));
      setError(null);
      notify(takeOther ? t("conflicts.tookOther") : t("conflicts.kept"));
      onChanged();
    } catch (e) {
      setError((e as UiError).message);
    }
  };

  const side = (s: ConflictSide, testId: string) => (
    <div className="conflict-side" data-testid={testId}>
      <div className="conflict-value" style={{ fontSize: 18, fontWeight: 600, margin: "2px 0" }} data-testid={`${testId}-value`}>
        {s.display}
      </div>
      <div className="muted small">
        {[s.device_label ?? s.device_id.slice(-8), s.officer_name, when(s.at, lang)].filter(Boolean).join(" · ")}
      </div>
    </div>
  );

  return (
    <div className="conflicts">
      <p className="muted">{t("conflicts.lead")}</p>
      {error && (
        <p className="error" data-testid="conflicts-error">
          {error}
        </p>
      )}
      {items && items.length === 0 && (
        <p className="card muted" data-testid="conflicts-empty">
          {t("conflicts.none")}
        </p>
      )}
      {items?.map((c) => (
        <div className="card conflict" key={c.id} data-testid="conflict">
          <div className="card-head">
            <h3 data-testid="conflict-record">{c.record}</h3>
            <span className="tag" data-testid="conflict-field">
              {c.field_label}
            </span>
          </div>
          <div className="grid2">
            <div>
              <div className="muted small">{t("conflicts.current")}</div>
              {side(c.current, "conflict-current")}
            </div>
            <div>
              <div className="muted small">{t("conflicts.other")}</div>
              {side(c.other, "conflict-other")}
            </div>
          </div>
          <div className="inline-form">
            <button data-testid="conflict-keep" onClick={() => resolve(c, false)}>
              {t("conflicts.keep")}
            </button>
            <button
              className="ghost"
              data-testid="conflict-take"
              disabled={!c.can_take_other}
              title={c.can_take_other ? undefined : t("conflicts.cannotTake")}
              onClick={() => resolve(c, true)}
            >
              {t("conflicts.take")}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { StageChange } from "../bindings";
import { date } from "../format";

/**
 * A stage reached on an unknown date («日期不详，不晚于…»): says so, and lets the officer enter
 * the real date, which makes it an ordinary dated change (the core checks the history it makes).
 */
export default function UnknownStageDate({ change, onChanged }: { change: StageChange; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [editing, setEditing] = useState(false);
  const [on, setOn] = useState(change.changed_on);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      await call(commands.setStageChangeDate(change.id, on));
      setError(null);
      setEditing(false);
      onChanged();
    } catch (e) {
      setError((e as UiError).message);
    }
  };
  return (
    <span className="date-unknown" data-testid="stage-date-unknown" title={t("detail.dateUnknownHint")}>
      <span className="when muted">{t("detail.dateUnknown", { date: date(change.changed_on, lang) })}</span>
      {editing ? (
        <>
          <input type="date" value={on} max={change.changed_on} onChange={(e) => setOn(e.target.value)} data-testid="stage-date-input" />
          <button className="small" onClick={save} data-testid="stage-date-save">
            {t("common.save")}
          </button>
        </>
      ) : (
        <button className="ghost small" onClick={() => setEditing(true)} data-testid="stage-date-edit">
          {t("detail.setDate")}
        </button>
      )}
      {error && (
        <span className="field-error" data-testid="error-changed_on">
          {error}
        </span>
      )}
    </span>
  );
}

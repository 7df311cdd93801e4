import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { StageChange } from "../bindings";
import { date } from "../format";
import UnknownStageDate from "./UnknownStageDate";

/**
 * The date of one stage change in a project's history, with 改日期 to correct it. The core
 * re-checks the whole history with the new date (签约 before 开工 …) and refuses with the
 * reason, shown at the date; 撤销 puts the old date back. A 日期不详 change gets its own form.
 */
export default function StageChangeDate({ change, onChanged }: { change: StageChange; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [on, setOn] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (change.date_unknown) return <UnknownStageDate change={change} onChanged={onChanged} />;
  const save = async () => {
    if (on === null) return;
    try {
      await call(commands.setStageChangeDate(change.id, on));
      setError(null);
      setOn(null);
      onChanged();
    } catch (e) {
      setError((e as UiError).message);
    }
  };
  return (
    <span className="stage-date" data-testid="stage-change-date">
      {on === null ? (
        <>
          <span className="when">{date(change.changed_on, i18n.language)}</span>
          <button className="ghost small" onClick={() => setOn(change.changed_on)} data-testid="stage-date-edit">
            {t("edit.editDate")}
          </button>
        </>
      ) : (
        <>
          <input type="date" value={on} onChange={(e) => setOn(e.target.value)} data-testid="stage-date-input" />
          <button className="small" onClick={save} data-testid="stage-date-save">
            {t("common.save")}
          </button>
          <button
            className="ghost small"
            onClick={() => {
              setOn(null);
              setError(null);
            }}
          >
            {t("common.cancel")}
          </button>
        </>
      )}
      {error && (
        <span className="field-error" data-testid="error-changed_on">
          {error}
        </span>
      )}
    </span>
  );
}

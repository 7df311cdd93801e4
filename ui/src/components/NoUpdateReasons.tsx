import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { NoUpdateReason } from "../bindings";
import { date } from "../format";
import { useWrites } from "./fields";

type Props = { projectId: string; revision: number; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

/**
 * 项目 › 未更新说明: the reasons officers stated for the project having no update (from
 * 跟进提醒's 督办 items), newest first, part of the project's history. Nothing shows when there
 * are none.
 */
export default function NoUpdateReasons({ projectId, revision, onChanged, notify }: Props) {
  const { t, i18n } = useTranslation();
  const [reasons, setReasons] = useState<NoUpdateReason[]>([]);
  const { act, error } = useWrites(notify, onChanged, t("alerts.reasonDeleted"));
  useEffect(() => {
    call(commands.noUpdateReasons(projectId)).then(setReasons, () => setReasons([]));
  }, [projectId, revision]);
  if (reasons.length === 0) return null;
  return (
    <div className="card" data-testid="no-update-reasons">
      <h3>{t("alerts.reasons")}</h3>
      {error && <p className="error">{error}</p>}
      <ul className="list">
        {reasons.map((r) => (
          <li key={r.id}>
            <span className="when nowrap">{date(r.stated_on, i18n.language)}</span>
            <span className="grow">{r.reason}</span>
            <span className="muted nowrap">{r.officer_name}</span>
            <button className="ghost small" onClick={() => act(call(commands.deleteNoUpdateReason(r.id)))}>
              {t("common.delete")}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { FollowUps as FollowUpsData } from "../bindings";
import { date } from "../format";

export default function FollowUps({ revision, onOpen }: { revision: number; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<FollowUpsData | null>(null);
  const [stalledDays, setStalledDays] = useState(90);
  useEffect(() => {
    call(commands.followUps({ within_days: 7, stalled_days: stalledDays, officer_id: null, limit: 300 })).then(setData);
  }, [revision, stalledDays]);
  if (!data) return <p>{t("common.loading")}</p>;
  const when = (days: number) =>
    days < 0 ? t("follow.overdue", { days: -days }) : days === 0 ? t("follow.today") : t("follow.left", { days });
  return (
    <div className="grid2">
      <div className="card">
        <h3>
          {t("follow.due")}（{data.due.length}）
        </h3>
        <ul className="list">
          {data.due.map((i) => (
            <li key={i.kind + i.id} className={i.days_left < 0 ? "overdue" : ""} onClick={() => i.project_id && onOpen(i.project_id)}>
              <span className="when">{date(i.due_on, i18n.language)}</span>
              <span className={i.days_left < 0 ? "tag warn nowrap" : "tag nowrap"}>{when(i.days_left)}</span>
              <span className="grow ellipsis" title={i.title}>
                {i.title}
              </span>
              <span className="muted nowrap">{i.officer_name}</span>
            </li>
          ))}
          {data.due.length === 0 && <li className="muted">{t("common.none")}</li>}
        </ul>
      </div>
      <div className="card">
        <h3>
          {t("follow.stalled")}（{data.stalled.length}）
          <select value={stalledDays} onChange={(e) => setStalledDays(Number(e.target.value))} className="inline">
            {[30, 60, 90, 180].map((d) => (
              <option key={d} value={d}>
                &gt; {d}
              </option>
            ))}
          </select>
        </h3>
        <ul className="list">
          {data.stalled.map((s) => (
            <li key={s.project_id} onClick={() => onOpen(s.project_id)}>
              <span className={`stage stage-${s.stage}`}>{t(`stage.${s.stage}`)}</span>
              <span className="grow ellipsis" title={s.name}>
                {s.name}
              </span>
              <span className="tag warn nowrap">{t("follow.days", { days: s.days_in_stage })}</span>
              <span className="muted nowrap">{s.officer_name}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

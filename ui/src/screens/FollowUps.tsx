import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { FollowUps as FollowUpsData, ProjectAlert } from "../bindings";
import { date } from "../format";
import { errorsOf, FieldError, type FieldErrors } from "../components/fields";

/** How many 督办 items the screen shows (the title counts them all). */
const ALERTS_SHOWN = 500;

/** 「签约未开工 127天（规则：90天）」: the rule's name, how long, and the rule's threshold. */
function useAlertText() {
  const { t } = useTranslation();
  return (a: ProjectAlert) => {
    const months = a.unit === "months";
    const elapsed = months
      ? a.extra_days > 0
        ? t("alerts.monthsDays", { months: a.elapsed, days: a.extra_days })
        : t("alerts.months", { count: a.elapsed })
      : t("alerts.days", { count: a.elapsed });
    const limit = months ? t("alerts.months", { count: a.threshold }) : t("alerts.days", { count: a.threshold });
    return t("alerts.item", { rule: t(`alerts.short.${a.rule_id}`, { defaultValue: a.rule_name }), elapsed, limit });
  };
}

/**
 * The inline 「填写未更新原因」 form of a no-update 督办 item: records a reason, touches no field.
 * The reason is dated the day the list is evaluated at (`statedOn`: today, or an archive's end).
 */
function ReasonForm({ alert, statedOn, onDone }: { alert: ProjectAlert; statedOn: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button className="small" onClick={() => setOpen(true)} data-testid={`reason-open-${alert.project_id}`}>
        {t("alerts.reasonForm")}
      </button>
    );
  const submit = async () => {
    setBusy(true);
    try {
      await call(commands.addNoUpdateReason({ project_id: alert.project_id, stated_on: statedOn, reason: text, officer_id: alert.officer_id }));
      setErrors({});
      setOpen(false);
      setText("");
      onDone();
    } catch (e) {
      setErrors(errorsOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="inline-form reason-form" onClick={(e) => e.stopPropagation()}>
      <textarea
        rows={2}
        maxLength={500}
        value={text}
        placeholder={t("alerts.reasonPlaceholder")}
        aria-label={t("alerts.reasonForm")}
        onChange={(e) => setText(e.target.value)}
        data-testid={`reason-text-${alert.project_id}`}
      />
      <button className="small" disabled={busy} onClick={() => void submit()} data-testid={`reason-submit-${alert.project_id}`}>
        {t("alerts.submit")}
      </button>
      <button className="ghost small" onClick={() => setOpen(false)}>
        {t("common.cancel")}
      </button>
      <FieldError errors={errors} name="reason" />
      <FieldError errors={errors} name="stated_on" />
      <FieldError errors={errors} name="project_id" />
      <FieldError errors={errors} name="officer_id" />
      <FieldError errors={errors} name="_" />
    </div>
  );
}

export default function FollowUps({ revision, onOpen }: { revision: number; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<FollowUpsData | null>(null);
  const [alerts, setAlerts] = useState<ProjectAlert[]>([]);
  const [total, setTotal] = useState(0);
  const [stalledDays, setStalledDays] = useState(90);
  const [stated, setStated] = useState(0);
  const alertText = useAlertText();
  useEffect(() => {
    call(commands.followUps({ within_days: 7, stalled_days: stalledDays, officer_id: null, limit: 300 })).then(setData);
  }, [revision, stalledDays]);
  useEffect(() => {
    call(commands.alerts(ALERTS_SHOWN)).then(
      (l) => {
        setAlerts(l.items);
        setTotal(l.total);
      },
      () => {
        setAlerts([]);
        setTotal(0);
      },
    );
  }, [revision, stated]);
  if (!data) return <p>{t("common.loading")}</p>;
  const when = (days: number) =>
    days < 0 ? t("follow.overdue", { days: -days }) : days === 0 ? t("follow.today") : t("follow.left", { days });
  return (
    <div className="grid2">
      <div className="card" data-testid="supervision">
        <h3>
          {t("alerts.supervision")}（{total}）
        </h3>
        <ul className="list">
          {alerts.map((a) => (
            <li key={a.rule_id + a.project_id} className="overdue" onClick={() => onOpen(a.project_id)}>
              <span className={`stage stage-${a.stage}`}>{t(`stage.${a.stage}`)}</span>
              <span className="grow ellipsis" title={a.project_name}>
                {a.project_name}
              </span>
              <span className="tag warn nowrap">{alertText(a)}</span>
              <span className="muted nowrap">{a.officer_name ?? t("alerts.noOfficer")}</span>
              {a.rule_id === "no_update" && (
                <span onClick={(e) => e.stopPropagation()}>
                  <ReasonForm alert={a} statedOn={data.today} onDone={() => setStated((n) => n + 1)} />
                </span>
              )}
            </li>
          ))}
          {alerts.length === 0 && <li className="muted">{t("common.none")}</li>}
          {total > alerts.length && <li className="muted">{t("alerts.more", { shown: alerts.length, total })}</li>}
        </ul>
      </div>
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

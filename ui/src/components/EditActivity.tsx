import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { Activity_Serialize, ActivityInput, ActivityKind } from "../bindings";
import { TripFields, tripInput, tripOf, type TripText } from "./TripDetails";
import { useFieldWrites } from "./useFieldWrites";

const KINDS: ActivityKind[] = ["OutboundTrip", "IncomingVisit", "Call", "VideoMeeting", "PromotionEvent", "SigningCeremony"];

type Props = { activity: Activity_Serialize; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

type Form = Omit<ActivityInput, "trip"> & { trip: TripText };

const inputOf = (a: Activity_Serialize): Form => ({
  kind: a.kind,
  occurred_on: a.occurred_on,
  place: a.place,
  destination_code: a.destination_code,
  summary: a.summary,
  follow_up_on: a.follow_up_on,
  officer_ids: a.officer_ids,
  company_ids: a.company_ids,
  project_ids: a.project_ids,
  trip: tripOf(a),
});

/**
 * 修改 a saved activity where it is listed: its kind, date, place, summary and follow-up date
 * (the quick-entry fields, and for an 外出招商 its 出访详情; who took part and what it is linked
 * to stay). The core checks it
 * like a new one; a refusal shows at its field; 撤销 takes the edit back.
 */
export default function EditActivity({ activity, onChanged, notify }: Props) {
  const { t } = useTranslation();
  const [form, setForm] = useState<Form | null>(null);
  const { act, errorAt } = useFieldWrites((m) => notify(m, true), onChanged, t("common.saved"));
  if (!form) {
    return (
      <button className="ghost small" onClick={() => setForm(inputOf(activity))} data-testid="activity-edit">
        {t("common.edit")}
      </button>
    );
  }
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  return (
    <div className="form-grid activity-edit" data-testid="activity-edit-form">
      <label>
        {t("quick.kind")}
        <select value={form.kind} onChange={(e) => set("kind", e.target.value as ActivityKind)} data-testid="activity-edit-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("quick.date")}
        <input type="date" value={form.occurred_on} onChange={(e) => set("occurred_on", e.target.value)} data-testid="activity-edit-date" />
        {errorAt(activity.id, "occurred_on")}
      </label>
      <label>
        {t("edit.place")}
        <input value={form.place ?? ""} onChange={(e) => set("place", e.target.value || null)} data-testid="activity-edit-place" />
        {errorAt(activity.id, ["place", "destination_code"])}
      </label>
      <label>
        {t("quick.followUp")}
        <input type="date" value={form.follow_up_on ?? ""} onChange={(e) => set("follow_up_on", e.target.value || null)} data-testid="activity-edit-follow" />
        {errorAt(activity.id, "follow_up_on")}
      </label>
      <label className="wide">
        {t("quick.summary")}
        <textarea value={form.summary ?? ""} onChange={(e) => set("summary", e.target.value || null)} data-testid="activity-edit-summary" />
        {errorAt(activity.id, "summary")}
      </label>
      {form.kind === "OutboundTrip" && <TripFields value={form.trip} onChange={(v) => set("trip", v)} errorAt={(f) => errorAt(activity.id, f)} testPrefix="activity-edit" />}
      {errorAt(activity.id, ["kind", "officer_ids", "company_ids", "project_ids", "_"])}
      <div className="inline-form">
        <button onClick={() => act(activity.id, call(commands.updateActivity(activity.id, { ...form, trip: tripInput(form.trip) })), () => setForm(null))} data-testid="activity-edit-save">
          {t("common.save")}
        </button>
        <button className="ghost" onClick={() => setForm(null)}>
          {t("common.cancel")}
        </button>
      </div>
    </div>
  );
}

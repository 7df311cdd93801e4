import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands } from "../api";
import type { Officer, OfficerInput, Team } from "../bindings";
import { date, today } from "../format";
import { LookupSelect } from "./fields";
import { useFieldWrites } from "./useFieldWrites";

type Props = { revision: number; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

/**
 * 设置 › 招商团队 and 招商专员: add, rename and delete teams; add, edit and delete officers, and
 * 离岗 (an officer who left stays on his history and in past reports, and pickers stop offering
 * him; 恢复在岗 takes it back). Deleting one with history is refused by the core, which says to
 * use 离岗 instead; the message shows on his row.
 */
export default function TeamsAndOfficers({ revision, onChanged, notify }: Props) {
  const { t, i18n } = useTranslation();
  const [teams, setTeams] = useState<Team[]>([]);
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [teamEdit, setTeamEdit] = useState<{ id: string; name: string } | null>(null);
  const [newTeam, setNewTeam] = useState("");
  const [officerEdit, setOfficerEdit] = useState<{ id: string; input: OfficerInput } | null>(null);
  const [retiring, setRetiring] = useState<{ id: string; on: string } | null>(null);
  const [showRetired, setShowRetired] = useState(false);
  const [added, setAdded] = useState<OfficerInput>({ name: "", team_id: null, title: null, phone: null });
  const { act, errorAt } = useFieldWrites((m) => notify(m, true), onChanged, t("common.saved"));

  useEffect(() => {
    call(commands.teams()).then(setTeams);
    call(commands.officers()).then(setOfficers);
  }, [revision]);

  const teamName = (id: string | null | undefined) => teams.find((x) => x.id === id)?.name ?? "—";
  const retiredCount = officers.filter((o) => o.retired_on).length;
  const shown = showRetired ? officers : officers.filter((o) => !o.retired_on);
  const inputOf = (o: Officer): OfficerInput => ({ name: o.name, team_id: o.team_id, title: o.title, phone: o.phone });

  return (
    <>
      <div className="card" data-testid="teams">
        <h3>{t("settings.teams")}</h3>
        <ul className="list">
          {teams.map((x) => (
            <li key={x.id}>
              {teamEdit?.id === x.id ? (
                <>
                  <input value={teamEdit.name} onChange={(e) => setTeamEdit({ id: x.id, name: e.target.value })} data-testid="team-rename-input" />
                  <button className="small" onClick={() => act(x.id, call(commands.renameTeam(x.id, teamEdit.name)), () => setTeamEdit(null))} data-testid="team-rename-save">
                    {t("common.save")}
                  </button>
                  <button className="ghost small" onClick={() => setTeamEdit(null)}>
                    {t("common.cancel")}
                  </button>
                </>
              ) : (
                <>
                  <span>{x.name}</span>
                  <span className="spacer" />
                  <button className="ghost small" onClick={() => setTeamEdit({ id: x.id, name: x.name })} data-testid={`team-rename-${x.name}`}>
                    {t("settings.rename")}
                  </button>
                  <button className="ghost small" onClick={() => act(x.id, call(commands.deleteTeam(x.id)))}>
                    {t("common.delete")}
                  </button>
                </>
              )}
              {errorAt(x.id, "*")}
            </li>
          ))}
        </ul>
        <div className="inline-form">
          <input placeholder={t("settings.newName")} value={newTeam} onChange={(e) => setNewTeam(e.target.value)} data-testid="team-name" />
          <button onClick={() => act("new-team", call(commands.createTeam(newTeam)), () => setNewTeam(""))} data-testid="team-add">
            {t("common.add")}
          </button>
        </div>
        {errorAt("new-team", "*")}
      </div>
      <div className="card" data-testid="officers">
        <h3>{t("settings.officers")}</h3>
        <ul className="list scroll" data-testid="officer-list">
          {shown.map((o) =>
            officerEdit?.id === o.id ? (
              <li key={o.id} className="inline-form">
                <input value={officerEdit.input.name} onChange={(e) => setOfficerEdit({ id: o.id, input: { ...officerEdit.input, name: e.target.value } })} data-testid="officer-edit-name" />
                {errorAt(o.id, "name")}
                <LookupSelect items={teams} value={officerEdit.input.team_id ?? ""} onChange={(v) => setOfficerEdit({ id: o.id, input: { ...officerEdit.input, team_id: v || null } })} empty={t("settings.team")} />
                <input
                  placeholder={t("edit.officerTitle")}
                  value={officerEdit.input.title ?? ""}
                  onChange={(e) => setOfficerEdit({ id: o.id, input: { ...officerEdit.input, title: e.target.value || null } })}
                  data-testid="officer-edit-title"
                />
                {errorAt(o.id, "title")}
                <input
                  placeholder={t("edit.phone")}
                  value={officerEdit.input.phone ?? ""}
                  onChange={(e) => setOfficerEdit({ id: o.id, input: { ...officerEdit.input, phone: e.target.value || null } })}
                  data-testid="officer-edit-phone"
                />
                {errorAt(o.id, ["phone", "team_id"])}
                <button className="small" onClick={() => act(o.id, call(commands.updateOfficer(o.id, officerEdit.input)), () => setOfficerEdit(null))} data-testid="officer-edit-save">
                  {t("common.save")}
                </button>
                <button className="ghost small" onClick={() => setOfficerEdit(null)}>
                  {t("common.cancel")}
                </button>
              </li>
            ) : (
              <li key={o.id} className={o.retired_on ? "retired" : undefined} data-testid={`officer-${o.name}`}>
                <span>{o.name}</span>
                <span className="muted">{teamName(o.team_id)}</span>
                <span className="muted">{o.title}</span>
                {o.retired_on && <span className="tag">{t("edit.retired", { date: date(o.retired_on, i18n.language) })}</span>}
                <span className="spacer" />
                <button className="ghost small" onClick={() => setOfficerEdit({ id: o.id, input: inputOf(o) })} data-testid={`officer-edit-${o.name}`}>
                  {t("common.edit")}
                </button>
                {o.retired_on ? (
                  <button className="ghost small" onClick={() => act(o.id, call(commands.reinstateOfficer(o.id)))}>
                    {t("edit.reinstate")}
                  </button>
                ) : retiring?.id === o.id ? (
                  <>
                    <input type="date" aria-label={t("edit.retiredOn")} value={retiring.on} onChange={(e) => setRetiring({ id: o.id, on: e.target.value })} data-testid="officer-retire-date" />
                    <button className="small" onClick={() => act(o.id, call(commands.retireOfficer(o.id, retiring.on)), () => setRetiring(null))} data-testid="officer-retire-save">
                      {t("common.save")}
                    </button>
                  </>
                ) : (
                  <button className="ghost small" onClick={() => setRetiring({ id: o.id, on: today() })} data-testid={`officer-retire-${o.name}`}>
                    {t("edit.retire")}
                  </button>
                )}
                <button className="ghost small" onClick={() => act(o.id, call(commands.deleteOfficer(o.id)))} data-testid={`officer-delete-${o.name}`}>
                  {t("common.delete")}
                </button>
                {errorAt(o.id, "*")}
              </li>
            ),
          )}
        </ul>
        {retiredCount > 0 && (
          <label className="check">
            <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} data-testid="officer-show-retired" />
            {t("edit.showRetired", { count: retiredCount })}
          </label>
        )}
        <div className="inline-form">
          <input placeholder={t("settings.newName")} value={added.name} onChange={(e) => setAdded({ ...added, name: e.target.value })} data-testid="officer-name" />
          <LookupSelect items={teams} value={added.team_id ?? ""} onChange={(v) => setAdded({ ...added, team_id: v || null })} empty={t("settings.team")} data-testid="officer-team" />
          <button data-testid="officer-add" onClick={() => act("new-officer", call(commands.createOfficer(added)), () => setAdded({ ...added, name: "" }))}>
            {t("common.add")}
          </button>
        </div>
        {errorAt("new-officer", "*")}
      </div>
    </>
  );
}

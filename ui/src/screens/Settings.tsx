import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { DeletedRecord, Industry, SecurityStatus } from "../bindings";
import { AddByName, useWrites } from "../components/fields";
import { date } from "../format";
import { LOCK_EVENT } from "./Unlock";
import ParksAndChains from "../components/ParksAndChains";
import RegionGroupsEditor from "../components/RegionGroupsEditor";
import TeamsAndOfficers from "../components/TeamsAndOfficers";
import TargetsEditor from "../components/TargetsEditor";
import AlertRulesEditor from "../components/AlertRulesEditor";
import ScoreRulesEditor from "../components/ScoreRulesEditor";
import AliasesEditor from "../components/AliasesEditor";

type Props = { revision: number; onChanged: () => void; notify: (m: string, withUndo?: boolean) => void };

export default function Settings({ revision, onChanged, notify }: Props) {
  const { t, i18n } = useTranslation();
  const [industries, setIndustries] = useState<Industry[]>([]);
  const [bin, setBin] = useState<DeletedRecord[]>([]);

  useEffect(() => {
    call(commands.industries()).then(setIndustries);
    call(commands.recycleBin()).then(setBin);
  }, [revision]);

  const restore = (r: DeletedRecord) =>
    act(
      r.table_name === "projects"
        ? call(commands.restoreProject(r.id))
        : r.table_name === "activities"
          ? call(commands.restoreActivity(r.id))
          : call(commands.restoreCompany(r.id)),
    );

  // A refusal shows above the cards.
  const { act, error } = useWrites(notify, onChanged, t("common.saved"));
  return (
    <div className="settings">
      {error && (
        <p className="error" data-testid="settings-error">
          {error}
        </p>
      )}
      <div className="grid2">
        <TeamsAndOfficers revision={revision} onChanged={onChanged} notify={notify} />
        <div className="card">
          <h3>{t("settings.industries")}</h3>
          <div className="chips-list">
            {industries.map((i) => (
              <span key={i.id} className="tag removable" title={t("common.delete")} onClick={() => act(call(commands.deleteIndustry(i.id)))}>
                {i.name} ×
              </span>
            ))}
          </div>
          <AddByName onAdd={(name) => act(call(commands.createIndustry(name)))} placeholder={t("settings.newName")} label={t("common.add")} testId="industry" />
        </div>
        <RegionGroupsEditor revision={revision} onChanged={onChanged} notify={notify} />
        <ParksAndChains revision={revision} onChanged={onChanged} notify={notify} />
        <TargetsEditor revision={revision} onChanged={onChanged} notify={notify} />
        <AlertRulesEditor revision={revision} onChanged={onChanged} notify={notify} />
        <ScoreRulesEditor revision={revision} onChanged={onChanged} notify={notify} />
        <AliasesEditor revision={revision} onChanged={onChanged} notify={notify} />
        <SecurityCard notify={notify} onChanged={onChanged} />
        <div className="card">
          <h3>{t("settings.recycleBin")}</h3>
          <ul className="list scroll" data-testid="recycle-bin">
            {bin.map((r) => (
              <li key={r.table_name + r.id}>
                <span className="tag">{t(`settings.tables.${r.table_name}`, { defaultValue: r.table_name })}</span>
                <span className="grow">{r.title}</span>
                <span className="muted">{date(r.deleted_at.slice(0, 10), i18n.language)}</span>
                <button className="ghost small" onClick={() => restore(r)}>
                  {t("common.restore")}
                </button>
              </li>
            ))}
            {bin.length === 0 && <li className="muted">{t("common.none")}</li>}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** 安全与备份: the passphrase, auto-lock, automatic backups and the list of backups. */
function SecurityCard({ notify, onChanged }: { notify: (m: string) => void; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<SecurityStatus | null>(null);
  const [form, setForm] = useState({ current: "", next: "", confirm: "" });
  const [prefs, setPrefs] = useState({ every: "4", lock: "15", dir: "" });
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    call(commands.securityStatus()).then((s) => {
      setStatus(s);
      setPrefs({ every: String(s.settings.backup_every_hours), lock: String(s.settings.auto_lock_minutes), dir: s.settings.extra_backup_dir ?? "" });
    });
  useEffect(() => {
    void load();
  }, []);

  const run = async (p: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await p();
      setError(null);
      notify(done);
      await load();
      onChanged();
      return true;
    } catch (e) {
      const u = e as UiError;
      setError({ field: u.field, message: u.message });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const setPassphrase = async (remove: boolean) => {
    if (!remove && form.next !== form.confirm) {
      setError({ field: "confirm", message: t("security.mismatch") });
      return;
    }
    const ok = await run(
      () => call(commands.setPassphrase(status?.encrypted ? form.current : null, remove ? null : form.next)),
      remove ? t("security.removed") : t("security.passphraseSet"),
    );
    if (ok) setForm({ current: "", next: "", confirm: "" });
  };
  const savePrefs = () =>
    run(
      () =>
        call(
          commands.saveSecuritySettings({
            backup_every_hours: Number(prefs.every) || 0,
            auto_lock_minutes: Number(prefs.lock) || 0,
            extra_backup_dir: prefs.dir.trim() || null,
          }),
        ),
      t("common.saved"),
    );
  const restore = async (path: string, takenAt: string) => {
    if (!window.confirm(t("security.restoreConfirm", { time: new Date(takenAt).toLocaleString(i18n.language) }))) return;
    await run(async () => {
      let n: number;
      try {
        n = await call(commands.restoreBackup(path, null));
      } catch (e) {
        // A backup made before a passphrase change opens with the passphrase of that time.
        if ((e as UiError).field !== "passphrase") throw e;
        const old = window.prompt(`${(e as UiError).message}\n${t("security.backupPassphrase")}`);
        if (!old) throw e;
        n = await call(commands.restoreBackup(path, old));
      }
      notify(t("security.restored", { count: n }));
    }, t("security.backedUp"));
  };
  const lockNow = async () => {
    if (await call(commands.lockLedger())) window.dispatchEvent(new Event(LOCK_EVENT));
  };
  const fieldError = (f: string) =>
    error && error.field === f ? (
      <span className="error" data-testid={`security-error-${f}`}>
        {error.message}
      </span>
    ) : null;
  if (!status) return <div className="card">{t("common.loading")}</div>;
  return (
    <div className="card security" data-testid="security">
      <h3>{t("security.title")}</h3>
      <p data-testid="security-state">
        {status.encrypted ? t("security.encrypted") : t("security.notEncrypted")}
      </p>
      <p className="muted">{t("security.warning")}</p>
      <div className="form-grid" style={{ marginBottom: 12 }}>
        {status.encrypted && (
          <label>
            {t("security.current")}
            <input type="password" value={form.current} onChange={(e) => setForm({ ...form, current: e.target.value })} data-testid="security-current" />
            {fieldError("current_passphrase")}
          </label>
        )}
        <label>
          {t("security.newPass")}
          <input type="password" value={form.next} onChange={(e) => setForm({ ...form, next: e.target.value })} data-testid="security-new" />
          {fieldError("passphrase")}
        </label>
        <label>
          {t("security.confirm")}
          <input type="password" value={form.confirm} onChange={(e) => setForm({ ...form, confirm: e.target.value })} data-testid="security-confirm" />
          {fieldError("confirm")}
        </label>
        <div className="inline-form" style={{ gridColumn: "span 2" }}>
          <button disabled={busy || !form.next} onClick={() => setPassphrase(false)} data-testid="security-set">
            {status.encrypted ? t("security.changePass") : t("security.setPass")}
          </button>
          {status.encrypted && (
            <>
              <button className="ghost" disabled={busy || !form.current} onClick={() => setPassphrase(true)} data-testid="security-remove">
                {t("security.removePass")}
              </button>
              <button className="ghost" onClick={lockNow} data-testid="security-lock">
                {t("security.lockNow")}
              </button>
            </>
          )}
        </div>
        {busy && (
          <p className="muted" style={{ gridColumn: "span 2" }}>
            {t("security.working")}
          </p>
        )}
      </div>
      <div className="form-grid" style={{ marginBottom: 12 }}>
        <label>
          {t("security.autoLock")}
          <input type="number" min={0} value={prefs.lock} onChange={(e) => setPrefs({ ...prefs, lock: e.target.value })} data-testid="security-autolock" />
          {fieldError("auto_lock_minutes")}
        </label>
        <label>
          {t("security.everyHours")}
          <input type="number" min={1} value={prefs.every} onChange={(e) => setPrefs({ ...prefs, every: e.target.value })} data-testid="security-every" />
          {fieldError("backup_every_hours")}
        </label>
        <label className="wide">
          {t("security.extraDir")}
          <input value={prefs.dir} onChange={(e) => setPrefs({ ...prefs, dir: e.target.value })} data-testid="security-dir" />
          {fieldError("extra_backup_dir")}
        </label>
        <div className="inline-form" style={{ gridColumn: "span 2" }}>
          <button onClick={savePrefs} disabled={busy} data-testid="security-save">
            {t("common.save")}
          </button>
          <button className="ghost" disabled={busy} onClick={() => run(() => call(commands.backupNow()), t("security.backedUp"))} data-testid="backup-now">
            {t("security.backupNow")}
          </button>
        </div>
      </div>
      {error && !["current_passphrase", "passphrase", "confirm", "auto_lock_minutes", "backup_every_hours", "extra_backup_dir"].includes(error.field ?? "") && (
        <p className="error" data-testid="security-error">
          {error.message}
        </p>
      )}
      {status.encrypted && status.plaintext_backups > 0 && (
        <div className="warning">
          <p>{t("security.plaintextWarning", { count: status.plaintext_backups })}</p>
          <button
            className="ghost small"
            disabled={busy}
            data-testid="delete-plaintext-backups"
            onClick={() => {
              if (window.confirm(t("security.deletePlaintextConfirm", { count: status.plaintext_backups })))
                void run(() => call(commands.deletePlaintextBackups()), t("security.deletedPlaintext"));
            }}
          >
            {t("security.deletePlaintext")}
          </button>
        </div>
      )}
      <h3>{t("security.backups")}</h3>
      <ul className="list scroll" data-testid="backup-list">
        {status.backups.map((b) => (
          <li key={b.path} title={b.path}>
            <span>{new Date(b.taken_at).toLocaleString(i18n.language)}</span>
            <span className="tag">{b.encrypted ? t("security.encryptedTag") : t("security.plainTag")}</span>
            {b.tag && <span className="tag">{t("security.pinned")}</span>}
            <span className="muted grow">{b.folder.split(/[\\/]/).slice(-2).join("/")}</span>
            <button className="ghost small" disabled={busy} onClick={() => restore(b.path, b.taken_at)}>
              {t("security.restore")}
            </button>
          </li>
        ))}
        {status.backups.length === 0 && <li className="muted">{t("common.none")}</li>}
      </ul>
    </div>
  );
}

import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import Recovery from "./Recovery";

/** Fired by 设置 → 安全 → 立即锁定 (and by the idle timer) so the app shows this screen. */
export const LOCK_EVENT = "zs:locked";

/** The unlock screen of an encrypted ledger: a wrong passphrase shows the core's message. */
export default function Unlock({ ledgerPath, onUnlocked }: { ledgerPath: string; onUnlocked: () => void }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The ledger opened with the right passphrase but failed its integrity check.
  const [corrupt, setCorrupt] = useState<{ message: string; passphrase: string } | null>(null);

  if (corrupt) return <Recovery message={corrupt.message} passphrase={corrupt.passphrase} ledgerPath={ledgerPath} onRestored={onUnlocked} />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!passphrase || busy) return;
    setBusy(true);
    try {
      await call(commands.unlock(passphrase));
      setPassphrase("");
      onUnlocked();
    } catch (err) {
      const u = err as UiError;
      if (u.kind === "Corrupt") setCorrupt({ message: u.message, passphrase });
      else setError(u.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="fatal unlock" data-testid="unlock">
      <h2>{t("security.unlockTitle")}</h2>
      <p>{t("security.unlockLead")}</p>
      <form onSubmit={submit} className="inline-form">
        <input
          type="password"
          autoFocus
          aria-label={t("security.passphrase")}
          placeholder={t("security.passphrase")}
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          data-testid="unlock-passphrase"
        />
        <button type="submit" disabled={!passphrase || busy} data-testid="unlock-submit">
          {busy ? t("security.unlocking") : t("security.unlock")}
        </button>
      </form>
      {error && (
        <p className="error" role="alert" data-testid="unlock-error">
          {error}
        </p>
      )}
      <p className="muted">{ledgerPath}</p>
    </div>
  );
}

/**
 * Locks an encrypted ledger after `minutes` without keyboard or mouse input (both connections
 * are closed by `lock_ledger`), then calls `onLocked` so the app shows the unlock screen.
 * `active`: the ledger is open; `revision` re-reads the setting after 设置 changes it.
 */
export function useAutoLock(active: boolean, revision: number, onLocked: () => void) {
  const [minutes, setMinutes] = useState(0);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!active) return;
    const check = () =>
      call(commands.securityStatus()).then(
        (s) => {
          setMinutes(s.encrypted ? s.settings.auto_lock_minutes : 0);
          // Closed behind the UI's back (the start backup found the file damaged): show why.
          if (!s.unlocked) onLocked();
        },
        () => setMinutes(0),
      );
    void check();
    const poll = window.setInterval(check, 60_000);
    return () => window.clearInterval(poll);
  }, [active, revision, onLocked]);
  useEffect(() => {
    const locked = () => onLocked();
    window.addEventListener(LOCK_EVENT, locked);
    return () => window.removeEventListener(LOCK_EVENT, locked);
  }, [onLocked]);
  useEffect(() => {
    if (!active || minutes <= 0) return;
    const lock = () => {
      call(commands.lockLedger()).then(
        () => onLocked(),
        () => undefined,
      );
    };
    const reset = () => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(lock, minutes * 60_000);
    };
    const events = ["mousemove", "mousedown", "keydown", "wheel", "touchstart"];
    events.forEach((e) => window.addEventListener(e, reset, { passive: true }));
    reset();
    return () => {
      window.clearTimeout(timer.current);
      events.forEach((e) => window.removeEventListener(e, reset));
    };
  }, [active, minutes, onLocked]);
}

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";
import type { BackupEntry } from "../bindings";
import { coreText } from "../zhTW";

/**
 * The ledger failed its integrity check at opening: say so plainly and offer the newest backup
 * that passes its own check. Restoring verifies it again, keeps the damaged file aside and
 * reopens the ledger.
 */
export default function Recovery({
  message,
  ledgerPath,
  passphrase,
  onRestored,
}: {
  message: string;
  ledgerPath: string;
  passphrase?: string;
  onRestored: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [best, setBest] = useState<BackupEntry | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(commands.newestGoodBackup(passphrase ?? null)).then(setBest, (e: UiError) => {
      setBest(null);
      setError(e.message);
    });
  }, [passphrase]);

  const when = (b: BackupEntry) => new Date(b.taken_at).toLocaleString(i18n.language);
  const restore = async () => {
    if (!best) return;
    if (!window.confirm(t("security.restoreConfirm", { time: when(best) }))) return;
    setBusy(true);
    try {
      await call(commands.restoreBackup(best.path, passphrase ?? null));
      onRestored();
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="fatal recovery" data-testid="recovery">
      <h2>{t("security.recoveryTitle")}</h2>
      <p>{t("security.recoveryLead")}</p>
      <p className="muted" data-testid="recovery-detail">
        {coreText(message, i18n.language)}
      </p>
      {best === undefined && <p>{t("security.searching")}</p>}
      {best === null && !error && <p className="error">{t("security.recoveryNone")}</p>}
      {best && (
        <div className="card">
          <p data-testid="recovery-offer">{t("security.recoveryOffer", { time: when(best) })}</p>
          <p className="muted">{best.path}</p>
          <button onClick={restore} disabled={busy} data-testid="recovery-restore">
            {busy ? t("security.working") : t("security.recoveryRestore")}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="recovery-error">
          {error}
        </p>
      )}
      <p className="muted">{ledgerPath}</p>
    </div>
  );
}

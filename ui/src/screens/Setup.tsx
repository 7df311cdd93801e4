import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call, commands, UiError } from "../api";

export default function Setup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [office, setOffice] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (p: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await p();
      onDone();
    } catch (e) {
      setError((e as UiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="setup">
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.lead")}</p>
      <div className="setup-choices">
        <div className="card">
          <h2>{t("setup.demo")}</h2>
          <p className="muted">{t("setup.demoHint")}</p>
          <button data-testid="setup-demo" disabled={busy} onClick={() => run(() => call(commands.setupDemo()))}>
            {t("setup.demo")}
          </button>
        </div>
        <div className="card">
          <h2>{t("setup.empty")}</h2>
          <p className="muted">{t("setup.emptyHint")}</p>
          <label>
            {t("setup.office")}
            <input value={office} onChange={(e) => setOffice(e.target.value)} data-testid="setup-office" />
          </label>
          <button
            data-testid="setup-empty"
            disabled={busy}
            onClick={() => run(() => call(commands.setupEmpty(office.trim() || null)))}
          >
            {t("setup.empty")}
          </button>
        </div>
      </div>
      {busy && <p className="progress">{t("setup.working")}</p>}
      {error && <p className="error">{error}</p>}
    </div>
  );
}

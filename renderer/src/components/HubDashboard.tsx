import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, getKiosk } from '../kiosk.ts';

/**
 * The supervisors' hub in the Maintenance drawer: shown only when the kiosk knows a hub (hub.url,
 * or the hub it serves once it runs) and the policy allows it. The dashboard opens in the shell's
 * own window, limited to the hub, and asks for a sign-in there. Not in the status bar: agents need
 * its room, supervisors find it one click away.
 */
export function HubDashboardSection() {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getKiosk()
      ?.invoke('hub:dashboard', {})
      .then(
        (answer) => setUrl(answer.url),
        (failure: unknown) => console.warn('kiosk: hub:dashboard failed', failure),
      );
  }, []);

  if (!url) return null;
  const open = () => {
    setError(null);
    getKiosk()
      ?.invoke('hub:open-dashboard', {})
      .then(
        () => undefined,
        (failure: unknown) => setError(errorMessage(failure)),
      );
  };
  return (
    <div data-testid="hub-dashboard">
      <h3>{t('hubHost.title')}</h3>
      <p className="muted">{t('hubHost.hint', { url })}</p>
      <p>
        <button type="button" className="bar-button" data-testid="open-hub-dashboard" onClick={open}>
          {t('hubHost.open')}
        </button>
      </p>
      {error ? (
        <p role="alert" data-testid="hub-dashboard-error">
          {t('hubHost.failed', { message: error })}
        </p>
      ) : null}
    </div>
  );
}

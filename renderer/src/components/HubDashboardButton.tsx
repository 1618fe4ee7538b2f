import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskStatus } from '../../../main/core/ipc/contract.ts';
import { errorMessage, getKiosk } from '../kiosk.ts';

/**
 * "Hub dashboard" in the status bar, for supervisors at this seat: shown only when the kiosk
 * knows a hub (hub.url, or the hub it serves once it runs) and the policy allows it. The
 * dashboard opens in the shell's own window and asks for a sign-in there. Asked again whenever
 * the status is sent, since the hub this kiosk serves starts after our page.
 */
export function HubDashboardButton({ status }: { status: KioskStatus }) {
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
  }, [status]);

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
    <>
      {error ? (
        <div className="mode-switch__error" role="alert" data-testid="hub-dashboard-error" title={error}>
          {t('hubHost.failed', { message: error })}
        </div>
      ) : null}
      <button type="button" className="bar-button" data-testid="open-hub-dashboard" title={t('hubHost.hint', { url })} onClick={open}>
        {t('hubHost.open')}
      </button>
    </>
  );
}

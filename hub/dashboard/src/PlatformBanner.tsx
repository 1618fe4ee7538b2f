import { useTranslation } from 'react-i18next';
import { api, type Account, type PlatformIncident } from './api.ts';
import { Problem, useAction } from './useAction.tsx';
import { clock } from './useNow.ts';

/** "WhatsApp is down for everyone", with who acknowledged it, or the button that stops its repeats. */
export function PlatformBanner({ platform, account }: { platform: PlatformIncident; account: Account }) {
  const { t } = useTranslation();
  const ack = useAction();
  return (
    <div className="banner" data-testid="platform-banner">
      <p>{t('platform.banner', { fault: t(`fault.${platform.fault}.title`), seats: platform.seats, time: clock(platform.startedAt) })}</p>
      {platform.ackedBy ? (
        <p data-testid="platform-acked">
          {t('platform.acked', { who: platform.ackedBy, time: clock(platform.ackedAt ?? platform.startedAt) })}
        </p>
      ) : (
        <button
          type="button"
          disabled={ack.busy}
          onClick={() => ack.run(() => api.post(`api/platforms/${platform.id}/ack`, account.csrfToken))}
        >
          {t('platform.ack')}
        </button>
      )}
      <Problem action={ack} />
    </div>
  );
}

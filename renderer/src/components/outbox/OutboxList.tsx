import { useTranslation } from 'react-i18next';
import type { OutboxItem } from '../../../../main/core/ipc/outbox-wire.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import { formatClock, type UiLanguage } from '../../format.ts';

/** Every message's state, with the server's reason after a failure, and cancel while it waits. */
export function OutboxList({
  kiosk,
  items,
  language,
  now,
  error,
  onChanged,
}: {
  kiosk: KioskApi | null;
  items: OutboxItem[];
  language: UiLanguage;
  now: number;
  error: string | null;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const cancel = (id: number) => {
    kiosk?.invoke('outbox:cancel', { id }).then(onChanged, (failure: unknown) => console.warn('kiosk: outbox:cancel failed', failure));
  };
  return (
    <section className="tool outbox-list" data-section="outbox" aria-labelledby="outbox-list-title" data-testid="outbox-list">
      <h2 id="outbox-list-title">{t('outbox.list.title')}</h2>
      {error ? (
        <p className="lookup__error" role="alert">
          {t('outbox.outcome.error', { message: error })}
        </p>
      ) : null}
      {items.length === 0 ? <p className="muted">{t('outbox.list.empty')}</p> : null}
      <ul aria-live="polite">
        {items.map((item) => (
          <li key={item.id} className="outbox-item" data-testid="outbox-item" data-state={item.state} data-id={item.id}>
            <div>
              <span className={`outbox-state outbox-state--${item.state}`}>{t(`outbox.state.${item.state}`)}</span>{' '}
              <strong>{item.recipient}</strong>{' '}
              <span className="muted small">
                · {item.channel} · {formatClock(item.createdAt, language, now)}
              </span>
            </div>
            <div className="outbox-item__excerpt">{item.subject ?? item.excerpt}</div>
            {item.reason ? (
              <div className="small" data-testid="outbox-reason">
                {t(item.state === 'failed' ? 'outbox.list.failedBecause' : 'outbox.list.retryBecause', {
                  reason: item.reason,
                  attempts: item.attempts,
                })}
              </div>
            ) : null}
            {item.state === 'queued' ? (
              <button type="button" onClick={() => cancel(item.id)} data-testid="outbox-cancel">
                {t('outbox.action.cancel', { recipient: item.recipient })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

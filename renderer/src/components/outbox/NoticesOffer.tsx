import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticePreview, OutboxInfo } from '../../../../main/core/ipc/outbox-wire.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import type { UiLanguage } from '../../format.ts';
import { errorMessage } from '../../kiosk.ts';
import { MessagePreview } from './MessageTool.tsx';

type Step =
  | { state: 'idle' }
  | { state: 'preview'; preview: NoticePreview }
  | { state: 'sent'; queued: number }
  | { state: 'error'; message: string };

/**
 * During a declared outage: tell the customers with recent or unread WhatsApp chats, by email or
 * SMS, after a preview and a count. The core keeps who was told, so nobody gets it twice.
 */
export function NoticesOffer({
  kiosk,
  info,
  language,
  agent,
  onQueued,
}: {
  kiosk: KioskApi | null;
  info: OutboxInfo;
  language: UiLanguage;
  agent: string;
  onQueued: () => void;
}) {
  const { t } = useTranslation();
  const offers = info.channels.flatMap((channel) => {
    const kind = channel.kind === 'email' ? 'email' : 'sms';
    return info.templates
      .filter((template) => template.notice && template.kind === kind)
      .map((template) => ({ channel: channel.name, template }));
  });
  const [choice, setChoice] = useState(0);
  const [expectedRecovery, setExpectedRecovery] = useState('');
  const [step, setStep] = useState<Step>({ state: 'idle' });
  if (info.incidentId === null || offers.length === 0) return null;
  const offer = offers[Math.min(choice, offers.length - 1)]!;
  const request = { channel: offer.channel, templateId: offer.template.id, values: { agent, expectedRecovery } };

  const preview = () => {
    kiosk?.invoke('outbox:notices-preview', request).then(
      (answer) => setStep({ state: 'preview', preview: answer }),
      (error: unknown) => setStep({ state: 'error', message: errorMessage(error) }),
    );
  };
  const send = (incidentId: number) => {
    kiosk?.invoke('outbox:notices-send', { ...request, incidentId }).then(
      ({ queued }) => {
        setStep({ state: 'sent', queued });
        onQueued();
      },
      (error: unknown) => setStep({ state: 'error', message: errorMessage(error) }),
    );
  };

  return (
    <section className="tool outbox-notices" data-section="notices" aria-labelledby="outbox-notices-title" data-testid="outbox-notices">
      <h2 id="outbox-notices-title">{t('outbox.notices.title')}</h2>
      <p>{t('outbox.notices.offer')}</p>
      <div className="outbox-form">
        <label>
          {t('outbox.notices.how')}
          <select
            value={choice}
            onChange={(event) => {
              setChoice(Number(event.target.value));
              setStep({ state: 'idle' });
            }}
            data-testid="notices-choice"
          >
            {offers.map((option, index) => (
              <option key={`${option.channel}/${option.template.id}`} value={index}>
                {option.channel}: {option.template.title[language]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('outbox.notices.expectedRecovery')}
          <input
            type="text"
            value={expectedRecovery}
            onChange={(event) => setExpectedRecovery(event.target.value)}
            data-testid="notices-recovery"
          />
        </label>
        <div className="outbox-form__actions">
          <button type="button" onClick={preview} data-testid="notices-preview">
            {t('outbox.notices.preview')}
          </button>
          {step.state === 'preview' && step.preview.count > 0 ? (
            <button type="button" className="primary" onClick={() => send(step.preview.incidentId)} data-testid="notices-send">
              {t('outbox.notices.send', { count: step.preview.count })}
            </button>
          ) : null}
        </div>
      </div>
      <div aria-live="polite">
        {step.state === 'preview' ? (
          <>
            <p data-testid="notices-count" data-count={step.preview.count}>
              {t('outbox.notices.count', { count: step.preview.count })}{' '}
              {step.preview.withoutAddress > 0 ? t('outbox.notices.withoutAddress', { count: step.preview.withoutAddress }) : null}{' '}
              {step.preview.alreadyNotified > 0 ? t('outbox.notices.alreadyNotified', { count: step.preview.alreadyNotified }) : null}
            </p>
            {step.preview.recipients.length > 0 ? (
              <p className="muted small">{step.preview.recipients.map((recipient) => recipient.name || recipient.address).join(', ')}</p>
            ) : null}
            {step.preview.sample ? <MessagePreview preview={step.preview.sample} /> : null}
          </>
        ) : null}
        {step.state === 'sent' ? <p data-testid="notices-sent">{t('outbox.notices.sent', { count: step.queued })}</p> : null}
      </div>
      {step.state === 'error' ? (
        <p className="lookup__error" role="alert">
          {t('outbox.outcome.error', { message: step.message })}
        </p>
      ) : null}
    </section>
  );
}

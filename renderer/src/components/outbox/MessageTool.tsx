import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRecord } from '../../../../main/core/ipc/contacts-wire.ts';
import type { OutboxInfo, RenderedPreview } from '../../../../main/core/ipc/outbox-wire.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import type { UiLanguage } from '../../format.ts';
import { errorMessage } from '../../kiosk.ts';

type Outcome = { state: 'idle' } | { state: 'busy' } | { state: 'queued'; id: number } | { state: 'error'; message: string };

interface MessageToolProps {
  kiosk: KioskApi | null;
  kind: 'email' | 'sms';
  info: OutboxInfo;
  language: UiLanguage;
  customer: ContactRecord | null;
  agent: string;
  onQueued: () => void;
}

/**
 * Email or SMS to one customer: the address from the selected customer or typed, a template or
 * free text, a preview, and "queue" that answers only once the message is on disk.
 */
export function MessageTool({ kiosk, kind, info, language, customer, agent, onQueued }: MessageToolProps) {
  const { t } = useTranslation();
  const channels = info.channels.filter((channel) => (kind === 'email' ? channel.kind === 'email' : channel.kind !== 'email'));
  const templates = info.templates.filter((template) => template.kind === kind);
  const customerAddress = (kind === 'email' ? customer?.emails[0] : customer?.phones[0]) ?? '';
  const customerName = customer ? (customer.name ?? customer.pushName ?? '') : '';
  const [channel, setChannel] = useState(channels[0]?.name ?? '');
  const [typedTo, setTypedTo] = useState<{ for: number | null; value: string } | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [messageLanguage, setMessageLanguage] = useState<UiLanguage>(language);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<RenderedPreview | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  // A typed address holds until another customer is picked.
  const to = typedTo !== null && typedTo.for === (customer?.id ?? null) ? typedTo.value : customerAddress;
  const id = `outbox-${kind}`;

  if (channels.length === 0) {
    return (
      <section className="tool outbox-tool" data-section={kind} aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t(`outbox.${kind}.title`)}</h2>
        <p className="muted" data-testid={`${id}-unconfigured`}>
          {t(`outbox.${kind}.notConfigured`)}
        </p>
      </section>
    );
  }

  const request = () => ({
    channel: channel || channels[0]!.name,
    to,
    ...(customer && to === customerAddress ? { contactId: customer.id } : {}),
    ...(templateId ? { templateId } : { text, ...(kind === 'email' ? { subject } : {}) }),
    language: messageLanguage,
    values: { customer: customerName, agent, message: text },
  });

  const showPreview = () => {
    if (!kiosk) return;
    kiosk.invoke('outbox:preview', request()).then(
      (answer) => {
        setPreview(answer);
        setOutcome({ state: 'idle' });
      },
      (error: unknown) => setOutcome({ state: 'error', message: errorMessage(error) }),
    );
  };

  const queue = (event: FormEvent) => {
    event.preventDefault();
    if (!kiosk || outcome.state === 'busy') return;
    setOutcome({ state: 'busy' });
    kiosk.invoke('outbox:queue', request()).then(
      ({ id: queuedId }) => {
        setOutcome({ state: 'queued', id: queuedId });
        setText('');
        setSubject('');
        setPreview(null);
        onQueued();
      },
      (error: unknown) => setOutcome({ state: 'error', message: errorMessage(error) }),
    );
  };

  return (
    <section className="tool outbox-tool" data-section={kind} data-testid={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t(`outbox.${kind}.title`)}</h2>
      <form className="outbox-form" onSubmit={queue}>
        {kind === 'sms' && channels.length > 1 ? (
          <label>
            {t('outbox.field.channel')}
            <select value={channel} onChange={(event) => setChannel(event.target.value)} data-testid={`${id}-channel`}>
              {channels.map((option) => (
                <option key={option.name} value={option.name}>
                  {option.name} ({t(`outbox.kind.${option.kind}`)})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t(`outbox.${kind}.to`)}
          <input
            type={kind === 'email' ? 'email' : 'tel'}
            value={to}
            required
            onChange={(event) => setTypedTo({ for: customer?.id ?? null, value: event.target.value })}
            data-testid={`${id}-to`}
            autoComplete="off"
          />
        </label>
        {customer ? (
          <p className="muted small" data-testid={`${id}-customer`}>
            {t('outbox.forCustomer', { name: customerName || to })}
          </p>
        ) : null}
        <label>
          {t('outbox.field.template')}
          <select value={templateId} onChange={(event) => setTemplateId(event.target.value)} data-testid={`${id}-template`}>
            <option value="">{t('outbox.field.freeText')}</option>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.title[language]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('outbox.field.language')}
          <select
            value={messageLanguage}
            onChange={(event) => setMessageLanguage(event.target.value as UiLanguage)}
            data-testid={`${id}-language`}
          >
            <option value="en">{t('outbox.language.en')}</option>
            <option value="zh">{t('outbox.language.zh')}</option>
          </select>
        </label>
        {kind === 'email' && !templateId ? (
          <label>
            {t('outbox.field.subject')}
            <input
              type="text"
              value={subject}
              required
              onChange={(event) => setSubject(event.target.value)}
              data-testid={`${id}-subject`}
            />
          </label>
        ) : null}
        <label>
          {templateId ? t('outbox.field.messageInTemplate') : t('outbox.field.message')}
          <textarea
            value={text}
            rows={4}
            required={!templateId}
            onChange={(event) => setText(event.target.value)}
            data-testid={`${id}-text`}
          />
        </label>
        <div className="outbox-form__actions">
          <button type="button" onClick={showPreview} data-testid={`${id}-preview`}>
            {t('outbox.action.preview')}
          </button>
          <button type="submit" className="primary" disabled={outcome.state === 'busy'} data-testid={`${id}-queue`}>
            {t('outbox.action.queue')}
          </button>
        </div>
      </form>
      {preview ? <MessagePreview preview={preview} /> : null}
      <p className="outbox-form__outcome" aria-live="polite" data-testid={`${id}-outcome`} data-state={outcome.state}>
        {outcome.state === 'busy' ? t('outbox.outcome.busy') : null}
        {outcome.state === 'queued' ? t('outbox.outcome.queued', { id: outcome.id }) : null}
      </p>
      {outcome.state === 'error' ? (
        <p className="lookup__error" role="alert" data-testid={`${id}-error`}>
          {t('outbox.outcome.error', { message: outcome.message })}
        </p>
      ) : null}
    </section>
  );
}

/** A rendered message as the customer will read it (as text: nothing in it is executed). */
export function MessagePreview({ preview }: { preview: RenderedPreview }) {
  const { t } = useTranslation();
  return (
    <figure className="outbox-preview" data-testid="outbox-preview">
      <figcaption className="muted small">{t('outbox.previewTitle')}</figcaption>
      {preview.subject !== null ? <strong className="outbox-preview__subject">{preview.subject}</strong> : null}
      <pre className="outbox-preview__text">{preview.text}</pre>
    </figure>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRecord, FieldSource } from '../../../main/core/ipc/contacts-wire.ts';
import type { KioskApi } from '../../../preload/kiosk-api.ts';
import { formatClock, type UiLanguage } from '../format.ts';

/** Wait this long after the last keystroke: fast enough to feel instant, fewer requests. */
const TYPING_PAUSE_MS = 60;

type Lookup = { state: 'idle' } | { state: 'ready'; query: string; contacts: ContactRecord[] } | { state: 'error'; message: string };

/**
 * Search as you type over the contact backup on this computer: who the customer is and how else
 * to reach them. Everything shown comes from customers or files, so it is rendered as text only.
 */
export function CustomerLookup({
  kiosk,
  language,
  now,
  selectedId = null,
  onSelect,
}: {
  kiosk: KioskApi | null;
  language: UiLanguage;
  now: number;
  /** The customer the pane's other tools (email, SMS) write to. */
  selectedId?: number | null;
  onSelect?: (contact: ContactRecord) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });

  const searching = kiosk !== null && query.trim() !== '';
  useEffect(() => {
    if (!kiosk || query.trim() === '') return;
    let current = true;
    const timer = setTimeout(() => {
      kiosk
        .invoke('contacts:search', { query, limit: 20 })
        .then((contacts) => current && setLookup({ state: 'ready', query, contacts }))
        .catch((error: unknown) => current && setLookup({ state: 'error', message: (error as Error).message }));
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [kiosk, query]);
  const shown: Lookup = searching ? lookup : { state: 'idle' };

  return (
    <section className="tool tool--lookup" data-section="lookup" aria-labelledby="tool-lookup">
      <h2 id="tool-lookup">{t('failover.section.lookup.title')}</h2>
      <input
        type="search"
        className="lookup__input"
        data-testid="lookup-input"
        value={query}
        placeholder={t('lookup.placeholder')}
        aria-label={t('lookup.placeholder')}
        onChange={(event) => setQuery(event.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      {shown.state === 'error' ? (
        <p className="lookup__error" role="alert">
          {t('lookup.error', { message: shown.message })}
        </p>
      ) : null}
      {shown.state === 'ready' && shown.contacts.length === 0 ? (
        <p className="muted" data-testid="lookup-empty">
          {t('lookup.none')}
        </p>
      ) : null}
      {shown.state === 'ready' && shown.contacts.length > 0 ? (
        <ul className="lookup__results" data-testid="lookup-results" aria-live="polite">
          {shown.contacts.map((contact) => (
            <ContactCard
              key={contact.id}
              contact={contact}
              language={language}
              now={now}
              selected={contact.id === selectedId}
              {...(onSelect ? { onSelect } : {})}
            />
          ))}
        </ul>
      ) : null}
      {shown.state === 'idle' ? <p className="muted small">{t('lookup.hint')}</p> : null}
    </section>
  );
}

function ContactCard({
  contact,
  language,
  now,
  selected,
  onSelect,
}: {
  contact: ContactRecord;
  language: UiLanguage;
  now: number;
  selected: boolean;
  onSelect?: (contact: ContactRecord) => void;
}) {
  const { t } = useTranslation();
  const title = contact.name ?? contact.pushName ?? contact.phones[0] ?? contact.emails[0] ?? '?';
  const source = (field: keyof ContactRecord['sources']) => sourceLabel(t, contact.sources[field]);
  return (
    <li className="contact" data-testid="lookup-result" data-contact-id={contact.id}>
      <div className="contact__title">
        <strong data-testid="contact-name">{title}</strong>
        {contact.pushName && contact.pushName !== title ? <span className="muted"> ~{contact.pushName}</span> : null}
        {contact.isBusiness ? <span className="badge">{t('lookup.business')}</span> : null}
        {contact.unread > 0 ? <span className="badge badge--unread">{t('lookup.unread', { count: contact.unread })}</span> : null}
      </div>
      {contact.organization ? <div className="muted">{contact.organization}</div> : null}
      <dl className="contact__fields">
        {contact.phones.length > 0 ? (
          <>
            <dt>{t('lookup.phones')}</dt>
            <dd data-testid="contact-phones" title={source('phones')}>
              {contact.phones.join(' · ')}
            </dd>
          </>
        ) : null}
        {contact.emails.length > 0 ? (
          <>
            <dt>{t('lookup.emails')}</dt>
            <dd data-testid="contact-emails" title={source('emails')}>
              {contact.emails.join(' · ')}
            </dd>
          </>
        ) : null}
        {contact.note ? (
          <>
            <dt>{t('lookup.note')}</dt>
            <dd className="contact__note">{contact.note}</dd>
          </>
        ) : null}
        {contact.lastInteractionAt ? (
          <>
            <dt>{t('lookup.lastChat')}</dt>
            <dd>{formatClock(contact.lastInteractionAt, language, now)}</dd>
          </>
        ) : null}
      </dl>
      <div className="muted small" data-testid="contact-sources">
        {t('lookup.from', { sources: sourcesOf(t, contact) })}
      </div>
      {onSelect ? (
        <button type="button" aria-pressed={selected} onClick={() => onSelect(contact)} data-testid="contact-select">
          {t('outbox.selectCustomer', { name: title })}
        </button>
      ) : null}
    </li>
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

function sourceLabel(t: Translate, source: FieldSource | undefined): string {
  if (!source) return '';
  return source.kind === 'whatsapp' ? t('lookup.source.whatsapp') : t('lookup.source.crm', { file: source.file });
}

function sourcesOf(t: Translate, contact: ContactRecord): string {
  return [...new Set(Object.values(contact.sources).map((source) => sourceLabel(t, source)))].join(', ');
}

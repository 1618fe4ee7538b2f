import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRecord } from '../../../../main/core/ipc/contacts-wire.ts';
import type { QueueItem } from '../../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import { errorMessage } from '../../kiosk.ts';
import { useQueue } from './useQueue.ts';
import './queue.css';

/** Letters in the "To" field mean a name: the contact backup is searched. */
const LOOKS_LIKE_NAME = /[^\d\s+().-]/;

type Sending = { state: 'idle' } | { state: 'saving' } | { state: 'queued'; item: QueueItem } | { state: 'error'; message: string };

/**
 * WhatsApp replies written during the outage. Each is on disk before "queued" shows; once
 * WhatsApp is back, the kiosk opens each chat with the text and the agent presses Enter there
 * (or the kiosk does, where IT allows it). Everything shown is rendered as text.
 */
export function QueueTool({ kiosk }: { kiosk: KioskApi | null }) {
  const { t } = useTranslation();
  const ids = useId();
  const { items, error, reload } = useQueue(kiosk);
  const [to, setTo] = useState('');
  const [picked, setPicked] = useState<{ contactId: number; phone: string; label: string } | null>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const matches = useContactMatches(kiosk, picked ? '' : to);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!kiosk || sending.state === 'saving') return;
    const phone = picked?.phone ?? to;
    setSending({ state: 'saving' });
    kiosk
      .invoke('queue:add', { phone, text, ...(picked ? { contactId: picked.contactId } : {}) })
      .then((item) => {
        setSending({ state: 'queued', item });
        setText('');
        reload();
      })
      .catch((failure: unknown) => setSending({ state: 'error', message: errorMessage(failure) }));
  };

  // Ctrl+Enter queues from the message box: Enter alone is a new line, as in WhatsApp's own Shift+Enter habit.
  const onMessageKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };

  const pick = (contact: ContactRecord, phone: string) => {
    setPicked({ contactId: contact.id, phone, label: `${contact.name ?? contact.pushName ?? phone} (${phone})` });
    setTo('');
  };

  const cancel = (id: number) => {
    kiosk
      ?.invoke('queue:cancel', { id })
      .then(reload)
      .catch((failure: unknown) => setSending({ state: 'error', message: errorMessage(failure) }));
  };

  const open = items.filter((item) => item.state === 'queued' || item.state === 'sending');
  return (
    <section className="tool tool--queue" data-section="queue" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('queue.title')}</h2>
      <p className="muted small">{t('queue.intro')}</p>
      <form className="queue__form" onSubmit={submit} data-testid="queue-form">
        <label htmlFor={`${ids}-to`}>{t('queue.to')}</label>
        {picked ? (
          <div className="queue__picked">
            <span data-testid="queue-picked">{picked.label}</span>{' '}
            <button type="button" onClick={() => setPicked(null)}>
              {t('queue.change')}
            </button>
          </div>
        ) : (
          <input
            id={`${ids}-to`}
            data-testid="queue-to"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            placeholder={t('queue.toPlaceholder')}
            autoComplete="off"
            spellCheck={false}
          />
        )}
        {matches.length > 0 ? (
          <ul className="queue__matches" aria-label={t('queue.matches')}>
            {matches.flatMap((contact) =>
              contact.phones.map((phone) => (
                <li key={`${contact.id}-${phone}`}>
                  <button type="button" data-testid="queue-match" onClick={() => pick(contact, phone)}>
                    {contact.name ?? contact.pushName ?? phone} · {phone}
                  </button>
                </li>
              )),
            )}
          </ul>
        ) : null}
        <label htmlFor={`${ids}-text`}>{t('queue.message')}</label>
        <textarea
          id={`${ids}-text`}
          data-testid="queue-text"
          value={text}
          rows={3}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onMessageKey}
          aria-describedby={`${ids}-hint`}
        />
        <p id={`${ids}-hint`} className="muted small">
          {t('queue.hint')}
        </p>
        <button type="submit" className="queue__submit" data-testid="queue-submit" disabled={!kiosk || sending.state === 'saving'}>
          {t('queue.add')}
        </button>
        <p role="status" className="queue__result" data-testid="queue-result" data-state={sending.state}>
          {sending.state === 'queued' ? t('queue.queued', { to: sending.item.customerName ?? `+${sending.item.phone}` }) : null}
          {sending.state === 'error' ? t('queue.error', { message: sending.message }) : null}
        </p>
      </form>
      {error ? (
        <p role="alert" className="lookup__error">
          {t('queue.listError', { message: error })}
        </p>
      ) : null}
      <h3 className="queue__list-title">{t('queue.listTitle', { count: open.length })}</h3>
      <ol className="queue__list" data-testid="queue-list">
        {items.map((item) => (
          <QueueRow key={item.id} item={item} onCancel={cancel} />
        ))}
      </ol>
    </section>
  );
}

/** One reply in the list; exported for the markup-as-text test. */
export function QueueRow({ item, onCancel }: { item: QueueItem; onCancel: (id: number) => void }) {
  const { t } = useTranslation();
  const who = item.customerName ? `${item.customerName} (+${item.phone})` : `+${item.phone}`;
  return (
    <li className={`queue__item queue__item--${item.state}`} data-testid="queue-item" data-state={item.state} data-id={item.id}>
      <div className="queue__item-head">
        <strong>{who}</strong> <span className="badge">{t(`queue.state.${item.state}`)}</span>
      </div>
      <p className="queue__text">{item.text}</p>
      {item.state === 'invalid' ? (
        <p className="queue__invalid" role="note" data-testid="queue-invalid">
          {item.email
            ? t('queue.invalidWithEmail', { phone: `+${item.phone}`, email: item.email })
            : t('queue.invalid', { phone: `+${item.phone}` })}
        </p>
      ) : null}
      {item.state === 'queued' ? (
        <button type="button" onClick={() => onCancel(item.id)} aria-label={t('queue.cancelLabel', { who })}>
          {t('queue.cancel')}
        </button>
      ) : null}
    </li>
  );
}

/** Contacts whose name matches what is typed in "To" (numbers are taken as typed). */
function useContactMatches(kiosk: KioskApi | null, query: string): ContactRecord[] {
  const [matches, setMatches] = useState<ContactRecord[]>([]);
  const wanted = kiosk !== null && query.trim().length >= 2 && LOOKS_LIKE_NAME.test(query);
  useEffect(() => {
    if (!kiosk || !wanted) return;
    let current = true;
    kiosk
      .invoke('contacts:search', { query, limit: 5 })
      .then((found) => current && setMatches(found.filter((contact) => contact.phones.length > 0)))
      .catch(() => current && setMatches([]));
    return () => {
      current = false;
    };
  }, [kiosk, query, wanted]);
  return wanted ? matches : [];
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import { formatClock, type UiLanguage } from '../../format.ts';
import { errorMessage } from '../../kiosk.ts';

/** Saved this long after the last keystroke, and at once when the box loses focus or goes away. */
export const NOTES_SAVE_DELAY_MS = 500;

type Saved = { state: 'loading' } | { state: 'saved'; at: number | null } | { state: 'unsaved' } | { state: 'error'; message: string };

/** Whose notes: a customer picked in the lookup (by their number's digits), or the incident's own. */
export interface NotesSubject {
  key: string;
  name: string;
}

/**
 * The agent's notes for the open incident, about the customer picked in the lookup or general,
 * saved as they type (on disk, so a crash or a restart keeps them) and shown again when the pane
 * or that customer is opened again.
 */
export function NotesBox({
  kiosk,
  language,
  now,
  subject,
}: {
  kiosk: KioskApi | null;
  language: UiLanguage;
  now: number;
  subject: NotesSubject | null;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<Saved>({ state: 'loading' });
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; text: string; customer: string } | null>(null);
  const customer = subject?.key ?? '';

  const save = (value: string, about: string) => {
    if (!kiosk) return;
    kiosk
      .invoke('notes:save', { customer: about, text: value })
      .then((note) => setSaved({ state: 'saved', at: note.updatedAt }))
      .catch((error: unknown) => setSaved({ state: 'error', message: errorMessage(error) }));
  };
  const flush = () => {
    if (!pending.current) return;
    clearTimeout(pending.current.timer);
    save(pending.current.text, pending.current.customer);
    pending.current = null;
  };

  useEffect(() => {
    if (!kiosk) return;
    let current = true;
    // Another customer picked: what was typed about the last one is saved to them first.
    flush();
    kiosk
      .invoke('notes:get', { customer })
      .then((note) => {
        if (!current || pending.current) return;
        setText(note.text);
        setSaved({ state: 'saved', at: note.updatedAt });
      })
      .catch((error: unknown) => current && setSaved({ state: 'error', message: errorMessage(error) }));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kiosk, customer]);
  // Leaving the pane (fail-back, a mode switch) must not drop the last keystrokes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => flush, []);

  const onChange = (value: string) => {
    setText(value);
    setSaved({ state: 'unsaved' });
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = { timer: setTimeout(flush, NOTES_SAVE_DELAY_MS), text: value, customer };
  };

  return (
    <section className="tool tool--notes" aria-labelledby="tool-notes">
      <h2 id="tool-notes" data-testid="notes-subject" data-customer={customer}>
        {subject ? t('notes.about', { name: subject.name }) : t('failover.notes.title')}
      </h2>
      <label className="visually-hidden" htmlFor="failover-notes">
        {t('failover.notes.label')}
      </label>
      <textarea
        id="failover-notes"
        data-testid="failover-notes"
        value={text}
        placeholder={t('failover.notes.placeholder')}
        onChange={(event) => onChange(event.target.value)}
        onBlur={flush}
        rows={6}
        aria-describedby="failover-notes-saved"
      />
      <p id="failover-notes-saved" className="muted small" data-testid="notes-saved" data-state={saved.state} aria-live="polite">
        {saved.state === 'saved' && saved.at !== null ? t('notes.savedAt', { time: formatClock(saved.at, language, now) }) : null}
        {saved.state === 'saved' && saved.at === null ? t('notes.hint') : null}
        {saved.state === 'unsaved' ? t('notes.saving') : null}
        {saved.state === 'error' ? t('notes.error', { message: saved.message }) : null}
      </p>
    </section>
  );
}

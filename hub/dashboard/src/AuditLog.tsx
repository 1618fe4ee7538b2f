import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AuditEntry } from './api.ts';
import { Problem, useAction } from './useAction.tsx';
import { clock } from './useNow.ts';

/** Who did what, when: newest first, a page at a time. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const load = useAction();
  const page = (before: number | null) =>
    load.run(async () => {
      const answer = await api.audit(before);
      setEntries((shown) => (before === null ? answer.entries : [...shown, ...answer.entries]));
      setMore(answer.more);
    });
  useEffect(() => {
    page(null);
    // Once, when the screen opens; "Older" asks for the next page.
  }, []);
  const action = (name: string) => (i18n.exists(`audit.actions.${name}`) ? t(`audit.actions.${name}`) : name);
  return (
    <section className="admin">
      <h2>{t('audit.heading')}</h2>
      <button type="button" onClick={() => page(null)} disabled={load.busy}>
        {t('audit.refresh')}
      </button>
      <Problem action={load} />
      <table data-testid="audit">
        <thead>
          <tr>
            <th>{t('audit.at')}</th>
            <th>{t('audit.who')}</th>
            <th>{t('audit.what')}</th>
            <th>{t('audit.target')}</th>
            <th>{t('audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{clock(entry.at)}</td>
              <td>{entry.actor}</td>
              <td>{action(entry.action)}</td>
              <td>{entry.target ?? ''}</td>
              <td>{entry.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <button type="button" onClick={() => page(entries.at(-1)?.id ?? null)} disabled={load.busy}>
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}

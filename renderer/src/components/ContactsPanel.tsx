import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_MAX_BYTES, type ContactImportReport, type ContactsSummary } from '../../../main/core/ipc/contract.ts';
import type { BackupInfo } from '../../../main/core/db/backups.ts';
import type { KioskApi } from '../../../preload/kiosk-api.ts';
import { formatClock, type UiLanguage } from '../format.ts';

type Busy = null | 'import' | 'export' | 'backup' | 'restore';

/**
 * The contact backup on this computer: how many contacts, when WhatsApp was last read, importing
 * a CRM file (with a row-by-row report), exporting, and the database backups with restore.
 */
export function ContactsPanel({ kiosk, language, now }: { kiosk: KioskApi | null; language: UiLanguage; now: number }) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<ContactsSummary | null>(null);
  const [backups, setBackups] = useState<BackupInfo[]>([]);
  const [report, setReport] = useState<ContactImportReport | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!kiosk) return;
    const [nextSummary, nextBackups] = await Promise.all([kiosk.invoke('contacts:summary', {}), kiosk.invoke('backups:list', {})]);
    setSummary(nextSummary);
    setBackups(nextBackups);
  }, [kiosk]);

  useEffect(() => {
    refresh().catch((error: unknown) => setMessage({ kind: 'error', text: (error as Error).message }));
  }, [refresh]);

  const run = async (what: Exclude<Busy, null>, action: () => Promise<string | null>) => {
    setBusy(what);
    setMessage(null);
    try {
      const text = await action();
      if (text) setMessage({ kind: 'ok', text });
      await refresh();
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const importFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || !kiosk) return;
    if (file.size > IMPORT_MAX_BYTES) {
      setMessage({ kind: 'error', text: t('contacts.tooBig', { name: file.name }) });
      return;
    }
    void run('import', async () => {
      const dataBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      setReport(await kiosk.invoke('contacts:import', { fileName: file.name, dataBase64 }));
      return null;
    });
  };

  const exportAs = (format: 'csv' | 'vcard') =>
    void run('export', async () => {
      if (!kiosk) return null;
      const file = await kiosk.invoke('contacts:export', { format });
      const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
      const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return t('contacts.exported', { name: file.fileName });
    });

  const backupNow = () =>
    void run('backup', async () => {
      const backup = await kiosk!.invoke('backups:create', {});
      return t('contacts.backedUp', { time: formatClock(backup.at, language, now) });
    });

  const restore = (name: string) =>
    void run('restore', async () => {
      setConfirming(null);
      const result = await kiosk!.invoke('backups:restore', { name });
      return t('contacts.restored', { name: result.restored, safety: result.safetyCopy ?? '-' });
    });

  return (
    <section className="contacts-panel" data-testid="contacts-panel" aria-busy={busy !== null}>
      <p data-testid="contacts-summary">
        {summary
          ? t('contacts.summary', {
              count: summary.count,
              sync: summary.lastSyncAt ? formatClock(summary.lastSyncAt, language, now) : t('contacts.never'),
            })
          : t('contacts.loading')}
      </p>
      {message ? (
        <p className={message.kind === 'error' ? 'contacts-panel__error' : 'contacts-panel__ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="contacts-message">
          {message.text}
        </p>
      ) : null}

      <h3>{t('contacts.importTitle')}</h3>
      <p className="muted small">{t('contacts.importHint')}</p>
      <input type="file" data-testid="contacts-import" accept=".csv,.vcf,.vcard,.txt,text/csv,text/vcard" onChange={importFile} disabled={busy !== null} />
      {report ? <ImportReport report={report} /> : null}

      <h3>{t('contacts.exportTitle')}</h3>
      <div className="button-row">
        <button type="button" onClick={() => exportAs('csv')} disabled={busy !== null}>
          CSV
        </button>
        <button type="button" onClick={() => exportAs('vcard')} disabled={busy !== null}>
          vCard
        </button>
      </div>

      <h3>{t('contacts.backupsTitle')}</h3>
      <button type="button" data-testid="backup-now" onClick={backupNow} disabled={busy !== null}>
        {t('contacts.backupNow')}
      </button>
      {backups.length === 0 ? <p className="muted">{t('contacts.noBackups')}</p> : null}
      <ul className="backups" data-testid="backups">
        {backups.map((backup) => (
          <li key={backup.name} data-backup={backup.name}>
            <span>{formatClock(backup.at, language, now)}</span> <span className="muted small">{Math.ceil(backup.bytes / 1024)} KB</span>{' '}
            {confirming === backup.name ? (
              <>
                <span className="contacts-panel__confirm">{t('contacts.restoreConfirm')}</span>{' '}
                <button type="button" data-testid="restore-confirm" onClick={() => restore(backup.name)} disabled={busy !== null}>
                  {t('contacts.restoreYes')}
                </button>{' '}
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('contacts.cancel')}
                </button>
              </>
            ) : (
              <button type="button" data-testid="restore" onClick={() => setConfirming(backup.name)} disabled={busy !== null}>
                {t('contacts.restore')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ImportReport({ report }: { report: ContactImportReport }) {
  const { t } = useTranslation();
  return (
    <div className="import-report" data-testid="import-report" data-created={report.created} data-skipped={report.skipped}>
      <p>
        {t('contacts.reportSummary', {
          name: report.fileName,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          skipped: report.skipped,
        })}
      </p>
      {report.rows.length > 0 ? (
        <table className="import-report__rows">
          <thead>
            <tr>
              <th>{t('contacts.line')}</th>
              <th>{t('contacts.outcome')}</th>
              <th>{t('contacts.why')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.line} data-line={row.line} data-outcome={row.outcome}>
                <td>{row.line}</td>
                <td>{t(`contacts.${row.outcome}`)}</td>
                <td>{[row.reason, ...row.warnings].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.rowsTruncated ? <p className="muted small">{t('contacts.truncated')}</p> : null}
    </div>
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: spreading millions of bytes into one call overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

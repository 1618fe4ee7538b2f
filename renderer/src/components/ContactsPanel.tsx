import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, ContactImportReport, ContactsSummary, ImportPreview } from '../../../main/core/ipc/contacts-wire.ts';
import { IMPORT_MAX_BYTES } from '../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../preload/kiosk-api.ts';
import { COLUMN_ROLES, mappingFromRoles, rolesFromMapping, type ColumnRole } from '../column-roles.ts';
import { formatClock, type UiLanguage } from '../format.ts';
import { translateImportMessage } from '../import-message.ts';

type Busy = null | 'import' | 'export' | 'backup' | 'restore';

/** A file chosen for import, read and previewed, waiting for the agent to check its columns. */
interface PendingImport {
  fileName: string;
  dataBase64: string;
  preview: ImportPreview;
  detected: ColumnRole[];
  roles: ColumnRole[];
}

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
  const [pending, setPending] = useState<PendingImport | null>(null);

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
      setReport(null);
      const dataBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      const preview = await kiosk.invoke('contacts:preview', { fileName: file.name, dataBase64 });
      if ('refused' in preview) {
        setMessage({ kind: 'error', text: translateImportMessage(t, preview.refused) });
        return null;
      }
      const detected = preview.csv ? rolesFromMapping(preview.csv.headers, preview.csv.mapping) : [];
      setPending({ fileName: file.name, dataBase64, preview, detected, roles: detected });
      return null;
    });
  };

  const confirmImport = (chosen: PendingImport) =>
    void run('import', async () => {
      const headers = chosen.preview.csv?.headers ?? [];
      // The layout's own reading is richer than a mapping (e.g. Google's name alternatives): only
      // an agent's change of the columns turns into an explicit mapping.
      const changed = chosen.roles.some((role, i) => role !== chosen.detected[i]);
      const mapping = changed ? { mapping: mappingFromRoles(headers, chosen.roles) } : {};
      const result = await kiosk!.invoke('contacts:import', { fileName: chosen.fileName, dataBase64: chosen.dataBase64, format: chosen.preview.format, ...mapping });
      if ('refused' in result) {
        // The pending check stays open: the agent may choose other columns and try again.
        setMessage({ kind: 'error', text: translateImportMessage(t, result.refused) });
        return null;
      }
      setReport(result);
      setPending(null);
      return null;
    });

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
  // Until the summary arrives restore is offered; the main process refuses it anyway when locked.
  const restoreLocked = summary?.restoreAllowed === false;

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
      {/* The browser's own file button speaks the browser's language: ours speaks the agent's. */}
      <label className={`file-button${busy !== null ? ' file-button--disabled' : ''}`}>
        {t('contacts.chooseFile')}
        <input
          type="file"
          className="visually-hidden"
          data-testid="contacts-import"
          accept=".csv,.vcf,.vcard,.txt,text/csv,text/vcard"
          onChange={importFile}
          disabled={busy !== null}
        />
      </label>
      {pending ? (
        <ImportCheck
          pending={pending}
          busy={busy !== null}
          onRoles={(roles) => setPending({ ...pending, roles })}
          onImport={() => confirmImport(pending)}
          onCancel={() => setPending(null)}
        />
      ) : null}
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
      {restoreLocked ? (
        <p className="muted" data-testid="restore-locked">
          {t('contacts.restoreLocked')}
        </p>
      ) : null}
      <ul className="backups" data-testid="backups">
        {backups.map((backup) => (
          <li key={backup.name} data-backup={backup.name}>
            <span>{formatClock(backup.at, language, now)}</span> <span className="muted small">{Math.ceil(backup.bytes / 1024)} KB</span>{' '}
            {restoreLocked ? null : confirming === backup.name ? (
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

/** The file as it will be read: format, encoding and, for CSV, what each column holds (changeable). */
function ImportCheck(props: { pending: PendingImport; busy: boolean; onRoles: (roles: ColumnRole[]) => void; onImport: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { pending, busy, onRoles, onImport, onCancel } = props;
  const csv = pending.preview.csv;
  const usable = !csv || pending.roles.some((role) => role === 'phone' || role === 'email');
  return (
    <div className="import-check" data-testid="import-check" data-format={pending.preview.format}>
      <p>
        {t('contacts.checkSummary', {
          name: pending.fileName,
          format: pending.preview.format === 'csv' ? 'CSV' : 'vCard',
          encoding: pending.preview.encoding,
        })}
        {csv?.preset ? ` · ${t(`contacts.preset.${csv.preset}`)}` : null}
      </p>
      {csv ? (
        <table className="import-check__columns">
          <thead>
            <tr>
              <th>{t('contacts.column')}</th>
              <th>{t('contacts.holds')}</th>
            </tr>
          </thead>
          <tbody>
            {csv.headers.map((header, i) =>
              header === '' ? null : (
                <tr key={`${i}:${header}`}>
                  <td>{header}</td>
                  <td>
                    <select
                      data-testid="column-role"
                      data-column={header}
                      value={pending.roles[i]}
                      onChange={(event) => onRoles(pending.roles.map((role, j) => (j === i ? (event.target.value as ColumnRole) : role)))}
                    >
                      {COLUMN_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {t(`contacts.role.${role}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      ) : null}
      {usable ? null : (
        <p className="contacts-panel__error" role="alert">
          {t('contacts.needPhoneOrEmail')}
        </p>
      )}
      <div className="button-row">
        <button type="button" data-testid="import-confirm" onClick={onImport} disabled={busy || !usable}>
          {t('contacts.import')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('contacts.cancel')}
        </button>
      </div>
    </div>
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
                <td data-testid="import-row-why">
                  {[row.reason, ...row.warnings].flatMap((message) => (message ? [translateImportMessage(t, message)] : [])).join(' · ')}
                </td>
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

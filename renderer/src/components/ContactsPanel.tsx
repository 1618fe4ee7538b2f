import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../preload/kiosk-api.ts';
import { formatClock, type UiLanguage } from '../format.ts';
import { useContactsRoom } from '../useContactsRoom.ts';
import { useCrmImport } from '../useCrmImport.ts';
import { useImportProgress } from '../useImportProgress.ts';
import { BackupList } from './BackupList.tsx';
import { ImportCheck } from './ImportCheck.tsx';
import { ImportProgress } from './ImportProgress.tsx';
import { ImportReport } from './ImportReport.tsx';

/**
 * The contact backup on this computer: how many contacts, when WhatsApp was last read, importing
 * a CRM file (with its progress and a row-by-row report), exporting, and the database backups
 * with restore.
 */
export function ContactsPanel({ kiosk, language, now }: { kiosk: KioskApi | null; language: UiLanguage; now: number }) {
  const { t } = useTranslation();
  const room = useContactsRoom(kiosk);
  const crm = useCrmImport(kiosk, room);
  const progress = useImportProgress(kiosk, room.busy === 'import');
  const { summary, message, busy } = room;

  const chooseFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) crm.choose(file);
  };

  const exportAs = (format: 'csv' | 'vcard') =>
    room.run('export', async () => {
      if (!kiosk) return null;
      const file = await kiosk.invoke('contacts:export', { format });
      const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
      const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return t('contacts.exported', { name: file.fileName });
    });

  const backupNow = () =>
    room.run('backup', async () => {
      if (!kiosk) return null;
      const backup = await kiosk.invoke('backups:create', {});
      return t('contacts.backedUp', { time: formatClock(backup.at, language, now) });
    });

  const restore = (name: string) =>
    room.run('restore', async () => {
      if (!kiosk) return null;
      const result = await kiosk.invoke('backups:restore', { name });
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
        <p
          className={message.kind === 'error' ? 'contacts-panel__error' : 'contacts-panel__ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="contacts-message"
        >
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
          onChange={chooseFile}
          disabled={busy !== null}
        />
      </label>
      {crm.pending ? (
        <ImportCheck pending={crm.pending} busy={busy !== null} onRoles={crm.setRoles} onImport={crm.confirm} onCancel={crm.cancel} />
      ) : null}
      {busy === 'import' && crm.pending ? <ImportProgress progress={progress} /> : null}
      {crm.report ? <ImportReport report={crm.report} /> : null}

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
      <BackupList
        backups={room.backups}
        // Until the summary arrives restore is offered; the main process refuses it anyway when locked.
        restoreLocked={summary?.restoreAllowed === false}
        busy={busy !== null}
        language={language}
        now={now}
        onRestore={restore}
      />
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../main/core/ipc/contacts-wire.ts';
import { formatClock, type UiLanguage } from '../format.ts';

/** The database backups, newest first, each restorable after a confirmation unless IT locked restoring. */
export function BackupList(props: {
  backups: BackupInfo[];
  restoreLocked: boolean;
  busy: boolean;
  language: UiLanguage;
  now: number;
  onRestore: (name: string) => void;
}) {
  const { t } = useTranslation();
  const { backups, restoreLocked, busy, language, now, onRestore } = props;
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <>
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
                <button
                  type="button"
                  data-testid="restore-confirm"
                  onClick={() => {
                    setConfirming(null);
                    onRestore(backup.name);
                  }}
                  disabled={busy}
                >
                  {t('contacts.restoreYes')}
                </button>{' '}
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('contacts.cancel')}
                </button>
              </>
            ) : (
              <button type="button" data-testid="restore" onClick={() => setConfirming(backup.name)} disabled={busy}>
                {t('contacts.restore')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import type { ContactImportProgress } from '../../../main/core/ipc/contacts-wire.ts';

/** How far the import is: rows of the file read and checked, then contacts saved. */
export function ImportProgress({ progress }: { progress: ContactImportProgress | null }) {
  const { t } = useTranslation();
  if (!progress) {
    return (
      <p className="muted small" role="status" data-testid="import-progress">
        {t('contacts.progressStarting')}
      </p>
    );
  }
  const { fileName, phase, done, total } = progress;
  return (
    <div role="status" data-testid="import-progress" data-phase={phase} data-done={done} data-total={total}>
      <p className="muted small">
        {t(phase === 'reading' ? 'contacts.progressReading' : 'contacts.progressMerging', { name: fileName, done, total })}
      </p>
      <progress max={Math.max(total, 1)} value={done} />
    </div>
  );
}

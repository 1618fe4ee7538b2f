import { useTranslation } from 'react-i18next';
import type { ContactImportReport } from '../../../main/core/ipc/contacts-wire.ts';
import { translateImportMessage } from '../import-message.ts';

/** What an import did: the counts, then row by row what was skipped or changed, and why. */
export function ImportReport({ report }: { report: ContactImportReport }) {
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

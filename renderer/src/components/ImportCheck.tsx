import { useTranslation } from 'react-i18next';
import { COLUMN_ROLES, type ColumnRole } from '../column-roles.ts';
import type { PendingImport } from '../useCrmImport.ts';

/** The file as it will be read: format, encoding and, for CSV, what each column holds (changeable). */
export function ImportCheck(props: {
  pending: PendingImport;
  busy: boolean;
  onRoles: (roles: ColumnRole[]) => void;
  onImport: () => void;
  onCancel: () => void;
}) {
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

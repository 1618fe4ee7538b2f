import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../preload/kiosk-api.ts';
import { useSettingsView, type SettingsViewState } from '../useSettingsView.ts';
import './SettingsPanel.css';

/** The read-only Settings panel: every setting in force, a lock on each one IT's policy fixes. */
export function SettingsPanel({ kiosk }: { kiosk: KioskApi | null }) {
  return <SettingsList state={useSettingsView(kiosk)} />;
}

export function SettingsList({ state }: { state: SettingsViewState }) {
  const { t } = useTranslation();
  if (state.state === 'loading') return <p className="settings-panel__note">{t('settings.loading')}</p>;
  if (state.state === 'error') {
    return (
      <p className="settings-panel__note" role="alert">
        {t('settings.error', { message: state.message })}
      </p>
    );
  }
  const sections = new Map<string, SettingsView['entries']>();
  for (const entry of state.view.entries) {
    const section = entry.key.split('.')[0]!;
    sections.set(section, [...(sections.get(section) ?? []), entry]);
  }
  const lockedCount = state.view.entries.filter((entry) => entry.locked).length;
  return (
    <section className="settings-panel" data-testid="settings-panel">
      <p>{t('settings.help')}</p>
      <p data-testid="settings-locked-count">{t('settings.lockedCount', { count: lockedCount })}</p>
      {[...sections].map(([section, entries]) => (
        <table key={section} className="settings-panel__section">
          <caption>{section}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settings.key')}</th>
              <th scope="col">{t('settings.value')}</th>
              <th scope="col">{t('settings.lock')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.key} data-testid="setting-row" data-key={entry.key} data-locked={entry.locked}>
                <th scope="row">
                  <code>{entry.key}</code>
                </th>
                <td>{entry.value === null ? <em>{t('settings.notSet')}</em> : <code>{entry.value}</code>}</td>
                <td>
                  {entry.locked ? (
                    <span className="settings-panel__lock" data-testid="setting-lock" title={t('settings.locked')}>
                      <LockIcon /> {t('settings.locked')}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

/** Drawn, not an emoji: a kiosk may have no emoji font. */
function LockIcon() {
  return (
    <svg className="settings-panel__lock-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
    </svg>
  );
}

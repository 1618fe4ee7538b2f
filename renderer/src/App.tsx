import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../preload/kiosk-api.ts';
import { ConfigErrorsDetails } from './components/ConfigErrors.tsx';
import { ContactsPanel } from './components/ContactsPanel.tsx';
import { Drawer } from './components/Drawer.tsx';
import { FailoverPane } from './components/FailoverPane.tsx';
import { IncidentList } from './components/IncidentList.tsx';
import { SettingsPanel } from './components/SettingsPanel.tsx';
import { PendingStatusBar, StatusBar, type DrawerKind } from './components/StatusBar.tsx';
import { LOCALE_TAGS } from './format.ts';
import { useKioskStatus, type StatusProblem } from './useKioskStatus.ts';
import { useModeSwitch, type ModeSwitchState } from './useModeSwitch.ts';
import { useNow } from './useNow.ts';

/** Connects to the kiosk and shows the page for the current status. */
export function App({ kiosk }: { kiosk: KioskApi | null }) {
  const { t, i18n } = useTranslation();
  const { status, problem, accept } = useKioskStatus(kiosk);
  const modeSwitch = useModeSwitch(kiosk, accept);
  const language = status?.language;

  useEffect(() => {
    if (!language) return;
    if (i18n.language !== language)
      i18n.changeLanguage(language).catch((error: unknown) => console.error('kiosk: language change failed', error));
    document.documentElement.lang = LOCALE_TAGS[language];
  }, [language, i18n]);

  if (!status) return <PendingStatusBar {...pendingBar(problem, t)} />;
  return <KioskPage kiosk={kiosk} status={status} problem={problem} modeSwitch={modeSwitch} />;
}

function pendingBar(problem: StatusProblem | null, t: TFunction) {
  if (!problem) return { state: 'connecting' as const, message: t('app.connecting') };
  switch (problem.kind) {
    case 'not-connected':
      return { state: 'disconnected' as const, message: t('app.notConnected') };
    case 'request-failed':
      return { state: 'disconnected' as const, message: t('app.statusError', { message: problem.message }) };
    case 'invalid':
      return { state: 'disconnected' as const, message: t('app.invalidStatus') };
  }
}

interface KioskPageProps {
  kiosk: KioskApi | null;
  status: KioskStatus;
  problem: StatusProblem | null;
  modeSwitch: ModeSwitchState;
}

/** The status bar, and below it the failover pane or (in WhatsApp mode) nothing. */
export function KioskPage({ kiosk, status, problem, modeSwitch }: KioskPageProps) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const [drawer, setDrawer] = useState<DrawerKind>(null);
  const closeDrawer = useCallback(() => setDrawer(null), []);

  const openIncidents = () => {
    if (status.mode === 'failover') {
      setDrawer(null);
      document.getElementById('failover-incidents')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } else {
      setDrawer(drawer === 'incidents' ? null : 'incidents');
    }
  };

  // The incidents drawer only exists in WhatsApp mode; the pane has its own list.
  const shownDrawer = drawer === 'incidents' && status.mode === 'failover' ? null : drawer;
  const refreshKey = `${status.health.level}:${status.health.fault ?? ''}:${status.health.since}:${status.mode}`;

  return (
    <div className="page" data-mode={status.mode}>
      <StatusBar status={status} now={now} modeSwitch={modeSwitch} drawer={shownDrawer} onDrawer={setDrawer} onIncidents={openIncidents} />
      {problem?.kind === 'invalid' ? (
        <div className="stale-warning" role="alert">
          {t('app.invalidStatus')}
        </div>
      ) : null}
      {status.mode === 'failover' ? (
        <FailoverPane kiosk={kiosk} status={status} now={now} />
      ) : (
        // The shell lays the WhatsApp view over this area: keep it empty and transparent.
        <div className="whatsapp-area" data-testid="whatsapp-area" aria-hidden="true" />
      )}
      {shownDrawer === 'incidents' ? (
        <Drawer title={t('incidents.title')} onClose={closeDrawer}>
          <IncidentList kiosk={kiosk} language={status.language} now={now} limit={20} refreshKey={refreshKey} heading={false} />
        </Drawer>
      ) : null}
      {shownDrawer === 'contacts' ? (
        <Drawer title={t('contacts.title')} onClose={closeDrawer}>
          <ContactsPanel kiosk={kiosk} language={status.language} now={now} />
        </Drawer>
      ) : null}
      {shownDrawer === 'settings' ? (
        <Drawer title={t('settings.title')} onClose={closeDrawer}>
          <SettingsPanel kiosk={kiosk} />
        </Drawer>
      ) : null}
      {shownDrawer === 'config' && status.configErrors.length > 0 ? (
        <Drawer title={t('configErrors.title')} onClose={closeDrawer}>
          <ConfigErrorsDetails messages={status.configErrors} />
        </Drawer>
      ) : null}
    </div>
  );
}

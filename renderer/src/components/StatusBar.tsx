import { useTranslation } from 'react-i18next';
import type { KioskStatus } from '../../../main/core/ipc/contract.ts';
import { formatClock, type UiLanguage } from '../format.ts';
import type { ModeSwitchState } from '../useModeSwitch.ts';
import { ConfigErrorsChip } from './ConfigErrors.tsx';
import { MaintenanceAction } from './MaintenancePanel.tsx';
import { ModeSwitch } from './ModeSwitch.tsx';
import { PhoneLinkGuidance } from './PhoneLinkGuidance.tsx';

export type DrawerKind = 'incidents' | 'config' | 'contacts' | 'settings' | null;

interface StatusBarProps {
  status: KioskStatus;
  now: number;
  modeSwitch: ModeSwitchState;
  drawer: DrawerKind;
  onDrawer: (drawer: DrawerKind) => void;
  onIncidents: () => void;
}

/**
 * The always-visible bar at the top (STATUS_BAR_HEIGHT_PX high). Everything it must say fits in
 * it, because in WhatsApp mode the WhatsApp view sits right below and covers the rest of the page.
 */
export function StatusBar({ status, now, modeSwitch, drawer, onDrawer, onIncidents }: StatusBarProps) {
  const { t } = useTranslation();
  const language: UiLanguage = status.language;
  const { level, fault, since } = status.health;
  // Healthy needs no second word; a problem without a fault code still says so.
  const faultTitle = fault ? t(`fault.${fault}.title`) : level === 'healthy' ? null : t('health.unknownFault');
  const unknown = t('health.unknownValue');
  const details = [
    `${t(`health.level.${level}`)}${faultTitle ? ` · ${faultTitle}` : ''}`,
    t('health.details', {
      socket: status.whatsapp.socketState ?? unknown,
      heartbeat: status.whatsapp.lastHeartbeat === null ? unknown : formatClock(status.whatsapp.lastHeartbeat, language, now),
    }),
    status.lastHealing
      ? t('health.lastHealing', {
          action: t(`healing.${status.lastHealing.action}`),
          time: formatClock(status.lastHealing.at, language, now),
        })
      : null,
  ]
    .filter((line) => line !== null)
    .join('\n');

  const guidanceInBar = status.guidance === 'link-with-phone-number' && status.mode === 'whatsapp';
  return (
    <header
      className={guidanceInBar ? 'status-bar status-bar--guidance' : 'status-bar'}
      data-testid="status-bar"
      data-state="ready"
      data-mode={status.mode}
      data-level={level}
      data-fault={fault ?? ''}
    >
      <div className="health" data-level={level} title={details}>
        <span className="health__dot" aria-hidden="true" />
        <div className="health__text">
          <div className="bar-primary">
            <span className="health__name">{t('health.whatsapp')}</span>{' '}
            <span data-testid="health-level">{t(`health.level.${level}`)}</span>
            {faultTitle ? (
              <>
                <span className="sep"> · </span>
                <span className="health__fault">{faultTitle}</span>
              </>
            ) : null}
          </div>
          <div className="bar-secondary">
            {fault ? (
              <>
                <code className="fault-code" data-testid="fault-code">
                  {fault}
                </code>
                <span className="sep"> · </span>
              </>
            ) : null}
            <span>{t('health.since', { time: formatClock(since, language, now) })}</span>
            <span className="sep"> · </span>
            <span>
              {t('health.screen')}: <span data-testid="whatsapp-screen">{t(`screen.${status.whatsapp.screen}`)}</span>
            </span>
          </div>
        </div>
      </div>

      <div className="status-bar__middle">
        {modeSwitch.error ? (
          <div className="mode-switch__error" role="alert" title={modeSwitch.error}>
            {t('modeSwitch.failed', { message: modeSwitch.error })}
          </div>
        ) : null}
        {guidanceInBar ? <PhoneLinkGuidance variant="bar" /> : null}
        {status.configErrors.length > 0 ? (
          <ConfigErrorsChip
            messages={status.configErrors}
            expanded={drawer === 'config'}
            onToggle={() => onDrawer(drawer === 'config' ? null : 'config')}
          />
        ) : null}
      </div>

      <div className="mode-info" data-mode={status.mode}>
        <div className="bar-primary">
          {t('mode.label')}: <span data-testid="mode">{t(`mode.${status.mode}`)}</span>
        </div>
        <div className="bar-secondary" data-testid="mode-reason" data-reason={status.modeReason}>
          {t(`mode.reason.${status.modeReason}`)}
        </div>
      </div>

      <div className="seat">
        <div className="bar-secondary">{t('seat.label')}</div>
        <div className="bar-primary" data-testid="seat-id">
          {status.seatId}
        </div>
      </div>

      <button
        type="button"
        className="bar-button"
        data-testid="open-contacts"
        aria-expanded={drawer === 'contacts'}
        onClick={() => onDrawer(drawer === 'contacts' ? null : 'contacts')}
      >
        {t('contacts.open')}
      </button>

      <button
        type="button"
        className="bar-button"
        data-testid="open-settings"
        aria-expanded={drawer === 'settings'}
        onClick={() => onDrawer(drawer === 'settings' ? null : 'settings')}
      >
        {t('settings.open')}
      </button>

      <button
        type="button"
        className="bar-button"
        data-testid="open-incidents"
        aria-expanded={status.mode === 'whatsapp' ? drawer === 'incidents' : undefined}
        onClick={onIncidents}
      >
        {t('incidents.open')}
      </button>

      <MaintenanceAction language={language} now={now} />

      <ModeSwitch status={status} modeSwitch={modeSwitch} />
    </header>
  );
}

/** The bar before the first status arrives, or when there is no kiosk to talk to. */
export function PendingStatusBar({ message, state }: { message: string; state: 'connecting' | 'disconnected' }) {
  return (
    <header className="status-bar status-bar--pending" data-testid="status-bar" data-state={state} data-mode="" data-level="" data-fault="">
      <div className="status-bar__message" role="status">
        {message}
      </div>
    </header>
  );
}

import { useTranslation } from 'react-i18next';
import type { KioskStatus } from '../../../main/core/ipc/contract.ts';
import type { ModeChoice, ModeSwitchState } from '../useModeSwitch.ts';

const CHOICES: readonly ModeChoice[] = ['whatsapp', 'failover', 'auto'];

/** What the agent has chosen: a pinned mode, or automatic. */
export function currentChoice(status: Pick<KioskStatus, 'mode' | 'forced'>): ModeChoice {
  return status.forced ? status.mode : 'auto';
}

interface ModeSwitchProps {
  status: KioskStatus;
  modeSwitch: ModeSwitchState;
}

/** Three large buttons: pin WhatsApp, pin failover, or let the kiosk decide (releases a pin). */
export function ModeSwitch({ status, modeSwitch }: ModeSwitchProps) {
  const { t } = useTranslation();
  const chosen = currentChoice(status);
  return (
    <div className="mode-switch" role="group" aria-label={t('modeSwitch.label')}>
      {CHOICES.map((choice) => (
        <button
          key={choice}
          type="button"
          className={`mode-switch__button mode-switch__button--${choice}`}
          data-testid={`mode-switch-${choice}`}
          aria-pressed={chosen === choice}
          aria-busy={modeSwitch.pending === choice}
          disabled={modeSwitch.pending !== null}
          title={t(`modeSwitch.${choice}Hint`)}
          onClick={() => modeSwitch.choose(choice)}
        >
          {t(`modeSwitch.${choice}`)}
        </button>
      ))}
    </div>
  );
}

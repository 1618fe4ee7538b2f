import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistView, IncidentSummary } from '../../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import type { UiLanguage } from '../../format.ts';
import { errorMessage } from '../../kiosk.ts';

/**
 * The runbook for the fault at hand: what the kiosk already tried (the open incident's healing
 * steps) and what the agent can still try (IT's checklist file); each tick goes into the incident.
 */
export function ChecklistTool({ kiosk, language, refreshKey }: { kiosk: KioskApi | null; language: UiLanguage; refreshKey: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const [view, setView] = useState<ChecklistView | null>(null);
  const [tried, setTried] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!kiosk) return;
    let current = true;
    Promise.all([kiosk.invoke('checklist:get', {}), kiosk.invoke('incidents:list', { limit: 1 })])
      .then(([checklist, incidents]) => {
        if (!current) return;
        setView(checklist);
        setTried(healingSteps(incidents[0], checklist.incidentId));
      })
      .catch((failure: unknown) => current && setError(errorMessage(failure)));
    return () => {
      current = false;
    };
  }, [kiosk, refreshKey]);

  const tick = (stepId: string, done: boolean) => {
    // Shown at once; the kiosk's answer (what is recorded) replaces it.
    setView((shown) => shown && { ...shown, ticked: done ? [...shown.ticked, stepId] : shown.ticked.filter((id) => id !== stepId) });
    kiosk
      ?.invoke('checklist:tick', { stepId, done })
      .then(setView)
      .catch((failure: unknown) => setError(errorMessage(failure)));
  };

  return (
    <section className="tool tool--checklist" data-section="checklist" aria-labelledby={`${ids}-title`} data-testid="checklist">
      <h2 id={`${ids}-title`}>{t('checklist.title')}</h2>
      {error ? <p role="alert">{t('checklist.error', { message: error })}</p> : null}
      {view && !view.available ? <p role="alert">{t('checklist.unavailable')}</p> : null}
      <h3 className="queue__list-title">{t('checklist.tried')}</h3>
      {tried.length === 0 ? (
        <p className="muted small">{t('checklist.triedNothing')}</p>
      ) : (
        <ul data-testid="checklist-tried">
          {tried.map((action, index) => (
            <li key={`${action}-${index}`}>{t(`healing.${action}`, { defaultValue: action })}</li>
          ))}
        </ul>
      )}
      <h3 className="queue__list-title">{t('checklist.youCanTry')}</h3>
      <ul className="checklist__steps">
        {view?.steps.map((step) => (
          <li key={step.id}>
            <label>
              <input
                type="checkbox"
                data-testid="checklist-step"
                data-step={step.id}
                checked={view.ticked.includes(step.id)}
                onChange={(event) => tick(step.id, event.target.checked)}
              />{' '}
              {step[language]}
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The healing actions of the open incident, in order: the kiosk's own tries. */
function healingSteps(incident: IncidentSummary | undefined, incidentId: number): string[] {
  if (!incident || incident.id !== incidentId) return [];
  return incident.events.filter((event) => event.kind === 'healing' && event.detail !== null).map((event) => event.detail!);
}

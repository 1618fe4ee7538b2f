import { useTranslation } from 'react-i18next';
import type { IncidentSummary } from '../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../preload/kiosk-api.ts';
import { durationParts, formatClock, incidentTarget, isKnownEventKind, TARGET_KEYS, type UiLanguage } from '../format.ts';
import { useIncidents } from '../useIncidents.ts';
import { IncidentNotes } from './queue/IncidentNotes.tsx';

interface IncidentListProps {
  kiosk: KioskApi | null;
  language: UiLanguage;
  now: number;
  limit: number;
  /** Changes whenever the list may have changed (e.g. the health state). */
  refreshKey: string;
  /** Show the section heading (the drawer has its own). */
  heading?: boolean;
}

/** Recent incidents: fault, start, duration against RTO/MTD, and the timeline. */
export function IncidentList({ kiosk, language, now, limit, refreshKey, heading = true }: IncidentListProps) {
  const { t } = useTranslation();
  const result = useIncidents(kiosk, limit, refreshKey);
  return (
    <section
      className="incidents"
      data-testid="incidents"
      data-state={result.state}
      aria-labelledby={heading ? 'incidents-title' : undefined}
    >
      {heading ? <h2 id="incidents-title">{t('incidents.title')}</h2> : null}
      {result.state === 'loading' ? <p className="muted">{t('incidents.loading')}</p> : null}
      {result.state === 'error' ? (
        <p className="incidents__error" role="alert">
          {t('incidents.error', { message: result.message })}
        </p>
      ) : null}
      {result.state === 'ready' && result.incidents.length === 0 ? <p className="muted">{t('incidents.empty')}</p> : null}
      {result.state === 'ready' && result.incidents.length > 0 ? (
        <ol className="incidents__list">
          {result.incidents.map((incident) => (
            <IncidentItem key={incident.id} kiosk={kiosk} incident={incident} language={language} now={now} refreshKey={refreshKey} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

interface IncidentItemProps {
  kiosk: KioskApi | null;
  incident: IncidentSummary;
  language: UiLanguage;
  now: number;
  refreshKey: string;
}

function IncidentItem({ kiosk, incident, language, now, refreshKey }: IncidentItemProps) {
  const { t } = useTranslation();
  const duration = (ms: number) => {
    const parts = durationParts(ms);
    return t(`duration.${parts.key}`, parts.values);
  };
  const target = incidentTarget(incident);
  const ongoing = incident.recoveredAt === null;
  return (
    <li className="incident" data-incident-id={incident.id} data-target={target} data-ongoing={ongoing}>
      <div className="incident__summary">
        <div className="incident__fault">
          <strong>{t(`fault.${incident.fault}.title`)}</strong> <code className="fault-code">{incident.fault}</code>
        </div>
        <div>
          <span className="muted">{t('incidents.started')}</span> {formatClock(incident.startedAt, language, now)}
        </div>
        <div>
          <span className="muted">{t('incidents.duration')}</span> {duration(incident.durationMs)}{' '}
          <span className={ongoing ? 'incident__ongoing' : 'muted'}>({ongoing ? t('incidents.ongoing') : t('incidents.recovered')})</span>
        </div>
        <div
          className={`target target--${target}`}
          title={t('incidents.targets', { rto: duration(incident.rtoMs), mtd: duration(incident.mtdMs) })}
        >
          {t(`incidents.target.${TARGET_KEYS[target]}`)}
        </div>
      </div>
      <details className="incident__timeline">
        <summary>{t('incidents.timeline', { count: incident.events.length })}</summary>
        {incident.events.length === 0 ? (
          <p className="muted">{t('incidents.noEvents')}</p>
        ) : (
          <ol>
            {incident.events.map((event, i) => (
              <li key={i}>
                <time dateTime={new Date(event.at).toISOString()}>{formatClock(event.at, language, now)}</time>{' '}
                <span className="incident__event">{isKnownEventKind(event.kind) ? t(`incidents.event.${event.kind}`) : event.kind}</span>
                {event.detail ? <span className="incident__detail"> · {event.detail}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </details>
      <IncidentNotes kiosk={kiosk} incidentId={incident.id} refreshKey={refreshKey} />
    </li>
  );
}

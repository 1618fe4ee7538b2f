import { useTranslation } from 'react-i18next';
import { api, type HubIncident } from './api.ts';
import { clock } from './useNow.ts';
import { useResource } from './useResource.ts';

/** An incident opened: its timeline as the seat reported it, and every alert the hub sent for it. */
export function IncidentDetail({ incident }: { incident: HubIncident }) {
  const { t } = useTranslation();
  const timeline = useResource(() => api.timeline(incident.id), [incident.id, incident.recoveredAt, incident.failoverAt]);
  const alerts = useResource(() => api.alerts(incident.id), [incident.id, incident.lastAlertAt, incident.levelReached]);
  return (
    <div className="detail">
      <h3>{t('incidents.timeline')}</h3>
      <ol className="timeline">
        {(timeline.data?.events ?? []).map((event) => (
          <li key={`${event.at}-${event.kind}`}>
            {clock(event.at)} · {t(`kinds.${event.kind}`)}
            {event.fault ? ` · ${t(`fault.${event.fault}.title`)}` : ''}
          </li>
        ))}
      </ol>
      <h3>{t('alerts.heading')}</h3>
      {alerts.data?.alerts.length === 0 ? (
        <p>{t('alerts.none')}</p>
      ) : (
        <table data-testid="alert-history">
          <thead>
            <tr>
              <th>{t('alerts.at')}</th>
              <th>{t('alerts.level')}</th>
              <th>{t('alerts.kind')}</th>
              <th>{t('alerts.channel')}</th>
              <th>{t('alerts.target')}</th>
              <th>{t('alerts.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {(alerts.data?.alerts ?? []).map((alert, index) => (
              <tr key={index}>
                <td>{clock(alert.at)}</td>
                <td>{alert.level}</td>
                <td>{t(`alerts.kinds.${alert.kind}`)}</td>
                <td>{t(`alerts.channels.${alert.channel}`)}</td>
                <td>{alert.target}</td>
                <td>{alert.ok ? t('alerts.sent') : t('alerts.failed', { error: alert.error ?? '' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Account, type HubIncident, type IncidentsAnswer } from './api.ts';
import { IncidentDetail } from './IncidentDetail.tsx';
import { clock, duration, useNow } from './useNow.ts';

/** Incidents with their RTO and MTD budgets counting down, the escalation reached, acknowledgement and timeline. */
export function Incidents({ account, version, window }: { account: Account; version: number; window: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const [answer, setAnswer] = useState<IncidentsAnswer | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => {
    api.incidents(window).then(setAnswer, console.error);
  }, [window, version]);
  if (!answer) return null;
  const { rtoMs, mtdMs, levels } = answer.escalation;
  const left = (incident: HubIncident, budget: number) => {
    const remaining = incident.startedAt + budget - (incident.recoveredAt ?? now);
    return remaining >= 0 ? duration(remaining) : t('incidents.over', { time: duration(-remaining) });
  };
  return (
    <section>
      <a className="export" href={`api/incidents.csv?window=${window}`} download>
        {t('incidents.export')}
      </a>
      {answer.incidents.length === 0 && <p>{t('incidents.empty')}</p>}
      <table>
        <thead>
          <tr>
            <th>{t('incidents.seat')}</th>
            <th>{t('incidents.team')}</th>
            <th>{t('incidents.fault')}</th>
            <th>{t('incidents.started')}</th>
            <th>{t('incidents.rto')}</th>
            <th>{t('incidents.mtd')}</th>
            <th>{t('incidents.level')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {answer.incidents.map((incident) => (
            <IncidentRow
              key={incident.id}
              incident={incident}
              expanded={open === incident.id}
              toggle={() => setOpen(open === incident.id ? null : incident.id)}
              rto={left(incident, rtoMs)}
              mtd={left(incident, mtdMs)}
              level={
                incident.levelReached === 0 ? t('incidents.none') : (levels[incident.levelReached - 1] ?? String(incident.levelReached))
              }
              account={account}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function IncidentRow(props: {
  incident: HubIncident;
  expanded: boolean;
  toggle: () => void;
  rto: string;
  mtd: string;
  level: string;
  account: Account;
}) {
  const { t } = useTranslation();
  const { incident } = props;
  const recovered = incident.recoveredAt !== null;
  return (
    <>
      <tr className={recovered ? 'recovered' : 'open'} data-testid={`incident-${incident.seatId}`} onClick={props.toggle}>
        <td>
          <button
            type="button"
            className="link"
            aria-expanded={props.expanded}
            onClick={(event) => {
              event.stopPropagation();
              props.toggle();
            }}
          >
            {incident.seatId}
          </button>
        </td>
        <td>{incident.team}</td>
        <td>
          {incident.fault ? t(`fault.${incident.fault}.title`) : ''}
          {incident.platformId !== null && <span className="tag"> {t('incidents.platform')}</span>}
        </td>
        <td>{clock(incident.startedAt)}</td>
        <td>{recovered ? t('incidents.recovered') : props.rto}</td>
        <td>{recovered ? '' : props.mtd}</td>
        <td data-testid="level">{props.level}</td>
        <td>
          {incident.ackedBy !== null ? (
            t('incidents.acked', { who: incident.ackedBy })
          ) : !recovered ? (
            <button
              type="button"
              onClick={(event) => {
                event.stopPropagation();
                api.post(`api/incidents/${incident.id}/ack`, props.account.csrfToken).catch(console.error);
              }}
            >
              {t('incidents.ack')}
            </button>
          ) : null}
        </td>
      </tr>
      {props.expanded && (
        <tr>
          <td colSpan={8}>
            <IncidentDetail incident={incident} />
          </td>
        </tr>
      )}
    </>
  );
}

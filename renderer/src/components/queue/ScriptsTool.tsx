import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallRecord, ScriptsView } from '../../../../main/core/ipc/contract.ts';
import { CALL_OUTCOMES, fillScript } from '../../../../main/core/ipc/runbook-wire.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import { formatClock, type UiLanguage } from '../../format.ts';
import { errorMessage } from '../../kiosk.ts';

type Outcome = (typeof CALL_OUTCOMES)[number];

/**
 * What to say on the phone, per situation, from IT's script file with the customer, the agent,
 * the incident and the expected recovery filled in; each call's outcome is logged against the
 * customer and the incident. Scripts and names are shown as text.
 */
export function ScriptsTool({ kiosk, language, now }: { kiosk: KioskApi | null; language: UiLanguage; now: number }) {
  const { t } = useTranslation();
  const ids = useId();
  const [view, setView] = useState<ScriptsView | null>(null);
  const [situation, setSituation] = useState('whatsapp-down');
  const [customer, setCustomer] = useState('');
  const [phone, setPhone] = useState('');
  const [agent, setAgent] = useState('');
  const [callbackAt, setCallbackAt] = useState('');
  const [calls, setCalls] = useState<CallRecord[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!kiosk) return;
    let current = true;
    Promise.all([kiosk.invoke('calls:scripts', {}), kiosk.invoke('calls:list', { limit: 5 })])
      .then(([scripts, list]) => {
        if (!current) return;
        setView(scripts);
        setCalls(list);
      })
      .catch((failure: unknown) => current && setMessage(t('scripts.error', { message: errorMessage(failure) })));
    return () => {
      current = false;
    };
  }, [kiosk, t]);

  const script = view?.scripts?.[situation]?.[language];
  const text = script
    ? fillScript(script.text, {
        customer: customer.trim() || t('scripts.customerUnknown'),
        agent: agent.trim() || t('scripts.agentUnknown'),
        incident: view?.incidentId === null || view === null ? '-' : `#${view.incidentId}`,
        expectedRecovery: t('scripts.expectedUnknown'),
      })
    : null;

  const startCall = () => {
    kiosk
      ?.invoke('calls:start', {})
      .then(() => setMessage(t('scripts.callStarted')))
      .catch((failure: unknown) => setMessage(t('scripts.error', { message: errorMessage(failure) })));
  };
  const log = (outcome: Outcome) => {
    if (!kiosk) return;
    const when = outcome === 'callback' ? new Date(callbackAt).getTime() : undefined;
    if (when !== undefined && !Number.isFinite(when)) {
      setMessage(t('scripts.callbackNeedsTime'));
      return;
    }
    kiosk
      .invoke('calls:log', {
        customer: customer.trim() || phone.trim() || t('scripts.customerUnknown'),
        situation,
        outcome,
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(when !== undefined ? { callbackAt: when } : {}),
      })
      .then((call) => {
        setCalls((list) => [call, ...list].slice(0, 5));
        setMessage(t('scripts.logged', { outcome: t(`scripts.outcome.${outcome}`) }));
      })
      .catch((failure: unknown) => setMessage(t('scripts.error', { message: errorMessage(failure) })));
  };

  return (
    <section className="tool tool--scripts" data-section="scripts" aria-labelledby={`${ids}-title`} data-testid="scripts">
      <h2 id={`${ids}-title`}>{t('scripts.title')}</h2>
      {view && view.scripts === null ? <p role="alert">{t('scripts.unavailable')}</p> : null}
      <div className="queue__form">
        <label htmlFor={`${ids}-situation`}>{t('scripts.situation')}</label>
        <select
          id={`${ids}-situation`}
          value={situation}
          onChange={(event) => setSituation(event.target.value)}
          data-testid="script-situation"
        >
          {Object.keys(view?.scripts ?? {}).map((name) => (
            <option key={name} value={name}>
              {view?.scripts?.[name]?.[language].title ?? name}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-customer`}>{t('scripts.customer')}</label>
        <input
          id={`${ids}-customer`}
          value={customer}
          onChange={(event) => setCustomer(event.target.value)}
          data-testid="script-customer"
        />
        <label htmlFor={`${ids}-phone`}>{t('scripts.phone')}</label>
        <input id={`${ids}-phone`} value={phone} onChange={(event) => setPhone(event.target.value)} />
        <label htmlFor={`${ids}-agent`}>{t('scripts.agent')}</label>
        <input id={`${ids}-agent`} value={agent} onChange={(event) => setAgent(event.target.value)} />
      </div>
      {text !== null ? (
        <blockquote className="scripts__text" data-testid="script-text">
          {text}
        </blockquote>
      ) : null}
      <button type="button" onClick={startCall}>
        {t('scripts.startCall')}
      </button>
      <fieldset className="scripts__outcomes">
        <legend>{t('scripts.outcomeTitle')}</legend>
        {CALL_OUTCOMES.map((outcome) => (
          <button key={outcome} type="button" data-testid={`call-${outcome}`} onClick={() => log(outcome)}>
            {t(`scripts.outcome.${outcome}`)}
          </button>
        ))}
        <label htmlFor={`${ids}-callback`}>{t('scripts.callbackAt')}</label>
        <input id={`${ids}-callback`} type="datetime-local" value={callbackAt} onChange={(event) => setCallbackAt(event.target.value)} />
      </fieldset>
      <p role="status" data-testid="script-message">
        {message}
      </p>
      <ul className="queue__list" data-testid="call-list" aria-label={t('scripts.recentCalls')}>
        {calls.map((call) => (
          <li key={call.id}>
            {formatClock(call.at, language, now)} · {call.customer} · {t(`scripts.outcome.${call.outcome}`)}
            {call.callbackAt !== null ? ` · ${t('scripts.callbackWhen', { time: formatClock(call.callbackAt, language, now) })}` : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

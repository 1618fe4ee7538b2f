import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRecord } from '../../../main/core/ipc/contacts-wire.ts';
import type { KioskStatus } from '../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../preload/kiosk-api.ts';
import { durationParts, formatClock } from '../format.ts';
import { createThrottle } from '../throttle.ts';
import { CustomerLookup } from './CustomerLookup.tsx';
import { IncidentList } from './IncidentList.tsx';
import { OutboxTools } from './outbox/OutboxTools.tsx';
import { AgentGuidance } from './PhoneLinkGuidance.tsx';
import { ChecklistTool } from './queue/ChecklistTool.tsx';
import { NotesBox, type NotesSubject } from './queue/NotesBox.tsx';
import { QueueTool } from './queue/QueueTool.tsx';
import { ScriptsTool } from './queue/ScriptsTool.tsx';

/** `activity:typing` at most this often: enough to hold fail-back, cheap for the main process. */
export const TYPING_THROTTLE_MS = 2_000;

interface FailoverPaneProps {
  kiosk: KioskApi | null;
  status: KioskStatus;
  now: number;
}

/**
 * Fills the page below the status bar in failover mode, in the order an agent works through it:
 * customer lookup over the contact backup, email and SMS through the outbox, the offline WhatsApp
 * queue, phone scripts, the troubleshooting checklist and notes saved as typed.
 */
export function FailoverPane({ kiosk, status, now }: FailoverPaneProps) {
  const throttle = useRef(createThrottle(TYPING_THROTTLE_MS));
  /** The customer picked in the lookup: the Email and SMS tools write to them. */
  const [customer, setCustomer] = useState<ContactRecord | null>(null);

  const reportTyping = () => {
    if (!kiosk) return;
    throttle.current(() => {
      kiosk.invoke('activity:typing', {}).catch((error: unknown) => {
        console.warn('kiosk: activity:typing failed', error);
      });
    });
  };

  return (
    <main className="failover-pane" data-testid="failover-pane" onKeyDown={reportTyping} onInput={reportTyping}>
      <ReasonBanner status={status} now={now} />
      {status.guidance !== null ? <AgentGuidance guidance={status.guidance} /> : null}

      <div className="failover-pane__tools">
        <CustomerLookup kiosk={kiosk} language={status.language} now={now} selectedId={customer?.id ?? null} onSelect={setCustomer} />
        <OutboxTools kiosk={kiosk} status={status} now={now} customer={customer} />
        <QueueTool kiosk={kiosk} />
        <ScriptsTool kiosk={kiosk} language={status.language} now={now} />
        <ChecklistTool kiosk={kiosk} language={status.language} refreshKey={`${status.health.fault ?? ''}:${status.health.since}`} />
        <NotesBox kiosk={kiosk} language={status.language} now={now} subject={notesSubject(customer)} />
      </div>

      <div id="failover-incidents">
        <IncidentList
          kiosk={kiosk}
          language={status.language}
          now={now}
          limit={10}
          refreshKey={`${status.health.level}:${status.health.fault ?? ''}:${status.health.since}:${status.mode}`}
        />
      </div>
    </main>
  );
}

/** Notes about the customer picked in the lookup go with their number, as the incident lists them. */
function notesSubject(customer: ContactRecord | null): NotesSubject | null {
  const digits = customer?.phones[0]?.replace(/\D/g, '') ?? '';
  if (!customer || digits === '') return null;
  return { key: digits, name: customer.name ?? customer.pushName ?? `+${digits}` };
}

/** Why the agent is in failover, since when, and what to do now, in their language. */
function ReasonBanner({ status, now }: { status: KioskStatus; now: number }) {
  const { t } = useTranslation();
  const { fault, level, since } = status.health;
  const parts = durationParts(now - since);
  const sinceText = t('failover.since', {
    time: formatClock(since, status.language, now),
    duration: t(`duration.${parts.key}`, parts.values),
  });
  const healthNow = fault ? t(`fault.${fault}.title`) : t(`health.level.${level}`);

  let headline: string;
  let todo: string;
  if (status.modeReason === 'agent') {
    headline = t('failover.agent');
    todo = fault ? t(`fault.${fault}.todo`) : t('failover.agentTodo');
  } else if (fault) {
    headline = t(`fault.${fault}.reason`);
    todo = t(`fault.${fault}.todo`);
  } else {
    headline = status.modeReason === 'startup' ? t('failover.startup') : t('failover.autoNoFault');
    todo = t('failover.agentTodo');
  }

  return (
    <section
      className="reason-banner"
      data-testid="failover-reason"
      data-level={level}
      data-fault={fault ?? ''}
      data-reason={status.modeReason}
      aria-live="polite"
    >
      <h1 className="reason-banner__headline">{headline}</h1>
      <p className="reason-banner__since">
        {status.modeReason === 'agent' ? `${t('failover.whatsappNow', { state: healthNow })} · ` : null}
        {sinceText}
        {fault ? (
          <>
            {' · '}
            <code className="fault-code">{fault}</code>
          </>
        ) : null}
      </p>
      {status.platformOutage ? (
        // The hub saw the same WhatsApp-side fault on many seats: say so with the hub's confidence.
        <p className="reason-banner__platform" data-testid="platform-outage">
          {t('hub.platformOutage', {
            seats: status.platformOutage.seats,
            time: formatClock(status.platformOutage.since, status.language, now),
          })}
        </p>
      ) : null}
      <h2 className="reason-banner__todo-title">{t('failover.whatToDo')}</h2>
      <p className="reason-banner__todo">{todo}</p>
      <p className="reason-banner__return">{status.forced ? t('failover.forcedNote') : t('failover.autoReturn')}</p>
      {status.lastHealing ? (
        <p className="muted small">
          {t('failover.healingTried', {
            action: t(`healing.${status.lastHealing.action}`),
            time: formatClock(status.lastHealing.at, status.language, now),
          })}
        </p>
      ) : null}
    </section>
  );
}

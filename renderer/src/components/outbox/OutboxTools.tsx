import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRecord } from '../../../../main/core/ipc/contacts-wire.ts';
import type { KioskStatus } from '../../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import { MessageTool } from './MessageTool.tsx';
import { NoticesOffer } from './NoticesOffer.tsx';
import { OutboxList } from './OutboxList.tsx';
import { useOutbox } from './useOutbox.ts';
import './outbox.css';

const MESSAGE_KINDS = ['email', 'sms'] as const;

/** The pane's ways to reach customers without WhatsApp: email, SMS, customer notices, and the outbox. */
export function OutboxTools({
  kiosk,
  status,
  now,
  customer,
}: {
  kiosk: KioskApi | null;
  status: KioskStatus;
  now: number;
  customer: ContactRecord | null;
}) {
  const { t } = useTranslation();
  const { info, items, error, refresh } = useOutbox(kiosk, `${status.mode}:${status.health.since}`);
  const [agent, setAgent] = useState('');
  return (
    <div className="outbox-tools" data-testid="outbox-tools">
      <section className="tool outbox-agent" aria-labelledby="outbox-agent-title">
        <h2 id="outbox-agent-title" className="visually-hidden">
          {t('outbox.agent.title')}
        </h2>
        <label>
          {t('outbox.agent.label')}
          <input
            type="text"
            value={agent}
            onChange={(event) => setAgent(event.target.value)}
            data-testid="outbox-agent"
            autoComplete="name"
          />
        </label>
        {info?.problem ? (
          <p className="lookup__error" role="alert">
            {t('outbox.templateProblem', { problem: info.problem })}
          </p>
        ) : null}
      </section>
      {info ? (
        <>
          <NoticesOffer kiosk={kiosk} info={info} language={status.language} agent={agent} onQueued={refresh} />
          {MESSAGE_KINDS.map((kind) => (
            <MessageTool
              key={kind}
              kiosk={kiosk}
              kind={kind}
              info={info}
              language={status.language}
              customer={customer}
              agent={agent}
              onQueued={refresh}
            />
          ))}
        </>
      ) : null}
      <OutboxList kiosk={kiosk} items={items} language={status.language} now={now} error={error} onChanged={refresh} />
    </div>
  );
}

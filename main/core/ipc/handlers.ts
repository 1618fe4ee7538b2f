import type { Settings } from '../config/schema.ts';
import type { ContactsService } from '../contacts/contacts-service.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { OutageSupervisor } from '../outage/supervisor.ts';
import type { OutboxService } from '../outbox/outbox-service.ts';
import type { Clock } from '../ports.ts';
import type { StatusBoard } from '../status/status-board.ts';
import type { FrontView } from '../ui/front-view.ts';
import type { Handlers } from './router.ts';

export interface HandlerDeps {
  settings: Settings;
  clock: Clock;
  status: StatusBoard;
  outage: OutageSupervisor;
  front: FrontView;
  incidents: IncidentStore;
  contacts: ContactsService;
  outbox: OutboxService;
}

/** What each request from our pages does: one line per channel, the work lives in the parts. */
export function kioskHandlers({ settings, clock, status, outage, front, incidents, contacts, outbox }: HandlerDeps): Handlers {
  return {
    'status:get': () => status.current,
    'mode:set': async ({ mode }) => {
      await outage.agentChoseMode(mode);
      return status.current;
    },
    'activity:typing': async () => {
      await outage.agentTyping();
      return { ok: true as const };
    },
    'incidents:list': ({ limit }) => incidents.list(limit, clock.now(), settings.failover),
    'ui:overlay': async ({ open }) => {
      await front.setOverlay(open);
      return { ok: true as const };
    },
    'contacts:search': ({ query, limit }) => contacts.store.search(query, limit),
    'contacts:summary': () => contacts.summary(),
    'contacts:preview': (request) => contacts.preview(request),
    'contacts:import': (request) => contacts.importFile(request),
    'contacts:export': ({ format }) => contacts.export(format),
    'backups:list': () => contacts.listBackups(),
    'backups:create': () => contacts.backup(),
    'backups:restore': ({ name }) => contacts.restore(name),
    'outbox:info': () => outbox.info(),
    'outbox:preview': (request) => outbox.preview(request),
    'outbox:queue': (request) => outbox.queue(request),
    'outbox:list': ({ limit }) => outbox.list(limit),
    'outbox:cancel': ({ id }) => outbox.cancel(id),
    'outbox:notices-preview': (request) => outbox.noticePreview(request),
    'outbox:notices-send': (request) => outbox.sendNotices(request),
  };
}

import type { Settings } from '../config/schema.ts';
import { settingsView } from '../config/settings-view.ts';
import type { ContactsService } from '../contacts/contacts-service.ts';
import type { HubHost } from '../hub-host/hub-host.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { Maintenance } from '../maintenance/maintenance.ts';
import type { AgentWork } from '../failover/agent-work.ts';
import { NO_INCIDENT, NOTES_CARRY_OVER_MS } from '../notes/notes-store.ts';
import type { OutageSupervisor } from '../outage/supervisor.ts';
import type { Clock } from '../ports.ts';
import type { StatusBoard } from '../status/status-board.ts';
import type { FrontView } from '../ui/front-view.ts';
import type { Handlers } from './router.ts';

export interface HandlerDeps {
  settings: Settings;
  /** Keys IT's policy locks, shown with a lock in the Settings panel. */
  locked: readonly string[];
  clock: Clock;
  status: StatusBoard;
  outage: OutageSupervisor;
  front: FrontView;
  incidents: IncidentStore;
  contacts: ContactsService;
  maintenance: Maintenance;
  /** The failover pane's work: outbox, offline queue, notes, checklist and scripts. */
  work: Pick<AgentWork, 'queue' | 'notes' | 'runbook' | 'outbox'>;
  hubHost: HubHost;
}

/** What each request from our pages does: one line per channel, the work lives in the parts. */
export function kioskHandlers({
  settings,
  locked,
  maintenance,
  clock,
  status,
  outage,
  front,
  incidents,
  contacts,
  work: { queue, notes, runbook, outbox },
  hubHost,
}: HandlerDeps): Handlers {
  return {
    'status:get': () => status.current,
    'mode:set': async ({ mode }) => {
      await outage.agentChoseMode(mode);
      return status.current;
    },
    'activity:typing': async () => {
      maintenance.agentTyped();
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
    'settings:view': () => settingsView(settings, locked),
    'maintenance:status': () => maintenance.status(),
    'maintenance:diagnose': async () => {
      const { report, files } = await maintenance.diagnose('agent');
      return { report, file: files.text };
    },
    'maintenance:deep-reset': async () => {
      // The deep reset logs the agent out: IT must allow it in the policy, and the page asks twice.
      if (!settings.maintenance.deepResetAllowed)
        throw new Error('the deep reset is not allowed on this workstation (maintenance.deepResetAllowed)');
      await maintenance.deepReset();
      return { ok: true as const };
    },
    'queue:add': (request) => queue.add(request),
    'queue:list': ({ limit }) => queue.list(limit),
    'queue:cancel': ({ id }) => queue.cancel(id),
    'notes:get': ({ customer }) => {
      const incidentId = incidents.current() ?? NO_INCIDENT;
      const carried = notes.get(incidentId, customer) ?? notes.latest(customer, clock.now() - NOTES_CARRY_OVER_MS);
      return carried ?? { incidentId, customer, text: '', updatedAt: null };
    },
    'notes:save': ({ customer, text }) => notes.save(incidents.current() ?? NO_INCIDENT, customer, text, clock.now()),
    'notes:of-incident': ({ incidentId }) => notes.ofIncident(incidentId),
    'checklist:get': () => runbook.checklist(),
    'checklist:tick': ({ stepId, done }) => runbook.tick(stepId, done),
    'calls:scripts': () => runbook.scripts(),
    'calls:start': () => {
      runbook.startCall();
      return { ok: true as const };
    },
    'calls:log': (call) => runbook.logCall(call),
    'calls:list': ({ limit }) => runbook.calls(limit),
    'outbox:info': () => outbox.info(),
    'outbox:preview': (request) => outbox.preview(request),
    'outbox:queue': (request) => outbox.queue(request),
    'outbox:list': ({ limit }) => outbox.list(limit),
    'outbox:cancel': ({ id }) => outbox.cancel(id),
    'outbox:notices-preview': (request) => outbox.noticePreview(request),
    'outbox:notices-send': (request) => outbox.sendNotices(request),
    'hub:dashboard': () => hubHost.dashboard(),
    'hub:open-dashboard': () => hubHost.openDashboard(),
  };
}

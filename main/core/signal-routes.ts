import type { ContactsService } from './contacts/contacts-service.ts';
import type { HealthListener, HealthMonitor } from './health/health-monitor.ts';
import type { Logger } from './log/logger.ts';
import type { Maintenance } from './maintenance/maintenance.ts';
import type { OutageSupervisor } from './outage/supervisor.ts';
import type { SystemSignals, WhatsAppSurface } from './ports.ts';
import { guarded } from './runtime/guarded.ts';
import type { StatusBoard } from './status/status-board.ts';

/**
 * Where the monitor's verdicts and facts go: the board first (what our pages show), then the
 * parts that act on them. The parts are read late: they are built after the monitor they listen to.
 */
export function healthRoutes(to: {
  log: Logger;
  now: () => number;
  board: () => StatusBoard;
  outage: () => OutageSupervisor;
  maintenance: () => Maintenance;
}): HealthListener {
  return {
    verdict: (verdict, previous) => {
      to.log.info({ level: verdict.level, fault: verdict.fault, was: previous.level }, 'health verdict');
      to.board().setHealth(verdict);
      return to.outage().onVerdict(verdict);
    },
    facts: (facts) => {
      to.board().probeReported(facts, to.now());
      to.maintenance().onFacts(facts);
    },
  };
}

/** What the page and the OS say: contact batches to the backup, everything else to the monitor as a reason to look now. */
export function routeSignals(
  from: { surface: WhatsAppSurface; system: SystemSignals; log: Logger },
  monitor: HealthMonitor,
  contacts: ContactsService,
): void {
  from.surface.onEvent((event) => {
    if (event.type === 'contacts') guarded(from.log, 'contacts batch', () => contacts.onWhatsAppBatch(event.batch));
    else monitor.onSurfaceEvent(event);
  });
  // The OS saw the network change: confirm at once instead of at the next probe interval.
  from.system.onNetworkChange(() => monitor.suspect('os-network'));
}

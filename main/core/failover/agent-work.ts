import { join } from 'node:path';
import type { Settings } from '../config/schema.ts';
import type { ContactsService } from '../contacts/contacts-service.ts';
import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import type { Markers } from '../health/markers.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { KioskStatus, UiLanguage } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import type { BusySource } from '../maintenance/busy.ts';
import { NotesStore } from '../notes/notes-store.ts';
import { chatMarkers } from '../offline-queue/chat-markers.ts';
import { OfflineQueue } from '../offline-queue/offline-queue.ts';
import { QueueStore } from '../offline-queue/queue-store.ts';
import { WhatsAppReplayer } from '../offline-queue/replayer.ts';
import { OutboxService } from '../outbox/outbox-service.ts';
import type { SecretResolver } from '../outbox/secrets.ts';
import type { Clock, KioskUi, WhatsAppSurface } from '../ports.ts';
import type { Telemetry } from '../reporter/telemetry.ts';
import { loadRunbook } from '../runbook/resources.ts';
import { RunbookService } from '../runbook/runbook-service.ts';
import type { Timers } from '../runtime/guarded.ts';

export interface AgentWorkDeps {
  db: Db;
  writeGate: WriteGate;
  settings: Settings;
  clock: Clock;
  log: Logger;
  ui: KioskUi;
  surface: WhatsAppSurface;
  timers: Timers;
  language: UiLanguage;
  messageMarkers: Markers['messages'];
  /** IT's templates, checklists and phone scripts. */
  resourcesDir: string;
  secrets: SecretResolver;
  incidents: IncidentStore;
  contacts: ContactsService;
  /** The kiosk's status as published (read when needed: the board is built after these parts). */
  status: () => KioskStatus;
}

/**
 * What the agent does in failover, built as one: the outbox (email, SMS), the offline WhatsApp
 * queue and its replay, notes, the checklist and phone scripts. It also says what the rest of the
 * kiosk needs to know of that work: problems in IT's files, when the agent is busy with it (for
 * maintenance), and the counts the hub is told.
 */
export class AgentWork {
  readonly outbox: OutboxService;
  readonly runbook: RunbookService;
  readonly replayer: WhatsAppReplayer;
  readonly queue: OfflineQueue;
  readonly notes: NotesStore;
  /** Problems in IT's checklist or script files, for the status (each logged for IT). */
  readonly problems: readonly string[];
  readonly busySources: readonly BusySource[];
  readonly #queueStore: QueueStore;
  readonly #clock: Clock;

  constructor(deps: AgentWorkDeps) {
    const { db, writeGate, settings, clock, log, status } = deps;
    this.#clock = clock;
    this.outbox = new OutboxService({
      db,
      writeGate,
      settings,
      clock,
      log,
      secrets: deps.secrets,
      templatesDir: join(deps.resourcesDir, 'templates'),
      language: deps.language,
      openIncident: () => (status().mode === 'failover' ? deps.incidents.current() : null),
    });
    const runbook = loadRunbook(deps.resourcesDir);
    for (const problem of runbook.problems) log.error({ it: true }, problem);
    this.problems = runbook.problems;
    this.runbook = new RunbookService({
      db,
      gate: writeGate,
      runbook,
      incidents: deps.incidents,
      now: () => clock.now(),
      fault: () => status().health.fault,
    });
    this.#queueStore = new QueueStore(db, writeGate);
    this.replayer = new WhatsAppReplayer({
      store: this.#queueStore,
      surface: deps.surface,
      timers: deps.timers,
      now: () => clock.now(),
      log,
      status,
      markers: chatMarkers(deps.messageMarkers),
      whatsappUrl: settings.general.whatsappUrl,
      policy: settings.offlineQueue,
      changed: (id) => deps.ui.send('queue:changed', { id }),
    });
    this.queue = new OfflineQueue(
      this.#queueStore,
      deps.contacts.store,
      () => deps.incidents.current(),
      () => clock.now(),
    );
    this.notes = new NotesStore(db, writeGate);
    // The agent is at work while the queue replays or a call is in progress.
    this.busySources = [
      { name: 'offline-queue replay', busy: () => this.replayer.isReplaying() },
      { name: 'call in progress', busy: () => this.runbook.callInProgress() },
    ];
  }

  /** What waits to go out, for the hub: counts and ages only, never a text or an address. */
  telemetry(): Telemetry {
    const backlog = this.#queueStore.backlog();
    return {
      queueDepth: backlog.depth,
      ...(backlog.oldestAt === null ? {} : { queueOldestAgeMs: this.#clock.now() - backlog.oldestAt }),
      outboxDepth: this.outbox.depth(),
    };
  }

  start(): void {
    this.replayer.start();
    this.outbox.start();
  }

  async stop(): Promise<void> {
    await this.outbox.stop();
  }
}

import { fileURLToPath } from 'node:url';
import { KeyValueStore } from './db/kv.ts';
import { ContactsService } from './contacts/contacts-service.ts';
import { AgentWork } from './failover/agent-work.ts';
import { HealthMonitor } from './health/health-monitor.ts';
import { HubLink } from './hub-host/hub-link.ts';
import { IncidentStore } from './incidents/incident-store.ts';
import type { KioskDeps } from './kiosk-deps.ts';
import { kioskHandlers } from './ipc/handlers.ts';
import { createIpcRouter, type IpcResult } from './ipc/router.ts';
import { Maintenance } from './maintenance/maintenance.ts';
import { OutageSupervisor } from './outage/supervisor.ts';
import { plainSecretResolver } from './outbox/secrets.ts';
import { Healer } from './recovery/healer.ts';
import { Timers } from './runtime/guarded.ts';
import { healthRoutes, routeSignals } from './signal-routes.ts';
import { initialStatus, StatusBoard } from './status/status-board.ts';
import { openStatusEndpoint } from './status/status-endpoint.ts';
import { FrontView } from './ui/front-view.ts';
import { UiWatchdog } from './ui/ui-watchdog.ts';

const LOGGED_IN_KEY = 'whatsapp.wasLoggedIn';
const UI_PING_MS = 5_000;

/**
 * The composition root of the core: it builds the parts and connects them, nothing more. The
 * monitor turns signals into verdicts, the outage supervisor decides (episode, mode, healing),
 * the status board tells our pages, the IPC table answers them. Shell-agnostic: only ports.
 */
export class Kiosk {
  readonly handleRequest: (channel: unknown, request: unknown) => Promise<IpcResult>;
  readonly contacts: ContactsService;
  /** What the agent does in failover: outbox, offline queue, notes, checklist, phone scripts. */
  readonly work: AgentWork;
  readonly #deps: KioskDeps;
  readonly #board: StatusBoard;
  readonly #monitor: HealthMonitor;
  readonly #outage: OutageSupervisor;
  readonly #front: FrontView;
  readonly #incidents: IncidentStore;
  readonly #timers: Timers;
  readonly maintenance: Maintenance;
  /** The supervisors' hub: the one this kiosk may serve, and its reporting. */
  readonly #hub: HubLink;
  #statusServer: { url: string; close(): Promise<void> } | null = null;

  constructor(deps: KioskDeps) {
    const { config, clock, db, log, ui, surface } = deps;
    const { settings } = config;
    const now = clock.now();
    this.#deps = deps;
    this.#timers = new Timers(clock, log);
    const { writeGate } = deps;
    // What most parts are built on: their settings, time, log and the database's single writer.
    const base = { settings, clock, log, db, writeGate };
    const secrets = deps.secrets ?? plainSecretResolver();
    this.#incidents = new IncidentStore(db, writeGate);
    this.contacts = new ContactsService({
      ...base,
      backupsDir: deps.backupsDir,
      progress: (progress) => ui.send('contacts:import-progress', progress),
    });
    this.work = new AgentWork({
      ...base,
      ui,
      surface,
      timers: this.#timers,
      language: deps.language,
      messageMarkers: deps.markers.messages,
      resourcesDir: deps.resourcesDir ?? fileURLToPath(new URL('../../resources/', import.meta.url)),
      secrets,
      incidents: this.#incidents,
      contacts: this.contacts,
      status: () => this.#board.current,
    });
    const problems = [...config.problems.map((problem) => problem.message), ...this.work.problems];
    this.#board = new StatusBoard(initialStatus(now, { seatId: settings.kiosk.seatId, language: deps.language, problems }), (status) =>
      ui.send('status', status),
    );
    const kv = new KeyValueStore(db, writeGate);
    this.#monitor = new HealthMonitor(
      {
        settings,
        socketStates: deps.markers.socketState,
        clock,
        log,
        system: deps.system,
        memoryUsageMb: () => surface.memoryUsageMb(),
        requestProbe: () => surface.requestProbe(),
        loginMemory: { get: () => kv.get(LOGGED_IN_KEY) === 'yes', set: () => kv.set(LOGGED_IN_KEY, 'yes', clock.now()) },
        ...(deps.networkProbe ? { probe: deps.networkProbe } : {}),
      },
      healthRoutes({
        log,
        now: () => clock.now(),
        board: () => this.#board,
        outage: () => this.#outage,
        maintenance: () => this.maintenance,
      }),
    );
    this.#front = new FrontView(ui, log);
    this.#outage = new OutageSupervisor({
      settings,
      clock,
      log,
      incidents: this.#incidents,
      health: this.#monitor,
      healer: new Healer(surface, log),
      front: this.#front,
      status: this.#board,
    });
    this.maintenance = new Maintenance({
      ...base,
      kv,
      surface,
      system: deps.system,
      environment: deps.maintenance,
      backupsDir: deps.backupsDir,
      markersVersion: deps.markers.version,
      language: deps.language,
      whatsappReachable: () => this.#monitor.networkLooksFine,
      busySources: this.work.busySources,
      ...(deps.networkProbe ? { probe: deps.networkProbe } : {}),
    });
    this.#hub = new HubLink({
      ...base,
      secrets,
      dataDir: deps.maintenance.dataDir,
      problem: (message) => {
        this.#board.addProblem(message);
        this.#board.publish();
      },
      ...(deps.dashboardWindow ? { window: deps.dashboardWindow } : {}),
      ...(deps.hubDashboardDir ? { dashboardDir: deps.hubDashboardDir } : {}),
      status: () => this.#board.current,
      appVersion: deps.maintenance.versions.app,
      whatsappVersion: () => this.maintenance.whatsappBuild(),
      memoryMb: () => surface.memoryUsageMb(),
      telemetry: () => this.work.telemetry(),
      ...(deps.secretBox ? { secretBox: deps.secretBox } : {}),
      onPlatform: (platformOutage) => {
        this.#board.set({ platformOutage });
        this.#board.publish();
      },
    });
    this.handleRequest = createIpcRouter(
      kioskHandlers({
        settings,
        locked: config.locked,
        clock,
        status: this.#board,
        outage: this.#outage,
        front: this.#front,
        incidents: this.#incidents,
        contacts: this.contacts,
        maintenance: this.maintenance,
        work: this.work,
        hubHost: this.#hub.host,
      }),
    );
    routeSignals(deps, this.#monitor, this.contacts);
  }

  get status() {
    return this.#board.current;
  }

  /** The loopback status endpoint's address, when it is on. */
  get statusUrl(): string | null {
    return this.#statusServer?.url ?? null;
  }

  async start(): Promise<void> {
    const { config, log, surface, clock } = this.#deps;
    for (const problem of config.problems) log.error({ source: problem.source }, problem.message);
    log.info({ url: config.settings.general.whatsappUrl, seat: config.settings.kiosk.seatId }, 'kiosk starting');
    this.#incidents.closeLeftOpen(clock.now());
    await this.#front.show();
    await surface.load(config.settings.general.whatsappUrl);
    this.#monitor.start();
    this.contacts.start();
    this.maintenance.start();
    this.work.start();
    this.#timers.every(1_000, 'outage tick', () => this.#outage.tick());
    new UiWatchdog({ ui: this.#deps.ui, timers: this.#timers, log, intervalMs: UI_PING_MS, restored: () => this.recheck() }).start();
    if (config.settings.statusEndpoint.enabled) {
      this.#statusServer = await openStatusEndpoint(config.settings.statusEndpoint.port, this.#board, log);
    }
    await this.#hub.start();
  }

  /**
   * After something went wrong outside the normal paths (our page was reloaded, an error no part
   * caught): show the right view again, resend the status, note it in the open incident.
   */
  async recheck(note?: string): Promise<void> {
    if (note) this.#incidents.track({ at: this.#deps.clock.now(), type: 'note', text: note });
    this.#board.publish(true);
    await this.#front.show();
  }

  async stop(): Promise<void> {
    this.#deps.log.info('kiosk stopping');
    this.#monitor.stop();
    this.contacts.stop();
    this.maintenance.stop();
    await this.work.stop();
    await this.#hub.stop();
    this.#timers.stop();
    await this.#statusServer?.close();
    this.#statusServer = null;
  }
}

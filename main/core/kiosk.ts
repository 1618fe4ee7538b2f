import type { Db } from './db/database.ts';
import { KeyValueStore } from './db/kv.ts';
import type { EffectiveConfig } from './config/policy.ts';
import type { UiLanguage } from './config/language.ts';
import { initialFailoverState, stepFailover, type FailoverEvent, type FailoverState } from './failover/controller.ts';
import { FAULTS_THAT_PAGE_IT, type FaultCode } from './health/faults.ts';
import type { Verdict } from './health/detector.ts';
import { HealthMonitor } from './health/health-monitor.ts';
import type { Markers } from './health/markers.ts';
import type { ProbeFacts } from './health/probe-facts.ts';
import { IncidentStore } from './incidents/incident-store.ts';
import type { HealingAction, KioskStatus } from './ipc/contract.ts';
import { createIpcRouter, type IpcResult } from './ipc/router.ts';
import type { Logger } from './log/logger.ts';
import type { Clock, KioskUi, SystemSignals, WhatsAppSurface } from './ports.ts';
import { chooseHealing, type HealingRecord } from './recovery/ladder.ts';
import { startStatusServer } from './status/status-server.ts';
import type { HttpProbeResult } from './health/http-probe.ts';
import { ContactsService } from './contacts/contacts-service.ts';

export interface KioskDeps {
  config: EffectiveConfig;
  language: UiLanguage;
  markers: Markers;
  db: Db;
  log: Logger;
  clock: Clock;
  surface: WhatsAppSurface;
  ui: KioskUi;
  system: SystemSignals;
  /** Where the scheduled database backups go. */
  backupsDir: string;
  /** The runtime's own HTTP probe where it has one (Electron's net.fetch follows the system proxy). */
  networkProbe?: (url: string, timeoutMs: number) => Promise<HttpProbeResult>;
}

const LOGGED_IN_KEY = 'whatsapp.wasLoggedIn';

/**
 * The composition root of the core. Health verdicts come in from the monitor; the kiosk heals
 * (the ladder decides what), switches modes (the failover controller decides when), keeps the
 * incident timeline, and tells our pages. Shell-agnostic: it only talks to ports.
 */
export class Kiosk {
  readonly handleRequest: (channel: unknown, request: unknown) => Promise<IpcResult>;
  readonly #deps: KioskDeps;
  readonly #monitor: HealthMonitor;
  readonly #incidents: IncidentStore;
  readonly contacts: ContactsService;
  #status: KioskStatus;
  #failover: FailoverState;
  #healingHistory: HealingRecord[] = [];
  #healing = false;
  #failedOverInEpisode = false;
  #episodeStart = 0;
  /** Healing gave up on this fault at this time; it starts over once the rolling window passed. */
  #gaveUp: { fault: FaultCode; at: number; escalated: boolean } | null = null;
  #statusServer: { url: string; close(): Promise<void> } | null = null;
  #overlayOpen = false;
  #tickTimer: { cancel(): void } | null = null;

  constructor(deps: KioskDeps) {
    this.#deps = deps;
    const now = deps.clock.now();
    const { settings } = deps.config;
    this.#failover = initialFailoverState(now);
    this.#incidents = new IncidentStore(deps.db);
    this.contacts = new ContactsService({ db: deps.db, settings, backupsDir: deps.backupsDir, clock: deps.clock, log: deps.log });
    // An incident left open by a crash or restart is closed as of now: its episode ended with us.
    const stale = this.#incidents.current();
    if (stale !== null) this.#incidents.record(stale, 'recovered', now, 'kiosk restarted');
    this.#status = {
      mode: 'whatsapp',
      modeReason: 'startup',
      forced: false,
      health: { level: 'healthy', fault: null, since: now },
      whatsapp: { screen: 'loading', socketState: null, lastHeartbeat: null },
      lastHealing: null,
      guidance: null,
      language: deps.language,
      configErrors: deps.config.problems.map((problem) => problem.message),
      seatId: settings.kiosk.seatId,
    };
    const kv = new KeyValueStore(deps.db);
    this.#monitor = new HealthMonitor(
      {
        settings,
        socketStates: deps.markers.socketState,
        clock: deps.clock,
        log: deps.log,
        system: deps.system,
        memoryUsageMb: () => deps.surface.memoryUsageMb(),
        loginMemory: { get: () => kv.get(LOGGED_IN_KEY) === 'yes', set: () => kv.set(LOGGED_IN_KEY, 'yes', deps.clock.now()) },
        ...(deps.networkProbe ? { probe: deps.networkProbe } : {}),
      },
      { verdict: (verdict, previous) => this.#onVerdict(verdict, previous), facts: (facts) => this.#onFacts(facts) },
    );
    this.handleRequest = createIpcRouter({
      'status:get': () => this.#status,
      'mode:set': async ({ mode }) => {
        this.#deps.log.info({ mode }, 'agent chose mode');
        this.#incidents.track({ at: this.#deps.clock.now(), type: 'agent-mode', mode });
        await this.#stepFailover({ type: 'agent-force', mode });
        this.#publish();
        return this.#status;
      },
      'activity:typing': async () => {
        await this.#stepFailover({ type: 'agent-typing' });
        return { ok: true as const };
      },
      'incidents:list': ({ limit }) => this.#incidents.list(limit, this.#deps.clock.now(), settings.failover),
      'ui:overlay': async ({ open }) => {
        this.#overlayOpen = open;
        await this.#showView();
        return { ok: true as const };
      },
      'contacts:search': ({ query, limit }) => this.contacts.store.search(query, limit),
      'contacts:summary': () => this.contacts.summary(),
      'contacts:preview': (request) => this.contacts.preview(request),
      'contacts:import': (request) => this.contacts.importFile(request),
      'contacts:export': ({ format }) => this.contacts.export(format),
      'backups:list': () => this.contacts.listBackups(),
      'backups:create': () => this.contacts.backup(),
      'backups:restore': ({ name }) => this.contacts.restore(name),
    });
    deps.surface.onEvent((event) => {
      if (event.type === 'contacts') this.contacts.onWhatsAppBatch(event.batch);
      else this.#monitor.onSurfaceEvent(event);
    });
  }

  get status(): KioskStatus {
    return this.#status;
  }

  /** The loopback status endpoint's address, when it is on. */
  get statusUrl(): string | null {
    return this.#statusServer?.url ?? null;
  }

  async start(): Promise<void> {
    const { config, log, surface } = this.#deps;
    for (const problem of config.problems) log.error({ source: problem.source }, problem.message);
    log.info({ url: config.settings.general.whatsappUrl, seat: config.settings.kiosk.seatId }, 'kiosk starting');
    await this.#showView();
    await surface.load(config.settings.general.whatsappUrl);
    this.#monitor.start();
    this.contacts.start();
    this.#scheduleTick();
    if (config.settings.statusEndpoint.enabled) await this.#startStatusEndpoint(config.settings.statusEndpoint.port);
  }

  async stop(): Promise<void> {
    this.#deps.log.info('kiosk stopping');
    this.#monitor.stop();
    this.contacts.stop();
    this.#tickTimer?.cancel();
    this.#tickTimer = null;
    await this.#statusServer?.close();
    this.#statusServer = null;
  }

  #scheduleTick(): void {
    this.#tickTimer = this.#deps.clock.setTimeout(() => {
      void this.#tick().finally(() => {
        if (this.#tickTimer) this.#scheduleTick();
      });
    }, 1_000);
  }

  /** Time-based decisions: the grace period, the typing hold, the next healing step. */
  async #tick(): Promise<void> {
    await this.#stepFailover({ type: 'tick' });
    await this.#heal();
  }

  #onFacts(facts: ProbeFacts): void {
    const whatsapp = { screen: facts.screen, socketState: facts.socketState, lastHeartbeat: this.#deps.clock.now() };
    const changed = whatsapp.screen !== this.#status.whatsapp.screen || whatsapp.socketState !== this.#status.whatsapp.socketState;
    this.#status = { ...this.#status, whatsapp };
    if (changed) this.#publish();
  }

  #onVerdict(verdict: Verdict, previous: Verdict): void {
    const now = this.#deps.clock.now();
    this.#deps.log.info({ level: verdict.level, fault: verdict.fault, was: previous.level }, 'health verdict');
    if (previous.level === 'healthy') {
      this.#episodeStart = now;
      this.#gaveUp = null;
      this.#failedOverInEpisode = false;
    }
    if (verdict.level === 'healthy') {
      // Healing gets the credit only when WhatsApp came back without a failover.
      const lastAction = this.#healingHistory.findLast((record) => record.at >= this.#episodeStart);
      if (lastAction && !this.#failedOverInEpisode) this.#incidents.track({ at: now, type: 'healed', action: lastAction.action });
    }
    this.#incidents.track({ at: now, type: 'verdict', verdict });

    const needsAgent = verdict.level === 'down' && (verdict.fault === 'QR_UNAVAILABLE' || verdict.fault === 'SESSION_LOGGED_OUT');
    if (needsAgent && this.#status.guidance === null) {
      this.#incidents.track({ at: now, type: 'guidance', guidance: 'link-with-phone-number' });
    }
    this.#status = {
      ...this.#status,
      health: { level: verdict.level, fault: verdict.fault, since: verdict.since },
      guidance: needsAgent ? 'link-with-phone-number' : verdict.level === 'healthy' ? null : this.#status.guidance,
    };
    this.#publish();
    void this.#stepFailover({ type: 'verdict', verdict }).then(() => this.#heal());
  }

  /** Climbs the healing ladder while WhatsApp is down and a fault is still present. */
  async #heal(): Promise<void> {
    const verdict = this.#monitor.verdict;
    const fault = this.#monitor.activeFaults[0];
    if (this.#healing || verdict.level !== 'down' || !fault) return;
    const now = this.#deps.clock.now();
    const { recovery } = this.#deps.config.settings;
    if (this.#gaveUp?.fault === fault) {
      // In failover the kiosk keeps trying now and then, so that fail-back can happen by itself.
      if (now - this.#gaveUp.at < recovery.windowMs) return;
      this.#episodeStart = now;
    }
    const last = this.#healingHistory.at(-1);
    // Give the previous step time to show whether it helped before taking the next one.
    if (last && last.at >= this.#episodeStart && now - last.at < this.#settleMs()) return;

    const choice = chooseHealing(fault, this.#healingHistory, this.#episodeStart, now, recovery);
    if (choice.kind === 'wait') {
      // The network probes reach WhatsApp again but the view still holds its failed load: only
      // loading it again can bring it back.
      if (this.#monitor.networkLooksFine) await this.#runHealing('reload', fault, now);
      return;
    }
    if (choice.kind === 'give-up') {
      const escalated = this.#gaveUp?.fault === fault && this.#gaveUp.escalated;
      this.#gaveUp = { fault, at: now, escalated: true };
      if (!escalated) {
        this.#deps.log.warn({ fault, reason: choice.reason }, 'healing gave up');
        this.#incidents.track({ at: now, type: 'gave-up', fault, reason: choice.reason });
        if (FAULTS_THAT_PAGE_IT.has(fault)) this.#deps.log.error({ fault, it: true }, 'IT must look at this workstation');
      }
      await this.#stepFailover({ type: 'healing-gave-up' });
      return;
    }
    await this.#runHealing(choice.action, fault, now);
  }

  async #runHealing(action: HealingAction, fault: FaultCode, at: number): Promise<void> {
    const { surface, log } = this.#deps;
    this.#healing = true;
    this.#healingHistory = [...this.#healingHistory.filter((r) => at - r.at < 3_600_000), { action, at, fault }];
    this.#status = { ...this.#status, lastHealing: { action, at, fault } };
    this.#incidents.track({ at, type: 'healing', action, fault });
    log.warn({ fault, action }, 'healing');
    this.#publish();
    try {
      if (action === 'unregister-service-worker-and-reload') await surface.unregisterServiceWorkers();
      if (action === 'clear-http-cache-and-reload') await surface.clearHttpCache();
      if (action === 'recreate-view') await surface.recreate();
      else await surface.reload();
    } catch (error) {
      log.error({ action, error: (error as Error).message }, 'healing action failed');
    } finally {
      this.#healing = false;
    }
  }

  #settleMs(): number {
    const { health } = this.#deps.config.settings;
    return Math.max(health.probeSilenceMs, health.probeIntervalMs * (health.failuresToDown + 2));
  }

  async #stepFailover(event: FailoverEvent): Promise<void> {
    const result = stepFailover(this.#failover, event, this.#deps.clock.now(), this.#deps.config.settings.failover);
    const changed = result.state.forced !== this.#failover.forced || result.state.modeReason !== this.#failover.modeReason;
    this.#failover = result.state;
    this.#status = { ...this.#status, mode: result.state.mode, modeReason: result.state.modeReason, forced: result.state.forced };
    if (result.switched) {
      const { to, reason, fault } = result.switched;
      this.#deps.log.warn({ to, reason, fault }, 'mode switched');
      this.#incidents.track({ at: this.#deps.clock.now(), type: 'switch', to, reason });
      if (to === 'failover') this.#failedOverInEpisode = true;
      await this.#showView();
    }
    if (result.switched || changed) this.#publish();
  }

  /** Our page covers WhatsApp in failover mode, and while one of its panels is open. */
  async #showView(): Promise<void> {
    await this.#deps.ui.show(this.#status.mode === 'failover' || this.#overlayOpen ? 'kiosk' : 'whatsapp');
  }

  #publish(): void {
    this.#deps.ui.send('status', this.#status);
  }

  async #startStatusEndpoint(port: number): Promise<void> {
    try {
      this.#statusServer = await startStatusServer(port, () => this.#status);
      this.#deps.log.info({ url: this.#statusServer.url }, 'status endpoint on');
    } catch (error) {
      // A taken port must not stop the kiosk: WhatsApp and failover matter more than monitoring.
      const message = `status endpoint could not start on port ${port}: ${(error as Error).message}`;
      this.#deps.log.error(message);
      this.#status = { ...this.#status, configErrors: [...this.#status.configErrors, message] };
      this.#publish();
    }
  }
}

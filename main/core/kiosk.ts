import type { Db } from './db/database.ts';
import type { EffectiveConfig } from './config/policy.ts';
import type { UiLanguage } from './config/language.ts';
import type { KioskStatus, Mode } from './ipc/contract.ts';
import { createIpcRouter, type IpcResult } from './ipc/router.ts';
import type { Logger } from './log/logger.ts';
import type { Clock, KioskUi, SurfaceEvent, SystemSignals, WhatsAppSurface } from './ports.ts';
import { probeFactsSchema, type ProbeFacts } from './health/probe-facts.ts';
import { startStatusServer } from './status/status-server.ts';

export interface KioskDeps {
  config: EffectiveConfig;
  language: UiLanguage;
  db: Db;
  log: Logger;
  clock: Clock;
  surface: WhatsAppSurface;
  ui: KioskUi;
  system: SystemSignals;
}

/**
 * The composition root of the core: owns the kiosk's status, answers our pages' requests and
 * turns what the shell observes into decisions. Shell-agnostic: it only talks to ports.
 */
export class Kiosk {
  readonly handleRequest: (channel: unknown, request: unknown) => Promise<IpcResult>;
  readonly #deps: KioskDeps;
  #status: KioskStatus;
  #statusServer: { url: string; close(): Promise<void> } | null = null;
  #overlayOpen = false;

  constructor(deps: KioskDeps) {
    this.#deps = deps;
    const now = deps.clock.now();
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
      seatId: deps.config.settings.kiosk.seatId,
    };
    this.handleRequest = createIpcRouter({
      'status:get': () => this.#status,
      'mode:set': async ({ mode }) => {
        await this.#agentSetsMode(mode);
        return this.#status;
      },
      'activity:typing': () => ({ ok: true as const }),
      'incidents:list': () => [],
      'ui:overlay': async ({ open }) => {
        this.#overlayOpen = open;
        await this.#showView();
        return { ok: true as const };
      },
    });
    deps.surface.onEvent((event) => this.#onSurfaceEvent(event));
  }

  get status(): KioskStatus {
    return this.#status;
  }

  async start(): Promise<void> {
    const { config, log, surface, ui } = this.#deps;
    for (const problem of config.problems) log.error({ source: problem.source }, problem.message);
    log.info({ url: config.settings.general.whatsappUrl, seat: config.settings.kiosk.seatId }, 'kiosk starting');
    await this.#showView();
    await surface.load(config.settings.general.whatsappUrl);
    if (config.settings.statusEndpoint.enabled) await this.#startStatusEndpoint(config.settings.statusEndpoint.port);
  }

  /** The loopback status endpoint's address, when it is on. */
  get statusUrl(): string | null {
    return this.#statusServer?.url ?? null;
  }

  async stop(): Promise<void> {
    this.#deps.log.info('kiosk stopping');
    await this.#statusServer?.close();
    this.#statusServer = null;
  }

  async #startStatusEndpoint(port: number): Promise<void> {
    try {
      this.#statusServer = await startStatusServer(port, () => this.#status);
      this.#deps.log.info({ url: this.#statusServer.url }, 'status endpoint on');
    } catch (error) {
      // A taken port must not stop the kiosk: WhatsApp and failover matter more than monitoring.
      const message = `status endpoint could not start on port ${port}: ${(error as Error).message}`;
      this.#deps.log.error(message);
      this.#update({ configErrors: [...this.#status.configErrors, message] });
    }
  }

  async #agentSetsMode(mode: Mode | 'auto'): Promise<void> {
    this.#deps.log.info({ mode }, 'agent chose mode');
    if (mode === 'auto') {
      this.#update({ forced: false, modeReason: 'auto' });
      return;
    }
    await this.#switchMode(mode, 'agent', true);
  }

  async #switchMode(mode: Mode, reason: KioskStatus['modeReason'], forced: boolean): Promise<void> {
    this.#update({ mode, modeReason: reason, forced });
    await this.#showView();
  }

  /** Our page covers WhatsApp in failover mode, and while one of its panels is open. */
  async #showView(): Promise<void> {
    await this.#deps.ui.show(this.#status.mode === 'failover' || this.#overlayOpen ? 'kiosk' : 'whatsapp');
  }

  #onSurfaceEvent(event: SurfaceEvent): void {
    if (event.type !== 'probe') return;
    const parsed = probeFactsSchema.safeParse(event.facts);
    if (!parsed.success) {
      this.#deps.log.warn('probe sent a malformed report; ignored');
      return;
    }
    this.#onProbe(parsed.data);
  }

  #onProbe(facts: ProbeFacts): void {
    const whatsapp = { screen: facts.screen, socketState: facts.socketState, lastHeartbeat: this.#deps.clock.now() };
    const changed = whatsapp.screen !== this.#status.whatsapp.screen || whatsapp.socketState !== this.#status.whatsapp.socketState;
    this.#status = { ...this.#status, whatsapp };
    if (changed) this.#deps.ui.send('status', this.#status);
  }

  #update(change: Partial<KioskStatus>): void {
    this.#status = { ...this.#status, ...change };
    this.#deps.ui.send('status', this.#status);
  }
}

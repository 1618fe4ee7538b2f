import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { resolveConfig } from '../../main/core/config/policy.ts';
import type { PartialSettings } from '../../main/core/config/schema.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { openDatabase, type Db } from '../../main/core/db/database.ts';
import type { HttpProbeResult } from '../../main/core/health/http-probe.ts';
import { loadMarkers } from '../../main/core/health/markers.ts';
import type { ProbeFacts } from '../../main/core/health/probe-facts.ts';
import type { EventMap, EventName, KioskStatus } from '../../main/core/ipc/contract.ts';
import { Kiosk } from '../../main/core/kiosk.ts';
import type { Logger } from '../../main/core/log/logger.ts';
import type { PurgePart } from '../../main/core/maintenance/purge.ts';
import type { Clock, KioskUi, ShownView, SurfaceEvent, SystemSignals, UiEvent, WhatsAppSurface } from '../../main/core/ports.ts';
import type { ChatReport } from '../../main/core/offline-queue/chat-report.ts';
import { textHash } from '../../main/core/offline-queue/text-hash.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * A clock whose time moves only when the test says so. Timers fire in order; after each one the
 * promises it started settle before the next fires, so async work runs as it would, minus the wait.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: { at: number; seq: number; fn: () => void }[] = [];

  constructor(start = Date.UTC(2026, 10, 30, 9)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    return { cancel: () => void (this.#timers = this.#timers.filter((t) => t !== timer)) };
  }

  /**
   * The machine sleeps for `ms`: no timer fires meanwhile; on waking, every timer that came due
   * fires at once (late), as setTimeout does after a real suspend.
   */
  async sleep(ms: number): Promise<void> {
    const wake = this.#now + ms;
    for (const timer of this.#timers) if (timer.at < wake) timer.at = wake;
    this.#now = wake;
    await this.advance(0);
  }

  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.at;
      next.fn();
      await settle();
    }
    this.#now = end;
    await settle();
  }
}

/** Lets every promise that is ready run (a macrotask comes after all pending microtasks). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A logger that keeps its lines for the test to read. */
export function memoryLogger(): { log: Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { log, lines };
}

/**
 * WhatsApp's page as the kiosk's ports see it: it beats with probe facts while it lives, can
 * crash, and a reload either cures it or (in a crash loop) crashes again.
 */
export class FakeWhatsApp implements WhatsAppSurface {
  readonly actions: string[] = [];
  /** Each action with when it was taken, by the fake clock. */
  readonly timeline: { action: string; at: number }[] = [];
  alive = true;
  crashLoop = false;
  socketState = 'CONNECTED';
  /** WhatsApp Web's build, as the page says (Debug.VERSION). */
  build = '2.3000.1030000000';
  /** The build moved the status icons: the one outgoing message shows an icon the pack does not know. */
  iconsMoved = false;
  /** Outgoing messages in the open chat (none: no chat open, nothing shows a status icon). */
  outgoingMessages = 1;
  /** Messages the agent sent that WhatsApp has not yet (the clock icon). */
  pendingMessages = 0;
  screen: ProbeFacts['screen'] = 'chats';
  qr: ProbeFacts['qr'] = { present: false, refreshes: 0, reloadButton: false };
  connectionBanner = false;
  online = true;
  /** How many times the core asked for a report at once (a suspicion). */
  probeRequests = 0;
  /** Every load ends in an HTTP 503 error page, whatever the network probes see. */
  loadFails = false;
  /** A reload of a hung page can take this long before it gives a new page. */
  reloadTakesMs = 0;
  /** Chats a `/send` link opens, by number (others get the invalid-number dialog), with their outgoing rows. */
  readonly chats = new Map<string, { id: string; text: string; status: 'pending' | 'settled' }[]>();
  /** The `/send` link open in the view, and the compose box. */
  link: { phone: string; withText: boolean } | null = null;
  draft = '';
  #clock: FakeClock | null = null;
  readonly #listeners: ((event: SurfaceEvent) => void)[] = [];
  #seq = 0;

  /** Starts the page's probe beat on the clock. */
  beat(clock: FakeClock, intervalMs: number): void {
    this.#clock = clock;
    const tick = () => {
      if (this.alive) this.emit({ type: 'probe', facts: this.facts() });
      clock.setTimeout(tick, intervalMs);
    };
    clock.setTimeout(tick, intervalMs);
  }

  facts(): ProbeFacts {
    return {
      v: 2,
      seq: this.#seq++,
      markersVersion: 'test',
      screen: this.screen,
      qr: { ...this.qr },
      socketState: this.socketState,
      streamState: this.socketState === 'CONNECTED' ? 'CONNECTED' : 'DISCONNECTED',
      connectionBanner: this.connectionBanner,
      messages: {
        pending: this.pendingMessages,
        oldestPendingMs: 0,
        outgoing: this.outgoingMessages,
        withKnownStatus: this.iconsMoved ? 0 : this.outgoingMessages,
        unknownStatusIcons: this.iconsMoved ? this.outgoingMessages : 0,
      },
      models: { pending: { count: this.pendingMessages, oldestPendingMs: 0 }, version: this.build },
      media: { failed: 0 },
      online: this.online,
    };
  }

  /** What the in-page probe does when the connection changes or the core asks: report at once. */
  report(): void {
    if (this.alive) this.emit({ type: 'probe', facts: this.facts() });
  }

  async requestProbe(): Promise<void> {
    this.probeRequests += 1;
    this.report();
  }

  /** The page stops running script: no more probe reports, no event. */
  hang(): void {
    this.alive = false;
  }

  crash(): void {
    this.alive = false;
    this.emit({ type: 'crashed', reason: 'crashed' });
  }

  emit(event: SurfaceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  onEvent(listener: (event: SurfaceEvent) => void): void {
    this.#listeners.push(listener);
  }

  async load(): Promise<void> {
    this.#record('load');
    this.#comeBack();
  }

  async reload(): Promise<void> {
    this.#record('reload');
    const clock = this.#clock;
    if (this.reloadTakesMs > 0 && clock) await new Promise<void>((resolve) => clock.setTimeout(resolve, this.reloadTakesMs));
    this.#comeBack();
  }

  async recreate(): Promise<void> {
    this.#record('recreate-view');
    this.#comeBack();
  }

  async unregisterServiceWorkers(): Promise<void> {
    this.#record('unregister-service-workers');
  }

  async clearHttpCache(): Promise<void> {
    this.#record('clear-http-cache');
  }

  /** What the page's heap measures, in MB. */
  memoryMb = 200;

  async memoryUsageMb(): Promise<number | null> {
    return this.memoryMb;
  }

  async flushStorage(): Promise<void> {
    this.#record('flush-storage');
  }

  async clearCaches(parts: readonly PurgePart[]): Promise<PurgePart[]> {
    this.#record(`clear-caches:${parts.join(',')}`);
    return [...parts];
  }

  async clearAllData(): Promise<void> {
    this.#record('clear-all-data');
  }

  async openChat(url: string): Promise<void> {
    const params = new URL(url).searchParams;
    this.link = { phone: params.get('phone') ?? '', withText: params.has('text') };
    this.draft = params.get('text') ?? '';
    this.#record(`open-chat ${this.link.phone}${this.link.withText ? ' with text' : ''}`);
  }

  /** Sends the draft as the page would: a row on the clock, settled when the test says. */
  async pressEnter(): Promise<void> {
    this.#record('press-enter');
    const rows = this.link && this.chats.get(this.link.phone);
    if (!rows || this.draft.trim() === '') return;
    rows.push({ id: `true_${this.link!.phone}@c.us_${rows.length}`, text: this.draft, status: 'pending' });
    this.draft = '';
  }

  async readOpenChat(): Promise<ChatReport> {
    const rows = this.link ? this.chats.get(this.link.phone) : undefined;
    return {
      link: this.link,
      chatOpen: rows !== undefined,
      composer: rows && this.draft.trim() !== '' ? textHash(this.draft) : null,
      invalidDialog: this.link !== null && rows === undefined,
      outgoing: (rows ?? []).map((row) => ({ id: row.id, hash: textHash(row.text), status: row.status })),
    };
  }

  #record(action: string): void {
    this.actions.push(action);
    this.timeline.push({ action, at: this.#clock?.now() ?? 0 });
  }

  #comeBack(): void {
    if (this.loadFails) {
      // An error page: no WhatsApp, so no probe.
      this.alive = false;
      this.emit({ type: 'load-failed', description: 'HTTP 503', httpStatus: 503 });
      return;
    }
    if (this.crashLoop) {
      this.crash();
      return;
    }
    this.alive = true;
    this.emit({ type: 'loaded' });
  }
}

/** Our page as the core sees it: every call is recorded in order. */
export class FakeUi implements KioskUi {
  readonly calls: ({ call: 'show'; view: ShownView } | { call: 'send'; status: KioskStatus } | { call: 'restore' })[] = [];
  answers = true;
  showFails = false;
  readonly #listeners: ((event: UiEvent) => void)[] = [];

  async show(view: ShownView): Promise<void> {
    this.calls.push({ call: 'show', view });
    if (this.showFails) throw new Error('Target page, context or browser has been closed');
  }

  send<E extends EventName>(event: E, payload: EventMap[E]): void {
    if (event === 'status') this.calls.push({ call: 'send', status: payload as KioskStatus });
  }

  async ping(): Promise<boolean> {
    return this.answers;
  }

  async restore(): Promise<void> {
    this.calls.push({ call: 'restore' });
    this.answers = true;
    this.showFails = false;
  }

  emit(event: UiEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  onEvent(listener: (event: UiEvent) => void): void {
    this.#listeners.push(listener);
  }

  get sent(): KioskStatus[] {
    return this.calls.flatMap((call) => (call.call === 'send' ? [call.status] : []));
  }
}

/** The network probes' answers: both addresses answer until the test says otherwise. */
export class FakeNetwork {
  whatsapp: HttpProbeResult = { ok: true, status: 200, latencyMs: 20, error: null };
  independent: HttpProbeResult = { ok: true, status: 200, latencyMs: 20, error: null };
  rounds = 0;
  /** The probe itself fails (a bug, not a network answer). */
  throws = false;

  probe = async (url: string): Promise<HttpProbeResult> => {
    if (this.throws) throw new Error('probe exploded');
    if (url.includes('independent')) return this.independent;
    this.rounds += 1;
    return this.whatsapp;
  };
}

/** The machine's signals, raised when the test says so. */
export class FakeSystem implements SystemSignals {
  online: boolean | null = null;
  readonly #wake: (() => void)[] = [];
  readonly #network: ((online: boolean | null) => void)[] = [];

  isOnline(): boolean | null {
    return this.online;
  }

  onWake(listener: () => void): void {
    this.#wake.push(listener);
  }

  onNetworkChange(listener: (online: boolean | null) => void): void {
    this.#network.push(listener);
  }

  wake(): void {
    for (const listener of this.#wake) listener();
  }

  setOnline(online: boolean | null): void {
    this.online = online;
    for (const listener of this.#network) listener(online);
  }
}

export interface FakeKiosk {
  kiosk: Kiosk;
  system: FakeSystem;
  dir: string;
  clock: FakeClock;
  page: FakeWhatsApp;
  ui: FakeUi;
  network: FakeNetwork;
  db: Db;
  lines: { level: number; msg: string }[];
  status(): KioskStatus;
}

/** The real core (Kiosk, monitor, supervisor, incidents in a real SQLite file) on fake ports and a fake clock. */
export async function startFakeKiosk(
  settings: PartialSettings = {},
  options: { clock?: FakeClock; dir?: string; versions?: { app: string; browser: string } } = {},
): Promise<FakeKiosk> {
  const clock = options.clock ?? new FakeClock();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-unit-'));
  const db = openDatabase(join(dir, 'kiosk.sqlite'));
  const { log, lines } = memoryLogger();
  const config = resolveConfig({
    // Maintenance is off unless a test turns it on: its catch-up would otherwise add purges to every story.
    settings: {
      ...settings,
      health: { independentProbeUrl: 'https://independent.test/', ...settings.health },
      maintenance: { enabled: false, ...settings.maintenance },
    },
  });
  const page = new FakeWhatsApp();
  const ui = new FakeUi();
  const network = new FakeNetwork();
  const system = new FakeSystem();
  const kiosk = new Kiosk({
    config,
    language: 'en',
    markers: loadMarkers(join(ROOT, 'resources', 'probe', 'markers.json')),
    db,
    writeGate: unsharedGate(),
    log,
    clock,
    surface: page,
    ui,
    system,
    backupsDir: join(dir, 'backups'),
    networkProbe: network.probe,
    maintenance: {
      dataDir: dir,
      logsDir: join(dir, 'logs'),
      versions: { app: '1.0.0', browser: '150.0.0.0', electron: null, ...options.versions },
    },
  });
  page.beat(clock, config.settings.health.probeIntervalMs);
  await kiosk.start();
  return { kiosk, system, dir, clock, page, ui, network, db, lines, status: () => kiosk.status };
}

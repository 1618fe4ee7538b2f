import type { Settings } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { Clock, SurfaceEvent, SystemSignals } from '../ports.ts';
import { classifyNetwork, describeNetworkRound, nextProbeDelay } from './classify-network.ts';
import { classifyProbe, initialProbeClassifierState, type SocketStates } from './classify-probe.ts';
import { classifySurfaceEvent } from './classify-surface.ts';
import { activeFaults, initialDetectorState, reportToDetector, tickDetector, type DetectorState, type Verdict } from './detector.ts';
import type { FaultCode } from './faults.ts';
import { probeUrl, type HttpProbeResult } from './http-probe.ts';
import { probeFactsSchema, type ProbeFacts } from './probe-facts.ts';
import type { SourceReport } from './signals.ts';
import { idleBurst, nextRound, roundCameBackClean, startBurst, type BurstState } from './suspicion.ts';
import { guarded, Timers } from '../runtime/guarded.ts';

export interface HealthMonitorDeps {
  settings: Settings;
  socketStates: SocketStates;
  clock: Clock;
  log: Logger;
  system: SystemSignals;
  memoryUsageMb(): Promise<number | null>;
  /** Remembered across restarts: this profile was logged in to WhatsApp once. */
  loginMemory: { get(): boolean; set(): void };
  probe?: (url: string, timeoutMs: number) => Promise<HttpProbeResult>;
  /** Asks the in-page probe for a report now (WhatsAppSurface.requestProbe). */
  requestProbe?: () => Promise<void>;
}

export interface HealthListener {
  verdict(verdict: Verdict, previous: Verdict): void | Promise<void>;
  facts(facts: ProbeFacts): void;
}

/**
 * The effects around the detector: collects every signal source (in-page probe, shell events,
 * probe watchdog, network probes, memory), classifies each with its pure classifier and keeps
 * one verdict. It never acts on WhatsApp itself; the kiosk decides what to do with verdicts.
 */
export class HealthMonitor {
  readonly #deps: HealthMonitorDeps;
  readonly #listener: HealthListener;
  #detector: DetectorState;
  #probeState = initialProbeClassifierState;
  #surfaceFaults: FaultCode[] = [];
  #lastProbeAt: number;
  #networkFailures = 0;
  #networkFaults: FaultCode[] | null = null;
  #lastFacts: ProbeFacts | null = null;
  #burst: BurstState = idleBurst;
  /** Which burst a scheduled round belongs to: a burst that ended leaves no round behind. */
  #burstId = 0;
  readonly #timers: Timers;
  #stopped = false;

  constructor(deps: HealthMonitorDeps, listener: HealthListener) {
    this.#deps = deps;
    this.#listener = listener;
    this.#timers = new Timers(deps.clock, deps.log);
    this.#detector = initialDetectorState(deps.clock.now());
    this.#lastProbeAt = deps.clock.now();
  }

  get verdict(): Verdict {
    return this.#detector.verdict;
  }

  /** Faults some source sees right now. */
  get activeFaults(): FaultCode[] {
    return activeFaults(this.#detector);
  }

  /** The last round of network probes reached both WhatsApp and the independent address. */
  get networkLooksFine(): boolean {
    return this.#networkFaults !== null && this.#networkFaults.length === 0;
  }

  start(): void {
    this.#deps.system.onWake(() => {
      this.#lastProbeAt = this.#deps.clock.now();
      this.suspect('system woke up');
    });
    this.#timers.every(1_000, 'health tick', () => this.#tick());
    this.#timers.every(Math.max(5_000, this.#deps.settings.health.probeIntervalMs * 5), 'memory check', () => this.#checkMemory());
    this.#scheduleNetwork(0);
  }

  stop(): void {
    this.#stopped = true;
    this.#timers.stop();
  }

  /**
   * Something suggests trouble (an event, not a measurement): confirm it now with a burst of
   * network rounds and a probe report, instead of waiting for the next background round. The
   * burst's own reports go through the detector's usual confirmation; a suspicion alone changes
   * no verdict.
   */
  suspect(reason: string): void {
    if (this.#stopped) return;
    const before = this.#burst;
    this.#burst = startBurst(before, this.#deps.clock.now(), this.#deps.settings.health, this.#detector.wentDown);
    if (this.#burst === before) return;
    this.#deps.log.info({ reason }, 'suspicion: confirming at once');
    const { requestProbe } = this.#deps;
    if (requestProbe) guarded(this.#deps.log, 'probe report on request', requestProbe);
    this.#burstRound(++this.#burstId);
  }

  onSurfaceEvent(event: SurfaceEvent): void {
    if (event.type === 'probe') {
      this.#onProbe(event.facts);
      return;
    }
    this.#surfaceFaults = classifySurfaceEvent(this.#surfaceFaults, event);
    if (event.type === 'crashed') this.#deps.log.warn({ reason: event.reason }, 'WhatsApp view crashed');
    if (event.type === 'load-failed') this.#deps.log.warn({ description: event.description }, 'WhatsApp failed to load');
    if (event.type === 'loaded' || event.type === 'crashed') this.#lastProbeAt = this.#deps.clock.now();
    this.#report({ source: 'surface', at: this.#deps.clock.now(), faults: this.#surfaceFaults });
    if (event.type === 'crashed' || event.type === 'load-failed' || event.type === 'unresponsive') this.suspect(`WhatsApp ${event.type}`);
  }

  #onProbe(raw: unknown): void {
    const parsed = probeFactsSchema.safeParse(raw);
    if (!parsed.success) {
      this.#deps.log.warn('probe sent a malformed report; ignored');
      return;
    }
    const facts = parsed.data;
    const now = this.#deps.clock.now();
    this.#lastProbeAt = now;
    if (facts.screen === 'chats' && !this.#deps.loginMemory.get()) this.#deps.loginMemory.set();
    const result = classifyProbe(
      this.#probeState,
      facts,
      now,
      this.#deps.settings.health,
      { wasLoggedIn: this.#deps.loginMemory.get() },
      this.#deps.socketStates,
    );
    this.#probeState = result.state;
    guarded(this.#deps.log, 'probe facts handler', () => this.#listener.facts(facts));
    this.#report({ source: 'probe', at: now, faults: result.faults });
    // A beat from the page proves it is alive again.
    this.#report({ source: 'watchdog', at: now, faults: [] });
    const changed = connectionChange(this.#lastFacts, facts, this.#deps.socketStates.connected);
    this.#lastFacts = facts;
    if (changed) this.suspect(changed);
  }

  /** One round of a burst, the next one scheduled first; a clean round (any round) ends the burst. */
  #burstRound(id: number): void {
    if (id !== this.#burstId) return;
    const { health } = this.#deps.settings;
    const { state, fire, waitMs } = nextRound(this.#burst, this.#deps.clock.now(), health);
    this.#burst = state;
    const again = fire ? (state.left > 0 ? health.suspicionProbeGapMs : null) : waitMs > 0 ? waitMs : null;
    if (again !== null) this.#timers.after(again, 'suspicion burst', () => this.#burstRound(id));
    if (fire) guarded(this.#deps.log, 'suspicion burst round', () => this.#networkRound());
  }

  #tick(): void {
    const now = this.#deps.clock.now();
    const silentFor = now - this.#lastProbeAt;
    // A crashed page is silent too; the crash is the better explanation and is reported already.
    if (silentFor > this.#deps.settings.health.probeSilenceMs && !this.#surfaceFaults.includes('RENDERER_CRASHED')) {
      this.#report({ source: 'watchdog', at: now, faults: ['UNRESPONSIVE'], detail: `probe silent for ${silentFor} ms` });
    }
    this.#apply(tickDetector(this.#detector, now, this.#deps.settings.health));
  }

  async #checkMemory(): Promise<void> {
    const usedMb = await this.#deps.memoryUsageMb();
    if (usedMb === null || this.#stopped) return;
    const faults: FaultCode[] = usedMb > this.#deps.settings.health.memoryLimitMb ? ['MEMORY_PRESSURE'] : [];
    this.#report({ source: 'memory', at: this.#deps.clock.now(), faults, detail: `${Math.round(usedMb)} MB` });
  }

  #scheduleNetwork(delayMs: number): void {
    this.#timers.after(delayMs, 'network probes', async () => {
      try {
        await this.#networkRound();
      } finally {
        // The next round comes whatever happened to this one.
        const { networkProbeIntervalMs } = this.#deps.settings.health;
        this.#scheduleNetwork(nextProbeDelay(this.#networkFailures, networkProbeIntervalMs, networkProbeIntervalMs * 8, Math.random));
      }
    });
  }

  /** One round of both network probes, reported to the detector; a clean one ends a running burst. */
  async #networkRound(): Promise<void> {
    const { general, health } = this.#deps.settings;
    const probe = this.#deps.probe ?? ((url: string, timeoutMs: number) => probeUrl(url, timeoutMs));
    const [whatsapp, independent] = await Promise.all([
      probe(general.whatsappUrl, health.networkProbeTimeoutMs),
      probe(health.independentProbeUrl, health.networkProbeTimeoutMs),
    ]);
    if (this.#stopped) return;
    const round = { osOnline: this.#deps.system.isOnline(), whatsapp, independent };
    const faults = classifyNetwork(round, health.slowResponseMs);
    const detail = describeNetworkRound(round);
    // What answered (a portal's redirect, a proxy's 407) is what IT needs to see, once per change.
    if (faults.join() !== (this.#networkFaults ?? []).join()) this.#deps.log.warn({ faults, detail }, 'network probes changed their view');
    this.#networkFailures = faults.length > 0 ? this.#networkFailures + 1 : 0;
    this.#networkFaults = faults;
    this.#report({ source: 'network', at: this.#deps.clock.now(), faults, detail });
    if (faults.length === 0) this.#burst = roundCameBackClean(this.#burst);
  }

  #report(report: SourceReport): void {
    this.#apply(reportToDetector(this.#detector, report, this.#deps.settings.health));
  }

  #apply(next: DetectorState): void {
    const previous = this.#detector.verdict;
    this.#detector = next;
    if (next.verdict !== previous) guarded(this.#deps.log, 'verdict handler', () => this.#listener.verdict(next.verdict, previous));
  }
}

/**
 * What in a probe report is worth a suspicion: the socket leaving a connected state or coming
 * back to one (both are moments to look again), the connection banner, the page's online state.
 * WhatsApp's QR loop reconnecting on the pairing screen changes none of them (never connected).
 */
export function connectionChange(previous: ProbeFacts | null, facts: ProbeFacts, connected: readonly string[]): string | null {
  if (previous === null) return null;
  // An unreadable state (a page loading, a reader that fell behind WhatsApp) says nothing either way.
  const before = previous.socketState;
  const now = facts.socketState;
  if (before !== null && now !== null && connected.includes(before) !== connected.includes(now)) return `socket ${before} -> ${now}`;
  if (previous.connectionBanner !== facts.connectionBanner)
    return facts.connectionBanner ? 'connection banner shown' : 'connection banner gone';
  if (previous.online !== facts.online) return facts.online ? 'page online' : 'page offline';
  return null;
}

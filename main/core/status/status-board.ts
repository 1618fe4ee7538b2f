import type { Verdict } from '../health/detector.ts';
import type { ProbeFacts } from '../health/probe-facts.ts';
import type { KioskStatus, UiLanguage } from '../ipc/contract.ts';

/** The status before anything was seen: WhatsApp loading, healthy until a source says otherwise. */
export function initialStatus(at: number, seat: { seatId: string; language: UiLanguage; problems: readonly string[] }): KioskStatus {
  return {
    mode: 'whatsapp',
    modeReason: 'startup',
    forced: false,
    health: { level: 'healthy', fault: null, since: at },
    whatsapp: { screen: 'loading', socketState: null, lastHeartbeat: null },
    lastHealing: null,
    guidance: null,
    language: seat.language,
    configErrors: [...seat.problems],
    seatId: seat.seatId,
  };
}

/**
 * The kiosk's status as our pages and the status endpoint see it. Parts of the kiosk change it;
 * whoever made a decision publishes once, so a page never sees half of one.
 */
export class StatusBoard {
  #current: KioskStatus;
  #published: KioskStatus | null = null;
  readonly #send: (status: KioskStatus) => void;

  constructor(initial: KioskStatus, send: (status: KioskStatus) => void) {
    this.#current = initial;
    this.#send = send;
  }

  get current(): KioskStatus {
    return this.#current;
  }

  set(patch: Partial<KioskStatus>): void {
    this.#current = { ...this.#current, ...patch };
  }

  setHealth(verdict: Verdict): void {
    this.set({ health: { level: verdict.level, fault: verdict.fault, since: verdict.since } });
  }

  /** A probe report: the heartbeat always, a publish only when what WhatsApp shows changed. */
  probeReported(facts: ProbeFacts, at: number): void {
    const seen = this.#current.whatsapp;
    this.set({ whatsapp: { screen: facts.screen, socketState: facts.socketState, lastHeartbeat: at } });
    if (facts.screen !== seen.screen || facts.socketState !== seen.socketState) this.publish();
  }

  /** A problem IT must fix (settings, policy, a port that was taken), shown in the status bar. */
  addProblem(message: string): void {
    this.set({ configErrors: [...this.#current.configErrors, message] });
  }

  /** Sends the status if it changed since it was last sent; `force` after our page was reloaded. */
  publish(force = false): void {
    if (!force && this.#current === this.#published) return;
    this.#published = this.#current;
    this.#send(this.#current);
  }
}

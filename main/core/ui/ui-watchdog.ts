import type { Logger } from '../log/logger.ts';
import type { KioskUi, UiEvent } from '../ports.ts';
import type { Timers } from '../runtime/guarded.ts';

export interface UiWatchdogDeps {
  ui: KioskUi;
  timers: Timers;
  log: Logger;
  /** How often our page is asked to answer. */
  intervalMs: number;
  /** Called once our page is back, to show it the current state. */
  restored(): Promise<void>;
}

/** Unanswered pings in a row that make our page count as hung (one can be a busy moment). */
const MISSES_TO_RESTORE = 2;

/**
 * Watches our own page (status bar, failover pane) as the monitor watches WhatsApp's: a crash,
 * a closed tab or a page that stops answering is logged and the page is loaded again, so the
 * agent never loses the failover pane when it is needed.
 */
export class UiWatchdog {
  readonly #deps: UiWatchdogDeps;
  #misses = 0;
  #restoring = false;

  constructor(deps: UiWatchdogDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#deps.ui.onEvent((event) => this.#onEvent(event));
    this.#deps.timers.every(this.#deps.intervalMs, 'pinging our page', () => this.#ping());
  }

  #onEvent(event: UiEvent): void {
    // Electron says when a page stops answering; the pings decide whether it came back.
    if (event.type === 'unresponsive') return;
    this.#deps.log.error({ event: event.type, ...(event.type === 'crashed' ? { reason: event.reason } : {}) }, 'our page is gone');
    this.#deps.timers.after(0, 'restoring our page', () => this.#restore());
  }

  async #ping(): Promise<void> {
    if (this.#restoring) return;
    const answered = await this.#deps.ui.ping(Math.max(1_000, this.#deps.intervalMs / 2));
    this.#misses = answered ? 0 : this.#misses + 1;
    if (this.#misses >= MISSES_TO_RESTORE) {
      this.#deps.log.error({ misses: this.#misses }, 'our page stopped answering');
      await this.#restore();
    }
  }

  async #restore(): Promise<void> {
    if (this.#restoring) return;
    this.#restoring = true;
    try {
      await this.#deps.ui.restore();
      this.#misses = 0;
      this.#deps.log.warn('our page was loaded again');
      await this.#deps.restored();
    } finally {
      this.#restoring = false;
    }
  }
}

import type { Logger } from '../log/logger.ts';
import type { Clock } from '../ports.ts';
import { Timers } from '../runtime/guarded.ts';
import { installDecision, type SeatNow, type UpdateSettings } from './decide.ts';

export interface InstallGateDeps {
  clock: Clock;
  log: Logger;
  settings: Pick<UpdateSettings, 'workingHours' | 'workingDays'>;
  /** The seat as it is now: the kiosk's mode and the OS's idle time. */
  seat(): Omit<SeatNow, 'now'>;
  /** Restarts into the downloaded update (electron-updater's quitAndInstall). */
  install(): void;
}

/** How often a downloaded update asks whether it may install now. */
export const INSTALL_CHECK_MS = 60_000;

/**
 * Holds a downloaded update until installDecision lets it restart the kiosk; until then it
 * waits for quit (electron-updater installs at quit by itself).
 */
export class InstallGate {
  readonly #deps: InstallGateDeps;
  readonly #timers: Timers;
  #version: string | null = null;
  #lastReason: string | null = null;

  constructor(deps: InstallGateDeps) {
    this.#deps = deps;
    this.#timers = new Timers(deps.clock, deps.log);
  }

  /** An update finished downloading: from now on, look for a moment to install it. */
  downloaded(version: string): void {
    const waiting = this.#version !== null;
    this.#version = version;
    this.#deps.log.info({ version }, 'update downloaded; it installs outside working hours when the seat is quiet, or at quit');
    if (!waiting) this.#timers.after(INSTALL_CHECK_MS, 'update install window', () => this.#check());
  }

  stop(): void {
    this.#timers.stop();
  }

  #check(): void {
    const decision = installDecision({ ...this.#deps.seat(), now: this.#deps.clock.now() }, this.#deps.settings);
    if (decision.install) {
      this.#deps.log.info({ version: this.#version }, 'installing the update now');
      this.#deps.install();
      return;
    }
    if (decision.reason !== this.#lastReason) this.#deps.log.info({ version: this.#version, reason: decision.reason }, 'update waits');
    this.#lastReason = decision.reason;
    this.#timers.after(INSTALL_CHECK_MS, 'update install window', () => this.#check());
  }
}

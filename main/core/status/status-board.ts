import type { KioskStatus } from '../ipc/contract.ts';

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

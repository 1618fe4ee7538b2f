/**
 * Something that can say the agent is in the middle of work (typing, an unsent draft, queued
 * messages being replayed, a call): maintenance that would interrupt waits while any says so.
 */
export interface BusySource {
  name: string;
  busy(now: number): boolean;
}

/** The names of the sources that are busy now; empty means idle. */
export function busyNow(sources: readonly BusySource[], now: number): string[] {
  return sources.filter((source) => source.busy(now)).map((source) => source.name);
}

/** Activity that happened at moments (keystrokes, a typing ping): busy until `idleAfterMs` after the last one. */
export class RecentActivity implements BusySource {
  readonly name: string;
  readonly #idleAfterMs: number;
  #last: number | null = null;

  constructor(name: string, idleAfterMs: number) {
    this.name = name;
    this.#idleAfterMs = idleAfterMs;
  }

  mark(at: number): void {
    this.#last = at;
  }

  busy(now: number): boolean {
    return this.#last !== null && now - this.#last < this.#idleAfterMs;
  }
}

/** A state that is on or off (messages waiting to be sent, a call in progress). */
export class BusyFlag implements BusySource {
  readonly name: string;
  #on = false;

  constructor(name: string) {
    this.name = name;
  }

  set(on: boolean): void {
    this.#on = on;
  }

  busy(): boolean {
    return this.#on;
  }
}

import type { Logger } from '../log/logger.ts';
import type { Clock } from '../ports.ts';

/**
 * Runs a callback whose failure must never end what called it (a timer, an event handler): a
 * throw or a rejected promise is logged and swallowed, so the kiosk keeps watching.
 */
export function guarded(log: Logger, what: string, fn: () => unknown): void {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch((error: unknown) => logFailure(log, what, error));
  } catch (error) {
    logFailure(log, what, error);
  }
}

/** Awaits a promise whose failure is logged, not thrown: for effects that must not stop a decision. */
export async function settled(log: Logger, what: string, promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    logFailure(log, what, error);
  }
}

/** Whether a promise fulfils within `ms`: false when it rejects or is still pending then (a hung page). */
export async function fulfilsWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function logFailure(log: Logger, what: string, error: unknown): void {
  log.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, `${what} failed`);
}

/**
 * The timers of one part of the kiosk. A beat is scheduled before its callback runs, so a
 * callback that throws, rejects or hangs never stops the next beat; stop() cancels them all.
 */
export class Timers {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #pending = new Set<{ cancel(): void }>();
  #stopped = false;

  constructor(clock: Clock, log: Logger) {
    this.#clock = clock;
    this.#log = log;
  }

  /** Calls `fn` every `ms`; an async `fn` still running when the next beat comes is not started twice. */
  every(ms: number, what: string, fn: () => unknown): void {
    let running = false;
    const beat = () => {
      this.after(ms, what, beat);
      if (running) return;
      running = true;
      try {
        const result = fn();
        if (result instanceof Promise) {
          result
            .catch((error: unknown) => logFailure(this.#log, what, error))
            .finally(() => {
              running = false;
            });
          return;
        }
      } catch (error) {
        logFailure(this.#log, what, error);
      }
      running = false;
    };
    this.after(ms, what, beat);
  }

  after(ms: number, what: string, fn: () => unknown): void {
    if (this.#stopped) return;
    const timer = this.#clock.setTimeout(() => {
      this.#pending.delete(timer);
      if (!this.#stopped) guarded(this.#log, what, fn);
    }, ms);
    this.#pending.add(timer);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#pending) timer.cancel();
    this.#pending.clear();
  }
}

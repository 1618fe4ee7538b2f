/**
 * The one door every writer of the workstation's database goes through, so that an operation
 * that needs the database to itself (a restore, a merge in steps, a backup) can hold it: writes
 * that arrive meanwhile wait and run afterwards, in the order they came, none lost.
 */
export class WriteGate {
  readonly #onQueuedError: (error: Error) => void;
  /** Holds asked for and not yet over: from the moment one is asked for, writes wait. */
  #holds = 0;
  #queued: (() => void)[] = [];
  /** Holds run one after another: each waits for the one before to finish. */
  #last: Promise<unknown> = Promise.resolve();

  /** `onQueuedError`: a write that waited and then failed has no caller left to tell; it is reported here. */
  constructor(onQueuedError: (error: Error) => void) {
    this.#onQueuedError = onQueuedError;
  }

  /** Writes now, or once the holds end. A write that runs now throws to its caller as usual. */
  run(write: () => void): void {
    if (this.#holds > 0) this.#queued.push(write);
    else write();
  }

  /**
   * Runs `during` with every other writer held back from this call on (after any hold already
   * under way), then the writes that waited, in order. `during` itself uses the database directly,
   * and must not ask for a hold of its own: that one would wait for `during` to end.
   */
  async hold<T>(during: () => Promise<T>): Promise<T> {
    this.#holds++;
    const turn = this.#last.then(during).finally(() => {
      this.#holds--;
      if (this.#holds === 0) this.#flush();
    });
    // The next hold waits for this one whatever its outcome; the outcome itself goes to our caller.
    this.#last = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  #flush(): void {
    const queued = this.#queued;
    this.#queued = [];
    for (const write of queued) {
      try {
        write();
      } catch (error) {
        this.#onQueuedError(error as Error);
      }
    }
  }
}

/** A gate of one store's own, which nothing else holds: its writes go straight through. */
export function unsharedGate(): WriteGate {
  return new WriteGate(() => undefined);
}

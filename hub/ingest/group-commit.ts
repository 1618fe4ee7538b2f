/**
 * Group commit: the changes that arrive while the database is busy with a batch go to it together,
 * as the next batch (one statement for N seats instead of a few round trips each); each caller's
 * promise settles when its batch has committed, so a change is still durable before it is answered.
 * At most one batch is written at a time per hub, so batches need no ordering among themselves.
 */

export interface Keyed {
  /** Entries with the same key (one seat) never share a batch. */
  readonly key: string;
}

/**
 * The next batch: at most `max` entries, oldest first, at most one per key. A later entry for a key
 * already taken waits for the next batch, so one seat's requests are written in the order they came
 * (a seat's second request is judged against its first, exactly as if they had come one by one).
 */
export function takeBatch<T extends Keyed>(queue: readonly T[], max: number): { batch: T[]; rest: T[] } {
  const batch: T[] = [];
  const rest: T[] = [];
  const keys = new Set<string>();
  for (const entry of queue) {
    if (batch.length < max && !keys.has(entry.key)) {
      keys.add(entry.key);
      batch.push(entry);
    } else rest.push(entry);
  }
  return { batch, rest };
}

interface Waiting<I, O> {
  key: string;
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I extends Keyed, O> {
  readonly #write: (items: I[]) => Promise<O[]>;
  readonly #max: number;
  #queue: Waiting<I, O>[] = [];
  #running = false;

  /** `write` gets a batch and returns one outcome per item, in order; if it throws, every caller of that batch gets the error. */
  constructor(write: (items: I[]) => Promise<O[]>, max = 500) {
    this.#write = write;
    this.#max = max;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ key: item.key, item, resolve, reject });
      if (this.#running) return;
      this.#running = true;
      // The requests read in this turn of the event loop join the first batch.
      setImmediate(() => {
        this.#drain().catch((error: unknown) => this.#failAll(error));
      });
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const { batch, rest } = takeBatch(this.#queue, this.#max);
      this.#queue = rest;
      try {
        const outcomes = await this.#write(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(outcomes[i]!));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.#running = false;
  }

  #failAll(error: unknown): void {
    const queue = this.#queue;
    this.#queue = [];
    this.#running = false;
    for (const entry of queue) entry.reject(error);
  }
}

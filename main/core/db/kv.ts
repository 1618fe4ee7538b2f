import type { Db } from './database.ts';
import type { WriteGate } from './write-gate.ts';

/** Small durable facts the product must remember across restarts. */
export class KeyValueStore {
  readonly #db: Db;
  readonly #gate: WriteGate;

  /** Writes go through the gate all writers share (a restore holds them); without one, at once. */
  constructor(db: Db, gate: WriteGate) {
    this.#db = db;
    this.#gate = gate;
  }

  get(key: string): string | null {
    const row = this.#db.prepare('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string, at: number): void {
    this.#gate.run(() => {
      this.#db
        .prepare(
          'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        )
        .run(key, value, at);
    });
  }
}

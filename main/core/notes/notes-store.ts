import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import { durably } from '../offline-queue/durable-write.ts';

/** Notes outside any incident (the agent opened the pane with WhatsApp healthy) are kept under this id. */
export const NO_INCIDENT = 0;

/** Notes this recent come back in the box after a restart, whichever incident they were written in. */
export const NOTES_CARRY_OVER_MS = 12 * 60 * 60_000;

export interface Note {
  incidentId: number;
  /** '' for the incident's general notes, else the customer's number (digits) or contact key. */
  customer: string;
  text: string;
  updatedAt: number;
}

/**
 * The agent's notes, per incident and customer, saved as typed (the pane debounces): on disk with
 * synchronous=FULL through the shared write gate, so a crash or a restart loses at most the last
 * keystrokes of the debounce.
 */
export class NotesStore {
  readonly #db: Db;
  readonly #gate: WriteGate;

  constructor(db: Db, gate: WriteGate) {
    this.#db = db;
    this.#gate = gate;
  }

  save(incidentId: number, customer: string, text: string, now: number): Promise<Note> {
    return durably(this.#gate, () => {
      this.#db
        .prepare(
          `INSERT INTO notes (incident_id, customer, text, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (incident_id, customer) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
        )
        .run(incidentId, customer, text, now);
      return { incidentId, customer, text, updatedAt: now };
    });
  }

  get(incidentId: number, customer: string): Note | null {
    const row = this.#db.prepare('SELECT * FROM notes WHERE incident_id = ? AND customer = ?').get(incidentId, customer) as
      { incident_id: number; customer: string; text: string; updated_at: number } | undefined;
    return row ? { incidentId: row.incident_id, customer: row.customer, text: row.text, updatedAt: row.updated_at } : null;
  }

  /**
   * The newest note with text written since `since`: after a restart the kiosk closes the incident
   * it was in and the next one is new, but the agent's notes must be back in the box.
   */
  latest(customer: string, since: number): Note | null {
    const row = this.#db
      .prepare(`SELECT * FROM notes WHERE customer = ? AND text != '' AND updated_at >= ? ORDER BY updated_at DESC LIMIT 1`)
      .get(customer, since) as { incident_id: number; customer: string; text: string; updated_at: number } | undefined;
    return row ? { incidentId: row.incident_id, customer: row.customer, text: row.text, updatedAt: row.updated_at } : null;
  }

  /** Every note of an incident, general first, with text. */
  ofIncident(incidentId: number): Note[] {
    const rows = this.#db
      .prepare(`SELECT * FROM notes WHERE incident_id = ? AND text != '' ORDER BY customer != '', updated_at`)
      .all(incidentId) as { incident_id: number; customer: string; text: string; updated_at: number }[];
    return rows.map((row) => ({ incidentId: row.incident_id, customer: row.customer, text: row.text, updatedAt: row.updated_at }));
  }
}

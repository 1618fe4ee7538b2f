import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import { durably } from './durable-write.ts';
import type { QueueState, ReplayMessage } from './replay.ts';

/** A queued reply as the pane lists it. */
export interface QueuedReply extends ReplayMessage {
  incidentId: number | null;
  contactId: number | null;
  customerName: string | null;
  createdAt: number;
  updatedAt: number;
  /** WhatsApp's id of the row that confirmed it. */
  whatsappId: string | null;
}

export interface NewReply {
  phone: string;
  text: string;
  incidentId: number | null;
  contactId: number | null;
  customerName: string | null;
}

interface Row {
  id: number;
  incident_id: number | null;
  contact_id: number | null;
  customer_name: string | null;
  phone: string;
  text: string;
  state: QueueState;
  seen_before: string;
  whatsapp_id: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (row: Row): QueuedReply => ({
  id: row.id,
  incidentId: row.incident_id,
  contactId: row.contact_id,
  customerName: row.customer_name,
  phone: row.phone,
  text: row.text,
  state: row.state,
  seenBefore: JSON.parse(row.seen_before) as string[],
  whatsappId: row.whatsapp_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * The offline WhatsApp queue in the workstation's database (synchronous=FULL). Every write goes
 * through the shared write gate and its promise settles only once the row is on disk: "queued" is
 * shown after that, never before (a write held back by a restore is not yet queued).
 */
export class QueueStore {
  readonly #db: Db;
  readonly #gate: WriteGate;

  constructor(db: Db, gate: WriteGate) {
    this.#db = db;
    this.#gate = gate;
  }

  add(reply: NewReply, now: number): Promise<QueuedReply> {
    return durably(this.#gate, () => {
      const { lastInsertRowid } = this.#db
        .prepare(
          `INSERT INTO whatsapp_queue (incident_id, contact_id, customer_name, phone, text, state, seen_before, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 'queued', '[]', ?, ?)`,
        )
        .run(reply.incidentId, reply.contactId, reply.customerName, reply.phone, reply.text, now, now);
      return this.get(Number(lastInsertRowid))!;
    });
  }

  /** Opens the send window: from here on, the message is checked against the chat before any draft. */
  beginSending(id: number, seenBefore: readonly string[], now: number): Promise<void> {
    return this.#transition(id, ['queued'], 'sending', now, { seen_before: JSON.stringify(seenBefore) });
  }

  markSent(id: number, whatsappId: string, now: number): Promise<void> {
    return this.#transition(id, ['sending'], 'sent', now, { whatsapp_id: whatsappId });
  }

  markInvalid(id: number, now: number): Promise<void> {
    return this.#transition(id, ['queued', 'sending'], 'invalid', now, {});
  }

  /** Only a message not yet in its send window can be cancelled: one in it may already be sent. */
  cancel(id: number, now: number): Promise<void> {
    return this.#transition(id, ['queued'], 'cancelled', now, {});
  }

  get(id: number): QueuedReply | null {
    const row = this.#db.prepare('SELECT * FROM whatsapp_queue WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The oldest message still to replay: replay goes in the order the agent wrote them. */
  head(): QueuedReply | null {
    const row = this.#db.prepare(`SELECT * FROM whatsapp_queue WHERE state IN ('queued', 'sending') ORDER BY id LIMIT 1`).get() as
      Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** How many replies still wait for WhatsApp, and since when the oldest: what the hub is told. */
  backlog(): { depth: number; oldestAt: number | null } {
    const row = this.#db
      .prepare(`SELECT COUNT(*) AS depth, MIN(created_at) AS oldestAt FROM whatsapp_queue WHERE state IN ('queued', 'sending')`)
      .get() as { depth: number; oldestAt: number | null };
    return row;
  }

  /** Open messages first (oldest first), then the newest settled ones. */
  list(limit: number): QueuedReply[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM whatsapp_queue
         ORDER BY CASE WHEN state IN ('queued', 'sending') THEN 0 ELSE 1 END,
                  CASE WHEN state IN ('queued', 'sending') THEN id ELSE -id END
         LIMIT ?`,
      )
      .all(limit) as Row[];
    return rows.map(fromRow);
  }

  #transition(id: number, from: readonly QueueState[], to: QueueState, now: number, set: Record<string, string>): Promise<void> {
    return durably(this.#gate, () => {
      const columns = Object.keys(set).map((column) => `, ${column} = @${column}`);
      const placeholders = from.map((_, i) => `@from${i}`).join(', ');
      const { changes } = this.#db
        .prepare(
          `UPDATE whatsapp_queue SET state = @to, updated_at = @now${columns.join('')} WHERE id = @id AND state IN (${placeholders})`,
        )
        .run({ id, to, now, ...set, ...Object.fromEntries(from.map((state, i) => [`from${i}`, state])) });
      if (changes === 0) throw new Error(`queued message ${id} is not ${from.join(' or ')}`);
    });
  }
}

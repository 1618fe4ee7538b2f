import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import type { AfterAttempt } from './retry.ts';

export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface NewOutboxMessage {
  /** `email`, or the name of an HTTP channel. */
  channel: string;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  messageId: string;
  contactId: number | null;
  incidentId: number | null;
  template: string | null;
}

export interface OutboxMessage extends NewOutboxMessage {
  id: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

interface Row {
  id: number;
  channel: string;
  recipient: string;
  subject: string | null;
  text: string;
  html: string | null;
  message_id: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  contact_id: number | null;
  incident_id: number | null;
  template: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

/**
 * The outbox's messages in the workstation's database (WAL, synchronous=FULL). A message is
 * written, and the write awaited, before anyone is told it is queued; every write goes through
 * the write gate all writers share, and is awaited.
 */
export class OutboxStore {
  readonly #db: Db;
  readonly #gate: WriteGate;

  constructor(db: Db, gate: WriteGate) {
    this.#db = db;
    this.#gate = gate;
  }

  /**
   * Writes the messages in one transaction and resolves once they are on disk. It takes a hold
   * of the gate rather than a plain write: during a restore a plain write would only be queued,
   * and "queued" must mean written. `alongside` runs in the same transaction (customer notices).
   */
  async add(messages: NewOutboxMessage[], at: number, alongside?: (ids: number[]) => void): Promise<number[]> {
    return this.#gate.hold(async () =>
      this.#db.transaction(() => {
        const insert = this.#db.prepare(
          `INSERT INTO outbox_messages (channel, recipient, subject, text, html, message_id, state, next_attempt_at, contact_id, incident_id, template, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
        );
        const ids = messages.map((m) =>
          Number(
            insert.run(m.channel, m.recipient, m.subject, m.text, m.html, m.messageId, at, m.contactId, m.incidentId, m.template, at, at)
              .lastInsertRowid,
          ),
        );
        alongside?.(ids);
        return ids;
      })(),
    );
  }

  get(id: number): OutboxMessage | null {
    const row = this.#db.prepare('SELECT * FROM outbox_messages WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The oldest message whose turn has come (queued, or found `sending` after a crash), other than those `tried` in this pass. */
  nextDue(now: number, tried: readonly number[] = []): OutboxMessage | null {
    const row = this.#db
      .prepare(
        `SELECT * FROM outbox_messages WHERE state IN ('queued', 'sending') AND next_attempt_at <= ?
         AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_attempt_at, id LIMIT 1`,
      )
      .get(now, JSON.stringify(tried)) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** When the next message falls due, if any. */
  nextDueAt(): number | null {
    const row = this.#db.prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox_messages WHERE state IN ('queued', 'sending')`).get() as {
      at: number | null;
    };
    return row.at;
  }

  /** Newest first. */
  list(limit: number): OutboxMessage[] {
    return (this.#db.prepare('SELECT * FROM outbox_messages ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  /** Counts by state, for the pane's summary and the benchmarks. */
  countByState(): Record<OutboxState, number> {
    const counts = Object.fromEntries(OUTBOX_STATES.map((state) => [state, 0])) as Record<OutboxState, number>;
    for (const row of this.#db.prepare('SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state').all() as {
      state: OutboxState;
      n: number;
    }[]) {
      counts[row.state] = row.n;
    }
    return counts;
  }

  /**
   * Opens the send window, once it is on disk: a crash from here on may or may not have delivered
   * the message. False when the row is no longer waiting (cancelled, or gone with a restore).
   * State changes take a hold of the gate like `add`: during a restore or a stepped import they
   * wait, so nothing is sent while the row's state cannot be written.
   */
  async markSending(id: number, at: number): Promise<boolean> {
    return this.#gate.hold(
      async () =>
        this.#db
          .prepare(
            `UPDATE outbox_messages SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state IN ('queued', 'sending')`,
          )
          .run(at, id).changes > 0,
    );
  }

  async settle(id: number, result: AfterAttempt, at: number): Promise<void> {
    await this.#gate.hold(async () => {
      const update = this.#db.prepare(
        `UPDATE outbox_messages SET state = ?, next_attempt_at = ?, last_error = ?, sent_at = ?, updated_at = ? WHERE id = ? AND state = 'sending'`,
      );
      if (result.state === 'sent') update.run('sent', at, null, at, at, id);
      else if (result.state === 'queued') update.run('queued', result.nextAttemptAt, result.reason, null, at, id);
      else update.run('failed', at, result.reason, null, at, id);
    });
  }

  /** Cancels a message still waiting; one in its send window or finished is left as it is. */
  async cancel(id: number, at: number): Promise<boolean> {
    return this.#gate.hold(
      async () =>
        this.#db.prepare(`UPDATE outbox_messages SET state = 'cancelled', updated_at = ? WHERE id = ? AND state = 'queued'`).run(at, id)
          .changes > 0,
    );
  }

  /** Messages a crash left in their send window, sent again now (with the same Message-ID). */
  crashedInSendWindow(): OutboxMessage[] {
    return (this.#db.prepare(`SELECT * FROM outbox_messages WHERE state = 'sending' ORDER BY id`).all() as Row[]).map(fromRow);
  }
}

function fromRow(row: Row): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text,
    html: row.html,
    messageId: row.message_id,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    contactId: row.contact_id,
    incidentId: row.incident_id,
    template: row.template,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import { isFaultCode, type FaultCode } from '../health/faults.ts';
import type { IncidentSummary } from '../ipc/contract.ts';
import { trackIncident, type IncidentEventKind, type IncidentInput, type TrackedIncident } from './incident-tracker.ts';

export type { IncidentEventKind } from './incident-tracker.ts';

export interface Targets {
  rtoMinutes: number;
  mtdMinutes: number;
}

interface IncidentRow {
  id: number;
  fault: string;
  started_at: number;
  detected_at: number | null;
  failover_at: number | null;
  recovered_at: number | null;
}

/** Columns that keep the first time their event happened in an episode. */
const FIRST_TIME_COLUMN: Partial<Record<IncidentEventKind, 'detected_at' | 'failover_at' | 'recovered_at'>> = {
  detected: 'detected_at',
  failover: 'failover_at',
  recovered: 'recovered_at',
};

/**
 * Incidents and their timelines in the workstation's database: one incident per episode, from
 * the first signal until WhatsApp is healthy again. `track` is the whole API an orchestrator
 * needs (it forwards what happens; incidentTracker decides); `record` writes one event directly.
 *
 * Every write goes through the write gate the kiosk shares among all writers: while a restore holds
 * the database, incident events wait and land on top of the restored data, in order.
 */
export class IncidentStore {
  readonly #db: Db;
  readonly #gate: WriteGate;

  /** Without a gate of its own the store writes at once; the kiosk passes the one all writers share. */
  constructor(db: Db, gate: WriteGate) {
    this.#db = db;
    this.#gate = gate;
  }

  /** Records whatever the input means for the newest incident, in one transaction. */
  track(input: IncidentInput): void {
    this.#gate.run(() =>
      this.#db.transaction(() => {
        const newest = this.#newest();
        const change = trackIncident(newest?.tracked ?? null, input);
        if (!change) return;
        const id = change.open ? this.#insert(change.open.fault, change.open.startedAt) : newest?.id;
        if (id === undefined) return;
        for (const event of change.events) this.#record(id, event.kind, event.at, event.detail);
      })(),
    );
  }

  record(id: number, kind: IncidentEventKind, at: number, detail: string | null = null): void {
    this.#gate.run(() => this.#record(id, kind, at, detail));
  }

  #record(id: number, kind: IncidentEventKind, at: number, detail: string | null): void {
    const column = FIRST_TIME_COLUMN[kind];
    this.#db.transaction(() => {
      this.#db.prepare('INSERT INTO incident_events (incident_id, at, kind, detail) VALUES (?, ?, ?, ?)').run(id, at, kind, detail);
      // The first time only: a second failover in one episode does not move its start.
      if (column) this.#db.prepare(`UPDATE incidents SET ${column} = COALESCE(${column}, ?) WHERE id = ?`).run(at, id);
      // The confirmed fault names the incident, not the first hint of it.
      if (kind === 'detected' && detail !== null && isFaultCode(detail)) {
        this.#db.prepare('UPDATE incidents SET fault = ? WHERE id = ?').run(detail, id);
      }
    })();
  }

  /** The incident still open, if any (after a restart, the one the kiosk was in). */
  /** An incident left open by a crash or restart is closed as of now: its episode ended with the kiosk. */
  closeLeftOpen(now: number): void {
    const stale = this.current();
    if (stale !== null) this.record(stale, 'recovered', now, 'kiosk restarted');
  }

  current(): number | null {
    const row = this.#db.prepare('SELECT id FROM incidents WHERE recovered_at IS NULL ORDER BY id DESC LIMIT 1').get() as
      { id: number } | undefined;
    return row?.id ?? null;
  }

  /** Newest first; an open incident's duration runs until `now`. */
  list(limit: number, now: number, targets: Targets): IncidentSummary[] {
    const rows = this.#db.prepare('SELECT * FROM incidents ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as IncidentRow[];
    const events = this.#db.prepare('SELECT at, kind, detail FROM incident_events WHERE incident_id = ? ORDER BY at, id');
    return rows.map((row) => ({
      id: row.id,
      fault: isFaultCode(row.fault) ? row.fault : 'UNRESPONSIVE',
      startedAt: row.started_at,
      detectedAt: row.detected_at,
      failoverAt: row.failover_at,
      recoveredAt: row.recovered_at,
      durationMs: (row.recovered_at ?? now) - row.started_at,
      rtoMs: targets.rtoMinutes * 60_000,
      mtdMs: targets.mtdMinutes * 60_000,
      events: events.all(row.id) as IncidentSummary['events'],
    }));
  }

  #insert(fault: FaultCode, at: number): number {
    const { lastInsertRowid } = this.#db.prepare('INSERT INTO incidents (fault, started_at) VALUES (?, ?)').run(fault, at);
    return Number(lastInsertRowid);
  }

  #newest(): { id: number; tracked: TrackedIncident } | null {
    const row = this.#db.prepare('SELECT * FROM incidents ORDER BY id DESC LIMIT 1').get() as IncidentRow | undefined;
    if (!row || !isFaultCode(row.fault)) return null;
    const lastSwitch = this.#db
      .prepare(
        `SELECT kind FROM incident_events WHERE incident_id = ? AND kind IN ('failover', 'failback') ORDER BY at DESC, id DESC LIMIT 1`,
      )
      .get(row.id) as { kind: string } | undefined;
    return {
      id: row.id,
      tracked: {
        fault: row.fault,
        detectedAt: row.detected_at,
        failoverAt: row.failover_at,
        recoveredAt: row.recovered_at,
        failedBack: lastSwitch?.kind === 'failback',
      },
    };
  }
}

import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import { durably } from '../offline-queue/durable-write.ts';
import type { FaultCode } from '../health/faults.ts';
import type { IncidentStore } from '../incidents/incident-store.ts';
import type { CallRecord, ChecklistView, ScriptsView } from '../ipc/contract.ts';
import { NO_INCIDENT } from '../notes/notes-store.ts';
import type { Runbook } from './resources.ts';

/** A call started and not logged within this time no longer counts as in progress. */
export const CALL_MAX_MS = 30 * 60_000;

export interface CallInput {
  customer: string;
  phone?: string | undefined;
  situation: string;
  outcome: CallRecord['outcome'];
  callbackAt?: number | undefined;
}

/**
 * The checklist and phone scripts from IT's files, and what the agent does with them: steps
 * ticked and calls logged against the open incident (a table of their own, and a line in the
 * incident's timeline).
 */
export class RunbookService {
  readonly #db: Db;
  readonly #gate: WriteGate;
  readonly #runbook: Runbook;
  readonly #incidents: IncidentStore;
  readonly #now: () => number;
  readonly #fault: () => FaultCode | null;
  #callStartedAt: number | null = null;

  constructor(deps: {
    db: Db;
    gate: WriteGate;
    runbook: Runbook;
    incidents: IncidentStore;
    now: () => number;
    fault: () => FaultCode | null;
  }) {
    this.#db = deps.db;
    this.#gate = deps.gate;
    this.#runbook = deps.runbook;
    this.#incidents = deps.incidents;
    this.#now = deps.now;
    this.#fault = deps.fault;
  }

  /** The agent is on the phone with a customer (started, not yet logged): maintenance waits. */
  callInProgress(): boolean {
    return this.#callStartedAt !== null && this.#now() - this.#callStartedAt < CALL_MAX_MS;
  }

  checklist(): ChecklistView {
    const incidentId = this.#incidents.current() ?? NO_INCIDENT;
    const fault = this.#fault();
    const faults = this.#runbook.checklists?.faults;
    const steps = faults ? (((fault ? faults[fault] : undefined) ?? faults.default)?.steps ?? []) : [];
    const ticked = this.#db.prepare('SELECT step_id FROM checklist_ticks WHERE incident_id = ?').pluck().all(incidentId) as string[];
    return { incidentId, fault, steps, ticked, available: this.#runbook.checklists !== null };
  }

  async tick(stepId: string, done: boolean): Promise<ChecklistView> {
    const incidentId = this.#incidents.current() ?? NO_INCIDENT;
    const at = this.#now();
    await durably(this.#gate, () => {
      if (done)
        this.#db
          .prepare('INSERT OR IGNORE INTO checklist_ticks (incident_id, step_id, ticked_at) VALUES (?, ?, ?)')
          .run(incidentId, stepId, at);
      else this.#db.prepare('DELETE FROM checklist_ticks WHERE incident_id = ? AND step_id = ?').run(incidentId, stepId);
    });
    if (incidentId !== NO_INCIDENT) this.#incidents.record(incidentId, 'note', at, `checklist ${stepId}: ${done ? 'done' : 'not done'}`);
    return this.checklist();
  }

  scripts(): ScriptsView {
    return { incidentId: this.#incidents.current(), scripts: this.#runbook.scripts };
  }

  startCall(): void {
    this.#callStartedAt = this.#now();
  }

  async logCall(call: CallInput): Promise<CallRecord> {
    const incidentId = this.#incidents.current() ?? NO_INCIDENT;
    const at = this.#now();
    const id = await durably(
      this.#gate,
      () =>
        this.#db
          .prepare('INSERT INTO calls (incident_id, customer, phone, situation, outcome, callback_at, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(incidentId, call.customer, call.phone ?? null, call.situation, call.outcome, call.callbackAt ?? null, at).lastInsertRowid,
    );
    this.#callStartedAt = null;
    if (incidentId !== NO_INCIDENT) this.#incidents.record(incidentId, 'note', at, `call (${call.situation}): ${call.outcome}`);
    return {
      id: Number(id),
      incidentId,
      at,
      customer: call.customer,
      phone: call.phone ?? null,
      situation: call.situation,
      outcome: call.outcome,
      callbackAt: call.callbackAt ?? null,
    };
  }

  calls(limit: number): CallRecord[] {
    const rows = this.#db.prepare('SELECT * FROM calls ORDER BY at DESC, id DESC LIMIT ?').all(limit) as {
      id: number;
      incident_id: number;
      customer: string;
      phone: string | null;
      situation: string;
      outcome: CallRecord['outcome'];
      callback_at: number | null;
      at: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      incidentId: row.incident_id,
      at: row.at,
      customer: row.customer,
      phone: row.phone,
      situation: row.situation,
      outcome: row.outcome,
      callbackAt: row.callback_at,
    }));
  }
}

import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';

import type { MaintenanceRun, MaintenanceTask, RunResult } from '../ipc/maintenance-wire.ts';

export type { MaintenanceRun, MaintenanceTask, RunResult } from '../ipc/maintenance-wire.ts';

interface Row {
  id: number;
  task: MaintenanceTask;
  trigger: string;
  started_at: number;
  finished_at: number;
  result: RunResult;
  detail: string | null;
}

/** Every maintenance run, in SQLite: the scheduler reads when a task last ran, IT reads what happened. */
export class MaintenanceRuns {
  readonly #db: Db;
  readonly #gate: WriteGate;

  constructor(db: Db, gate: WriteGate) {
    this.#db = db;
    this.#gate = gate;
  }

  record(run: Omit<MaintenanceRun, 'id'>): void {
    this.#gate.run(() => {
      this.#db
        .prepare('INSERT INTO maintenance_runs (task, trigger, started_at, finished_at, result, detail) VALUES (?, ?, ?, ?, ?, ?)')
        .run(run.task, run.trigger, run.startedAt, run.finishedAt, run.result, run.detail);
    });
  }

  /** When the task last started, whatever its result; null when never. */
  lastRunAt(task: MaintenanceTask): number | null {
    const row = this.#db.prepare('SELECT MAX(started_at) AS at FROM maintenance_runs WHERE task = ?').get(task) as { at: number | null };
    return row.at;
  }

  list(limit: number): MaintenanceRun[] {
    const rows = this.#db.prepare('SELECT * FROM maintenance_runs ORDER BY started_at DESC, id DESC LIMIT ?').all(limit) as Row[];
    return rows.map((row) => ({
      id: row.id,
      task: row.task,
      trigger: row.trigger,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      result: row.result,
      detail: row.detail,
    }));
  }
}

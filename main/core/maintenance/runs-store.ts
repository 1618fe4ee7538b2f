import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';

export const MAINTENANCE_TASKS = ['purge', 'housekeeping', 'memory-reload', 'version-check', 'gpu-purge', 'diagnostics'] as const;
export type MaintenanceTask = (typeof MAINTENANCE_TASKS)[number];
export type RunResult = 'ok' | 'warn' | 'failed';

export interface MaintenanceRun {
  id: number;
  task: MaintenanceTask;
  /** What started it: its window, a catch-up, memory, a version change, the agent or IT. */
  trigger: string;
  startedAt: number;
  finishedAt: number;
  result: RunResult;
  detail: string | null;
}

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

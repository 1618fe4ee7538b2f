import { readdir, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import type { RunResult } from './runs-store.ts';

const DAY_MS = 86_400_000;
/** The logger rotates at 10 MB and keeps 14 files (log/logger.ts); well past that, rotation is not working. */
const LOG_FILE_LIMIT_BYTES = 20 * 1024 * 1024;
const LOG_FILES_LIMIT = 20;

import type { CheckStatus } from '../ipc/maintenance-wire.ts';

export type { CheckStatus } from '../ipc/maintenance-wire.ts';

/** Free space against the floor: below it backups are refused; below twice it, a warning. */
export function diskStatus(freeMb: number | null, floorMb: number): CheckStatus {
  if (freeMb === null) return 'warn';
  if (freeMb < floorMb) return 'fail';
  return freeMb < floorMb * 2 ? 'warn' : 'pass';
}

/** Free space of the file system holding `dir`, in MB; null where it cannot be read. */
export async function freeDiskMb(dir: string): Promise<number | null> {
  try {
    const fs = await statfs(dir);
    return (fs.bavail * fs.bsize) / (1024 * 1024);
  } catch {
    return null;
  }
}

/**
 * Whether a backup may be written now: not below the disk floor (a full disk would take the
 * database with it). The backups folder may not exist before the first backup: its nearest
 * existing parent is on the same disk.
 */
export async function backupAllowed(dir: string, floorMb: number): Promise<boolean> {
  let existing = dir;
  while ((await stat(existing).catch(() => null)) === null && dirname(existing) !== existing) existing = dirname(existing);
  return diskStatus(await freeDiskMb(existing), floorMb) !== 'fail';
}

export interface LogFiles {
  count: number;
  largestBytes: number;
}

export function logsStatus(files: LogFiles | null): CheckStatus {
  if (files === null) return 'warn';
  return files.count > LOG_FILES_LIMIT || files.largestBytes > LOG_FILE_LIMIT_BYTES ? 'warn' : 'pass';
}

export async function readLogFiles(dir: string): Promise<LogFiles | null> {
  try {
    const names = await readdir(dir);
    let largestBytes = 0;
    for (const name of names) largestBytes = Math.max(largestBytes, (await stat(join(dir, name))).size);
    return { count: names.length, largestBytes };
  } catch (error) {
    // No folder yet: nothing was logged, nothing to rotate.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { count: 0, largestBytes: 0 } : null;
  }
}

/** SQLite's own check; null when sound, else its first findings. */
export function databaseProblems(db: Db): string | null {
  const rows = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  const problems = rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
  return problems.length === 0 ? null : problems.slice(0, 5).join('; ');
}

export interface HousekeepingInput {
  db: Db;
  gate: WriteGate;
  dataDir: string;
  logsDir: string;
  now: number;
  diskFloorMb: number;
  incidentRetentionDays: number;
  runRetentionDays: number;
}

export interface HousekeepingOutcome {
  result: RunResult;
  detail: {
    freeMb: number | null;
    disk: CheckStatus;
    integrity: string | null;
    prunedIncidents: number;
    prunedRuns: number;
    logs: CheckStatus;
  };
}

/**
 * The daily tidy-up: free disk, the database checked, optimised and given back its free pages,
 * old closed incidents and maintenance records pruned, log rotation looked at.
 */
export async function runHousekeeping(input: HousekeepingInput): Promise<HousekeepingOutcome> {
  const { db, gate, now } = input;
  const freeMb = await freeDiskMb(input.dataDir);
  const disk = diskStatus(freeMb, input.diskFloorMb);
  const integrity = databaseProblems(db);
  let prunedIncidents = 0;
  let prunedRuns = 0;
  gate.run(() => {
    db.transaction(() => {
      const before = now - input.incidentRetentionDays * DAY_MS;
      const old = 'SELECT id FROM incidents WHERE recovered_at IS NOT NULL AND recovered_at < ?';
      db.prepare(`DELETE FROM incident_events WHERE incident_id IN (${old})`).run(before);
      prunedIncidents = db.prepare(`DELETE FROM incidents WHERE id IN (${old})`).run(before).changes;
      prunedRuns = db.prepare('DELETE FROM maintenance_runs WHERE started_at < ?').run(now - input.runRetentionDays * DAY_MS).changes;
    })();
    db.pragma('optimize');
    // Gives pages back only where auto_vacuum is incremental; elsewhere a harmless no-op.
    db.pragma('incremental_vacuum');
  });
  const logs = logsStatus(await readLogFiles(input.logsDir));
  const result: RunResult = integrity !== null || disk === 'fail' ? 'failed' : disk === 'warn' || logs === 'warn' ? 'warn' : 'ok';
  return { result, detail: { freeMb: freeMb === null ? null : Math.round(freeMb), disk, integrity, prunedIncidents, prunedRuns, logs } };
}

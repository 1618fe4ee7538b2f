import { latestOccurrence, runningOccurrence, type MaintenanceWindow } from './windows.ts';

export type ScheduleDecision =
  | { kind: 'run'; trigger: 'window' | 'catch-up' }
  /** Due, but not now: the agent is active, or the machine has just started or woken up. */
  | { kind: 'wait'; reason: 'busy' | 'settling'; busy: string[] }
  | { kind: 'not-due' };

export interface ScheduleInput {
  now: number;
  windows: readonly MaintenanceWindow[];
  /** When the task last ran (whatever its result), from the runs table; null when never. */
  lastRunAt: number | null;
  minIntervalMs: number;
  /** Names of the busy sources that are busy now. */
  busy: readonly string[];
  /** Outside a window, a missed one is caught up only from this moment (start-up or wake-up plus settling). */
  catchUpFrom: number;
}

/**
 * Whether a windowed task runs now. A task is due once per window occurrence: when it has not run
 * since the latest occurrence started. Inside the window it runs at the first idle moment; a
 * window missed (machine asleep or off, the agent busy until it closed) is caught up at the first
 * idle moment after the settling time. Time comes from the caller, so sleep, wake-up and restarts
 * are just moments.
 */
export function decideSchedule(input: ScheduleInput): ScheduleDecision {
  const { now, windows, lastRunAt } = input;
  const latest = latestOccurrence(windows, now);
  if (latest === null) return { kind: 'not-due' };
  if (lastRunAt !== null && (lastRunAt >= latest.start || now - lastRunAt < input.minIntervalMs)) return { kind: 'not-due' };
  const inWindow = runningOccurrence(windows, now) !== null;
  if (!inWindow && now < input.catchUpFrom) return { kind: 'wait', reason: 'settling', busy: [] };
  if (input.busy.length > 0) return { kind: 'wait', reason: 'busy', busy: [...input.busy] };
  return { kind: 'run', trigger: inWindow ? 'window' : 'catch-up' };
}

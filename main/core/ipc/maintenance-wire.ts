/**
 * What maintenance sends our pages (`maintenance:status`, `maintenance:diagnose`): data only, so
 * that the renderer imports nothing of the core but main/core/ipc/.
 */

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

export interface MemorySample {
  at: number;
  mb: number;
}

export interface MemoryAssessment {
  state: 'unknown' | 'ok' | 'over-threshold' | 'growing';
  latestMb: number | null;
  /** Least-squares slope over the growth window, MB an hour; null with too few samples. */
  slopeMbPerHour: number | null;
}

export interface Versions {
  app: string;
  /** Electron's Chromium, or the system Chromium of the Chromium shell. */
  browser: string;
  electron: string | null;
  /** WhatsApp Web's build as the page says (Debug.VERSION); null until read. */
  whatsapp: string | null;
}

export interface MaintenanceStatus {
  runs: MaintenanceRun[];
  memory: MemoryAssessment;
  samples: MemorySample[];
  versions: Versions | null;
  markerCheck: { build: string; at: number; missing: string[] } | null;
  busy: string[];
  /** IT allows the deep reset on this workstation (policy `maintenance.deepResetAllowed`). */
  deepResetAllowed: boolean;
}

export type CheckStatus = 'pass' | 'warn' | 'fail';

export const DIAGNOSTIC_CHECKS = [
  'network',
  'dns',
  'whatsapp',
  'proxy',
  'disk',
  'permissions',
  'memory',
  'versions',
  'probe-pack',
  'database',
  'backup',
  'logs',
] as const;
export type DiagnosticCheckId = (typeof DIAGNOSTIC_CHECKS)[number];

export interface DiagnosticCheck {
  id: DiagnosticCheckId;
  status: CheckStatus;
  /** Technical facts for IT (addresses, figures, versions): the same in every language. */
  detail: string;
}

export interface DiagnosticsReport {
  at: number;
  seatId: string;
  overall: CheckStatus;
  checks: DiagnosticCheck[];
}

import type { Settings } from '../config/schema.ts';
import type { HealthLevel } from '../ipc/contract.ts';
import { FAULT_SEVERITY, type FaultCode } from './faults.ts';
import type { SignalSource, SourceReport } from './signals.ts';

/** The one health verdict. `since` is when this level began (a new fault at the same level keeps it). */
export interface Verdict {
  level: HealthLevel;
  fault: FaultCode | null;
  since: number;
}

/** How long one source has been reporting one fault without a break. */
interface Streak {
  firstSeen: number;
  reports: number;
}

interface SourceView {
  at: number;
  faults: Partial<Record<FaultCode, Streak>>;
}

export interface DetectorState {
  sources: Partial<Record<SignalSource, SourceView>>;
  verdict: Verdict;
  /** Since when no source reports any fault; null while one does. */
  cleanSince: number | null;
  /** This episode (since the verdict was last healthy) has been down. */
  wentDown: boolean;
}

export type DetectorConfig = Pick<Settings['health'], 'failuresToDown' | 'healthyStableMs' | 'probeIntervalMs'>;

/**
 * The one place that says which fault explains the others, most telling first. Faults outside
 * the page come first: a dead network explains an unreachable WhatsApp, which explains a
 * dropped socket. A crash explains whatever the dead probe last said and its silence. Among the
 * page's own faults, a socket that does not connect explains stuck messages and failed media.
 */
export const FAULT_PRIORITY: readonly FaultCode[] = [
  'LOCAL_NETWORK_DOWN',
  // A network that intercepts WhatsApp explains a page that shows a portal or nothing at all.
  'NETWORK_SIGN_IN_REQUIRED',
  'NETWORK_BLOCKED',
  'SERVICE_OUTAGE',
  'RENDERER_CRASHED',
  'UNRESPONSIVE',
  // WhatsApp's own verdicts on this account and this window come before anything they cause.
  'ACCOUNT_BLOCKED',
  'WHATSAPP_OPEN_ELSEWHERE',
  'BROWSER_REJECTED',
  'SESSION_LOGGED_OUT',
  'QR_UNAVAILABLE',
  'CONNECTION_UNSTABLE',
  'SEND_FAILURE',
  'FILE_TRANSFER_FAILURE',
  'MEMORY_PRESSURE',
  'PROBE_BLIND',
];

/**
 * Down on the first report. A crash, WhatsApp refusing the browser and a logout are facts, not
 * measurements, and no blip produces them. A missing QR and a stuck message have already waited
 * their own thresholds (qrTimeoutMs, pendingMessageTimeoutMs) before the probe called them faults.
 */
const DOWN_AT_ONCE: ReadonlySet<FaultCode> = new Set<FaultCode>([
  'RENDERER_CRASHED',
  'BROWSER_REJECTED',
  'SESSION_LOGGED_OUT',
  'QR_UNAVAILABLE',
  'SEND_FAILURE',
  // WhatsApp's socket states, not measurements: a ban or another window taking over the session.
  'ACCOUNT_BLOCKED',
  'WHATSAPP_OPEN_ELSEWHERE',
]);

export function initialDetectorState(now: number): DetectorState {
  return { sources: {}, verdict: { level: 'healthy', fault: null, since: now }, cleanSince: now, wentDown: false };
}

/** A source's whole current view replaces its previous one; a report older than the last is stale. */
export function reportToDetector(state: DetectorState, report: SourceReport, cfg: DetectorConfig): DetectorState {
  const previous = state.sources[report.source];
  if (previous && report.at < previous.at) return state;
  const faults: SourceView['faults'] = {};
  for (const fault of report.faults) {
    const streak = previous?.faults[fault];
    faults[fault] = streak ? { firstSeen: streak.firstSeen, reports: streak.reports + 1 } : { firstSeen: report.at, reports: 1 };
  }
  return evaluate({ ...state, sources: { ...state.sources, [report.source]: { at: report.at, faults } } }, report.at, cfg);
}

/** Time passing matters too: a fault that persists goes down, a clean period long enough heals. */
export function tickDetector(state: DetectorState, now: number, cfg: DetectorConfig): DetectorState {
  return evaluate(state, now, cfg);
}

/** The faults some source reports right now, most telling first (empty while a verdict waits out its stable period). */
export function activeFaults(state: DetectorState): FaultCode[] {
  return FAULT_PRIORITY.filter((fault) => views(state).some((view) => view.faults[fault]));
}

function views(state: DetectorState): SourceView[] {
  return Object.values(state.sources);
}

/**
 * One report is never enough for a fault that is measured rather than certain: it takes
 * `failuresToDown` reports in a row from one source, or at least two that span
 * failuresToDown × probeIntervalMs (for sources that report less often than the probe).
 * Warnings never make WhatsApp down (the agent can still type), except an unstable connection:
 * WhatsApp reconnects on its own, but one that has not held for as long as we ask a recovered
 * WhatsApp to prove itself (healthyStableMs) is a connection the agent cannot use.
 */
function confirmsDown(fault: FaultCode, streak: Streak, now: number, cfg: DetectorConfig): boolean {
  const lasted = now - streak.firstSeen;
  const persistent = streak.reports >= 2 && lasted >= cfg.failuresToDown * cfg.probeIntervalMs;
  if (fault === 'CONNECTION_UNSTABLE')
    return streak.reports >= 2 && lasted >= Math.max(cfg.healthyStableMs, cfg.failuresToDown * cfg.probeIntervalMs);
  if (FAULT_SEVERITY[fault] !== 'critical') return false;
  return DOWN_AT_ONCE.has(fault) || streak.reports >= cfg.failuresToDown || persistent;
}

function evaluate(state: DetectorState, now: number, cfg: DetectorConfig): DetectorState {
  const present = activeFaults(state);
  const down = present.filter((fault) =>
    views(state).some((view) => {
      const streak = view.faults[fault];
      return streak !== undefined && confirmsDown(fault, streak, now, cfg);
    }),
  );
  const critical = present.filter((fault) => FAULT_SEVERITY[fault] === 'critical');
  const cleanSince = present.length > 0 ? null : (state.cleanSince ?? now);
  const previous = state.verdict;

  let next: Omit<Verdict, 'since'>;
  if (down[0]) next = { level: 'down', fault: down[0] };
  // Within an episode that went down, a critical fault needs no confirmation: it is the same
  // trouble coming back (or not yet gone), not a blip.
  else if (state.wentDown && critical[0]) next = { level: 'down', fault: previous.level === 'down' ? previous.fault : critical[0] };
  else if (present[0]) next = { level: 'degraded', fault: present[0] };
  // Healthy only after a clean stable period. Until then a WhatsApp that was down is degraded
  // (working, not yet trusted): healing that worked within the grace period avoids a failover,
  // and a failover already made waits for healthy, so the mode never flips back and forth.
  else if (previous.level === 'healthy' || (cleanSince !== null && now - cleanSince >= cfg.healthyStableMs)) {
    next = { level: 'healthy', fault: null };
  } else next = { level: 'degraded', fault: previous.fault };

  const verdict =
    next.level === previous.level && next.fault === previous.fault
      ? previous
      : { ...next, since: next.level === previous.level ? previous.since : now };
  const wentDown = next.level === 'down' || (state.wentDown && next.level !== 'healthy');
  return { ...state, verdict, cleanSince, wentDown };
}

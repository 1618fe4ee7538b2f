import type { FaultCode } from '../health/faults.ts';
import type { Verdict } from '../health/detector.ts';
import type { HealingAction, KioskStatus, Mode } from '../ipc/contract.ts';

/** What can happen in an incident's timeline, named as the agent and IT read it. */
export type IncidentEventKind =
  | 'first-signal'
  | 'detected'
  | 'healing'
  | 'healed'
  | 'escalated'
  | 'failover'
  | 'failback'
  | 'recovered'
  | 'agent-mode'
  | 'guidance'
  | 'note';

/** What the orchestrator forwards, as it happens. */
export type IncidentInput = { at: number } & (
  | { type: 'verdict'; verdict: Verdict }
  | { type: 'healing'; action: HealingAction; fault: FaultCode }
  | { type: 'healed'; action: HealingAction }
  | { type: 'gave-up'; fault: FaultCode; reason: string }
  | { type: 'switch'; to: Mode; reason: 'auto' | 'agent' }
  | { type: 'agent-mode'; mode: Mode | 'auto' }
  | { type: 'guidance'; guidance: NonNullable<KioskStatus['guidance']> }
  | { type: 'note'; text: string }
);

/** The newest incident, as far as deciding what comes next needs it. */
export interface TrackedIncident {
  fault: FaultCode;
  detectedAt: number | null;
  failoverAt: number | null;
  recoveredAt: number | null;
  /** The kiosk switched back to WhatsApp after this incident's last failover. */
  failedBack: boolean;
}

export interface IncidentChange {
  /** Start a new incident; the events then go to it. */
  open?: { fault: FaultCode; startedAt: number };
  /** The store derives the incident's times and fault from these (first detected, failover...). */
  events: { kind: IncidentEventKind; at: number; detail: string | null }[];
}

/**
 * Decides what an input does to the incident record: an episode opens when the verdict leaves
 * healthy and closes when it is healthy again, with everything in between on its timeline.
 * "Detected" is the detector confirming the fault (down): an episode that never got there was a
 * blip. The switch back to WhatsApp comes after recovery (the agent may still be typing), so it
 * still belongs to the incident that caused the failover. Returns null when nothing is recorded.
 */
export function trackIncident(current: TrackedIncident | null, input: IncidentInput): IncidentChange | null {
  const open = current !== null && current.recoveredAt === null ? current : null;
  const event = (kind: IncidentEventKind, detail: string | null): IncidentChange => ({ events: [{ kind, at: input.at, detail }] });

  switch (input.type) {
    case 'verdict': {
      const { level, fault } = input.verdict;
      if (level === 'healthy' || fault === null) {
        return open ? event('recovered', null) : null;
      }
      const detected = { kind: 'detected', at: input.at, detail: fault } as const;
      if (!open) {
        return {
          open: { fault, startedAt: input.at },
          events: [{ kind: 'first-signal', at: input.at, detail: fault }, ...(level === 'down' ? [detected] : [])],
        };
      }
      // Down again for the same fault is the same detection; a new fault while down is news.
      if (level !== 'down' || (open.detectedAt !== null && open.fault === fault)) return null;
      return { events: [detected] };
    }
    case 'switch':
      if (input.to === 'failover') return open ? event('failover', input.reason) : null;
      return current && current.failoverAt !== null && !current.failedBack ? event('failback', input.reason) : null;
    case 'healing':
      return open ? event('healing', `${input.action} (${input.fault})`) : null;
    case 'healed':
      return open ? event('healed', input.action) : null;
    case 'gave-up':
      return open ? event('escalated', `${input.fault}: ${input.reason}`) : null;
    case 'agent-mode':
      return open ? event('agent-mode', input.mode) : null;
    case 'guidance':
      return open ? event('guidance', input.guidance) : null;
    case 'note':
      return open ? event('note', input.text) : null;
  }
}

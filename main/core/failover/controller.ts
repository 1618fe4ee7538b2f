import type { Settings } from '../config/schema.ts';
import { CONNECTION_FAULTS, type FaultCode } from '../health/faults.ts';
import type { Verdict } from '../health/detector.ts';
import type { KioskStatus, Mode } from '../ipc/contract.ts';
import { needsAgent } from '../recovery/ladder.ts';

export interface FailoverState {
  mode: Mode;
  modeReason: KioskStatus['modeReason'];
  /** The agent pinned the mode; nothing automatic happens until they choose "auto". */
  forced: boolean;
  since: number;
  /** What sent the kiosk to failover; null in WhatsApp mode. */
  fault: FaultCode | null;
  verdict: Verdict;
  /**
   * Since when WhatsApp counts as down for the grace period. A page that fails again after a
   * repair is one trouble, so the count runs on from the episode's first down (a crash loop is
   * not given a fresh grace period per crash). A lost connection that came back ended its outage:
   * the count starts over, so short outages close together never add up to a failover.
   */
  downSince: number | null;
  /** Healing gave up in this episode: no reason to wait out the grace period. */
  gaveUp: boolean;
  lastTypingAt: number | null;
}

export type FailoverEvent =
  | { type: 'verdict'; verdict: Verdict }
  | { type: 'healing-gave-up' }
  | { type: 'agent-force'; mode: Mode | 'auto' }
  | { type: 'agent-typing' }
  | { type: 'tick' };

export interface ModeSwitch {
  to: Mode;
  reason: 'auto' | 'agent';
  fault: FaultCode | null;
}

export type FailoverConfig = Pick<Settings['failover'], 'graceMs' | 'typingHoldMs'>;

export function initialFailoverState(now: number): FailoverState {
  return {
    mode: 'whatsapp',
    modeReason: 'startup',
    forced: false,
    since: now,
    fault: null,
    verdict: { level: 'healthy', fault: null, since: now },
    downSince: null,
    gaveUp: false,
    lastTypingAt: null,
  };
}

/**
 * The mode's state machine. Fails over when WhatsApp has been down past the grace period; at
 * once when healing gave up or cannot help (the grace period is there to let healing work).
 * Fails back only on a healthy verdict (the detector already waited for stability) and never
 * while the agent is typing in the failover pane. A mode the agent chose holds until "auto".
 */
export function stepFailover(
  state: FailoverState,
  event: FailoverEvent,
  now: number,
  cfg: FailoverConfig,
): { state: FailoverState; switched: ModeSwitch | null } {
  let next = state;
  switch (event.type) {
    case 'verdict': {
      const { level, since } = event.verdict;
      const healthy = level === 'healthy';
      const outageOver = level !== 'down' && state.verdict.level === 'down' && state.verdict.fault !== null && CONNECTION_FAULTS.has(state.verdict.fault);
      const counting = healthy || outageOver ? null : state.downSince;
      const downSince = counting ?? (level === 'down' ? since : null);
      next = { ...state, verdict: event.verdict, downSince, gaveUp: !healthy && state.gaveUp };
      break;
    }
    case 'healing-gave-up':
      next = { ...state, gaveUp: state.verdict.level !== 'healthy' };
      break;
    case 'agent-typing':
      next = { ...state, lastTypingAt: now };
      break;
    case 'agent-force':
      if (event.mode === 'auto') {
        next = { ...state, forced: false, modeReason: 'auto' };
        break;
      }
      return switchTo({ ...state, forced: true }, event.mode, 'agent', now);
    case 'tick':
      break;
  }
  if (next.forced) return { state: next, switched: null };

  const { verdict } = next;
  if (next.mode === 'whatsapp' && verdict.level === 'down') {
    // A network fault waits out the grace period like any other: a short outage of WhatsApp
    // must not move the agent, even though no healing step applies to it.
    const hopeless = next.gaveUp || (verdict.fault !== null && needsAgent(verdict.fault));
    if (hopeless || now - (next.downSince ?? verdict.since) >= cfg.graceMs) return switchTo(next, 'failover', 'auto', now);
  }
  if (next.mode === 'failover' && verdict.level === 'healthy') {
    const typing = next.lastTypingAt !== null && now - next.lastTypingAt < cfg.typingHoldMs;
    if (!typing) return switchTo(next, 'whatsapp', 'auto', now);
  }
  return { state: next, switched: null };
}

function switchTo(
  state: FailoverState,
  mode: Mode,
  reason: 'auto' | 'agent',
  now: number,
): { state: FailoverState; switched: ModeSwitch | null } {
  if (state.mode === mode) return { state: { ...state, modeReason: reason }, switched: null };
  const fault = mode === 'failover' ? state.verdict.fault : null;
  return {
    state: { ...state, mode, modeReason: reason, since: now, fault },
    switched: { to: mode, reason, fault: mode === 'failover' ? fault : state.fault },
  };
}

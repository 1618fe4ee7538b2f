import type { Settings } from '../config/schema.ts';
import type { FaultCode } from '../health/faults.ts';
import type { KioskStatus, Mode } from '../ipc/contract.ts';
import type { Episode } from '../outage/episode.ts';
import { needsAgent } from '../recovery/ladder.ts';

export interface FailoverState {
  mode: Mode;
  modeReason: KioskStatus['modeReason'];
  /** The agent pinned the mode; nothing automatic happens until they choose "auto". */
  forced: boolean;
  since: number;
  /** What sent the kiosk to failover; null in WhatsApp mode. */
  fault: FaultCode | null;
  lastTypingAt: number | null;
}

/** `evaluate`: the episode changed or time passed; decide again. */
export type FailoverEvent = { type: 'agent-force'; mode: Mode | 'auto' } | { type: 'agent-typing' } | { type: 'evaluate' };

export interface ModeSwitch {
  to: Mode;
  reason: 'auto' | 'agent';
  fault: FaultCode | null;
}

export type FailoverConfig = Pick<Settings['failover'], 'graceMs' | 'typingHoldMs'>;

export function initialFailoverState(now: number): FailoverState {
  return { mode: 'whatsapp', modeReason: 'startup', forced: false, since: now, fault: null, lastTypingAt: null };
}

/**
 * The mode's state machine, reading the current outage from its episode (null: healthy). Fails
 * over when WhatsApp has been down past the grace period; at once when healing gave up or cannot
 * help (the grace period is there to let healing work). Fails back only when the episode is over
 * (the detector already waited for stability) and never while the agent is typing in the
 * failover pane. A mode the agent chose holds until "auto".
 */
export function stepFailover(
  state: FailoverState,
  event: FailoverEvent,
  episode: Episode | null,
  now: number,
  cfg: FailoverConfig,
): { state: FailoverState; switched: ModeSwitch | null } {
  let next = state;
  if (event.type === 'agent-typing') next = { ...state, lastTypingAt: now };
  if (event.type === 'agent-force') {
    if (event.mode !== 'auto') return switchTo({ ...state, forced: true }, event.mode, 'agent', episode, now);
    next = { ...state, forced: false, modeReason: 'auto' };
  }
  if (next.forced) return { state: next, switched: null };

  const verdict = episode?.verdict;
  if (next.mode === 'whatsapp' && episode && verdict?.level === 'down') {
    // A network fault waits out the grace period like any other: a short outage of WhatsApp
    // must not move the agent, even though no healing step applies to it.
    const hopeless = episode.gaveUpOn.length > 0 || (verdict.fault !== null && needsAgent(verdict.fault));
    if (hopeless || now - (episode.downSince ?? verdict.since) >= cfg.graceMs) return switchTo(next, 'failover', 'auto', episode, now);
  }
  if (next.mode === 'failover' && episode === null) {
    const typing = next.lastTypingAt !== null && now - next.lastTypingAt < cfg.typingHoldMs;
    if (!typing) return switchTo(next, 'whatsapp', 'auto', episode, now);
  }
  return { state: next, switched: null };
}

function switchTo(
  state: FailoverState,
  mode: Mode,
  reason: 'auto' | 'agent',
  episode: Episode | null,
  now: number,
): { state: FailoverState; switched: ModeSwitch | null } {
  if (state.mode === mode) return { state: { ...state, modeReason: reason }, switched: null };
  const fault = mode === 'failover' ? (episode?.verdict.fault ?? null) : null;
  return {
    state: { ...state, mode, modeReason: reason, since: now, fault },
    switched: { to: mode, reason, fault: mode === 'failover' ? fault : state.fault },
  };
}

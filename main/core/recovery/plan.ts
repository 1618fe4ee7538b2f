import type { Settings } from '../config/schema.ts';
import type { FaultCode } from '../health/faults.ts';
import type { HealingAction } from '../ipc/contract.ts';
import type { Episode } from '../outage/episode.ts';
import { capReached, chooseHealing, type HealingRecord } from './ladder.ts';

export type HealingPlan =
  | { kind: 'none' }
  | { kind: 'heal'; action: HealingAction; fault: FaultCode; restartLadder: boolean }
  /** `firstTime`: healing had not yet given up on this fault in the episode, so IT hears of it now. */
  | { kind: 'give-up'; fault: FaultCode; reason: string; firstTime: boolean; restartLadder: boolean };

export interface HealingInput {
  episode: Episode | null;
  /** The most telling fault some source sees right now. */
  fault: FaultCode | null;
  /** The last network probes reached WhatsApp and the independent address. */
  networkLooksFine: boolean;
  /** Every healing action of the last hour, oldest first. */
  history: readonly HealingRecord[];
  /** An action is still running: never two at once. */
  inFlight: boolean;
  /** When the last action finished: a step gets its settle time after it is done, not after it began. */
  lastDoneAt: number | null;
  now: number;
  settings: Pick<Settings, 'recovery' | 'health'>;
}

const NONE: HealingPlan = { kind: 'none' };

/**
 * The next healing step while WhatsApp is down and a fault is present: climbs the fault's ladder
 * (pure, ladder.ts) one step at a time, each after the previous one had time to show it did not
 * help; gives up when the ladder is exhausted; in failover tries again once per rolling window.
 */
export function planHealing(input: HealingInput): HealingPlan {
  const { episode, fault, history, now } = input;
  if (input.inFlight || episode === null || episode.verdict.level !== 'down' || fault === null) return NONE;
  const { recovery } = input.settings;
  const gaveUp = episode.ladder.gaveUp;
  const restartLadder = gaveUp?.fault === fault;
  // In failover the kiosk keeps trying now and then, so that fail-back can happen by itself.
  if (gaveUp && restartLadder && now - gaveUp.at < recovery.windowMs) return NONE;
  const ladderFrom = restartLadder ? now : episode.ladder.from;

  const last = history.at(-1);
  const settledFrom = Math.max(last?.at ?? 0, input.lastDoneAt ?? 0);
  if (last && last.at >= ladderFrom && now - settledFrom < settleMs(input.settings.health)) return NONE;

  const choice = chooseHealing(fault, history, ladderFrom, now, recovery);
  if (choice.kind === 'wait') {
    // The network probes reach WhatsApp itself again (not a portal or a proxy) but the view still
    // holds its failed load: only loading it again can bring it back. Like every action, it counts
    // against the rolling cap, so a "back" that keeps flapping never becomes a reload loop.
    if (choice.reason !== 'network' || !input.networkLooksFine || capReached('reload', history, now, recovery)) return NONE;
    return { kind: 'heal', action: 'reload', fault, restartLadder };
  }
  if (choice.kind === 'give-up') {
    return { kind: 'give-up', fault, reason: choice.reason, firstTime: !episode.gaveUpOn.includes(fault), restartLadder };
  }
  return { kind: 'heal', action: choice.action, fault, restartLadder };
}

/** How long a step gets to show whether it helped: long enough for the detector to confirm again. */
export function settleMs(health: Settings['health']): number {
  return Math.max(health.probeSilenceMs, health.probeIntervalMs * (health.failuresToDown + 2));
}

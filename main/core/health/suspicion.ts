import type { Settings } from '../config/schema.ts';

export type BurstConfig = Pick<Settings['health'], 'failuresToDown' | 'suspicionRoundsPerMinute'>;

/**
 * The confirmation burst: a suspicion (the socket left CONNECTED, the page went offline, a crash,
 * the OS network changed) is answered by a few network rounds a moment apart instead of waiting
 * for the slow background interval. As many rounds as the detector needs to confirm a fault
 * (failuresToDown), so one failed round never calls anything down; a clean round clears the
 * suspicion and ends the burst. All extra rounds share a per-minute budget, so a flapping link
 * or a storm of events never turns into hammering the network: past it, the burst waits for the
 * budget (a storm of suspicions is one waiting burst), so the next look still comes, only later.
 */
export interface BurstState {
  /** When each extra round of the last minute was fired. */
  fired: readonly number[];
  /** Rounds still to fire in the current burst; 0: no burst runs. */
  left: number;
}

const MINUTE_MS = 60_000;

export const idleBurst: BurstState = { fired: [], left: 0 };

/**
 * A suspicion starts a burst, unless one already runs (it is confirming the same trouble) or
 * bursts are off. Within an episode that already went down, the detector needs no confirmation
 * (the same trouble coming back is down at once), so one round says all: a flapping link costs
 * a round per change, not a burst.
 */
export function startBurst(state: BurstState, now: number, cfg: BurstConfig, episodeWentDown: boolean): BurstState {
  if (state.left > 0 || cfg.suspicionRoundsPerMinute === 0) return state;
  return { fired: lastMinute(state.fired, now), left: episodeWentDown ? 1 : cfg.failuresToDown };
}

/**
 * The burst's next round is due: fire it if the minute's budget allows; otherwise `waitMs` says
 * when the budget has room again (0: no burst runs).
 */
export function nextRound(state: BurstState, now: number, cfg: BurstConfig): { state: BurstState; fire: boolean; waitMs: number } {
  if (state.left <= 0) return { state, fire: false, waitMs: 0 };
  const fired = lastMinute(state.fired, now);
  if (fired.length >= cfg.suspicionRoundsPerMinute) {
    const oldest = fired[fired.length - cfg.suspicionRoundsPerMinute]!;
    return { state: { ...state, fired }, fire: false, waitMs: oldest + MINUTE_MS - now };
  }
  return { state: { fired: [...fired, now], left: state.left - 1 }, fire: true, waitMs: 0 };
}

/** A round came back clean: the suspicion is cleared and the rest of the burst is not needed. */
export function roundCameBackClean(state: BurstState): BurstState {
  return state.left === 0 ? state : { ...state, left: 0 };
}

function lastMinute(fired: readonly number[], now: number): number[] {
  return fired.filter((at) => now - at < MINUTE_MS);
}

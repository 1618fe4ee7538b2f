import type { SeatState } from './model.ts';
import type { StateChange } from './store/store.ts';

export interface UptimeReport {
  /** Share of the window each seat was up (healthy or degraded: the agent could work in WhatsApp). */
  seats: { seatId: string; team: string; uptime: number; failoverMs: number; offlineMs: number }[];
  teams: { team: string; uptime: number }[];
  /** Seats in failover at the end of each bucket, for the "seats in failover over time" chart. */
  failoverSeries: { at: number; seats: number }[];
}

const UP: ReadonlySet<SeatState> = new Set(['healthy', 'degraded']);

/**
 * Uptime from the record of state changes: each seat's state at the window's start, then its
 * changes. Time before a seat was enrolled does not count against it.
 */
export function computeUptime(
  changes: { before: readonly StateChange[]; during: readonly StateChange[] },
  teams: ReadonlyMap<string, string>,
  window: { from: number; to: number; buckets: number },
): UptimeReport {
  const { from, to } = window;
  const perSeat = new Map<
    string,
    { state: SeatState | null; at: number; up: number; failover: number; offline: number; counted: number }
  >();
  const open = (seatId: string) => {
    let seat = perSeat.get(seatId);
    if (!seat) perSeat.set(seatId, (seat = { state: null, at: from, up: 0, failover: 0, offline: 0, counted: 0 }));
    return seat;
  };
  const close = (seat: ReturnType<typeof open>, at: number) => {
    if (seat.state !== null) {
      const span = at - seat.at;
      seat.counted += span;
      if (UP.has(seat.state)) seat.up += span;
      if (seat.state === 'failover') seat.failover += span;
      if (seat.state === 'offline') seat.offline += span;
    }
    seat.at = at;
  };
  for (const change of changes.before) open(change.seatId).state = change.state;
  const step = (to - from) / Math.max(1, window.buckets);
  const failoverSeries: UptimeReport['failoverSeries'] = [];
  let nextBucket = from + step;
  const inFailover = () => [...perSeat.values()].filter((seat) => seat.state === 'failover').length;
  for (const change of changes.during) {
    while (change.at > nextBucket && nextBucket <= to) {
      failoverSeries.push({ at: Math.round(nextBucket), seats: inFailover() });
      nextBucket += step;
    }
    const seat = open(change.seatId);
    close(seat, change.at);
    seat.state = change.state;
  }
  while (nextBucket <= to + 1) {
    failoverSeries.push({ at: Math.round(nextBucket), seats: inFailover() });
    nextBucket += step;
  }
  for (const seat of perSeat.values()) close(seat, to);
  const seats = [...perSeat.entries()].map(([seatId, seat]) => ({
    seatId,
    team: teams.get(seatId) ?? 'default',
    uptime: seat.counted === 0 ? 1 : seat.up / seat.counted,
    failoverMs: seat.failover,
    offlineMs: seat.offline,
  }));
  const byTeam = new Map<string, { up: number; counted: number }>();
  for (const [seatId, seat] of perSeat) {
    const team = teams.get(seatId) ?? 'default';
    const sum = byTeam.get(team) ?? { up: 0, counted: 0 };
    byTeam.set(team, { up: sum.up + seat.up, counted: sum.counted + seat.counted });
  }
  return {
    seats,
    teams: [...byTeam.entries()].map(([team, sum]) => ({ team, uptime: sum.counted === 0 ? 1 : sum.up / sum.counted })),
    failoverSeries,
  };
}

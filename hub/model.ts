import type { FaultCode } from '../main/core/health/faults.ts';
import type { Heartbeat } from '../main/core/reporter/wire.ts';

/** What a supervisor sees of a seat: offline means no heartbeat for a while, whatever it said last. */
export const SEAT_STATES = ['healthy', 'degraded', 'failover', 'offline'] as const;
export type SeatState = (typeof SEAT_STATES)[number];

/** A seat on the floor, as every hub keeps it in memory and the dashboard shows it. */
export interface SeatView {
  id: string;
  team: string;
  site: string;
  state: SeatState;
  fault: FaultCode | null;
  /** When the seat entered its state (the dashboard's "since"). */
  since: number;
  lastSeen: number | null;
  revoked: boolean;
  heartbeat: Heartbeat | null;
}

/** The floor state a heartbeat means: failover wins over health, since it is what the customer feels. */
export function stateOf(heartbeat: Pick<Heartbeat, 'level' | 'mode'>): Exclude<SeatState, 'offline'> {
  if (heartbeat.mode === 'failover') return 'failover';
  return heartbeat.level === 'healthy' ? 'healthy' : 'degraded';
}

/**
 * Whether a heartbeat changes what the floor shows (and so must be written and announced), or only
 * says "still here" (kept in memory, flushed in batches). Most heartbeats are the second kind.
 */
export function isChange(seat: SeatView, heartbeat: Heartbeat): boolean {
  const last = seat.heartbeat;
  if (seat.state === 'offline' || last === null) return true;
  return (
    last.level !== heartbeat.level ||
    last.fault !== heartbeat.fault ||
    last.mode !== heartbeat.mode ||
    last.healthSince !== heartbeat.healthSince ||
    last.modeSince !== heartbeat.modeSince
  );
}

export interface HubIncident {
  id: number;
  seatId: string;
  team: string;
  site: string;
  fault: FaultCode | null;
  startedAt: number;
  detectedAt: number | null;
  failoverAt: number | null;
  recoveredAt: number | null;
  platformId: number | null;
  levelReached: number;
  lastAlertAt: number | null;
  recoveryNoticed: boolean;
  ackedAt: number | null;
  ackedBy: string | null;
}

export interface PlatformIncident {
  id: number;
  fault: FaultCode;
  startedAt: number;
  endedAt: number | null;
  seats: number;
  /** Who acknowledged the fleet-wide outage: its repeats stop (absent where not read from the store). */
  ackedAt?: number | null;
  ackedBy?: string | null;
}

export type Role = 'supervisor' | 'it';

/** What one hub tells the others (and itself) through the database. */
export type HubChange =
  { t: 'seat'; id: string } | { t: 'incident'; id: number } | { t: 'platform' } | { t: 'revoked'; id: string } | { t: 'settings' };

import type { FaultCode } from '../main/core/health/faults.ts';
import type { PlatformIncident, SeatView } from './model.ts';

/** Faults that say "WhatsApp's side fails" rather than "this seat or its network fails". */
export const WHATSAPP_SIDE_FAULTS: readonly FaultCode[] = [
  'SERVICE_OUTAGE',
  'CONNECTION_UNSTABLE',
  'SEND_FAILURE',
  'FILE_TRANSFER_FAILURE',
  'QR_UNAVAILABLE',
];

export interface OutagePolicy {
  /** Share of the seats reporting (not offline) that must report the same fault. */
  share: number;
  /** And at least this many seats: three of four seats down is no platform outage at a 300-seat site. */
  minSeats: number;
  /** The fault must have begun on them within this window: a cluster, not seats broken all week. */
  windowMs: number;
}

export interface OutageDecision {
  declare: { fault: FaultCode; seats: string[] }[];
  /** Seats to attach, and how many report the fault now (the incident keeps its peak). */
  attach: { id: number; seats: string[]; reporting: number }[];
  end: number[];
}

/**
 * One platform incident for a fault many seats report at once, instead of one per seat. It is
 * declared when enough seats began reporting it within the window, takes in every seat reporting
 * it afterwards, and ends when fewer than half the share (or fewer than minSeats) still do, so a
 * seat or two recovering first does not end it and start it again.
 */
export function decideFleetOutage(
  seats: readonly SeatView[],
  open: readonly PlatformIncident[],
  attached: ReadonlySet<string>,
  now: number,
  policy: OutagePolicy,
): OutageDecision {
  const online = seats.filter((seat) => seat.state !== 'offline' && !seat.revoked);
  const decision: OutageDecision = { declare: [], attach: [], end: [] };
  for (const fault of WHATSAPP_SIDE_FAULTS) {
    const reporting = online.filter((seat) => seat.heartbeat?.fault === fault && seat.heartbeat.level !== 'healthy');
    const incident = open.find((platform) => platform.fault === fault);
    if (incident) {
      if (reporting.length < policy.minSeats || reporting.length < (online.length * policy.share) / 2) decision.end.push(incident.id);
      else {
        const fresh = reporting.filter((seat) => !attached.has(seat.id)).map((seat) => seat.id);
        if (fresh.length > 0 || reporting.length > incident.seats)
          decision.attach.push({ id: incident.id, seats: fresh, reporting: reporting.length });
      }
      continue;
    }
    const recent = reporting.filter((seat) => seat.heartbeat!.healthSince >= now - policy.windowMs);
    if (recent.length >= policy.minSeats && recent.length >= online.length * policy.share) {
      decision.declare.push({ fault, seats: reporting.map((seat) => seat.id) });
    }
  }
  return decision;
}

import { isFaultCode } from '../health/faults.ts';
import type { KioskStatus } from '../ipc/contract.ts';
import { SEAT_EVENT_KINDS, type Heartbeat, type SeatEvent } from './wire.ts';

/**
 * What the kiosk knows beyond its status and reports to the hub. Optional: the parts that count
 * them (offline queue, outbox) are wired in where they exist.
 */
export interface Telemetry {
  queueDepth?: number;
  queueOldestAgeMs?: number;
  outboxDepth?: number;
}
export type TelemetrySource = () => Telemetry;

const TELEMETRY_KEYS = ['queueDepth', 'queueOldestAgeMs', 'outboxDepth'] as const;
const VERSION = /^[0-9A-Za-z.+_-]{1,40}$/;

/** A heartbeat from the kiosk's status: codes, counts, times and versions, nothing an agent typed or read. */
export function heartbeatOf(
  status: KioskStatus,
  modeSince: number,
  extra: Telemetry & { appVersion: string; whatsappVersion: string | null; memoryMb: number | null },
): Heartbeat {
  const counts = Object.fromEntries(
    TELEMETRY_KEYS.flatMap((key) => (extra[key] === undefined ? [] : [[key, Math.max(0, Math.round(extra[key]))]])),
  ) as Telemetry;
  return {
    level: status.health.level,
    fault: status.health.fault,
    healthSince: Math.max(0, Math.round(status.health.since)),
    mode: status.mode,
    modeSince: Math.max(0, Math.round(modeSince)),
    ...counts,
    appVersion: VERSION.test(extra.appVersion) ? extra.appVersion : '0.0.0',
    // WhatsApp's build as the page says it: kept only when it looks like a version.
    whatsappVersion: extra.whatsappVersion !== null && VERSION.test(extra.whatsappVersion) ? extra.whatsappVersion : null,
    memoryMb: extra.memoryMb === null ? null : Math.max(0, Math.round(extra.memoryMb)),
  };
}

export interface IncidentEventRow {
  id: number;
  incident_id: number;
  at: number;
  kind: string;
  detail: string | null;
}

/** The kinds worth telling the hub; notes and guidance carry free text and stay on the seat. */
export const REPORTED_KINDS: readonly string[] = SEAT_EVENT_KINDS;

/**
 * An incident event as the hub gets it: its kind and, where the detail is a fault code, that code.
 * The detail itself never leaves the seat (a note may hold an error message, a gave-up reason).
 */
export function seatEventOf(row: IncidentEventRow): SeatEvent | null {
  if (!REPORTED_KINDS.includes(row.kind)) return null;
  const code = row.detail?.match(/^[A-Z_]+/)?.[0] ?? null;
  return {
    seq: row.id,
    incident: row.incident_id,
    at: row.at,
    kind: row.kind as SeatEvent['kind'],
    fault: code !== null && isFaultCode(code) ? code : null,
  };
}

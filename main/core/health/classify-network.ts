import type { FaultCode } from './faults.ts';
import type { HttpProbeResult } from './http-probe.ts';

export interface NetworkRound {
  /** The OS's own online state, null where the runtime cannot tell. */
  osOnline: boolean | null;
  whatsapp: HttpProbeResult;
  independent: HttpProbeResult;
}

/**
 * One round of main-process probes. Asking an address outside WhatsApp too is what tells
 * "this workstation lost its network" from "WhatsApp is down for everyone".
 */
export function classifyNetwork(round: NetworkRound, slowResponseMs: number): FaultCode[] {
  if (round.osOnline === false) return ['LOCAL_NETWORK_DOWN'];
  if (!round.whatsapp.ok && !round.independent.ok) return ['LOCAL_NETWORK_DOWN'];
  if (!round.whatsapp.ok) return ['SERVICE_OUTAGE'];
  // WhatsApp answers, but so slowly that messages will stall: the connection is unusable
  // before it is down. The detector's streak rules keep one slow answer from counting.
  if ((round.whatsapp.latencyMs ?? 0) > slowResponseMs) return ['CONNECTION_UNSTABLE'];
  return [];
}

/**
 * When to probe next: the base interval while all is well; after failures, exponential backoff
 * with full jitter (capped), so 300 desks do not hammer a recovering service in step.
 */
export function nextProbeDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  if (failures <= 0) return baseMs;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 16));
  return Math.max(Math.round(baseMs / 4), Math.round(random() * ceiling));
}

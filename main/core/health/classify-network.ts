import type { FaultCode } from './faults.ts';
import type { HttpProbeResult } from './http-probe.ts';

export interface NetworkRound {
  /** The OS's own online state, null where the runtime cannot tell. */
  osOnline: boolean | null;
  whatsapp: HttpProbeResult;
  independent: HttpProbeResult;
}

/**
 * Who answered a probe. Only `whatsapp` means WhatsApp is reachable: a captive portal's
 * redirect, a proxy's 407 or a filter's refusal are answers too, but not WhatsApp's.
 * - `sign-in`: a redirect to another origin, or 511 Network Authentication Required;
 * - `blocked`: a proxy asking for credentials (407) or refusing (401/403/451), a certificate
 *   that is not the address's (TLS interception), a name that does not resolve while the rest
 *   of the internet does (a DNS filter; see classifyNetwork);
 * - `down`: no answer, or a server error.
 */
export type Answerer = 'whatsapp' | 'sign-in' | 'blocked' | 'down' | 'dns';

export function whoAnswered(result: HttpProbeResult): Answerer {
  if (result.error === 'tls') return 'blocked';
  if (result.error === 'dns') return 'dns';
  if (result.status === null || (result.status >= 500 && result.status !== 511)) return 'down';
  if (result.status === 511) return 'sign-in';
  if (result.status === 407 || result.proxyAuthenticate === true) return 'blocked';
  if (result.status === 401 || result.status === 403 || result.status === 451) return 'blocked';
  if (result.status >= 300 && result.status < 400 && redirectsElsewhere(result)) return 'sign-in';
  return 'whatsapp';
}

function redirectsElsewhere(result: HttpProbeResult): boolean {
  if (!result.location || !result.url) return false;
  try {
    return new URL(result.location).origin !== new URL(result.url).origin;
  } catch {
    return true;
  }
}

/**
 * One round of main-process probes. Asking an address outside WhatsApp too is what tells
 * "this workstation lost its network" from "WhatsApp is down for everyone", and who answered
 * tells a network that intercepts WhatsApp (a portal, a proxy, a filter) from both.
 */
export function classifyNetwork(round: NetworkRound, slowResponseMs: number): FaultCode[] {
  if (round.osOnline === false) return ['LOCAL_NETWORK_DOWN'];
  const whatsapp = whoAnswered(round.whatsapp);
  const independent = whoAnswered(round.independent);
  // A portal intercepts everything; seen on either probe, it explains the other's trouble.
  if (whatsapp === 'sign-in' || (whatsapp !== 'whatsapp' && independent === 'sign-in')) return ['NETWORK_SIGN_IN_REQUIRED'];
  if (whatsapp === 'blocked') return ['NETWORK_BLOCKED'];
  const independentAnswers = independent !== 'down' && independent !== 'dns';
  // WhatsApp's name alone not resolving, while other names do, is a DNS filter far more often
  // than WhatsApp losing its DNS for everyone.
  if (whatsapp === 'dns') return [independentAnswers ? 'NETWORK_BLOCKED' : 'LOCAL_NETWORK_DOWN'];
  if (whatsapp === 'down') return [independentAnswers ? 'SERVICE_OUTAGE' : 'LOCAL_NETWORK_DOWN'];
  // WhatsApp answers, but so slowly that messages will stall: the connection is unusable
  // before it is down. The detector's streak rules keep one slow answer from counting.
  if ((round.whatsapp.latencyMs ?? 0) > slowResponseMs) return ['CONNECTION_UNSTABLE'];
  return [];
}

/** What the probes saw, for the incident timeline and IT: who answered and how. */
export function describeNetworkRound(round: NetworkRound): string {
  const one = (name: string, result: HttpProbeResult): string => {
    const how = result.status !== null ? String(result.status) : (result.error ?? 'no answer');
    const where = result.location ? ` -> ${result.location.slice(0, 200)}` : '';
    return `${name} ${how}${where} (${whoAnswered(result)})`;
  };
  return `${one('whatsapp', round.whatsapp)}, ${one('independent', round.independent)}`;
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

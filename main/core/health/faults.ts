/**
 * The fault taxonomy (DESIGN.md). Codes are named after what the agent sees; the severity says
 * what the product does about it when healing cannot fix it.
 */
export const FAULT_CODES = [
  'LOCAL_NETWORK_DOWN',
  'SERVICE_OUTAGE',
  'CONNECTION_UNSTABLE',
  'SEND_FAILURE',
  'FILE_TRANSFER_FAILURE',
  'QR_UNAVAILABLE',
  'SESSION_LOGGED_OUT',
  'BROWSER_REJECTED',
  'RENDERER_CRASHED',
  'UNRESPONSIVE',
  'MEMORY_PRESSURE',
] as const;

export type FaultCode = (typeof FAULT_CODES)[number];

/**
 * warning: the agent can still work (degraded), we heal quietly and tell them.
 * critical: WhatsApp is unusable; heal, then fail over if healing does not help.
 */
export type Severity = 'warning' | 'critical';

export const FAULT_SEVERITY: Readonly<Record<FaultCode, Severity>> = {
  LOCAL_NETWORK_DOWN: 'critical',
  SERVICE_OUTAGE: 'critical',
  CONNECTION_UNSTABLE: 'warning',
  SEND_FAILURE: 'critical',
  FILE_TRANSFER_FAILURE: 'warning',
  QR_UNAVAILABLE: 'critical',
  SESSION_LOGGED_OUT: 'critical',
  BROWSER_REJECTED: 'critical',
  RENDERER_CRASHED: 'critical',
  UNRESPONSIVE: 'critical',
  MEMORY_PRESSURE: 'warning',
};

/**
 * Faults of the connection to WhatsApp rather than of the page: nothing in the page ends them,
 * and once the connection is back the trouble is over until the next drop.
 */
export const CONNECTION_FAULTS: ReadonlySet<FaultCode> = new Set<FaultCode>([
  'LOCAL_NETWORK_DOWN',
  'SERVICE_OUTAGE',
  'CONNECTION_UNSTABLE',
]);

/** Faults where IT must hear about it even if the agent can work around it. */
export const FAULTS_THAT_PAGE_IT: ReadonlySet<FaultCode> = new Set<FaultCode>([
  'QR_UNAVAILABLE',
  'SESSION_LOGGED_OUT',
  'SERVICE_OUTAGE',
]);

export function isFaultCode(value: unknown): value is FaultCode {
  return typeof value === 'string' && (FAULT_CODES as readonly string[]).includes(value);
}

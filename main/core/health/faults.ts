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
  'WHATSAPP_OPEN_ELSEWHERE',
  'ACCOUNT_BLOCKED',
  'NETWORK_SIGN_IN_REQUIRED',
  'NETWORK_BLOCKED',
  'PROBE_BLIND',
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
  // WhatsApp opened in another window or computer (socket CONFLICT): this seat cannot send until
  // someone presses "Use here" there, and the kiosk must never press it by itself.
  WHATSAPP_OPEN_ELSEWHERE: 'critical',
  // The account is banned (TOS_BLOCK): nobody can serve customers on this number.
  ACCOUNT_BLOCKED: 'critical',
  // The network answers for WhatsApp: a captive portal wants a sign-in...
  NETWORK_SIGN_IN_REQUIRED: 'critical',
  // ...or a proxy, DNS filter, TLS interception or WhatsApp itself (PROXYBLOCK) says the network blocks it.
  NETWORK_BLOCKED: 'critical',
  // The probe cannot read this WhatsApp build (markers fell behind): the seat may work, but we
  // would not notice if it did not. Never a reason to fail over, always one to tell IT.
  PROBE_BLIND: 'warning',
};

/**
 * Faults of the connection to WhatsApp rather than of the page: nothing in the page ends them,
 * and once the connection is back the trouble is over until the next drop.
 */
export const CONNECTION_FAULTS: ReadonlySet<FaultCode> = new Set<FaultCode>([
  'LOCAL_NETWORK_DOWN',
  'SERVICE_OUTAGE',
  'CONNECTION_UNSTABLE',
  'NETWORK_SIGN_IN_REQUIRED',
  'NETWORK_BLOCKED',
]);

/** Faults where IT must hear about it even if the agent can work around it. */
export const FAULTS_THAT_PAGE_IT: ReadonlySet<FaultCode> = new Set<FaultCode>([
  'QR_UNAVAILABLE',
  'SESSION_LOGGED_OUT',
  'SERVICE_OUTAGE',
  'ACCOUNT_BLOCKED',
  'NETWORK_SIGN_IN_REQUIRED',
  'NETWORK_BLOCKED',
  'PROBE_BLIND',
]);

export function isFaultCode(value: unknown): value is FaultCode {
  return typeof value === 'string' && (FAULT_CODES as readonly string[]).includes(value);
}

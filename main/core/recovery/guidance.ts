import type { FaultCode } from '../health/faults.ts';

/**
 * What the agent is guided to do when only a person can end the fault. The failover pane (and
 * the status bar for the phone link) shows the steps in the agent's language.
 */
export const GUIDANCES = [
  /** The QR code does not work or the session was logged out: link with a phone number. */
  'link-with-phone-number',
  /** WhatsApp is open in another window or computer: press "Use here" if this desk should have it. */
  'use-here',
  /** WhatsApp banned the account: nothing to do at the desk; supervisors and IT are told. */
  'account-blocked',
  /** A captive portal: sign in to the network (guest Wi-Fi, hotel, ...). */
  'sign-in-to-network',
  /** A proxy, firewall or DNS filter blocks WhatsApp: IT must allow it. */
  'ask-it-to-allow-whatsapp',
] as const;
export type Guidance = (typeof GUIDANCES)[number];

const GUIDANCE_FOR: Partial<Record<FaultCode, Guidance>> = {
  QR_UNAVAILABLE: 'link-with-phone-number',
  SESSION_LOGGED_OUT: 'link-with-phone-number',
  WHATSAPP_OPEN_ELSEWHERE: 'use-here',
  ACCOUNT_BLOCKED: 'account-blocked',
  NETWORK_SIGN_IN_REQUIRED: 'sign-in-to-network',
  NETWORK_BLOCKED: 'ask-it-to-allow-whatsapp',
};

/** The guidance for a fault, or null when the kiosk heals it or waits it out by itself. */
export function guidanceFor(fault: FaultCode): Guidance | null {
  return GUIDANCE_FOR[fault] ?? null;
}

/**
 * What the probe and the contacts reader inside WhatsApp's page exchange with the core: their
 * configuration (the marker pack) and their reports. Types and one constant only, so that a
 * preload bundles none of the core's validators; the core validates every report on arrival
 * (health/probe-facts.ts, contacts/contact.ts).
 */
import type { Markers } from '../health/markers.ts';

export type { Markers } from '../health/markers.ts';
export type { ProbeFacts } from '../health/probe-facts.ts';
export type { WhatsAppContact, WhatsAppContactsBatch } from '../contacts/contact.ts';
export { WHATSAPP_BATCH_MAX } from '../contacts/batch-limit.ts';

/** What the Electron shell hands the WhatsApp view's preload (IPC_CHANNELS.probeConfig). */
export interface ProbeConfig {
  markers: Markers;
  intervalMs: number;
  contactsIntervalMs: number;
}

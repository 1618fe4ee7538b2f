import type { FaultCode } from './faults.ts';

/**
 * Where an observation comes from. Each source is independent so that no single one can blind
 * the detector: the page probe, the main-process network probes, the shell's events about the
 * web surface, the probe watchdog and the memory watch.
 */
export const SIGNAL_SOURCES = ['probe', 'network', 'surface', 'watchdog', 'memory'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/**
 * One source's latest view of the world. `faults` empty means that source sees nothing wrong.
 * A source reports its whole current view each time (not deltas), so a lost report only delays.
 */
export interface SourceReport {
  source: SignalSource;
  at: number;
  faults: FaultCode[];
  /** Plain, non-personal detail for the incident timeline (never message text). */
  detail?: string;
}

/** What the WhatsApp page shows, as read by the probe from language-independent markers. */
export const WHATSAPP_SCREENS = ['loading', 'pairing', 'chats', 'browser-rejected', 'blank', 'unknown'] as const;
export type WhatsAppScreen = (typeof WHATSAPP_SCREENS)[number];

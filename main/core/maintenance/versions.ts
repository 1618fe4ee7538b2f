import type { ProbeFacts } from '../health/probe-facts.ts';

import type { Versions } from '../ipc/maintenance-wire.ts';

export type { Versions } from '../ipc/maintenance-wire.ts';

/** Whether the app or its browser changed since the versions last recorded (first start: no). */
export function shellChanged(previous: Versions | null, current: Versions): boolean {
  if (previous === null) return false;
  return previous.app !== current.app || previous.browser !== current.browser || previous.electron !== current.electron;
}

/** The browser's major version is below WhatsApp's floor; an unreadable version is no finding. */
export function browserTooOld(browser: string, minMajor: number): boolean {
  const major = Number(/^(\d+)\./.exec(browser)?.[1]);
  return Number.isFinite(major) && major < minMajor;
}

export interface MarkerEvidence {
  /** Pack entries that no longer match this build. */
  missing: string[];
  /** Entries with nothing on screen to match yet (the status icons need an outgoing message in the open chat). */
  unverified: string[];
}

/**
 * The marker-pack entries that no longer match, read from what the probe saw on the chat screen
 * (the only screen where the markers have something to match).
 */
export function markerEvidence(facts: ProbeFacts): MarkerEvidence {
  const missing: string[] = [];
  const unverified: string[] = [];
  if (facts.models === null || facts.models.version === null) missing.push('models.version');
  if (facts.models !== null && facts.models.pending === null) missing.push('models.messages');
  if (facts.socketState === null) missing.push('socketState');
  if (facts.messages.unknownStatusIcons > 0) missing.push('messages.settled');
  else if (facts.messages.outgoing === 0) unverified.push('messages.settled');
  else if (facts.messages.withKnownStatus < facts.messages.outgoing) missing.push('messages.icon');
  return { missing, unverified };
}

import type { ProbeFacts } from '../health/probe-facts.ts';

export interface Versions {
  app: string;
  /** Electron's Chromium, or the system Chromium of the Chromium shell. */
  browser: string;
  electron: string | null;
  /** WhatsApp Web's build as the page says (Debug.VERSION); null until read. */
  whatsapp: string | null;
}

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

/**
 * The marker-pack entries that no longer match, read from what the probe saw on the chat screen
 * (the only screen where every marker has something to match). Empty: the pack still fits this build.
 */
export function markersThatMiss(facts: ProbeFacts): string[] {
  const missing: string[] = [];
  if (facts.models === null || facts.models.version === null) missing.push('models.version');
  if (facts.models !== null && facts.models.pending === null) missing.push('models.messages');
  if (facts.socketState === null) missing.push('socketState');
  if (facts.messages.unknownStatusIcons > 0) missing.push('messages.settled');
  else if (facts.messages.withKnownStatus < facts.messages.outgoing) missing.push('messages.icon');
  return missing;
}

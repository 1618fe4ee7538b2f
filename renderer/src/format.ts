import type { IncidentSummary, UiLanguage } from '../../main/core/ipc/contract.ts';

export type { UiLanguage };

/** BCP 47 tags for `<html lang>` and `Intl`. */
export const LOCALE_TAGS: Readonly<Record<UiLanguage, string>> = { en: 'en-GB', zh: 'zh-CN' };

/** A duration split into an i18n key under `duration.` and its values. */
export interface DurationParts {
  key: 'seconds' | 'minutes' | 'hours' | 'days';
  values: Record<string, number>;
}

/** Splits a duration for display at the precision an agent cares about (two units at most). */
export function durationParts(ms: number): DurationParts {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return { key: 'seconds', values: { s: totalSeconds } };
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return { key: 'minutes', values: { m: totalMinutes } };
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return { key: 'hours', values: { h: totalHours, m: totalMinutes % 60 } };
  return { key: 'days', values: { d: Math.floor(totalHours / 24), h: totalHours % 24 } };
}

/** Where an incident stands against the recovery targets. */
export type IncidentTarget = 'within-rto' | 'over-rto' | 'over-mtd';

export function incidentTarget(incident: Pick<IncidentSummary, 'durationMs' | 'rtoMs' | 'mtdMs'>): IncidentTarget {
  if (incident.durationMs > incident.mtdMs) return 'over-mtd';
  if (incident.durationMs > incident.rtoMs) return 'over-rto';
  return 'within-rto';
}

/** i18n key (under `incidents.target.`) for a target. */
export const TARGET_KEYS: Readonly<Record<IncidentTarget, string>> = {
  'within-rto': 'withinRto',
  'over-rto': 'overRto',
  'over-mtd': 'overMtd',
};

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** A clock time, with the date in front when it is not today. */
export function formatClock(at: number, language: UiLanguage, now: number): string {
  const date = new Date(at);
  const locale = LOCALE_TAGS[language];
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  if (sameDay(date, new Date(now))) return time;
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(date);
  return `${day} ${time}`;
}

/**
 * Incident timeline event kinds we have words for. Anything else is shown as the raw kind, so a
 * new kind from the main process is never hidden.
 */
export const KNOWN_EVENT_KINDS = ['detected', 'healing', 'healed', 'failover', 'failback', 'recovered', 'escalated', 'agent-mode'] as const;

export function isKnownEventKind(kind: string): kind is (typeof KNOWN_EVENT_KINDS)[number] {
  return (KNOWN_EVENT_KINDS as readonly string[]).includes(kind);
}

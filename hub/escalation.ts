import { z } from 'zod';
import type { HubIncident } from './model.ts';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('email'), to: z.array(z.email()).min(1) }),
  z.strictObject({
    type: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/ }),
    format: z.enum(['json', 'slack', 'teams']).default('json'),
  }),
]);
export type Channel = z.infer<typeof channelSchema>;

export const escalationSchema = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(64),
        /** Which budget this level counts against, and after how much of it the level is told. */
        budget: z.enum(['rto', 'mtd']),
        share: z.number().min(0).max(10),
        channels: z.array(channelSchema).min(1),
      }),
    )
    .default([]),
  rtoMinutes: z.number().positive().max(10_080).default(15),
  mtdMinutes: z.number().positive().max(10_080).default(240),
  repeatMinutes: z.number().positive().max(1_440).default(15),
  /** Repeats and recovery notices wait outside these hours (a new level is always told). */
  quietHours: z
    .strictObject({ from: clock, to: clock, timeZone: z.string().default('UTC') })
    .nullable()
    .default(null),
  /** Tell every level that was told once the incident recovered. */
  recoveryNotices: z.boolean().default(true),
});
export type EscalationPolicy = z.infer<typeof escalationSchema>;

export type AlertKind = 'escalation' | 'repeat' | 'recovery';

export interface EscalationStep {
  /** Levels (1-based) to tell, and how. */
  send: { level: number; kind: AlertKind }[];
  patch: { levelReached: number; lastAlertAt: number | null; recoveryNoticed: boolean };
}

/** Minutes since midnight within quiet hours; a span may cross midnight (22:00-07:00). */
export function isQuiet(quiet: EscalationPolicy['quietHours'], minuteOfDay: number): boolean {
  if (!quiet) return false;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  return from <= to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

/**
 * What escalation an incident needs now: each level once its share of the RTO or MTD budget has
 * passed (a level reached late tells every level below it it skipped), repeats to the highest level
 * reached until someone acknowledges, and once it recovered a notice to everyone told. Null when
 * nothing is due.
 */
export function decideEscalation(incident: HubIncident, policy: EscalationPolicy, now: number, quiet: boolean): EscalationStep | null {
  const { levelReached, lastAlertAt } = incident;
  if (incident.recoveredAt !== null) {
    if (levelReached === 0 || incident.recoveryNoticed || quiet) return null;
    return {
      send: policy.recoveryNotices ? range(1, levelReached).map((level) => ({ level, kind: 'recovery' })) : [],
      patch: { levelReached, lastAlertAt: now, recoveryNoticed: true },
    };
  }
  const elapsed = now - incident.startedAt;
  const budgetMs = { rto: policy.rtoMinutes * 60_000, mtd: policy.mtdMinutes * 60_000 };
  let target = 0;
  policy.levels.forEach((level, index) => {
    if (elapsed >= level.share * budgetMs[level.budget]) target = Math.max(target, index + 1);
  });
  if (target > levelReached) {
    return {
      send: range(levelReached + 1, target).map((level) => ({ level, kind: 'escalation' })),
      patch: { levelReached: target, lastAlertAt: now, recoveryNoticed: false },
    };
  }
  const repeatDue = lastAlertAt !== null && now - lastAlertAt >= policy.repeatMinutes * 60_000;
  if (levelReached > 0 && incident.ackedAt === null && repeatDue && !quiet) {
    return { send: [{ level: levelReached, kind: 'repeat' }], patch: { levelReached, lastAlertAt: now, recoveryNoticed: false } };
  }
  return null;
}

/**
 * What a saved escalation policy changed, for the audit log: numbers, names and channel kinds only.
 * Recipients and webhook URLs are left out (a chat tool's webhook URL is itself a secret).
 */
export function escalationChanges(before: EscalationPolicy, after: EscalationPolicy): string {
  const quiet = (policy: EscalationPolicy) =>
    policy.quietHours ? `${policy.quietHours.from}-${policy.quietHours.to} ${policy.quietHours.timeZone}` : 'none';
  const levels = (policy: EscalationPolicy) =>
    policy.levels
      .map((level) => {
        const channels = level.channels.map((channel) =>
          channel.type === 'email' ? `email×${channel.to.length}` : `webhook(${channel.format})`,
        );
        return `${level.name} ${level.budget} ${level.share} [${channels.join(' ')}]`;
      })
      .join('; ') || 'none';
  const fields: [string, (policy: EscalationPolicy) => string][] = [
    ['RTO min', (policy) => String(policy.rtoMinutes)],
    ['MTD min', (policy) => String(policy.mtdMinutes)],
    ['repeat min', (policy) => String(policy.repeatMinutes)],
    ['quiet hours', quiet],
    ['recovery notices', (policy) => (policy.recoveryNotices ? 'on' : 'off')],
    ['levels', levels],
  ];
  const changed = fields
    .filter(([, show]) => show(before) !== show(after))
    .map(([name, show]) => `${name}: ${show(before)} → ${show(after)}`);
  // Another recipient or URL: said, without saying which.
  const targets = (policy: EscalationPolicy) =>
    JSON.stringify(policy.levels.map((level) => level.channels.map((channel) => (channel.type === 'email' ? channel.to : channel.url))));
  if (targets(before) !== targets(after)) changed.push('recipients or webhook URLs changed');
  return changed.join(' | ') || 'no change';
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

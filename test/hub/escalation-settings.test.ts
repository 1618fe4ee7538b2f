import { describe, expect, it } from 'vitest';
import { decideEscalation, escalationChanges, escalationSchema } from '../../hub/escalation.ts';
import { hubIncident } from './support/incident.ts';

const policy = escalationSchema.parse({
  rtoMinutes: 10,
  levels: [
    { name: 'lead', budget: 'rto', share: 0.5, channels: [{ type: 'email', to: ['lead@example.test', 'deputy@example.test'] }] },
    { name: 'it', budget: 'mtd', share: 1, channels: [{ type: 'webhook', url: 'https://chat.example.test/hook/T0KEN', format: 'slack' }] },
  ],
});

describe('what a saved escalation policy changed, for the audit log', () => {
  it('names each changed field before and after', () => {
    const after = { ...policy, rtoMinutes: 5, quietHours: { from: '22:00', to: '07:00', timeZone: 'UTC' }, recoveryNotices: false };
    const summary = escalationChanges(policy, after);
    expect(summary).toContain('RTO min: 10 → 5');
    expect(summary).toContain('quiet hours: none → 22:00-07:00 UTC');
    expect(summary).toContain('recovery notices: on → off');
    expect(summary).not.toContain('MTD');
    expect(escalationChanges(policy, policy)).toBe('no change');
  });

  it('says that recipients or URLs changed, never which', () => {
    const level = policy.levels[1]!;
    const after = {
      ...policy,
      levels: [
        policy.levels[0]!,
        { ...level, channels: [{ type: 'webhook' as const, url: 'https://chat.example.test/hook/N3W', format: 'slack' as const }] },
      ],
    };
    const summary = escalationChanges(policy, after);
    expect(summary).toBe('recipients or webhook URLs changed');
    const added = escalationChanges(policy, { ...policy, levels: [policy.levels[0]!] });
    expect(added).toContain('levels: lead rto 0.5 [email×2]; it mtd 1 [webhook(slack)] → lead rto 0.5 [email×2]');
    expect(`${summary} ${added}`).not.toMatch(/T0KEN|N3W|example\.test/);
  });
});

describe('recovery notices', () => {
  const recovered = hubIncident({ recoveredAt: 60_000, levelReached: 2, lastAlertAt: 30_000 });

  it('tell every level told, unless turned off; either way the incident is done with', () => {
    expect(decideEscalation(recovered, policy, 70_000, false)?.send).toEqual([
      { level: 1, kind: 'recovery' },
      { level: 2, kind: 'recovery' },
    ]);
    const off = decideEscalation(recovered, { ...policy, recoveryNotices: false }, 70_000, false);
    expect(off).toEqual({ send: [], patch: { levelReached: 2, lastAlertAt: 70_000, recoveryNoticed: true } });
  });
});

import { describe, expect, it } from 'vitest';
import { decideEscalation, escalationSchema, isQuiet } from '../../hub/escalation.ts';
import { decideFleetOutage } from '../../hub/fleet-outage.ts';
import { takeBatch } from '../../hub/ingest/group-commit.ts';
import { isChange, stateOf, type SeatView } from '../../hub/model.ts';
import { hubIncident } from './support/incident.ts';
import { computeUptime } from '../../hub/uptime.ts';
import { seatEventOf } from '../../main/core/reporter/telemetry.ts';
import type { FaultCode } from '../../main/core/health/faults.ts';
import { heartbeat } from './support/hub-client.ts';

const NOW = 1_000_000;
const policy = { share: 0.3, minSeats: 3, windowMs: 120_000 };

function seat(
  id: string,
  fault: FaultCode | null,
  since = NOW - 10_000,
  state: SeatView['state'] = fault ? 'degraded' : 'healthy',
): SeatView {
  return {
    id,
    team: 't',
    site: 's',
    state,
    fault,
    since,
    lastSeen: NOW,
    revoked: false,
    heartbeat: heartbeat({ level: fault ? 'down' : 'healthy', fault, healthSince: since }),
  };
}

const floor = (faulty: number, total: number, fault: FaultCode = 'SERVICE_OUTAGE', since?: number) =>
  Array.from({ length: total }, (_, i) => seat(`s${i}`, i < faulty ? fault : null, since));

describe('fleet-wide outage', () => {
  it('declares one platform incident when enough seats report the same WhatsApp fault within the window', () => {
    expect(decideFleetOutage(floor(3, 10), [], new Set(), NOW, policy).declare).toEqual([
      { fault: 'SERVICE_OUTAGE', seats: ['s0', 's1', 's2'] },
    ]);
    // Too small a share, too few seats, a seat-side fault, or faults that began long ago: none.
    expect(decideFleetOutage(floor(2, 10), [], new Set(), NOW, policy).declare).toEqual([]);
    expect(decideFleetOutage(floor(2, 3), [], new Set(), NOW, policy).declare).toEqual([]);
    expect(decideFleetOutage(floor(5, 10, 'LOCAL_NETWORK_DOWN'), [], new Set(), NOW, policy).declare).toEqual([]);
    expect(decideFleetOutage(floor(5, 10, 'SERVICE_OUTAGE', NOW - 600_000), [], new Set(), NOW, policy).declare).toEqual([]);
  });

  it('does not count offline seats in the share', () => {
    const seats = [...floor(3, 5), ...Array.from({ length: 20 }, (_, i) => seat(`off${i}`, null, NOW, 'offline'))];
    expect(decideFleetOutage(seats, [], new Set(), NOW, policy).declare).toHaveLength(1);
  });

  it('takes in seats reporting it later, and ends only once most have recovered', () => {
    const open = [{ id: 7, fault: 'SERVICE_OUTAGE' as const, startedAt: NOW, endedAt: null, seats: 3 }];
    expect(decideFleetOutage(floor(4, 10), open, new Set(['s0', 's1', 's2']), NOW, policy)).toEqual({
      declare: [],
      attach: [{ id: 7, seats: ['s3'], reporting: 4 }],
      end: [],
    });
    // 3 of 10 still down: below the share but above half of it and at minSeats: it holds.
    expect(decideFleetOutage(floor(3, 10), open, new Set(['s0', 's1', 's2']), NOW, policy).end).toEqual([]);
    expect(decideFleetOutage(floor(2, 10), open, new Set(['s0', 's1']), NOW, policy).end).toEqual([7]);
  });
});

describe('escalation', () => {
  const levels = escalationSchema.parse({
    rtoMinutes: 10,
    mtdMinutes: 60,
    repeatMinutes: 5,
    levels: [
      { name: 'lead', budget: 'rto', share: 0.5, channels: [{ type: 'email', to: ['lead@example.test'] }] },
      { name: 'it', budget: 'rto', share: 1, channels: [{ type: 'webhook', url: 'http://127.0.0.1/' }] },
      { name: 'management', budget: 'mtd', share: 0.5, channels: [{ type: 'email', to: ['boss@example.test'] }] },
    ],
  });
  const incident = hubIncident;
  const min = 60_000;

  it('tells each level once its share of the budget has passed, skipped levels included', () => {
    expect(decideEscalation(incident(), levels, 4 * min, false)).toBeNull();
    expect(decideEscalation(incident(), levels, 5 * min, false)?.send).toEqual([{ level: 1, kind: 'escalation' }]);
    expect(decideEscalation(incident(), levels, 31 * min, false)?.send).toEqual([
      { level: 1, kind: 'escalation' },
      { level: 2, kind: 'escalation' },
      { level: 3, kind: 'escalation' },
    ]);
  });

  it('repeats to the level reached until acknowledged, never in quiet hours', () => {
    const reached = incident({ levelReached: 1, lastAlertAt: 4 * min });
    expect(decideEscalation(reached, levels, 8.9 * min, false)).toBeNull();
    expect(decideEscalation(reached, levels, 9.5 * min, false)?.send).toEqual([{ level: 1, kind: 'repeat' }]);
    expect(decideEscalation({ ...reached, ackedAt: 6 * min }, levels, 9.5 * min, false)).toBeNull();
    expect(decideEscalation(reached, levels, 9.5 * min, true)).toBeNull();
    // A new level is news even when acknowledged and in quiet hours.
    expect(decideEscalation({ ...reached, ackedAt: 6 * min }, levels, 10 * min, true)?.send).toEqual([{ level: 2, kind: 'escalation' }]);
  });

  it('sends a recovery notice once to every level told', () => {
    const recovered = incident({ levelReached: 2, lastAlertAt: 10 * min, recoveredAt: 12 * min });
    expect(decideEscalation(recovered, levels, 12 * min, false)?.send).toEqual([
      { level: 1, kind: 'recovery' },
      { level: 2, kind: 'recovery' },
    ]);
    expect(decideEscalation({ ...recovered, recoveryNoticed: true }, levels, 13 * min, false)).toBeNull();
    expect(decideEscalation(incident({ recoveredAt: 1 }), levels, 13 * min, false)).toBeNull();
  });

  it('knows quiet hours across midnight', () => {
    const quiet = { from: '22:00', to: '07:00', timeZone: 'UTC' };
    expect([isQuiet(quiet, 23 * 60), isQuiet(quiet, 6 * 60 + 59), isQuiet(quiet, 7 * 60), isQuiet(quiet, 12 * 60)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(isQuiet({ from: '12:00', to: '13:00', timeZone: 'UTC' }, 12 * 60 + 30)).toBe(true);
    expect(isQuiet(null, 0)).toBe(false);
  });

  it('refuses a bad policy', () => {
    expect(
      escalationSchema.safeParse({ levels: [{ name: 'x', budget: 'rto', share: 1, channels: [{ type: 'email', to: ['not an email'] }] }] })
        .success,
    ).toBe(false);
    expect(escalationSchema.safeParse({ quietHours: { from: '25:00', to: '07:00' } }).success).toBe(false);
  });
});

describe('the floor', () => {
  it('shows failover before health, and writes only heartbeats that change what it shows', () => {
    expect(stateOf({ level: 'healthy', mode: 'failover' })).toBe('failover');
    expect(stateOf({ level: 'degraded', mode: 'whatsapp' })).toBe('degraded');
    const known = seat('a', null);
    expect(isChange(known, { ...known.heartbeat!, memoryMb: 999, queueDepth: 4 })).toBe(false);
    expect(isChange(known, { ...known.heartbeat!, mode: 'failover' })).toBe(true);
    expect(isChange({ ...known, state: 'offline' }, known.heartbeat!)).toBe(true);
  });

  it('writes changes in batches that hold each seat once, in the order they came', () => {
    const queue = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2', 'd1'].map((id) => ({ key: id[0]!, id }));
    const first = takeBatch(queue, 10);
    expect(first.batch.map((e) => e.id)).toEqual(['a1', 'b1', 'c1', 'd1']);
    expect(first.rest.map((e) => e.id)).toEqual(['a2', 'a3', 'b2']);
    expect(takeBatch(first.rest, 10).batch.map((e) => e.id)).toEqual(['a2', 'b2']);
    // A full batch leaves the rest, oldest first, for the next.
    expect(takeBatch(queue, 2)).toEqual({ batch: [queue[0], queue[1]], rest: queue.slice(2) });
  });

  it('computes uptime per seat and team and the seats in failover over time', () => {
    const report = computeUptime(
      {
        before: [{ seatId: 'a', at: 0, state: 'healthy' }],
        during: [
          { seatId: 'a', at: 50, state: 'failover' },
          { seatId: 'a', at: 75, state: 'healthy' },
          { seatId: 'b', at: 50, state: 'healthy' },
        ],
      },
      new Map([
        ['a', 'care'],
        ['b', 'care'],
      ]),
      { from: 0, to: 100, buckets: 4 },
    );
    expect(report.seats).toEqual([
      { seatId: 'a', team: 'care', uptime: 0.75, failoverMs: 25, offlineMs: 0 },
      { seatId: 'b', team: 'care', uptime: 1, failoverMs: 0, offlineMs: 0 },
    ]);
    expect(report.teams).toEqual([{ team: 'care', uptime: 125 / 150 }]);
    // Sampled at 25, 50, 75 and 100: in failover from 50 until 75.
    expect(report.failoverSeries.map((point) => point.seats)).toEqual([0, 1, 0, 0]);
  });
});

describe('what a seat tells the hub of an incident event', () => {
  it('keeps the kind and a fault code, never a free-text detail', () => {
    expect(seatEventOf({ id: 3, incident_id: 1, at: 5, kind: 'escalated', detail: 'SERVICE_OUTAGE: healing gave up' })).toEqual({
      seq: 3,
      incident: 1,
      at: 5,
      kind: 'escalated',
      fault: 'SERVICE_OUTAGE',
    });
    expect(seatEventOf({ id: 4, incident_id: 1, at: 5, kind: 'note', detail: 'call ann@example.com' })).toBeNull();
    expect(seatEventOf({ id: 5, incident_id: 1, at: 5, kind: 'healing', detail: 'reload (RENDERER_CRASHED)' })?.fault).toBeNull();
  });
});

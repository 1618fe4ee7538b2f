import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubConfig } from '../../hub/config.ts';
import { hubConfigSchema } from '../../hub/config.ts';
import { heartbeat, openHub, sqliteConfig, type TestHub } from './support/hub-client.ts';
import { startPostgres, type Postgres } from './support/postgres.ts';

let postgres: Postgres;
let dbCount = 0;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres.stop());

const backends: [string, () => Promise<HubConfig>][] = [
  ['SQLite', () => Promise.resolve(sqliteConfig({ secureCookies: false }))],
  [
    'PostgreSQL',
    async () => hubConfigSchema.parse({ port: 0, secureCookies: false, database: await postgres.database(`hub_api_${++dbCount}`) }),
  ],
];

describe.each(backends)('hub API on %s', (_name, config) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await openHub(await config());
  });
  afterAll(() => hub.close());

  it('enrols a seat once with a valid enrolment token and shows its state', async () => {
    const token = await hub.enrol('desk-1', { team: 'sales', site: 'hq' });
    const answer = await hub.report(token, heartbeat({ level: 'down', fault: 'SERVICE_OUTAGE', mode: 'failover', modeSince: 5_000 }));
    expect(answer.status).toBe(200);
    const seat = hub.hub.seats.find((s) => s.id === 'desk-1');
    expect(seat).toMatchObject({ team: 'sales', site: 'hq', state: 'failover', fault: 'SERVICE_OUTAGE' });
    expect((await hub.hub.store.seat('desk-1'))?.state).toBe('failover');

    const again = await hub.post('/api/v1/enrol', { enrolmentToken: await hub.hub.createEnrolmentToken(), seatId: 'desk-1' });
    expect(again.status).toBe(409);
    const forged = await hub.post('/api/v1/enrol', { enrolmentToken: 'x'.repeat(43), seatId: 'desk-9' });
    expect(forged.status).toBe(401);
    expect(await hub.hub.store.seat('desk-9')).toBeNull();
  });

  it('keeps each event once and acknowledges the highest held', async () => {
    const token = await hub.enrol('desk-2');
    const events = [
      { seq: 1, incident: 7, at: 10_000, kind: 'first-signal', fault: 'SEND_FAILURE' },
      { seq: 2, incident: 7, at: 11_000, kind: 'detected', fault: 'SEND_FAILURE' },
      { seq: 3, incident: 7, at: 12_000, kind: 'failover', fault: null },
    ] as const;
    const first = await hub.report(token, heartbeat(), [...events]);
    expect(await first.json()).toMatchObject({ ackedSeq: 3 });
    // The seat did not hear the answer and sends the same events again, with one more.
    const again = await hub.report(token, heartbeat(), [...events, { seq: 4, incident: 7, at: 20_000, kind: 'recovered', fault: null }]);
    expect(await again.json()).toMatchObject({ ackedSeq: 4 });
    const incidents = (await hub.hub.store.incidents()).filter((i) => i.seatId === 'desk-2');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      fault: 'SEND_FAILURE',
      startedAt: 10_000,
      detectedAt: 11_000,
      failoverAt: 12_000,
      recoveredAt: 20_000,
    });
    expect(await hub.hub.store.timeline(incidents[0]!.id)).toHaveLength(4);
  });

  it('refuses unauthenticated, forged, replayed, revoked, malformed and oversized reports, changing nothing', async () => {
    const token = await hub.enrol('desk-3');
    expect((await hub.report(token, heartbeat(), [], 1_000)).status).toBe(200);
    const before = await hub.hub.store.seat('desk-3');
    const bad = heartbeat({ level: 'down', fault: 'RENDERER_CRASHED' });
    const event = { seq: 1, incident: 1, at: 1, kind: 'detected', fault: 'RENDERER_CRASHED' } as const;
    const refusals: [string, Promise<Response>, number][] = [
      ['no token', hub.post('/api/v1/report', { n: 2_000, sentAt: 1, heartbeat: bad, events: [event] }), 401],
      ['forged token', hub.report(`desk-3.${'A'.repeat(43)}`, bad, [event], 2_000), 401],
      ['replayed', hub.report(token, bad, [event], 1_000), 409],
      ['older', hub.report(token, bad, [event], 999), 409],
      [
        'extra key',
        hub.post('/api/v1/report', { n: 2_001, sentAt: 1, heartbeat: { ...bad, contactName: 'Ann' }, events: [] }, auth(token)),
        400,
      ],
      ['wrong type', hub.post('/api/v1/report', { n: '2002', sentAt: 1, heartbeat: bad, events: [] }, auth(token)), 400],
      [
        'unknown fault',
        hub.post('/api/v1/report', { n: 2_003, sentAt: 1, heartbeat: { ...bad, fault: 'NOPE' }, events: [] }, auth(token)),
        400,
      ],
      [
        'oversized',
        hub.post('/api/v1/report', { n: 2_004, sentAt: 1, heartbeat: bad, events: [], pad: 'x'.repeat(100_000) }, auth(token)),
        413,
      ],
      [
        'not JSON',
        fetch(`${hub.url}/api/v1/report`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth(token) },
          body: '{"n":',
        }),
        400,
      ],
    ];
    for (const [what, response, status] of refusals) expect([what, (await response).status]).toEqual([what, status]);
    expect(await hub.hub.store.seat('desk-3')).toEqual(before);
    expect((await hub.hub.store.incidents()).filter((i) => i.seatId === 'desk-3')).toEqual([]);

    const it = await hub.signIn('it-3', 'it');
    const revoke = await hub.post('/api/seats/desk-3/revoke', {}, { cookie: it.cookie, 'x-csrf-token': it.csrf });
    expect(revoke.status).toBe(200);
    expect((await hub.report(token, bad, [event], 3_000)).status).toBe(401);
    expect((await hub.hub.store.seat('desk-3'))?.state).toBe(before?.state);
  });

  it('lets only IT revoke seats, requires the CSRF token for changes and audits who did what', async () => {
    await hub.enrol('desk-4');
    const supervisor = await hub.signIn('sup-4', 'supervisor');
    const it = await hub.signIn('it-4', 'it');
    expect((await hub.post('/api/seats/desk-4/revoke', {}, { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf })).status).toBe(
      403,
    );
    expect((await hub.post('/api/seats/desk-4/revoke', {}, { cookie: it.cookie })).status).toBe(403);
    expect((await hub.post('/api/seats/desk-4/revoke', {}, { 'x-csrf-token': it.csrf })).status).toBe(401);
    expect((await hub.hub.store.seat('desk-4'))?.revoked).toBe(false);
    expect((await hub.post('/api/seats/desk-4/revoke', {}, { cookie: it.cookie, 'x-csrf-token': it.csrf })).status).toBe(200);
    expect((await hub.hub.store.seat('desk-4'))?.revoked).toBe(true);
    const audit = await fetch(`${hub.url}/api/audit`, { headers: { cookie: it.cookie } });
    expect(((await audit.json()) as { entries: { actor: string; action: string; target: string }[] }).entries).toContainEqual(
      expect.objectContaining({ actor: 'it-4', action: 'revoke-seat', target: 'desk-4' }),
    );
    expect((await fetch(`${hub.url}/api/audit`, { headers: { cookie: supervisor.cookie } })).status).toBe(403);
    const login = await hub.post('/api/login', { username: 'sup-4', password: 'wrong password!' });
    expect(login.status).toBe(401);
  });

  it('exports incidents as CSV that a spreadsheet cannot run, and reports uptime per seat and team', async () => {
    const token = await hub.enrol('=cmd|calc', { team: 'care' }).catch(() => null);
    expect(token).toBeNull();
    const seatToken = await hub.enrol('desk-5', { team: '=HYPERLINK("x")' });
    await hub.report(seatToken, heartbeat({ level: 'down', fault: 'SEND_FAILURE', mode: 'failover' }), [
      { seq: 1, incident: 1, at: Date.now() - 60_000, kind: 'first-signal', fault: 'SEND_FAILURE' },
    ]);
    const supervisor = await hub.signIn('sup-5', 'supervisor');
    const csv = await fetch(`${hub.url}/api/incidents.csv?window=24h`, { headers: { cookie: supervisor.cookie } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('seat,team,site,fault');
    expect(text).toContain('desk-5');
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const uptime = (await (await fetch(`${hub.url}/api/uptime?window=24h`, { headers: { cookie: supervisor.cookie } })).json()) as {
      seats: { seatId: string }[];
      teams: { team: string }[];
    };
    expect(uptime.seats.map((seat) => seat.seatId)).toContain('desk-5');
    expect((await fetch(`${hub.url}/api/uptime?window=1y`, { headers: { cookie: supervisor.cookie } })).status).toBe(400);
    expect((await fetch(`${hub.url}/api/incidents.csv`)).status).toBe(401);
  });
});

describe('two hubs on one PostgreSQL', () => {
  it('an escalation policy saved through one hub is in force on the other', async () => {
    const database = await postgres.database(`hub_api_${++dbCount}`);
    const [a, b] = [
      await openHub(hubConfigSchema.parse({ port: 0, secureCookies: false, database })),
      await openHub(hubConfigSchema.parse({ port: 0, secureCookies: false, database })),
    ];
    try {
      const it = await a.signIn('ida', 'it');
      const policy = {
        rtoMinutes: 7,
        levels: [{ name: 'Night desk', budget: 'rto', share: 0.5, channels: [{ type: 'email', to: ['night@example.test'] }] }],
      };
      const saved = await fetch(`${a.url}/api/settings/escalation`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: it.cookie, 'x-csrf-token': it.csrf },
        body: JSON.stringify(policy),
      });
      expect(saved.status).toBe(200);
      await expect.poll(() => b.hub.escalation.rtoMinutes, { timeout: 5_000 }).toBe(7);
      expect(b.hub.escalation.levels.map((level) => level.name)).toEqual(['Night desk']);
      // A hub started later reads it from the database, not from its config file.
      const c = await openHub(hubConfigSchema.parse({ port: 0, secureCookies: false, database }));
      expect(c.hub.escalation.rtoMinutes).toBe(7);
      await c.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

function auth(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../hub/hub.ts';
import { hashPassword } from '../../hub/server.ts';
import { heartbeat, openHub, sqliteConfig, type TestHub } from './support/hub-client.ts';

/** IT's screens over the real HTTP API on SQLite: accounts, enrolment tokens, audit, escalation settings; sessions and rate limits. */
type Who = { cookie: string; csrf: string } | null;

let hub: TestHub;
let it_: { cookie: string; csrf: string };
let supervisor: { cookie: string; csrf: string };

function call(method: string, path: string, who: Who, body?: unknown): Promise<Response> {
  return fetch(`${hub.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const getJson = async <T>(path: string, who: Who = it_): Promise<T> => (await (await call('GET', path, who)).json()) as T;

async function signInAs(username: string, password: string): Promise<{ cookie: string; csrf: string } | number> {
  const response = await hub.post('/api/login', { username, password });
  if (!response.ok) return response.status;
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

const auditActions = async () =>
  (await getJson<{ entries: { action: string; target: string | null; detail: string | null }[] }>('/api/audit')).entries;

/** Reads a live stream until it ends or `ms` pass; answers whether it ended, and what it said. */
async function readLive(response: Response, ms: number): Promise<{ ended: boolean; text: string }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      await reader.cancel();
      return { ended: false, text };
    }
    const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), left))]);
    if (chunk === 'timeout') continue;
    if (chunk.done) return { ended: true, text };
    text += decoder.decode(chunk.value);
  }
}

beforeAll(async () => {
  hub = await openHub(sqliteConfig({ secureCookies: false }));
  it_ = await hub.signIn('ida', 'it');
  supervisor = await hub.signIn('sam', 'supervisor');
});
afterAll(() => hub.close());

describe('IT-only routes', () => {
  it('refuse a supervisor (403), a stranger (401) and a change without the CSRF token, and change nothing', async () => {
    await hub.enrol('desk-x');
    const [token] = (await getJson<{ tokens: { id: number }[] }>('/api/enrolment-tokens')).tokens;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/users'],
      ['POST', '/api/users', { username: 'eve', password: 'twelve chars long', role: 'it' }],
      ['POST', '/api/users/sam/role', { role: 'it' }],
      ['POST', '/api/users/ida/password', { password: 'a new password 1' }],
      ['POST', '/api/users/ida/disabled', { disabled: true }],
      ['DELETE', '/api/users/ida'],
      ['GET', '/api/enrolment-tokens'],
      ['POST', '/api/enrolment-tokens', { team: 'x' }],
      ['POST', `/api/enrolment-tokens/${token!.id}/revoke`, {}],
      ['GET', '/api/audit'],
      ['GET', '/api/settings/escalation'],
      ['PUT', '/api/settings/escalation', { rtoMinutes: 1 }],
      ['POST', '/api/seats/desk-x/revoke', {}],
    ];
    const before = {
      users: await hub.hub.store.accounts(),
      tokens: await hub.hub.store.enrolmentTokens(),
      escalation: hub.hub.escalation,
      seat: await hub.hub.store.seat('desk-x'),
      audit: (await hub.hub.store.auditPage(null, 500)).length,
    };
    for (const [method, path, body] of routes) {
      expect([method, path, (await call(method, path, supervisor, body)).status]).toEqual([method, path, 403]);
      expect([method, path, (await call(method, path, null, body)).status]).toEqual([method, path, 401]);
      if (method !== 'GET') {
        const noCsrf = await call(method, path, { cookie: it_.cookie, csrf: '' }, body);
        expect([method, path, noCsrf.status]).toEqual([method, path, 403]);
      }
    }
    expect(await hub.hub.store.accounts()).toEqual(before.users);
    expect(await hub.hub.store.enrolmentTokens()).toEqual(before.tokens);
    expect(hub.hub.escalation).toEqual(before.escalation);
    expect(await hub.hub.store.seat('desk-x')).toEqual(before.seat);
    expect((await hub.hub.store.auditPage(null, 500)).length).toBe(before.audit);
  });
});

describe('accounts', () => {
  it('IT adds, lists, changes the role of, resets, disables and removes accounts; each change ends the sessions and is audited', async () => {
    expect((await call('POST', '/api/users', it_, { username: 'lee', password: 'lee password 12', role: 'supervisor' })).status).toBe(200);
    const lee = await signInAs('lee', 'lee password 12');
    if (typeof lee === 'number') throw new Error(`lee: ${lee}`);
    const users = (
      await getJson<{ users: { username: string; role: string; createdAt: number; lastLoginAt: number | null }[] }>('/api/users')
    ).users;
    expect(users.find((user) => user.username === 'lee')).toMatchObject({ role: 'supervisor', lastLoginAt: expect.any(Number) });
    expect(JSON.stringify(users)).not.toMatch(/argon2|password/i);

    expect((await call('POST', '/api/users/lee/role', it_, { role: 'it' })).status).toBe(200);
    expect((await call('GET', '/api/me', lee)).status).toBe(401);
    expect((await hub.hub.store.account('lee'))?.role).toBe('it');

    expect((await call('POST', '/api/users/lee/password', it_, { password: 'another password' })).status).toBe(200);
    expect(await signInAs('lee', 'lee password 12')).toBe(401);
    const again = await signInAs('lee', 'another password');
    expect(typeof again).toBe('object');

    expect((await call('POST', '/api/users/lee/disabled', it_, { disabled: true })).status).toBe(200);
    expect((await call('GET', '/api/me', again as Who)).status).toBe(401);
    expect(await signInAs('lee', 'another password')).toBe(401);
    expect((await call('POST', '/api/users/lee/disabled', it_, { disabled: false })).status).toBe(200);
    expect(typeof (await signInAs('lee', 'another password'))).toBe('object');

    expect((await call('DELETE', '/api/users/lee', it_)).status).toBe(200);
    expect(await hub.hub.store.account('lee')).toBeNull();
    expect((await call('DELETE', '/api/users/lee', it_)).status).toBe(404);

    const actions = (await auditActions()).map((entry) => `${entry.action} ${entry.target}`);
    for (const action of [
      'add-user lee',
      'change-role lee',
      'reset-password lee',
      'disable-user lee',
      'enable-user lee',
      'remove-user lee',
    ])
      expect(actions).toContain(action);
  });

  it('never leaves the hub without an enabled IT account, and refuses bad input changing nothing', async () => {
    const before = await hub.hub.store.accounts();
    expect(before.filter((user) => user.role === 'it').map((user) => user.username)).toEqual(['ida']);
    for (const [method, path, body] of [
      ['DELETE', '/api/users/ida', undefined],
      ['POST', '/api/users/ida/disabled', { disabled: true }],
      ['POST', '/api/users/ida/role', { role: 'supervisor' }],
    ] as const) {
      const response = await call(method, path, it_, body);
      expect([path, response.status]).toEqual([path, 409]);
      expect(((await response.json()) as { error: string }).error).toContain('last IT account');
    }
    const bad: [string, string, unknown][] = [
      ['POST', '/api/users', { username: 'short', password: 'too short', role: 'supervisor' }],
      ['POST', '/api/users', { username: 'bad name!', password: 'long enough password', role: 'supervisor' }],
      ['POST', '/api/users', { username: 'x', password: 'long enough password', role: 'admin' }],
      ['POST', '/api/users', { username: 'x', password: 'long enough password', role: 'supervisor', extra: 1 }],
      ['POST', '/api/users/sam/role', { role: 'root' }],
      ['POST', '/api/users/sam/password', { password: 'short' }],
      ['POST', '/api/users/sam/disabled', { disabled: 'yes' }],
      ['POST', '/api/users/..%2Fida/role', { role: 'it' }],
    ];
    for (const [method, path, body] of bad) expect([path, (await call(method, path, it_, body)).status]).toEqual([path, 400]);
    expect(await hub.hub.store.accounts()).toEqual(before);
    expect((await call('GET', '/api/me', it_)).status).toBe(200);
  });

  it('lets everyone change their own password with the old one; their other sessions end, this one stays', async () => {
    await hub.hub.store.addUser('kim', await hashPassword('kim password 12'), 'supervisor', Date.now());
    const here = (await signInAs('kim', 'kim password 12')) as { cookie: string; csrf: string };
    const elsewhere = (await signInAs('kim', 'kim password 12')) as { cookie: string; csrf: string };
    expect((await call('POST', '/api/me/password', here, { oldPassword: 'wrong one', newPassword: 'kim new password' })).status).toBe(403);
    expect((await call('POST', '/api/me/password', here, { oldPassword: 'kim password 12', newPassword: 'short' })).status).toBe(400);
    expect(typeof (await signInAs('kim', 'kim password 12'))).toBe('object');
    expect((await call('POST', '/api/me/password', here, { oldPassword: 'kim password 12', newPassword: 'kim new password' })).status).toBe(
      200,
    );
    expect((await call('GET', '/api/me', here)).status).toBe(200);
    expect((await call('GET', '/api/me', elsewhere)).status).toBe(401);
    expect(await signInAs('kim', 'kim password 12')).toBe(401);
    expect((await auditActions()).map((entry) => entry.action)).toContain('change-own-password');
  });
});

describe('enrolment tokens', () => {
  it('are shown once, listed with scope, expiry and use but never the token, and revoked', async () => {
    const created = await call('POST', '/api/enrolment-tokens', it_, { team: 'care', site: 'north', days: 7 });
    const { id, token } = (await created.json()) as { id: number; token: string };
    expect(token).toMatch(/^[\w-]{43}$/);
    const listed = async () =>
      (await getJson<{ tokens: Record<string, unknown>[] }>('/api/enrolment-tokens')).tokens.find((t) => t.id === id)!;
    expect(await listed()).toMatchObject({ team: 'care', site: 'north', usedCount: 0, lastUsedAt: null, revokedAt: null });
    expect((await listed()).expiresAt).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const everything = JSON.stringify(await getJson('/api/enrolment-tokens'));
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(hashToken(token));

    expect((await hub.post('/api/v1/enrol', { enrolmentToken: token, seatId: 'desk-t1' })).status).toBe(200);
    expect(await listed()).toMatchObject({ usedCount: 1, lastUsedAt: expect.any(Number) });
    expect((await call('POST', `/api/enrolment-tokens/${id}/revoke`, it_, {})).status).toBe(200);
    expect((await call('POST', `/api/enrolment-tokens/${id}/revoke`, it_, {})).status).toBe(404);
    expect((await listed()).revokedAt).toEqual(expect.any(Number));
    expect((await hub.post('/api/v1/enrol', { enrolmentToken: token, seatId: 'desk-t2' })).status).toBe(401);
    expect(await hub.hub.store.seat('desk-t2')).toBeNull();
    for (const body of [{ days: 0 }, { days: 366 }, { team: '' }, { team: 'x', extra: true }, { days: '7' }])
      expect([body, (await call('POST', '/api/enrolment-tokens', it_, body)).status]).toEqual([body, 400]);

    const entries = await auditActions();
    expect(entries).toContainEqual(expect.objectContaining({ action: 'create-enrolment-token', target: `#${id}` }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'revoke-enrolment-token', target: `#${id}` }));
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it('audit log pages newest first', async () => {
    const first = await getJson<{ entries: { id: number }[]; more: boolean }>('/api/audit?limit=3');
    expect(first.entries).toHaveLength(3);
    expect(first.more).toBe(true);
    const ids = first.entries.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const next = await getJson<{ entries: { id: number }[] }>(`/api/audit?limit=3&before=${ids.at(-1)}`);
    expect(next.entries[0]!.id).toBeLessThan(ids.at(-1)!);
    expect((await call('GET', '/api/audit?limit=x', it_)).status).toBe(400);
  });
});

describe('escalation settings', () => {
  const good = {
    rtoMinutes: 10,
    mtdMinutes: 120,
    repeatMinutes: 5,
    quietHours: { from: '22:00', to: '06:00', timeZone: 'Asia/Shanghai' },
    recoveryNotices: false,
    levels: [
      { name: 'Team lead', budget: 'rto', share: 0.5, channels: [{ type: 'email', to: ['lead@example.test'] }] },
      {
        name: 'IT',
        budget: 'mtd',
        share: 0.25,
        channels: [{ type: 'webhook', url: 'https://chat.example.test/hook/SECRET', format: 'slack' }],
      },
    ],
  };

  it('refuses a bad policy with a clear error and changes nothing', async () => {
    const before = await getJson<{ policy: unknown }>('/api/settings/escalation');
    const level = good.levels[0]!;
    const bad: unknown[] = [
      { ...good, rtoMinutes: -1 },
      { ...good, rtoMinutes: '10' },
      { ...good, extra: 1 },
      { ...good, quietHours: { from: '25:00', to: '06:00' } },
      { ...good, levels: [{ ...level, channels: [{ type: 'email', to: ['not an address'] }] }] },
      { ...good, levels: [{ ...level, channels: [{ type: 'webhook', url: 'ftp://example.test/x' }] }] },
      { ...good, levels: [{ ...level, channels: [] }] },
      { ...good, levels: [{ ...level, budget: 'sla' }] },
    ];
    for (const body of bad) {
      const response = await call('PUT', '/api/settings/escalation', it_, body);
      expect([body, response.status]).toEqual([body, 400]);
      expect(((await response.json()) as { error?: string; message?: string }).error).toBeTruthy();
    }
    expect(await getJson('/api/settings/escalation')).toEqual(before);
    expect(await hub.hub.store.setting('escalation')).toBeNull();
  });

  it('saves a policy that takes effect at once, audited without recipients or webhook URLs', async () => {
    const response = await call('PUT', '/api/settings/escalation', it_, good);
    expect(response.status).toBe(200);
    expect(hub.hub.escalation).toMatchObject({ rtoMinutes: 10, recoveryNotices: false, levels: [{ name: 'Team lead' }, { name: 'IT' }] });
    expect(await getJson('/api/settings/escalation')).toMatchObject({ policy: good, changedBy: 'ida' });
    const incidents = await getJson<{ escalation: { levels: string[]; rtoMs: number } }>('/api/incidents?window=24h', supervisor);
    expect(incidents.escalation).toMatchObject({ levels: ['Team lead', 'IT'], rtoMs: 600_000 });
    const [entry] = (await auditActions()).filter((e) => e.action === 'change-setting');
    expect(entry!.detail).toContain('RTO min: 15 → 10');
    expect(entry!.detail).not.toMatch(/SECRET|chat\.example|lead@example/);
  });
});

describe('live streams end with their session', () => {
  const openLive = (who: { cookie: string }) => fetch(`${hub.url}/api/live`, { headers: { cookie: who.cookie } });

  it('at once when the account is removed or signs out here; by the periodic check when the session ended elsewhere', async () => {
    await call('POST', '/api/users', it_, { username: 'viv', password: 'viv password 12', role: 'supervisor' });
    const viv = (await signInAs('viv', 'viv password 12')) as { cookie: string; csrf: string };
    const removed = await openLive(viv);
    expect(removed.status).toBe(200);
    const ending = readLive(removed, 3_000);
    await call('DELETE', '/api/users/viv', it_);
    const result = await ending;
    expect(result.ended).toBe(true);
    expect(result.text).toContain('"type":"ended"');
    expect((await openLive(viv)).status).toBe(401);

    const stays = await openLive(supervisor);
    expect((await readLive(stays, 500)).ended).toBe(false);
    const signsOut = readLive(await openLive(supervisor), 3_000);
    expect((await call('POST', '/api/logout', supervisor, {})).status).toBe(200);
    expect((await signsOut).ended).toBe(true);

    // Another hub on the same database signed this session out: this hub's check notices within its period (5 s).
    const other = (await signInAs('ida', 'correct horse battery staple')) as { cookie: string };
    const elsewhere = await openLive(other);
    const sessionId = /hub_session=([^;]+)/.exec(other.cookie)![1]!;
    await hub.hub.store.deleteSession(hashToken(decodeURIComponent(sessionId)));
    expect((await readLive(elsewhere, 12_000)).ended).toBe(true);
  });
});

describe('rate limits', () => {
  it('limit a seat by its own id, and refused tokens by address whatever the header says', async () => {
    const limited = await openHub(sqliteConfig({ secureCookies: false }));
    try {
      await limited.enrol('desk-r');
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await limited.report(`desk-r.${String(i).padStart(43, 'A')}`, heartbeat())).status);
      expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
      const forgedEnrol = await limited.post('/api/v1/enrol', { enrolmentToken: 'x'.repeat(43), seatId: 'desk-z' });
      expect(forgedEnrol.status).toBe(429);

      const another = await openHub(sqliteConfig({ secureCookies: false }));
      try {
        const seatToken = await another.enrol('desk-s');
        const answers: number[] = [];
        for (let i = 0; i < 301; i++) answers.push((await another.report(seatToken, heartbeat())).status);
        expect(answers.filter((status) => status === 200)).toHaveLength(300);
        expect(answers[300]).toBe(429);
      } finally {
        await another.close();
      }
    } finally {
      await limited.close();
    }
  });

  it('limit sign-in by username for wrong passwords, whatever the address', async () => {
    const limited = await openHub(sqliteConfig({ secureCookies: false }));
    try {
      await limited.signIn('pat', 'supervisor');
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await limited.post('/api/login', { username: 'pat', password: `wrong ${i}` })).status);
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect((await limited.post('/api/login', { username: 'pat', password: 'correct horse battery staple' })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('a fleet-wide outage', () => {
  it('is acknowledged once by a supervisor and its repeats stop', async () => {
    const fleet = await openHub(
      sqliteConfig({
        secureCookies: false,
        outage: { share: 0.5, minSeats: 3, windowMs: 60_000 },
        escalation: {
          rtoMinutes: 1,
          mtdMinutes: 240,
          repeatMinutes: 0.01,
          quietHours: null,
          recoveryNotices: true,
          // Nothing listens on the discard port: the alert is recorded as failed, which is all this test needs.
          levels: [
            { name: 'Lead', budget: 'rto', share: 0, channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook', format: 'json' }] },
          ],
        },
      }),
    );
    try {
      const now = Date.now();
      for (const id of ['f-1', 'f-2', 'f-3']) {
        const token = await fleet.enrol(id);
        const down = heartbeat({ level: 'down', fault: 'SERVICE_OUTAGE', healthSince: now });
        await fleet.report(token, down, [{ seq: 1, incident: 1, at: now, kind: 'detected', fault: 'SERVICE_OUTAGE' }]);
      }
      await expect.poll(() => fleet.hub.platforms.length, { timeout: 10_000 }).toBe(1);
      const platform = fleet.hub.platforms[0]!;
      const repeats = async () => (await fleet.hub.store.alerts()).filter((alert) => alert.kind === 'repeat').length;
      await expect.poll(repeats, { timeout: 10_000 }).toBeGreaterThan(0);

      const sup = await fleet.signIn('sue', 'supervisor');
      const ack = () => fleet.post(`/api/platforms/${platform.id}/ack`, {}, { cookie: sup.cookie, 'x-csrf-token': sup.csrf });
      expect((await fleet.post(`/api/platforms/${platform.id}/ack`, {}, { cookie: sup.cookie })).status).toBe(403);
      const smuggled = await fleet.post(
        `/api/platforms/${platform.id}/ack`,
        { by: 'mallory' },
        { cookie: sup.cookie, 'x-csrf-token': sup.csrf },
      );
      expect(smuggled.status).toBe(400);
      expect(fleet.hub.platforms[0]?.ackedBy ?? null).toBeNull();
      expect((await ack()).status).toBe(200);
      expect((await ack()).status).toBe(409);
      await expect.poll(() => fleet.hub.platforms[0]?.ackedBy, { timeout: 5_000 }).toBe('sue');
      const after = await repeats();
      // Repeats are due every 0.6 s and the hub ticks every 2 s: at least one tick passes with one due.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await repeats()).toBe(after);
      expect((await fleet.hub.store.incidents({ open: true })).every((incident) => incident.ackedBy === 'sue')).toBe(true);
      expect((await fleet.hub.store.auditLog()).some((entry) => entry.action === 'acknowledge-platform' && entry.actor === 'sue')).toBe(
        true,
      );
    } finally {
      await fleet.close();
    }
  });
});

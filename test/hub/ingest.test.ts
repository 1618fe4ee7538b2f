import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubConfigSchema } from '../../hub/config.ts';
import { Hub } from '../../hub/hub.ts';
import { GroupCommit } from '../../hub/ingest/group-commit.ts';
import { stateOf } from '../../hub/model.ts';
import { postgresDriver } from '../../hub/store/postgres-driver.ts';
import type { SqlDriver } from '../../hub/store/sql.ts';
import { sqliteDriver } from '../../hub/store/sqlite-driver.ts';
import { HubStore, type ChangeWrite, type ViewNotice } from '../../hub/store/store.ts';
import type { Heartbeat } from '../../main/core/reporter/wire.ts';
import { heartbeat } from './support/hub-client.ts';
import { startPostgres, type Postgres } from './support/postgres.ts';

const NOW = 1_700_000_000_000;

let postgres: Postgres;
let databases = 0;
const opened: SqlDriver[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  for (const driver of opened) await driver.close();
  postgres?.stop();
});

async function open(driver: SqlDriver | Promise<SqlDriver>): Promise<HubStore> {
  const ready = await driver;
  opened.push(ready);
  return HubStore.open(ready);
}

const backends: [string, () => Promise<string>][] = [
  ['SQLite', () => Promise.resolve(join(mkdtempSync(join(tmpdir(), 'hub-ingest-')), 'hub.sqlite'))],
  ['PostgreSQL', () => postgres.database(`hub_ingest_${++databases}`)],
];
const driverFor = (where: string) => (where.startsWith('postgres://') ? postgresDriver(where) : sqliteDriver(where));

async function enrol(store: HubStore, ids: string[]): Promise<void> {
  await store.addEnrolmentToken('enrol-hash', {}, NOW);
  for (const id of ids) expect(await store.enrol({ tokenHash: 'enrol-hash', seatId: id, deviceHash: `device-${id}`, now: NOW })).toBe('ok');
}

const change = (id: string, n: number, beat: Heartbeat, at = NOW + n): ChangeWrite => ({
  id,
  n,
  at,
  state: stateOf(beat),
  heartbeat: beat,
});
const failover = heartbeat({ level: 'down', fault: 'SERVICE_OUTAGE', mode: 'failover', modeSince: 5_000 });

describe.each(backends)('a batch of changes on %s', (_name, where) => {
  it('writes the fresh changes and refuses the replayed, the out-of-date and the revoked, logging state changes once', async () => {
    const store = await open(driverFor(await where()));
    await enrol(store, ['a', 'b', 'c', 'd']);
    expect((await store.writeChanges([change('a', 10, heartbeat()), change('b', 10, heartbeat())], 'hub-1')).every((o) => o.ok)).toBe(true);
    await store.revokeSeat('d', NOW);

    const outcomes = await store.writeChanges(
      [
        change('a', 10, failover),
        change('b', 11, failover),
        change('c', 5, heartbeat()),
        change('d', 20, failover),
        change('x', 1, failover),
      ],
      'hub-1',
    );
    expect(outcomes).toEqual([
      { ok: false, lastN: 10 },
      { ok: true, ackedSeq: 0, view: expect.objectContaining({ id: 'b', state: 'failover', fault: 'SERVICE_OUTAGE', since: NOW + 11 }) },
      { ok: true, ackedSeq: 0, view: expect.objectContaining({ id: 'c', state: 'healthy', lastSeen: NOW + 5, heartbeat: heartbeat() }) },
      { ok: false, lastN: 0 },
      { ok: false, lastN: null },
    ]);
    expect(await store.seat('a')).toMatchObject({ state: 'healthy', fault: null });
    expect(await store.seat('d')).toMatchObject({ state: 'offline', revoked: true });

    // Same state, other details (a new fault): written, but the state did not change, so "since" and the log stay.
    const degraded = heartbeat({ level: 'degraded', fault: 'SEND_FAILURE' });
    await store.writeChanges([change('c', 30, degraded, NOW + 100)], 'hub-1');
    await store.writeChanges([change('c', 31, { ...degraded, fault: 'RENDERER_CRASHED' }, NOW + 200)], 'hub-1');
    expect(await store.seat('c')).toMatchObject({ state: 'degraded', fault: 'RENDERER_CRASHED', since: NOW + 100, lastSeen: NOW + 200 });
    const { during } = await store.stateChanges(NOW, NOW + 1_000);
    expect(during.filter((c) => c.seatId === 'c').map((c) => [c.at, c.state])).toEqual([
      [NOW + 5, 'healthy'],
      [NOW + 100, 'degraded'],
    ]);
  });

  it('marks seats silent too long offline once, logged, and returns their views', async () => {
    const store = await open(driverFor(await where()));
    await enrol(store, ['s1', 's2']);
    await store.writeChanges([change('s1', 3, failover, NOW), change('s2', 4, heartbeat(), NOW + 10_000)], 'hub-1');
    const offline = await store.markOffline(NOW + 5_000, NOW + 20_000, 'hub-1');
    expect(offline).toEqual([
      { n: 3, view: expect.objectContaining({ id: 's1', state: 'offline', since: NOW + 20_000, heartbeat: failover }) },
    ]);
    expect(await store.markOffline(NOW + 5_000, NOW + 20_000, 'hub-1')).toEqual([]);
    const { during } = await store.stateChanges(NOW + 1, NOW + 20_000);
    expect(during).toEqual([
      { seatId: 's2', at: NOW + 10_000, state: 'healthy' },
      { seatId: 's1', at: NOW + 20_000, state: 'offline' },
    ]);
  });

  it('flushes only quiet beats newer than what the database holds (an old or replayed one writes nothing)', async () => {
    const store = await open(driverFor(await where()));
    await enrol(store, ['q']);
    await store.writeChanges([change('q', 10, heartbeat({ memoryMb: 100 }), NOW)], 'hub-1');
    await store.flushSeen([{ id: 'q', seen: NOW + 5_000, n: 9, heartbeat: heartbeat({ memoryMb: 999 }) }]);
    expect(await store.seat('q')).toMatchObject({ lastSeen: NOW, heartbeat: { memoryMb: 100 } });
    await store.flushSeen([{ id: 'q', seen: NOW + 5_000, n: 11, heartbeat: heartbeat({ memoryMb: 120 }) }]);
    expect(await store.seat('q')).toMatchObject({ lastSeen: NOW + 5_000, heartbeat: { memoryMb: 120 } });
  });
});

describe('batches on PostgreSQL', () => {
  it('from two hubs over the same seats in opposite orders: no deadlock, the newer request wins', async () => {
    const where = await postgres.database(`hub_ingest_${++databases}`);
    const [one, two] = [await open(postgresDriver(where)), await open(postgresDriver(where))];
    const ids = Array.from({ length: 200 }, (_, i) => `seat-${String(i).padStart(3, '0')}`);
    await enrol(one, ids);
    for (let round = 1; round <= 5; round++) {
      const [older, newer] = await Promise.all([
        one.writeChanges(
          ids.map((id) => change(id, round * 10, failover)),
          'one',
        ),
        two.writeChanges(
          ids.toReversed().map((id) => change(id, round * 10 + 1, heartbeat())),
          'two',
        ),
      ]);
      expect(newer.every((o) => o.ok)).toBe(true);
      expect(older.every((o) => o.ok || o.lastN === round * 10 + 1)).toBe(true);
    }
    expect((await one.seats()).map((seat) => seat.state)).toEqual(ids.map(() => 'healthy'));
  });

  it('writes a batch whole or not at all, and announces nothing of a batch that failed', async () => {
    const where = await postgres.database(`hub_ingest_${++databases}`);
    const [writer, other] = [await open(postgresDriver(where)), await open(postgresDriver(where))];
    await enrol(writer, ['f1', 'f2']);
    const notices: ViewNotice[] = [];
    await other.driver.listen((payload) => notices.push(JSON.parse(payload) as ViewNotice));
    await writer.driver.query(
      `CREATE FUNCTION refuse_f2() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.id = 'f2' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`,
    );
    await writer.driver.query('CREATE TRIGGER refuse_f2 BEFORE UPDATE ON seats FOR EACH ROW EXECUTE FUNCTION refuse_f2()');
    await expect(writer.writeChanges([change('f1', 1, failover), change('f2', 1, failover)], 'writer-id')).rejects.toThrow('disk full');
    expect(await writer.seat('f1')).toMatchObject({ state: 'offline', heartbeat: null });

    await writer.driver.query('DROP TRIGGER refuse_f2 ON seats');
    await writer.writeChanges([change('f1', 2, heartbeat())], 'writer-id');
    await expect.poll(() => notices.length).toBe(1);
    expect(notices[0]).toMatchObject({ n: 2, seat: { id: 'f1', state: 'healthy' } });
    expect((await writer.stateChanges(NOW + 1, NOW + 10)).during).toEqual([{ seatId: 'f1', at: NOW + 2, state: 'healthy' }]);
  });

  it("tells every hub the written seat's view, as the writer read it back", async () => {
    const where = await postgres.database(`hub_ingest_${++databases}`);
    const [writer, other] = [await open(postgresDriver(where)), await open(postgresDriver(where))];
    await enrol(writer, ['n1', 'n2']);
    const notices: ViewNotice[] = [];
    await other.driver.listen((payload) => notices.push(JSON.parse(payload) as ViewNotice));
    await writer.writeChanges([change('n1', 7, failover), change('n2', 1, heartbeat())], 'writer-id');
    await writer.writeChanges([change('n1', 7, heartbeat())], 'writer-id');
    await expect.poll(() => notices.length).toBe(2);
    expect(notices).toEqual([
      { t: 'view', from: 'writer-id', n: 7, seat: await writer.seat('n1') },
      { t: 'view', from: 'writer-id', n: 1, seat: await writer.seat('n2') },
    ]);
    await writer.markOffline(NOW + 5, NOW + 60_000, 'leader-id');
    await expect.poll(() => notices.length).toBe(3);
    expect(notices[2]).toEqual({ t: 'view', from: 'leader-id', n: 1, seat: await writer.seat('n2') });
    expect(notices[2]?.seat.state).toBe('offline');
  });
});

describe('group commit', () => {
  it('writes what arrives together as one batch, one seat at a time, and fails only the batch that failed', async () => {
    const batches: string[][] = [];
    let fail = true;
    const commit = new GroupCommit<{ key: string; n: number }, string>(async (items) => {
      batches.push(items.map((item) => `${item.key}${item.n}`));
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) {
        fail = false;
        throw new Error('connection lost');
      }
      return items.map((item) => `ok ${item.key}${item.n}`);
    });
    const first = commit.submit({ key: 'x', n: 0 });
    const [lost] = await Promise.allSettled([first]);
    expect(lost).toMatchObject({ status: 'rejected', reason: new Error('connection lost') });
    const answers = await Promise.all([
      commit.submit({ key: 'a', n: 1 }),
      commit.submit({ key: 'b', n: 1 }),
      commit.submit({ key: 'a', n: 2 }),
      commit.submit({ key: 'c', n: 1 }),
    ]);
    expect(answers).toEqual(['ok a1', 'ok b1', 'ok a2', 'ok c1']);
    expect(batches).toEqual([['x0'], ['a1', 'b1', 'c1'], ['a2']]);
  });
});

describe('a hub whose database fails a write', () => {
  it('does not answer the change, nor show it, and writes it on the next report', async () => {
    const driver = sqliteDriver(join(mkdtempSync(join(tmpdir(), 'hub-ingest-')), 'hub.sqlite'));
    const store = await open(driver);
    await enrol(store, ['s']);
    const config = hubConfigSchema.parse({});
    const hub = new Hub(store, { ...config, dashboardUrl: config.publicUrl, now: () => NOW });
    await hub.start();
    const shown: string[] = [];
    hub.subscribe((message) => {
      if (message.type === 'seat') shown.push(message.seat.state);
    });
    await driver.query(`CREATE TRIGGER full BEFORE UPDATE OF state ON seats BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(hub.report('s', { n: 1, sentAt: NOW, heartbeat: failover, events: [] })).rejects.toThrow('disk full');
    expect(hub.seats.find((seat) => seat.id === 's')?.state).toBe('offline');
    expect(shown).toEqual([]);

    await driver.query('DROP TRIGGER full');
    expect(await hub.report('s', { n: 2, sentAt: NOW, heartbeat: failover, events: [] })).toMatchObject({ ok: true });
    expect(hub.seats.find((seat) => seat.id === 's')?.state).toBe('failover');
    expect(shown).toEqual(['failover']);
    expect(await store.seat('s')).toMatchObject({ state: 'failover' });
    await hub.stop();
  });
});

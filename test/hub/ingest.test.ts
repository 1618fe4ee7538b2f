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
import { HubStore, type IncidentNotice, type ReportWrite, type ViewNotice } from '../../hub/store/store.ts';
import type { Heartbeat, SeatEvent } from '../../main/core/reporter/wire.ts';
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

const change = (id: string, n: number, beat: Heartbeat, at = NOW + n): ReportWrite => ({
  id,
  n,
  at,
  change: { state: stateOf(beat), heartbeat: beat },
  events: [],
});
const failover = heartbeat({ level: 'down', fault: 'SERVICE_OUTAGE', mode: 'failover', modeSince: 5_000 });

describe.each(backends)('a batch of changes on %s', (_name, where) => {
  it('writes the fresh changes and refuses the replayed, the out-of-date and the revoked, logging state changes once', async () => {
    const store = await open(driverFor(await where()));
    await enrol(store, ['a', 'b', 'c', 'd']);
    expect((await store.writeReports([change('a', 10, heartbeat()), change('b', 10, heartbeat())], 'hub-1')).every((o) => o.ok)).toBe(true);
    await store.revokeSeat('d', NOW);

    const outcomes = await store.writeReports(
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
    await store.writeReports([change('c', 30, degraded, NOW + 100)], 'hub-1');
    await store.writeReports([change('c', 31, { ...degraded, fault: 'RENDERER_CRASHED' }, NOW + 200)], 'hub-1');
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
    await store.writeReports([change('s1', 3, failover, NOW), change('s2', 4, heartbeat(), NOW + 10_000)], 'hub-1');
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
    await store.writeReports([change('q', 10, heartbeat({ memoryMb: 100 }), NOW)], 'hub-1');
    await store.flushSeen([{ id: 'q', seen: NOW + 5_000, n: 9, heartbeat: heartbeat({ memoryMb: 999 }) }]);
    expect(await store.seat('q')).toMatchObject({ lastSeen: NOW, heartbeat: { memoryMb: 100 } });
    await store.flushSeen([{ id: 'q', seen: NOW + 5_000, n: 11, heartbeat: heartbeat({ memoryMb: 120 }) }]);
    expect(await store.seat('q')).toMatchObject({ lastSeen: NOW + 5_000, heartbeat: { memoryMb: 120 } });
  });
});

/** A seat's event: `at` NOW + seq unless given, so an earlier `at` under a later seq shows the earliest start wins. */
const event = (seq: number, incident: number, kind: SeatEvent['kind'], fault: SeatEvent['fault'], at = NOW + seq): SeatEvent => ({
  seq,
  incident,
  at,
  kind,
  fault,
});
const events = (id: string, n: number, list: SeatEvent[], beat: Heartbeat | null = null): ReportWrite => ({
  id,
  n,
  at: NOW + 1_000 + n,
  change: beat && { state: stateOf(beat), heartbeat: beat },
  events: list,
});

/** Every incident view any hub is told of, as told (the last one of each incident is its latest). */
async function heard(store: HubStore): Promise<IncidentNotice['incident'][]> {
  const told: IncidentNotice['incident'][] = [];
  await store.driver.listen((payload) => {
    const notice = JSON.parse(payload) as IncidentNotice | ViewNotice;
    if (notice.t === 'incident-view') told.push(notice.incident);
  });
  return told;
}

describe.each(backends)('incident events in batches on %s', (_name, where) => {
  it('fold as one by one would: resent events once, the earliest start, the last naming fault, each time set once', async () => {
    const store = await open(driverFor(await where()));
    await enrol(store, ['a', 'b', 'c']);
    const told = await heard(store);
    const first = await store.writeReports(
      [
        // Two events of one incident in one batch, with a change: the detected one names the fault.
        events('a', 1, [event(1, 1, 'first-signal', 'CONNECTION_UNSTABLE'), event(2, 1, 'detected', 'SERVICE_OUTAGE')], failover),
        // Events alone; the first has no fault, the next gives it.
        events('b', 1, [event(1, 7, 'first-signal', null), event(2, 7, 'healing', 'SEND_FAILURE')]),
        events('c', 1, [event(5, 3, 'first-signal', 'SEND_FAILURE', NOW + 500)]),
      ],
      'hub-1',
    );
    expect(first).toEqual([
      { ok: true, ackedSeq: 2, view: expect.objectContaining({ id: 'a', state: 'failover' }) },
      { ok: true, ackedSeq: 2, view: null },
      { ok: true, ackedSeq: 5, view: null },
    ]);
    await expect.poll(() => told.length).toBe(3);
    // Only resent events: held already, so acknowledged, with nothing to fold or tell.
    expect(await store.writeReports([events('b', 2, [event(1, 7, 'first-signal', null)])], 'hub-1')).toEqual([
      { ok: true, ackedSeq: 2, view: null },
    ]);

    const second = await store.writeReports(
      [
        // Resent (not yet acknowledged at the seat) and new; a second `detected` renames, its time stays the first's.
        events('a', 2, [
          event(2, 1, 'detected', 'SERVICE_OUTAGE'),
          event(3, 1, 'failover', null),
          event(4, 1, 'detected', 'QR_UNAVAILABLE'),
        ]),
        // Resent and new: a fault not from `detected` does not rename.
        events('b', 3, [
          event(1, 7, 'first-signal', null),
          event(2, 7, 'healing', 'SEND_FAILURE'),
          event(3, 7, 'escalated', 'RENDERER_CRASHED'),
        ]),
        // The incident spans both batches: an earlier start, a detected renaming, failover and recovery.
        events('c', 2, [
          event(6, 3, 'detected', 'CONNECTION_UNSTABLE', NOW + 400),
          event(7, 3, 'failover', null, NOW + 600),
          event(8, 3, 'recovered', null, NOW + 700),
          event(9, 3, 'recovered', null, NOW + 650),
        ]),
      ],
      'hub-1',
    );
    expect(second.map((outcome) => outcome.ok && outcome.ackedSeq)).toEqual([4, 3, 9]);

    const incidents = (await store.incidents()).toSorted((x, y) => x.seatId.localeCompare(y.seatId));
    const common = { platformId: null, levelReached: 0, lastAlertAt: null, recoveryNoticed: false, ackedAt: null, ackedBy: null };
    expect(incidents).toEqual([
      {
        ...common,
        id: expect.any(Number),
        seatId: 'a',
        team: 'default',
        site: 'default',
        fault: 'QR_UNAVAILABLE',
        startedAt: NOW + 1,
        detectedAt: NOW + 2,
        failoverAt: NOW + 3,
        recoveredAt: null,
      },
      {
        ...common,
        id: expect.any(Number),
        seatId: 'b',
        team: 'default',
        site: 'default',
        fault: 'SEND_FAILURE',
        startedAt: NOW + 1,
        detectedAt: null,
        failoverAt: null,
        recoveredAt: null,
      },
      {
        ...common,
        id: expect.any(Number),
        seatId: 'c',
        team: 'default',
        site: 'default',
        fault: 'CONNECTION_UNSTABLE',
        startedAt: NOW + 400,
        detectedAt: NOW + 400,
        failoverAt: NOW + 600,
        recoveredAt: NOW + 700,
      },
    ]);
    expect((await store.timeline(incidents[1]!.id)).map((e) => e.kind)).toEqual(['first-signal', 'healing', 'escalated']);
    // Told: each incident a batch touched, once per batch (b's resent events told nothing), with the view a read-back gives.
    await expect.poll(() => told.length).toBe(6);
    expect(
      told
        .slice(3)
        .map((view) => view.seatId)
        .toSorted(),
    ).toEqual(['a', 'b', 'c']);
    for (const incident of incidents) expect(told.findLast((view) => view.id === incident.id)).toEqual(incident);
  });

  it('refuses the events of a refused change and of a revoked seat, and a failed batch writes and tells nothing', async () => {
    const store = await open(driverFor(await where()));
    await enrol(store, ['r', 'v', 'w']);
    const told = await heard(store);
    await store.writeReports([events('r', 5, [event(1, 1, 'first-signal', 'SERVICE_OUTAGE')], failover)], 'hub-1');
    await store.revokeSeat('v', NOW);
    expect(
      await store.writeReports(
        [events('r', 5, [event(2, 1, 'detected', 'SERVICE_OUTAGE')], heartbeat()), events('v', 1, [event(1, 1, 'first-signal', null)])],
        'hub-1',
      ),
    ).toEqual([
      { ok: false, lastN: 5 },
      { ok: false, lastN: 0 },
    ]);
    expect((await store.incidents()).map((incident) => [incident.seatId, incident.detectedAt])).toEqual([['r', null]]);

    const refuse =
      store.driver.dialect === 'postgres'
        ? [
            `CREATE FUNCTION refuse_w() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.seat_id = 'w' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`,
            'CREATE TRIGGER refuse_w BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION refuse_w()',
          ]
        : [`CREATE TRIGGER refuse_w BEFORE INSERT ON incidents WHEN NEW.seat_id = 'w' BEGIN SELECT RAISE(ABORT, 'disk full'); END`];
    for (const sql of refuse) await store.driver.query(sql);
    await expect(
      store.writeReports(
        [
          events('r', 6, [event(2, 1, 'detected', 'SERVICE_OUTAGE')], heartbeat()),
          events('w', 1, [event(1, 4, 'first-signal', null)], failover),
        ],
        'hub-1',
      ),
    ).rejects.toThrow('disk full');
    await store.driver.query(`DROP TRIGGER refuse_w${store.driver.dialect === 'postgres' ? ' ON incidents' : ''}`);
    expect(await store.seat('r')).toMatchObject({ state: 'failover' });
    expect(await store.seat('w')).toMatchObject({ state: 'offline', heartbeat: null });
    expect((await store.incidents()).map((incident) => [incident.seatId, incident.detectedAt])).toEqual([['r', null]]);
    const [acked] = await store.driver.query<{ acked_seq: number }>('SELECT acked_seq FROM seats WHERE id = ?', ['r']);
    expect(acked?.acked_seq).toBe(1);
    // Only the first batch's incident was told, once (a notice after the failure would be caught by the next poll).
    await store.writeReports([events('r', 7, [event(2, 1, 'detected', 'SERVICE_OUTAGE')])], 'hub-1');
    await expect.poll(() => told.length).toBe(2);
    expect(told.map((view) => [view.seatId, view.detectedAt])).toEqual([
      ['r', null],
      ['r', NOW + 2],
    ]);
  });
});

describe('batches on PostgreSQL', () => {
  it('from two hubs over the same seats and incidents in opposite orders: no deadlock, the newer request wins', async () => {
    const where = await postgres.database(`hub_ingest_${++databases}`);
    const [one, two] = [await open(postgresDriver(where)), await open(postgresDriver(where))];
    const ids = Array.from({ length: 200 }, (_, i) => `seat-${String(i).padStart(3, '0')}`);
    await enrol(one, ids);
    for (let round = 1; round <= 5; round++) {
      const [older, newer] = await Promise.all([
        one.writeReports(
          ids.map((id) => ({ ...change(id, round * 10, failover), events: [event(round * 2, 1, 'first-signal', 'SEND_FAILURE')] })),
          'one',
        ),
        two.writeReports(
          ids
            .toReversed()
            .map((id) => ({ ...change(id, round * 10 + 1, heartbeat()), events: [event(round * 2 + 1, 1, 'detected', 'SERVICE_OUTAGE')] })),
          'two',
        ),
      ]);
      expect(newer.every((o) => o.ok && o.ackedSeq === round * 2 + 1)).toBe(true);
      expect(older.every((o) => o.ok || o.lastN === round * 10 + 1)).toBe(true);
    }
    expect((await one.seats()).map((seat) => seat.state)).toEqual(ids.map(() => 'healthy'));
    // One incident per seat, folded from both hubs' events: named and detected by the first `detected`, acknowledged up to the last.
    const incidents = await one.incidents();
    expect(incidents.map((incident) => [incident.fault, incident.detectedAt])).toEqual(ids.map(() => ['SERVICE_OUTAGE', NOW + 3]));
    expect(new Set(incidents.map((incident) => incident.seatId)).size).toBe(ids.length);
    const acked = await one.driver.query<{ acked_seq: number }>('SELECT DISTINCT acked_seq FROM seats');
    expect(acked).toEqual([{ acked_seq: 11 }]);
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
    await expect(writer.writeReports([change('f1', 1, failover), change('f2', 1, failover)], 'writer-id')).rejects.toThrow('disk full');
    expect(await writer.seat('f1')).toMatchObject({ state: 'offline', heartbeat: null });

    await writer.driver.query('DROP TRIGGER refuse_f2 ON seats');
    await writer.writeReports([change('f1', 2, heartbeat())], 'writer-id');
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
    await writer.writeReports([change('n1', 7, failover), change('n2', 1, heartbeat())], 'writer-id');
    await writer.writeReports([change('n1', 7, heartbeat())], 'writer-id');
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

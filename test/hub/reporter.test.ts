import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubConfigSchema } from '../../hub/config.ts';
import { startHub, type RunningHub } from '../../hub/start.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { defaultSettings } from '../../main/core/config/schema.ts';
import { HubReporter } from '../../main/core/reporter/reporter.ts';
import { reportSchema, type Report } from '../../main/core/reporter/wire.ts';
import { startFakeKiosk, type FakeKiosk } from '../support/fake-kiosk.ts';

let k: FakeKiosk | undefined;
let running: RunningHub | undefined;
afterEach(async () => {
  await k?.kiosk.stop();
  k?.db.close();
  await running?.close();
  k = running = undefined;
});

/** A reporter on the fake kiosk's real core and database, every request it sends kept for the test. */
async function setup(tokenFileContent?: string, hubBeatMs = 5_000) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-rep-'));
  const config = hubConfigSchema.parse({ port: 0, database: `sqlite:${join(dir, 'hub.sqlite')}`, heartbeatMs: hubBeatMs });
  running = await startHub(config);
  const tokenFile = join(dir, 'enrolment-token');
  writeFileSync(tokenFile, tokenFileContent ?? (await running.hub.createEnrolmentToken({ team: 'care' })));
  k = await startFakeKiosk({ kiosk: { seatId: 'desk-7' }, failover: { graceMs: 5_000 } });
  const sent: { url: string; body: string }[] = [];
  const settings = { ...defaultSettings(), kiosk: { fullscreen: false, seatId: 'desk-7' } };
  const hubSettings = { ...settings.hub, url: running.url, enrolmentTokenRef: `file:${tokenFile}`, heartbeatMs: 5_000 };
  const kiosk = k;
  const reporter = new HubReporter({
    settings: { ...settings, hub: hubSettings },
    db: kiosk.db,
    writeGate: unsharedGate(),
    clock: kiosk.clock,
    log: (await import('../support/fake-kiosk.ts')).memoryLogger().log,
    status: () => kiosk.status(),
    appVersion: '0.1.0',
    whatsappVersion: () => '2.3000.1',
    memoryMb: () => Promise.resolve(321),
    telemetry: () => ({ queueDepth: 2, queueOldestAgeMs: 60_000 }),
    fetch: (input, init) => {
      sent.push({ url: String(input), body: String(init?.body) });
      return fetch(input, init);
    },
  });
  return { reporter, sent, config, hubSettings };
}

describe('the seat reporter', () => {
  it('enrols once, reports its state, and delivers events buffered while the hub was away, in order, once', async () => {
    const { reporter, config } = await setup();
    expect(await reporter.beat()).toBe(true);
    const seat = running!.hub.seats.find((s) => s.id === 'desk-7');
    expect(seat).toMatchObject({ team: 'care', state: 'healthy' });
    expect(seat?.heartbeat).toMatchObject({ queueDepth: 2, memoryMb: 321, whatsappVersion: '2.3000.1' });

    // The hub goes away for ten minutes, during which the seat has two incidents.
    const port = Number(new URL(running!.url).port);
    await running!.close();
    running = undefined;
    for (let incident = 0; incident < 2; incident++) {
      k!.page.crashLoop = true;
      k!.page.crash();
      await k!.clock.advance(60_000);
      expect(await reporter.beat()).toBe(false);
      k!.page.crashLoop = false;
      await k!.clock.advance(4 * 60_000);
      expect(await reporter.beat()).toBe(false);
    }
    expect(k!.status().mode).toBe('whatsapp');
    const waiting = reporter.pending;
    expect(waiting).toBeGreaterThanOrEqual(8);

    running = await startHub({ ...config, port });
    while (reporter.pending > 0) expect(await reporter.beat()).toBe(true);
    expect(await reporter.beat()).toBe(true);
    const rows = await running.hub.store.driver.query<{ seq: number; kind: string }>(
      "SELECT seq, kind FROM seat_events WHERE seat_id = 'desk-7' ORDER BY seq",
    );
    const seatRows = k!.db
      .prepare("SELECT id, kind FROM incident_events WHERE kind NOT IN ('note', 'guidance', 'agent-mode') ORDER BY id")
      .all() as { id: number; kind: string }[];
    expect(rows.map((row) => [row.seq, row.kind])).toEqual(seatRows.map((row) => [row.id, row.kind]));
    const incidents = await running.hub.store.incidents();
    expect(incidents).toHaveLength(2);
    expect(
      incidents.every((incident) => incident.fault === 'RENDERER_CRASHED' && incident.failoverAt !== null && incident.recoveredAt !== null),
    ).toBe(true);
  });

  it('sends no message text, contact names, numbers or emails, in any request', async () => {
    const { reporter, sent } = await setup();
    const secrets = ['Zhang Wei', '+8613800138000', 'zhang.wei@example.com', 'please call me back'];
    k!.kiosk.contacts.onWhatsAppBatch({
      v: 1,
      source: 'indexeddb',
      contacts: [
        {
          id: '8613800138000@c.us',
          phone: secrets[1],
          name: secrets[0],
          pushName: null,
          isBusiness: false,
          lastInteractionAt: null,
          unread: 1,
        },
      ],
    });
    expect(k!.kiosk.contacts.summary().count).toBe(1);
    await k!.kiosk.recheck(`${secrets[3]} from ${secrets[2]}`);
    k!.page.crash();
    await k!.clock.advance(30_000);
    await k!.kiosk.recheck(`note ${secrets[2]} ${secrets[1]}`);
    await reporter.beat();
    await k!.clock.advance(60_000);
    await reporter.beat();
    const reports = sent.filter((request) => request.url.endsWith('/report'));
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.flatMap((request) => (JSON.parse(request.body) as Report).events).length).toBeGreaterThan(0);
    for (const request of sent) {
      for (const secret of secrets) expect(request.body).not.toContain(secret);
      if (request.url.endsWith('/report')) expect(reportSchema.safeParse(JSON.parse(request.body)).success).toBe(true);
    }
  });

  it("beats at the hub's interval once the hub has said it, and at its own before", async () => {
    const { reporter, sent } = await setup(undefined, 20_000);
    const reports = () => sent.filter((request) => request.url.endsWith('/report')).length;
    expect(reporter.heartbeatMs).toBe(5_000);
    expect(await reporter.beat(false)).toBe(true);
    expect(reporter.heartbeatMs).toBe(20_000);
    await k!.clock.advance(6_000);
    expect(await reporter.beat(false)).toBe(false);
    expect(reports()).toBe(1);
    await k!.clock.advance(14_000);
    expect(await reporter.beat(false)).toBe(true);
    expect(reports()).toBe(2);
  });

  it('does not enrol with a refused enrolment token and keeps the kiosk running', async () => {
    const { reporter } = await setup('not-a-valid-token-at-all');
    expect(await reporter.beat()).toBe(false);
    expect(k!.db.prepare('SELECT COUNT(*) AS n FROM hub_link').get()).toEqual({ n: 0 });
    expect(running!.hub.seats).toEqual([]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubConfigSchema } from '../../hub/config.ts';
import { hashPassword } from '../../hub/server.ts';
import { startHub, type RunningHub } from '../../hub/start.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { launchTestChromium } from '../support/chromium.ts';
import { pair, startKiosk, type KioskUnderTest } from '../e2e/harness.ts';
import { SimulatedSeat } from './support/sim-seat.ts';

/**
 * The whole path in real parts: simulated reporters and a real kiosk (Chromium shell on the
 * WhatsApp simulator) report to a hub on SQLite; a supervisor's dashboard in Chromium follows them
 * live; escalation goes to a real SMTP server and a webhook receiver on loopback.
 */
const mails: ParsedMail[] = [];
const hooks: { body: unknown }[] = [];
let smtp: SMTPServer;
let webhook: Server;
let hub: RunningHub;
let sim: Simulator;
let kiosk: KioskUnderTest;
let browser: Browser;
let page: Page;
const seats: SimulatedSeat[] = [];

async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => {
        mails.push(mail);
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  webhook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      hooks.push({ body: JSON.parse(body) as unknown });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(webhook.address() as { port: number }).port}/hook`;

  const dir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
  hub = await startHub(
    hubConfigSchema.parse({
      port: 0,
      database: `sqlite:${join(dir, 'hub.sqlite')}`,
      heartbeatMs: 1_000,
      outage: { share: 0.5, minSeats: 3, windowMs: 60_000 },
      smtp: { host: '127.0.0.1', port: smtpPort, from: 'hub@example.test' },
      escalation: {
        rtoMinutes: 1,
        repeatMinutes: 0.05,
        levels: [
          {
            name: 'Team lead',
            budget: 'rto',
            share: 0,
            channels: [
              { type: 'email', to: ['lead@example.test'] },
              { type: 'webhook', url: hookUrl },
            ],
          },
          { name: 'Management', budget: 'mtd', share: 1, channels: [{ type: 'email', to: ['boss@example.test'] }] },
        ],
      },
    }),
  );
  await hub.hub.store.addUser('sara', await hashPassword('supervisor password'), 'supervisor', Date.now());
  for (const id of ['sim-1', 'sim-2', 'sim-3']) {
    const seat = await SimulatedSeat.enrol(hub.url, id, await hub.hub.createEnrolmentToken({ team: 'care', site: 'north' }));
    seat.run(1_000);
    seats.push(seat);
  }

  sim = await startSimulator({ lang: 'en' });
  const tokenFile = join(dir, 'enrolment-token');
  writeFileSync(tokenFile, await hub.hub.createEnrolmentToken({ team: 'sales', site: 'south' }));
  kiosk = await startKiosk({
    whatsappUrl: sim.url,
    settings: {
      kiosk: { seatId: 'kiosk-1' },
      hub: { url: hub.url, enrolmentTokenRef: `file:${tokenFile}`, heartbeatMs: 1_000 },
      health: {
        independentProbeUrl: sim.independentUrl,
        networkProbeIntervalMs: 1_000,
        networkProbeTimeoutMs: 1_000,
        healthyStableMs: 1_500,
      },
      failover: { graceMs: 1_000 },
    },
  });
  await pair(sim, kiosk);

  browser = await launchTestChromium();
  page = await browser.newPage();
  await page.goto(hub.url);
  await page.getByLabel('Username').fill('sara');
  await page.getByLabel('Password').fill('supervisor password');
  await page.getByRole('button', { name: 'Sign in' }).click();
});

afterAll(async () => {
  for (const seat of seats) seat.stop();
  await browser?.close();
  await kiosk?.close();
  await sim?.close();
  await hub?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await new Promise<void>((resolve) => webhook?.close(() => resolve()));
});

const state = (id: string) => page.getByTestId(`seat-${id}`);

describe('the supervisor dashboard', () => {
  it('shows real and simulated seats change state live, without reload', async () => {
    await expect.poll(() => state('kiosk-1').getAttribute('data-state'), { timeout: 20_000 }).toBe('healthy');
    for (const seat of seats) await expect.poll(() => state(seat.id).getAttribute('data-state'), { timeout: 20_000 }).toBe('healthy');
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);

    seats[0]!.set('SEND_FAILURE', 'failover');
    await expect.poll(() => state('sim-1').getAttribute('data-state'), { timeout: 10_000 }).toBe('failover');
    seats[1]!.stop();
    await expect.poll(() => state('sim-2').getAttribute('data-state'), { timeout: 20_000 }).toBe('offline');
    seats[1]!.run(1_000);
    await expect.poll(() => state('sim-2').getAttribute('data-state'), { timeout: 10_000 }).toBe('healthy');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(loads);
  });

  it('escalates by email and webhook on loopback, and an acknowledgement stops the repeats', async () => {
    const mail = await waitFor('escalation email', () =>
      mails.find((m) => m.subject?.includes('sim-1') && m.subject.includes('Team lead')),
    );
    expect(mail.to).toBeTruthy();
    const hook = await waitFor('webhook', () => hooks.find((h) => JSON.stringify(h.body).includes('"seat":"sim-1"')));
    expect(hook.body).toMatchObject({ kind: 'escalation', levelName: 'Team lead', incident: { seat: 'sim-1', fault: 'SEND_FAILURE' } });
    const incident = (await hub.hub.store.incidents()).find((i) => i.seatId === 'sim-1' && i.recoveredAt === null)!;
    const repeats = async () => (await hub.hub.store.alerts()).filter((a) => a.incidentId === incident.id && a.kind === 'repeat').length;
    await waitFor('a repeat', async () => (await repeats()) > 0);

    await page.getByTestId('tab-incidents').click();
    const row = page.getByTestId('incident-sim-1');
    await expect.poll(() => row.getByTestId('level').textContent()).toBe('Team lead');
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Acknowledged by sara');
    const after = await repeats();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await repeats()).toBe(after);
    expect((await hub.hub.store.auditLog()).some((entry) => entry.actor === 'sara' && entry.action === 'acknowledge')).toBe(true);
    await page.getByTestId('tab-floor').click();
  });

  it('turns the same WhatsApp fault on many seats into one platform incident, and the seats are told', async () => {
    seats[0]!.set(null);
    sim.control.inject('outage');
    seats[1]!.set('SERVICE_OUTAGE');
    seats[2]!.set('SERVICE_OUTAGE');
    await page.getByTestId('platform-banner').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.getByTestId('platform-banner').textContent()).toContain('WhatsApp outage');
    expect(hub.hub.platforms).toHaveLength(1);
    await kiosk.waitForStatus((status) => status.platformOutage?.fault === 'SERVICE_OUTAGE', 20_000);
    // The seat's pane says it is not this computer, with the number of seats the hub counted.
    const paneSays = kiosk.uiPage.getByTestId('platform-outage');
    await paneSays.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await paneSays.textContent()).toMatch(/WhatsApp is down for everyone: \d+ seats/);
    await waitFor(
      'platform incident attached',
      async () => (await hub.hub.store.incidents({ open: true })).filter((i) => i.platformId !== null).length >= 3,
    );

    sim.control.clear('outage');
    seats[1]!.set(null);
    seats[2]!.set(null);
    await page.getByTestId('platform-banner').waitFor({ state: 'hidden', timeout: 30_000 });
    await kiosk.waitForStatus((status) => status.platformOutage === null, 20_000);
  });
});

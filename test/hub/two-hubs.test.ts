import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { hubConfigSchema } from '../../hub/config.ts';
import { hashPassword } from '../../hub/server.ts';
import { startHub, type RunningHub } from '../../hub/start.ts';
import { launchTestChromium } from '../support/chromium.ts';
import { startPostgres, type Postgres } from './support/postgres.ts';
import { SimulatedSeat } from './support/sim-seat.ts';

let postgres: Postgres;
let hubs: RunningHub[] = [];
let browser: Browser;

beforeAll(async () => {
  postgres = await startPostgres();
  const database = await postgres.database('hub_pair');
  // Two hub processes' worth (each with its own pool, listener and leader connection) on one database.
  hubs = [
    await startHub(hubConfigSchema.parse({ port: 0, database, heartbeatMs: 1_000 })),
    await startHub(hubConfigSchema.parse({ port: 0, database, heartbeatMs: 1_000 })),
  ];
  browser = await launchTestChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const hub of hubs) await hub.close();
  postgres?.stop();
});

it('shows a change reported to one hub on a dashboard connected to the other, and only one hub leads', async () => {
  const [a, b] = hubs as [RunningHub, RunningHub];
  await a.hub.store.addUser('sara', await hashPassword('supervisor password'), 'supervisor', Date.now());
  // Enrolled through hub A, reporting to hub A; the supervisor watches hub B.
  const seat = await SimulatedSeat.enrol(a.url, 'desk-1', await a.hub.createEnrolmentToken());
  await seat.send();
  // It keeps beating, as a seat does: a slow sign-in must not outlast the hub's offline threshold.
  seat.run(500);
  onTestFinished(() => seat.stop());
  const page = await browser.newPage();
  await page.goto(b.url);
  await page.getByLabel('Username').fill('sara');
  await page.getByLabel('Password').fill('supervisor password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const card = page.getByTestId('seat-desk-1');
  await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('healthy');

  seat.set('SERVICE_OUTAGE', 'failover');
  await seat.send();
  await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('failover');
  expect(b.hub.seats.find((s) => s.id === 'desk-1')?.fault).toBe('SERVICE_OUTAGE');

  const leaders = await Promise.all(hubs.map((hub) => hub.hub.store.driver.tryLead()));
  expect(leaders.filter(Boolean)).toHaveLength(1);
});

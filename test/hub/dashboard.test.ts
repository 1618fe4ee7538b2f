import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** axe-core over the dashboard as shown (axe injected once per page load): the serious and critical violations, with where they are. */
async function accessibilityProblems(on: Page): Promise<string[]> {
  if (!(await on.evaluate(() => 'axe' in window))) await on.evaluate(AXE_SOURCE);
  const results = await on.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: string): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    return axe.run('main');
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

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
    // The incident opened: its timeline and the alerts sent for it.
    await row.getByRole('button', { name: 'sim-1' }).click();
    await expect.poll(() => page.getByTestId('alert-history').textContent(), { timeout: 10_000 }).toContain('lead@example.test');
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
    // A supervisor acknowledges the outage once, on its banner (the API tests show its repeats stop).
    await page.getByTestId('platform-banner').getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByTestId('platform-acked').textContent(), { timeout: 10_000 }).toContain('Acknowledged by sara');
    expect(hub.hub.platforms[0]?.ackedBy).toBe('sara');
    expect((await hub.hub.store.auditLog()).some((entry) => entry.actor === 'sara' && entry.action === 'acknowledge-platform')).toBe(true);

    sim.control.clear('outage');
    seats[1]!.set(null);
    seats[2]!.set(null);
    await page.getByTestId('platform-banner').waitFor({ state: 'hidden', timeout: 30_000 });
    await kiosk.waitForStatus((status) => status.platformOutage === null, 20_000);
  });

  it('lets IT manage enrolment tokens, accounts and escalation, and read the audit log, in English and Chinese', async () => {
    await hub.hub.store.addUser('ivan', await hashPassword('it admin password'), 'it', Date.now());
    const context = await browser.newContext();
    const it = await context.newPage();
    await it.goto(hub.url);
    await it.getByLabel('Username').fill('ivan');
    await it.getByLabel('Password').fill('it admin password');
    await it.getByRole('button', { name: 'Sign in' }).click();

    // Enrolment token: shown once, listed without it, used by a seat, revoked.
    await it.getByTestId('tab-tokens').click();
    const form = it.getByTestId('create-token');
    await form.getByLabel('Team').fill('care');
    await form.getByLabel('Site').fill('east');
    await form.getByLabel('Valid for (days)').fill('7');
    await form.getByRole('button', { name: 'Create token' }).click();
    const token = (await it.getByTestId('new-token').textContent({ timeout: 10_000 }))!;
    expect(token).toMatch(/^[\w-]{43}$/);
    await SimulatedSeat.enrol(hub.url, 'sim-east', token);
    await it.getByTestId('tab-floor').click();
    await it.getByTestId('tab-tokens').click();
    const row = it.locator('[data-testid^="token-"]').filter({ hasText: 'east' });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('1 seat, last');
    expect(await it.getByTestId('tokens').textContent()).not.toContain(token);
    expect(await it.getByTestId('new-token').count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.getByTestId('status').textContent(), { timeout: 10_000 }).toBe('Revoked');

    // A new supervisor account.
    await it.getByTestId('tab-accounts').click();
    const add = it.getByTestId('add-user');
    await add.getByLabel('Username').fill('nina');
    await add.getByLabel('Password').fill('nina password 12');
    await add.getByRole('button', { name: 'Add' }).click();
    await it.getByTestId('user-nina').waitFor({ timeout: 10_000 });
    expect(await it.getByTestId('user-nina').getByRole('combobox').inputValue()).toBe('supervisor');

    // Disabling an account ends its session at once: Sara's open dashboard goes back to the sign-in.
    await it.getByTestId('user-sara').getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 10_000 });

    // The audit log shows both.
    await it.getByTestId('tab-audit').click();
    const audit = it.getByTestId('audit');
    await expect.poll(() => audit.textContent(), { timeout: 10_000 }).toContain('Added an account');
    for (const what of ['Created an enrolment token', 'Revoked an enrolment token', 'Acknowledged a fleet-wide outage'])
      expect(await audit.textContent()).toContain(what);

    // Escalation: a bad recipient is refused and changes nothing; a new RTO is in force at once.
    await it.getByTestId('tab-escalation').click();
    const settings = it.getByTestId('escalation-form');
    const recipients = settings.getByTestId('level-1').getByLabel('Email recipients (comma-separated)');
    await recipients.fill('not an address');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(hub.hub.escalation.levels[0]!.channels[0]).toMatchObject({ to: ['lead@example.test'] });
    await recipients.fill('lead@example.test');
    await settings.getByLabel('RTO (minutes)').fill('2');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByRole('status').waitFor({ timeout: 10_000 });
    expect(hub.hub.escalation.rtoMinutes).toBe(2);
    expect((await hub.hub.store.auditLog()).find((entry) => entry.action === 'change-setting')?.detail).toContain('RTO min: 1 → 2');

    // The new screens, in both languages: no serious or critical accessibility problem.
    for (const language of ['en', 'zh']) {
      if (language === 'zh') await it.getByRole('combobox', { name: 'Language' }).selectOption('zh');
      for (const [tab, shown] of [
        ['password', 'input'],
        ['accounts', '[data-testid="user-nina"]'],
        ['tokens', '[data-testid^="token-"]'],
        ['audit', '[data-testid="audit"] td'],
        ['escalation', '[data-testid="level-1"]'],
      ] as const) {
        await it.getByTestId(`tab-${tab}`).click();
        await it.locator(`section.admin ${shown}`).first().waitFor({ timeout: 10_000 });
        expect([language, tab, await accessibilityProblems(it)]).toEqual([language, tab, []]);
      }
    }
    await context.close();
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedSeat } from '../hub/support/sim-seat.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { startKiosk, type KioskUnderTest } from './harness.ts';

/**
 * A small team with no server: one real kiosk (Chromium shell on the simulator) serves the hub,
 * reports to it itself, takes a second seat's reports, and its supervisors open the dashboard
 * from the kiosk's own button. The kiosk's shutdown closes the hub's port.
 */
const ADMIN_PASSWORD = 'correct horse battery';
let sim: Simulator;
let kiosk: KioskUnderTest;
let port: number;
let seat: SimulatedSeat | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

/** Whether something accepts connections on the port. */
function listening(on: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(on, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** IT at the hub's API, signed in with the admin account the kiosk created from the password reference. */
async function signIn(hubUrl: string, password: string): Promise<{ status: number; cookies: string; csrfToken: string }> {
  const response = await fetch(new URL('api/login', hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookies = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const body = (await response.json()) as { csrfToken?: string };
  return { status: response.status, cookies, csrfToken: body.csrfToken ?? '' };
}

beforeAll(async () => {
  port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hub-host-e2e-'));
  const passwordFile = join(dir, 'admin-password');
  writeFileSync(passwordFile, `${ADMIN_PASSWORD}\n`);
  sim = await startSimulator({ lang: 'en' });
  kiosk = await startKiosk({
    whatsappUrl: sim.url,
    settings: {
      kiosk: { seatId: 'host-1' },
      hub: { serveEnabled: true, servePort: port, serveAdminPasswordRef: `file:${passwordFile}`, heartbeatMs: 1_000, team: 'care' },
      health: { independentProbeUrl: sim.independentUrl },
    },
  });
});

afterAll(async () => {
  seat?.stop();
  await kiosk?.close();
  await sim?.close();
});

describe('the hub inside a kiosk', () => {
  it('serves the hub on its port, the seat reports to it, the admin from the password reference signs in', async () => {
    const hubUrl = `http://127.0.0.1:${port}/`;
    expect(await kiosk.invoke('hub:dashboard', {})).toEqual({ url: hubUrl });
    expect(kiosk.kiosk.status.configErrors.filter((message) => message.includes('hub'))).toEqual([]);

    expect((await signIn(hubUrl, 'not the password')).status).toBe(401);
    const admin = await signIn(hubUrl, ADMIN_PASSWORD);
    expect(admin.status).toBe(200);
    const floor = async () => {
      const response = await fetch(new URL('api/floor', hubUrl), { headers: { cookie: admin.cookies } });
      return ((await response.json()) as { seats: { id: string; team: string | null }[] }).seats;
    };
    // Enrolled in-process with the one-time token the hosted hub gave it: no token from IT.
    await expect.poll(async () => (await floor()).find((s) => s.id === 'host-1')?.team, { timeout: 15_000 }).toBe('care');

    // IT makes an enrolment token on the kiosk's hub for a second seat, which then reports to it.
    const token = await fetch(new URL('api/enrolment-tokens', hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookies, 'x-csrf-token': admin.csrfToken },
      body: JSON.stringify({ team: 'care' }),
    });
    expect(token.status).toBe(200);
    seat = await SimulatedSeat.enrol(hubUrl, 'sim-1', ((await token.json()) as { token: string }).token);
    seat.run(1_000);
    await expect.poll(async () => (await floor()).map((s) => s.id).sort(), { timeout: 10_000 }).toEqual(['host-1', 'sim-1']);
  });

  it("opens the dashboard from the kiosk's button in a page limited to the hub, showing both seats", async () => {
    await kiosk.uiPage.getByTestId('open-maintenance').click();
    await kiosk.uiPage.getByTestId('open-hub-dashboard').waitFor({ state: 'visible', timeout: 10_000 });
    await kiosk.screenshot(kiosk.uiPage, 'hub-host-maintenance');
    await kiosk.uiPage.getByTestId('open-hub-dashboard').click();
    await expect.poll(() => kiosk.dashboard.page?.url() ?? null, { timeout: 10_000 }).toBe(`http://127.0.0.1:${port}/`);
    const page = kiosk.dashboard.page!;
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    for (const id of ['host-1', 'sim-1']) {
      const row = page.getByTestId(`seat-${id}`);
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await row.getAttribute('data-state')).not.toBe('offline');
    }
    await kiosk.screenshot(page, 'hub-host-dashboard');
    // Nothing outside the hub's origin is reachable from the dashboard's page.
    const elsewhere = await page.evaluate(
      (url) =>
        fetch(url, { mode: 'no-cors' }).then(
          () => 'reached',
          () => 'refused',
        ),
      sim.url,
    );
    expect(elsewhere).toBe('refused');
    // Opening it again brings the same page to the front instead of a second one.
    const pages = kiosk.context.pages().length;
    expect(await kiosk.invoke('hub:open-dashboard', {})).toEqual({ opened: true });
    expect(kiosk.dashboard.page).toBe(page);
    expect(kiosk.context.pages()).toHaveLength(pages);

    // Closed, it signs the supervisor out: the agent at the seat reopening it meets the sign-in.
    await page.close();
    await expect.poll(async () => (await kiosk.context.cookies(`http://127.0.0.1:${port}/`)).length, { timeout: 5_000 }).toBe(0);
    await kiosk.uiPage.getByTestId('open-hub-dashboard').click();
    await expect.poll(() => kiosk.dashboard.page?.url() ?? null, { timeout: 10_000 }).toBe(`http://127.0.0.1:${port}/`);
    await kiosk.dashboard.page!.getByLabel('Username').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it("closes the hub's port when the kiosk shuts down", async () => {
    expect(await listening(port)).toBe(true);
    seat?.stop();
    await kiosk.close();
    expect(await listening(port)).toBe(false);
  });
});

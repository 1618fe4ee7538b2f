import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, partialSettingsSchema, type Settings } from '../../main/core/config/schema.ts';
import { HubHost } from '../../main/core/hub-host/hub-host.ts';
import {
  dashboardUrl,
  embeddedHubConfig,
  planHubHost,
  reporterHubSettings,
  SELF_ENROLMENT_REF,
  type ServePlan,
} from '../../main/core/hub-host/plan.ts';
import { plainSecretResolver } from '../../main/core/outbox/secrets.ts';
import { memoryLogger, startFakeKiosk, type FakeKiosk } from '../support/fake-kiosk.ts';

const hubOf = (patch: Partial<Settings['hub']>): Settings['hub'] => ({ ...defaultSettings().hub, ...patch });

describe('what the hub settings ask of a kiosk', () => {
  it('serving with no hub.url: the seat reports to its own hub on loopback, with the one-time token HubHost gives it', () => {
    const hub = hubOf({ serveEnabled: true, servePort: 3300 });
    const plan = planHubHost(hub);
    expect(plan.reportTo).toEqual({ url: 'http://127.0.0.1:3300/', self: true });
    expect(reporterHubSettings(hub, plan)).toMatchObject({ url: 'http://127.0.0.1:3300/', enrolmentTokenRef: SELF_ENROLMENT_REF });
  });

  it("serving with IT's hub.url: the seat reports to IT's hub, its own settings untouched", () => {
    const hub = hubOf({ serveEnabled: true, url: 'https://hub.example.test/', enrolmentTokenRef: 'env:TOKEN' });
    const plan = planHubHost(hub);
    expect(plan.reportTo).toEqual({ url: 'https://hub.example.test/', self: false });
    expect(reporterHubSettings(hub, plan)).toBe(hub);
  });

  it('reaches a hub that listens on every address through loopback; nothing served, nothing reported, by default', () => {
    expect(planHubHost(hubOf({ serveEnabled: true, serveAddress: '0.0.0.0' })).serve?.localUrl).toBe('http://127.0.0.1:3200/');
    expect(planHubHost(hubOf({ serveEnabled: true, serveAddress: '::' })).serve?.localUrl).toBe('http://[::1]:3200/');
    expect(planHubHost(hubOf({ serveEnabled: true, serveAddress: '10.1.2.3' })).serve?.localUrl).toBe('http://10.1.2.3:3200/');
    expect(planHubHost(defaultSettings().hub)).toEqual({ serve: null, reportTo: null, dashboardInKiosk: true });
  });

  it("offers the dashboard only when a hub is known, the policy allows it, and the kiosk's own hub runs", () => {
    const own = planHubHost(hubOf({ serveEnabled: true }));
    expect(dashboardUrl(own, 'running')).toBe('http://127.0.0.1:3200/');
    expect(dashboardUrl(own, 'starting')).toBeNull();
    expect(dashboardUrl(own, 'failed')).toBeNull();
    const its = planHubHost(hubOf({ url: 'https://hub.example.test/' }));
    expect(dashboardUrl(its, 'off')).toBe('https://hub.example.test/');
    expect(dashboardUrl(planHubHost(hubOf({ url: 'https://hub.example.test/', dashboardInKiosk: false })), 'off')).toBeNull();
    expect(dashboardUrl(planHubHost(defaultSettings().hub), 'off')).toBeNull();
  });

  it('accepts IP addresses only as the listening address', () => {
    for (const serveAddress of ['0.0.0.0', '127.0.0.1', '::', '::1', '192.168.1.20']) {
      expect(partialSettingsSchema.safeParse({ hub: { serveAddress } }).success, serveAddress).toBe(true);
    }
    for (const serveAddress of ['localhost', 'hub.example.test', '999.1.1.1', '']) {
      expect(partialSettingsSchema.safeParse({ hub: { serveAddress } }).success, serveAddress).toBe(false);
    }
  });
});

describe("the hosted hub's configuration", () => {
  const serve = (address: string): ServePlan => ({ address, port: 3200, localUrl: '', configFile: null, adminPasswordRef: null });
  const where = { dataDir: '/var/kiosk', hostname: 'desk-7' };

  it("defaults: SQLite in the kiosk's data folder, Secure cookies on loopback only, alert links to the machine's name on a floor hub", () => {
    expect(embeddedHubConfig(serve('127.0.0.1'), undefined, where)).toEqual({
      ok: true,
      config: {
        database: `sqlite:${join('/var/kiosk', 'hub.sqlite')}`,
        publicUrl: 'http://127.0.0.1:3200/',
        secureCookies: true,
        host: '127.0.0.1',
        port: 3200,
      },
    });
    expect(embeddedHubConfig(serve('0.0.0.0'), {}, where)).toMatchObject({
      ok: true,
      config: { publicUrl: 'http://desk-7:3200/', secureCookies: false, host: '0.0.0.0' },
    });
  });

  it("IT's file wins over the defaults, but never sets the address or port", () => {
    const file = { database: 'postgres://hub@db/hub', secureCookies: true, smtp: { host: 'mail', from: 'hub@x' } };
    expect(embeddedHubConfig(serve('0.0.0.0'), file, where)).toMatchObject({ ok: true, config: { ...file, host: '0.0.0.0', port: 3200 } });
    expect(embeddedHubConfig(serve('0.0.0.0'), { port: 80, host: '::' }, where)).toEqual({
      ok: false,
      error: 'the hub configuration file sets host and port: use hub.serveAddress and hub.servePort instead',
    });
    expect(embeddedHubConfig(serve('0.0.0.0'), [1], where)).toEqual({
      ok: false,
      error: 'the hub configuration file must hold a JSON object',
    });
  });
});

describe('the dashboard button', () => {
  const host = (hub: Partial<Settings['hub']>, opened: string[]) =>
    new HubHost({
      settings: { hub: hubOf(hub), kiosk: defaultSettings().kiosk },
      dataDir: mkdtempSync(join(tmpdir(), 'hub-host-')),
      log: memoryLogger().log,
      secrets: plainSecretResolver({}),
      problem: () => undefined,
      window: { open: async (url) => void opened.push(url) },
    });

  it("opens IT's hub in the shell's window, and refuses where the policy switched it off", async () => {
    const opened: string[] = [];
    expect(await host({ url: 'https://hub.example.test/' }, opened).openDashboard()).toEqual({ opened: true });
    expect(opened).toEqual(['https://hub.example.test/']);
    const off = host({ url: 'https://hub.example.test/', dashboardInKiosk: false }, opened);
    expect(off.dashboard()).toEqual({ url: null });
    await expect(off.openDashboard()).rejects.toThrow(/no hub dashboard/);
    expect(opened).toHaveLength(1);
  });
});

describe("a kiosk goes on whatever its hosted hub's trouble", () => {
  let k: FakeKiosk | undefined;
  let blocker: Server | undefined;
  afterEach(async () => {
    await k?.kiosk.stop();
    k?.db.close();
    k = undefined;
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  /** A port something listens on, until the test ends. */
  async function takenPort(): Promise<number> {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    return (blocker.address() as { port: number }).port;
  }

  async function freePort(): Promise<number> {
    const port = await takenPort();
    await new Promise<void>((resolve) => blocker!.close(() => resolve()));
    blocker = undefined;
    return port;
  }

  it('serving with no hub.url: the seat enrols with its own hub in-process and reports to it', async () => {
    const port = await freePort();
    k = await startFakeKiosk({ kiosk: { seatId: 'desk-1' }, hub: { serveEnabled: true, servePort: port } });
    const kiosk = k;
    const link = () =>
      kiosk.db.prepare('SELECT hub_url, seat_id, last_n FROM hub_link WHERE id = 1').get() as Record<string, unknown> | undefined;
    // The reporter's timer runs on the fake clock; its requests to the hub are real.
    for (let i = 0; i < 50 && !link()?.last_n; i++) {
      await kiosk.clock.advance(1_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(link()).toMatchObject({ hub_url: `http://127.0.0.1:${port}/`, seat_id: 'desk-1' });
    expect(link()!.last_n).toBeGreaterThan(0);
  });

  it('port taken: logged and shown to IT, the kiosk runs, the seat does not report to a hub that is not there', async () => {
    const port = await takenPort();
    k = await startFakeKiosk({ hub: { serveEnabled: true, servePort: port } });
    const problem = k.status().configErrors.find((message) => message.includes('hub.serveEnabled'));
    expect(problem).toMatch(/did not start: .*EADDRINUSE/);
    expect(k.lines.some((line) => line.level >= 50 && line.msg === problem)).toBe(true);
    await k.clock.advance(10_000);
    expect(k.status()).toMatchObject({ mode: 'whatsapp', health: { level: 'healthy' } });
    expect(k.lines.some((line) => /hub unreachable|enrolment/.test(line.msg))).toBe(false);
    expect((await k.kiosk.handleRequest('hub:dashboard', {})).ok).toBe(true);
  });

  it('an admin password too short: the hub runs without the account, and IT is told why', async () => {
    const port = await freePort();
    const file = join(mkdtempSync(join(tmpdir(), 'hub-host-')), 'password');
    writeFileSync(file, 'short\n');
    k = await startFakeKiosk({ hub: { serveEnabled: true, servePort: port, serveAdminPasswordRef: `file:${file}` } });
    expect(k.status().configErrors).toContain(
      'hub.serveAdminPasswordRef: the password needs 12 characters or more; no admin account was created',
    );
    const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'short' }),
    });
    expect(login.status).toBe(401);
  });

  it('a configuration file that sets the port, or is not valid: the problem is named, the kiosk runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-host-'));
    writeFileSync(join(dir, 'port.json'), JSON.stringify({ port: 80 }));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ heartbeatMs: 'often' }));
    k = await startFakeKiosk({ hub: { serveEnabled: true, serveConfigFile: join(dir, 'port.json') } });
    expect(k.status().configErrors.join('\n')).toContain('use hub.serveAddress and hub.servePort instead');
    await k.kiosk.stop();
    k.db.close();
    k = await startFakeKiosk({ hub: { serveEnabled: true, serveConfigFile: join(dir, 'bad.json') } });
    expect(k.status().configErrors.join('\n')).toMatch(/hub configuration is not valid: .*heartbeatMs/s);
    await k.clock.advance(5_000);
    expect(k.status().mode).toBe('whatsapp');
  });
});

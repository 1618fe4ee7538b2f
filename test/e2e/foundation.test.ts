import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { CHROMIUM_ARGS } from '../../main/shells/chromium/launch-options.ts';
import { startKiosk, type KioskUnderTest } from './harness.ts';

const ELECTRON_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.7204.97 Electron/45.5.0 Safari/537.36';

describe('the kiosk through the Chromium shell, on the simulator', () => {
  let sim: Simulator;
  let kiosk: KioskUnderTest;

  beforeAll(async () => {
    sim = await startSimulator({ lang: 'en' });
    kiosk = await startKiosk({ whatsappUrl: sim.url });
  });
  afterAll(async () => {
    await kiosk?.close();
    await sim?.close();
  });

  it('passes the browser check with our user agent and shows the pairing QR', async () => {
    expect(kiosk.userAgent).toMatch(/Chrome\/\d+\.0\.0\.0/);
    expect(kiosk.userAgent).not.toMatch(/Electron|HeadlessChrome/);
    const page = kiosk.whatsapp.page;
    await page.locator('div[data-ref] canvas').waitFor();
    expect(await page.locator('a[href*="google.com/chrome"]').count()).toBe(0);
    await kiosk.waitForStatus((s) => s.whatsapp.screen === 'pairing');
    await kiosk.screenshot(page, 'whatsapp-pairing');
  });

  it('an Electron user agent is turned away by the simulator, so the check means something', async () => {
    // A browser of its own: the kiosk profile's service worker must not answer for it.
    const browser = await chromium.launch({ executablePath: kiosk.config.settings.chromium.executablePath, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage({ userAgent: ELECTRON_UA });
      await page.goto(sim.url);
      await page.locator('a[href*="google.com/chrome"]').first().waitFor();
      expect(await page.locator('#pane-side, div[data-ref]').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('pairing through the simulator leads to the chat list, and the status bar follows', async () => {
    await sim.control.scanQr();
    await kiosk.whatsapp.page.locator('#pane-side').waitFor();
    const status = await kiosk.waitForStatus((s) => s.whatsapp.screen === 'chats');
    expect(status.mode).toBe('whatsapp');
    const bar = kiosk.uiPage.getByTestId('status-bar');
    // Our page repaints on the next status push: on a busy machine that takes more than a poll's default second.
    await expect.poll(() => bar.getAttribute('data-mode'), { timeout: 10_000 }).toBe('whatsapp');
    await expect.poll(() => kiosk.uiPage.getByTestId('whatsapp-screen').textContent()).toMatch(/chat/i);
    await kiosk.screenshot(kiosk.whatsapp.page, 'whatsapp-chats');
  });

  it('the mode switch shows the failover pane and goes back to WhatsApp', async () => {
    const ui = kiosk.uiPage;
    await ui.getByTestId('mode-switch-failover').click();
    await ui.getByTestId('failover-pane').waitFor();
    const failover = await kiosk.waitForStatus((s) => s.mode === 'failover');
    expect(failover).toMatchObject({ modeReason: 'agent', forced: true });
    expect(await ui.evaluate(() => document.visibilityState)).toBe('visible');
    await kiosk.screenshot(ui, 'failover-pane');

    await ui.getByTestId('mode-switch-whatsapp').click();
    await kiosk.waitForStatus((s) => s.mode === 'whatsapp');
    await expect.poll(() => ui.getByTestId('failover-pane').count()).toBe(0);
    expect(await kiosk.whatsapp.page.evaluate(() => document.visibilityState)).toBe('visible');
  });

  it('keeps our API away from WhatsApp and WhatsApp inside its origin', async () => {
    const page = kiosk.whatsapp.page;
    expect(await page.evaluate(() => typeof (window as unknown as { kiosk?: unknown }).kiosk)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys(window).filter((k) => k.startsWith('__kiosk')))).toEqual([]);
    await page.evaluate(() => {
      window.location.href = 'https://shop.example.com/order/1';
    });
    await expect.poll(() => kiosk.externalLinks).toContain('https://shop.example.com/order/1');
    expect(new URL(page.url()).origin).toBe(new URL(sim.url).origin);
    // Still WhatsApp, not an error page in its place.
    expect(await page.locator('#pane-side').count()).toBe(1);
  });

  it('grants notifications to WhatsApp only', async () => {
    expect(await kiosk.whatsapp.page.evaluate(() => Notification.permission)).toBe('granted');
    expect(await kiosk.uiPage.evaluate(() => Notification.permission)).not.toBe('granted');
  });

  it('keeps its database and log in the data folder', () => {
    expect(existsSync(join(kiosk.dataDir, 'kiosk.sqlite'))).toBe(true);
    expect(existsSync(join(kiosk.dataDir, 'kiosk.sqlite-wal'))).toBe(true);
    expect(kiosk.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(existsSync(join(kiosk.dataDir, 'logs', 'kiosk.log'))).toBe(true);
  });
});

describe('a broken policy file', () => {
  it('is shown to the agent, and the key it locked stays locked at its default', async () => {
    const sim = await startSimulator({ lang: 'en' });
    const kiosk = await startKiosk({ whatsappUrl: sim.url, policy: '{ "enforced": { "general": { "whatsappUrl": 42 } } }' });
    try {
      expect(kiosk.kiosk.status.configErrors.join('\n')).toMatch(/policy\.json is invalid: enforced\.general\.whatsappUrl/);
      await kiosk.uiPage.getByTestId('config-errors').waitFor();
      expect(await kiosk.uiPage.getByTestId('config-errors').textContent()).toContain('whatsappUrl');
      // Fail closed: a bad locked value falls back to the default, never to the agent's setting.
      expect(kiosk.config.locked).toContain('general.whatsappUrl');
      expect(kiosk.config.settings.general.whatsappUrl).toBe('https://web.whatsapp.com/');
    } finally {
      await kiosk.close();
      await sim.close();
    }
  });
});

describe('the status endpoint for IT monitoring', () => {
  it('is off by default and, when turned on, reports state, fault, mode and heartbeat read-only', async () => {
    const sim = await startSimulator({ lang: 'en' });
    const off = await startKiosk({ whatsappUrl: sim.url });
    expect(off.kiosk.statusUrl).toBeNull();
    await off.close();

    const kiosk = await startKiosk({
      whatsappUrl: sim.url,
      settings: {
        statusEndpoint: { enabled: true, port: 0 },
        // A probe timing out on a busy machine would read as an outage: the timeout leaves room; the outage below is a 5xx.
        health: { independentProbeUrl: sim.independentUrl, networkProbeIntervalMs: 1_000, networkProbeTimeoutMs: 3_000 },
        failover: { graceMs: 1_000 },
      },
    });
    try {
      const url = kiosk.kiosk.statusUrl;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/status$/);
      await kiosk.waitForStatus((s) => s.whatsapp.lastHeartbeat !== null && s.health.level === 'healthy');
      const healthy = (await (await fetch(url!)).json()) as Record<string, unknown>;
      expect(healthy).toMatchObject({ seat: 'seat', state: 'healthy', fault: null, mode: 'whatsapp' });
      expect(typeof healthy['lastHeartbeat']).toBe('string');
      // Nothing personal: states and times only.
      expect(Object.keys(healthy).sort()).toEqual(
        ['fault', 'lastHeartbeat', 'mode', 'modeReason', 'seat', 'since', 'state', 'whatsappScreen'].sort(),
      );

      sim.control.inject('outage');
      await kiosk.waitForStatus((s) => s.mode === 'failover', 30_000);
      const down = (await (await fetch(url!)).json()) as Record<string, unknown>;
      expect(down).toMatchObject({ state: 'down', fault: 'SERVICE_OUTAGE', mode: 'failover', modeReason: 'auto' });

      expect((await fetch(url!, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await kiosk.close();
      await sim.close();
    }
  });
});

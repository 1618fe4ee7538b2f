import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { startKiosk, type KioskUnderTest } from './harness.ts';

/** A real request carrying the Host header a rebound DNS name would put there. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the kiosk under an IT policy with mistakes in it', () => {
  let sim: Simulator;
  let kiosk: KioskUnderTest;

  beforeAll(async () => {
    sim = await startSimulator({ lang: 'en' });
    kiosk = await startKiosk({
      // The agent's own layer asks for another WhatsApp address and for restore: the policy locks both.
      whatsappUrl: 'http://127.0.0.1:9/',
      settings: { backups: { restoreAllowed: true }, statusEndpoint: { enabled: true, port: 0 } },
      policy: JSON.stringify({
        comment: 'managed by IT',
        enforced: {
          general: { whatsappUrl: sim.url, whatsapUrl: 'a typo' },
          backups: { restoreAllowed: 'no' },
        },
        defaults: { backups: { restoreAllowed: false } },
      }),
    });
  });
  afterAll(async () => {
    await kiosk?.close();
    await sim?.close();
  });

  it('still locks every key it sets, a bad value at its default, and says what it ignored', async () => {
    expect(kiosk.config.locked.sort()).toEqual(['backups.restoreAllowed', 'general.whatsappUrl']);
    await kiosk.whatsapp.page.locator('div[data-ref] canvas').waitFor();
    expect(new URL(kiosk.whatsapp.page.url()).origin).toBe(new URL(sim.url).origin);

    expect((await kiosk.invoke('contacts:summary', {})).restoreAllowed).toBe(false);
    await expect(kiosk.invoke('backups:restore', { name: 'kiosk-20260101T000000000Z.sqlite' })).rejects.toThrow(/restoreAllowed/);

    const errors = kiosk.kiosk.status.configErrors.join('\n');
    expect(errors).toMatch(/unknown key comment/);
    expect(errors).toMatch(/unknown key enforced\.general\.whatsapUrl/);
    expect(errors).toMatch(/enforced\.backups\.restoreAllowed: .*stays locked/);
    await kiosk.uiPage.getByTestId('config-errors').waitFor();
  });

  it('grants WhatsApp no clipboard reading, only what the permission policy lists', async () => {
    const states = await kiosk.whatsapp.page.evaluate(async () => {
      const state = async (name: string) => (await navigator.permissions.query({ name: name as PermissionName })).state;
      return {
        notifications: await state('notifications'),
        clipboardRead: await state('clipboard-read'),
        clipboardWrite: await state('clipboard-write'),
      };
    });
    expect(states.notifications).toBe('granted');
    expect(states.clipboardWrite).toBe('granted');
    expect(states.clipboardRead).not.toBe('granted');
  });

  it('serves its own page and its status endpoint to loopback names only', async () => {
    const uiUrl = kiosk.uiPage.url();
    const uiPort = new URL(uiUrl).port;
    await kiosk.uiPage.getByTestId('status-bar').waitFor();
    expect(await statusWithHost(uiUrl, `127.0.0.1:${uiPort}`)).toBe(200);
    expect(await statusWithHost(uiUrl, `rebound.example:${uiPort}`)).toBe(403);

    const statusUrl = kiosk.kiosk.statusUrl!;
    const statusPort = new URL(statusUrl).port;
    expect(await statusWithHost(statusUrl, `localhost:${statusPort}`)).toBe(200);
    expect(await statusWithHost(statusUrl, `rebound.example:${statusPort}`)).toBe(403);
  });
});

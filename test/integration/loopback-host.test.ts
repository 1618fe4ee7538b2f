import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import { startStatusServer } from '../../main/core/status/status-server.ts';
import { launchTestChromium } from '../support/chromium.ts';
import { startUiServer } from '../../main/shells/chromium/ui-server.ts';

const status: KioskStatus = {
  mode: 'whatsapp',
  modeReason: 'startup',
  forced: false,
  health: { level: 'healthy', fault: null, since: 0 },
  whatsapp: { screen: 'chats', socketState: null, lastHeartbeat: null },
  lastHealing: null,
  guidance: null,
  language: 'en',
  configErrors: [],
  seatId: 'desk-1',
};

/** A real request with the Host header a browser would send for `host`. */
function get(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: { name: string; start(): Promise<{ url: string; close(): Promise<void> }> }[] = [
  { name: 'status endpoint', start: () => startStatusServer(0, () => status) },
  {
    name: "Chromium shell's UI server",
    start() {
      const root = mkdtempSync(join(tmpdir(), 'ui-root-'));
      writeFileSync(join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
      return startUiServer(root);
    },
  },
];

describe.each(servers)('the $name', ({ start }) => {
  let server: { url: string; close(): Promise<void> };
  let port: number;
  beforeAll(async () => {
    server = await start();
    port = Number(new URL(server.url).port);
  });
  afterAll(() => server.close());

  it('answers its loopback names', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await get(server.url, host)).status, host).toBe(200);
    }
  });

  it('refuses any other Host, so a rebound DNS name cannot read it', async () => {
    const foreign = [`evil.example:${port}`, `127.0.0.1`, `localhost:${port + 1}`, `127.0.0.1.evil.example:${port}`, `0.0.0.0:${port}`];
    for (const host of foreign) {
      const answer = await get(server.url, host);
      expect(answer.status, host).toBe(403);
      expect(answer.body).not.toMatch(/desk-1|<title>/);
    }
  });
});

describe('a page that rebinds its own name to loopback', () => {
  it('gets 403 from the status endpoint in real Chromium', async () => {
    const server = await startStatusServer(0, () => status);
    const port = new URL(server.url).port;
    // The resolver rule plays the attacker's DNS: rebind.test now points at 127.0.0.1.
    const browser = await launchTestChromium(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
    try {
      const page = await browser.newPage();
      const rebound = await page.goto(`http://rebind.test:${port}/status`);
      expect(rebound?.status()).toBe(403);
      expect(await page.content()).not.toContain('desk-1');
      const direct = await page.goto(server.url);
      expect(direct?.status()).toBe(200);
      expect(await page.content()).toContain('desk-1');
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

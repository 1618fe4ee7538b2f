import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadMarkers } from '../../main/core/health/markers.ts';
import type { SurfaceEvent } from '../../main/core/ports.ts';
import { allowedOrigins } from '../../main/core/security/navigation.ts';
import { launchTestChromium } from '../support/chromium.ts';
import { ChromiumWhatsAppPage } from '../../main/shells/chromium/whatsapp-page.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { CHROME_UA } from './browser-harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const markers = loadMarkers(join(ROOT, 'resources', 'probe', 'markers.json'));
const PROBE_WORLD = 'kiosk-probe';
const PROBE_BINDING = '__kioskProbeReport';

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The Chromium shell's WhatsApp page, in Chromium started with the shell's own launch options. */
describe("the Chromium shell's WhatsApp page, in real Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let surface: ChromiumWhatsAppPage;
  const events: SurfaceEvent[] = [];
  const external: string[] = [];

  beforeAll(async () => {
    browser = await launchTestChromium();
  });
  afterEach(async () => {
    await context?.close();
    events.length = 0;
    external.length = 0;
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(whatsappUrl: string): Promise<ChromiumWhatsAppPage> {
    context = await browser.newContext({ userAgent: CHROME_UA });
    surface = new ChromiumWhatsAppPage({
      context,
      allowedOrigins: allowedOrigins(whatsappUrl, []),
      markers,
      probeIntervalMs: 200,
      contactsSyncIntervalMs: 600_000,
      openExternally: (url) => external.push(url),
    });
    surface.onEvent((event) => events.push(event));
    await surface.load(whatsappUrl);
    return surface;
  }

  const probeReports = () => events.flatMap((event) => (event.type === 'probe' ? [event.facts] : []));

  describe('on the simulator', () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ lang: 'en', loadingMs: 50 });
    });
    afterAll(() => sim?.close());

    it("accepts probe reports only from the probe world of the page's main frame", async () => {
      await open(sim.url);
      await expect.poll(() => probeReports().length).toBeGreaterThan(0);
      const page = surface.page;
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            const frame = document.createElement('iframe');
            frame.srcdoc = '<div id="pane-side">a chat list the page made up</div>';
            frame.onload = resolve;
            document.body.append(frame);
          }),
      );

      // The test's own CDP session finds the probe world of each frame, as a hostile frame would use it.
      const cdp = await context.newCDPSession(page);
      const worlds: { id: number; name: string; auxData?: { frameId?: string } }[] = [];
      cdp.on('Runtime.executionContextCreated', ({ context: created }) => worlds.push(created));
      await cdp.send('Runtime.enable');
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const childId = frameTree.childFrames?.[0]?.frame.id;
      expect(childId).toBeDefined();
      const worldOf = async (frameId: string) =>
        worlds.find((world) => world.name === PROBE_WORLD && world.auxData?.frameId === frameId)?.id ??
        (await cdp.send('Page.createIsolatedWorld', { frameId, worldName: PROBE_WORLD })).executionContextId;
      const run = (contextId: number, expression: string) => cdp.send('Runtime.evaluate', { contextId, expression });
      const report = (contextId: number, marker: string) =>
        run(contextId, `globalThis.${PROBE_BINDING}(JSON.stringify({ fake: ${JSON.stringify(marker)} }))`);

      const frameWorld = await worldOf(childId!);
      expect((await run(frameWorld, `typeof globalThis.${PROBE_BINDING}`)).result.value).toBe('function');
      await report(frameWorld, 'from the iframe');
      // The same call from the main frame's probe world does arrive: the iframe's was not lost on the way.
      await report(await worldOf(frameTree.frame.id), 'from the main frame');
      await expect.poll(() => probeReports()).toContainEqual({ fake: 'from the main frame' });
      expect(probeReports()).not.toContainEqual({ fake: 'from the iframe' });
    });

    it('denies blob: URLs with an odd inner part, in place or in a new window, and keeps running', async () => {
      await open(sim.url);
      const page = surface.page;
      const popups: string[] = [];
      context.on('page', (opened) => popups.push(opened.url()));
      // Chromium itself drops navigations and windows to blob: URLs that name no blob...
      for (const target of ['blob:null/x', 'blob:foo', 'blob:', 'blob:file:///etc/passwd']) {
        await page.evaluate((url) => {
          window.open(url);
          window.location.href = url;
        }, target);
      }
      // ...but a frame of opaque origin makes real ones, "blob:null/<uuid>", and may open them. The
      // new window's URL reaches decideNavigation through the popup handler: an exception there
      // would end the process running the shell (and this test run with it).
      await page.evaluate(() => {
        const frame = document.createElement('iframe');
        frame.sandbox.add('allow-scripts', 'allow-popups');
        frame.srcdoc = `<script>window.open(URL.createObjectURL(new Blob(['<p>made up</p>'], { type: 'text/html' })));</script>`;
        document.body.append(frame);
      });
      await expect.poll(() => popups.some((url) => url.startsWith('blob:null/')), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => context.pages().length, { timeout: 10_000 }).toBe(1);
      const before = probeReports().length;
      // Still WhatsApp, still probed: neither the page nor the process running the shell died.
      await expect.poll(() => probeReports().length).toBeGreaterThan(before + 2);
      expect(new URL(page.url()).origin).toBe(new URL(sim.url).origin);
      expect(external).toEqual([]);
    });
  });

  describe('behind a WhatsApp address that redirects', () => {
    const foreignHits: string[] = [];
    const foreign = createServer((request, response) => {
      foreignHits.push(request.url ?? '');
      response.end('<title>foreign</title>');
    });
    let foreignUrl: string;
    const whatsapp = createServer((request, response) => {
      if (request.url === '/go') response.writeHead(302, { location: `${foreignUrl}/stolen` }).end();
      else response.end('<title>whatsapp</title><p>home</p>');
    });
    let whatsappUrl: string;
    beforeAll(async () => {
      // Two loopback origins: 127.0.0.1 stands for WhatsApp, localhost for somewhere else.
      foreignUrl = await listen(foreign, 'localhost');
      whatsappUrl = await listen(whatsapp, '127.0.0.1');
    });
    afterAll(async () => {
      await close(foreign);
      await close(whatsapp);
    });

    it('stops the redirected request before it reaches the other origin, in the page and in a frame', async () => {
      await open(`${whatsappUrl}/`);
      const page = surface.page;
      const mainFailed = page.waitForEvent('requestfailed', (request) => request.frame() === page.mainFrame());
      await page.evaluate(() => {
        window.location.href = '/go';
      });
      // A server's redirect is stopped, and not opened in the system browser either (a captive
      // portal would open a tab at every load); only navigations the page starts go there.
      expect((await mainFailed).url()).toBe(`${foreignUrl}/stolen`);
      expect(new URL(page.url()).origin).toBe(whatsappUrl);

      const frameFailed = page.waitForEvent('requestfailed', (request) => request.frame() !== page.mainFrame());
      await page.evaluate(() => {
        const frame = document.createElement('iframe');
        frame.src = '/go';
        document.body.append(frame);
      });
      // The redirect paused again at its new URL and was aborted there, before any request left.
      const failed = await frameFailed;
      expect(failed.url()).toBe(`${foreignUrl}/stolen`);
      expect(failed.redirectedFrom()?.url()).toBe(`${whatsappUrl}/go`);
      expect(failed.failure()?.errorText).toBe('net::ERR_ABORTED');
      expect(foreignHits).toEqual([]);
      expect(external).toEqual([]);
      expect(await page.title()).toBe('whatsapp');
    });
  });
});

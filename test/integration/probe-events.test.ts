import { describe, expect, it } from 'vitest';
import { loadMarkers } from '../../main/core/health/markers.ts';
import { probeFactsSchema, type ProbeFacts } from '../../main/core/health/probe-facts.ts';
import { ChromiumWhatsAppPage } from '../../main/shells/chromium/whatsapp-page.ts';
import { CHROME_UA, useBrowserAndSimulators } from './browser-harness.ts';

const MARKERS = loadMarkers(new URL('../../resources/probe/markers.json', import.meta.url).pathname);
/** A beat far longer than any wait below: a report that arrives came from an event, not the beat. */
const BEAT_MS = 60_000;
const AT_ONCE_MS = 5_000;

const { simulator, context } = useBrowserAndSimulators({ loadingMs: 50, ackDelayMs: 100, offlineBannerMs: 500 });

/**
 * The in-page probe in real Chromium through the Chromium shell's WhatsApp page: it reports when
 * the connection changes and when the core asks, not only on its beat.
 */
describe('the probe reports at once', () => {
  async function watchedPage() {
    const sim = await simulator();
    const browserContext = await context({ userAgent: CHROME_UA });
    const reports: ProbeFacts[] = [];
    const surface = new ChromiumWhatsAppPage({
      context: browserContext,
      allowedOrigins: new Set([new URL(sim.url).origin]),
      markers: MARKERS,
      probeIntervalMs: BEAT_MS,
      contactsSyncIntervalMs: 3_600_000,
      openExternally: () => undefined,
    });
    surface.onEvent((event) => {
      if (event.type === 'probe') reports.push(probeFactsSchema.parse(event.facts));
    });
    await surface.load(sim.url);
    /** Waits for a report that satisfies `predicate`, arrived after the call. */
    const next = async (predicate: (facts: ProbeFacts) => boolean): Promise<ProbeFacts> => {
      const from = reports.length;
      const deadline = Date.now() + AT_ONCE_MS;
      for (;;) {
        const found = reports.slice(from).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such report within ${AT_ONCE_MS} ms; last: ${JSON.stringify(reports.at(-1))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return { sim, surface, reports, next, browserContext };
  }

  it('when the socket connects, drops and comes back, and when the page goes offline and online', async () => {
    const { sim, surface, next, browserContext } = await watchedPage();
    await surface.page.locator('div[data-ref] canvas').waitFor();
    const connected = next((facts) => facts.socketState === 'CONNECTED');
    await sim.control.scanQr();
    expect((await connected).socketState).toBe('CONNECTED');

    const dropped = next((facts) => facts.socketState !== 'CONNECTED');
    sim.control.inject('outage');
    expect((await dropped).socketState).not.toBe('CONNECTED');
    const back = next((facts) => facts.socketState === 'CONNECTED');
    sim.control.clear('outage');
    await back;

    const cdp = await browserContext.newCDPSession(surface.page);
    const offline = next((facts) => !facts.online);
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await offline;
    const online = next((facts) => facts.online);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await online;
  });

  it('when the core asks (requestProbe)', async () => {
    const { surface, reports, next } = await watchedPage();
    await surface.page.locator('div[data-ref] canvas').waitFor();
    const seen = reports.length;
    const asked = next(() => true);
    await surface.requestProbe();
    const facts = await asked;
    expect(facts.screen).toBe('pairing');
    expect(reports.length).toBeGreaterThan(seen);
  });
});

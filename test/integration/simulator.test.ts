import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { probeUrl } from '../../main/core/health/http-probe.ts';
import { loadMarkers } from '../../main/core/health/markers.ts';
import { probeFactsSchema, type ProbeFacts } from '../../main/core/health/probe-facts.ts';
import { runProbe, runSocketReader, SOCKET_MESSAGE_TAG } from '../../preload/probe/probe.ts';
import type { Simulator, SimulatorOptionsInput } from '../simulator/index.ts';
import { CHROME_UA, useBrowserAndSimulators } from './browser-harness.ts';

const ELECTRON_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Electron/45.5.0 Safari/537.36';

/**
 * Short timings so that every fault shows within a second or two. The older tests read the old
 * markup by hand; the 2026 markup is read by the kiosk's own probe further down.
 */
const FAST: SimulatorOptionsInput = { loadingMs: 50, ackDelayMs: 400, offlineBannerMs: 500, markup: 'legacy' };

const QR_CANVAS = 'div[data-ref] canvas';
const PANE_SIDE = '#pane-side';
const REJECTED_LINK = 'a[href="https://www.google.com/chrome/"]';
const ALICE = '15550100001@c.us';
const BOB = '15550100002@c.us';
const CAROL = '15550100003@c.us';

/** Reconnecting after a fault can take the page's full backoff (3 s and a little jitter). */
function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 6_000 });
}

const { simulator, context } = useBrowserAndSimulators(FAST);

async function newPage(options?: BrowserContextOptions): Promise<Page> {
  return (await context(options)).newPage();
}

async function openPage(url: string, options?: BrowserContextOptions): Promise<Page> {
  const page = await newPage(options);
  await page.goto(url);
  return page;
}

/**
 * Resolves once something matches `selector`, however briefly: a watcher set up before an
 * action sees short-lived states that polling on a loaded machine could miss.
 */
function seen(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    (wanted) =>
      new Promise<boolean>((resolve) => {
        const check = () => {
          if (document.querySelector(wanted) === null) return;
          observer.disconnect();
          resolve(true);
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { childList: true, subtree: true, attributes: true });
        check();
      }),
    selector,
  );
}

async function pairedPage(sim: Simulator): Promise<Page> {
  const page = await openPage(sim.url);
  await page.locator(QR_CANVAS).waitFor();
  await sim.control.scanQr();
  await page.locator(PANE_SIDE).waitFor();
  return page;
}

/** What the kiosk's probe reads (markers.json, socketState). */
function socketState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const require = (window as unknown as { require: (name: string) => { Socket: { state: string } } }).require;
    return require('WAWebSocketModel').Socket.state;
  });
}

function qrRef(page: Page): Promise<string | null> {
  return page.getAttribute('div[data-ref]', 'data-ref');
}

async function openChat(page: Page, name: string): Promise<void> {
  await page.getByRole('listitem').filter({ hasText: name }).click();
  await page.locator('#main').waitFor();
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator('footer div[contenteditable="true"][role="textbox"]').fill(text);
  await page.locator('footer [data-icon="send"]').click();
}

async function statusIcon(page: Page, text: string): Promise<string | null> {
  return page.locator('.message-out', { hasText: text }).locator('[data-icon]').getAttribute('data-icon');
}

/** The status icons of a chat's row in the chat list (`status-time` while its last message is pending). */
function chatListIcons(page: Page, chat: string): Promise<Array<string | null>> {
  return page
    .locator(`${PANE_SIDE} [data-chat="${chat}"] [data-icon]`)
    .evaluateAll((icons) => icons.map((icon) => icon.getAttribute('data-icon')));
}

/** The texts in the page's own outbox: IndexedDB `wawc` / `pending-messages`. */
function outboxTexts(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const opening = indexedDB.open('wawc');
        opening.onerror = () => reject(opening.error ?? new Error('IndexedDB request failed'));
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains('pending-messages')) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction('pending-messages').objectStore('pending-messages').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as Array<{ text: string }>).map((message) => message.text));
          };
          all.onerror = () => reject(all.error ?? new Error('IndexedDB request failed'));
        };
      }),
  );
}

async function httpStatus(url: string): Promise<number> {
  return (await fetch(url)).status;
}

describe('browser check', () => {
  it('lets a normal Chrome through the loading screen to pairing with a QR canvas', async () => {
    const sim = await simulator({ loadingMs: 2_000 });
    const page = await newPage();
    await page.goto(sim.url, { waitUntil: 'commit' });
    await page.locator('#app progress').waitFor();
    await page.locator(QR_CANVAS).waitFor();
    expect(await page.locator('#app progress').count()).toBe(0);
    expect(await qrRef(page)).toMatch(/^2@[^,]+,[^,]+$/);
    expect(await socketState(page)).toBe('UNPAIRED');
    expect(await page.getByText('Link with phone number').isVisible()).toBe(true);
  });

  it.each([
    ['Electron', { userAgent: ELECTRON_UA }],
    ["headless Chromium's own user agent", {}],
  ])('sends %s to the update-browser page', async (_name, options) => {
    const sim = await simulator();
    const page = await openPage(sim.url, options);
    await page.locator(REJECTED_LINK).waitFor();
    expect(await page.textContent('#app')).toContain('WhatsApp works with Google Chrome 120+');
    expect(await page.locator(`${PANE_SIDE}, div[data-ref]`).count()).toBe(0);
  });
});

describe('pairing', () => {
  it('refreshes the QR code', async () => {
    const sim = await simulator({ qrRefreshMs: 300, qrRefreshesBeforeGivingUp: 1_000 });
    const page = await openPage(sim.url);
    await page.locator(QR_CANVAS).waitFor();
    const first = await qrRef(page);
    expect(await seen(page, `div[data-ref]:not([data-ref="${first}"]) canvas`)).toBe(true);
  });

  it('gives up with a reload button after the last refresh, and restarts on click', async () => {
    const sim = await simulator({ qrRefreshMs: 300, qrRefreshesBeforeGivingUp: 1 });
    const page = await openPage(sim.url);
    const reload = page.locator('div[data-ref] [data-icon="refresh-large"]');
    await reload.waitFor();
    expect(await socketState(page)).toBe('UNPAIRED_IDLE');
    expect(await page.locator(QR_CANVAS).count()).toBe(0);
    expect(sim.control.state().clients[0]).toMatchObject({ qr: { refreshes: 1, expired: true } });
    await expect(sim.control.scanQr()).rejects.toThrow(/no page is showing a QR code/);

    const restarted = seen(page, QR_CANVAS);
    await reload.click();
    expect(await restarted).toBe(true);
  });

  it('logs in on scan, keeps the login across reloads, and loses it with IndexedDB', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    await poll(() => socketState(page)).toBe('CONNECTED');
    expect(sim.control.state().paired).toBe(true);
    expect(await page.getByRole('listitem').count()).toBeGreaterThan(2);

    await page.reload();
    await page.locator(PANE_SIDE).waitFor();

    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase('wawc');
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
        }),
    );
    await page.reload();
    await page.locator(QR_CANVAS).waitFor();
    expect(await page.locator(PANE_SIDE).count()).toBe(0);
  });

  it('links with a phone number and a pairing code', async () => {
    const sim = await simulator();
    const page = await openPage(sim.url);
    await page.getByText('Link with phone number').click();
    await page.locator('input[type="tel"]').fill('+1 555 010 0000');
    await page.getByRole('button', { name: 'Next' }).click();
    const code = await page.locator('.pairing-code').getAttribute('aria-label');
    expect(code).toMatch(/^[1-9A-Z]{8}$/);
    await sim.control.linkWithCode(code ?? undefined);
    await page.locator(PANE_SIDE).waitFor();
  });
});

describe('messages', () => {
  it('advance from pending to sent to delivered', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    await openChat(page, 'Alice Johnson');
    const steps = ['msg-time', 'msg-check', 'msg-dblcheck'].map((icon) => seen(page, `.message-out [data-icon="${icon}"]`));
    await send(page, 'Your order ships today');
    expect(await Promise.all(steps)).toEqual([true, true, true]);
    expect(await page.locator('.message-out').getAttribute('data-id')).toMatch(/^true_15550100001@c\.us_3EB0[0-9A-F]+$/);
    expect(sim.control.state().messages).toMatchObject([{ text: 'Your order ships today', status: 'delivered' }]);
  });

  it('stay pending under stuck-pending, and catch up once it is cleared', async () => {
    const sim = await simulator({ ackDelayMs: 100 });
    const page = await pairedPage(sim);
    sim.control.inject('stuck-pending');
    await openChat(page, 'Alice Johnson');
    await send(page, 'Still there?');
    await poll(() => sim.control.state().messages.length).toBe(1);
    await page.waitForTimeout(500);
    expect(await statusIcon(page, 'Still there?')).toBe('msg-time');

    sim.control.clear('stuck-pending');
    await poll(() => statusIcon(page, 'Still there?')).toBe('msg-dblcheck');
  });

  it('stay pending across a reload, with the clock in the chat list, until stuck-pending is cleared', async () => {
    const sim = await simulator({ ackDelayMs: 100 });
    const page = await pairedPage(sim);
    sim.control.inject('stuck-pending');
    await openChat(page, 'Alice Johnson');
    await send(page, 'Are you still there?');
    await poll(() => sim.control.state().messages.length).toBe(1);
    expect(await chatListIcons(page, ALICE)).toEqual(['status-time']);
    await poll(() => outboxTexts(page)).toEqual(['Are you still there?']);

    await page.reload();
    await page.locator(PANE_SIDE).waitFor();
    // Visible without opening the chat: the kiosk's probe reads it from the chat list.
    expect(await page.locator('#main').count()).toBe(0);
    await poll(() => chatListIcons(page, ALICE)).toEqual(['status-time']);
    expect(await chatListIcons(page, BOB)).toEqual([]);
    await openChat(page, 'Alice Johnson');
    expect(await statusIcon(page, 'Are you still there?')).toBe('msg-time');
    const [sent] = sim.control.state().messages;
    expect(await page.locator('.message-out').getAttribute('data-id')).toBe(`true_${ALICE}_${sent?.id}`);

    sim.control.clear('stuck-pending');
    await poll(() => statusIcon(page, 'Are you still there?')).toBe('msg-dblcheck');
    await poll(() => chatListIcons(page, ALICE)).toEqual(['status-dblcheck']);
    expect(await page.locator('.message-out').count()).toBe(1);
    await poll(() => outboxTexts(page)).toEqual([]);
  });

  it('sent while off line are kept by the page across a reload, and go out once it reconnects', async () => {
    const sim = await simulator({ ackDelayMs: 100 });
    const page = await pairedPage(sim);
    await openChat(page, 'Carol Lee');
    sim.control.inject('socket-drop');
    await poll(() => socketState(page)).not.toBe('CONNECTED');
    await send(page, 'Yes, send me the new address');
    expect(await chatListIcons(page, CAROL)).toEqual(['status-time']);
    await poll(() => outboxTexts(page)).toEqual(['Yes, send me the new address']);

    await page.reload();
    await page.locator(PANE_SIDE).waitFor();
    await poll(() => chatListIcons(page, CAROL)).toEqual(['status-time']);
    await openChat(page, 'Carol Lee');
    expect(await statusIcon(page, 'Yes, send me the new address')).toBe('msg-time');
    expect(sim.control.state().messages).toEqual([]);

    sim.control.clear('socket-drop');
    await poll(() => statusIcon(page, 'Yes, send me the new address')).toBe('msg-dblcheck');
    expect(sim.control.state().messages).toMatchObject([{ text: 'Yes, send me the new address', status: 'delivered' }]);
    await poll(() => chatListIcons(page, CAROL)).toEqual(['status-dblcheck']);
    await poll(() => outboxTexts(page)).toEqual([]);
  });
});

describe('faults', () => {
  it('outage answers 503 to WhatsApp while the internet and the control API answer', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    await page.evaluate(() => navigator.serviceWorker.ready);
    sim.control.inject('outage');
    expect(await httpStatus(sim.url)).toBe(503);
    expect(await httpStatus(`${sim.url}app.js`)).toBe(503);
    expect(await httpStatus(sim.independentUrl)).toBe(204);
    expect(await httpStatus(`${sim.url}__sim/state`)).toBe(200);
    await poll(() => socketState(page)).not.toBe('CONNECTED');

    // The service worker serves the cached app shell, which cannot connect.
    await page.reload();
    await page.locator('[data-icon="alert-computer"]').waitFor();
    expect(await page.locator(PANE_SIDE).count()).toBe(1);

    sim.control.clear('outage');
    await poll(() => socketState(page)).toBe('CONNECTED');
  });

  it('server-error fails the socket with 500 while the page still loads', async () => {
    const sim = await simulator();
    sim.control.inject('server-error');
    expect(await httpStatus(sim.url)).toBe(200);
    expect(await httpStatus(`${sim.url}ws/chat?client=abcdefgh12`)).toBe(500);
  });

  it('latency delays WhatsApp responses', async () => {
    const sim = await simulator();
    sim.control.inject('latency', { ms: 400 });
    const started = performance.now();
    expect(await httpStatus(`${sim.url}style.css`)).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('socket-drop takes the page off line with the "computer not connected" banner', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    sim.control.inject('socket-drop');
    await page.locator('[data-icon="alert-computer"]').waitFor();
    expect(await socketState(page)).not.toBe('CONNECTED');
    expect(await page.textContent('#side')).toContain('Computer not connected');

    sim.control.clear('socket-drop');
    await poll(() => socketState(page)).toBe('CONNECTED');
    expect(await page.locator('[data-icon="alert-computer"]').count()).toBe(0);
  });

  it('socket-drop with flapMs lets the socket reconnect and drops it again', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    sim.control.inject('socket-drop', { flapMs: 200 });
    const seen = await page.evaluate(async () => {
      const require = (window as unknown as { require: (name: string) => { Socket: { state: string } } }).require;
      const states = new Set<string>();
      for (let i = 0; i < 40; i += 1) {
        states.add(require('WAWebSocketModel').Socket.state);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return [...states];
    });
    expect(seen).toContain('CONNECTED');
    expect(seen.some((state) => state !== 'CONNECTED')).toBe(true);
  });

  it('media-failure shows the retry icon on the photo, which works again once cleared', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    sim.control.inject('media-failure');
    await openChat(page, 'Bob Smith');
    const retry = page.locator('.message-in [data-icon="media-refresh"]');
    await retry.waitFor();

    sim.control.clear('media-failure');
    await retry.click();
    await page.locator('.message-in.media img').waitFor();
    expect(await retry.count()).toBe(0);
  });

  it('qr-unavailable leaves the QR container spinning without a canvas', async () => {
    const sim = await simulator({ qrRefreshMs: 200 });
    sim.control.inject('qr-unavailable');
    const page = await openPage(sim.url);
    await page.locator('div[data-ref] .spinner').waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator(QR_CANVAS).count()).toBe(0);
    await expect(sim.control.scanQr()).rejects.toThrow(/qr-unavailable/);

    sim.control.clear('qr-unavailable');
    await page.locator(QR_CANVAS).waitFor();
  });

  it('logout sends the page back to pairing, UNPAIRED, without its keys', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    sim.control.inject('logout');
    await page.locator(QR_CANVAS).waitFor();
    expect(await socketState(page)).toBe('UNPAIRED');
    expect(sim.control.state()).toMatchObject({ paired: false, faults: {} });
    const keys = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const opening = indexedDB.open('wawc');
          opening.onsuccess = () => {
            const get = opening.result.transaction('user').objectStore('user').get('WALoginKeys');
            get.onsuccess = () => {
              opening.result.close();
              resolve(get.result ?? null);
            };
          };
        }),
    );
    expect(keys).toBeNull();
  });

  it('browser-rejected sticks in the service worker until it is unregistered', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    sim.control.inject('browser-rejected');
    await page.locator(REJECTED_LINK).waitFor();

    sim.control.clear('browser-rejected');
    await page.reload();
    await page.locator(REJECTED_LINK).waitFor();
    expect(await page.locator(PANE_SIDE).count()).toBe(0);

    await page.evaluate(async () => {
      for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    });
    await page.reload();
    await page.locator(PANE_SIDE).waitFor();
  });

  it('a first visit rejected by user agent stays rejected after fixing it, until the worker goes', async () => {
    const sim = await simulator();
    const page = await openPage(sim.url, { userAgent: ELECTRON_UA });
    await page.locator(REJECTED_LINK).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);

    // The kiosk's first fix: present a plain Chrome user agent and reload.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.setUserAgentOverride', { userAgent: CHROME_UA });
    await page.reload();
    await page.locator(REJECTED_LINK).waitFor();

    await page.evaluate(async () => {
      for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    });
    await page.reload();
    await page.locator(QR_CANVAS).waitFor();
  });

  it('hang freezes the page so that it stops answering', async () => {
    const sim = await simulator();
    const page = await pairedPage(sim);
    sim.control.inject('hang');
    // The fault reaches the page over its socket, so the first question may still be answered.
    const ask = () =>
      Promise.race([
        page.evaluate(() => 'alive').catch(() => 'error'),
        new Promise((resolve) => setTimeout(() => resolve('timed out'), 1_500)),
      ]);
    await poll(ask).toBe('timed out');
    expect(await ask()).toBe('timed out');
  });

  it('local-network-down refuses connections to both servers but not to the control API', async () => {
    const sim = await simulator();
    sim.control.inject('local-network-down');
    await expect(fetch(sim.url)).rejects.toThrow();
    await expect(fetch(sim.independentUrl)).rejects.toThrow();
    expect(await httpStatus(`${sim.url}__sim/state`)).toBe(200);

    sim.control.clear('local-network-down');
    expect(await httpStatus(sim.independentUrl)).toBe(204);
    expect(await httpStatus(sim.url)).toBe(200);
  });
});

describe('languages', () => {
  it('shows Chinese with the same markers, and follows a language push', async () => {
    const sim = await simulator({ lang: 'zh' });
    const page = await pairedPage(sim);
    expect(await page.textContent(PANE_SIDE)).toContain('张伟');
    await openChat(page, '张伟');
    await send(page, '你好');
    await poll(() => statusIcon(page, '你好')).toBe('msg-dblcheck');

    sim.control.setLanguage('en');
    await poll(() => page.textContent(PANE_SIDE)).toContain('Alice Johnson');
  });

  it('serves the Chinese update-browser page and pairing screen by ?lang=zh', async () => {
    const sim = await simulator();
    const rejected = await openPage(`${sim.url}?lang=zh`, { userAgent: ELECTRON_UA });
    expect(await rejected.textContent(REJECTED_LINK)).toBe('更新 Google Chrome');
    expect(await rejected.textContent('#app')).toContain('WhatsApp 适用于 Google Chrome 120 及以上版本');

    const pairing = await openPage(`${sim.url}?lang=zh`);
    await pairing.locator(QR_CANVAS).waitFor();
    expect(await pairing.textContent('#app')).toContain('使用电话号码关联');
  });
});

describe('control HTTP API', () => {
  async function call(sim: Simulator, method: string, path: string, body?: string) {
    const response = await fetch(`${sim.url}__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error?: string } };
  }

  it('injects and clears faults and reports state', async () => {
    const sim = await simulator();
    expect((await call(sim, 'POST', 'faults/latency', '{"ms":100,"jitterMs":20}')).status).toBe(200);
    expect((await call(sim, 'POST', 'faults/outage')).status).toBe(200);
    expect(sim.control.state().faults).toEqual({ latency: { ms: 100, jitterMs: 20 }, outage: {} });
    expect((await call(sim, 'DELETE', 'faults/outage')).status).toBe(200);
    expect((await call(sim, 'DELETE', 'faults')).status).toBe(200);
    expect(sim.control.state().faults).toEqual({});
    expect((await call(sim, 'POST', 'lang', '{"lang":"zh"}')).status).toBe(200);
    expect(sim.control.state().lang).toBe('zh');
  });

  it.each([
    ['an unknown fault', 'POST', 'faults/meteor', '{}', /unknown fault 'meteor'/],
    ['bad fault options', 'POST', 'faults/latency', '{"ms":"slow"}', /invalid options for fault 'latency'/],
    ['unknown fault options', 'POST', 'faults/outage', '{"when":"now"}', /invalid options for fault 'outage'/],
    ['a bad language', 'POST', 'lang', '{"lang":"fr"}', /invalid language body/],
    ['malformed JSON', 'POST', 'faults/outage', '{', /JSON/],
  ])('answers %s with 400', async (_case, method, path, body, message) => {
    const sim = await simulator();
    const answer = await call(sim, method, path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect(sim.control.state().faults).toEqual({});
  });

  it('answers a scan with no QR on screen with 409', async () => {
    const sim = await simulator();
    expect((await call(sim, 'POST', 'scan')).status).toBe(409);
  });

  it('serves the control panel', async () => {
    const sim = await simulator();
    const panel = await openPage(sim.panelUrl);
    await panel.locator('tr[data-fault="local-network-down"]').waitFor();
    await panel.locator('tr[data-fault="outage"] button', { hasText: 'Inject' }).click();
    await poll(() => sim.control.state().faults).toEqual({ outage: {} });
  });
});

const MARKERS = loadMarkers(new URL('../../resources/probe/markers.json', import.meta.url).pathname);
const PROBE_WORLD = 'kiosk-probe-test';
const PROBE_BINDING = '__kioskProbeTest';

interface Probed {
  page: Page;
  /** The probe's last report, checked against the kiosk's schema. */
  facts(): ProbeFacts | undefined;
  invalid: string[];
}

/**
 * The page as the kiosk sees it: the probe in an isolated world, the reader in the main world
 * (reading WhatsApp's models too unless `models` is false, as an older shell would).
 */
async function probedPage(url: string, models = true): Promise<Probed> {
  const browserContext = await context();
  const page = await browserContext.newPage();
  const cdp = await browserContext.newCDPSession(page);
  let last: ProbeFacts | undefined;
  const invalid: string[] = [];
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== PROBE_BINDING) return;
    const parsed = probeFactsSchema.safeParse(JSON.parse(event.payload));
    if (parsed.success) last = parsed.data;
    else invalid.push(event.payload.slice(0, 500));
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: PROBE_BINDING, executionContextName: PROBE_WORLD });
  await cdp.send('Page.enable');
  const probe = `(${runProbe.toString()})(${JSON.stringify(MARKERS)}, (facts) => globalThis.${PROBE_BINDING}(JSON.stringify(facts)), 100, ${JSON.stringify(SOCKET_MESSAGE_TAG)});`;
  const modelSpec = { streamPath: MARKERS.socketState.streamPath, messages: MARKERS.models.messages, version: MARKERS.models.version };
  const readerArgs = [MARKERS.socketState.module, MARKERS.socketState.path, 100, SOCKET_MESSAGE_TAG, ...(models ? [modelSpec] : [])];
  const reader = `(${runSocketReader.toString()})(...${JSON.stringify(readerArgs)});`;
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: probe, worldName: PROBE_WORLD });
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: reader });
  await page.goto(url);
  return { page, facts: () => last, invalid };
}

async function pairedProbed(sim: Simulator, models = true): Promise<Probed> {
  const probed = await probedPage(sim.url, models);
  await probed.page.locator(QR_CANVAS).waitFor();
  await sim.control.scanQr();
  await probed.page.locator(PANE_SIDE).waitFor();
  return probed;
}

describe('the 2026 markup, read by the kiosk’s own probe', () => {
  const MARKUP: SimulatorOptionsInput = { markup: '2026' };

  it('has no .message-out, no data-id on chat rows, SVG-titled status icons, and Debug.VERSION', async () => {
    const sim = await simulator({ ...MARKUP, ackDelayMs: 60_000 });
    const { page, facts, invalid } = await pairedProbed(sim);
    await openChat(page, 'Alice');
    await send(page, 'order 1234');
    const row = page.locator('#main [data-id^="true_"]', { hasText: 'order 1234' });
    await row.waitFor();
    expect(await page.locator('.message-out').count()).toBe(0);
    expect(await page.locator(`${PANE_SIDE} [role="listitem"][data-id]`).count()).toBe(0);
    expect(await row.locator('svg > title').textContent()).toBe('wds-ic-msg-time');
    await poll(() => facts()?.messages).toMatchObject({ pending: 1, outgoing: 1, withKnownStatus: 1, unknownStatusIcons: 0 });
    expect(facts()).toMatchObject({
      screen: 'chats',
      socketState: 'CONNECTED',
      streamState: 'CONNECTED',
      models: { version: '2.3000.1031000000' },
    });
    expect(invalid).toEqual([]);
  });

  it('reads pending messages from WhatsApp’s models first, whatever chat is open; the markup only without them', async () => {
    const sim = await simulator({ ...MARKUP });
    sim.control.inject('stuck-pending');
    const withModels = await pairedProbed(sim);
    await openChat(withModels.page, 'Alice');
    await send(withModels.page, 'where is it?');
    await poll(() => withModels.facts()?.models?.pending?.count).toBe(1);
    // Another chat open: the markup shows only the chat list's clock; the models still know.
    await openChat(withModels.page, 'Carol');
    await poll(() => withModels.facts()?.messages.outgoing).toBe(0);
    expect(withModels.facts()?.models?.pending?.count).toBe(1);
    expect(withModels.facts()?.messages.pending).toBe(1);

    // An older shell's reader forwards only the socket state: the markup alone must still see it.
    const withoutModels = await pairedProbed(sim, false);
    await openChat(withoutModels.page, 'Bob');
    await send(withoutModels.page, 'and the refund?');
    await poll(() => withoutModels.facts()?.messages).toMatchObject({ pending: 1, withKnownStatus: 1 });
    expect(withoutModels.facts()).toMatchObject({ models: null, streamState: null });
  });

  it('never takes chat content for page chrome, and counts the banner only while it is visible', async () => {
    const sim = await simulator({ ...MARKUP });
    const { page, facts } = await pairedProbed(sim);
    sim.control.updateContacts({ op: 'message', id: CAROL, text: 'Update your browser here: https://www.google.com/chrome/ thanks' });
    await openChat(page, 'Carol');
    await page.locator(`#main ${REJECTED_LINK}`).waitFor();
    // The banner's container and icon are in the page, at zero height.
    expect(await page.locator('[data-icon="alert-computer"]').count()).toBe(1);
    await poll(() => facts()?.seq ?? 0).toBeGreaterThan(3);
    expect(facts()).toMatchObject({ screen: 'chats', connectionBanner: false });

    sim.control.inject('socket-drop');
    await poll(() => facts()?.connectionBanner).toBe(true);
    sim.control.clear('socket-drop');
    await poll(() => facts()?.connectionBanner).toBe(false);
  });

  it('says the QR loop gave up with UNPAIRED_IDLE and a button inside div[data-ref] > span', async () => {
    const sim = await simulator({ ...MARKUP, qrRefreshMs: 300, qrRefreshesBeforeGivingUp: 1 });
    const { page, facts } = await probedPage(sim.url);
    await page.locator('div[data-ref] > span > button').waitFor();
    await poll(() => facts()).toMatchObject({
      screen: 'pairing',
      socketState: 'UNPAIRED_IDLE',
      qr: { present: false, reloadButton: true },
    });
  });

  it('shows "Use here" when WhatsApp opens elsewhere (CONFLICT), and works again once the agent presses it', async () => {
    const sim = await simulator({ ...MARKUP });
    const { page, facts } = await pairedProbed(sim);
    sim.control.inject('conflict');
    await poll(() => facts()?.socketState).toBe('CONFLICT');
    expect(facts()?.streamState).toBe('DISCONNECTED');
    await page.getByRole('button', { name: 'Use here' }).click();
    await poll(() => facts()?.socketState).toBe('CONNECTED');
    expect(sim.control.state().faults).toEqual({});
  });

  it('shows the ban screen with TOS_BLOCK while the account is blocked', async () => {
    const sim = await simulator({ ...MARKUP });
    const { page, facts } = await pairedProbed(sim);
    sim.control.inject('account-blocked');
    await poll(() => facts()?.socketState).toBe('TOS_BLOCK');
    expect(await page.textContent('#app')).toContain('not allowed to use WhatsApp');
    sim.control.clear('account-blocked');
    await poll(() => facts()?.socketState).toBe('CONNECTED');
  });

  it('renames its status icons under marker-drift: the probe sees unknown names and no status it knows', async () => {
    const sim = await simulator({ ...MARKUP, ackDelayMs: 100 });
    const { page, facts } = await pairedProbed(sim, false);
    await openChat(page, 'Alice');
    await send(page, 'hello');
    await poll(() => facts()?.messages).toMatchObject({ outgoing: 1, withKnownStatus: 1, unknownStatusIcons: 0 });
    sim.control.inject('marker-drift');
    await poll(() => facts()?.messages).toMatchObject({ outgoing: 1, withKnownStatus: 0, unknownStatusIcons: 1 });
  });

  it('opens /send?phone=&text= in that chat, and a number it does not know in a dialog with no chat panel', async () => {
    const sim = await simulator({ ...MARKUP });
    const page = await pairedPage(sim);
    await page.goto(`${sim.url}send?phone=${encodeURIComponent('+1 555 010 0003')}&text=${encodeURIComponent('Your parcel left today')}`);
    await page.locator('#main').waitFor();
    expect(await page.locator('footer [role="textbox"]').textContent()).toBe('Your parcel left today');
    await page.goto(`${sim.url}send?phone=99999999999&text=hi`);
    await page.getByRole('dialog').waitFor();
    expect(await page.locator('#main').count()).toBe(0);
  });

  it('keeps the number of an @lid contact in its phoneNumber field', async () => {
    const sim = await simulator({ ...MARKUP });
    sim.control.updateContacts({ op: 'upsert', contact: { id: '123456789012345@lid', name: 'Lena', phoneNumber: '4915112345678@c.us' } });
    expect(sim.control.addressBook().find((entry) => entry.id === '123456789012345@lid')?.contact).toMatchObject({
      phoneNumber: '4915112345678@c.us',
    });
    expect(() =>
      sim.control.updateContacts({ op: 'upsert', contact: { id: '123456789012345@lid', phoneNumber: '+4915112345678' } }),
    ).toThrow(/phone id/);
  });
});

describe('networks that answer for WhatsApp', () => {
  it('captive-portal redirects every WhatsApp request to a sign-in page on another origin', async () => {
    const sim = await simulator();
    sim.control.inject('captive-portal');
    const response = await fetch(sim.url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const portal = new URL(response.headers.get('location') ?? '');
    expect(portal.origin).not.toBe(new URL(sim.url).origin);
    expect(portal.origin).toBe(new URL(sim.independentUrl).origin);
    expect(await (await fetch(portal)).text()).toContain('Guest Wi-Fi');
    expect(await httpStatus(`${sim.url}__sim/state`)).toBe(200);
  });

  it('proxy-auth answers 407 with Proxy-Authenticate', async () => {
    const sim = await simulator();
    sim.control.inject('proxy-auth');
    // Node's fetch hides a 407 behind a network error; the kiosk's own probe sees it.
    expect(await probeUrl(sim.url, 2_000)).toMatchObject({ status: 407, proxyAuthenticate: true });
  });
});

import type { BrowserContext, CDPSession, Page, Request } from 'playwright-core';
import type { SurfaceEvent, WhatsAppSurface } from '../../core/ports.ts';
import type { PurgePart } from '../../core/maintenance/purge.ts';
import { MainFrameLoad } from '../../core/health/main-frame-load.ts';
import { decideNavigation } from '../../core/security/navigation.ts';
import type { Markers } from '../../core/health/markers.ts';
import { runProbe, runSocketReader, SOCKET_MESSAGE_TAG, socketReaderArgs } from '../../../preload/probe/probe.ts';
import { runContactsReader } from '../../../preload/probe/contacts-reader.ts';
import { WHATSAPP_BATCH_MAX } from '../../core/contacts/contact.ts';
import type { ChatMarkers } from '../../core/offline-queue/chat-markers.ts';
import { CHAT_REPORT_MAX_ROWS } from '../../core/offline-queue/chat-report.ts';
import { textHash } from '../../core/offline-queue/text-hash.ts';
import { chatReaderSource } from '../../../preload/probe/chat-reader.ts';

const PROBE_WORLD = 'kiosk-probe';
const PROBE_BINDING = '__kioskProbeReport';
const CONTACTS_BINDING = '__kioskContactsReport';
/** Where the probe keeps its "report now" in its own isolated world (out of the page's reach). */
const PROBE_NOW = '__kioskProbeNow';
/** A hung page can keep a navigation from committing; the healing ladder must not wait forever. */
const NAVIGATION_TIMEOUT_MS = 15_000;
/** How long a reload may take to commit before the renderer counts as hung. */
const RELOAD_COMMIT_MS = 5_000;

export interface WhatsAppPageOptions {
  context: BrowserContext;
  allowedOrigins: ReadonlySet<string>;
  markers: Markers;
  probeIntervalMs: number;
  contactsSyncIntervalMs: number;
  openExternally(url: string): void;
}

/**
 * The WhatsApp view of the Chromium shell: one page of the persistent profile, with the probe in
 * an isolated world (CDP worldName + a binding scoped to that world, so the page can neither see
 * nor call it) and navigation limited to WhatsApp's origins.
 */
export class ChromiumWhatsAppPage implements WhatsAppSurface {
  readonly #options: WhatsAppPageOptions;
  readonly #listeners: ((event: SurfaceEvent) => void)[] = [];
  #page: Page | null = null;
  #cdp: CDPSession | null = null;
  #url = 'about:blank';
  #crashed = false;
  /** The probe world of the main frame's current document, newest last. */
  #probeContexts: number[] = [];

  constructor(options: WhatsAppPageOptions) {
    this.#options = options;
  }

  get page(): Page {
    if (!this.#page) throw new Error('the WhatsApp page is not open');
    return this.#page;
  }

  onEvent(listener: (event: SurfaceEvent) => void): void {
    this.#listeners.push(listener);
  }

  async load(url: string): Promise<void> {
    this.#url = url;
    const page = this.#page ?? (await this.#open());
    await this.#navigate(() => page.goto(url, { waitUntil: 'commit', timeout: NAVIGATION_TIMEOUT_MS }));
  }

  /**
   * Electron can reload a crashed or hung web contents in place; Playwright cannot reuse a dead
   * renderer and a hung one never lets the reload commit. In both cases the Chromium shell loads
   * WhatsApp again in a fresh page of the same profile, which is what a reload means there.
   */
  async reload(): Promise<void> {
    if (this.#crashed) {
      await this.recreate();
      return;
    }
    try {
      await this.page.reload({ waitUntil: 'commit', timeout: RELOAD_COMMIT_MS });
    } catch {
      await this.recreate();
    }
  }

  async unregisterServiceWorkers(): Promise<void> {
    await this.#cdpSession().send('Storage.clearDataForOrigin', {
      origin: new URL(this.#url).origin,
      storageTypes: 'service_workers',
    });
  }

  async clearHttpCache(): Promise<void> {
    await this.#cdpSession().send('Network.clearBrowserCache');
  }

  /** IndexedDB and DOM storage commit as they are written in Chromium; there is nothing to flush over CDP. */
  async flushStorage(): Promise<void> {}

  /**
   * HTTP cache through the network domain, the rest per origin through the storage domain. The
   * code cache has no CDP command: it is not reported as cleared.
   */
  async clearCaches(parts: readonly PurgePart[]): Promise<PurgePart[]> {
    const cdp = this.#cdpSession();
    const cleared: PurgePart[] = [];
    if (parts.includes('http-cache')) {
      await cdp.send('Network.clearBrowserCache');
      cleared.push('http-cache');
    }
    const storageTypes = (
      [
        ['shader-cache', 'shader_cache'],
        ['service-workers', 'service_workers'],
        ['cache-storage', 'cache_storage'],
      ] as const
    ).filter(([part]) => parts.includes(part));
    if (storageTypes.length > 0) {
      await cdp.send('Storage.clearDataForOrigin', {
        origin: new URL(this.#url).origin,
        storageTypes: storageTypes.map(([, type]) => type).join(','),
      });
      cleared.push(...storageTypes.map(([part]) => part));
    }
    return cleared;
  }

  async clearAllData(): Promise<void> {
    await this.#cdpSession().send('Storage.clearDataForOrigin', { origin: new URL(this.#url).origin, storageTypes: 'all' });
    await this.#cdpSession().send('Network.clearBrowserCache');
  }

  async recreate(): Promise<void> {
    const old = this.#page;
    this.#page = null;
    this.#cdp = null;
    // Closing a hung page can itself hang; the new page must not wait for it.
    old?.close().catch(() => undefined);
    await this.load(this.#url);
  }

  async requestProbe(): Promise<void> {
    const cdp = this.#cdp;
    for (const contextId of this.#probeContexts) {
      // A page being replaced or a probe not yet started: its next beat reports anyway.
      await cdp?.send('Runtime.evaluate', { expression: `globalThis.${PROBE_NOW}?.()`, contextId }).catch(() => undefined);
    }
  }

  async memoryUsageMb(): Promise<number | null> {
    try {
      const { usedSize } = await this.#cdpSession().send('Runtime.getHeapUsage');
      return usedSize / (1024 * 1024);
    } catch {
      return null;
    }
  }

  async openChat(url: string): Promise<void> {
    const page = this.#page ?? (await this.#open());
    await this.#navigate(() => page.goto(url, { waitUntil: 'commit', timeout: NAVIGATION_TIMEOUT_MS }));
  }

  async pressEnter(): Promise<void> {
    await this.page.keyboard.press('Enter');
  }

  /** In the probe's world, where the page can neither see nor change the reader. */
  async readOpenChat(markers: ChatMarkers): Promise<unknown> {
    const contextId = this.#probeContexts.at(-1);
    if (contextId === undefined) return null;
    const { result, exceptionDetails } = await this.#cdpSession().send('Runtime.evaluate', {
      expression: chatReaderSource(markers, textHash.toString(), CHAT_REPORT_MAX_ROWS),
      contextId,
      returnByValue: true,
    });
    return exceptionDetails ? null : (result.value as unknown);
  }

  async bringToFront(): Promise<void> {
    await this.#page?.bringToFront();
  }

  #emit(event: SurfaceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #cdpSession(): CDPSession {
    if (!this.#cdp) throw new Error('the WhatsApp page is not open');
    return this.#cdp;
  }

  /** A navigation that fails is an event for the detector, not an exception for the caller. */
  async #navigate(go: () => Promise<unknown>): Promise<void> {
    try {
      await go();
    } catch (error) {
      const message = (error as Error).message.split('\n')[0] ?? 'navigation failed';
      if (!/Target .*closed|has been closed/.test(message)) {
        this.#emit({ type: 'load-failed', description: message, httpStatus: null });
      }
    }
  }

  async #open(): Promise<Page> {
    const { context, markers, probeIntervalMs, contactsSyncIntervalMs } = this.#options;
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    this.#page = page;
    this.#cdp = cdp;
    this.#crashed = false;

    // Events of a page that was replaced no longer describe WhatsApp.
    const emit = (event: SurfaceEvent) => {
      if (this.#page === page) this.#emit(event);
    };
    // The main frame's id is the page's own for its whole life, across navigations.
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const mainFrameId = frameTree.frame.id;
    // The binding exists in the probe world of every frame, and a frame's world reads a DOM its
    // page controls: only reports from the probe world of the main frame count.
    const probeContexts = new Set<number>();
    this.#probeContexts = [];
    const remember = () => (this.#page === page ? (this.#probeContexts = [...probeContexts]) : undefined);
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const frameId = (context.auxData as { frameId?: unknown } | undefined)?.frameId;
      if (context.name === PROBE_WORLD && frameId === mainFrameId) probeContexts.add(context.id);
      remember();
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
      probeContexts.delete(executionContextId);
      remember();
    });
    cdp.on('Runtime.executionContextsCleared', () => {
      probeContexts.clear();
      remember();
    });
    cdp.on('Runtime.bindingCalled', (event) => {
      if (event.name !== PROBE_BINDING && event.name !== CONTACTS_BINDING) return;
      if (!probeContexts.has(event.executionContextId)) return;
      let payload: unknown;
      try {
        payload = JSON.parse(event.payload);
      } catch {
        return;
      }
      emit(event.name === PROBE_BINDING ? { type: 'probe', facts: payload } : { type: 'contacts', batch: payload });
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Runtime.addBinding', { name: PROBE_BINDING, executionContextName: PROBE_WORLD });
    await cdp.send('Runtime.addBinding', { name: CONTACTS_BINDING, executionContextName: PROBE_WORLD });
    await cdp.send('Page.enable');
    const probeSource = `globalThis.${PROBE_NOW} = (${runProbe.toString()})(${JSON.stringify(markers)}, (facts) => globalThis.${PROBE_BINDING}(JSON.stringify(facts)), ${probeIntervalMs}, ${JSON.stringify(SOCKET_MESSAGE_TAG)});`;
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: probeSource, worldName: PROBE_WORLD });
    const contactsSource = `(${runContactsReader.toString()})(${JSON.stringify(markers.contacts)}, (batch) => globalThis.${CONTACTS_BINDING}(JSON.stringify(batch)), ${JSON.stringify({ intervalMs: contactsSyncIntervalMs, batchSize: WHATSAPP_BATCH_MAX })});`;
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: contactsSource, worldName: PROBE_WORLD });
    const readerArgs = socketReaderArgs(markers, probeIntervalMs).map((arg) => JSON.stringify(arg));
    const readerSource = `(${runSocketReader.toString()})(${readerArgs.join(', ')});`;
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: readerSource });

    await this.#lockNavigation(cdp, mainFrameId);

    const load = new MainFrameLoad();
    const isMainNavigation = (request: Request) => request.isNavigationRequest() && request.frame() === page.mainFrame();
    const emitIf = (event: SurfaceEvent | null) => event && emit(event);
    page.on('request', (request) => {
      if (isMainNavigation(request)) load.started();
    });
    // The failed goto or reload reports it (#navigate); here it only keeps 'load' from counting.
    page.on('requestfailed', (request) => {
      if (isMainNavigation(request)) load.markFailed();
    });
    page.on('response', (response) => {
      if (isMainNavigation(response.request())) emitIf(load.answered(response.status()));
    });
    page.on('load', () => emitIf(load.finished()));
    page.on('crash', () => {
      if (this.#page === page) this.#crashed = true;
      emit({ type: 'crashed', reason: 'crashed' });
    });
    page.on('popup', (popup) => {
      const target = popup.url();
      popup.close().catch(() => undefined);
      if (decideNavigation(target, this.#options.allowedOrigins) === 'open-externally') {
        this.#options.openExternally(target);
      }
    });
    return page;
  }

  /**
   * Documents (top level and frames) outside WhatsApp's origins never load in the view. Aborted,
   * not blocked: a blocked main-frame navigation would replace WhatsApp with an error page. Each
   * redirect hop of a document pauses here again with its new URL (checked in Chromium 156), so
   * a WhatsApp address that redirects elsewhere is stopped before the request leaves.
   */
  async #lockNavigation(cdp: CDPSession, mainFrameId: string): Promise<void> {
    // Requests let through, by network id: a later hop of one of them is a server's redirect,
    // which is stopped but never opened in the system browser (a captive portal would open a
    // tab at every load); only a navigation the page itself started is.
    const letThrough: string[] = [];
    cdp.on('Fetch.requestPaused', (event) => {
      const decision = decideNavigation(event.request.url, this.#options.allowedOrigins);
      if (decision === 'allow') {
        if (event.networkId) letThrough.push(event.networkId);
        if (letThrough.length > 50) letThrough.shift();
        cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => undefined);
        return;
      }
      cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Aborted' }).catch(() => undefined);
      const redirected = event.networkId !== undefined && letThrough.includes(event.networkId);
      if (decision === 'open-externally' && event.frameId === mainFrameId && !redirected) {
        this.#options.openExternally(event.request.url);
      }
    });
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }] });
  }
}

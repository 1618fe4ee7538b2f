import { app, ipcMain, WebContentsView, type BrowserWindow, type IpcMainEvent, type Session } from 'electron';
import type { Markers } from '../../core/health/markers.ts';
import { MainFrameLoad } from '../../core/health/main-frame-load.ts';
import { IPC_CHANNELS } from '../../core/ipc/channels.ts';
import type { ProbeConfig } from '../../core/ipc/probe-wire.ts';
import type { SurfaceEvent, WhatsAppSurface } from '../../core/ports.ts';
import { RELAYOUT_WINDOW_EVENTS, serviceWorkerOrigin, whatsappViewBounds, whatsappVisibility } from '../../core/shell/view-rules.ts';
import type { PurgePart } from '../../core/maintenance/purge.ts';
import { lockNavigation } from './session-policy.ts';
import type { ChatMarkers } from '../../core/offline-queue/chat-markers.ts';
import { CHAT_REPORT_MAX_ROWS } from '../../core/offline-queue/chat-report.ts';
import { textHash } from '../../core/offline-queue/text-hash.ts';
import { chatReaderSource } from '../../../preload/probe/chat-reader.ts';

/** An isolated world of our own for the chat reader (the preload's is 999): the page cannot reach it. */
const CHAT_READER_WORLD = 1_001;

export interface WhatsAppViewOptions {
  window: BrowserWindow;
  session: Session;
  partition: string;
  preload: string;
  origins: ReadonlySet<string>;
  /** The configured WhatsApp address: whose service worker to drop before anything loaded. */
  whatsappUrl: string;
  markers: Markers;
  probeIntervalMs: number;
  contactsSyncIntervalMs: number;
  /** Off in the packaged app (security/hardening.ts). */
  devTools: boolean;
}

/**
 * WhatsApp in a WebContentsView below our status bar, on its persistent partition, sandboxed
 * and isolated; the probe runs in its preload's isolated world and reports over IPC. The view
 * lives as long as its window: it is closed with it, and nothing is recreated on a closed window.
 */
export class ElectronWhatsAppView implements WhatsAppSurface {
  readonly #options: WhatsAppViewOptions;
  readonly #listeners: ((event: SurfaceEvent) => void)[] = [];
  #view: WebContentsView;
  #url = 'about:blank';
  #inFront = false;

  constructor(options: WhatsAppViewOptions) {
    this.#options = options;
    this.#view = this.#create();
    const { window } = options;
    for (const event of RELAYOUT_WINDOW_EVENTS) window.on(event as 'resize', () => this.#layout());
    window.contentView.on('bounds-changed', () => this.#layout());
    for (const event of ['minimize', 'restore', 'hide', 'show'] as const) window.on(event as 'show', () => this.#applyVisibility());
    // A WebContentsView's web contents outlive their window unless closed.
    window.once('closed', () => this.#closeContents(this.#view));
    // Only the current view's main frame, on a WhatsApp origin, may talk to the probe channels.
    ipcMain.on(IPC_CHANNELS.probeConfig, (event) => {
      const config: ProbeConfig = {
        markers: options.markers,
        intervalMs: options.probeIntervalMs,
        contactsIntervalMs: options.contactsSyncIntervalMs,
      };
      event.returnValue = this.#fromProbe(event) ? config : null;
    });
    ipcMain.on(IPC_CHANNELS.probeFacts, (event, facts: unknown) => {
      if (this.#fromProbe(event)) this.#emit({ type: 'probe', facts });
    });
    ipcMain.on(IPC_CHANNELS.probeContacts, (event, batch: unknown) => {
      if (this.#fromProbe(event)) this.#emit({ type: 'contacts', batch });
    });
  }

  onEvent(listener: (event: SurfaceEvent) => void): void {
    this.#listeners.push(listener);
  }

  /** WhatsApp in front (true) or covered by the failover pane. */
  setVisible(inFront: boolean): void {
    this.#inFront = inFront;
    this.#applyVisibility();
  }

  async load(url: string): Promise<void> {
    this.#url = url;
    if (this.#view.webContents.isDestroyed()) return;
    // A failed load is reported by the view's own events (did-fail-load), not here.
    await this.#view.webContents.loadURL(url).catch(() => undefined);
  }

  async reload(): Promise<void> {
    if (!this.#view.webContents.isDestroyed()) this.#view.webContents.reload();
  }

  async unregisterServiceWorkers(): Promise<void> {
    const contents = this.#view.webContents;
    const current = contents.isDestroyed() ? this.#url : contents.getURL();
    const origin = serviceWorkerOrigin(current, this.#options.whatsappUrl, this.#options.origins);
    if (origin !== null) await this.#options.session.clearStorageData({ origin, storages: ['serviceworkers'] });
  }

  async clearHttpCache(): Promise<void> {
    await this.#options.session.clearCache();
  }

  async flushStorage(): Promise<void> {
    this.#options.session.flushStorageData();
  }

  /** Session APIs: the HTTP cache, V8's code cache, and per origin the shader cache, workers and Cache Storage. */
  async clearCaches(parts: readonly PurgePart[]): Promise<PurgePart[]> {
    const { session } = this.#options;
    if (parts.includes('http-cache')) await session.clearCache();
    if (parts.includes('code-cache')) await session.clearCodeCaches({});
    const storages = (
      [
        ['shader-cache', 'shadercache'],
        ['service-workers', 'serviceworkers'],
        ['cache-storage', 'cachestorage'],
      ] as const
    ).filter(([part]) => parts.includes(part));
    if (storages.length > 0) {
      await session.clearStorageData({ origin: new URL(this.#url).origin, storages: storages.map(([, storage]) => storage) });
    }
    return [...parts];
  }

  async clearAllData(): Promise<void> {
    await this.#options.session.clearStorageData();
    await this.#options.session.clearCache();
  }

  async recreate(): Promise<void> {
    const { window } = this.#options;
    if (window.isDestroyed()) return;
    const old = this.#view;
    window.contentView.removeChildView(old);
    this.#closeContents(old);
    this.#view = this.#create();
    await this.load(this.#url);
  }

  async requestProbe(): Promise<void> {
    const contents = this.#view.webContents;
    if (!contents.isDestroyed() && !contents.isCrashed()) contents.send(IPC_CHANNELS.probeNow);
  }

  async memoryUsageMb(): Promise<number | null> {
    if (this.#view.webContents.isDestroyed()) return null;
    const pid = this.#view.webContents.getOSProcessId();
    const metric = app.getAppMetrics().find((m) => m.pid === pid);
    return metric ? metric.memory.workingSetSize / 1024 : null;
  }

  async openChat(url: string): Promise<void> {
    await this.#view.webContents.loadURL(url).catch(() => undefined);
  }

  async pressEnter(): Promise<void> {
    const contents = this.#view.webContents;
    contents.sendInputEvent({ type: 'keyDown', keyCode: 'Return' });
    contents.sendInputEvent({ type: 'char', keyCode: '\r' });
    contents.sendInputEvent({ type: 'keyUp', keyCode: 'Return' });
  }

  async readOpenChat(markers: ChatMarkers): Promise<unknown> {
    const code = chatReaderSource(markers, textHash.toString(), CHAT_REPORT_MAX_ROWS);
    return (await this.#view.webContents.executeJavaScriptInIsolatedWorld(CHAT_READER_WORLD, [{ code }])) as unknown;
  }

  #fromProbe(event: IpcMainEvent): boolean {
    const frame = event.senderFrame;
    if (event.sender !== this.#view.webContents || !frame || frame !== this.#view.webContents.mainFrame) return false;
    try {
      return this.#options.origins.has(new URL(frame.url).origin);
    } catch {
      return false;
    }
  }

  #emit(event: SurfaceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #create(): WebContentsView {
    const view = new WebContentsView({
      webPreferences: {
        partition: this.#options.partition,
        preload: this.#options.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools: this.#options.devTools,
      },
    });
    const contents = view.webContents;
    lockNavigation(contents, this.#options.origins);
    contents.on('render-process-gone', (_event, details) => this.#emit({ type: 'crashed', reason: details.reason }));
    contents.on('unresponsive', () => this.#emit({ type: 'unresponsive' }));
    contents.on('responsive', () => this.#emit({ type: 'responsive' }));
    const load = new MainFrameLoad();
    const emit = (event: SurfaceEvent | null) => event && this.#emit(event);
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) load.started();
    });
    contents.on('did-fail-load', (_event, errorCode, description, _url, isMainFrame) => {
      // -3 is an aborted load: our own reload or a redirect, not a failure.
      if (isMainFrame && errorCode !== -3) emit(load.failed(description));
    });
    contents.on('did-navigate', (_event, _url, httpStatus) => emit(load.answered(httpStatus)));
    contents.on('did-finish-load', () => emit(load.finished()));
    this.#options.window.contentView.addChildView(view);
    this.#view = view;
    this.#layout();
    this.#applyVisibility();
    return view;
  }

  #layout(): void {
    const { window } = this.#options;
    if (window.isDestroyed()) return;
    this.#view.setBounds(whatsappViewBounds(window.getContentBounds()));
  }

  /**
   * Shown only when the agent can see it; a covered or minimized view may be backgrounded, so
   * that WhatsApp's page reports itself hidden and does not mark the open chat as read. Its
   * timers (socket keep-alive, probe heartbeat) keep their beat through BACKGROUND_KEEPALIVE_SWITCHES.
   */
  #applyVisibility(): void {
    const { window } = this.#options;
    if (window.isDestroyed() || this.#view.webContents.isDestroyed()) return;
    const { visible, backgroundThrottling } = whatsappVisibility({
      whatsappInFront: this.#inFront,
      windowVisible: window.isVisible(),
      minimized: window.isMinimized(),
    });
    this.#view.webContents.setBackgroundThrottling(backgroundThrottling);
    this.#view.setVisible(visible);
    // Bounds set while it was hidden are applied again now that it shows.
    if (visible) this.#layout();
  }

  #closeContents(view: WebContentsView): void {
    if (!view.webContents.isDestroyed()) view.webContents.close();
  }
}

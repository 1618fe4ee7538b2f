import { app, ipcMain, WebContentsView, type BrowserWindow, type IpcMainEvent, type Session } from 'electron';
import type { Markers } from '../../core/health/markers.ts';
import { MainFrameLoad } from '../../core/health/main-frame-load.ts';
import { IPC_CHANNELS } from '../../core/ipc/channels.ts';
import type { ProbeConfig } from '../../core/ipc/probe-wire.ts';
import { STATUS_BAR_HEIGHT_PX } from '../../core/ipc/layout.ts';
import type { SurfaceEvent, WhatsAppSurface } from '../../core/ports.ts';
import { lockNavigation } from './session-policy.ts';

export interface WhatsAppViewOptions {
  window: BrowserWindow;
  session: Session;
  partition: string;
  preload: string;
  origins: ReadonlySet<string>;
  markers: Markers;
  probeIntervalMs: number;
  contactsSyncIntervalMs: number;
  /** Off in the packaged app (security/hardening.ts). */
  devTools: boolean;
}

/**
 * WhatsApp in a WebContentsView below our status bar, on its persistent partition, sandboxed
 * and isolated; the probe runs in its preload's isolated world and reports over IPC.
 */
export class ElectronWhatsAppView implements WhatsAppSurface {
  readonly #options: WhatsAppViewOptions;
  readonly #listeners: ((event: SurfaceEvent) => void)[] = [];
  #view: WebContentsView;
  #url = 'about:blank';

  constructor(options: WhatsAppViewOptions) {
    this.#options = options;
    this.#view = this.#create();
    options.window.on('resize', () => this.#layout());
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

  setVisible(visible: boolean): void {
    this.#view.setVisible(visible);
  }

  async load(url: string): Promise<void> {
    this.#url = url;
    await this.#view.webContents.loadURL(url).catch(() => undefined);
  }

  async reload(): Promise<void> {
    this.#view.webContents.reload();
  }

  async unregisterServiceWorkers(): Promise<void> {
    await this.#options.session.clearStorageData({ origin: new URL(this.#url).origin, storages: ['serviceworkers'] });
  }

  async clearHttpCache(): Promise<void> {
    await this.#options.session.clearCache();
  }

  async recreate(): Promise<void> {
    const old = this.#view;
    this.#options.window.contentView.removeChildView(old);
    old.webContents.close();
    this.#view = this.#create();
    await this.load(this.#url);
  }

  async requestProbe(): Promise<void> {
    const contents = this.#view.webContents;
    if (!contents.isDestroyed() && !contents.isCrashed()) contents.send(IPC_CHANNELS.probeNow);
  }

  async memoryUsageMb(): Promise<number | null> {
    const pid = this.#view.webContents.getOSProcessId();
    const metric = app.getAppMetrics().find((m) => m.pid === pid);
    return metric ? metric.memory.workingSetSize / 1024 : null;
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
        // WhatsApp keeps its socket, and the probe its heartbeat, while the failover pane is up.
        backgroundThrottling: false,
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
    return view;
  }

  #layout(): void {
    const { width, height } = this.#options.window.getContentBounds();
    this.#view.setBounds({ x: 0, y: STATUS_BAR_HEIGHT_PX, width, height: Math.max(0, height - STATUS_BAR_HEIGHT_PX) });
  }
}

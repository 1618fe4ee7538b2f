import { BrowserWindow, session, type Session } from 'electron';
import type { DashboardWindow } from '../../core/hub-host/hub-host.ts';
import { denyAllPermissions, denyDevices, lockNavigation } from './session-policy.ts';

/** In memory only, never on disk: a supervisor's sign-in ends with the window at the latest. */
const DASHBOARD_PARTITION = 'hub-dashboard';

/**
 * The hub's dashboard in a window of its own over the kiosk: sandboxed, no preload, its own
 * session; requests, navigation and new windows limited to the hub's origin (other links go to
 * the system browser). Closing it clears the session, so the agent at the seat cannot reopen the
 * supervisor's.
 */
export class ElectronDashboardWindow implements DashboardWindow {
  readonly #parent: BrowserWindow;
  readonly #devTools: boolean;
  readonly #session: Session;
  #origin: string | null = null;
  #window: BrowserWindow | null = null;

  /** Call once the app is ready (the session is made here, once). */
  constructor(parent: BrowserWindow, devTools: boolean) {
    this.#parent = parent;
    this.#devTools = devTools;
    this.#session = session.fromPartition(DASHBOARD_PARTITION);
    denyAllPermissions(this.#session);
    denyDevices(this.#session);
    this.#session.webRequest.onBeforeRequest((details, callback) =>
      callback({ cancel: this.#origin === null || URL.parse(details.url)?.origin !== this.#origin }),
    );
  }

  async open(url: string): Promise<void> {
    const origin = new URL(url).origin;
    const open = this.#window;
    if (open && !open.isDestroyed()) {
      if (new URL(open.webContents.getURL() || url).origin === origin) {
        open.focus();
        return;
      }
      open.destroy();
    }
    this.#origin = origin;
    const window = new BrowserWindow({
      parent: this.#parent,
      width: 1280,
      height: 800,
      autoHideMenuBar: true,
      webPreferences: {
        partition: DASHBOARD_PARTITION,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools: this.#devTools,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    this.#window = window;
    lockNavigation(window.webContents, new Set([origin]));
    window.on('closed', () => {
      if (this.#window === window) this.#window = null;
      this.#session.clearStorageData().catch((error: unknown) => console.error('cannot clear the dashboard session', error));
    });
    await window.loadURL(url);
  }
}

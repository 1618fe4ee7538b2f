import { app, BrowserWindow, ipcMain, net, powerMonitor, session } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../core/config/load-config.ts';
import { resolveLanguage } from '../../core/config/language.ts';
import { dataLayout, userDataDir } from '../../core/config/paths.ts';
import { policyFilePath } from '../../core/config/policy-path.ts';
import { openDatabase } from '../../core/db/database.ts';
import { probeUrl } from '../../core/health/http-probe.ts';
import { loadMarkers } from '../../core/health/markers.ts';
import type { EventMap, EventName } from '../../core/ipc/contract.ts';
import { isTrustedSender } from '../../core/ipc/router.ts';
import { Kiosk } from '../../core/kiosk.ts';
import { createLogger } from '../../core/log/logger.ts';
import { systemClock, type KioskUi, type ShownView } from '../../core/ports.ts';
import { allowedOrigins } from '../../core/security/navigation.ts';
import { chromeUserAgent } from '../../core/security/user-agent.ts';
import { applyWhatsAppSessionPolicy, denyAllPermissions, lockNavigation } from './session-policy.ts';
import { readElectronSettings } from './settings-store.ts';
import { ElectronWhatsAppView } from './whatsapp-view.ts';

export const INVOKE_CHANNEL = 'kiosk:invoke';
export const EVENT_CHANNEL = 'kiosk:event';
const WHATSAPP_PARTITION = 'persist:whatsapp';

// Bundled next to this file: dist/electron/{main.mjs, ui-preload.cjs, whatsapp-preload.cjs}.
const here = import.meta.dirname;
const appRoot = join(here, '..', '..');

app.setPath('userData', userDataDir(process.platform, process.env, homedir()));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (attach) => attach.preventDefault());
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const dir = app.getPath('userData');
  const layout = dataLayout(dir);
  const log = createLogger(layout.logs);
  const stored = readElectronSettings(dir);
  const config = loadConfig(policyFilePath(process.platform, process.env), stored.settings);
  if (stored.problem) config.problems.unshift({ source: 'settings', message: stored.problem });
  const { settings } = config;
  const db = openDatabase(layout.database);
  const markers = loadMarkers(join(appRoot, 'resources', 'probe', 'markers.json'));
  const origins = allowedOrigins(settings.general.whatsappUrl, settings.general.extraAllowedOrigins);

  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    kiosk: settings.kiosk.fullscreen,
    show: false,
    webPreferences: {
      preload: join(here, 'ui-preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  denyAllPermissions(session.defaultSession);
  const rendererIndex = join(appRoot, 'dist', 'renderer', 'index.html');
  const rendererUrl = new URL(`file://${rendererIndex}`).href;
  // Our page never navigates anywhere: an empty allow-list sends links to the system browser.
  lockNavigation(window.webContents, new Set());

  const whatsappSession = session.fromPartition(WHATSAPP_PARTITION);
  applyWhatsAppSessionPolicy(whatsappSession, chromeUserAgent(process.versions.chrome, process.platform), origins);
  const view = new ElectronWhatsAppView({
    window,
    session: whatsappSession,
    partition: WHATSAPP_PARTITION,
    preload: join(here, 'whatsapp-preload.cjs'),
    origins,
    markers,
    probeIntervalMs: settings.health.probeIntervalMs,
    contactsSyncIntervalMs: settings.contacts.syncIntervalMs,
  });

  const ui: KioskUi = {
    async show(shown: ShownView) {
      view.setVisible(shown === 'whatsapp');
    },
    send<E extends EventName>(event: E, payload: EventMap[E]) {
      if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
    },
  };
  const wakeListeners: (() => void)[] = [];
  powerMonitor.on('resume', () => wakeListeners.forEach((listener) => listener()));
  powerMonitor.on('unlock-screen', () => wakeListeners.forEach((listener) => listener()));

  const kiosk = new Kiosk({
    config,
    markers,
    language: resolveLanguage(settings.general.language, app.getLocale()),
    db,
    log,
    backupsDir: settings.backups.dir ?? layout.backups,
    clock: systemClock,
    surface: view,
    ui,
    system: { isOnline: () => net.isOnline(), onWake: (listener) => wakeListeners.push(listener) },
    networkProbe: (url, timeoutMs) => probeUrl(url, timeoutMs, (target, init) => net.fetch(target, init)),
  });

  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, request: unknown) => {
    const frame = event.senderFrame;
    const trusted =
      event.sender === window.webContents &&
      frame !== null &&
      isTrustedSender(frame.url, frame === window.webContents.mainFrame, rendererUrl);
    if (!trusted) {
      log.warn({ url: frame?.url }, 'request from an unknown sender refused');
      return { ok: false, error: 'sender not allowed' };
    }
    return kiosk.handleRequest(channel, request);
  });

  await window.loadFile(rendererIndex);
  window.show();
  await kiosk.start();
  app.on('window-all-closed', () => {
    void kiosk.stop().finally(() => {
      db.close();
      app.quit();
    });
  });
}

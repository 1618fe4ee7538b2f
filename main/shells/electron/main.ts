import { app, BrowserWindow, ipcMain, Menu, net, powerMonitor, session } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { boot } from '../../core/boot.ts';
import { userDataDir } from '../../core/config/paths.ts';
import { policyFilePath } from '../../core/config/policy-path.ts';
import { probeUrl } from '../../core/health/http-probe.ts';
import { IPC_CHANNELS } from '../../core/ipc/channels.ts';
import { fromTrustedSender } from '../../core/ipc/router.ts';
import { Kiosk } from '../../core/kiosk.ts';
import { systemClock } from '../../core/ports.ts';
import { guarded } from '../../core/runtime/guarded.ts';
import { guardProcess } from '../../core/runtime/process-guards.ts';
import { electronHardening } from '../../core/security/hardening.ts';
import { chromeUserAgent } from '../../core/security/user-agent.ts';
import { safeStorageSecrets } from './safe-storage-secrets.ts';
import { applyWhatsAppSessionPolicy, denyAllPermissions, denyBluetoothChooser, denyDevices, lockNavigation } from './session-policy.ts';
import { readElectronSettings } from './settings-store.ts';
import { ElectronUi } from './ui-window.ts';
import { ElectronWhatsAppView } from './whatsapp-view.ts';

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
    denyBluetoothChooser(contents);
  });
  // A failed start must not leave an invisible process holding the single-instance lock.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error(error);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const dir = app.getPath('userData');
  const booted = boot({
    dataDir: dir,
    policyPath: policyFilePath(process.platform, process.env),
    markersFile: join(appRoot, 'resources', 'probe', 'markers.json'),
    readUserSettings: () => readElectronSettings(dir),
    systemLocale: app.getLocale(),
  });
  const { config, log, origins } = booted;
  const { settings } = config;
  const hardening = electronHardening(app.isPackaged);
  if (hardening.applicationMenu === 'none') Menu.setApplicationMenu(null);

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
      devTools: hardening.devTools,
    },
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  denyAllPermissions(session.defaultSession);
  denyDevices(session.defaultSession);
  const rendererIndex = join(appRoot, 'dist', 'renderer', 'index.html');
  const rendererUrl = new URL(`file://${rendererIndex}`).href;
  // Our page never navigates anywhere: an empty allow-list sends links to the system browser.
  lockNavigation(window.webContents, new Set());

  const whatsappSession = session.fromPartition(WHATSAPP_PARTITION);
  applyWhatsAppSessionPolicy(whatsappSession, chromeUserAgent(process.versions.chrome, process.platform), origins);
  denyDevices(whatsappSession);
  const view = new ElectronWhatsAppView({
    window,
    session: whatsappSession,
    partition: WHATSAPP_PARTITION,
    preload: join(here, 'whatsapp-preload.cjs'),
    origins,
    markers: booted.markers,
    probeIntervalMs: settings.health.probeIntervalMs,
    contactsSyncIntervalMs: settings.contacts.syncIntervalMs,
    devTools: hardening.devTools,
  });
  const wakeListeners: (() => void)[] = [];
  powerMonitor.on('resume', () => wakeListeners.forEach((listener) => listener()));
  powerMonitor.on('unlock-screen', () => wakeListeners.forEach((listener) => listener()));

  const kiosk = new Kiosk({
    ...booted,
    clock: systemClock,
    surface: view,
    ui: new ElectronUi(window, view),
    system: { isOnline: () => net.isOnline(), onWake: (listener) => wakeListeners.push(listener) },
    networkProbe: (url, timeoutMs) => probeUrl(url, timeoutMs, (target, init) => net.fetch(target, init)),
    outbox: { secrets: safeStorageSecrets(), templatesDir: join(appRoot, 'resources', 'templates') },
  });
  guardProcess(log, (note) => guarded(log, 're-check', () => kiosk.recheck(note)));

  const fromOurPage = fromTrustedSender(
    kiosk.handleRequest,
    () => rendererUrl,
    (detail, message) => log.warn(detail, message),
  );
  ipcMain.handle(IPC_CHANNELS.invoke, (event, channel: unknown, request: unknown) =>
    fromOurPage(
      {
        url: event.senderFrame?.url ?? '',
        isMainFrame: event.senderFrame === window.webContents.mainFrame,
        isOurPage: event.sender === window.webContents,
      },
      channel,
      request,
    ),
  );

  // Quit in any way (window closed, Cmd+Q, logoff) stops the kiosk and closes the database once.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    guarded(log, 'stopping', () =>
      kiosk.stop().finally(() => {
        booted.close();
        app.quit();
      }),
    );
  });
  app.on('window-all-closed', () => app.quit());

  await window.loadFile(rendererIndex);
  window.show();
  await kiosk.start();
}

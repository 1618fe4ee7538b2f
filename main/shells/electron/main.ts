import { app, BrowserWindow, dialog, ipcMain, Menu, net, powerMonitor, session } from 'electron';
import { access } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { boot, type Booted } from '../../core/boot.ts';
import { resolveLanguage } from '../../core/config/language.ts';
import { userDataDir } from '../../core/config/paths.ts';
import { policyFilePath } from '../../core/config/policy-path.ts';
import { osPolicySources } from '../../core/config/policy-sources/sources.ts';
import { probeUrl } from '../../core/health/http-probe.ts';
import { IPC_CHANNELS } from '../../core/ipc/channels.ts';
import { fromTrustedSender } from '../../core/ipc/router.ts';
import { Kiosk } from '../../core/kiosk.ts';
import { systemClock } from '../../core/ports.ts';
import { judgedOnline, watchChanges } from '../../core/maintenance/signals.ts';
import { guarded } from '../../core/runtime/guarded.ts';
import { guardProcess } from '../../core/runtime/process-guards.ts';
import { resolveAppUrl, UI_ENTRY_URL } from '../../core/security/app-protocol.ts';
import { electronHardening } from '../../core/security/hardening.ts';
import { chromeUserAgent } from '../../core/security/user-agent.ts';
import { BACKGROUND_KEEPALIVE_SWITCHES } from '../../core/shell/view-rules.ts';
import { drainLog } from '../../core/startup/drain-log.ts';
import { Shutdown } from '../../core/startup/shutdown.ts';
import { startupFailure, startupStep } from '../../core/startup/startup-failure.ts';
import { registerAppScheme, serveAppScheme } from './app-protocol.ts';
import { ElectronDashboardWindow } from './dashboard-window.ts';
import { electronNetGet } from './net-get.ts';
import { safeStorageBox, safeStorageSecrets } from './safe-storage-secrets.ts';
import { applyWhatsAppSessionPolicy, denyAllPermissions, denyBluetoothChooser, denyDevices, lockNavigation } from './session-policy.ts';
import { readElectronSettings } from './settings-store.ts';
import { ElectronUi } from './ui-window.ts';
import { startUpdates } from './updater.ts';
import { ElectronWhatsAppView } from './whatsapp-view.ts';

const WHATSAPP_PARTITION = 'persist:whatsapp';

// Bundled next to this file: dist/electron/{main.mjs, ui-preload.cjs, whatsapp-preload.cjs}.
const here = import.meta.dirname;
const appRoot = join(here, '..', '..');

/**
 * The Electron kiosk's life: one start-up path whose failure, at any step, is shown to the agent
 * in their language, logged and ends the process non-zero with its lock released; one shutdown
 * that every kind of quit goes through (database closed, log flushed).
 */
function runElectronKiosk(): void {
  app.setPath('userData', userDataDir(process.platform, process.env, homedir()));
  registerAppScheme();
  for (const name of BACKGROUND_KEEPALIVE_SWITCHES) app.commandLine.appendSwitch(name);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let booted: Booted | undefined;
  const shutdown = new Shutdown((what, error) => {
    if (booted) booted.log.error({ err: { message: (error as Error).message } }, `${what} failed while quitting`);
    else console.error(`${what} failed while quitting`, error);
  });
  // Registered before anything starts: a quit during start-up closes what was opened so far.
  // window-all-closed is not emitted on an explicit quit (Cmd+Q, app.quit(), logoff): before-quit is.
  app.on('before-quit', (event) => {
    if (shutdown.finished) return;
    event.preventDefault();
    shutdown.run().then(
      () => app.quit(),
      () => app.quit(),
    );
  });
  app.on('window-all-closed', () => app.quit());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (attach) => attach.preventDefault());
    denyBluetoothChooser(contents);
  });

  const failed = (error: unknown): void => {
    const language = booted?.language ?? resolveLanguage('system', app.getLocale());
    const logDir = booted?.layout.logs ?? join(app.getPath('userData'), 'logs');
    const failure = startupFailure(error, language, logDir);
    // boot() logs its own failure before any log is handed out; every later step is logged here.
    if (booted) booted.log.fatal({ step: failure.step, err: { message: failure.reason } }, 'the kiosk could not start');
    else console.error(`the kiosk could not start (${failure.step}): ${failure.reason}`);
    dialog.showErrorBox(failure.title, failure.message);
    const exit = () => {
      app.releaseSingleInstanceLock();
      app.exit(failure.exitCode);
    };
    shutdown.run().then(exit, exit);
  };

  const start = async (): Promise<void> => {
    const dir = app.getPath('userData');
    const ready = await startupStep('data', () =>
      boot({
        dataDir: dir,
        policyPath: policyFilePath(process.platform, process.env),
        osPolicySources: osPolicySources(process.platform, userInfo().username),
        markersFile: join(appRoot, 'resources', 'probe', 'markers.json'),
        readUserSettings: () => readElectronSettings(dir),
        systemLocale: app.getLocale(),
      }),
    );
    booted = ready;
    // Steps run last-added first: the database closes, then the log's last lines are written.
    shutdown.add('writing the last log lines', () => drainLog(ready.log));
    shutdown.add('closing the database', () => ready.close());
    await startupStep('page', () => openKiosk(ready, shutdown));
  };

  app.whenReady().then(start).catch(failed);
}

async function openKiosk(booted: Booted, shutdown: Shutdown): Promise<void> {
  const { config, log, origins } = booted;
  const { settings } = config;
  const hardening = electronHardening(app.isPackaged);
  if (hardening.applicationMenu === 'none') Menu.setApplicationMenu(null);
  // OS shutdown (Linux, macOS): Electron passes an event whose preventDefault() delays the
  // shutdown until we quit (documented, though electron.d.ts types the listener without it);
  // the quit runs the shutdown. Windows' logoff ends the session without before-quit: the
  // window's session-end closes the database and flushes the log there and then.
  powerMonitor.on('shutdown', (...args: unknown[]) => {
    (args[0] as { preventDefault?: () => void } | undefined)?.preventDefault?.();
    app.quit();
  });

  const rendererRoot = join(appRoot, 'dist', 'renderer');
  // A missing page would load as an empty 404 and never fail: check that it is there first.
  const entry = resolveAppUrl(rendererRoot, UI_ENTRY_URL);
  if (!entry.ok) throw new Error(`our page's entry cannot be served: ${entry.reason}`);
  await access(entry.file);
  serveAppScheme(rendererRoot, (detail, message) => log.warn(detail, message));
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
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.on('session-end', () => booted.close());
  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  denyAllPermissions(session.defaultSession);
  denyDevices(session.defaultSession);
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
    whatsappUrl: settings.general.whatsappUrl,
    markers: booted.markers,
    probeIntervalMs: settings.health.probeIntervalMs,
    contactsSyncIntervalMs: settings.contacts.syncIntervalMs,
    devTools: hardening.devTools,
  });
  const wakeListeners: (() => void)[] = [];
  powerMonitor.on('resume', () => wakeListeners.forEach((listener) => listener()));
  powerMonitor.on('unlock-screen', () => wakeListeners.forEach((listener) => listener()));

  const secretBox = safeStorageBox();
  const kiosk = new Kiosk({
    ...booted,
    clock: systemClock,
    surface: view,
    ui: new ElectronUi(window, view),
    system: {
      isOnline: () => judgedOnline(net.isOnline(), settings.general.whatsappUrl),
      onWake: (listener) => wakeListeners.push(listener),
      // Electron has no online/offline event in the main process: the state is polled.
      onNetworkChange: (listener) => void watchChanges(() => judgedOnline(net.isOnline(), settings.general.whatsappUrl), listener),
    },
    networkProbe: (url, timeoutMs) => probeUrl(url, timeoutMs, electronNetGet),
    // IT's checklist and phone-script files, packed with the app.
    resourcesDir: join(appRoot, 'resources'),
    secrets: safeStorageSecrets(),
    ...(secretBox ? { secretBox } : {}),
    dashboardWindow: new ElectronDashboardWindow(window, hardening.devTools),
    // The built dashboard, packed beside our pages (the hub's own default is relative to its source).
    hubDashboardDir: join(appRoot, 'dist', 'hub'),
    maintenance: {
      dataDir: app.getPath('userData'),
      logsDir: booted.layout.logs,
      versions: { app: app.getVersion(), browser: process.versions.chrome, electron: process.versions.electron },
    },
  });
  shutdown.add('stopping the kiosk', () => kiosk.stop());
  guardProcess(log, (note) => guarded(log, 're-check', () => kiosk.recheck(note)));

  // The IPC door trusts exactly our protocol's entry page (its origin and folder), nothing else.
  const fromOurPage = fromTrustedSender(
    kiosk.handleRequest,
    () => UI_ENTRY_URL,
    (detail, message) => log.warn(detail, message),
  );
  ipcMain.handle(IPC_CHANNELS.invoke, (event, channel: unknown, request: unknown) =>
    fromOurPage(
      {
        url: event.senderFrame?.url ?? '',
        isMainFrame: !window.isDestroyed() && event.senderFrame === window.webContents.mainFrame,
        isOurPage: !window.isDestroyed() && event.sender === window.webContents,
      },
      channel,
      request,
    ),
  );

  await window.loadURL(UI_ENTRY_URL);
  window.show();
  await startupStep('kiosk', () => kiosk.start());
  startUpdates({ settings: settings.updates, log, clock: systemClock, mode: () => kiosk.status.mode });
}

runElectronKiosk();

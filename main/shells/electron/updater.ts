import { app, powerMonitor } from 'electron';
import electronUpdater from 'electron-updater';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Settings } from '../../core/config/schema.ts';
import type { Mode } from '../../core/ipc/contract.ts';
import type { Logger } from '../../core/log/logger.ts';
import type { Clock } from '../../core/ports.ts';
import { guarded, Timers } from '../../core/runtime/guarded.ts';
import { takeOffer, updatePlan, type InstallKind } from '../../core/updates/decide.ts';
import { InstallGate } from '../../core/updates/install-gate.ts';

export interface UpdaterDeps {
  settings: Settings['updates'];
  log: Logger;
  clock: Clock;
  /** The kiosk's mode now: an update never restarts the kiosk while the failover pane is in front. */
  mode(): Mode;
}

const FIRST_CHECK_MS = 60_000;

/**
 * Updates from IT's feed with electron-updater's generic provider. What to do is decided in the
 * core (core/updates/); this file only carries it out. Verification: electron-updater checks each
 * download's sha512 from the feed's latest.yml; on Windows it also checks the installer's
 * Authenticode signature against `publisherName` in app-update.yml (written by electron-builder
 * from the signing certificate), and skips that check when the file names no publisher, so we
 * refuse to update then; on macOS Squirrel.Mac installs only an update signed by the same
 * Developer ID as the running app.
 */
export function startUpdates(deps: UpdaterDeps): void {
  const { settings, log, clock } = deps;
  const plan = updatePlan(settings, installKind());
  if (!plan.check) {
    log.info({ reason: plan.reason }, 'updates are off');
    return;
  }
  if (process.platform === 'win32' && !namesPublisher(join(process.resourcesPath, 'app-update.yml'))) {
    log.error({ it: true }, "updates are off: app-update.yml names no publisher, so an installer's signature could not be checked");
    return;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = {
    info: (message?: unknown) => log.info({ updater: true }, String(message)),
    warn: (message?: unknown) => log.warn({ updater: true }, String(message)),
    error: (message?: unknown) => log.error({ updater: true }, String(message)),
    debug: (message: string) => log.debug({ updater: true }, message),
  };
  // We choose what to download (a pin) and when to restart (the install gate); quit installs.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowPrerelease = plan.allowPrerelease;
  autoUpdater.allowDowngrade = plan.allowDowngrade;
  autoUpdater.setFeedURL({ provider: 'generic', url: plan.feedUrl, channel: plan.feedChannel });

  const gate = new InstallGate({
    clock,
    log,
    settings,
    seat: () => ({ mode: deps.mode(), idleMs: powerMonitor.getSystemIdleTime() * 1_000 }),
    install: () => autoUpdater.quitAndInstall(true, true),
  });
  autoUpdater.on('update-available', (info) => {
    const offer = takeOffer(info.version, app.getVersion(), settings);
    log.info({ version: info.version, take: offer.take, reason: offer.reason }, 'update offered');
    if (offer.take) guarded(log, 'update download', () => autoUpdater.downloadUpdate());
  });
  autoUpdater.on('update-downloaded', (info) => gate.downloaded(info.version));
  autoUpdater.on('error', (error) => log.warn({ err: { message: error.message } }, 'update check or download failed'));

  const timers = new Timers(clock, log);
  timers.after(FIRST_CHECK_MS, 'update check', () => autoUpdater.checkForUpdates());
  timers.every(settings.checkIntervalMs, 'update check', () => autoUpdater.checkForUpdates());
}

/**
 * An MSI install has no NSIS uninstaller beside the executable: its updates are IT's (software
 * distribution), never ours.
 */
function installKind(): InstallKind {
  if (!app.isPackaged) return 'unpackaged';
  if (process.platform !== 'win32') return 'installer';
  const nsisUninstaller = join(dirname(process.execPath), `Uninstall ${app.getName()}.exe`);
  return existsSync(nsisUninstaller) ? 'installer' : 'msi';
}

function namesPublisher(appUpdateYml: string): boolean {
  try {
    return /^publisherName:/m.test(readFileSync(appUpdateYml, 'utf8'));
  } catch {
    return false;
  }
}

import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { boot } from '../../core/boot.ts';
import type { EffectiveConfig } from '../../core/config/policy.ts';
import { osPolicySources } from '../../core/config/policy-sources/sources.ts';
import type { PartialSettings } from '../../core/config/schema.ts';
import { readSettingsFile } from '../../core/config/settings-file.ts';
import type { Db } from '../../core/db/database.ts';
import { fromTrustedSender } from '../../core/ipc/router.ts';
import { Kiosk } from '../../core/kiosk.ts';
import type { Logger } from '../../core/log/logger.ts';
import { systemClock } from '../../core/ports.ts';
import { decidePermission } from '../../core/security/permissions.ts';
import { chromeUserAgent } from '../../core/security/user-agent.ts';
import { ChromiumDashboardPage } from './dashboard-page.ts';
import { chromiumLaunchOptions } from './launch-options.ts';
import { startUiServer } from './ui-server.ts';
import { ChromiumUiPage } from './ui-page.ts';
import { ChromiumWhatsAppPage } from './whatsapp-page.ts';
import { chromiumSystemSignals } from './system-signals.ts';

const APP_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Permission names as Playwright grants them, mapped from our permission policy's names. */
const GRANTABLE: readonly [policyName: string, playwrightNames: string[]][] = [
  ['notifications', ['notifications']],
  ['media', ['microphone', 'camera']],
  ['clipboard-sanitized-write', ['clipboard-write']],
];

export interface ChromiumKioskOptions {
  dataDir: string;
  policyPath: string;
  rendererDir: string;
  markersFile: string;
  /** Command-line settings: applied over the settings file, still under enforced policy. */
  overrides?: PartialSettings;
  systemLocale?: string;
  logToStderr?: boolean;
  openExternally?: (url: string) => void;
}

export interface ChromiumKiosk {
  kiosk: Kiosk;
  config: EffectiveConfig;
  context: BrowserContext;
  /** Our page as it is now (it is replaced when it crashed, hung or was closed). */
  readonly uiPage: Page;
  whatsapp: ChromiumWhatsAppPage;
  /** The hub's dashboard page, once our page's button opened it. */
  dashboard: ChromiumDashboardPage;
  db: Db;
  log: Logger;
  userAgent: string;
  /** Resolves when the browser went away without close() being called: the shell must exit non-zero. */
  browserGone: Promise<void>;
  close(): Promise<void>;
}

export async function chromiumVersion(executablePath: string): Promise<string> {
  const { stdout } = await promisify(execFile)(executablePath, ['--version']);
  const version = /(\d+\.\d+\.\d+\.\d+)/.exec(stdout)?.[1];
  if (!version) throw new Error(`cannot tell the Chromium version from "${stdout.trim()}"`);
  return version;
}

/** Starts the kiosk in system Chromium: the same core, ports implemented with playwright-core. */
export async function launchChromiumKiosk(options: ChromiumKioskOptions): Promise<ChromiumKiosk> {
  const booted = boot({
    dataDir: options.dataDir,
    policyPath: options.policyPath,
    osPolicySources: osPolicySources(process.platform, userInfo().username),
    markersFile: options.markersFile,
    readUserSettings: (layout) => readSettingsFile(layout.settingsFile),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    systemLocale: options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    ...(options.logToStderr ? { logToStderr: true } : {}),
  });
  const { config, log, db, origins, layout } = booted;
  const { settings } = config;
  let closing = false;
  const cleanUp: (() => Promise<void>)[] = [];
  try {
    const browserVersion = await chromiumVersion(settings.chromium.executablePath);
    const userAgent = chromeUserAgent(browserVersion, process.platform);
    const uiServer = await startUiServer(options.rendererDir);
    cleanUp.push(() => uiServer.close());
    const launch = chromiumLaunchOptions({
      executablePath: settings.chromium.executablePath,
      headless: settings.chromium.headless,
      fullscreen: settings.kiosk.fullscreen,
      appUrl: uiServer.url,
      uid: process.getuid?.(),
    });
    if (launch.warning) config.problems.push({ source: 'shell', message: launch.warning });
    const context = await chromium.launchPersistentContext(settings.chromium.profileDir ?? layout.chromiumProfile, {
      ...launch.options,
      userAgent,
      viewport: settings.chromium.headless ? { width: 1280, height: 800 } : null,
    });
    cleanUp.push(() => context.close());
    const browserGone = new Promise<void>((resolve) => {
      context.once('close', () => {
        if (closing) return;
        log.fatal('the browser went away');
        resolve();
      });
    });
    for (const origin of origins) {
      const grants = GRANTABLE.filter(([name]) => decidePermission(origin, name, origins, ['audio', 'video'])).flatMap(
        ([, names]) => names,
      );
      // Chromium grants nothing to an origin that is not a secure context (plain http beyond
      // loopback): WhatsApp there simply gets no permission.
      await context.grantPermissions(grants, { origin }).catch((error: unknown) => {
        log.warn({ origin, error: (error as Error).message }, 'permissions not granted to this origin');
      });
    }

    const whatsapp = new ChromiumWhatsAppPage({
      context,
      allowedOrigins: origins,
      markers: booted.markers,
      probeIntervalMs: settings.health.probeIntervalMs,
      contactsSyncIntervalMs: settings.contacts.syncIntervalMs,
      openExternally: options.openExternally ?? ((url: string) => log.info({ url }, 'link for the system browser')),
    });
    let route: (channel: unknown, request: unknown) => ReturnType<Kiosk['handleRequest']> = async () => ({
      ok: false,
      error: 'the kiosk is starting',
    });
    const ui = new ChromiumUiPage({
      context,
      url: uiServer.url,
      whatsapp,
      handle: fromTrustedSender(
        (channel, request) => route(channel, request),
        () => uiServer.url,
        (detail, message) => log.warn(detail, message),
      ),
    });
    const system = chromiumSystemSignals(settings.general.whatsappUrl);
    cleanUp.push(async () => system.stop());
    const dashboard = new ChromiumDashboardPage(context);
    const kiosk = new Kiosk({
      ...booted,
      clock: systemClock,
      surface: whatsapp,
      ui,
      system,
      dashboardWindow: dashboard,
      maintenance: {
        dataDir: options.dataDir,
        logsDir: layout.logs,
        versions: { app: APP_VERSION, browser: browserVersion, electron: null },
      },
    });
    route = kiosk.handleRequest;
    await ui.open(context.pages()[0]);
    await kiosk.start();

    return {
      kiosk,
      config,
      context,
      get uiPage() {
        return ui.page;
      },
      whatsapp,
      dashboard,
      db,
      log,
      userAgent,
      browserGone,
      async close() {
        closing = true;
        ui.closing();
        await kiosk.stop();
        for (const step of cleanUp.reverse()) await step().catch(() => undefined);
        booted.close();
      },
    };
  } catch (error) {
    closing = true;
    log.fatal({ err: { message: (error as Error).message } }, 'the Chromium shell could not start');
    for (const step of cleanUp.reverse()) await step().catch(() => undefined);
    booted.close();
    throw error;
  }
}

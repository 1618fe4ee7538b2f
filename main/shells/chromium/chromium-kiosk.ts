import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../core/config/load-config.ts';
import { resolveLanguage } from '../../core/config/language.ts';
import { dataLayout } from '../../core/config/paths.ts';
import { mergeLayer, type EffectiveConfig } from '../../core/config/policy.ts';
import type { PartialSettings } from '../../core/config/schema.ts';
import { readSettingsFile } from '../../core/config/settings-file.ts';
import { openDatabase, type Db } from '../../core/db/database.ts';
import { loadMarkers } from '../../core/health/markers.ts';
import type { EventMap, EventName } from '../../core/ipc/contract.ts';
import { isTrustedSender } from '../../core/ipc/router.ts';
import { Kiosk } from '../../core/kiosk.ts';
import { createLogger, type Logger } from '../../core/log/logger.ts';
import { systemClock, type KioskUi, type ShownView } from '../../core/ports.ts';
import { allowedOrigins } from '../../core/security/navigation.ts';
import { decidePermission } from '../../core/security/permissions.ts';
import { chromeUserAgent } from '../../core/security/user-agent.ts';
import { chromiumBridgeSource } from '../../../preload/chromium-bridge.ts';
import { startUiServer } from './ui-server.ts';
import { ChromiumWhatsAppPage } from './whatsapp-page.ts';

const INVOKE_BINDING = '__kioskInvoke';
const DISPATCH = '__kioskDispatch';

/** Flags that keep Chromium quiet on a closed network and keep a background WhatsApp alive. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // WhatsApp keeps running while the failover pane is in front: its socket, and our probe's
  // heartbeat, must not be throttled as a background tab.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Permission names as Playwright grants them, mapped from our permission policy's names. */
const GRANTABLE: readonly [policyName: string, playwrightNames: string[]][] = [
  ['notifications', ['notifications']],
  ['media', ['microphone', 'camera']],
  ['clipboard-read', ['clipboard-read']],
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
  uiPage: Page;
  whatsapp: ChromiumWhatsAppPage;
  db: Db;
  log: Logger;
  userAgent: string;
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
  const layout = dataLayout(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true });
  const log = createLogger(layout.logs, { echo: options.logToStderr ?? false });

  const file = readSettingsFile(layout.settingsFile);
  const userLayer = mergeLayer((file.settings ?? {}) as PartialSettings, options.overrides ?? {});
  const config = loadConfig(options.policyPath, userLayer);
  if (file.problem) config.problems.unshift({ source: 'settings', message: file.problem });
  const { settings } = config;
  const markers = loadMarkers(options.markersFile);
  const db = openDatabase(layout.database);

  const userAgent = chromeUserAgent(await chromiumVersion(settings.chromium.executablePath), process.platform);
  const origins = allowedOrigins(settings.general.whatsappUrl, settings.general.extraAllowedOrigins);
  const context = await chromium.launchPersistentContext(settings.chromium.profileDir ?? layout.chromiumProfile, {
    executablePath: settings.chromium.executablePath,
    headless: settings.chromium.headless,
    args: CHROMIUM_ARGS,
    userAgent,
    viewport: settings.chromium.headless ? { width: 1280, height: 800 } : null,
  });
  for (const origin of origins) {
    const grants = GRANTABLE.filter(([name]) => decidePermission(origin, name, origins, ['audio', 'video'])).flatMap(
      ([, names]) => names,
    );
    await context.grantPermissions(grants, { origin });
  }

  const ui = await startUiServer(options.rendererDir);
  const uiPage = context.pages()[0] ?? (await context.newPage());
  const openExternally = options.openExternally ?? ((url: string) => log.info({ url }, 'link for the system browser'));
  const whatsapp = new ChromiumWhatsAppPage({
    context,
    allowedOrigins: origins,
    markers,
    probeIntervalMs: settings.health.probeIntervalMs,
    contactsSyncIntervalMs: settings.contacts.syncIntervalMs,
    openExternally,
  });

  const kioskUi: KioskUi = {
    async show(view: ShownView) {
      await (view === 'whatsapp' ? whatsapp.bringToFront() : uiPage.bringToFront());
    },
    send<E extends EventName>(event: E, payload: EventMap[E]) {
      void uiPage
        .evaluate(([name, e, p]) => (window as unknown as Record<string, (e: string, p: unknown) => void>)[name]?.(e, p), [
          DISPATCH,
          event,
          payload,
        ] as const)
        .catch(() => undefined);
    },
  };

  const kiosk = new Kiosk({
    config,
    markers,
    language: resolveLanguage(settings.general.language, options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale),
    db,
    log,
    backupsDir: settings.backups.dir ?? layout.backups,
    clock: systemClock,
    surface: whatsapp,
    ui: kioskUi,
    system: { isOnline: () => null, onWake: () => undefined },
  });

  await uiPage.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, request: unknown) => {
    if (source.page !== uiPage || !isTrustedSender(source.frame.url(), source.frame === uiPage.mainFrame(), ui.url)) {
      log.warn({ url: source.frame.url() }, 'request from an unknown sender refused');
      return { ok: false, error: 'sender not allowed' };
    }
    return kiosk.handleRequest(channel, request);
  });
  await uiPage.addInitScript({ content: chromiumBridgeSource({ invokeBinding: INVOKE_BINDING, dispatchName: DISPATCH }) });
  await uiPage.goto(ui.url);
  await kiosk.start();

  return {
    kiosk,
    config,
    context,
    uiPage,
    whatsapp,
    db,
    log,
    userAgent,
    async close() {
      await kiosk.stop();
      await context.close().catch(() => undefined);
      await ui.close();
      db.close();
      log.flush();
    },
  };
}

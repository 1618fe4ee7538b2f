import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterEach } from 'vitest';
import type { PartialSettings } from '../../main/core/config/schema.ts';
import type { Channel, KioskStatus, RequestOf, ResponseMap } from '../../main/core/ipc/contract.ts';
import { launchChromiumKiosk, type ChromiumKiosk } from '../../main/shells/chromium/chromium-kiosk.ts';
import type { Simulator } from '../simulator/index.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/**
 * Thresholds shortened for tests and benchmarks: seconds instead of minutes, the same logic.
 * The independent address is the simulator's stand-in for the rest of the internet.
 */
export function fastThresholds(independentProbeUrl: string): PartialSettings {
  return {
    health: {
      probeIntervalMs: 500,
      probeSilenceMs: 3_000,
      networkProbeIntervalMs: 1_000,
      networkProbeTimeoutMs: 1_000,
      failuresToDown: 3,
      healthyStableMs: 2_000,
      pendingMessageTimeoutMs: 2_500,
      qrTimeoutMs: 2_500,
      loadingTimeoutMs: 8_000,
      independentProbeUrl,
    },
    recovery: { maxActionsPerWindow: 3, windowMs: 12_000 },
    failover: { graceMs: 6_000, typingHoldMs: 1_500 },
  };
}

export interface KioskUnderTest extends ChromiumKiosk {
  dataDir: string;
  externalLinks: string[];
  /** Polls the core's status until `predicate` holds; fails with the last status seen. */
  waitForStatus(predicate: (status: KioskStatus) => boolean, timeoutMs?: number, intervalMs?: number): Promise<KioskStatus>;
  /** A request through the kiosk's IPC router, as our page sends it; a refused request throws. */
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseMap[C]>;
  screenshot(page: Page, name: string): Promise<string>;
}

function policyFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kiosk-policy-')), 'policy.json');
  writeFileSync(path, text);
  return path;
}

/** The real kiosk, through the Chromium shell, headless, in a fresh data folder. */
export async function startKiosk(options: {
  whatsappUrl: string;
  settings?: PartialSettings;
  /** The IT policy file's text, written to a folder of its own; none by default. */
  policy?: string;
  dataDir?: string;
  systemLocale?: string;
}): Promise<KioskUnderTest> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const externalLinks: string[] = [];
  const settings = options.settings ?? {};
  const kiosk = await launchChromiumKiosk({
    dataDir,
    policyPath: options.policy === undefined ? join(dataDir, 'no-policy.json') : policyFile(options.policy),
    rendererDir: join(ROOT, 'dist', 'renderer'),
    markersFile: join(ROOT, 'resources', 'probe', 'markers.json'),
    overrides: {
      ...settings,
      general: { whatsappUrl: options.whatsappUrl, ...settings.general },
      chromium: { headless: true, ...settings.chromium },
      health: { probeIntervalMs: 500, ...settings.health },
    },
    systemLocale: options.systemLocale ?? 'en-US',
    openExternally: (url) => externalLinks.push(url),
  });
  return {
    ...kiosk,
    // Our page is replaced when it crashed or was closed: always the current one.
    get uiPage() {
      return kiosk.uiPage;
    },
    close: () => kiosk.close(),
    dataDir,
    externalLinks,
    async waitForStatus(predicate, timeoutMs = 20_000, intervalMs = 100) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = kiosk.kiosk.status;
        if (predicate(status)) return status;
        if (Date.now() > deadline) {
          throw new Error(`status did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(status)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    async invoke(channel, request) {
      const result = await kiosk.kiosk.handleRequest(channel, request);
      if (!result.ok) throw new Error(result.error);
      return result.value as never;
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
  };
}

/** The simulator and the kiosk a test started; both are closed after each test of the file. */
export function eachTestCloses(): { sim?: Simulator; kiosk?: KioskUnderTest } {
  const started: { sim?: Simulator; kiosk?: KioskUnderTest } = {};
  afterEach(async () => {
    await started.kiosk?.close();
    await started.sim?.close();
    delete started.kiosk;
    delete started.sim;
  });
  return started;
}

/** Links the kiosk's WhatsApp through the simulator (the QR scanned) and waits for a healthy chat list. */
export async function pair(sim: Simulator, kiosk: KioskUnderTest): Promise<void> {
  await kiosk.waitForStatus((s) => s.whatsapp.screen === 'pairing');
  await sim.control.scanQr();
  await kiosk.waitForStatus((s) => s.whatsapp.screen === 'chats' && s.health.level === 'healthy');
}

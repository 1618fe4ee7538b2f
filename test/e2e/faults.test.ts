import { afterEach, describe, expect, it } from 'vitest';
import type { FaultCode } from '../../main/core/health/faults.ts';
import type { HealingAction, IncidentSummary, KioskStatus } from '../../main/core/ipc/contract.ts';
import type { PartialSettings } from '../../main/core/config/schema.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { mergeLayer } from '../../main/core/config/policy.ts';
import { fastThresholds, startKiosk, type KioskUnderTest } from './harness.ts';

/**
 * Every fault of the taxonomy, injected into the simulator and seen through the real kiosk in
 * the Chromium shell: the detected code, the healing step taken, failover when healing cannot
 * help, and fail-back after recovery. Thresholds are shortened; the logic is the product's.
 */
interface Scenario {
  name: string;
  fault: FaultCode;
  paired: boolean;
  settings?: PartialSettings;
  /** Unpaired scenarios inject before the kiosk starts, without a kiosk. */
  inject(sim: Simulator, kiosk?: KioskUnderTest): Promise<void>;
  /** The first healing step expected, or null when healing cannot help. */
  heals: HealingAction | null;
  failsOver: boolean;
  guidance?: boolean;
  /** Undo the fault (and whatever the agent would do), then WhatsApp must come back. */
  recover: ((sim: Simulator, kiosk: KioskUnderTest) => Promise<void>) | null;
  /** Clear the fault as soon as it is detected: healing alone must then bring WhatsApp back. */
  clearOnDetection?: boolean;
  /** Nothing to clear: healing alone brings WhatsApp back. */
  healsByItself?: boolean;
}

/**
 * A real renderer crash through CDP. The simulator's own `crash` fault is a true out-of-memory
 * crash, but it takes 20-40 s and about 4 GB here: fine for the demo, too slow for every run.
 */
async function crashRenderer(kiosk: KioskUnderTest): Promise<void> {
  const cdp = await kiosk.context.newCDPSession(kiosk.whatsapp.page);
  await cdp.send('Page.crash').catch(() => undefined);
}

/** Crashes WhatsApp each time it shows its chats again, until stopped. */
function crashLoop(kiosk: KioskUnderTest): () => void {
  let running = true;
  void (async () => {
    while (running) {
      try {
        if ((await kiosk.whatsapp.page.locator('#pane-side').count()) > 0) await crashRenderer(kiosk);
      } catch {
        // The page is being replaced: look again.
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
  return () => {
    running = false;
  };
}
let stopCrashLoop: () => void = () => undefined;

async function sendMessage(kiosk: KioskUnderTest, text: string): Promise<void> {
  const page = kiosk.whatsapp.page;
  await page.locator('#pane-side [role="listitem"]').first().click();
  await page.locator('footer [contenteditable="true"][role="textbox"]').fill(text);
  await page.locator('footer [data-icon="send"]').click();
}

const SCENARIOS: Scenario[] = [
  {
    name: 'WhatsApp down for everyone',
    fault: 'SERVICE_OUTAGE',
    paired: true,
    inject: async (sim) => sim.control.inject('outage'),
    heals: null,
    failsOver: true,
    recover: async (sim) => sim.control.clear('outage'),
  },
  {
    name: 'this workstation lost its network',
    fault: 'LOCAL_NETWORK_DOWN',
    paired: true,
    inject: async (sim) => sim.control.inject('local-network-down'),
    heals: null,
    failsOver: true,
    recover: async (sim) => sim.control.clear('local-network-down'),
  },
  {
    name: 'the connection keeps dropping',
    fault: 'CONNECTION_UNSTABLE',
    paired: true,
    inject: async (sim) => sim.control.inject('socket-drop'),
    heals: 'reload',
    failsOver: true,
    recover: async (sim) => sim.control.clear('socket-drop'),
  },
  {
    name: 'WhatsApp answers, but slowly',
    fault: 'CONNECTION_UNSTABLE',
    paired: true,
    settings: { health: { slowResponseMs: 400 } },
    inject: async (sim) => sim.control.inject('latency', { ms: 700, jitterMs: 100 }),
    heals: 'reload',
    failsOver: true,
    recover: async (sim) => sim.control.clear('latency'),
  },
  {
    name: 'outgoing messages stay on the clock',
    fault: 'SEND_FAILURE',
    paired: true,
    inject: async (sim, kiosk) => {
      sim.control.inject('stuck-pending');
      await sendMessage(kiosk!, 'order 1234 is on its way');
    },
    heals: 'reload',
    failsOver: true,
    recover: async (sim) => sim.control.clear('stuck-pending'),
  },
  {
    name: 'media does not download',
    fault: 'FILE_TRANSFER_FAILURE',
    paired: true,
    inject: async (sim, kiosk) => {
      sim.control.inject('media-failure');
      await kiosk!.whatsapp.page.locator('#pane-side [role="listitem"]').nth(1).click();
    },
    heals: null,
    failsOver: false,
    recover: async (sim, kiosk) => {
      sim.control.clear('media-failure');
      await kiosk.whatsapp.page.locator('[data-icon="media-refresh"]').click();
    },
  },
  {
    name: 'the QR code never appears',
    fault: 'QR_UNAVAILABLE',
    paired: false,
    inject: async (sim) => sim.control.inject('qr-unavailable'),
    heals: null,
    failsOver: true,
    guidance: true,
    recover: async (sim) => {
      sim.control.clear('qr-unavailable');
      await sim.control.scanQr();
    },
  },
  {
    name: 'the session was logged out',
    fault: 'SESSION_LOGGED_OUT',
    paired: true,
    inject: async (sim) => sim.control.inject('logout'),
    heals: null,
    failsOver: true,
    guidance: true,
    recover: async (sim) => sim.control.scanQr(),
  },
  {
    name: 'the browser is rejected (healed by unregistering the service worker)',
    fault: 'BROWSER_REJECTED',
    paired: true,
    inject: async (sim) => sim.control.inject('browser-rejected'),
    heals: 'unregister-service-worker-and-reload',
    failsOver: false,
    clearOnDetection: true,
    recover: null,
  },
  {
    name: 'the page crashes (healed by a reload)',
    fault: 'RENDERER_CRASHED',
    paired: true,
    inject: async (_sim, kiosk) => crashRenderer(kiosk!),
    heals: 'reload',
    failsOver: false,
    recover: null,
    healsByItself: true,
  },
  {
    name: 'the page crashes again and again',
    fault: 'RENDERER_CRASHED',
    paired: true,
    inject: async (_sim, kiosk) => {
      stopCrashLoop = crashLoop(kiosk!);
    },
    heals: 'reload',
    failsOver: true,
    recover: async () => stopCrashLoop(),
  },
  {
    name: 'the page freezes (healed by a reload)',
    fault: 'UNRESPONSIVE',
    paired: true,
    inject: async (sim) => sim.control.inject('hang'),
    heals: 'reload',
    failsOver: false,
    clearOnDetection: true,
    recover: null,
  },
  {
    name: 'memory grows too large',
    fault: 'MEMORY_PRESSURE',
    paired: true,
    settings: { health: { memoryLimitMb: 1 } },
    inject: async () => undefined,
    heals: null,
    failsOver: false,
    recover: null,
  },
];

async function incidents(kiosk: KioskUnderTest): Promise<IncidentSummary[]> {
  const result = await kiosk.kiosk.handleRequest('incidents:list', { limit: 10 });
  if (!result.ok) throw new Error(result.error);
  return result.value as IncidentSummary[];
}

for (const lang of ['en', 'zh'] as const) {
  describe(`faults with WhatsApp in ${lang === 'en' ? 'English' : 'Chinese'}`, () => {
    let sim: Simulator | undefined;
    let kiosk: KioskUnderTest | undefined;
    afterEach(async () => {
      stopCrashLoop();
      await kiosk?.close();
      await sim?.close();
      kiosk = undefined;
      sim = undefined;
    });

    for (const scenario of SCENARIOS) {
      it(`${scenario.fault}: ${scenario.name}`, async () => {
        sim = await startSimulator({ lang, qrRefreshMs: 1_500, ackDelayMs: 100 });
        if (!scenario.paired) await scenario.inject(sim);
        const settings = mergeLayer(fastThresholds(sim.independentUrl), scenario.settings ?? {});
        kiosk = await startKiosk({ whatsappUrl: sim.url, settings, systemLocale: lang === 'zh' ? 'zh-CN' : 'en-US' });
        const k = kiosk;
        if (scenario.paired) {
          await k.waitForStatus((s) => s.whatsapp.screen === 'pairing');
          await sim.control.scanQr();
          await k.waitForStatus((s) => s.whatsapp.screen === 'chats' && s.health.level === 'healthy');
          await scenario.inject(sim, k);
        }

        const detected = await k.waitForStatus((s) => s.health.fault === scenario.fault, 30_000);
        expect(detected.health.level).not.toBe('healthy');
        if (scenario.clearOnDetection) sim.control.clear();

        let seen: KioskStatus = detected;
        if (scenario.heals) {
          seen = await k.waitForStatus((s) => s.lastHealing !== null, 30_000);
          expect(seen.lastHealing).toMatchObject({ action: scenario.heals, fault: scenario.fault });
        }
        if (scenario.failsOver) {
          seen = await k.waitForStatus((s) => s.mode === 'failover', 60_000);
          expect(seen).toMatchObject({ modeReason: 'auto', forced: false });
          const reason = k.uiPage.getByTestId('failover-reason');
          await reason.waitFor();
          expect(await reason.getAttribute('data-fault')).toBe(scenario.fault);
          const text = (await reason.textContent()) ?? '';
          expect(/[\u4e00-\u9fff]/.test(text)).toBe(lang === 'zh');
          await k.screenshot(k.uiPage, `failover-${lang}-${scenario.fault}`);
        }
        if (scenario.guidance) {
          expect(seen.guidance).toBe('link-with-phone-number');
          await k.uiPage.getByTestId('phone-link-guidance').waitFor();
        }
        if (!scenario.heals) expect(k.kiosk.status.lastHealing).toBeNull();

        if (scenario.recover) await scenario.recover(sim, k);
        if (scenario.recover || scenario.clearOnDetection || scenario.healsByItself) {
          const back = await k.waitForStatus((s) => s.health.level === 'healthy' && s.mode === 'whatsapp', 60_000);
          expect(back.guidance).toBeNull();
          if (scenario.failsOver) expect(back.modeReason).toBe('auto');
        } else {
          // A warning alone never takes the agent away from WhatsApp.
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          expect(k.kiosk.status).toMatchObject({ mode: 'whatsapp', health: { level: 'degraded', fault: scenario.fault } });
        }

        // Recovery can bring a blip of its own (a socket reconnecting): look at this fault's episode.
        const incident = (await incidents(k)).find((candidate) =>
          candidate.events.some((event) => event.kind === 'first-signal' || event.kind === 'detected' ? event.detail === scenario.fault : false),
        );
        expect(incident).toBeDefined();
        const kinds = incident!.events.map((event) => event.kind);
        expect(kinds[0]).toBe('first-signal');
        if (scenario.heals) expect(kinds).toContain('healing');
        if (scenario.failsOver) expect(kinds).toEqual(expect.arrayContaining(['detected', 'failover']));
        if (scenario.recover && scenario.failsOver) expect(kinds).toEqual(expect.arrayContaining(['failback', 'recovered']));
        if (!scenario.failsOver) expect(kinds).not.toContain('failover');
      });
    }
  });
}

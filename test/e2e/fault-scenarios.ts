import type { PartialSettings } from '../../main/core/config/schema.ts';
import type { FaultCode } from '../../main/core/health/faults.ts';
import type { HealingAction } from '../../main/core/ipc/contract.ts';
import type { Guidance } from '../../main/core/recovery/guidance.ts';
import type { Simulator } from '../simulator/index.ts';
import type { KioskUnderTest } from './harness.ts';

/**
 * Every fault of the taxonomy as a scenario on the simulator: how to cause it, what the kiosk
 * should do about it, and how it ends. The fault e2e tests assert these; `npm run bench:detect`
 * times them.
 */
export interface Scenario {
  name: string;
  fault: FaultCode;
  paired: boolean;
  settings?: PartialSettings;
  /** Unpaired scenarios inject before the kiosk starts, without a kiosk. */
  inject(sim: Simulator, kiosk?: KioskUnderTest): Promise<void>;
  /** The first healing step expected, or null when healing cannot help. */
  heals: HealingAction | null;
  failsOver: boolean;
  /**
   * Its detection reads WhatsApp's page (markup or models): it runs on both markups. The others
   * are seen from outside the page (network probes, the shell's crash and hang events, memory),
   * the same whatever the page's markup, and run once.
   */
  readsPage?: boolean;
  /** What the agent is guided to do, shown in the pane. */
  guidance?: Guidance;
  /** Where the kiosk looks for WhatsApp, when not at the simulator itself (a name a DNS filter hides). */
  whatsappUrl?: (sim: Simulator) => string;
  /** Watch this long after the failover: healing never exceeds the rolling cap (no reload loop). */
  watchReloadsMs?: number;
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
  (async () => {
    while (running) {
      try {
        if ((await kiosk.whatsapp.page.locator('#pane-side').count()) > 0) await crashRenderer(kiosk);
      } catch {
        // The page is being replaced: look again.
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })().catch((error: unknown) => console.error('crash loop stopped', error));
  return () => {
    running = false;
  };
}
let stopCrashLoop: () => void = () => undefined;

/** Ends a crash loop a scenario started, if any; safe to call after every scenario. */
export function stopCrashLoops(): void {
  stopCrashLoop();
  stopCrashLoop = () => undefined;
}

async function sendMessage(kiosk: KioskUnderTest, text: string): Promise<void> {
  const page = kiosk.whatsapp.page;
  await page.locator('#pane-side [role="listitem"]').first().click();
  await page.locator('footer [contenteditable="true"][role="textbox"]').fill(text);
  await page.locator('footer [data-icon="send"]').click();
}

export const SCENARIOS: readonly Scenario[] = [
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
    readsPage: true,
    fault: 'CONNECTION_UNSTABLE',
    paired: true,
    inject: async (sim) => sim.control.inject('socket-drop'),
    heals: 'reload',
    failsOver: true,
    recover: async (sim) => sim.control.clear('socket-drop'),
  },
  {
    // The page comes from WhatsApp's web servers and loads; only its chat connection fails. The
    // probes reach the page, so this is the connection, not an outage, until healing gives up.
    name: "WhatsApp's chat servers answer 500",
    readsPage: true,
    fault: 'CONNECTION_UNSTABLE',
    paired: true,
    inject: async (sim) => sim.control.inject('server-error'),
    heals: 'reload',
    failsOver: true,
    recover: async (sim) => sim.control.clear('server-error'),
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
    readsPage: true,
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
    readsPage: true,
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
    readsPage: true,
    fault: 'QR_UNAVAILABLE',
    paired: false,
    inject: async (sim) => sim.control.inject('qr-unavailable'),
    heals: null,
    failsOver: true,
    guidance: 'link-with-phone-number',
    recover: async (sim) => {
      sim.control.clear('qr-unavailable');
      await sim.control.scanQr();
    },
  },
  {
    name: 'the session was logged out',
    readsPage: true,
    fault: 'SESSION_LOGGED_OUT',
    paired: true,
    inject: async (sim) => sim.control.inject('logout'),
    heals: null,
    failsOver: true,
    guidance: 'link-with-phone-number',
    recover: async (sim) => sim.control.scanQr(),
  },
  {
    name: 'the browser is rejected (healed by unregistering the service worker)',
    readsPage: true,
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
    recover: async () => stopCrashLoops(),
  },
  {
    name: 'the page freezes (healed by a reload)',
    fault: 'UNRESPONSIVE',
    paired: true,
    // A hung page never commits a reload: the Chromium shell waits 5 s for it before loading a
    // fresh page. Detection (2 s) plus that left a 6 s grace a few hundred ms, so a busy machine
    // failed over; the grace here covers the shell's wait, which is what this scenario is not about.
    settings: { failover: { graceMs: 10_000 } },
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

/**
 * What the real WhatsApp of 2026 and real office networks bring besides the taxonomy's first
 * faults: another window taking the session, a banned account, and networks that answer for
 * WhatsApp. Each guides the agent; none may turn into a reload loop.
 */
export const REAL_WORLD_SCENARIOS: readonly Scenario[] = [
  {
    name: 'WhatsApp opened in another window ("Use here")',
    fault: 'WHATSAPP_OPEN_ELSEWHERE',
    paired: true,
    inject: async (sim) => sim.control.inject('conflict'),
    heals: null,
    failsOver: true,
    guidance: 'use-here',
    // The agent decides this desk should have it and presses "Use here" on the WhatsApp screen.
    recover: async (_sim, kiosk) => kiosk.whatsapp.page.locator('button.use-here').click(),
  },
  {
    name: 'the account is blocked',
    fault: 'ACCOUNT_BLOCKED',
    paired: true,
    inject: async (sim) => sim.control.inject('account-blocked'),
    heals: null,
    failsOver: true,
    guidance: 'account-blocked',
    recover: async (sim) => sim.control.clear('account-blocked'),
  },
  {
    name: 'a captive portal redirects WhatsApp to its sign-in page',
    fault: 'NETWORK_SIGN_IN_REQUIRED',
    paired: true,
    inject: async (sim) => sim.control.inject('captive-portal'),
    heals: null,
    failsOver: true,
    guidance: 'sign-in-to-network',
    watchReloadsMs: 12_000,
    recover: async (sim) => sim.control.clear('captive-portal'),
  },
  {
    name: 'a proxy answers 407',
    fault: 'NETWORK_BLOCKED',
    paired: true,
    inject: async (sim) => sim.control.inject('proxy-auth'),
    heals: null,
    failsOver: true,
    guidance: 'ask-it-to-allow-whatsapp',
    watchReloadsMs: 12_000,
    recover: async (sim) => sim.control.clear('proxy-auth'),
  },
  {
    // A DNS filter: WhatsApp's name does not resolve while the rest of the internet does.
    name: 'a DNS filter hides WhatsApp',
    fault: 'NETWORK_BLOCKED',
    paired: false,
    whatsappUrl: (sim) => `http://web.whatsapp.invalid:${new URL(sim.url).port}/`,
    inject: async () => undefined,
    heals: null,
    failsOver: true,
    guidance: 'ask-it-to-allow-whatsapp',
    watchReloadsMs: 12_000,
    recover: null,
  },
];

export interface FlappingResult {
  outages: number;
  outageMs: number;
  gapMs: number;
  /** Switches to the failover pane seen during the run: each one is a false failover. */
  failovers: number;
  downVerdicts: number;
}

/**
 * WhatsApp down for everyone, briefly, again and again: each outage shorter than it takes to
 * call WhatsApp down, then a settling time. Counts what the kiosk did about it.
 */
export async function flapOutages(
  sim: Simulator,
  kiosk: KioskUnderTest,
  options: { outages: number; outageMs: number; gapMs: number },
): Promise<FlappingResult> {
  let failovers = 0;
  let downVerdicts = 0;
  let last = kiosk.kiosk.status;
  const watcher = setInterval(() => {
    const now = kiosk.kiosk.status;
    if (now.mode === 'failover' && last.mode !== 'failover') failovers += 1;
    if (now.health.level === 'down' && last.health.level !== 'down') downVerdicts += 1;
    last = now;
  }, 50);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    for (let i = 0; i < options.outages; i++) {
      sim.control.inject('outage');
      await pause(options.outageMs);
      sim.control.clear('outage');
      await pause(options.gapMs);
    }
    // Long enough for a grace period started by the last outage to run out.
    await pause(8_000);
  } finally {
    clearInterval(watcher);
  }
  return { ...options, failovers, downVerdicts };
}

// `npm run bench:detection`: how fast the kiosk notices each kind of failure, heals or fails over,
// and comes back, measured through the real Chromium shell on the simulator. Thresholds are the
// shortened ones, so the figures show the machinery's own delay
// on top of them (fastThresholds in test/e2e/harness.ts). Prints a table and writes bench/results/detection.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskStatus } from '../main/core/ipc/contract.ts';
import { startSimulator, type Simulator } from '../test/simulator/index.ts';
import { fastThresholds, ROOT, startKiosk, type KioskUnderTest } from '../test/e2e/harness.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

interface Case {
  name: string;
  inject(sim: Simulator, kiosk: KioskUnderTest): Promise<void>;
  /** The milestone that ends the fault's handling: a failover, or healing that worked. */
  until: 'failover' | 'healed';
  clear(sim: Simulator): void;
}

const CASES: Case[] = [
  { name: 'SERVICE_OUTAGE', inject: async (sim) => sim.control.inject('outage'), until: 'failover', clear: (sim) => sim.control.clear() },
  { name: 'LOCAL_NETWORK_DOWN', inject: async (sim) => sim.control.inject('local-network-down'), until: 'failover', clear: (sim) => sim.control.clear() },
  { name: 'SESSION_LOGGED_OUT', inject: async (sim) => sim.control.inject('logout'), until: 'failover', clear: () => undefined },
  {
    name: 'RENDERER_CRASHED',
    inject: async (_sim, kiosk) => {
      const cdp = await kiosk.context.newCDPSession(kiosk.whatsapp.page);
      await cdp.send('Page.crash').catch(() => undefined);
    },
    until: 'healed',
    clear: () => undefined,
  },
];

async function timeUntil(kiosk: KioskUnderTest, t0: number, predicate: (s: KioskStatus) => boolean): Promise<number> {
  await kiosk.waitForStatus(predicate, 90_000);
  return Date.now() - t0;
}

const results: Record<string, { detectMs: number[]; handledMs: number[]; backMs: number[] }> = {};
for (const c of CASES) {
  const figures: { detectMs: number[]; handledMs: number[]; backMs: number[] } = { detectMs: [], handledMs: [], backMs: [] };
  results[c.name] = figures;
  for (let run = 0; run < RUNS; run++) {
    const sim = await startSimulator({ ackDelayMs: 100 });
    const kiosk = await startKiosk({ whatsappUrl: sim.url, settings: fastThresholds(sim.independentUrl) });
    try {
      await kiosk.waitForStatus((s) => s.whatsapp.screen === 'pairing');
      await sim.control.scanQr();
      await kiosk.waitForStatus((s) => s.whatsapp.screen === 'chats' && s.health.level === 'healthy');
      const t0 = Date.now();
      await c.inject(sim, kiosk);
      figures.detectMs.push(await timeUntil(kiosk, t0, (s) => s.health.fault === c.name));
      figures.handledMs.push(
        await timeUntil(kiosk, t0, (s) => (c.until === 'failover' ? s.mode === 'failover' : s.lastHealing !== null && s.whatsapp.screen === 'chats')),
      );
      const t1 = Date.now();
      c.clear(sim);
      if (c.name === 'SESSION_LOGGED_OUT') await sim.control.scanQr();
      figures.backMs.push(await timeUntil(kiosk, t1, (s) => s.mode === 'whatsapp' && s.health.level === 'healthy'));
    } finally {
      await kiosk.close();
      await sim.close();
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
console.log(`detection bench, ${RUNS} runs each, median ms (thresholds of test/e2e/harness.ts fastThresholds: probe 500 ms, network 1 s, 3 failures to down, grace 6 s, stable 2 s)`);
console.log('fault                detected   failover/healed   back on WhatsApp');
for (const [name, f] of Object.entries(results)) {
  console.log(`${name.padEnd(20)} ${String(median(f.detectMs)).padStart(8)}   ${String(median(f.handledMs)).padStart(15)}   ${String(median(f.backMs)).padStart(16)}`);
}
const out = join(ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'detection.json'), JSON.stringify({ runs: RUNS, at: new Date().toISOString(), results }, null, 2));
console.log(`written ${join(out, 'detection.json')}`);

import { expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { flapOutages } from './fault-scenarios.ts';
import { eachTestCloses, fastThresholds, pair, startKiosk, type KioskUnderTest } from './harness.ts';

const started = eachTestCloses();

async function outageKiosk(): Promise<{ sim: Simulator; k: KioskUnderTest }> {
  const sim = (started.sim = await startSimulator({ lang: 'en' }));
  const kiosk = (started.kiosk = await startKiosk({
    whatsappUrl: sim.url,
    settings: {
      health: {
        independentProbeUrl: sim.independentUrl,
        networkProbeIntervalMs: 1_000,
        networkProbeTimeoutMs: 1_000,
        healthyStableMs: 1_500,
      },
      // The pane says "still typing" at most every 2 s (TYPING_THROTTLE_MS): the hold must outlast
      // that gap with room for a loaded machine, as the shipped 15 s does.
      failover: { graceMs: 1_000, typingHoldMs: 5_000 },
    },
  }));
  await pair(sim, kiosk);
  return { sim, k: kiosk };
}

it('never switches back while the agent is typing in the failover pane', async () => {
  const { sim, k } = await outageKiosk();
  sim.control.inject('outage');
  await k.waitForStatus((s) => s.mode === 'failover', 30_000);
  const notes = k.uiPage.getByTestId('failover-notes');
  await notes.click();

  sim.control.clear('outage');
  // Keep typing until WhatsApp is healthy again and a while after: the mode must hold.
  const typedUntil = Date.now() + 60_000;
  let healthySeenAt: number | null = null;
  while (Date.now() < typedUntil) {
    await notes.pressSequentially('customer 42 wants a refund. ', { delay: 20 });
    if (k.kiosk.status.health.level === 'healthy') healthySeenAt ??= Date.now();
    if (healthySeenAt !== null && Date.now() - healthySeenAt > 4_000) break;
    expect(k.kiosk.status.mode).toBe('failover');
  }
  expect(healthySeenAt).not.toBeNull();
  expect(k.kiosk.status.mode).toBe('failover');
  // The agent stops typing: fail-back follows once the hold has passed.
  await k.waitForStatus((s) => s.mode === 'whatsapp' && s.modeReason === 'auto', 15_000);
  // What the agent wrote is still there when they open the pane again.
  await k.uiPage.getByTestId('mode-switch-failover').click();
  // (The box loads them from disk: they are saved as typed, and kept when the pane closes.)
  await expect.poll(() => notes.inputValue()).toContain('customer 42 wants a refund.');
});

it('a mode the agent forces holds against automatic switching until they choose Automatic', async () => {
  const { sim, k } = await outageKiosk();
  await k.uiPage.getByTestId('mode-switch-whatsapp').click();
  await k.waitForStatus((s) => s.forced && s.modeReason === 'agent');

  sim.control.inject('outage');
  await k.waitForStatus((s) => s.health.level === 'down', 30_000);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(k.kiosk.status).toMatchObject({ mode: 'whatsapp', forced: true });

  await k.uiPage.getByTestId('mode-switch-auto').click();
  const released = await k.waitForStatus((s) => s.mode === 'failover', 10_000);
  expect(released).toMatchObject({ forced: false, modeReason: 'auto' });
});

it('short outages again and again, each below the threshold, never cause a failover', async () => {
  const sim = (started.sim = await startSimulator({ lang: 'en' }));
  const kiosk = (started.kiosk = await startKiosk({ whatsappUrl: sim.url, settings: fastThresholds(sim.independentUrl) }));
  await pair(sim, kiosk);

  // Every 5 s: with the page's reconnect backoff WhatsApp is not stable again (2 s) before the
  // next outage, so some are called down; each is its own outage, none lasts the grace period.
  const run = await flapOutages(sim, kiosk, { outages: 6, outageMs: 1_000, gapMs: 4_000 });
  expect(run.failovers).toBe(0);
  expect(kiosk.kiosk.status.mode).toBe('whatsapp');

  // The blips were seen (so the kiosk was watching), and none of them became a failover.
  const events = (await kiosk.invoke('incidents:list', { limit: 50 })).flatMap((incident) => incident.events);
  expect(events.some((event) => event.kind === 'first-signal')).toBe(true);
  expect(events.filter((event) => event.kind === 'failover')).toEqual([]);
});

import { expect, it } from 'vitest';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { eachTestCloses, fastThresholds, pair, startKiosk, type KioskUnderTest } from './harness.ts';

/**
 * The real WhatsApp of 2026, on the simulator's 2026 markup: what must not be a fault, and a
 * probe that must say when it cannot see.
 */
const started = eachTestCloses();

async function pairedKiosk(): Promise<{ sim: Simulator; k: KioskUnderTest }> {
  const sim = (started.sim = await startSimulator({ lang: 'en', markup: '2026', ackDelayMs: 100 }));
  const kiosk = (started.kiosk = await startKiosk({ whatsappUrl: sim.url, settings: fastThresholds(sim.independentUrl) }));
  await pair(sim, kiosk);
  return { sim, k: kiosk };
}

async function openChat(k: KioskUnderTest, name: string): Promise<void> {
  await k.whatsapp.page.locator('#pane-side [role="listitem"]', { hasText: name }).click();
  await k.whatsapp.page.locator('#main').waitFor();
}

it('takes neither a customer’s Chrome download link nor the zero-height banner for a fault', async () => {
  const { sim, k } = await pairedKiosk();
  sim.control.updateContacts({ op: 'message', id: '15550100003@c.us', text: 'My browser says update: https://www.google.com/chrome/' });
  await openChat(k, 'Carol');
  await k.whatsapp.page.locator('#main a[href*="google.com/chrome"]').waitFor();
  // The banner's container and its icon are in the page all along, at zero height.
  expect(await k.whatsapp.page.locator('[data-icon="alert-computer"]').count()).toBe(1);
  const seen: KioskStatus[] = [];
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    seen.push(k.kiosk.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(seen.map((s) => s.health.level)).not.toContain('degraded');
  expect(seen.at(-1)).toMatchObject({ mode: 'whatsapp', health: { level: 'healthy', fault: null }, whatsapp: { screen: 'chats' } });
});

it('warns that the probe cannot see when WhatsApp renames its status icons, within a minute, never "healthy"', async () => {
  const { sim, k } = await pairedKiosk();
  await openChat(k, 'Alice');
  await k.whatsapp.page.locator('footer [role="textbox"]').fill('your order left today');
  await k.whatsapp.page.locator('footer [data-icon="send"]').click();
  await k.whatsapp.page.locator('#main [data-id^="true_"] svg > title', { hasText: 'wds-ic-msg-dblcheck' }).waitFor({ state: 'attached' });
  expect(k.kiosk.status.health.level).toBe('healthy');

  sim.control.inject('marker-drift');
  const blind = await k.waitForStatus((s) => s.health.fault === 'PROBE_BLIND', 60_000);
  // A degraded seat, not a failover: the agent can still work.
  expect(blind).toMatchObject({ mode: 'whatsapp', health: { level: 'degraded' } });
  const incident = (await k.invoke('incidents:list', { limit: 5 })).find((i) => i.fault === 'PROBE_BLIND');
  expect(incident?.events.some((e) => e.kind === 'first-signal')).toBe(true);

  sim.control.clear('marker-drift');
  await k.waitForStatus((s) => s.health.level === 'healthy', 30_000);
});

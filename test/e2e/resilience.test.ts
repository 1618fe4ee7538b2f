import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { eachTestCloses, fastThresholds, pair, startKiosk, type KioskUnderTest } from './harness.ts';

const started = eachTestCloses();

async function pairedKiosk(): Promise<{ sim: Simulator; k: KioskUnderTest }> {
  const sim = (started.sim = await startSimulator({ lang: 'en' }));
  const kiosk = (started.kiosk = await startKiosk({
    whatsappUrl: sim.url,
    settings: { ...fastThresholds(sim.independentUrl), failover: { graceMs: 1_000 } },
  }));
  await pair(sim, kiosk);
  return { sim, k: kiosk };
}

/** Waits until the kiosk replaced `old` with a new page of ours that shows the status bar. */
async function restoredPage(k: KioskUnderTest, old: Page): Promise<Page> {
  const deadline = Date.now() + 30_000;
  while (k.uiPage === old || k.uiPage.isClosed()) {
    if (Date.now() > deadline) throw new Error('our page was not restored');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await k.uiPage.getByTestId('status-bar').waitFor({ timeout: 15_000 });
  return k.uiPage;
}

it('our page crashes (its renderer killed), then WhatsApp goes down: the page comes back and the kiosk fails over', async () => {
  const { sim, k } = await pairedKiosk();
  const crashed = k.uiPage;
  const cdp = await k.context.newCDPSession(crashed);
  await cdp.send('Page.crash').catch(() => undefined);
  // The moment failover is needed, our page may still be dead: the kiosk must live through it.
  sim.control.inject('local-network-down');
  const page = await restoredPage(k, crashed);
  await k.waitForStatus((s) => s.mode === 'failover', 30_000);
  await page.getByTestId('failover-reason').waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('failover-reason').getAttribute('data-fault')).toBe('LOCAL_NETWORK_DOWN');
  sim.control.clear('local-network-down');
  await k.waitForStatus((s) => s.mode === 'whatsapp' && s.health.level === 'healthy', 60_000);
});

it('an agent who closes our tab gets it back, and it still answers', async () => {
  const { k } = await pairedKiosk();
  const closed = k.uiPage;
  await closed.close();
  const page = await restoredPage(k, closed);
  await page.getByTestId('mode-switch-failover').click();
  await k.waitForStatus((s) => s.mode === 'failover' && s.forced);
});

import { expect, it } from 'vitest';
import { startSimulator } from '../simulator/index.ts';
import { eachTestCloses, fastThresholds, pair, startKiosk } from './harness.ts';

const started = eachTestCloses();
const ALICE = '15550100001';
const HOSTILE = 'First reply <img src=x onerror="window.__pwned=1">';
const SECOND = 'Second reply: 订单今天发货';

it('replies queued during an outage reach the customer after recovery exactly once, in order, each confirmed in the chat', async () => {
  const sim = (started.sim = await startSimulator({ lang: 'en', ackDelayMs: 300 }));
  const k = (started.kiosk = await startKiosk({
    whatsappUrl: sim.url,
    settings: { ...fastThresholds(sim.independentUrl), offlineQueue: { stableMs: 1_000, openTimeoutMs: 8_000, confirmTimeoutMs: 8_000 } },
  }));
  await pair(sim, k);
  sim.control.inject('outage');
  await k.waitForStatus((s) => s.mode === 'failover', 30_000);

  // The agent writes two replies to Alice and one to a number that is not on WhatsApp.
  const ui = k.uiPage;
  const queueOne = async (to: string, text: string) => {
    await ui.getByTestId('queue-to').fill(to);
    await ui.getByTestId('queue-text').fill(text);
    await ui.getByTestId('queue-text').press('Control+Enter');
    await expect.poll(() => ui.getByTestId('queue-result').getAttribute('data-state')).toBe('queued');
    await expect.poll(() => ui.getByTestId('queue-text').inputValue()).toBe('');
  };
  await queueOne('+1 555 010 0001', HOSTILE);
  await queueOne('+1 555 010 0001', SECOND);
  await queueOne('+1 555 010 9999', 'Are you there?');
  expect((await k.invoke('queue:list', {})).map((item) => item.state)).toEqual(['queued', 'queued', 'queued']);
  // Shown as text, never as markup.
  await expect.poll(() => ui.getByTestId('queue-item').count()).toBe(3);
  expect(await ui.getByTestId('queue-list').locator('img').count()).toBe(0);
  expect(await ui.getByTestId('queue-list').textContent()).toContain('<img src=x onerror=');
  await k.screenshot(ui, 'queue-en');

  sim.control.clear('outage');
  await k.waitForStatus((s) => s.mode === 'whatsapp', 30_000);

  // The kiosk opens each chat with the draft; the agent presses Enter in WhatsApp.
  const wa = k.whatsapp.page;
  const composer = wa.locator('#main footer [contenteditable="true"]');
  for (const text of [HOSTILE, SECOND]) {
    await expect.poll(() => composer.textContent().catch(() => null), { timeout: 30_000 }).toBe(text);
    await composer.press('Enter');
    await expect
      .poll(async () => (await k.invoke('queue:list', {})).find((item) => item.text === text)?.state, { timeout: 20_000 })
      .toBe('sent');
  }
  await expect
    .poll(async () => (await k.invoke('queue:list', {})).find((item) => item.phone === '15550109999')?.state, { timeout: 20_000 })
    .toBe('invalid');

  // Exactly once each, in order, acknowledged by the server.
  const toAlice = sim.control.state().messages.filter((message) => message.chat === `${ALICE}@c.us`);
  expect(toAlice.map((message) => message.text)).toEqual([HOSTILE, SECOND]);
  expect(toAlice.every((message) => message.status !== 'pending')).toBe(true);
  expect(await wa.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // Replay over: WhatsApp back on its start page.
  await expect.poll(() => new URL(wa.url()).pathname, { timeout: 10_000 }).toBe('/');

  // The pane tells the agent how to reach the customer who is not on WhatsApp.
  await ui.getByTestId('mode-switch-failover').click();
  const invalid = ui.locator('[data-testid="queue-item"][data-state="invalid"]');
  await expect.poll(() => invalid.getByTestId('queue-invalid').textContent()).toContain('+15550109999 is not on WhatsApp');
  expect(await ui.locator('[data-testid="queue-item"][data-state="sent"]').count()).toBe(2);
});

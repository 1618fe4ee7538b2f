import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { startSimulator } from '../simulator/index.ts';
import { eachTestCloses, fastThresholds, pair, SCREENSHOTS, startKiosk } from './harness.ts';

const started = eachTestCloses();
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** axe-core over the failover pane: the serious and critical violations, with where they are. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: string): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    return axe.run('[data-testid="failover-pane"]');
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The queue, notes, scripts and checklist tools, as the agent sees them. */
async function screenshotTools(page: Page, language: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const tool of ['queue', 'notes', 'scripts', 'checklist']) {
    await page.locator(`.tool--${tool}`).screenshot({ path: join(SCREENSHOTS, `pane-${tool}-${language}.png`) });
  }
}
const ALICE = '15550100001';
const HOSTILE = 'First reply <img src=x onerror="window.__pwned=1">';
const SECOND = 'Second reply: 订单今天发货';

it('replies queued during an outage reach the customer after recovery exactly once, in order, each confirmed in the chat', async () => {
  const sim = (started.sim = await startSimulator({ lang: 'en', ackDelayMs: 300 }));
  const k = (started.kiosk = await startKiosk({
    whatsappUrl: sim.url,
    settings: {
      ...fastThresholds(sim.independentUrl),
      offlineQueue: { stableMs: 1_000, openTimeoutMs: 8_000, confirmTimeoutMs: 8_000 },
    },
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

  await ui.getByTestId('failover-notes').fill('Alice: refund promised <b>today</b>');
  await expect.poll(() => ui.getByTestId('notes-saved').getAttribute('data-state')).toBe('saved');

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
  // The pane repaints after the switch and asks the core: on a busy machine that takes more than a second.
  await expect
    .poll(() => invalid.getByTestId('queue-invalid').textContent(), { timeout: 10_000 })
    .toContain('+15550109999 is not on WhatsApp');
  expect(await ui.locator('[data-testid="queue-item"][data-state="sent"]').count()).toBe(2);
  // The notes written during the outage are listed with its incident, as text.
  const listed = ui.locator('#failover-incidents [data-testid="incident-notes"]').first();
  await expect.poll(() => listed.textContent(), { timeout: 10_000 }).toContain('Alice: refund promised <b>today</b>');
  expect(await listed.locator('b').count()).toBe(0);
  expect(await accessibilityProblems(ui)).toEqual([]);
  await screenshotTools(ui, 'en');
});

it('the pane in Chinese: queue and notes complete, accessible, notes kept across a restart', async () => {
  const sim = (started.sim = await startSimulator({ lang: 'zh' }));
  const settings = { ...fastThresholds(sim.independentUrl), general: { language: 'zh' as const } };
  let k = (started.kiosk = await startKiosk({ whatsappUrl: sim.url, settings }));
  await k.uiPage.getByTestId('mode-switch-failover').click();
  const ui = k.uiPage;
  await ui.getByTestId('queue-to').fill('+86 138 0013 8000');
  await ui.getByTestId('queue-text').fill('您好，<img src=x onerror=alert(1)> 我们稍后回复');
  await ui.getByTestId('queue-submit').click();
  await expect.poll(() => ui.getByTestId('queue-result').textContent()).toContain('已为 +8613800138000 排队');
  expect(await ui.getByTestId('queue-list').locator('img').count()).toBe(0);
  await ui.getByTestId('failover-notes').fill('客户张伟：已承诺退款');
  await expect.poll(() => ui.getByTestId('notes-saved').getAttribute('data-state')).toBe('saved');
  // The phone script with the customer's name filled in, as text; the call's outcome logged.
  await ui.getByTestId('script-customer').fill('<img src=x onerror=alert(1)>张伟');
  await expect.poll(() => ui.getByTestId('script-text').textContent()).toContain('<img src=x onerror=alert(1)>张伟您好');
  expect(await ui.getByTestId('scripts').locator('img').count()).toBe(0);
  await ui.getByTestId('call-reached').click();
  await expect.poll(() => ui.getByTestId('call-list').textContent()).toContain('已接通');
  // A checklist step ticked is kept with the incident.
  await ui.locator('[data-testid="checklist-step"]').first().check();
  await expect.poll(async () => (await k.invoke('checklist:get', {})).ticked.length).toBe(1);
  expect(await accessibilityProblems(ui)).toEqual([]);
  await screenshotTools(ui, 'zh');

  // Restarted on the same data: the notes and the queue are still there.
  await k.close();
  k = started.kiosk = await startKiosk({ whatsappUrl: sim.url, settings, dataDir: k.dataDir });
  await k.uiPage.getByTestId('mode-switch-failover').click();
  await expect.poll(() => k.uiPage.getByTestId('failover-notes').inputValue(), { timeout: 10_000 }).toBe('客户张伟：已承诺退款');
  await expect.poll(() => k.uiPage.locator('[data-testid="queue-item"][data-state="queued"]').count(), { timeout: 10_000 }).toBe(1);
});

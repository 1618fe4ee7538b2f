import { afterEach, describe, expect, it } from 'vitest';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { IncidentStore } from '../../main/core/incidents/incident-store.ts';
import { defaultSettings } from '../../main/core/config/schema.ts';
import { startFakeKiosk, type FakeKiosk } from '../support/fake-kiosk.ts';

const defaults = defaultSettings();
let k: FakeKiosk | undefined;

afterEach(async () => {
  await k?.kiosk.stop();
  k?.db.close();
  k = undefined;
});

function timeline(kiosk: FakeKiosk): string[] {
  const [incident] = new IncidentStore(kiosk.db, unsharedGate()).list(1, kiosk.clock.now(), defaults.failover);
  return incident?.events.map((event) => event.kind) ?? [];
}

describe('the kiosk on fake ports and a fake clock (shipped defaults)', () => {
  it('tells the whole story of a crash loop: down, heal, heal again, give up, fail over, keep retrying, fail back', async () => {
    // A long grace period: the failover must come from healing giving up, not from the clock.
    k = await startFakeKiosk({ failover: { graceMs: 300_000 } });
    await k.clock.advance(10_000);
    expect(k.status()).toMatchObject({ mode: 'whatsapp', health: { level: 'healthy' } });
    expect(k.page.actions).toEqual(['load']);

    k.page.crashLoop = true;
    k.page.crash();
    await k.clock.advance(1_000);
    expect(k.status()).toMatchObject({ mode: 'whatsapp', health: { level: 'down', fault: 'RENDERER_CRASHED' } });
    expect(k.page.actions).toEqual(['load', 'reload']);

    // The next step only after the first had time to show it did not help.
    await k.clock.advance(7_000);
    expect(k.page.actions).toEqual(['load', 'reload']);
    await k.clock.advance(5_000);
    expect(k.page.actions).toEqual(['load', 'reload', 'recreate-view']);

    // The ladder is exhausted: failover at once, without waiting out the grace period.
    await k.clock.advance(11_000);
    expect(k.status()).toMatchObject({ mode: 'failover', modeReason: 'auto', health: { level: 'down', fault: 'RENDERER_CRASHED' } });
    const [incident] = new IncidentStore(k.db, unsharedGate()).list(1, k.clock.now(), defaults.failover);
    expect(incident!.failoverAt! - incident!.detectedAt!).toBeLessThan(30_000);

    // In failover the kiosk keeps trying, once per rolling window.
    const before = k.page.actions.length;
    await k.clock.advance(defaults.recovery.windowMs + 2_000);
    expect(k.page.actions.length).toBeGreaterThan(before);
    expect(k.status().mode).toBe('failover');

    // The cause goes away: the next retry brings WhatsApp back, and the kiosk fails back once it is stable.
    k.page.crashLoop = false;
    await k.clock.advance(defaults.recovery.windowMs + 2_000);
    expect(k.page.alive).toBe(true);
    await k.clock.advance(defaults.health.healthyStableMs + 2_000);
    expect(k.status()).toMatchObject({ mode: 'whatsapp', modeReason: 'auto', health: { level: 'healthy' } });

    expect(timeline(k)).toEqual(
      expect.arrayContaining(['first-signal', 'detected', 'healing', 'escalated', 'failover', 'failback', 'recovered']),
    );
    const kinds = timeline(k);
    expect(kinds.indexOf('escalated')).toBeLessThan(kinds.indexOf('failover'));
    expect(kinds.filter((kind) => kind === 'escalated')).toHaveLength(1);
  });

  it('heals a single crash quietly: one reload, no failover, healing credited', async () => {
    k = await startFakeKiosk();
    await k.clock.advance(6_000);
    k.page.crash();
    await k.clock.advance(defaults.health.healthyStableMs + 10_000);
    expect(k.page.actions).toEqual(['load', 'reload']);
    expect(k.status()).toMatchObject({ mode: 'whatsapp', health: { level: 'healthy' } });
    expect(timeline(k)).toEqual(expect.arrayContaining(['healing', 'healed', 'recovered']));
    expect(timeline(k)).not.toContain('failover');
  });

  it('waits out the grace period for WhatsApp down for everyone, then fails over', async () => {
    k = await startFakeKiosk();
    await k.clock.advance(6_000);
    k.network.whatsapp = { ok: false, status: 503, latencyMs: 30, error: 'http-5xx' };
    k.page.emit({ type: 'load-failed', description: 'HTTP 503', httpStatus: 503 });
    // With the shipped defaults the network probes confirm it at their own pace.
    while (k.status().health.level !== 'down') await k.clock.advance(1_000);
    await k.clock.advance(defaults.failover.graceMs - 2_000);
    expect(k.status().mode).toBe('whatsapp');
    await k.clock.advance(3_000);
    expect(k.status()).toMatchObject({ mode: 'failover', health: { fault: 'SERVICE_OUTAGE' } });
    expect(k.page.actions).toEqual(['load']);
    // IT hears of it once per episode, however long it lasts.
    await k.clock.advance(5 * defaults.recovery.windowMs);
    expect(k.lines.filter((line) => line.msg === 'IT must look at this workstation')).toHaveLength(1);
  });

  it('reloads a page whose load keeps failing while the probes reach WhatsApp at most the capped number of times per window', async () => {
    k = await startFakeKiosk();
    await k.clock.advance(6_000);
    k.page.loadFails = true;
    await k.kiosk.handleRequest('mode:set', { mode: 'auto' });
    k.page.alive = false;
    k.page.emit({ type: 'load-failed', description: 'HTTP 503', httpStatus: 503 });
    await k.clock.advance(10 * defaults.recovery.windowMs);
    const { maxActionsPerWindow, windowMs } = defaults.recovery;
    const actions = k.page.timeline.filter((entry) => entry.action !== 'load');
    expect(actions.filter((entry) => entry.action === 'reload').length).toBeGreaterThan(maxActionsPerWindow);
    for (const { at } of actions) {
      const inWindow = actions.filter((other) => other.at >= at && other.at - at < windowMs);
      expect(inWindow.filter((entry) => entry.action === 'reload').length).toBeLessThanOrEqual(maxActionsPerWindow);
      expect(inWindow.length).toBeLessThanOrEqual(2 * maxActionsPerWindow);
    }
  });

  it('gives a slow healing step its settle time after it finished: a frozen page is healed by one reload', async () => {
    k = await startFakeKiosk();
    await k.clock.advance(6_000);
    k.page.reloadTakesMs = 15_000;
    k.page.hang();
    while (k.page.actions.length < 2) await k.clock.advance(1_000);
    expect(k.page.actions).toEqual(['load', 'reload']);
    await k.clock.advance(defaults.health.healthyStableMs + 30_000);
    expect(k.page.actions).toEqual(['load', 'reload']);
    expect(k.status()).toMatchObject({ mode: 'whatsapp', health: { level: 'healthy' } });
  });

  it('publishes the status once per decision, before the view is switched', async () => {
    k = await startFakeKiosk();
    await k.clock.advance(6_000);
    const ui = k.ui;
    ui.calls.length = 0;
    await k.kiosk.handleRequest('mode:set', { mode: 'failover' });
    expect(ui.calls.map((call) => call.call)).toEqual(['send', 'show']);
    expect(ui.calls[0]).toMatchObject({ call: 'send', status: { mode: 'failover', forced: true } });
    expect(ui.calls[1]).toEqual({ call: 'show', view: 'kiosk' });
  });

  it('keeps watching when the view cannot be shown at the moment failover is needed, and restores our page', async () => {
    k = await startFakeKiosk();
    await k.clock.advance(6_000);
    k.ui.showFails = true;
    k.ui.answers = false;
    await k.kiosk.handleRequest('mode:set', { mode: 'failover' });
    expect(k.status().mode).toBe('failover');
    await k.clock.advance(12_000);
    expect(k.ui.calls.some((call) => call.call === 'restore')).toBe(true);
    // Back: the status went out again and our page is in front.
    const afterRestore = k.ui.calls.slice(k.ui.calls.findIndex((call) => call.call === 'restore'));
    expect(afterRestore).toEqual(expect.arrayContaining([{ call: 'show', view: 'kiosk' }]));
    expect(afterRestore.some((call) => call.call === 'send')).toBe(true);
    // The health loop still beats: a crash now is still seen and healed.
    k.page.crash();
    await k.clock.advance(2_000);
    expect(k.page.actions).toContain('reload');
  });

  it('reloads our page when it crashes or is closed', async () => {
    k = await startFakeKiosk();
    await k.clock.advance(2_000);
    k.ui.emit({ type: 'crashed', reason: 'oom' });
    await k.clock.advance(100);
    k.ui.emit({ type: 'closed' });
    await k.clock.advance(100);
    expect(k.ui.calls.filter((call) => call.call === 'restore')).toHaveLength(2);
  });
});

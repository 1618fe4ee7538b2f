import { expect } from 'vitest';
import { mergeLayer } from '../../main/core/config/policy.ts';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import { startSimulator, type Simulator, type SimulatorOptionsInput } from '../simulator/index.ts';
import type { Scenario } from './fault-scenarios.ts';
import { fastThresholds, pair, startKiosk, type KioskUnderTest } from './harness.ts';

/** What a scenario run started, for the test's afterEach to close. */
export interface Running {
  sim?: Simulator;
  kiosk?: KioskUnderTest;
}

/**
 * One fault scenario end to end on the real kiosk and the simulator: inject, detect, heal or
 * fail over with the reason in the agent's language, guide the agent, come back, and leave the
 * incident's timeline. `markup` is the simulator's WhatsApp markup (2026 or the old one).
 */
export async function runScenario(
  scenario: Scenario,
  lang: 'en' | 'zh',
  markup: SimulatorOptionsInput['markup'],
  running: Running,
): Promise<void> {
  const sim = await startSimulator({ lang, markup, qrRefreshMs: 1_500, ackDelayMs: 100 });
  running.sim = sim;
  if (!scenario.paired) await scenario.inject(sim);
  const settings = mergeLayer(fastThresholds(sim.independentUrl), scenario.settings ?? {});
  const whatsappUrl = scenario.whatsappUrl?.(sim) ?? sim.url;
  const k = await startKiosk({ whatsappUrl, settings, systemLocale: lang === 'zh' ? 'zh-CN' : 'en-US' });
  running.kiosk = k;
  if (scenario.paired) {
    await pair(sim, k);
    await scenario.inject(sim, k);
  }

  const detected = await k.waitForStatus((s) => s.health.fault === scenario.fault, 30_000);
  expect(detected.health.level).not.toBe('healthy');
  if (scenario.clearOnDetection) sim.control.clear();

  let seen: KioskStatus;
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
    seen = await k.waitForStatus((s) => s.guidance !== null, 10_000);
    expect(seen.guidance).toBe(scenario.guidance);
    const pane = scenario.guidance === 'link-with-phone-number' ? 'phone-link-guidance' : 'agent-guidance';
    await k.uiPage.getByTestId(pane).waitFor();
  }
  if (!scenario.heals) expect(k.kiosk.status.lastHealing).toBeNull();
  if (scenario.watchReloadsMs) {
    // However long it lasts, the page is not reloaded more than the rolling cap allows.
    await new Promise((resolve) => setTimeout(resolve, scenario.watchReloadsMs));
    const healing = (await k.invoke('incidents:list', { limit: 10 })).flatMap((incident) =>
      incident.events.filter((e) => e.kind === 'healing'),
    );
    expect(healing.length).toBeLessThanOrEqual(settings.recovery?.maxActionsPerWindow ?? 3);
  }

  if (scenario.recover) await scenario.recover(sim, k);
  if (scenario.recover || scenario.clearOnDetection || scenario.healsByItself) {
    const back = await k.waitForStatus((s) => s.health.level === 'healthy' && s.mode === 'whatsapp', 60_000);
    expect(back.guidance).toBeNull();
    if (scenario.failsOver) expect(back.modeReason).toBe('auto');
  } else if (!scenario.failsOver) {
    // A warning alone never takes the agent away from WhatsApp.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(k.kiosk.status).toMatchObject({ mode: 'whatsapp', health: { level: 'degraded', fault: scenario.fault } });
  }

  // Recovery can bring a blip of its own (a socket reconnecting): look at this fault's episode.
  const incident = (await k.invoke('incidents:list', { limit: 10 })).find((candidate) =>
    candidate.events.some((event) =>
      event.kind === 'first-signal' || event.kind === 'detected' ? event.detail === scenario.fault : false,
    ),
  );
  expect(incident).toBeDefined();
  const kinds = incident!.events.map((event) => event.kind);
  expect(kinds[0]).toBe('first-signal');
  if (scenario.heals) expect(kinds).toContain('healing');
  if (scenario.failsOver) expect(kinds).toEqual(expect.arrayContaining(['detected', 'failover']));
  if (scenario.recover && scenario.failsOver) expect(kinds).toEqual(expect.arrayContaining(['failback', 'recovered']));
  if (!scenario.failsOver) expect(kinds, timeline(incident!.events)).not.toContain('failover');
}

/** The incident's timeline in one line, to show what happened when an assertion fails. */
function timeline(events: ReadonlyArray<{ at: number; kind: string; detail: string | null }>): string {
  const start = events[0]?.at ?? 0;
  return events.map((e) => `+${e.at - start}ms ${e.kind}${e.detail ? ` (${e.detail})` : ''}`).join(', ');
}

/** Closes what a scenario started; safe after a scenario that failed half way. */
export async function stopScenario(running: Running): Promise<void> {
  await running.kiosk?.close();
  await running.sim?.close();
  running.kiosk = undefined;
  running.sim = undefined;
}

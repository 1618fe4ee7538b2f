import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import type { Verdict } from '../../main/core/health/detector.ts';
import { HealthMonitor, type HealthListener } from '../../main/core/health/health-monitor.ts';
import { loadMarkers } from '../../main/core/health/markers.ts';
import { Timers } from '../../main/core/runtime/guarded.ts';
import { FakeClock, FakeNetwork, FakeWhatsApp, memoryLogger } from '../support/fake-kiosk.ts';

const settings = defaultSettings();
const socketStates = loadMarkers(new URL('../../resources/probe/markers.json', import.meta.url).pathname).socketState;

function monitor(listener: HealthListener, overrides: { memoryUsageMb?: () => Promise<number | null> } = {}) {
  const clock = new FakeClock();
  const { log, lines } = memoryLogger();
  const network = new FakeNetwork();
  const page = new FakeWhatsApp();
  let remembered = false;
  const health = new HealthMonitor(
    {
      settings: { ...settings, health: { ...settings.health, independentProbeUrl: 'https://independent.test/' } },
      socketStates,
      clock,
      log,
      system: { isOnline: () => null, onWake: () => undefined, onNetworkChange: () => undefined },
      memoryUsageMb: overrides.memoryUsageMb ?? (async () => 100),
      loginMemory: { get: () => remembered, set: () => void (remembered = true) },
      probe: network.probe,
    },
    listener,
  );
  page.onEvent((event) => health.onSurfaceEvent(event));
  page.beat(clock, settings.health.probeIntervalMs);
  health.start();
  return { clock, lines, network, page, health };
}

describe('health monitor on a fake clock', () => {
  it('keeps its beat when the verdict handler throws: later verdicts still arrive and the watchdog still fires', async () => {
    const verdicts: Verdict[] = [];
    const m = monitor({
      verdict: (verdict) => {
        verdicts.push(verdict);
        throw new Error('handler broke');
      },
      facts: () => {
        throw new Error('facts handler broke');
      },
    });
    await m.clock.advance(5_000);
    m.page.crash();
    await m.clock.advance(1_000);
    expect(verdicts.at(-1)).toMatchObject({ level: 'down', fault: 'RENDERER_CRASHED' });
    m.page.alive = true;
    m.page.emit({ type: 'loaded' });
    await m.clock.advance(settings.health.healthyStableMs + 5_000);
    expect(verdicts.at(-1)).toMatchObject({ level: 'healthy' });
    // The page then freezes without a word: only the 1-second tick can notice the silence.
    m.page.alive = false;
    await m.clock.advance(settings.health.probeSilenceMs + settings.health.probeIntervalMs * (settings.health.failuresToDown + 1));
    expect(verdicts.at(-1)).toMatchObject({ fault: 'UNRESPONSIVE' });
    expect(m.lines.filter((line) => line.msg === 'verdict handler failed').length).toBeGreaterThanOrEqual(3);
    m.health.stop();
  });

  it('keeps probing the network after a round fails, and keeps the memory watch after it throws', async () => {
    let memoryCalls = 0;
    const m = monitor(
      { verdict: () => undefined, facts: () => undefined },
      {
        memoryUsageMb: () => {
          memoryCalls += 1;
          throw new Error('no metrics');
        },
      },
    );
    m.network.throws = true;
    await m.clock.advance(settings.health.networkProbeIntervalMs * 2 + 1_000);
    const failing = m.lines.filter((line) => line.msg === 'network probes failed').length;
    expect(failing).toBeGreaterThanOrEqual(2);
    expect(memoryCalls).toBeGreaterThanOrEqual(2);
    m.health.stop();
  });
});

describe('timers', () => {
  it('beat on whatever the callback does, and never run an async beat twice at once', async () => {
    const clock = new FakeClock();
    const { log } = memoryLogger();
    const timers = new Timers(clock, log);
    let calls = 0;
    let started = 0;
    timers.every(1_000, 'throws', () => {
      calls += 1;
      throw new Error('boom');
    });
    timers.every(1_000, 'hangs', () => {
      started += 1;
      return new Promise(() => undefined);
    });
    await clock.advance(5_000);
    expect(calls).toBe(5);
    expect(started).toBe(1);
    timers.stop();
    await clock.advance(5_000);
    expect(calls).toBe(5);
  });
});

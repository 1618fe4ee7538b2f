import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PartialSettings } from '../../main/core/config/schema.ts';
import { DIAGNOSTIC_CHECKS } from '../../main/core/ipc/maintenance-wire.ts';
import { MaintenanceRuns } from '../../main/core/maintenance/runs-store.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { FakeClock, startFakeKiosk, type FakeKiosk } from '../support/fake-kiosk.ts';

const MIN = 60_000;
/** Local time, so the tests hold in any time zone. */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).getTime();

const settings: PartialSettings = {
  maintenance: {
    enabled: true,
    windows: [{ days: [0, 1, 2, 3, 4, 5, 6], start: '03:00', end: '05:00' }],
    checkIntervalMs: 10_000,
    catchUpDelayMs: 5 * MIN,
    idleAfterMs: 30_000,
    memorySampleMs: 10_000,
    memoryReloadMb: 1_000,
  },
};

const kiosks: FakeKiosk[] = [];

afterEach(async () => {
  for (const k of kiosks.splice(0)) {
    await k.kiosk.stop();
    k.db.close();
  }
});

async function start(clock: FakeClock, dir?: string, extra: PartialSettings = {}): Promise<FakeKiosk> {
  const k = await startFakeKiosk(
    { ...settings, ...extra, maintenance: { ...settings.maintenance, ...extra.maintenance } },
    { clock, ...(dir ? { dir } : {}) },
  );
  kiosks.push(k);
  return k;
}

function runs(k: FakeKiosk, task?: string) {
  return new MaintenanceRuns(k.db, unsharedGate())
    .list(100)
    .filter((run) => task === undefined || run.task === task)
    .reverse();
}

function purges(k: FakeKiosk): string[] {
  return k.page.actions.filter((action) => action.startsWith('clear-caches:'));
}

/** The agent types in the failover pane every 10 s for `ms`. */
async function typeFor(k: FakeKiosk, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10_000) {
    expect(await k.kiosk.handleRequest('activity:typing', {})).toMatchObject({ ok: true });
    await k.clock.advance(10_000);
  }
}

describe('maintenance on the real core with a fake clock', () => {
  it('purges in its window, flushing storage first and never touching the login, and records the run', async () => {
    const k = await start(new FakeClock(at(30, 3, 10)));
    await k.clock.advance(15_000);
    expect(k.page.actions).toEqual([
      'load',
      'flush-storage',
      'clear-caches:http-cache,code-cache,shader-cache,service-workers,cache-storage',
    ]);
    const [purge] = runs(k, 'purge');
    expect(purge).toMatchObject({ trigger: 'window', result: 'ok' });
    expect(JSON.parse(purge!.detail!)).toMatchObject({ kept: [], unsupported: [] });
    // Housekeeping reads the disk and checks the database for real: its record follows that I/O.
    await expect.poll(() => runs(k, 'housekeeping')).toMatchObject([{ trigger: 'window' }]);
    // Once per window.
    await k.clock.advance(30 * MIN);
    expect(purges(k)).toHaveLength(1);
  });

  it('waits while the agent types and purges at the first idle moment', async () => {
    const k = await start(new FakeClock(at(30, 2, 59)));
    await k.clock.advance(30_000);
    // The window opens at 03:00 while the agent types, before the settling time allows a catch-up of yesterday's.
    await typeFor(k, 5 * MIN);
    expect(purges(k)).toEqual([]);
    expect(k.lines.some((line) => line.msg === 'maintenance due, waiting: the agent is active')).toBe(true);
    await k.clock.advance(40_000);
    expect(purges(k)).toHaveLength(1);
    expect(runs(k, 'purge')[0]).toMatchObject({ trigger: 'window' });
  });

  it('waits while messages are still unsent', async () => {
    const k = await start(new FakeClock(at(30, 3, 10)));
    k.page.pendingMessages = 1;
    await k.clock.advance(5 * MIN);
    expect(purges(k)).toEqual([]);
    k.page.pendingMessages = 0;
    await k.clock.advance(20_000);
    expect(purges(k)).toHaveLength(1);
  });

  it('leaves the service worker alone while WhatsApp is unreachable', async () => {
    const k = await start(new FakeClock(at(30, 2, 58)));
    k.network.whatsapp = { ok: false, status: null, latencyMs: null, error: 'refused' };
    await k.clock.advance(3 * MIN);
    expect(purges(k)).toEqual(['clear-caches:http-cache,code-cache,shader-cache']);
    expect(JSON.parse(runs(k, 'purge')[0]!.detail!).kept).toEqual([
      { part: 'service-workers', why: 'whatsapp-unreachable' },
      { part: 'cache-storage', why: 'whatsapp-unreachable' },
    ]);
  });

  it('catches up a window missed while the machine slept, after it settled', async () => {
    const clock = new FakeClock(at(30, 3, 10));
    const k = await start(clock);
    await clock.advance(15_000);
    expect(purges(k)).toHaveLength(1);
    // Asleep from 04:00 until 07:00 the next day: the window of the 1st was missed.
    await clock.advance(50 * MIN - 15_000);
    await clock.sleep(27 * 60 * MIN);
    expect(new Date(clock.now()).getHours()).toBe(7);
    k.system.wake();
    await clock.advance(4 * MIN);
    expect(purges(k)).toHaveLength(1);
    await clock.advance(2 * MIN);
    expect(purges(k)).toHaveLength(2);
    expect(runs(k, 'purge').map((run) => run.trigger)).toEqual(['window', 'catch-up']);
  }, 30_000); // A day and more of fake time is many thousand timer beats: seconds of real CPU on a busy machine.

  it('a restart in the middle of a window does not purge again, and one where it did not run yet does', async () => {
    const clock = new FakeClock(at(30, 3, 10));
    const first = await start(clock);
    await clock.advance(15_000);
    expect(purges(first)).toHaveLength(1);
    await first.kiosk.stop();
    await clock.advance(20 * MIN);
    const second = await start(clock, first.dir);
    await clock.advance(10 * MIN);
    expect(purges(second)).toEqual([]);
    expect(runs(second, 'purge')).toHaveLength(1);

    // Another seat: busy all through the start of the window, restarted at 04:00 with the window still open.
    const other = new FakeClock(at(30, 2, 58));
    const busy = await start(other);
    await typeFor(busy, 10 * MIN);
    expect(purges(busy)).toEqual([]);
    await busy.kiosk.stop();
    const again = await start(other, busy.dir);
    await other.advance(20_000);
    expect(purges(again)).toHaveLength(1);
    expect(runs(again, 'purge')[0]).toMatchObject({ trigger: 'window' });
  });

  it('memory over the threshold: exactly one reload, at an idle moment, then none within the interval', async () => {
    const k = await start(new FakeClock(at(30, 12)));
    await k.clock.advance(30_000);
    k.page.memoryMb = 1_300;
    await typeFor(k, 2 * MIN);
    expect(k.page.actions.filter((action) => action === 'reload')).toEqual([]);
    await k.clock.advance(60_000);
    expect(k.page.actions.filter((action) => action === 'reload')).toHaveLength(1);
    await k.clock.advance(30 * MIN);
    expect(k.page.actions.filter((action) => action === 'reload')).toHaveLength(1);
    expect(runs(k, 'memory-reload')).toMatchObject([{ trigger: 'memory', result: 'ok' }]);
    expect(k.status().health.level).toBe('healthy');
  });

  it('checks the probe markers when WhatsApp changes its build: a moved marker warns IT, kept markers do not', async () => {
    const k = await start(new FakeClock(at(30, 12)));
    await k.clock.advance(10_000);
    expect(runs(k, 'version-check')).toMatchObject([{ result: 'ok' }]);
    k.page.build = '2.3000.1040000000';
    await k.clock.advance(10_000);
    expect(runs(k, 'version-check').map((run) => run.result)).toEqual(['ok', 'ok']);
    expect(k.lines.some((line) => line.msg.includes('no longer matches'))).toBe(false);

    k.page.build = '2.3000.1050000000';
    k.page.iconsMoved = true;
    await k.clock.advance(10_000);
    const last = runs(k, 'version-check').at(-1)!;
    expect(last.result).toBe('warn');
    expect(JSON.parse(last.detail!)).toEqual({ build: '2.3000.1050000000', missing: ['messages.settled'], unverified: [] });
    const warning = k.lines.find((line) => line.msg === 'the probe marker pack no longer matches this WhatsApp Web build') as
      { it?: boolean; level: number } | undefined;
    expect(warning).toMatchObject({ it: true, level: 50 });
    // The same build again raises nothing new.
    await k.clock.advance(30_000);
    expect(runs(k, 'version-check')).toHaveLength(3);
  });

  it('a marker with nothing on screen to match is waited for before the build counts as checked', async () => {
    const k = await start(new FakeClock(at(30, 12)));
    k.page.outgoingMessages = 0;
    await k.clock.advance(10 * MIN);
    expect(runs(k, 'version-check')).toEqual([]);
    // The agent opens a chat with a message of theirs: now the status icons can be checked.
    k.page.outgoingMessages = 2;
    await k.clock.advance(5_000);
    expect(runs(k, 'version-check')).toMatchObject([{ result: 'ok' }]);
    expect(JSON.parse(runs(k, 'version-check')[0]!.detail!)).toMatchObject({ missing: [], unverified: [] });
  });

  it('clears the GPU and code caches once after an app or browser update', async () => {
    const clock = new FakeClock(at(30, 12));
    const first = await start(clock);
    await clock.advance(30_000);
    expect(first.page.actions.filter((a) => a.startsWith('clear-caches'))).toEqual([]);
    await first.kiosk.stop();
    const updated = await startFakeKiosk(settings, { clock, dir: first.dir, versions: { app: '1.0.0', browser: '151.0.0.0' } });
    kiosks.push(updated);
    await clock.advance(30_000);
    expect(purges(updated)).toEqual(['clear-caches:shader-cache,code-cache']);
    expect(runs(updated, 'gpu-purge')).toMatchObject([{ trigger: 'version-change', result: 'ok' }]);
  });

  it('diagnostics from the app: a complete report written for IT, failing when WhatsApp is unreachable', async () => {
    const k = await start(new FakeClock(at(30, 12)));
    await k.clock.advance(30_000);
    const ok = await k.kiosk.handleRequest('maintenance:diagnose', {});
    expect(ok.ok).toBe(true);
    const { report, file } = (ok as { value: { report: { checks: { id: string; status: string }[] }; file: string } }).value;
    expect(report.checks.map((check) => check.id)).toEqual([...DIAGNOSTIC_CHECKS]);
    expect(report.checks.find((check) => check.id === 'whatsapp')?.status).toBe('pass');
    expect(readFileSync(file, 'utf8')).toContain('[PASS] WhatsApp reachable');

    k.network.whatsapp = { ok: false, status: null, latencyMs: null, error: 'timeout' };
    const down = (await k.kiosk.handleRequest('maintenance:diagnose', {})) as {
      value: { report: { overall: string; checks: { id: string; status: string; detail: string }[] } };
    };
    expect(down.value.report.overall).toBe('fail');
    expect(down.value.report.checks.find((check) => check.id === 'whatsapp')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('timeout'),
    });
    expect(runs(k, 'diagnostics').map((run) => run.result)).toEqual(['warn', 'failed']);
  });

  it('the deep reset needs IT to allow it and the exact confirmation', async () => {
    const k = await start(new FakeClock(at(30, 12)));
    expect(await k.kiosk.handleRequest('maintenance:deep-reset', { confirm: 'LOG OUT WHATSAPP' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('not allowed'),
    });
    expect(k.page.actions).not.toContain('clear-all-data');
    const allowed = await start(new FakeClock(at(30, 12)), undefined, { maintenance: { deepResetAllowed: true } });
    expect(await allowed.kiosk.handleRequest('maintenance:deep-reset', { confirm: 'yes' })).toMatchObject({ ok: false });
    expect(await allowed.kiosk.handleRequest('maintenance:deep-reset', { confirm: 'LOG OUT WHATSAPP' })).toMatchObject({ ok: true });
    expect(allowed.page.actions.slice(-2)).toEqual(['clear-all-data', 'load']);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import type { PartialSettings } from '../../main/core/config/schema.ts';
import { DIAGNOSTIC_CHECKS } from '../../main/core/ipc/maintenance-wire.ts';
import type { MaintenanceRun } from '../../main/core/maintenance/runs-store.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { eachTestCloses, fastThresholds, pair, ROOT, startKiosk, type KioskUnderTest } from './harness.ts';

/**
 * Preventive maintenance through the Chromium shell on the simulator: what only a real browser
 * shows (the login kept in IndexedDB across a purge, the HTTP cache really emptied, the service
 * worker kept offline, the heap, the page's build). Windows, catch-up and restarts are unit-tested
 * with the fake clock (test/unit/maintenance.test.ts).
 */
const started = eachTestCloses();

/** A window open now, in local time, for the whole test. */
function windowAroundNow(): { days: number[]; start: string; end: string } {
  const hhmm = (date: Date) => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  return { days: [0, 1, 2, 3, 4, 5, 6], start: hhmm(new Date(Date.now() - 60_000)), end: hhmm(new Date(Date.now() + 20 * 60_000)) };
}

async function kioskOn(sim: Simulator, maintenance: PartialSettings['maintenance'], systemLocale = 'en-US'): Promise<KioskUnderTest> {
  return (started.kiosk = await startKiosk({
    whatsappUrl: sim.url,
    systemLocale,
    settings: {
      ...fastThresholds(sim.independentUrl),
      maintenance: { checkIntervalMs: 1_000, idleAfterMs: 2_000, catchUpDelayMs: 3_600_000, memorySampleMs: 1_000, ...maintenance },
    },
  }));
}

/** The agent types in our pane every 300 ms until `stop` is called; returns when they last typed. */
function keepTyping(k: KioskUnderTest): { stop(): Promise<number> } {
  let last = Date.now();
  let typing = true;
  const loop = (async () => {
    while (typing) {
      await k.invoke('activity:typing', {});
      last = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
  return {
    async stop() {
      typing = false;
      await loop;
      return last;
    },
  };
}

async function runsOf(k: KioskUnderTest, task: MaintenanceRun['task']): Promise<MaintenanceRun[]> {
  return (await k.invoke('maintenance:status', {})).runs.filter((run) => run.task === task);
}

async function waitForRun(k: KioskUnderTest, task: MaintenanceRun['task'], count = 1, timeoutMs = 30_000): Promise<MaintenanceRun[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await runsOf(k, task);
    if (runs.length >= count) return runs;
    if (Date.now() > deadline) throw new Error(`no ${task} run within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function serviceWorkers(k: KioskUnderTest): Promise<number> {
  return k.whatsapp.page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
}

/** Reloads WhatsApp and waits for the new page's load (its stylesheet fetched or taken from the cache) and chat list. */
async function reloadToChats(k: KioskUnderTest): Promise<void> {
  await k.whatsapp.reload();
  await k.whatsapp.page.waitForLoadState('load');
  await k.whatsapp.page.locator('#pane-side').waitFor({ timeout: 20_000 });
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('a purge due while the agent types waits until idle, keeps the login and really clears the HTTP cache; WhatsApp builds are checked against the marker pack', async () => {
  const sim = (started.sim = await startSimulator({ lang: 'en', loadingMs: 50, ackDelayMs: 100 }));
  const k = await kioskOn(sim, { windows: [windowAroundNow()] });
  const typing = keepTyping(k);
  await pair(sim, k);
  await waitFor(async () => (await serviceWorkers(k)) === 1, 'the service worker');
  // A reload takes the long-cached asset from the HTTP cache: the server sees no new fetch.
  const fetched = sim.control.state().assetFetches;
  expect(fetched).toBeGreaterThanOrEqual(1);
  await reloadToChats(k);
  expect(sim.control.state().assetFetches).toBe(fetched);
  expect(await runsOf(k, 'purge')).toEqual([]);

  const lastTyped = await typing.stop();
  const [purge] = await waitForRun(k, 'purge');
  expect(purge!.startedAt).toBeGreaterThanOrEqual(lastTyped + 2_000 - 500);
  expect(purge).toMatchObject({ trigger: 'window', result: 'ok' });
  expect(JSON.parse(purge!.detail!)).toMatchObject({
    cleared: ['http-cache', 'shader-cache', 'service-workers', 'cache-storage'],
    unsupported: ['code-cache'],
  });
  expect(await serviceWorkers(k)).toBe(0);

  await reloadToChats(k);
  // Still logged in (the keys in IndexedDB untouched), and the asset came from the server again.
  expect(sim.control.state().assetFetches).toBe(fetched + 1);
  expect(sim.control.state().paired).toBe(true);

  // The status icons can be checked only with an outgoing message on screen.
  const openAlice = async () => {
    await k.whatsapp.page.locator('#pane-side [role="listitem"]', { hasText: 'Alice' }).click();
    await k.whatsapp.page.locator('#main').waitFor();
  };
  await openAlice();
  await k.whatsapp.page.locator('footer [role="textbox"]').fill('your order left today');
  await k.whatsapp.page.locator('footer [data-icon="send"]').click();
  await k.whatsapp.page.locator('#main [data-id^="true_"] svg > title', { hasText: 'wds-ic-msg-dblcheck' }).waitFor({ state: 'attached' });
  await waitForRun(k, 'version-check');

  sim.control.setBuild('2.3000.1040000000');
  await reloadToChats(k);
  await openAlice();
  const kept = (await waitForRun(k, 'version-check', 2))[0]!;
  expect(kept).toMatchObject({ result: 'ok' });
  expect(JSON.parse(kept.detail!)).toMatchObject({ build: '2.3000.1040000000', missing: [] });

  sim.control.setBuild('2.3000.1050000000', { movesMarker: true });
  await reloadToChats(k);
  await openAlice();
  const moved = (await waitForRun(k, 'version-check', 3))[0]!;
  expect(moved).toMatchObject({ result: 'warn' });
  expect(JSON.parse(moved.detail!)).toMatchObject({ build: '2.3000.1050000000', missing: ['messages.settled'] });
  const log = readFileSync(join(k.dataDir, 'logs', 'kiosk.log'), 'utf8');
  expect(log).toMatch(/"it":true.*"msg":"the probe marker pack no longer matches this WhatsApp Web build"/);
});

it('diagnostics complete in the agent language, then fail on WhatsApp unreachable; a purge meanwhile leaves the service worker alone; memory growth gets exactly one reload, at an idle moment', async () => {
  const sim = (started.sim = await startSimulator({ lang: 'zh', loadingMs: 50 }));
  const k = await kioskOn(sim, { windows: [windowAroundNow()], memoryReloadMb: 80 }, 'zh-CN');
  const typing = keepTyping(k);
  await k.waitForStatus((s) => s.whatsapp.screen === 'pairing');
  await waitFor(async () => (await serviceWorkers(k)) === 1, 'the service worker');

  const { report, file } = await k.invoke('maintenance:diagnose', {});
  expect(report.checks.map((check) => check.id)).toEqual([...DIAGNOSTIC_CHECKS]);
  expect(report.checks.filter((check) => check.status === 'fail')).toEqual([]);
  expect(report.checks.find((check) => check.id === 'versions')?.detail).toMatch(/^app 0\.1\.0, browser \d+\./);
  expect(readFileSync(file, 'utf8')).toContain('[通过] WhatsApp 可访问');
  // The same from the status bar, as the agent runs it: pass/warn/fail per check, in Chinese.
  await k.uiPage.getByTestId('open-maintenance').click();
  await k.uiPage.getByTestId('run-diagnostics').click();
  const shown = k.uiPage.getByTestId('diagnostics-report');
  await shown.waitFor({ timeout: 20_000 });
  expect(await shown.locator('[data-check="whatsapp"]').getAttribute('data-status')).toBe('pass');
  expect(await shown.locator('[data-check="whatsapp"]').innerText()).toContain('[通过] WhatsApp 可访问');

  sim.control.inject('outage');
  await k.waitForStatus((s) => s.health.fault === 'SERVICE_OUTAGE');
  const down = await k.invoke('maintenance:diagnose', {});
  expect(down.report.overall).toBe('fail');
  expect(down.report.checks.find((check) => check.id === 'whatsapp')).toMatchObject({ status: 'fail' });
  expect(readFileSync(down.file, 'utf8')).toContain('[失败] WhatsApp 可访问');

  await typing.stop();
  const [purge] = await waitForRun(k, 'purge');
  expect(JSON.parse(purge!.detail!)).toMatchObject({
    cleared: ['http-cache', 'shader-cache'],
    kept: [
      { part: 'service-workers', why: 'whatsapp-unreachable' },
      { part: 'cache-storage', why: 'whatsapp-unreachable' },
    ],
  });
  expect(await serviceWorkers(k)).toBe(1);

  // WhatsApp back: then its heap grows past the threshold while the agent types.
  sim.control.clear('outage');
  await k.waitForStatus((s) => s.health.level === 'healthy' && s.mode === 'whatsapp', 30_000);
  const typingAgain = keepTyping(k);
  await waitFor(async () => (await k.invoke('maintenance:status', {})).memory.state === 'ok', 'a heap sample under the threshold');
  sim.control.growHeap(150);
  await waitFor(async () => (await k.invoke('maintenance:status', {})).memory.state === 'over-threshold', 'the heap over the threshold');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(await runsOf(k, 'memory-reload')).toEqual([]);

  const lastTyped = await typingAgain.stop();
  const [reload] = await waitForRun(k, 'memory-reload');
  expect(reload!.startedAt).toBeGreaterThanOrEqual(lastTyped + 2_000 - 500);
  await k.waitForStatus((s) => s.whatsapp.screen === 'pairing');
  // The heap reads high until V8 collects the old page, and still no second reload follows.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await runsOf(k, 'memory-reload')).toHaveLength(1);
});

it('npm run diagnose: a clear failing entry when the disk is below its floor, exit code 4', async () => {
  const sim = (started.sim = await startSimulator({ lang: 'en' }));
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-diagnose-'));
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ health: { independentProbeUrl: sim.independentUrl }, maintenance: { diskFloorMb: 1_000_000 } }),
  );
  const run = promisify(execFile)(process.execPath, [
    join(ROOT, 'main/shells/chromium/cli.ts'),
    '--diagnose',
    '--data-dir',
    dataDir,
    '--url',
    sim.url,
    '--policy',
    join(dataDir, 'none.json'),
  ]);
  const failed = await run.then(
    () => null,
    (error: { code: number; stdout: string }) => error,
  );
  expect(failed?.code).toBe(4);
  expect(failed?.stdout).toMatch(/\[FAIL\] Free disk space: \d+ MB free, floor 1000000 MB/);
  expect(failed?.stdout).toMatch(/\[PASS\] WhatsApp reachable/);
});

import { describe, expect, it } from 'vitest';
import { judgeDiagnostics, proxyFromEnv, type DiagnosticFacts } from '../../main/core/maintenance/diagnostics.ts';
import { diskStatus, logsStatus } from '../../main/core/maintenance/housekeeping.ts';
import { addSample, assessMemory, decideMemoryReload, type MemorySample } from '../../main/core/maintenance/memory-trend.ts';
import { planPurge } from '../../main/core/maintenance/purge.ts';
import { decideSchedule, type ScheduleInput } from '../../main/core/maintenance/schedule.ts';
import { isLoopbackUrl, judgedOnline, onlineFromInterfaces, sleptBetween } from '../../main/core/maintenance/signals.ts';
import { browserTooOld, markerEvidence, shellChanged } from '../../main/core/maintenance/versions.ts';
import { latestOccurrence, runningOccurrence, type MaintenanceWindow } from '../../main/core/maintenance/windows.ts';
import { FakeWhatsApp } from '../support/fake-kiosk.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
/** Local time, so the tests hold in any time zone: Monday 30 November 2026. */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).getTime();
const nightly: MaintenanceWindow[] = [{ days: [0, 1, 2, 3, 4, 5, 6], start: '03:00', end: '05:00' }];

function schedule(input: Partial<ScheduleInput> & { now: number }): ReturnType<typeof decideSchedule> {
  return decideSchedule({ windows: nightly, lastRunAt: null, minIntervalMs: 20 * HOUR, busy: [], catchUpFrom: 0, ...input });
}

describe('maintenance windows', () => {
  it('finds the occurrence running now and the latest one started, in local time', () => {
    expect(runningOccurrence(nightly, at(30, 3, 30))).toEqual({ start: at(30, 3), end: at(30, 5) });
    expect(runningOccurrence(nightly, at(30, 5))).toBeNull();
    expect(latestOccurrence(nightly, at(30, 2, 59))).toEqual({ start: at(29, 3), end: at(29, 5) });
  });

  it('runs a window past midnight and keeps to its days', () => {
    // Saturday 28 November 2026 22:00 to Sunday 06:00, on Saturdays only.
    const weekend: MaintenanceWindow[] = [{ days: [6], start: '22:00', end: '06:00' }];
    expect(runningOccurrence(weekend, at(29, 1))).toEqual({ start: at(28, 22), end: at(29, 6) });
    expect(runningOccurrence(weekend, at(30, 1))).toBeNull();
    expect(latestOccurrence(weekend, at(30, 12))?.start).toBe(at(28, 22));
    expect(latestOccurrence([], at(30, 12))).toBeNull();
  });
});

describe('decideSchedule', () => {
  it('runs once per window occurrence, at the first idle moment inside it', () => {
    expect(schedule({ now: at(30, 3, 1), lastRunAt: at(29, 3, 1) })).toEqual({ kind: 'run', trigger: 'window' });
    expect(schedule({ now: at(30, 3, 30), lastRunAt: at(30, 3, 1) })).toEqual({ kind: 'not-due' });
  });

  it('waits while the agent is busy and says who', () => {
    expect(schedule({ now: at(30, 3, 1), lastRunAt: at(29, 3, 1), busy: ['typing'] })).toEqual({
      kind: 'wait',
      reason: 'busy',
      busy: ['typing'],
    });
  });

  it('catches a missed window up after the settling time, outside the window', () => {
    // Asleep (or off) from before 03:00 to 07:00: the window was missed.
    const input = { now: at(30, 7), lastRunAt: at(29, 3, 5), catchUpFrom: at(30, 7, 5) };
    expect(schedule(input)).toEqual({ kind: 'wait', reason: 'settling', busy: [] });
    expect(schedule({ ...input, now: at(30, 7, 5) })).toEqual({ kind: 'run', trigger: 'catch-up' });
    expect(schedule({ ...input, now: at(30, 7, 5), busy: ['unsent-messages'] })).toMatchObject({ kind: 'wait', reason: 'busy' });
  });

  it('does not run again within the minimum interval, even in a new window', () => {
    // Caught up at 23:00 yesterday; tonight's window comes only 4 hours later.
    expect(schedule({ now: at(30, 3, 1), lastRunAt: at(29, 23) })).toEqual({ kind: 'not-due' });
  });

  it('a restart in the middle of a window: not again if it ran, at once if it did not', () => {
    expect(schedule({ now: at(30, 4), lastRunAt: at(30, 3, 10), catchUpFrom: at(30, 4, 5) })).toEqual({ kind: 'not-due' });
    // Inside the window the settling time does not apply: the window is the time to do it.
    expect(schedule({ now: at(30, 4), lastRunAt: at(29, 3, 10), catchUpFrom: at(30, 4, 5) })).toEqual({ kind: 'run', trigger: 'window' });
  });
});

describe('memory trend', () => {
  const limits = { reloadMb: 1_000, growthMbPerHour: 100, growthWindowMs: 3 * HOUR };
  const series = (start: number, mbAt: (hours: number) => number, hours: number): MemorySample[] => {
    let samples: MemorySample[] = [];
    for (let m = 0; m <= hours * 60; m += 10) samples = addSample(samples, { at: start + m * MIN, mb: mbAt(m / 60) }, 6 * HOUR);
    return samples;
  };

  it('calls steady growth over hours growing, and a flat or noisy heap ok', () => {
    const growing = series(0, (h) => 300 + 150 * h, 3);
    expect(assessMemory(growing, 3 * HOUR, limits)).toMatchObject({ state: 'growing', latestMb: 750 });
    expect(assessMemory(growing, 3 * HOUR, limits).slopeMbPerHour).toBeCloseTo(150, 5);
    const flat = series(0, (h) => 400 + (Math.round(h * 6) % 2 === 0 ? 40 : -40), 3);
    expect(assessMemory(flat, 3 * HOUR, limits).state).toBe('ok');
  });

  it('needs most of the window covered before it speaks of a trend', () => {
    const short = series(0, (h) => 300 + 400 * h, 1);
    expect(assessMemory(short, HOUR, limits)).toMatchObject({ state: 'ok', slopeMbPerHour: null });
    expect(assessMemory([], 0, limits).state).toBe('unknown');
  });

  it('calls a heap over the threshold at once', () => {
    expect(assessMemory([{ at: 0, mb: 1_001 }], 0, limits).state).toBe('over-threshold');
  });

  it('keeps only the samples of the window it was given', () => {
    const samples = series(0, () => 300, 10);
    expect(samples[0]!.at).toBe(4 * HOUR);
  });

  it('reloads only when needed, when idle, at most once per interval', () => {
    const over = assessMemory([{ at: 0, mb: 1_500 }], 0, limits);
    const base = { assessment: over, now: 10 * HOUR, lastReloadAt: null, minIntervalMs: 4 * HOUR, busy: [] };
    expect(decideMemoryReload(base)).toEqual({ kind: 'reload' });
    expect(decideMemoryReload({ ...base, busy: ['typing'] })).toEqual({ kind: 'wait', busy: ['typing'] });
    expect(decideMemoryReload({ ...base, lastReloadAt: 7 * HOUR })).toEqual({ kind: 'none' });
    expect(decideMemoryReload({ ...base, lastReloadAt: 6 * HOUR })).toEqual({ kind: 'reload' });
    expect(decideMemoryReload({ ...base, assessment: assessMemory([{ at: 0, mb: 500 }], 0, limits) })).toEqual({ kind: 'none' });
  });
});

describe('planPurge', () => {
  it('never names login storage, and keeps the service worker while WhatsApp is unreachable', () => {
    const online = planPurge('scheduled', true);
    expect(online.parts).toEqual(['http-cache', 'code-cache', 'shader-cache', 'service-workers', 'cache-storage']);
    const offline = planPurge('scheduled', false);
    expect(offline.parts).toEqual(['http-cache', 'code-cache', 'shader-cache']);
    expect(offline.kept).toEqual([
      { part: 'service-workers', why: 'whatsapp-unreachable' },
      { part: 'cache-storage', why: 'whatsapp-unreachable' },
    ]);
  });

  it('after an app or browser update clears only the GPU and code caches', () => {
    expect(planPurge('version-change', true).parts).toEqual(['shader-cache', 'code-cache']);
  });
});

describe('version checks', () => {
  it('sees an app or browser change, not a first start', () => {
    const v = { app: '1.0.0', browser: '150.0.1.2', electron: null, whatsapp: '2.3000.1' };
    expect(shellChanged(null, v)).toBe(false);
    expect(shellChanged(v, { ...v, whatsapp: '2.3000.2' })).toBe(false);
    expect(shellChanged(v, { ...v, browser: '151.0.0.0' })).toBe(true);
    expect(shellChanged(v, { ...v, app: '1.0.1' })).toBe(true);
  });

  it('compares the browser major with the minimum; an unreadable version is no finding', () => {
    expect(browserTooOld('119.0.6045.105', 120)).toBe(true);
    expect(browserTooOld('120.0.0.0', 120)).toBe(false);
    expect(browserTooOld('unknown', 120)).toBe(false);
  });

  it('names the pack entries that no longer match what the probe sees', () => {
    const page = new FakeWhatsApp();
    expect(markerEvidence(page.facts())).toEqual({ missing: [], unverified: [] });
    const noOutgoing = page.facts();
    expect(markerEvidence({ ...noOutgoing, messages: { ...noOutgoing.messages, outgoing: 0, withKnownStatus: 0 } })).toEqual({
      missing: [],
      unverified: ['messages.settled'],
    });
    page.iconsMoved = true;
    expect(markerEvidence(page.facts()).missing).toEqual(['messages.settled']);
    const facts = page.facts();
    expect(markerEvidence({ ...facts, models: { pending: null, version: null } }).missing).toEqual([
      'models.version',
      'models.messages',
      'messages.settled',
    ]);
  });
});

describe('system signals', () => {
  it('a wake-up is the wall clock running ahead of the monotonic clock, not a busy moment', () => {
    expect(sleptBetween({ wall: 0, monotonic: 0 }, { wall: 3_600_000, monotonic: 2_000 }, 10_000)).toBe(true);
    // The event loop was blocked for a minute: both clocks moved alike.
    expect(sleptBetween({ wall: 0, monotonic: 0 }, { wall: 60_000, monotonic: 60_000 }, 10_000)).toBe(false);
    expect(sleptBetween({ wall: 0, monotonic: 0 }, { wall: 7_000, monotonic: 2_000 }, 10_000)).toBe(false);
  });

  it('online when an interface other than loopback has an address', () => {
    const lo = {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4',
      mac: '00:00:00:00:00:00',
      internal: true,
      cidr: '127.0.0.1/8',
    } as const;
    expect(onlineFromInterfaces({ lo: [lo] })).toBe(false);
    expect(onlineFromInterfaces({ lo: [lo], eth0: [{ ...lo, address: '10.0.0.5', internal: false, cidr: '10.0.0.5/24' }] })).toBe(true);
  });

  it('never judges a loopback WhatsApp by the OS online state', () => {
    expect(isLoopbackUrl('http://127.0.0.1:3100/')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:3100/')).toBe(true);
    expect(isLoopbackUrl('https://web.whatsapp.com/')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
    expect(judgedOnline(false, 'http://localhost:3100/')).toBeNull();
    expect(judgedOnline(false, 'https://web.whatsapp.com/')).toBe(false);
  });
});

describe('diagnostics judgement', () => {
  const answer = { ok: true, status: 200, latencyMs: 30, error: null };
  const facts: DiagnosticFacts = {
    whatsappUrl: 'https://web.whatsapp.com/',
    independentUrl: 'https://www.msftconnecttest.com/connecttest.txt',
    whatsapp: answer,
    independent: answer,
    slowResponseMs: 3_000,
    dns: { ok: true, detail: 'web.whatsapp.com -> 157.240.0.53' },
    proxy: null,
    freeMb: 20_000,
    diskFloorMb: 500,
    dataDirWritable: null,
    memory: { state: 'ok', latestMb: 400, slopeMbPerHour: 2 },
    versions: { app: '1.0.0', browser: '150.0.0.0', electron: null, whatsapp: '2.3000.1' },
    minBrowserMajor: 120,
    browserRejectedAt: null,
    markersVersion: '2026.11.3',
    markerCheck: { build: '2.3000.1', at: 0, missing: [] },
    databaseProblems: null,
    lastBackupAt: Date.UTC(2026, 10, 30, 6),
    backupMaxAgeMs: 2 * 86_400_000,
    logs: { count: 3, largestBytes: 1_000_000 },
    now: Date.UTC(2026, 10, 30, 9),
  };

  it('passes every check on a sound seat', () => {
    const report = judgeDiagnostics(facts, 'desk-7');
    expect(report.overall).toBe('pass');
    expect(report.checks.map((check) => check.status)).toEqual(Array(12).fill('pass'));
  });

  it('fails WhatsApp reachability with who answered, and the disk below its floor', () => {
    const report = judgeDiagnostics(
      {
        ...facts,
        whatsapp: { ok: false, status: 302, latencyMs: 10, error: null, location: 'http://portal.example/', url: facts.whatsappUrl },
        freeMb: 100,
      },
      'desk-7',
    );
    expect(report.overall).toBe('fail');
    expect(report.checks.find((check) => check.id === 'whatsapp')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('sign-in'),
    });
    expect(report.checks.find((check) => check.id === 'disk')).toMatchObject({ status: 'fail', detail: '100 MB free, floor 500 MB' });
  });

  it('warns about a moved marker, an old browser fails', () => {
    const report = judgeDiagnostics(
      {
        ...facts,
        markerCheck: { build: '2.3000.2', at: 0, missing: ['messages.settled'] },
        versions: { ...facts.versions!, browser: '110.0.0.0' },
      },
      'desk-7',
    );
    expect(report.checks.find((check) => check.id === 'probe-pack')?.status).toBe('warn');
    expect(report.checks.find((check) => check.id === 'versions')?.status).toBe('fail');
  });

  it('disk and log verdicts, and a proxy shown without its credentials', () => {
    expect([diskStatus(null, 500), diskStatus(499, 500), diskStatus(999, 500), diskStatus(1_000, 500)]).toEqual([
      'warn',
      'fail',
      'warn',
      'pass',
    ]);
    expect(logsStatus({ count: 30, largestBytes: 0 })).toBe('warn');
    expect(proxyFromEnv({ HTTPS_PROXY: 'http://user:secret@proxy.corp:3128' })).toBe('HTTPS_PROXY=http://proxy.corp:3128/');
    expect(proxyFromEnv({})).toBeNull();
  });
});

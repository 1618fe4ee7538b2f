import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import type { Verdict } from '../../main/core/health/detector.ts';
import { connectionChange, HealthMonitor } from '../../main/core/health/health-monitor.ts';
import type { HttpProbeResult } from '../../main/core/health/http-probe.ts';
import { loadMarkers } from '../../main/core/health/markers.ts';
import { idleBurst, nextRound, roundCameBackClean, startBurst } from '../../main/core/health/suspicion.ts';
import { FakeClock, FakeNetwork, FakeWhatsApp, memoryLogger, settle } from '../support/fake-kiosk.ts';

// The shipped defaults throughout: the point is what a real seat gets.
const settings = defaultSettings();
const health = { ...settings.health, independentProbeUrl: 'https://independent.test/' };
const socketStates = loadMarkers(new URL('../../resources/probe/markers.json', import.meta.url).pathname).socketState;
const refused: HttpProbeResult = { ok: false, status: null, latencyMs: null, error: 'refused' };
const outage: HttpProbeResult = { ok: false, status: 503, latencyMs: 30, error: 'http-5xx' };

function monitor() {
  const clock = new FakeClock();
  const { log, lines } = memoryLogger();
  const network = new FakeNetwork();
  const page = new FakeWhatsApp();
  const verdicts: Verdict[] = [];
  const monitor = new HealthMonitor(
    {
      settings: { ...settings, health },
      socketStates,
      clock,
      log,
      system: { isOnline: () => null, onWake: () => undefined, onNetworkChange: () => undefined },
      memoryUsageMb: async () => 100,
      loginMemory: { get: () => true, set: () => undefined },
      probe: network.probe,
      requestProbe: () => page.requestProbe(),
    },
    { verdict: (verdict) => void verdicts.push(verdict), facts: () => undefined },
  );
  page.onEvent((event) => monitor.onSurfaceEvent(event));
  page.beat(clock, health.probeIntervalMs);
  monitor.start();
  /** The probe reports at once, as the in-page probe does on a change; what that starts runs as it would in real time. */
  const report = () => {
    page.report();
    return settle();
  };
  return { clock, lines, network, page, monitor, verdicts, report };
}

/** Lets the first background round and a few beats pass on a healthy seat. */
async function settledSeat() {
  const m = monitor();
  await m.clock.advance(5_000);
  expect(m.monitor.verdict.level).toBe('healthy');
  return { ...m, backgroundRounds: m.network.rounds };
}

describe('the confirmation burst (pure)', () => {
  const cfg = { failuresToDown: 3, suspicionRoundsPerMinute: 5 };

  it('fires as many rounds as it takes to confirm a fault, then stops', () => {
    let state = startBurst(idleBurst, 0, cfg, false);
    const fired: boolean[] = [];
    for (let at = 0; at < 2_000; at += 300) {
      const step = nextRound(state, at, cfg);
      state = step.state;
      fired.push(step.fire);
    }
    expect(fired.filter(Boolean)).toHaveLength(3);
    expect(state.left).toBe(0);
  });

  it('within an episode that went down, one round: the detector needs no confirmation there', () => {
    expect(startBurst(idleBurst, 0, cfg, true).left).toBe(1);
  });

  it('does not start a second burst while one runs', () => {
    const running = startBurst(idleBurst, 0, cfg, false);
    expect(startBurst(running, 100, cfg, false)).toBe(running);
  });

  it('ends at the first clean round', () => {
    const { state } = nextRound(startBurst(idleBurst, 0, cfg, false), 0, cfg);
    const cleared = roundCameBackClean(state);
    expect(nextRound(cleared, 300, cfg).fire).toBe(false);
  });

  it('never fires more rounds a minute than its budget; past it, the burst waits for room instead of ending', () => {
    let state = idleBurst;
    let fired = 0;
    let waitMs = 0;
    for (let at = 0; at < 60_000; at += 100) {
      state = startBurst(state, at, cfg, false);
      const step = nextRound(state, at, cfg);
      state = step.state;
      if (step.fire) fired += 1;
      waitMs = step.waitMs;
    }
    expect(fired).toBe(cfg.suspicionRoundsPerMinute);
    // The first round (at 0) leaves the window at 60 s: the waiting burst may fire then, not before.
    expect(state.left).toBeGreaterThan(0);
    expect(waitMs).toBe(100);
    expect(nextRound(state, 59_999, cfg).fire).toBe(false);
    expect(nextRound(state, 60_000, cfg).fire).toBe(true);
  });

  it('a budget of 0 turns bursts off', () => {
    expect(startBurst(idleBurst, 0, { ...cfg, suspicionRoundsPerMinute: 0 }, false)).toBe(idleBurst);
  });
});

describe('what in a probe report is a suspicion', () => {
  const page = new FakeWhatsApp();
  const connected = page.facts();
  const { connected: names } = socketStates;

  it('the socket leaving CONNECTED or coming back, the banner, the page going offline or online', () => {
    expect(connectionChange(connected, { ...connected, socketState: 'TIMEOUT' }, names)).toBe('socket CONNECTED -> TIMEOUT');
    expect(connectionChange({ ...connected, socketState: 'OPENING' }, connected, names)).toBe('socket OPENING -> CONNECTED');
    expect(connectionChange(connected, { ...connected, connectionBanner: true }, names)).toBe('connection banner shown');
    expect(connectionChange(connected, { ...connected, online: false }, names)).toBe('page offline');
  });

  it('not the first report, an unreadable socket, or WhatsApp retrying between its connecting states (the QR loop)', () => {
    expect(connectionChange(null, connected, names)).toBeNull();
    expect(connectionChange(connected, { ...connected, socketState: null }, names)).toBeNull();
    const pairing = { ...connected, screen: 'pairing' as const, socketState: 'UNPAIRED' };
    expect(connectionChange(pairing, { ...pairing, socketState: 'OPENING' }, names)).toBeNull();
    expect(connectionChange({ ...pairing, socketState: 'OPENING' }, { ...pairing, socketState: 'TIMEOUT' }, names)).toBeNull();
  });
});

describe('the health monitor confirms a suspicion fast, with the shipped defaults', () => {
  it('a lost network: the socket drops, the burst confirms and codes it within about a second', async () => {
    const m = await settledSeat();
    m.network.whatsapp = refused;
    m.network.independent = refused;
    m.page.socketState = 'TIMEOUT';
    await m.report();
    await m.clock.advance(1_000);
    expect(m.monitor.verdict).toMatchObject({ level: 'down', fault: 'LOCAL_NETWORK_DOWN' });
    expect(m.network.rounds - m.backgroundRounds).toBe(health.failuresToDown);
    // The probe was asked for a report at once.
    expect(m.page.probeRequests).toBe(1);
    m.monitor.stop();
  });

  it('WhatsApp down for everyone: the independent address answers, the code is the outage', async () => {
    const m = await settledSeat();
    m.network.whatsapp = outage;
    m.page.socketState = 'TIMEOUT';
    await m.report();
    await m.clock.advance(1_000);
    expect(m.monitor.verdict).toMatchObject({ level: 'down', fault: 'SERVICE_OUTAGE' });
    m.monitor.stop();
  });

  it('a crash and a failed load are suspicions too', async () => {
    const m = await settledSeat();
    m.page.emit({ type: 'load-failed', description: 'net::ERR_CONNECTION_RESET', httpStatus: null });
    await m.clock.advance(100);
    expect(m.network.rounds - m.backgroundRounds).toBe(1);
    expect(m.lines.some((line) => line.msg === 'suspicion: confirming at once')).toBe(true);
    m.monitor.stop();
  });

  it('the OS saying the network changed goes through suspect()', async () => {
    const m = await settledSeat();
    m.network.whatsapp = refused;
    m.network.independent = refused;
    m.monitor.suspect('os-network');
    await m.clock.advance(1_000);
    expect(m.monitor.verdict).toMatchObject({ level: 'down', fault: 'LOCAL_NETWORK_DOWN' });
    m.monitor.stop();
  });

  it('a suspicion cleared: the network answers, one round and nothing reported', async () => {
    const m = await settledSeat();
    m.page.socketState = 'OPENING';
    await m.report();
    await m.clock.advance(1_000);
    expect(m.network.rounds - m.backgroundRounds).toBe(1);
    m.page.socketState = 'CONNECTED';
    await m.report();
    await m.clock.advance(1_000);
    expect(m.verdicts).toEqual([]);
    m.monitor.stop();
  });

  it('a single failed round never calls anything down: the next clean one ends the burst', async () => {
    const m = await settledSeat();
    m.network.whatsapp = refused;
    m.network.independent = refused;
    m.page.socketState = 'TIMEOUT';
    await m.report();
    // The network comes back before the burst's second round.
    await m.clock.advance(100);
    m.network.whatsapp = { ok: true, status: 200, latencyMs: 20, error: null };
    m.network.independent = { ok: true, status: 200, latencyMs: 20, error: null };
    await m.clock.advance(2_000);
    expect(m.verdicts.some((verdict) => verdict.level === 'down')).toBe(false);
    expect(m.network.rounds - m.backgroundRounds).toBe(2);
    m.monitor.stop();
  });

  it('a socket that flaps all minute long never makes the burst hammer the network', async () => {
    const m = await settledSeat();
    m.network.whatsapp = outage;
    for (let i = 0; i < 300; i++) {
      m.page.socketState = i % 2 === 0 ? 'TIMEOUT' : 'CONNECTED';
      await m.report();
      m.monitor.suspect('test storm');
      await m.clock.advance(200);
    }
    const extra = m.network.rounds - m.backgroundRounds;
    // 60 s: the budget, plus the background rounds of the minute (at most one per interval/4 under backoff).
    expect(extra).toBeLessThanOrEqual(health.suspicionRoundsPerMinute + 60_000 / (health.networkProbeIntervalMs / 4));
    expect(extra).toBeGreaterThanOrEqual(health.suspicionRoundsPerMinute);
    m.monitor.stop();
  });

  it('a suspicion past the budget is not dropped: the look comes once the budget has room', async () => {
    const m = await settledSeat();
    m.network.whatsapp = outage;
    for (let i = 0; i < health.suspicionRoundsPerMinute; i++) {
      m.monitor.suspect('storm');
      await m.clock.advance(1_000);
    }
    // Budget spent, WhatsApp still down in the detector's eyes; then WhatsApp comes back and the
    // page says so: that look must come within the minute, not at the backed-off background round.
    m.network.whatsapp = { ok: true, status: 200, latencyMs: 20, error: null };
    const before = m.network.rounds;
    m.monitor.suspect('socket back');
    await m.clock.advance(60_000);
    expect(m.network.rounds).toBeGreaterThan(before);
    expect(m.monitor.activeFaults).not.toContain('SERVICE_OUTAGE');
    m.monitor.stop();
  });
});

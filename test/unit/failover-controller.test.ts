import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import { initialFailoverState, stepFailover, type FailoverState, type ModeSwitch } from '../../main/core/failover/controller.ts';
import { initialDetectorState, reportToDetector, tickDetector, type DetectorState, type Verdict } from '../../main/core/health/detector.ts';
import type { FaultCode } from '../../main/core/health/faults.ts';
import type { Mode } from '../../main/core/ipc/contract.ts';
import { stepEpisode, type Episode } from '../../main/core/outage/episode.ts';

const settings = defaultSettings();
const cfg = settings.failover;

type Event =
  | { type: 'verdict'; verdict: Verdict }
  | { type: 'healing-gave-up' }
  | { type: 'agent-force'; mode: Mode | 'auto' }
  | { type: 'agent-typing' }
  | { type: 'tick' };

/**
 * The controller driven like the kiosk drives it: the episode moved by verdicts and give-ups,
 * then the controller asked to decide; a tick every second.
 */
function driver(start: { now(): number }) {
  let state: FailoverState = initialFailoverState(0);
  let episode: Episode | null = null;
  const switches: ModeSwitch[] = [];
  const send = (event: Event) => {
    const now = start.now();
    if (event.type === 'verdict') episode = stepEpisode(episode, event, now);
    if (event.type === 'healing-gave-up' && episode?.verdict.fault)
      episode = stepEpisode(episode, { type: 'gave-up', fault: episode.verdict.fault }, now);
    const result = stepFailover(
      state,
      event.type === 'agent-force' || event.type === 'agent-typing' ? event : { type: 'evaluate' },
      episode,
      now,
      cfg,
    );
    state = result.state;
    if (result.switched) {
      switches.push(result.switched);
      if (result.switched.to === 'failover') episode = stepEpisode(episode, { type: 'failed-over' }, now);
    }
  };
  return { send, switches, state: () => state };
}

function controller() {
  let now = 0;
  const drive = driver({ now: () => now });
  const api = {
    send(event: Event) {
      drive.send(event);
      return api;
    },
    verdict(level: Verdict['level'], fault: FaultCode | null = null) {
      return api.send({ type: 'verdict', verdict: { level, fault, since: now } });
    },
    wait(ms: number) {
      const end = now + ms;
      while (now < end) {
        now = Math.min(end, now + 1_000);
        api.send({ type: 'tick' });
      }
      return api;
    },
    get state() {
      return drive.state();
    },
    switches: drive.switches,
  };
  return api;
}

describe('failover controller: to failover', () => {
  it('gives healing the grace period, then fails over', () => {
    const c = controller()
      .verdict('down', 'UNRESPONSIVE')
      .wait(cfg.graceMs - 1_000);
    expect(c.state.mode).toBe('whatsapp');
    c.wait(1_000);
    expect(c.switches).toEqual([{ to: 'failover', reason: 'auto', fault: 'UNRESPONSIVE' }]);
    expect(c.state).toMatchObject({ mode: 'failover', modeReason: 'auto', forced: false, fault: 'UNRESPONSIVE' });
  });

  it('never fails over for a degraded WhatsApp, however long', () => {
    const c = controller()
      .verdict('degraded', 'SERVICE_OUTAGE')
      .wait(10 * cfg.graceMs);
    expect(c.switches).toEqual([]);
  });

  it('does not fail over when healing brings WhatsApp back within the grace period', () => {
    const c = controller()
      .verdict('down', 'RENDERER_CRASHED')
      .wait(cfg.graceMs / 2);
    c.verdict('degraded', 'RENDERER_CRASHED')
      .wait(2 * cfg.graceMs)
      .verdict('healthy');
    expect(c.switches).toEqual([]);
  });

  it('gives a fault that keeps coming back no fresh grace period', () => {
    const c = controller()
      .verdict('down', 'RENDERER_CRASHED')
      .wait(cfg.graceMs / 2)
      .verdict('degraded', 'RENDERER_CRASHED');
    c.wait(cfg.graceMs).verdict('down', 'RENDERER_CRASHED');
    expect(c.switches).toEqual([{ to: 'failover', reason: 'auto', fault: 'RENDERER_CRASHED' }]);
  });

  it('gives each outage of the connection its own grace period, however close together', () => {
    const c = controller();
    for (const fault of ['SERVICE_OUTAGE', 'CONNECTION_UNSTABLE', 'LOCAL_NETWORK_DOWN', 'SERVICE_OUTAGE'] as const) {
      c.verdict('down', fault)
        .wait(cfg.graceMs - 2_000)
        .verdict('degraded', 'CONNECTION_UNSTABLE')
        .wait(1_000);
    }
    expect(c.switches).toEqual([]);
    c.verdict('down', 'SERVICE_OUTAGE').wait(cfg.graceMs);
    expect(c.switches).toEqual([{ to: 'failover', reason: 'auto', fault: 'SERVICE_OUTAGE' }]);
  });

  it('fails over at once when healing gave up', () => {
    const c = controller().verdict('down', 'RENDERER_CRASHED').send({ type: 'healing-gave-up' });
    expect(c.switches).toEqual([{ to: 'failover', reason: 'auto', fault: 'RENDERER_CRASHED' }]);
  });

  it('fails over at once for a fault only the agent can fix', () => {
    for (const fault of ['SESSION_LOGGED_OUT', 'QR_UNAVAILABLE'] as const) {
      expect(controller().verdict('down', fault).switches).toEqual([{ to: 'failover', reason: 'auto', fault }]);
    }
  });

  it('gives a network fault the grace period, though no healing applies to it', () => {
    for (const fault of ['LOCAL_NETWORK_DOWN', 'SERVICE_OUTAGE'] as const) {
      const c = controller()
        .verdict('down', fault)
        .wait(cfg.graceMs - 1);
      expect(c.switches).toEqual([]);
      c.wait(1);
      expect(c.switches).toEqual([{ to: 'failover', reason: 'auto', fault }]);
    }
  });

  it('forgets a give-up once WhatsApp is no longer down', () => {
    const c = controller().verdict('down', 'UNRESPONSIVE').send({ type: 'agent-force', mode: 'whatsapp' });
    c.send({ type: 'healing-gave-up' }).verdict('healthy').send({ type: 'agent-force', mode: 'auto' });
    c.verdict('down', 'UNRESPONSIVE');
    expect(c.state.mode).toBe('whatsapp');
  });
});

describe('failover controller: back to WhatsApp', () => {
  function inFailover() {
    return controller().verdict('down', 'UNRESPONSIVE').send({ type: 'healing-gave-up' });
  }

  it('switches back once the verdict is healthy', () => {
    const c = inFailover().verdict('healthy');
    expect(c.switches.at(-1)).toEqual({ to: 'whatsapp', reason: 'auto', fault: 'UNRESPONSIVE' });
    expect(c.state).toMatchObject({ mode: 'whatsapp', fault: null });
  });

  it('stays in failover while WhatsApp is only degraded', () => {
    const c = inFailover().verdict('degraded', 'FILE_TRANSFER_FAILURE').wait(60_000);
    expect(c.state.mode).toBe('failover');
  });

  it('never switches back while the agent is typing in the failover pane', () => {
    const c = inFailover().send({ type: 'agent-typing' }).verdict('healthy');
    for (let i = 0; i < 10; i++) c.wait(cfg.typingHoldMs / 2).send({ type: 'agent-typing' });
    expect(c.state.mode).toBe('failover');
    c.wait(cfg.typingHoldMs);
    expect(c.state.mode).toBe('whatsapp');
    expect(c.switches.map((s) => s.to)).toEqual(['failover', 'whatsapp']);
  });
});

describe('failover controller: the agent decides', () => {
  it('holds a forced failover against a healthy WhatsApp until the agent chooses auto', () => {
    const c = controller().send({ type: 'agent-force', mode: 'failover' });
    expect(c.switches).toEqual([{ to: 'failover', reason: 'agent', fault: null }]);
    c.verdict('healthy').wait(10 * cfg.typingHoldMs);
    expect(c.state).toMatchObject({ mode: 'failover', forced: true, modeReason: 'agent' });
    c.send({ type: 'agent-force', mode: 'auto' });
    expect(c.state).toMatchObject({ mode: 'whatsapp', forced: false, modeReason: 'auto' });
  });

  it('holds a forced WhatsApp against an outage; auto then fails over at once', () => {
    const c = controller().send({ type: 'agent-force', mode: 'whatsapp' }).verdict('down', 'RENDERER_CRASHED');
    c.send({ type: 'healing-gave-up' }).wait(10 * cfg.graceMs);
    expect(c.state).toMatchObject({ mode: 'whatsapp', forced: true });
    c.send({ type: 'agent-force', mode: 'auto' });
    expect(c.state).toMatchObject({ mode: 'failover', forced: false, modeReason: 'auto', fault: 'RENDERER_CRASHED' });
  });

  it('pins the mode without a switch when the agent picks the mode already shown', () => {
    const c = controller().send({ type: 'agent-force', mode: 'whatsapp' });
    expect(c.switches).toEqual([]);
    expect(c.state).toMatchObject({ mode: 'whatsapp', forced: true, modeReason: 'agent' });
  });
});

/** The detector and the controller together, as the kiosk runs them, on default settings. */
function kiosk() {
  let detector: DetectorState = initialDetectorState(0);
  let now = 0;
  const drive = driver({ now: () => now });
  let downVerdicts = 0;
  const apply = (next: DetectorState) => {
    const changed = next.verdict !== detector.verdict;
    if (changed && next.verdict.level === 'down') downVerdicts += 1;
    detector = next;
    if (changed) drive.send({ type: 'verdict', verdict: detector.verdict });
  };
  const api = {
    /** The probe beating for `ms` with the same view, the kiosk ticking every second. */
    probe(ms: number, faults: FaultCode[], source: 'probe' | 'surface' | 'network' = 'probe') {
      const end = now + ms;
      while (now < end) {
        if (now % settings.health.probeIntervalMs === 0) apply(reportToDetector(detector, { source, at: now, faults }, settings.health));
        now += 1_000;
        apply(tickDetector(detector, now, settings.health));
        drive.send({ type: 'tick' });
      }
      return api;
    },
    get modes() {
      return ['whatsapp', ...drive.switches.map((s) => s.to)];
    },
    get downVerdicts() {
      return downVerdicts;
    },
  };
  return api;
}

describe('detector and failover controller together (default settings)', () => {
  it('keeps the agent on WhatsApp through short outages below the threshold, however often', () => {
    const k = kiosk();
    for (let i = 0; i < 50; i++) k.probe(2 * settings.health.probeIntervalMs, ['SERVICE_OUTAGE'], 'network').probe(6_000, [], 'network');
    expect(k.modes).toEqual(['whatsapp']);
  });

  it('keeps the agent on WhatsApp through outages called down, each shorter than the grace period, with no stable period between', () => {
    const k = kiosk();
    const outageMs = settings.failover.graceMs - 5_000;
    for (let i = 0; i < 20; i++) k.probe(outageMs, ['SERVICE_OUTAGE'], 'network').probe(settings.health.healthyStableMs / 3, [], 'network');
    expect(k.downVerdicts).toBeGreaterThanOrEqual(20);
    expect(k.modes).toEqual(['whatsapp']);
  });

  it('keeps the agent on WhatsApp when a crash is healed by the first reload', () => {
    const k = kiosk().probe(2_000, ['RENDERER_CRASHED'], 'surface').probe(120_000, [], 'surface');
    expect(k.modes).toEqual(['whatsapp']);
  });

  it('fails over once for an outage that comes and goes, and comes back once it is stable', () => {
    const k = kiosk().probe(30_000, ['SERVICE_OUTAGE'], 'network');
    for (let i = 0; i < 20; i++) k.probe(4_000, [], 'network').probe(2_000, ['SERVICE_OUTAGE'], 'network');
    expect(k.modes).toEqual(['whatsapp', 'failover']);
    k.probe(settings.health.healthyStableMs + 2_000, [], 'network');
    expect(k.modes).toEqual(['whatsapp', 'failover', 'whatsapp']);
  });

  it('fails over when the page keeps crashing after each repair', () => {
    const k = kiosk();
    for (let i = 0; i < 10; i++) k.probe(2_000, ['RENDERER_CRASHED'], 'surface').probe(6_000, [], 'surface');
    expect(k.modes).toEqual(['whatsapp', 'failover']);
  });
});

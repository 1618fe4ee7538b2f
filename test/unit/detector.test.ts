import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import {
  FAULT_PRIORITY,
  activeFaults,
  initialDetectorState,
  reportToDetector,
  tickDetector,
  type DetectorState,
} from '../../main/core/health/detector.ts';
import { FAULT_CODES, type FaultCode } from '../../main/core/health/faults.ts';
import type { SignalSource } from '../../main/core/health/signals.ts';

const cfg = defaultSettings().health;
const beat = cfg.probeIntervalMs;

/** A detector fed the way the health monitor feeds it, with a hand-moved clock. */
function detector() {
  let state: DetectorState = initialDetectorState(0);
  let now = 0;
  const levels: string[] = ['healthy'];
  const note = () => {
    if (levels.at(-1) !== state.verdict.level) levels.push(state.verdict.level);
  };
  const api = {
    report(source: SignalSource, faults: FaultCode[]) {
      state = reportToDetector(state, { source, at: now, faults }, cfg);
      note();
      return api;
    },
    wait(ms: number) {
      const end = now + ms;
      while (now < end) {
        now = Math.min(end, now + 1_000);
        state = tickDetector(state, now, cfg);
        note();
      }
      return api;
    },
    /** The probe beating `times` times with the same view. */
    beats(times: number, faults: FaultCode[], source: SignalSource = 'probe') {
      for (let i = 0; i < times; i++) api.report(source, faults).wait(beat);
      return api;
    },
    get verdict() {
      return state.verdict;
    },
    get state() {
      return state;
    },
    levels,
  };
  return api;
}

describe('detector: going down', () => {
  it('never goes down for a single blip, and comes back once stable', () => {
    const d = detector().beats(1, ['UNRESPONSIVE']).beats(40, []);
    expect(d.levels).toEqual(['healthy', 'degraded', 'healthy']);
  });

  it('does not go down on one report that is never contradicted', () => {
    const d = detector()
      .report('network', ['SERVICE_OUTAGE'])
      .wait(10 * 60_000);
    expect(d.verdict.level).toBe('degraded');
  });

  it('goes down after failuresToDown consecutive reports of one source', () => {
    const d = detector().beats(cfg.failuresToDown - 1, ['UNRESPONSIVE']);
    expect(d.verdict.level).toBe('degraded');
    d.report('probe', ['UNRESPONSIVE']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'UNRESPONSIVE' });
  });

  it('goes down when a slow source reports the same fault across failuresToDown probe intervals', () => {
    const d = detector()
      .report('network', ['SERVICE_OUTAGE'])
      .wait(cfg.failuresToDown * beat)
      .report('network', ['SERVICE_OUTAGE']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'SERVICE_OUTAGE' });
  });

  it('needs the reports in a row: a clean report in between starts over', () => {
    const d = detector();
    for (let i = 0; i < 20; i++) d.beats(cfg.failuresToDown - 1, ['SERVICE_OUTAGE'], 'network').beats(1, [], 'network');
    expect(d.levels).not.toContain('down');
  });

  it('counts each source on its own: failures spread over sources do not add up', () => {
    const d = detector();
    for (let i = 0; i < 10; i++) {
      d.report('probe', ['UNRESPONSIVE']).report('watchdog', []).wait(beat);
      d.report('probe', []).report('watchdog', ['UNRESPONSIVE']).wait(beat);
    }
    expect(d.levels).not.toContain('down');
  });

  it('goes down at once for faults that are certain', () => {
    for (const fault of [
      'RENDERER_CRASHED',
      'BROWSER_REJECTED',
      'SESSION_LOGGED_OUT',
      'ACCOUNT_BLOCKED',
      'WHATSAPP_OPEN_ELSEWHERE',
    ] as const) {
      expect(detector().report('surface', [fault]).verdict).toMatchObject({ level: 'down', fault });
    }
  });

  it('takes a network that intercepts WhatsApp as down only once confirmed, and as the cause of a blank page', () => {
    const d = detector().report('network', ['NETWORK_SIGN_IN_REQUIRED']);
    expect(d.verdict.level).toBe('degraded');
    d.beats(cfg.failuresToDown, ['NETWORK_SIGN_IN_REQUIRED'], 'network').report('probe', ['UNRESPONSIVE']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'NETWORK_SIGN_IN_REQUIRED' });
  });

  it('keeps a probe that cannot see at degraded, and below any real fault', () => {
    const d = detector().beats(300, ['PROBE_BLIND']);
    expect(d.levels).toEqual(['healthy', 'degraded']);
    expect(d.report('probe', ['PROBE_BLIND', 'FILE_TRANSFER_FAILURE']).verdict.fault).toBe('FILE_TRANSFER_FAILURE');
  });

  it('keeps warnings at degraded however long they last', () => {
    const d = detector()
      .beats(300, ['FILE_TRANSFER_FAILURE'])
      .beats(1, ['MEMORY_PRESSURE'], 'memory')
      .beats(300, ['FILE_TRANSFER_FAILURE']);
    expect(d.levels).toEqual(['healthy', 'degraded']);
  });

  it('takes a connection that stays unstable for long as down, but not a short wobble', () => {
    const wobble = detector().beats(cfg.failuresToDown * 2, ['CONNECTION_UNSTABLE']);
    expect(wobble.verdict.level).toBe('degraded');
    const lasting = detector().beats(Math.ceil(cfg.healthyStableMs / beat) + 1, ['CONNECTION_UNSTABLE']);
    expect(lasting.verdict).toMatchObject({ level: 'down', fault: 'CONNECTION_UNSTABLE' });
  });

  it('ignores a report older than the source’s last one', () => {
    let state = initialDetectorState(0);
    state = reportToDetector(state, { source: 'network', at: 10_000, faults: [] }, cfg);
    state = reportToDetector(state, { source: 'network', at: 5_000, faults: ['SERVICE_OUTAGE'] }, cfg);
    expect(state.verdict.level).toBe('healthy');
  });
});

describe('detector: coming back', () => {
  it('returns to healthy only after every source has been clean for the stable period', () => {
    const d = detector().report('surface', ['RENDERER_CRASHED']).report('surface', []).report('probe', ['UNRESPONSIVE']);
    d.wait(beat).report('probe', []);
    d.wait(cfg.healthyStableMs - 1_000);
    expect(d.verdict.level).toBe('degraded');
    d.wait(1_000);
    expect(d.verdict).toMatchObject({ level: 'healthy', fault: null });
  });

  it('starts the stable period over when a fault shows up inside it', () => {
    const d = detector().report('surface', ['RENDERER_CRASHED']).report('surface', []);
    d.wait(cfg.healthyStableMs - 2_000)
      .report('memory', ['MEMORY_PRESSURE'])
      .report('memory', []);
    d.wait(cfg.healthyStableMs - 1_000);
    expect(d.verdict.level).toBe('degraded');
    d.wait(1_000);
    expect(d.verdict.level).toBe('healthy');
  });

  it('is working but not yet trusted once the fault is gone: degraded, not down', () => {
    const d = detector().beats(cfg.failuresToDown, ['UNRESPONSIVE']).beats(1, []);
    expect(d.verdict).toMatchObject({ level: 'degraded', fault: 'UNRESPONSIVE' });
  });

  it('is down again at once when the trouble comes back before the stable period ends, and never healthy in between', () => {
    const d = detector().beats(cfg.failuresToDown, ['SERVICE_OUTAGE'], 'network').beats(3, [], 'network');
    d.report('network', ['SERVICE_OUTAGE']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'SERVICE_OUTAGE' });
    for (let i = 0; i < 30; i++) d.beats(1, ['SERVICE_OUTAGE'], 'network').beats(3, [], 'network');
    expect(d.levels.slice(1).every((level) => level !== 'healthy')).toBe(true);
    d.beats(Math.ceil(cfg.healthyStableMs / beat), [], 'network');
    expect(d.verdict.level).toBe('healthy');
  });

  it('lets a single blip after a recovered episode be a blip again', () => {
    const d = detector()
      .beats(cfg.failuresToDown, ['SERVICE_OUTAGE'], 'network')
      .beats(Math.ceil(cfg.healthyStableMs / beat) + 1, [], 'network');
    expect(d.verdict.level).toBe('healthy');
    d.report('network', ['SERVICE_OUTAGE']);
    expect(d.verdict.level).toBe('degraded');
  });

  it('steps down to degraded when only a warning is left', () => {
    const d = detector().report('surface', ['RENDERER_CRASHED']).report('memory', ['MEMORY_PRESSURE']).report('surface', []);
    expect(d.verdict).toMatchObject({ level: 'degraded', fault: 'MEMORY_PRESSURE' });
    d.wait(10 * cfg.healthyStableMs);
    expect(d.verdict).toMatchObject({ level: 'degraded', fault: 'MEMORY_PRESSURE' });
  });

  it('keeps the time the level began when the fault changes at the same level', () => {
    const d = detector().beats(cfg.failuresToDown, ['UNRESPONSIVE']);
    const since = d.verdict.since;
    d.report('surface', ['RENDERER_CRASHED']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'RENDERER_CRASHED', since });
  });
});

describe('detector: which fault', () => {
  it('has one priority order over every fault code', () => {
    expect([...FAULT_PRIORITY].sort()).toEqual([...FAULT_CODES].sort());
  });

  it('names the cause, not its symptoms', () => {
    const d = detector()
      .report('probe', ['CONNECTION_UNSTABLE', 'SEND_FAILURE'])
      .report('network', ['SERVICE_OUTAGE'])
      .report('memory', ['MEMORY_PRESSURE']);
    expect(activeFaults(d.state)).toEqual(['SERVICE_OUTAGE', 'CONNECTION_UNSTABLE', 'SEND_FAILURE', 'MEMORY_PRESSURE']);
    d.report('surface', ['LOCAL_NETWORK_DOWN']);
    expect(activeFaults(d.state)[0]).toBe('LOCAL_NETWORK_DOWN');
  });

  it('prefers a crash to whatever the dead probe said last', () => {
    const d = detector().beats(cfg.failuresToDown, ['CONNECTION_UNSTABLE', 'SEND_FAILURE', 'UNRESPONSIVE']);
    d.report('surface', ['RENDERER_CRASHED']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'RENDERER_CRASHED' });
  });

  it('names a confirmed fault rather than an unconfirmed hint while down', () => {
    const d = detector().beats(cfg.failuresToDown, ['UNRESPONSIVE']).report('network', ['LOCAL_NETWORK_DOWN']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'UNRESPONSIVE' });
    d.report('network', ['LOCAL_NETWORK_DOWN']).report('network', ['LOCAL_NETWORK_DOWN']);
    expect(d.verdict).toMatchObject({ level: 'down', fault: 'LOCAL_NETWORK_DOWN' });
  });
});

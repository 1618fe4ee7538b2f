import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import type { FaultCode } from '../../main/core/health/faults.ts';
import { stepEpisode, type Episode } from '../../main/core/outage/episode.ts';
import type { HealingRecord } from '../../main/core/recovery/ladder.ts';
import { planHealing, settleMs, type HealingInput } from '../../main/core/recovery/plan.ts';

const settings = defaultSettings();
const { recovery } = settings;

function downEpisode(fault: FaultCode, at: number): Episode {
  return stepEpisode(null, { type: 'verdict', verdict: { level: 'down', fault, since: at } }, at)!;
}

function plan(input: Partial<HealingInput> & Pick<HealingInput, 'episode' | 'fault' | 'now'>) {
  return planHealing({ networkLooksFine: false, history: [], inFlight: false, lastDoneAt: null, settings, ...input });
}

describe('planHealing: the reload once the network is back', () => {
  const start = 100_000;

  it('reloads when the probes reach WhatsApp itself again, and never while a portal or a proxy answers', () => {
    const blocked = downEpisode('NETWORK_SIGN_IN_REQUIRED', start);
    expect(plan({ episode: blocked, fault: 'NETWORK_SIGN_IN_REQUIRED', now: start + 1 })).toEqual({ kind: 'none' });
    const outage = downEpisode('SERVICE_OUTAGE', start);
    expect(plan({ episode: outage, fault: 'SERVICE_OUTAGE', now: start + 1, networkLooksFine: true })).toMatchObject({
      kind: 'heal',
      action: 'reload',
    });
  });

  it('counts against the rolling cap like every other action', () => {
    const busy: HealingRecord[] = [0, 1, 2].map((i) => ({ action: 'reload', at: start - 30_000 + i, fault: 'UNRESPONSIVE' }));
    const outage = downEpisode('LOCAL_NETWORK_DOWN', start);
    expect(plan({ episode: outage, fault: 'LOCAL_NETWORK_DOWN', now: start + 1, networkLooksFine: true, history: busy })).toEqual({
      kind: 'none',
    });
  });

  it('never reloads for a probe that cannot see', () => {
    const blind = downEpisode('PROBE_BLIND', start);
    expect(plan({ episode: blind, fault: 'PROBE_BLIND', now: start + 1, networkLooksFine: true })).toEqual({ kind: 'none' });
  });

  it('over a long outage whose "back" keeps flapping, reloads at most the capped number per window', () => {
    const history: HealingRecord[] = [];
    for (let now = 0; now < 10 * recovery.windowMs; now += 2_000) {
      // A fresh episode each time: the trouble returns every 2 s.
      const choice = plan({ episode: downEpisode('SERVICE_OUTAGE', now), fault: 'SERVICE_OUTAGE', now, networkLooksFine: true, history });
      if (choice.kind === 'heal') history.push({ action: choice.action, at: now, fault: choice.fault });
    }
    expect(history.length).toBeGreaterThan(recovery.maxActionsPerWindow);
    for (let from = 0; from < 10 * recovery.windowMs; from += 1_000) {
      expect(history.filter((r) => r.at >= from && r.at < from + recovery.windowMs).length).toBeLessThanOrEqual(
        recovery.maxActionsPerWindow,
      );
    }
  });
});

describe('planHealing: steps and give-ups', () => {
  const start = 0;

  it('takes the next step only once the previous one had its settle time after it finished', () => {
    const episode = downEpisode('UNRESPONSIVE', start);
    const history: HealingRecord[] = [{ action: 'reload', at: start, fault: 'UNRESPONSIVE' }];
    const settle = settleMs(settings.health);
    // The reload itself took 8 s: its settle time starts then.
    expect(plan({ episode, fault: 'UNRESPONSIVE', now: settle + 1, history, lastDoneAt: 8_000 })).toEqual({ kind: 'none' });
    expect(plan({ episode, fault: 'UNRESPONSIVE', now: 8_000 + settle, history, lastDoneAt: 8_000 })).toMatchObject({
      kind: 'heal',
      action: 'recreate-view',
    });
  });

  it('never starts a second action while one runs', () => {
    expect(plan({ episode: downEpisode('RENDERER_CRASHED', start), fault: 'RENDERER_CRASHED', now: 1, inFlight: true })).toEqual({
      kind: 'none',
    });
  });

  it('gives up once per fault and episode as news; in failover starts the ladder over after a window', () => {
    let episode = downEpisode('SESSION_LOGGED_OUT', start);
    const first = plan({ episode, fault: 'SESSION_LOGGED_OUT', now: 1 });
    expect(first).toMatchObject({ kind: 'give-up', reason: 'needs-agent', firstTime: true, restartLadder: false });
    episode = stepEpisode(episode, { type: 'gave-up', fault: 'SESSION_LOGGED_OUT' }, 1)!;
    expect(plan({ episode, fault: 'SESSION_LOGGED_OUT', now: recovery.windowMs - 1 })).toEqual({ kind: 'none' });
    expect(plan({ episode, fault: 'SESSION_LOGGED_OUT', now: recovery.windowMs + 2 })).toMatchObject({
      kind: 'give-up',
      firstTime: false,
      restartLadder: true,
    });
  });
});

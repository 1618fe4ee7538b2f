import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import type { FaultCode } from '../../main/core/health/faults.ts';
import { healingActionSchema } from '../../main/core/ipc/contract.ts';
import {
  LOGIN_STORAGE,
  STORAGE_CLEARED_BY,
  canHeal,
  chooseHealing,
  type HealingChoice,
  type HealingRecord,
} from '../../main/core/recovery/ladder.ts';

const cfg = defaultSettings().recovery;

/** Asks the ladder again and again within one episode, doing what it says, until it stops healing. */
function climb(fault: FaultCode, start = 0, history: HealingRecord[] = []): { steps: string[]; end: HealingChoice } {
  const steps: string[] = [];
  let now = start;
  for (;;) {
    const choice = chooseHealing(fault, history, start, now, cfg);
    if (choice.kind !== 'heal') return { steps, end: choice };
    steps.push(choice.action);
    history.push({ action: choice.action, at: now, fault });
    now += 1_000;
  }
}

describe('chooseHealing: ladders', () => {
  it('climbs each fault’s ladder, gentlest first, then gives up', () => {
    const exhausted = { kind: 'give-up', reason: 'ladder-exhausted' };
    expect(climb('BROWSER_REJECTED')).toEqual({
      steps: ['unregister-service-worker-and-reload', 'clear-http-cache-and-reload', 'recreate-view'],
      end: exhausted,
    });
    for (const fault of ['RENDERER_CRASHED', 'UNRESPONSIVE'] as const) {
      expect(climb(fault)).toEqual({ steps: ['reload', 'recreate-view'], end: exhausted });
    }
    for (const fault of ['SEND_FAILURE', 'CONNECTION_UNSTABLE'] as const) {
      expect(climb(fault)).toEqual({ steps: ['reload', 'clear-http-cache-and-reload'], end: exhausted });
    }
    expect(climb('MEMORY_PRESSURE')).toEqual({ steps: ['reload'], end: exhausted });
    expect(climb('FILE_TRANSFER_FAILURE')).toEqual({ steps: ['reload'], end: exhausted });
  });

  it('waits for the network instead of reloading a page that cannot load', () => {
    for (const fault of ['LOCAL_NETWORK_DOWN', 'SERVICE_OUTAGE', 'NETWORK_SIGN_IN_REQUIRED', 'NETWORK_BLOCKED'] as const) {
      expect(climb(fault)).toEqual({ steps: [], end: { kind: 'wait', reason: 'network' } });
      expect(canHeal(fault)).toBe(false);
    }
  });

  it('hands a missing QR or a logout to the agent at once, never touching the pairing', () => {
    for (const fault of ['QR_UNAVAILABLE', 'SESSION_LOGGED_OUT', 'WHATSAPP_OPEN_ELSEWHERE', 'ACCOUNT_BLOCKED'] as const) {
      expect(climb(fault)).toEqual({ steps: [], end: { kind: 'give-up', reason: 'needs-agent' } });
      expect(canHeal(fault)).toBe(false);
    }
  });

  it('starts a new episode at the bottom of the ladder', () => {
    const history: HealingRecord[] = [
      { action: 'reload', at: 0, fault: 'RENDERER_CRASHED' },
      { action: 'recreate-view', at: 5_000, fault: 'RENDERER_CRASHED' },
    ];
    expect(chooseHealing('RENDERER_CRASHED', history, 0, 10_000, cfg)).toEqual({ kind: 'give-up', reason: 'ladder-exhausted' });
    expect(chooseHealing('RENDERER_CRASHED', history, 600_000, 600_000, cfg)).toEqual({ kind: 'heal', action: 'reload' });
  });

  it('climbs each fault’s own ladder within one episode', () => {
    const history: HealingRecord[] = [{ action: 'reload', at: 0, fault: 'SEND_FAILURE' }];
    expect(chooseHealing('UNRESPONSIVE', history, 0, 1_000, cfg)).toEqual({ kind: 'heal', action: 'reload' });
  });
});

describe('the probe that cannot see', () => {
  it('is nothing to heal in the page, and never a reason to give up on WhatsApp', () => {
    expect(climb('PROBE_BLIND')).toEqual({ steps: [], end: { kind: 'wait', reason: 'nothing-to-heal' } });
  });
});

describe('chooseHealing: rolling caps', () => {
  const reloads = (...at: number[]): HealingRecord[] =>
    at.map((time, i) => ({ action: 'reload', at: time, fault: (['SEND_FAILURE', 'UNRESPONSIVE', 'MEMORY_PRESSURE'] as const)[i % 3]! }));

  it('gives up on the 4th reload within a window, and allows it again once the window has passed', () => {
    const history = reloads(0, 10_000, 20_000);
    expect(chooseHealing('RENDERER_CRASHED', history, 30_000, 30_000, cfg)).toEqual({ kind: 'give-up', reason: 'too-many-actions' });
    expect(chooseHealing('RENDERER_CRASHED', history, 30_000, cfg.windowMs + 1, cfg)).toEqual({ kind: 'heal', action: 'reload' });
  });

  it('bounds all actions together too', () => {
    const history: HealingRecord[] = [
      ...reloads(0, 1_000),
      { action: 'unregister-service-worker-and-reload', at: 2_000, fault: 'BROWSER_REJECTED' },
      { action: 'clear-http-cache-and-reload', at: 3_000, fault: 'BROWSER_REJECTED' },
      { action: 'recreate-view', at: 4_000, fault: 'BROWSER_REJECTED' },
      { action: 'clear-http-cache-and-reload', at: 5_000, fault: 'CONNECTION_UNSTABLE' },
    ];
    expect(chooseHealing('UNRESPONSIVE', history, 6_000, 6_000, cfg)).toEqual({ kind: 'give-up', reason: 'too-many-actions' });
  });

  it('ends a crash loop in give-up, never in endless reloading', () => {
    const history: HealingRecord[] = [];
    let gaveUp = false;
    // The page crashes two seconds after every repair; each crash is a fresh episode.
    for (let now = 0; now < 10 * cfg.windowMs && !gaveUp; now += 2_000) {
      const choice = chooseHealing('RENDERER_CRASHED', history, now, now, cfg);
      if (choice.kind === 'heal') history.push({ action: choice.action, at: now, fault: 'RENDERER_CRASHED' });
      else gaveUp = true;
    }
    expect(gaveUp).toBe(true);
    expect(history.length).toBeLessThanOrEqual(cfg.maxActionsPerWindow);
  });
});

describe('healing never logs the agent out', () => {
  it('no action clears cookies, IndexedDB, localStorage or the service worker’s storage', () => {
    for (const action of healingActionSchema.options) {
      expect(STORAGE_CLEARED_BY[action].filter((data) => LOGIN_STORAGE.includes(data))).toEqual([]);
    }
  });
});

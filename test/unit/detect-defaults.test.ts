import { afterEach, describe, expect, it } from 'vitest';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import { defaultSettings } from '../../main/core/config/schema.ts';
import { classifyProbe, initialProbeClassifierState, type ProbeClassifierState } from '../../main/core/health/classify-probe.ts';
import { loadMarkers } from '../../main/core/health/markers.ts';
import type { ProbeFacts } from '../../main/core/health/probe-facts.ts';
import { FakeWhatsApp, settle, startFakeKiosk, type FakeKiosk } from '../support/fake-kiosk.ts';

/**
 * The quiet counterparts of the fault scenarios, with the shipped defaults: nothing wrong, so
 * nothing reported, no healing, no failover. The real core and a real SQLite file on fake ports.
 */
const defaults = defaultSettings().health;
let k: FakeKiosk | undefined;

afterEach(async () => {
  await k?.kiosk.stop();
  k?.db.close();
  k = undefined;
});

/** Every status the kiosk published, and whether any of them said something was wrong. */
function complaints(kiosk: FakeKiosk): KioskStatus[] {
  return kiosk.ui.sent.filter((status) => status.health.level !== 'healthy' || status.mode !== 'whatsapp');
}

/** Advances in steps, calling `each` between them (the page changing as time goes by). */
async function during(kiosk: FakeKiosk, ms: number, stepMs: number, each: (elapsed: number) => void): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    each(elapsed);
    await kiosk.clock.advance(stepMs);
  }
}

describe('nothing wrong, nothing reported (shipped defaults, fake clock)', () => {
  it('a fresh seat waits at the QR for minutes while WhatsApp reconnects its pairing socket: no fault, no reload until the QR loop gives up', async () => {
    k = await startFakeKiosk();
    const page = k.page;
    page.screen = 'pairing';
    page.socketState = 'OPENING';
    page.qr = { present: true, refreshes: 0, reloadButton: false };
    // WhatsApp's QR loop: a new code every 20 s, its socket between connecting states, five codes.
    await during(k, 5 * 20_000, 1_000, (elapsed) => {
      page.qr = { ...page.qr, refreshes: Math.floor(elapsed / 20_000) };
      page.socketState = Math.floor(elapsed / 3_000) % 2 === 0 ? 'OPENING' : 'TIMEOUT';
    });
    expect(complaints(k)).toEqual([]);
    expect(k.page.actions).toEqual(['load']);
    // The loop gives up: WhatsApp says so, and only now it is a fault (the agent is guided).
    page.socketState = 'UNPAIRED_IDLE';
    page.qr = { present: false, refreshes: 5, reloadButton: true };
    await k.clock.advance(defaults.probeIntervalMs * 2);
    expect(k.status().health).toMatchObject({ level: 'down', fault: 'QR_UNAVAILABLE' });
    expect(k.page.actions).toEqual(['load']);
  });

  it('a healthy logged-in seat over an hour, with the blips of a real day, is never called down', async () => {
    k = await startFakeKiosk();
    const { page, network } = k;
    const fine = { ...network.whatsapp };
    // One network round's answer, then the normal one again.
    let oddRound: { answer: typeof fine; after: number } | null = null;
    await during(k, 3_600_000, 1_000, (elapsed) => {
      // A probe that times out once, WhatsApp answering slowly once, a socket that reconnects in a
      // second, the page offline for a second: each alone, each over before it could matter.
      if (elapsed === 600_000) oddRound = { answer: { ok: false, status: null, latencyMs: null, error: 'timeout' }, after: network.rounds };
      if (elapsed === 1_800_000) oddRound = { answer: { ...fine, latencyMs: 4_000 }, after: network.rounds };
      if (oddRound !== null && network.rounds > oddRound.after) oddRound = null;
      network.whatsapp = oddRound?.answer ?? fine;
      const reconnecting = elapsed % 600_000 === 300_000;
      const offline = elapsed % 900_000 === 450_000;
      const socket = reconnecting ? 'OPENING' : 'CONNECTED';
      if (socket !== page.socketState || page.online === offline) {
        page.socketState = socket;
        page.online = !offline;
        page.report();
      }
    });
    // The blips were seen (and told), but none of them was called down.
    expect(k.ui.sent.some((status) => status.health.level === 'degraded')).toBe(true);
    expect(k.ui.sent.filter((status) => status.health.level === 'down')).toEqual([]);
    expect(k.ui.sent.filter((status) => status.mode === 'failover')).toEqual([]);
    expect(k.page.actions).toEqual(['load']);
  }, 60_000); // An hour of fake time is many thousand probe beats: seconds of real CPU on a busy machine.

  it("a newly linked large account's slow first sync is not a fault", async () => {
    k = await startFakeKiosk();
    const page = k.page;
    page.screen = 'pairing';
    page.socketState = 'UNPAIRED';
    page.qr = { present: true, refreshes: 0, reloadButton: false };
    await k.clock.advance(30_000);
    // Scanned: WhatsApp downloads the account's history behind its loading screen for minutes.
    page.screen = 'loading';
    page.socketState = 'OPENING';
    page.report();
    await settle();
    await k.clock.advance(4 * 60_000);
    page.screen = 'chats';
    page.socketState = 'CONNECTED';
    page.report();
    await k.clock.advance(10_000);
    expect(complaints(k)).toEqual([]);
    expect(k.page.actions).toEqual(['load']);
    expect(k.status().whatsapp.screen).toBe('chats');
  });
});

describe('the probe classifier, with the shipped defaults', () => {
  const { socketState } = loadMarkers(new URL('../../resources/probe/markers.json', import.meta.url).pathname);
  const facts = new FakeWhatsApp().facts();
  /** The faults of `seen` held for `ms`, reported every probe interval. */
  function heldFor(seen: Partial<ProbeFacts>, ms: number, wasLoggedIn: boolean, from: ProbeClassifierState = initialProbeClassifierState) {
    let state = from;
    let faults: string[] = [];
    for (let at = 0; at <= ms; at += defaults.probeIntervalMs) {
      ({ state, faults } = classifyProbe(state, { ...facts, ...seen }, at, defaults, { wasLoggedIn }, socketState));
    }
    return { state, faults };
  }

  it('a connecting socket on the pairing screen is the QR loop waiting, for any profile; on the chat screen it is a fault', () => {
    const pairing = { screen: 'pairing' as const, socketState: 'OPENING', qr: { present: true, refreshes: 2, reloadButton: false } };
    expect(heldFor(pairing, 120_000, false).faults).toEqual([]);
    expect(heldFor({ socketState: 'OPENING' }, 10_000, true).faults).toEqual(['CONNECTION_UNSTABLE']);
  });

  it('a loading screen after pairing has the first-sync allowance; a logged-in profile stuck loading does not', () => {
    const paired = heldFor(
      { screen: 'pairing', socketState: 'UNPAIRED', qr: { present: true, refreshes: 0, reloadButton: false } },
      10_000,
      false,
    );
    const loading = { screen: 'loading' as const, socketState: 'OPENING' };
    expect(heldFor(loading, defaults.firstSyncTimeoutMs - defaults.probeIntervalMs, false, paired.state).faults).toEqual([]);
    expect(heldFor(loading, defaults.firstSyncTimeoutMs, false, paired.state).faults).toEqual(['UNRESPONSIVE']);
    expect(heldFor(loading, defaults.loadingTimeoutMs, true).faults).toContain('UNRESPONSIVE');
  });
});

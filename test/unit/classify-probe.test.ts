import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import {
  blindness,
  classifyProbe,
  initialProbeClassifierState,
  pendingMessages,
  type ProbeClassifierState,
} from '../../main/core/health/classify-probe.ts';
import { loadMarkers } from '../../main/core/health/markers.ts';
import type { ProbeFacts } from '../../main/core/health/probe-facts.ts';

const cfg = defaultSettings().health;
const { socketState } = loadMarkers(new URL('../../resources/probe/markers.json', import.meta.url).pathname);

function facts(change: Partial<ProbeFacts> = {}): ProbeFacts {
  return {
    v: 2,
    seq: 0,
    markersVersion: 'test',
    screen: 'chats',
    qr: { present: false, refreshes: 0, reloadButton: false },
    socketState: 'CONNECTED',
    streamState: 'CONNECTED',
    connectionBanner: false,
    messages: dom(0, 0),
    models: null,
    media: { failed: 0 },
    online: true,
    ...change,
  };
}

/** What the markup shows: pending messages, and (by default) as many outgoing ones, all with a status we know. */
function dom(pending: number, oldestPendingMs: number, seen: Partial<ProbeFacts['messages']> = {}): ProbeFacts['messages'] {
  return { pending, oldestPendingMs, outgoing: pending, withKnownStatus: pending, unknownStatusIcons: 0, ...seen };
}

const pairing = (qr: Partial<ProbeFacts['qr']>, socket: string | null = 'UNPAIRED') =>
  facts({ screen: 'pairing', socketState: socket, qr: { present: false, refreshes: 0, reloadButton: false, ...qr } });

/** Feeds the same facts at each time, carrying the classifier's state like the monitor does. */
function run(reports: ProbeFacts | ProbeFacts[], times: number[], wasLoggedIn = true) {
  let state: ProbeClassifierState = initialProbeClassifierState;
  let result = null as unknown as ReturnType<typeof classifyProbe>;
  times.forEach((now, i) => {
    const report = Array.isArray(reports) ? reports[i]! : reports;
    result = classifyProbe(state, report, now, cfg, { wasLoggedIn }, socketState);
    state = result.state;
  });
  return result;
}

describe('classifyProbe', () => {
  it('keeps counting a stuck message across a reload, when the probe starts counting again', () => {
    const pending = (oldestPendingMs: number) => facts({ messages: dom(1, oldestPendingMs) });
    const reloading = facts({ screen: 'loading', messages: dom(0, 0) });
    const timeline = [pending(0), pending(50_000), reloading, pending(0), pending(5_000)];
    expect(run(timeline, [0, 50_000, 51_000, 52_000, 57_000]).faults).toEqual([]);
    expect(run(timeline, [0, 50_000, 51_000, 52_000, 61_000]).faults).toEqual(['SEND_FAILURE']);
    // Delivered: the chat screen shows nothing pending, and the clock stops.
    const delivered = [...timeline.slice(0, 4), facts(), pending(0)];
    expect(run(delivered, [0, 50_000, 51_000, 52_000, 53_000, 70_000]).faults).toEqual([]);
  });

  it('reports each drop of a flapping socket at once, nothing between drops, and forgets old drops', () => {
    const up = facts({ socketState: 'CONNECTED' });
    const down = facts({ socketState: 'OPENING' });
    const flap = [up, down, up, down, up, down, up];
    const times = [0, 1_000, 2_000, 10_000, 11_000, 20_000, 21_000];
    expect(run(flap.slice(0, 6), times.slice(0, 6)).faults).toEqual(['CONNECTION_UNSTABLE']);
    // Connected again: the link works, and an unbroken fault is what it takes to fail over.
    expect(run(flap, times).faults).toEqual([]);
    // Two drops a minute is WhatsApp reconnecting, not a fault.
    expect(run(flap.slice(0, 4), times.slice(0, 4)).faults).toEqual([]);
    // Drops older than a minute no longer count.
    expect(run(flap.slice(0, 6), [0, 1_000, 2_000, 10_000, 11_000, 80_000]).faults).toEqual([]);
  });

  it('finds nothing wrong with a connected chat list', () => {
    expect(run(facts(), [0]).faults).toEqual([]);
  });

  it('treats a pairing screen with a QR as the agent’s turn to scan on a profile that never logged in', () => {
    expect(run(pairing({ present: true, refreshes: 7 }), [0, 60_000, 600_000], false).faults).toEqual([]);
  });

  it('calls a pairing screen on a profile that was logged in a logout', () => {
    expect(run(pairing({ present: true }), [0], true).faults).toEqual(['SESSION_LOGGED_OUT']);
  });

  it('calls a logged-out socket a logout even before the pairing screen shows, but only for a profile that was logged in', () => {
    expect(run(facts({ screen: 'loading', socketState: 'UNPAIRED' }), [0], true).faults).toEqual(['SESSION_LOGGED_OUT']);
    expect(run(facts({ screen: 'loading', socketState: 'UNPAIRED' }), [0], false).faults).toEqual([]);
  });

  it('does not take the reader’s last word from the pairing screen for a logout once the chat list shows', () => {
    // Right after a scan: the chat list is drawn, the reader (its own beat) still says UNPAIRED.
    expect(run(facts({ screen: 'chats', socketState: 'UNPAIRED' }), [0], true).faults).toEqual([]);
  });

  it('reports a QR that never appears only after the QR timeout', () => {
    const noQr = pairing({ present: false });
    expect(run(noQr, [0, cfg.qrTimeoutMs - 1], false).faults).toEqual([]);
    expect(run(noQr, [0, cfg.qrTimeoutMs], false).faults).toEqual(['QR_UNAVAILABLE']);
  });

  it('restarts the QR clock when a QR shows in between', () => {
    const reports = [pairing({}), pairing({ present: true }), pairing({})];
    expect(run(reports, [0, cfg.qrTimeoutMs - 1, cfg.qrTimeoutMs + 1], false).faults).toEqual([]);
  });

  it('reports the QR reload button (WhatsApp’s refresh loop gave up) at once', () => {
    expect(run(pairing({ present: false, reloadButton: true }), [0], false).faults).toEqual(['QR_UNAVAILABLE']);
  });

  it('reports the browser-rejected page', () => {
    expect(run(facts({ screen: 'browser-rejected', socketState: null }), [0]).faults).toEqual(['BROWSER_REJECTED']);
  });

  it('lets WhatsApp reconnect briefly, but reports a socket that stays connecting', () => {
    const connecting = facts({ socketState: 'OPENING' });
    const patience = cfg.failuresToDown * cfg.probeIntervalMs;
    expect(run(connecting, [0, patience - 1]).faults).toEqual([]);
    expect(run(connecting, [0, patience]).faults).toEqual(['CONNECTION_UNSTABLE']);
    expect(run([connecting, facts(), connecting], [0, 1, patience]).faults).toEqual([]);
  });

  it('reports WhatsApp’s own connection banner at once', () => {
    expect(run(facts({ connectionBanner: true }), [0]).faults).toEqual(['CONNECTION_UNSTABLE']);
  });

  it('reports outgoing messages pending longer than the threshold', () => {
    const pending = (oldestPendingMs: number) => facts({ messages: dom(2, oldestPendingMs) });
    expect(run(pending(cfg.pendingMessageTimeoutMs), [0]).faults).toEqual([]);
    expect(run(pending(cfg.pendingMessageTimeoutMs + 1), [0]).faults).toEqual(['SEND_FAILURE']);
  });

  it('reports failed media transfers', () => {
    expect(run(facts({ media: { failed: 1 } }), [0]).faults).toEqual(['FILE_TRANSFER_FAILURE']);
  });

  it('reports the page being offline', () => {
    expect(run(facts({ online: false }), [0]).faults).toEqual(['LOCAL_NETWORK_DOWN']);
  });

  it('reports a page loading or blank for longer than the loading timeout', () => {
    for (const screen of ['loading', 'blank'] as const) {
      expect(run(facts({ screen }), [0, cfg.loadingTimeoutMs - 1]).faults).toEqual([]);
      expect(run(facts({ screen }), [0, cfg.loadingTimeoutMs]).faults).toEqual(['UNRESPONSIVE']);
    }
  });

  it('does not take an unknown screen (markers behind WhatsApp’s markup) for a fault', () => {
    expect(run(facts({ screen: 'unknown' }), [0, 3_600_000]).faults).toEqual([]);
  });

  it('reports every fault it sees at once, and a detail without message text', () => {
    const result = run(facts({ online: false, messages: dom(1, 90_000), media: { failed: 2 } }), [0]);
    expect(result.faults).toEqual(['SEND_FAILURE', 'FILE_TRANSFER_FAILURE', 'LOCAL_NETWORK_DOWN']);
    expect(result.detail).toBe('screen=chats socket=CONNECTED stream=CONNECTED pending=1(dom) oldest=90s media-failed=2 offline');
  });

  it('reads WhatsApp’s socket states that are not connection trouble as what they are', () => {
    expect(run(facts({ socketState: 'CONFLICT' }), [0]).faults).toEqual(['WHATSAPP_OPEN_ELSEWHERE']);
    for (const banned of ['TOS_BLOCK', 'SMB_TOS_BLOCK'])
      expect(run(facts({ socketState: banned }), [0]).faults).toEqual(['ACCOUNT_BLOCKED']);
    expect(run(facts({ socketState: 'DEPRECATED_VERSION' }), [0]).faults).toEqual(['BROWSER_REJECTED']);
    expect(run(facts({ socketState: 'PROXYBLOCK' }), [0]).faults).toEqual(['NETWORK_BLOCKED']);
    // Not yet launched is a start, not a fault.
    expect(run(facts({ screen: 'loading', socketState: 'UNLAUNCHED' }), [0, 1_000]).faults).toEqual([]);
  });

  it('takes UNPAIRED_IDLE for WhatsApp’s QR loop giving up, without any markup', () => {
    expect(run(pairing({ present: false }, 'UNPAIRED_IDLE'), [0], false).faults).toEqual(['QR_UNAVAILABLE']);
    // On a profile that was logged in it is a logout as well.
    expect(run(pairing({ present: false }, 'UNPAIRED_IDLE'), [0], true).faults).toEqual(['SESSION_LOGGED_OUT', 'QR_UNAVAILABLE']);
  });

  it('keeps the stream apart from the state: a stream name never reads as a connecting socket', () => {
    const patience = cfg.failuresToDown * cfg.probeIntervalMs;
    for (const stream of ['DISCONNECTED', 'SYNCING', 'RESUMING']) {
      expect(run(facts({ streamState: stream }), [0, patience * 10]).faults).toEqual([]);
    }
    // A state that is really connecting still is, and PAIRING (just scanned) no longer counts as one.
    expect(run(facts({ socketState: 'TIMEOUT' }), [0, patience]).faults).toEqual(['CONNECTION_UNSTABLE']);
    expect(run(facts({ socketState: 'PAIRING' }), [0, patience * 10], false).faults).toEqual([]);
  });

  it('reads pending messages from WhatsApp’s models first, from the markup only without them', () => {
    const stuck = cfg.pendingMessageTimeoutMs + 1;
    // The models say two are stuck while the markup (another chat open) shows none.
    const modelsStuck = facts({ models: { pending: { count: 2, oldestPendingMs: stuck }, version: '2.3000.1' } });
    expect(run(modelsStuck, [0]).faults).toEqual(['SEND_FAILURE']);
    expect(pendingMessages(modelsStuck)).toEqual({ count: 2, oldestPendingMs: stuck, source: 'model' });
    // The models say all went out: a stale clock in the markup does not count.
    const modelsClear = facts({ messages: dom(1, stuck), models: { pending: { count: 0, oldestPendingMs: 0 }, version: '2.3000.1' } });
    expect(run(modelsClear, [0]).faults).toEqual([]);
    // The models cannot be read this beat: the markup decides.
    const unreadable = facts({ messages: dom(1, stuck), models: { pending: null, version: '2.3000.1' } });
    expect(run(unreadable, [0]).faults).toEqual(['SEND_FAILURE']);
    expect(pendingMessages(unreadable).source).toBe('dom');
  });

  describe('canaries: the probe says when it cannot see', () => {
    const patience = cfg.failuresToDown * cfg.probeIntervalMs;

    it('outgoing messages without any status we know, and no models, is blindness once it lasts', () => {
      const blind = facts({ messages: dom(0, 0, { outgoing: 3, withKnownStatus: 0 }) });
      expect(blindness(blind)).toEqual(['status-markers']);
      expect(run(blind, [0, patience - 1]).faults).toEqual([]);
      expect(run(blind, [0, patience]).faults).toEqual(['PROBE_BLIND']);
      expect(run(blind, [0, patience]).detail).toContain('blind=status-markers');
      // One message we can read is enough; so are the models.
      expect(blindness(facts({ messages: dom(0, 0, { outgoing: 3, withKnownStatus: 1 }) }))).toEqual([]);
      expect(
        blindness(
          facts({
            messages: dom(0, 0, { outgoing: 3, withKnownStatus: 0 }),
            models: { pending: { count: 0, oldestPendingMs: 0 }, version: 'x' },
          }),
        ),
      ).toEqual([]);
    });

    it('an unknown status icon name is blindness even when others are known', () => {
      expect(blindness(facts({ messages: dom(0, 0, { outgoing: 2, withKnownStatus: 2, unknownStatusIcons: 1 }) }))).toEqual([
        'unknown-status-icons',
      ]);
    });

    it('an unreadable build is blindness only where the reader looks for it', () => {
      expect(blindness(facts({ models: { pending: null, version: null } }))).toEqual(['version']);
      expect(blindness(facts({ models: null }))).toEqual([]);
    });

    it('looks only at a logged-in chat screen, and clears as soon as the probe sees again', () => {
      expect(blindness(facts({ screen: 'loading', models: { pending: null, version: null } }))).toEqual([]);
      const blind = facts({ messages: dom(0, 0, { outgoing: 1, withKnownStatus: 0 }) });
      expect(run([blind, blind, facts()], [0, patience, patience + 1]).faults).toEqual([]);
    });
  });
});

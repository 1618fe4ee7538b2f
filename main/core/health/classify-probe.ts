import type { Settings } from '../config/schema.ts';
import type { FaultCode } from './faults.ts';
import type { ProbeFacts } from './probe-facts.ts';

/**
 * WhatsApp's own socket-state names, from the marker pack (markers.json `socketState`). Passed
 * in rather than imported so a WhatsApp change stays a data update.
 */
export interface SocketStates {
  connecting: readonly string[];
  loggedOut: readonly string[];
}

/** What this profile has shown before; the caller remembers it across restarts (a chat list seen once). */
export interface ProbeMemory {
  wasLoggedIn: boolean;
}

/** Since when a condition that only becomes a fault after a while has held; null: not now. */
export interface ProbeClassifierState {
  pairingWithoutQrSince: number | null;
  loadingSince: number | null;
  connectingSince: number | null;
  /**
   * Since when outgoing messages have been pending, kept here rather than trusted to the probe:
   * the probe starts counting again after every reload, and a reload must not look like a cure.
   */
  pendingSince: number | null;
  /** When the socket last dropped (went from connected to connecting), within FLAP_WINDOW_MS. */
  drops: number[];
}

/**
 * A socket that drops this often within the window is flapping: each drop heals itself in a
 * moment, too short for the connecting-for-long rule, but the agent's messages keep stalling.
 * Each further drop is then reported at once rather than after the usual patience; between drops
 * nothing is reported, so a flapping link keeps WhatsApp degraded (the agent is told) without ever
 * adding up to the unbroken outage that takes the seat to failover.
 */
const FLAP_WINDOW_MS = 60_000;
const FLAP_DROPS = 3;

export interface ProbeClassification {
  state: ProbeClassifierState;
  faults: FaultCode[];
  /** Plain, non-personal summary for the incident timeline. */
  detail: string;
}

export const initialProbeClassifierState: ProbeClassifierState = {
  pairingWithoutQrSince: null,
  loadingSince: null,
  connectingSince: null,
  pendingSince: null,
  drops: [],
};

/**
 * Turns one probe report into faults. Everything it reads is a marker, a count or WhatsApp's
 * socket state, never visible text, so the result is the same in every UI language.
 *
 * A pairing screen that shows a QR code is not a fault for a profile that never logged in: the
 * agent has to scan it. An `unknown` screen is not a fault either: it is what a marker pack
 * that fell behind WhatsApp's markup looks like, and that must not take WhatsApp away from
 * every seat at once; a page that is really stuck is caught by the watchdog, the shell's events
 * and the network probes.
 */
export function classifyProbe(
  state: ProbeClassifierState,
  facts: ProbeFacts,
  now: number,
  cfg: Settings['health'],
  memory: ProbeMemory,
  socketStates: SocketStates,
): ProbeClassification {
  const socket = facts.socketState;
  const pairing = facts.screen === 'pairing';
  const loading = facts.screen === 'loading' || facts.screen === 'blank';
  const connecting = socket !== null && socketStates.connecting.includes(socket);

  const next: ProbeClassifierState = {
    pairingWithoutQrSince: pairing && !facts.qr.present ? (state.pairingWithoutQrSince ?? now) : null,
    loadingSince: loading ? (state.loadingSince ?? now) : null,
    connectingSince: connecting ? (state.connectingSince ?? now) : null,
    // Only the chat screen can say "nothing pending"; while the page reloads, the clock runs on.
    pendingSince:
      facts.messages.pending > 0
        ? Math.min(state.pendingSince ?? now, now - facts.messages.oldestPendingMs)
        : facts.screen === 'chats'
          ? null
          : state.pendingSince,
    drops: [
      ...state.drops.filter((at) => now - at < FLAP_WINDOW_MS),
      ...(connecting && state.connectingSince === null && facts.screen === 'chats' ? [now] : []),
    ],
  };
  const heldFor = (since: number | null, ms: number): boolean => since !== null && now - since >= ms;

  const faults: FaultCode[] = [];
  if (facts.screen === 'browser-rejected') faults.push('BROWSER_REJECTED');
  // Only a profile that was logged in can be logged out; an unpaired socket on a fresh profile
  // is the normal first start.
  const loggedOutSocket = socket !== null && socketStates.loggedOut.includes(socket);
  if (memory.wasLoggedIn && (pairing || loggedOutSocket)) faults.push('SESSION_LOGGED_OUT');
  // The reload button means WhatsApp's own QR refresh loop gave up.
  if (pairing && (facts.qr.reloadButton || heldFor(next.pairingWithoutQrSince, cfg.qrTimeoutMs))) {
    faults.push('QR_UNAVAILABLE');
  }
  // WhatsApp reconnects briefly on its own; a connecting socket becomes a fault once it has
  // lasted as long as the detector would need to confirm any other fault. The banner is
  // WhatsApp itself saying it lost the connection, so it counts at once.
  const connectingPatienceMs = cfg.failuresToDown * cfg.probeIntervalMs;
  const flapping = connecting && next.drops.length >= FLAP_DROPS;
  if (facts.connectionBanner || flapping || heldFor(next.connectingSince, connectingPatienceMs)) {
    faults.push('CONNECTION_UNSTABLE');
  }
  if (facts.messages.pending > 0 && heldFor(next.pendingSince, cfg.pendingMessageTimeoutMs + 1)) faults.push('SEND_FAILURE');
  if (facts.media.failed > 0) faults.push('FILE_TRANSFER_FAILURE');
  if (!facts.online) faults.push('LOCAL_NETWORK_DOWN');
  if (heldFor(next.loadingSince, cfg.loadingTimeoutMs)) faults.push('UNRESPONSIVE');

  return {
    state: next,
    faults,
    detail: describeFacts(facts),
  };
}

function describeFacts(facts: ProbeFacts): string {
  const parts = [`screen=${facts.screen}`, `socket=${facts.socketState ?? 'unknown'}`];
  if (facts.screen === 'pairing') parts.push(`qr=${facts.qr.present ? 'shown' : 'absent'}${facts.qr.reloadButton ? '+reload' : ''}`);
  if (facts.connectionBanner) parts.push('banner');
  if (facts.messages.pending > 0) parts.push(`pending=${facts.messages.pending} oldest=${Math.round(facts.messages.oldestPendingMs / 1000)}s`);
  if (facts.media.failed > 0) parts.push(`media-failed=${facts.media.failed}`);
  if (!facts.online) parts.push('offline');
  return parts.join(' ');
}

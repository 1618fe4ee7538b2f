import type { Settings } from '../config/schema.ts';
import type { FaultCode } from './faults.ts';
import type { ProbeFacts } from './probe-facts.ts';

/**
 * WhatsApp's own socket-state names, from the marker pack (markers.json `socketState`). Passed
 * in rather than imported so a WhatsApp change stays a data update.
 */
export interface SocketStates {
  connected: readonly string[];
  connecting: readonly string[];
  loggedOut: readonly string[];
  qrGaveUp: readonly string[];
  conflict: readonly string[];
  accountBlocked: readonly string[];
  versionDeprecated: readonly string[];
  proxyBlocked: readonly string[];
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
  /** Since when the probe has been unable to see what it must (see blindness()). */
  blindSince: number | null;
  /** The pairing screen was shown: a load that follows is the first sync of a newly linked account. */
  sawPairing: boolean;
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
  blindSince: null,
  sawPairing: false,
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
  const socketIs = (names: readonly string[]): boolean => socket !== null && names.includes(socket);
  const pairing = facts.screen === 'pairing';
  const loading = facts.screen === 'loading' || facts.screen === 'blank';
  // On the pairing screen a (re)connecting socket is WhatsApp's QR loop waiting for a scan, and a
  // profile that was never logged in has no connection to lose: only the loop's own end
  // (UNPAIRED_IDLE, its reload button) and a QR that never shows are faults there.
  const connecting = socketIs(socketStates.connecting) && (facts.screen === 'chats' || (memory.wasLoggedIn && !pairing));
  const firstSync = !memory.wasLoggedIn && state.sawPairing;
  const pending = pendingMessages(facts);
  const blind = blindness(facts);

  const next: ProbeClassifierState = {
    pairingWithoutQrSince: pairing && !facts.qr.present ? (state.pairingWithoutQrSince ?? now) : null,
    loadingSince: loading ? (state.loadingSince ?? now) : null,
    connectingSince: connecting ? (state.connectingSince ?? now) : null,
    // Only the chat screen can say "nothing pending"; while the page reloads, the clock runs on.
    pendingSince:
      pending.count > 0
        ? Math.min(state.pendingSince ?? now, now - pending.oldestPendingMs)
        : facts.screen === 'chats'
          ? null
          : state.pendingSince,
    drops: [
      ...state.drops.filter((at) => now - at < FLAP_WINDOW_MS),
      ...(connecting && state.connectingSince === null && facts.screen === 'chats' ? [now] : []),
    ],
    blindSince: blind.length > 0 ? (state.blindSince ?? now) : null,
    sawPairing: state.sawPairing || pairing,
  };
  const heldFor = (since: number | null, ms: number): boolean => since !== null && now - since >= ms;
  // WhatsApp reconnects briefly on its own; a connecting socket becomes a fault once it has
  // lasted as long as the detector would need to confirm any other fault.
  const patienceMs = cfg.failuresToDown * cfg.probeIntervalMs;

  const faults: FaultCode[] = [];
  // A deprecated build is WhatsApp refusing this client: the same cure as a refused browser
  // (drop the service worker's cached build, fetch a new one).
  if (facts.screen === 'browser-rejected' || socketIs(socketStates.versionDeprecated)) faults.push('BROWSER_REJECTED');
  if (socketIs(socketStates.conflict)) faults.push('WHATSAPP_OPEN_ELSEWHERE');
  if (socketIs(socketStates.accountBlocked)) faults.push('ACCOUNT_BLOCKED');
  // WhatsApp itself says a proxy stands in its way: the same diagnosis as the network probes'.
  if (socketIs(socketStates.proxyBlocked)) faults.push('NETWORK_BLOCKED');
  // Only a profile that was logged in can be logged out; an unpaired socket on a fresh profile
  // is the normal first start. A chat list on screen says logged in whatever the socket said:
  // the reader runs on its own beat, so right after a scan its last word can still be UNPAIRED.
  const unpaired = socketIs(socketStates.loggedOut) || socketIs(socketStates.qrGaveUp);
  if (memory.wasLoggedIn && (pairing || (unpaired && facts.screen !== 'chats'))) faults.push('SESSION_LOGGED_OUT');
  // WhatsApp's own QR loop gave up: its socket says so (UNPAIRED_IDLE), its reload button shows.
  const qrGaveUp = socketIs(socketStates.qrGaveUp) || (pairing && facts.qr.reloadButton);
  if (qrGaveUp || (pairing && heldFor(next.pairingWithoutQrSince, cfg.qrTimeoutMs))) faults.push('QR_UNAVAILABLE');
  // The banner is WhatsApp itself saying it lost the connection, so it counts at once.
  const flapping = connecting && next.drops.length >= FLAP_DROPS;
  if (facts.connectionBanner || flapping || heldFor(next.connectingSince, patienceMs)) faults.push('CONNECTION_UNSTABLE');
  if (pending.count > 0 && heldFor(next.pendingSince, cfg.pendingMessageTimeoutMs + 1)) faults.push('SEND_FAILURE');
  if (facts.media.failed > 0) faults.push('FILE_TRANSFER_FAILURE');
  if (!facts.online) faults.push('LOCAL_NETWORK_DOWN');
  // The first sync of a newly linked account downloads its history behind the loading screen.
  if (heldFor(next.loadingSince, firstSync ? cfg.firstSyncTimeoutMs : cfg.loadingTimeoutMs)) faults.push('UNRESPONSIVE');
  // A moment of blindness is a message being drawn; lasting blindness is a marker pack behind WhatsApp.
  if (heldFor(next.blindSince, patienceMs)) faults.push('PROBE_BLIND');

  return {
    state: next,
    faults,
    detail: describeFacts(facts, pending, blind),
  };
}

/** Where the pending outgoing messages are read: WhatsApp's message models first, the markup otherwise. */
export function pendingMessages(facts: ProbeFacts): { count: number; oldestPendingMs: number; source: 'model' | 'dom' } {
  const model = facts.models?.pending;
  if (model) return { count: model.count, oldestPendingMs: model.oldestPendingMs, source: 'model' };
  return { count: facts.messages.pending, oldestPendingMs: facts.messages.oldestPendingMs, source: 'dom' };
}

export type Blindness = 'status-markers' | 'unknown-status-icons' | 'version';

/**
 * The canaries: what a logged-in page must show and the probe does not see. A marker pack that
 * fell behind WhatsApp reads as "nothing wrong"; these turn that silence into a warning.
 * - outgoing messages are on screen, none shows a status icon we know, and no model tells us;
 * - a status-like icon whose name we do not know;
 * - the build (Debug.VERSION) cannot be read although the reader looks for it.
 */
export function blindness(facts: ProbeFacts): Blindness[] {
  if (facts.screen !== 'chats') return [];
  const reasons: Blindness[] = [];
  const modelPending = facts.models?.pending ?? null;
  if (modelPending === null && facts.messages.outgoing > 0 && facts.messages.withKnownStatus === 0) reasons.push('status-markers');
  if (facts.messages.unknownStatusIcons > 0) reasons.push('unknown-status-icons');
  if (facts.models !== null && facts.models.version === null) reasons.push('version');
  return reasons;
}

function describeFacts(facts: ProbeFacts, pending: ReturnType<typeof pendingMessages>, blind: Blindness[]): string {
  const parts = [`screen=${facts.screen}`, `socket=${facts.socketState ?? 'unknown'}`, `stream=${facts.streamState ?? 'unknown'}`];
  if (facts.screen === 'pairing') parts.push(`qr=${facts.qr.present ? 'shown' : 'absent'}${facts.qr.reloadButton ? '+reload' : ''}`);
  if (facts.connectionBanner) parts.push('banner');
  if (pending.count > 0) parts.push(`pending=${pending.count}(${pending.source}) oldest=${Math.round(pending.oldestPendingMs / 1000)}s`);
  if (blind.length > 0) parts.push(`blind=${blind.join('+')}`);
  if (facts.media.failed > 0) parts.push(`media-failed=${facts.media.failed}`);
  if (!facts.online) parts.push('offline');
  return parts.join(' ');
}

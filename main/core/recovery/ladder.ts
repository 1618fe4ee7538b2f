import type { Settings } from '../config/schema.ts';
import type { FaultCode } from '../health/faults.ts';
import type { HealingAction } from '../ipc/contract.ts';

export interface HealingRecord {
  action: HealingAction;
  at: number;
  fault: FaultCode;
}

export type HealingChoice =
  | { kind: 'heal'; action: HealingAction }
  /**
   * Nothing in the page can help. `network`: the network probes will see the recovery (and only
   * then may the page be reloaded, see recovery/plan.ts). `nothing-to-heal`: a warning
   * about the kiosk itself (the probe cannot see), for IT, not for the page.
   */
  | { kind: 'wait'; reason: 'network' | 'nothing-to-heal' }
  | { kind: 'give-up'; reason: 'needs-agent' | 'ladder-exhausted' | 'too-many-actions' };

/** What a browser profile holds that an action could throw away. */
export type BrowserData =
  'http-cache' | 'service-worker-registrations' | 'cookies' | 'indexeddb' | 'local-storage' | 'service-worker-storage';

/** Where WhatsApp Web keeps the login: clearing any of it logs the agent out. */
export const LOGIN_STORAGE: readonly BrowserData[] = ['cookies', 'indexeddb', 'local-storage', 'service-worker-storage'];

/**
 * What each healing action throws away: only the HTTP cache and the service worker's
 * registration (its storage stays), never LOGIN_STORAGE, so healing never logs the agent out.
 */
export const STORAGE_CLEARED_BY: Readonly<Record<HealingAction, readonly BrowserData[]>> = {
  reload: [],
  'unregister-service-worker-and-reload': ['service-worker-registrations'],
  'clear-http-cache-and-reload': ['http-cache'],
  'recreate-view': [],
};

type Ladder = readonly HealingAction[] | 'wait' | 'needs-agent' | 'none';

/** Each fault's ladder, gentlest first; the next step only when the previous one did not help. */
export const LADDERS: Readonly<Record<FaultCode, Ladder>> = {
  BROWSER_REJECTED: ['unregister-service-worker-and-reload', 'clear-http-cache-and-reload', 'recreate-view'],
  RENDERER_CRASHED: ['reload', 'recreate-view'],
  UNRESPONSIVE: ['reload', 'recreate-view'],
  SEND_FAILURE: ['reload', 'clear-http-cache-and-reload'],
  CONNECTION_UNSTABLE: ['reload', 'clear-http-cache-and-reload'],
  MEMORY_PRESSURE: ['reload'],
  FILE_TRANSFER_FAILURE: ['reload'],
  LOCAL_NETWORK_DOWN: 'wait',
  SERVICE_OUTAGE: 'wait',
  // A reload would throw away a pairing attempt; the agent links with a phone number instead.
  QR_UNAVAILABLE: 'needs-agent',
  SESSION_LOGGED_OUT: 'needs-agent',
  // A reload here would take the session back from the other window, which would take it back
  // again: only a person (or IT's policy) decides where WhatsApp is used.
  WHATSAPP_OPEN_ELSEWHERE: 'needs-agent',
  // Nothing on this computer lifts a ban.
  ACCOUNT_BLOCKED: 'needs-agent',
  // A portal or a filter answers whatever the page asks; reloading only asks again.
  NETWORK_SIGN_IN_REQUIRED: 'wait',
  NETWORK_BLOCKED: 'wait',
  PROBE_BLIND: 'none',
};

/** Whether anything we can do in the page may fix this fault; if not, waiting out a grace period is pointless. */
export function canHeal(fault: FaultCode): boolean {
  return Array.isArray(LADDERS[fault]);
}

/** Only the agent can fix it (link the device again): no reason to wait out a grace period. */
export function needsAgent(fault: FaultCode): boolean {
  return LADDERS[fault] === 'needs-agent';
}

/**
 * The next healing step for a fault. `episodeStart` is when this episode began: its steps climb
 * the ladder. Across episodes, a rolling window caps each action and all actions together, so a
 * crash loop ends in failover instead of reloading forever.
 */
export function chooseHealing(
  fault: FaultCode,
  history: readonly HealingRecord[],
  episodeStart: number,
  now: number,
  cfg: Settings['recovery'],
): HealingChoice {
  const ladder = LADDERS[fault];
  if (ladder === 'wait') return { kind: 'wait', reason: 'network' };
  if (ladder === 'none') return { kind: 'wait', reason: 'nothing-to-heal' };
  if (ladder === 'needs-agent') return { kind: 'give-up', reason: 'needs-agent' };

  const step = history.filter((record) => record.fault === fault && record.at >= episodeStart).length;
  const action = ladder[step];
  if (action === undefined) return { kind: 'give-up', reason: 'ladder-exhausted' };

  if (capReached(action, history, now, cfg)) return { kind: 'give-up', reason: 'too-many-actions' };
  return { kind: 'heal', action };
}

/**
 * The rolling window's cap, for every action the kiosk takes on the page. All actions together
 * get twice one action's allowance: enough to climb the longest ladder and repeat a step, never
 * enough to keep a page that fails for any reason reloading.
 */
export function capReached(action: HealingAction, history: readonly HealingRecord[], now: number, cfg: Settings['recovery']): boolean {
  const recent = history.filter((record) => now - record.at < cfg.windowMs);
  const sameAction = recent.filter((record) => record.action === action).length;
  return sameAction >= cfg.maxActionsPerWindow || recent.length >= cfg.maxActionsPerWindow * 2;
}

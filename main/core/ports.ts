/**
 * The ports the core drives. Each shell (Electron, Chromium) implements them; the core never
 * knows which one it runs in.
 */
import type { EventMap, EventName } from './ipc/contract.ts';
import type { PurgePart } from './maintenance/purge.ts';
import type { ChatMarkers } from './offline-queue/chat-markers.ts';

/** Something that happened to the WhatsApp view, as the shell saw it. */
export type SurfaceEvent =
  /** A report from the in-page probe; raw, validated by the core. */
  | { type: 'probe'; facts: unknown }
  /** A batch of contacts from the in-page WhatsApp reader; raw, validated by the core. */
  | { type: 'contacts'; batch: unknown }
  | { type: 'crashed'; reason: string }
  | { type: 'unresponsive' }
  | { type: 'responsive' }
  | { type: 'load-failed'; description: string; httpStatus: number | null }
  | { type: 'loaded' };

/** The WhatsApp view: a WebContentsView in Electron, a page in the Chromium shell. */
export interface WhatsAppSurface {
  load(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Unregisters WhatsApp's service workers; cookies, IndexedDB and storage stay. */
  unregisterServiceWorkers(): Promise<void>;
  /** Clears the HTTP cache only; never storage that holds the login. */
  clearHttpCache(): Promise<void>;
  /** Writes what the profile holds in memory (DOM storage, cookies) to disk: done before a purge. */
  flushStorage(): Promise<void>;
  /**
   * Clears the given caches of WhatsApp's profile and returns those this shell could clear. Never
   * IndexedDB, Local Storage or cookies: they hold the WhatsApp login.
   */
  clearCaches(parts: readonly PurgePart[]): Promise<PurgePart[]>;
  /** IT's deep reset: every storage of WhatsApp's origins, login included (the agent must link again). */
  clearAllData(): Promise<void>;
  /** Throws the view away and makes a new one on the same persistent profile. */
  recreate(): Promise<void>;
  /** Asks the in-page probe for a report now rather than at its next beat (a suspicion); no-op without a page. */
  requestProbe(): Promise<void>;
  /** The view's JavaScript heap or process memory in MB, null when unknown. */
  memoryUsageMb(): Promise<number | null>;
  onEvent(listener: (event: SurfaceEvent) => void): void;
  /** Opens a chat by a `/send` link (the offline queue's replay); a later reload or recreate still loads the start page. */
  openChat(url: string): Promise<void>;
  /** A real Enter key press into the page: the replay's automatic send, where policy allows it. */
  pressEnter(): Promise<void>;
  /** Reads the open chat once in the probe's isolated world (preload/probe/chat-reader.ts); raw, validated by the core. */
  readOpenChat(markers: ChatMarkers): Promise<unknown>;
}

/** What fills the area below the status bar: WhatsApp, or our own page (failover pane, panels). */
export type ShownView = 'whatsapp' | 'kiosk';

/** Something that happened to our own page, as the shell saw it. */
export type UiEvent = { type: 'crashed'; reason: string } | { type: 'unresponsive' } | { type: 'closed' };

/** Our own pages (status bar, failover pane) and what the window shows below the status bar. */
export interface KioskUi {
  show(view: ShownView): Promise<void>;
  send<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Whether our page runs script within `timeoutMs`: a hung page does not. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Loads our page again, in a new renderer where the old one crashed, hung or was closed. */
  restore(): Promise<void>;
  onEvent(listener: (event: UiEvent) => void): void;
}

/** Facts about the machine the shell can observe. */
export interface SystemSignals {
  /** The OS's idea of being online; null where the runtime cannot tell. */
  isOnline(): boolean | null;
  /** Called after system resume or screen unlock: time to re-check everything at once. */
  onWake(listener: () => void): void;
  /** Called when the OS's online state (isOnline) changes, with the new one. */
  onNetworkChange(listener: (online: boolean | null) => void): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

import type { Channel, EventMap, EventName, RequestOf, ResponseMap } from '../main/core/ipc/contract.ts';

/**
 * What our own pages see as `window.kiosk`, the same in both shells: contextBridge in Electron,
 * an exposed binding in the Chromium shell. Never exposed to the WhatsApp page.
 */
export interface KioskApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseMap[C]>;
  /** Returns a function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /** Which shell carries the page, for display only. */
  readonly shell: 'electron' | 'chromium';
}

declare global {
  interface Window {
    kiosk: KioskApi;
  }
}

import type { KioskApi } from './kiosk-api.ts';
import type { IpcResult } from '../main/core/ipc/router.ts';

/**
 * Builds `window.kiosk` on top of a shell's raw transport: turns error results into rejections
 * and keeps the event listeners. Self-contained (no outside references) because the Chromium
 * shell injects its source text into our page.
 */
export function createKioskApi(
  shell: KioskApi['shell'],
  send: (channel: string, request: unknown) => Promise<IpcResult>,
  subscribe: (deliver: (event: string, payload: unknown) => void) => void,
): KioskApi {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  subscribe((event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload as never);
  });
  const api = {
    shell,
    async invoke(channel: string, request: unknown) {
      const result = await send(channel, request);
      if (!result.ok) throw new Error(result.error);
      return result.value;
    },
    on(event: string, listener: (payload: never) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  return Object.freeze(api) as unknown as KioskApi;
}

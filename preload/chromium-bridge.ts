import type { KioskApi } from './kiosk-api.ts';
import { createKioskApi } from './bridge.ts';

/**
 * Init script for our own page in the Chromium shell: the counterpart of the Electron preload.
 * `invokeBinding` is a Playwright binding exposed on this page only; `dispatchName` is how the
 * shell pushes events. Self-contained: the shell injects its source text, with `createKioskApi`'s
 * source as the first argument.
 */
export function installChromiumBridge(createApi: typeof createKioskApi, names: { invokeBinding: string; dispatchName: string }): void {
  const w = window as unknown as Record<string, unknown>;
  const invoke = w[names.invokeBinding] as Parameters<typeof createKioskApi>[1];
  const api: KioskApi = createApi(
    'chromium',
    (channel, request) => invoke(channel, request),
    (deliver) => {
      Object.defineProperty(window, names.dispatchName, { value: deliver });
    },
  );
  Object.defineProperty(window, 'kiosk', { value: api });
}

/** The init script's text. */
export function chromiumBridgeSource(names: { invokeBinding: string; dispatchName: string }): string {
  return `(${installChromiumBridge.toString()})(${createKioskApi.toString()}, ${JSON.stringify(names)});`;
}

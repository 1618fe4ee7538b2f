import type { Markers } from '../../main/core/health/markers.ts';
import type { ProbeFacts } from '../../main/core/health/probe-facts.ts';

/** The tag the main-world socket reader puts on its messages to the probe. */
export const SOCKET_MESSAGE_TAG = '__kioskSocketState';

/**
 * The probe: runs in an isolated world of the WhatsApp page, reads only DOM markers (never
 * visible text, so the UI language does not matter) and reports plain facts on every beat.
 *
 * It must stay self-contained, with no imports at run time and no outside references, because
 * the Chromium shell injects its source text (`runProbe.toString()`) into the page.
 */
export function runProbe(
  markers: Markers,
  report: (facts: ProbeFacts) => void,
  intervalMs: number,
  socketTag: string,
): void {
  const pendingSince = new Map<string, number>();
  let seq = 0;
  let lastQrPayload: string | null = null;
  let qrRefreshes = 0;
  let socketState: string | null = null;

  // The main-world reader posts WhatsApp's socket state; anything else on the channel, or
  // anything not from this window, is ignored.
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || !(socketTag in data)) return;
    const value = (data as Record<string, unknown>)[socketTag];
    socketState = typeof value === 'string' && value.length <= 40 ? value : null;
  });

  const has = (selector: string): boolean => document.querySelector(selector) !== null;

  function screen(): ProbeFacts['screen'] {
    if (!document.body) return 'loading';
    if (has(markers.screens.browserRejected)) return 'browser-rejected';
    if (has(markers.screens.chats)) return 'chats';
    if (has(markers.screens.pairing)) return 'pairing';
    if (has(markers.screens.loading)) return 'loading';
    const app = document.querySelector(markers.app);
    if (!app || app.childElementCount === 0) return 'blank';
    return 'unknown';
  }

  function qr(): ProbeFacts['qr'] {
    const container = document.querySelector(markers.qr.container);
    const payload = container?.getAttribute(markers.qr.payloadAttribute) || null;
    if (payload !== null && payload !== lastQrPayload) {
      if (lastQrPayload !== null) qrRefreshes += 1;
      lastQrPayload = payload;
    }
    return { present: has(markers.qr.code), refreshes: qrRefreshes, reloadButton: has(markers.qr.reloadButton) };
  }

  function messages(now: number): ProbeFacts['messages'] {
    const stillPending = new Set<string>();
    for (const message of document.querySelectorAll(markers.messages.outgoing)) {
      if (!message.querySelector(markers.messages.pending)) continue;
      const id = message.getAttribute(markers.messages.idAttribute) ?? `#${stillPending.size}`;
      stillPending.add(id);
      if (!pendingSince.has(id)) pendingSince.set(id, now);
    }
    const inOpenChat = stillPending.size;
    // Pending messages of chats that are not open show only as a clock in the chat list; the
    // open chat's row shows the same message again, so the count is the larger of the two views.
    const listIcons = document.querySelectorAll(markers.messages.chatListPending);
    listIcons.forEach((_icon, index) => {
      const id = `chat-list:${index}`;
      stillPending.add(id);
      if (!pendingSince.has(id)) pendingSince.set(id, now);
    });
    let oldest = now;
    for (const [id, since] of pendingSince) {
      if (!stillPending.has(id)) pendingSince.delete(id);
      else oldest = Math.min(oldest, since);
    }
    return { pending: Math.max(inOpenChat, listIcons.length), oldestPendingMs: now - oldest };
  }

  function beat(): void {
    const now = performance.now();
    try {
      report({
        v: 1,
        seq: seq++,
        markersVersion: markers.version,
        screen: screen(),
        qr: qr(),
        socketState,
        connectionBanner: has(markers.connectionBanner),
        messages: messages(now),
        media: { failed: document.querySelectorAll(markers.media.failed).length },
        online: navigator.onLine,
      });
    } catch {
      // A broken selector in a marker pack must not kill the heartbeat; the next beat retries
      // and a persistently silent probe is caught by the watchdog anyway.
    }
  }

  setInterval(beat, intervalMs);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', beat);
  else beat();
}

/**
 * Runs in WhatsApp's main world, where its module registry lives, and only forwards one string:
 * the socket state. Self-contained for the same reason as the probe.
 */
export function runSocketReader(moduleName: string, path: string[], intervalMs: number, socketTag: string): void {
  setInterval(() => {
    let value: unknown = null;
    try {
      const load = (window as unknown as { require?: (name: string) => unknown }).require;
      value = typeof load === 'function' ? load(moduleName) : null;
      for (const key of path) value = value == null ? null : (value as Record<string, unknown>)[key];
    } catch {
      value = null;
    }
    window.postMessage({ [socketTag]: typeof value === 'string' ? value : null }, '*');
  }, intervalMs);
}

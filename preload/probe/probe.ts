import type { Markers, ProbeFacts } from '../../main/core/ipc/probe-wire.ts';

/** The tag the main-world reader puts on its messages to the probe. */
export const SOCKET_MESSAGE_TAG = '__kioskSocketState';

/**
 * The probe: runs in an isolated world of the WhatsApp page, reads only DOM markers (never
 * visible text, so the UI language does not matter) and what the main-world reader forwards from
 * WhatsApp's own models, and reports plain facts on every beat. It also reports at once when the
 * connection changes (the socket leaves or regains CONNECTED, the connection banner comes or goes,
 * the page's offline/online events), and when the core asks: the function it returns.
 *
 * It must stay self-contained, with no imports at run time and no outside references, because
 * the Chromium shell injects its source text (`runProbe.toString()`) into the page.
 */
export function runProbe(markers: Markers, report: (facts: ProbeFacts) => void, intervalMs: number, socketTag: string): () => void {
  // Frames inside WhatsApp (previews, ads, a portal in an iframe) are not WhatsApp's state.
  if (window.top !== window) return () => undefined;
  const pendingSince = new Map<string, number>();
  let seq = 0;
  let lastQrPayload: string | null = null;
  let qrRefreshes = 0;
  let fromReader: { state: string | null; stream: string | null; models: ProbeFacts['models'] } = {
    state: null,
    stream: null,
    models: null,
  };

  const name40 = (value: unknown): string | null => (typeof value === 'string' && value.length <= 40 ? value : null);
  const count = (value: unknown): number | null =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1e6 ? value : null;

  // The main-world reader posts WhatsApp's socket and models; anything else on the channel, or
  // anything not from this window, is ignored, and what is read is checked (the page could post too).
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null || !(socketTag in data)) return;
    const value = (data as Record<string, unknown>)[socketTag];
    const read = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const models = typeof read.models === 'object' && read.models !== null ? (read.models as Record<string, unknown>) : null;
    const pending =
      models && typeof models.pending === 'object' && models.pending !== null ? (models.pending as Record<string, unknown>) : null;
    const pendingCount = count(pending?.count);
    const pendingAge = typeof pending?.oldestPendingMs === 'number' && pending.oldestPendingMs >= 0 ? pending.oldestPendingMs : null;
    const previousState = fromReader.state;
    fromReader = {
      state: name40(read.state),
      stream: name40(read.stream),
      models:
        models === null
          ? null
          : {
              pending: pendingCount !== null && pendingAge !== null ? { count: pendingCount, oldestPendingMs: pendingAge } : null,
              version: typeof models.version === 'string' && models.version.length <= 64 ? models.version : null,
            },
    };
    // WhatsApp retrying (between its connecting states) is no news; any other change is.
    const { connecting } = markers.socketState;
    const retrying = previousState !== null && connecting.includes(previousState) && connecting.includes(fromReader.state ?? '');
    if (fromReader.state !== previousState && !retrying) beat();
  });
  window.addEventListener('offline', () => beat());
  window.addEventListener('online', () => beat());

  const has = (selector: string): boolean => document.querySelector(selector) !== null;

  /** Page chrome only: a match inside the open chat or the chat list is what people wrote. */
  function chrome(selector: string): Element[] {
    return [...document.querySelectorAll(selector)].filter((element) => element.closest(markers.chatContent) === null);
  }

  /**
   * Shown to the agent: rendered, and not clipped away by a container (WhatsApp keeps its
   * banner's container in the page at zero height when there is nothing to say).
   */
  function visible(element: Element): boolean {
    const box = element.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) return false;
    const checked = (element as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
    if (checked && !checked.call(element, { visibilityProperty: true, opacityProperty: true })) return false;
    let left = box.left;
    let top = box.top;
    let right = box.right;
    let bottom = box.bottom;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = parent.getBoundingClientRect();
      left = Math.max(left, clip.left);
      top = Math.max(top, clip.top);
      right = Math.min(right, clip.right);
      bottom = Math.min(bottom, clip.bottom);
      if (right <= left || bottom <= top) return false;
    }
    return true;
  }

  function screen(): ProbeFacts['screen'] {
    if (!document.body) return 'loading';
    if (has(markers.screens.chats)) return 'chats';
    if (chrome(markers.screens.browserRejected).length > 0) return 'browser-rejected';
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

  /** An icon's name: its attribute, or the title of the SVG it is; never its (translated) label. */
  function iconNames(root: Element): string[] {
    const found: string[] = [];
    for (const icon of root.querySelectorAll(markers.messages.icon)) {
      const value = icon.getAttribute(markers.messages.iconAttribute) ?? (icon.tagName.toLowerCase() === 'title' ? icon.textContent : null);
      if (value) found.push(value.trim());
    }
    return found;
  }

  function messages(now: number): ProbeFacts['messages'] {
    const { pending, settled, statusPrefixes } = markers.messages;
    const stillPending = new Set<string>();
    let outgoing = 0;
    let withKnownStatus = 0;
    let unknownStatusIcons = 0;
    for (const message of document.querySelectorAll(markers.messages.outgoing)) {
      outgoing += 1;
      const names = iconNames(message);
      const isPending = names.some((name) => pending.includes(name));
      if (isPending || names.some((name) => settled.includes(name))) withKnownStatus += 1;
      unknownStatusIcons += names.filter(
        (name) => statusPrefixes.some((prefix) => name.startsWith(prefix)) && !pending.includes(name) && !settled.includes(name),
      ).length;
      if (!isPending) continue;
      const id = message.getAttribute(markers.messages.idAttribute) ?? `#${stillPending.size}`;
      stillPending.add(id);
      if (!pendingSince.has(id)) pendingSince.set(id, now);
    }
    const inOpenChat = stillPending.size;
    // Pending messages of chats that are not open show only as a clock in the chat list; the
    // open chat's row shows the same message again, so the count is the larger of the two views.
    let listed = 0;
    for (const row of document.querySelectorAll(markers.messages.chatListRow)) {
      if (!iconNames(row).some((name) => pending.includes(name))) continue;
      const id = `chat-list:${listed++}`;
      stillPending.add(id);
      if (!pendingSince.has(id)) pendingSince.set(id, now);
    }
    let oldest = now;
    for (const [id, since] of pendingSince) {
      if (!stillPending.has(id)) pendingSince.delete(id);
      else oldest = Math.min(oldest, since);
    }
    return { pending: Math.max(inOpenChat, listed), oldestPendingMs: now - oldest, outgoing, withKnownStatus, unknownStatusIcons };
  }

  /**
   * The banner is watched between beats only while WhatsApp is not known to be connected (its
   * socket unreadable or not CONNECTED): that is when it can appear, and a healthy seat's busy
   * DOM then costs no extra work. Mutations are looked at no more than every BANNER_CHECK_MS.
   */
  const BANNER_CHECK_MS = 250;
  let bannerShown = false;
  let bannerCheck: ReturnType<typeof setTimeout> | null = null;
  const bannerWatch = new MutationObserver(() => {
    bannerCheck ??= setTimeout(() => {
      bannerCheck = null;
      if (bannerVisible() !== bannerShown) beat();
    }, BANNER_CHECK_MS);
  });
  let watchingBanner = false;
  function watchBanner(): void {
    const wanted = fromReader.state === null || !markers.socketState.connected.includes(fromReader.state);
    if (wanted === watchingBanner || !document.documentElement) return;
    watchingBanner = wanted;
    if (wanted) bannerWatch.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
    else bannerWatch.disconnect();
  }
  function bannerVisible(): boolean {
    return chrome(markers.connectionBanner).some(visible);
  }

  function beat(): void {
    const now = performance.now();
    try {
      watchBanner();
      bannerShown = bannerVisible();
      report({
        v: 2,
        seq: seq++,
        markersVersion: markers.version,
        screen: screen(),
        qr: qr(),
        socketState: fromReader.state,
        streamState: fromReader.stream,
        connectionBanner: bannerShown,
        messages: messages(now),
        models: fromReader.models,
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
  return beat;
}

/**
 * Runs in WhatsApp's main world, where its module registry lives, and forwards only names and
 * counts: the socket state and, apart from it, the stream state; with `models` (the marker
 * pack's), also how many outgoing messages WhatsApp's own message models hold on the clock and
 * WhatsApp's build. Read only: it calls no WhatsApp function but the collection's list.
 * Self-contained for the same reason as the probe.
 */
/** The main-world reader's arguments, the same in both shells. */
export function socketReaderArgs(markers: Markers, intervalMs: number): Parameters<typeof runSocketReader> {
  return [
    markers.socketState.module,
    markers.socketState.path,
    intervalMs,
    SOCKET_MESSAGE_TAG,
    { streamPath: markers.socketState.streamPath, messages: markers.models.messages, version: markers.models.version },
  ];
}

export function runSocketReader(
  moduleName: string,
  path: string[],
  intervalMs: number,
  socketTag: string,
  models?: { streamPath: string[]; messages: Markers['models']['messages']; version: string[] },
): void {
  const walk = (start: unknown, keys: readonly string[]): unknown => {
    let value = start;
    for (const key of keys) value = value == null ? null : (value as Record<string, unknown>)[key];
    return value;
  };
  const load = (name: string): unknown => {
    const loader = (window as unknown as { require?: (name: string) => unknown }).require;
    return typeof loader === 'function' ? loader(name) : null;
  };
  const attempt = <T>(read: () => T): T | null => {
    try {
      return read();
    } catch {
      return null;
    }
  };
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

  function pending(spec: Markers['models']['messages']): { count: number; oldestPendingMs: number } | null {
    const collection = walk(load(spec.module), spec.path) as Record<string, unknown> | null;
    const list = collection?.[spec.list];
    if (typeof list !== 'function') return null;
    const all: unknown = list.call(collection);
    if (!Array.isArray(all)) return null;
    const nowSeconds = Date.now() / 1000;
    let count = 0;
    let oldest = nowSeconds;
    for (const model of all.slice(-spec.maxScanned)) {
      if (walk(model, spec.fromMe) !== true || (model as Record<string, unknown>)[spec.ack] !== spec.pendingAck) continue;
      count += 1;
      const t = (model as Record<string, unknown>)[spec.time];
      if (typeof t === 'number' && t > 0) oldest = Math.min(oldest, t);
    }
    return { count, oldestPendingMs: Math.max(0, (nowSeconds - oldest) * 1000) };
  }

  // The socket state alone is read often (one property) so that a drop is posted at once; the
  // whole read, models included, goes out on the probe's beat or with such a change.
  const WATCH_MS = 250;
  let lastState: string | null | undefined;
  let lastFull = 0;
  setInterval(
    () => {
      const socket = attempt(() => load(moduleName));
      const state = text(attempt(() => walk(socket, path)));
      const now = Date.now();
      if (state === lastState && now - lastFull < intervalMs) return;
      lastState = state;
      lastFull = now;
      const read: Record<string, unknown> = { state };
      if (models) {
        read.stream = text(attempt(() => walk(socket, models.streamPath)));
        read.models = { pending: attempt(() => pending(models.messages)), version: text(attempt(() => walk(window, models.version))) };
      }
      window.postMessage({ [socketTag]: read }, '*');
    },
    Math.min(intervalMs, WATCH_MS),
  );
}

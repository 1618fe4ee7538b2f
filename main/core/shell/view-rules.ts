import { STATUS_BAR_HEIGHT_PX } from '../ipc/layout.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the WhatsApp view goes in a window whose content area is `content`: right below our
 * status bar, over the rest. Never negative, whatever size the window was given (a minimized
 * window reports 0x0 on some platforms).
 */
export function whatsappViewBounds(content: { width: number; height: number }): Rect {
  const width = Math.max(0, Math.floor(content.width));
  const height = Math.max(0, Math.floor(content.height) - STATUS_BAR_HEIGHT_PX);
  return { x: 0, y: STATUS_BAR_HEIGHT_PX, width, height };
}

/**
 * Window events after which the content area may have another size. `resize` alone misses
 * maximize, fullscreen and kiosk changes on some platforms, and bounds set while the window was
 * hidden; the shell also lays out on its content view's own `bounds-changed` and whenever the
 * view is shown again.
 */
export const RELAYOUT_WINDOW_EVENTS = [
  'resize',
  'resized',
  'maximize',
  'unmaximize',
  'enter-full-screen',
  'leave-full-screen',
  'restore',
  'show',
] as const;

export interface WindowState {
  /** The kiosk wants WhatsApp in front (not the failover pane). */
  whatsappInFront: boolean;
  windowVisible: boolean;
  minimized: boolean;
}

export interface ViewVisibility {
  /** The view is drawn. */
  visible: boolean;
  /**
   * Whether the page may be backgrounded. Only a page that may be backgrounded reports itself
   * hidden (Page Visibility API): with throttling off Chromium keeps it `visible`, and WhatsApp
   * would mark the open chat as read while the failover pane covers it. Its timers keep their
   * beat through the shell's background switches (BACKGROUND_KEEPALIVE_SWITCHES), not by
   * pretending to be seen.
   */
  backgroundThrottling: boolean;
}

/** WhatsApp is seen only in front, in a shown, not minimized window; anything else is hidden. */
export function whatsappVisibility(state: WindowState): ViewVisibility {
  const seen = state.whatsappInFront && state.windowVisible && !state.minimized;
  return { visible: seen, backgroundThrottling: !seen };
}

/**
 * Chromium switches that keep a hidden WhatsApp page's timers (its socket keep-alive, our probe's
 * heartbeat) and its renderer's priority as if it were in front, while the page still reports
 * itself hidden.
 */
export const BACKGROUND_KEEPALIVE_SWITCHES: readonly string[] = [
  'disable-background-timer-throttling',
  'disable-renderer-backgrounding',
  'disable-backgrounding-occluded-windows',
];

/**
 * The origin whose service worker a healing step unregisters: the page's own when it is on one
 * of WhatsApp's origins, else (nothing loaded yet, about:blank, an error page) the configured
 * WhatsApp address's. Null when neither is a WhatsApp origin: nothing to unregister.
 */
export function serviceWorkerOrigin(currentUrl: string, whatsappUrl: string, origins: ReadonlySet<string>): string | null {
  for (const candidate of [currentUrl, whatsappUrl]) {
    const origin = originOf(candidate);
    if (origin !== null && origins.has(origin)) return origin;
  }
  return null;
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

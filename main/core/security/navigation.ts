/**
 * What the WhatsApp view may navigate to. Only WhatsApp's own origins load inside the kiosk;
 * ordinary web links a customer sends open in the system browser; anything else (file:,
 * javascript:, custom schemes) is refused outright.
 */
export type NavigationDecision = 'allow' | 'open-externally' | 'deny';

export function allowedOrigins(whatsappUrl: string, extra: readonly string[]): Set<string> {
  return new Set([whatsappUrl, ...extra].map((url) => new URL(url).origin));
}

/**
 * Never throws, whatever the page or a redirect hands it: in the Chromium shell an exception in
 * this event handler would take the whole process down.
 */
export function decideNavigation(target: string, allowed: ReadonlySet<string>): NavigationDecision {
  const url = URL.parse(target);
  if (url === null) return 'deny';
  // WhatsApp opens media as blob: URLs of its own origin. A blob: URL's origin is its inner URL's
  // when that is http(s), else opaque ("null"), which no allowed origin ever is.
  if (url.protocol === 'blob:') return allowed.has(url.origin) ? 'allow' : 'deny';
  if (allowed.has(url.origin)) return 'allow';
  if (url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:') {
    return url.username || url.password ? 'deny' : 'open-externally';
  }
  return 'deny';
}

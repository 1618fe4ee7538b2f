/**
 * What the WhatsApp view may navigate to. Only WhatsApp's own origins load inside the kiosk;
 * ordinary web links a customer sends open in the system browser; anything else (file:,
 * javascript:, custom schemes) is refused outright.
 */
export type NavigationDecision = 'allow' | 'open-externally' | 'deny';

export function allowedOrigins(whatsappUrl: string, extra: readonly string[]): Set<string> {
  return new Set([whatsappUrl, ...extra].map((url) => new URL(url).origin));
}

export function decideNavigation(target: string, allowed: ReadonlySet<string>): NavigationDecision {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'deny';
  }
  if (url.protocol === 'blob:') {
    // WhatsApp opens media as blob: URLs of its own origin.
    return allowed.has(new URL(url.pathname).origin) ? 'allow' : 'deny';
  }
  if (allowed.has(url.origin)) return 'allow';
  if (url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:') {
    return url.username || url.password ? 'deny' : 'open-externally';
  }
  return 'deny';
}

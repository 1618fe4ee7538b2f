import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, resolveAppUrl, UI_SECURITY_HEADERS } from '../../core/security/app-protocol.ts';

/**
 * Must run before the app is ready: our scheme becomes standard (an origin of its own, relative
 * URLs, module scripts) and secure (a secure context, like https), with fetch allowed on it.
 * Nothing else (no CORS bypass, no service workers).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves our built pages under `app://kiosk/` from `root`, on the default session only (the
 * WhatsApp partition has no handler: its pages cannot load ours). Every path goes through the
 * core's resolver, which refuses traversal; every answer carries our Content-Security-Policy.
 */
export function serveAppScheme(root: string, warn: (detail: object, message: string) => void): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppUrl(root, request.url);
    if (!resolved.ok) {
      warn({ url: request.url.slice(0, 300), reason: resolved.reason }, 'request for one of our pages refused');
      return new Response(null, { status: resolved.status, headers: UI_SECURITY_HEADERS });
    }
    try {
      const body = await readFile(resolved.file);
      return new Response(body, { status: 200, headers: { ...UI_SECURITY_HEADERS, 'content-type': resolved.contentType } });
    } catch {
      return new Response(null, { status: 404, headers: UI_SECURITY_HEADERS });
    }
  });
}

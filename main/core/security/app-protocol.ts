import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Our own pages in Electron come from a privileged custom protocol, not file://: a standard,
 * secure scheme gives them an origin of their own (the IPC door trusts exactly that origin) and
 * lets every answer carry the Content-Security-Policy header.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page our window loads, and the base the IPC door checks senders against. */
export const UI_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The same policy as the page's meta tag, plus what only a header can say (frame-ancestors). */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every answer of ours carries, whichever shell serves it. */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': UI_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

export type UiPathResult = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 404; reason: string };

/**
 * The file under `root` that a request path names, or why none is served. Decided on the raw
 * path as it arrived, before anything normalises it: a `..` or `.` segment (plain or encoded), an
 * encoded slash or backslash, a backslash, a null byte, a drive letter or an absolute path is
 * refused, as is any dotfile; what is left is checked to stay under `root` once joined.
 * `/` is the entry page. Query and fragment do not name a file.
 */
export function resolveUiPath(root: string, rawPath: string): UiPathResult {
  const path = rawPath.replace(/[?#].*$/s, '');
  if (!path.startsWith('/')) return refuse(400, 'not an absolute request path');
  if (path.includes('\\') || path.includes('\0')) return refuse(400, 'backslash or null byte in the path');
  const segments: string[] = [];
  for (const raw of path === '/' ? [] : path.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    if (/[/\\\0]/.test(segment)) return refuse(400, 'encoded slash, backslash or null byte in the path');
    if (segment === '..' || segment === '.') return refuse(400, 'dot segment in the path');
    if (segment.startsWith('.')) return refuse(404, 'dotfiles are not served');
    if (/^[a-z]:/i.test(segment) || isAbsolute(segment)) return refuse(400, 'absolute path or drive letter in the path');
    if (segment === '') return refuse(404, 'empty path segment');
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  const base = resolve(root);
  const file = join(base, ...segments);
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return refuse(400, 'outside the page root');
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()];
  if (!contentType) return refuse(404, 'not a kind of file our pages use');
  return { ok: true, file, contentType };
}

/**
 * The same for a full `app://kiosk/...` URL as the custom protocol handler receives it: any other
 * scheme or host is not ours.
 */
export function resolveAppUrl(root: string, url: string): UiPathResult {
  const prefix = `${APP_ORIGIN}/`;
  if (!url.toLowerCase().startsWith(prefix)) return refuse(404, 'not our origin');
  return resolveUiPath(root, url.slice(APP_ORIGIN.length));
}

function refuse(status: 400 | 404, reason: string): UiPathResult {
  return { ok: false, status, reason };
}

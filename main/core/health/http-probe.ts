import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpProbeResult {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  /** 'dns' | 'timeout' | 'refused' | 'reset' | 'tls' | 'http-5xx' | 'network' */
  error: string | null;
  /**
   * Where a redirect points (absolute), and whether the answer asks for proxy credentials:
   * what lets classify-network tell WhatsApp answering from a portal or a proxy answering for it.
   */
  location?: string | null;
  proxyAuthenticate?: boolean;
  /** The address asked, to compare a redirect's origin with. */
  url?: string;
}

export type FetchLike = (
  url: string,
  init: { method: string; signal: AbortSignal; redirect: 'manual' },
) => Promise<{ status: number; headers?: { get(name: string): string | null } }>;

/**
 * One HTTP round to a URL with a hard time limit. Any answer below 500 means the service is
 * there; a 5xx, a timeout or a refused connection means it is not. Names are resolved by the
 * runtime's own fetch, never by a lookup of ours beside it: Electron's net (net.request) goes through
 * the system proxy, and a workstation that resolves public names only there is not offline.
 * Effects only: what the results mean is decided in classify-network.
 */
export async function probeUrl(
  url: string,
  timeoutMs: number,
  fetchImpl: FetchLike = nodeHttpGet,
  now: () => number = () => performance.now(),
): Promise<HttpProbeResult> {
  const started = now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url, { method: 'GET', signal, redirect: 'manual' });
    const latencyMs = now() - started;
    const seen = answerDetails(url, response);
    if (response.status >= 500) return { ok: false, status: response.status, latencyMs, error: 'http-5xx', ...seen };
    return { ok: true, status: response.status, latencyMs, error: null, ...seen };
  } catch (error) {
    // Electron's net.fetch does not hand a manual redirect back as a response; it fails the fetch
    // with this message, and which 3xx it was and where it pointed are lost (the Electron shell
    // probes with net.request for that reason). The server answered with a redirect, as Node's
    // fetch would return it: 300 stands for "some 3xx", with no known target.
    if ((error as { message?: unknown } | null)?.message === ELECTRON_REDIRECT_CANCELLED) {
      return { ok: true, status: SOME_REDIRECT, latencyMs: now() - started, error: null, location: null, proxyAuthenticate: false, url };
    }
    return { ok: false, status: null, latencyMs: null, error: signal.aborted ? 'timeout' : fetchErrorKind(error) };
  }
}

/**
 * A response as FetchLike returns it, from a status and a header record in either runtime's
 * shape (Node's `string | string[] | undefined`, Electron's `string | string[]`), names in any case.
 */
export function fetchAnswer(
  status: number,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): { status: number; headers: { get(name: string): string | null } } {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    status,
    headers: {
      get(name: string): string | null {
        const value = byName.get(name.toLowerCase());
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      },
    },
  };
}

const ELECTRON_REDIRECT_CANCELLED = 'Redirect was cancelled';
const SOME_REDIRECT = 300;

/** Chromium's net error names (Electron's net.request and net.fetch put them in the message) and what they are. */
const CHROMIUM_NET_ERRORS: readonly [pattern: RegExp, kind: string][] = [
  [/net::ERR_NAME_NOT_RESOLVED|net::ERR_NAME_RESOLUTION_FAILED/, 'dns'],
  [/net::ERR_CONNECTION_REFUSED/, 'refused'],
  [/net::ERR_CONNECTION_RESET/, 'reset'],
  [/net::ERR_TIMED_OUT|net::ERR_CONNECTION_TIMED_OUT/, 'timeout'],
  [/net::ERR_CERT_|net::ERR_SSL_/, 'tls'],
];

/** Certificate errors (Node's codes): whoever answered could not prove it is the address asked for. */
const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

/** Node's fetch (undici) puts the system error's code in `cause.code`. */
const NODE_ERROR_CODES: Readonly<Record<string, string>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
};

/** What kind of failure a fetch error is, from either runtime's error shape. */
export function fetchErrorKind(error: unknown): string {
  const code = String((error as { cause?: { code?: unknown } } | null)?.cause?.code ?? '').toUpperCase();
  const byCode = NODE_ERROR_CODES[code];
  if (byCode) return byCode;
  if (TLS_ERROR.test(code)) return 'tls';
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  return CHROMIUM_NET_ERRORS.find(([pattern]) => pattern.test(message))?.[1] ?? 'network';
}

/** What the answer says beyond its status: where a redirect points, whether a proxy asks for credentials. */
function answerDetails(
  url: string,
  response: Awaited<ReturnType<FetchLike>>,
): { location: string | null; proxyAuthenticate: boolean; url: string } {
  const raw = response.headers?.get('location') ?? null;
  let location: string | null = null;
  if (raw !== null) {
    try {
      location = new URL(raw, url).href;
    } catch {
      location = raw.slice(0, 500);
    }
  }
  return { location, proxyAuthenticate: (response.headers?.get('proxy-authenticate') ?? null) !== null, url };
}

/**
 * A GET that reports whatever answers, as it answers. Node's fetch turns a proxy's 407 into a
 * bare network error (the fetch standard's rule for windowless requests), which would hide the
 * very answer that tells a blocking proxy from an outage. Failures are thrown the way fetch
 * throws them (a TypeError with the system error as its cause), so they classify alike.
 */
export const nodeHttpGet: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(target, { method: init.method, signal: init.signal, headers: { accept: 'text/html,*/*' } }, (response) => {
      // The status and headers are the answer; the body is not needed.
      response.resume();
      resolve(fetchAnswer(response.statusCode ?? 0, response.headers));
    });
    outgoing.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
    outgoing.end();
  });

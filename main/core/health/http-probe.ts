export interface HttpProbeResult {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  /** 'dns' | 'timeout' | 'refused' | 'reset' | 'http-5xx' | 'network' */
  error: string | null;
}

export type FetchLike = (url: string, init: { method: string; signal: AbortSignal; redirect: 'manual' }) => Promise<{ status: number }>;

/**
 * One HTTP round to a URL with a hard time limit. Any answer below 500 means the service is
 * there; a 5xx, a timeout or a refused connection means it is not. Names are resolved by the
 * runtime's own fetch, never by a lookup of ours beside it: Electron's net.fetch goes through
 * the system proxy, and a workstation that resolves public names only there is not offline.
 * Effects only: what the results mean is decided in classify-network.
 */
export async function probeUrl(
  url: string,
  timeoutMs: number,
  fetchImpl: FetchLike = fetch,
  now: () => number = () => performance.now(),
): Promise<HttpProbeResult> {
  const started = now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url, { method: 'GET', signal, redirect: 'manual' });
    const latencyMs = now() - started;
    if (response.status >= 500) return { ok: false, status: response.status, latencyMs, error: 'http-5xx' };
    return { ok: true, status: response.status, latencyMs, error: null };
  } catch (error) {
    // Electron's net.fetch does not hand a manual redirect back as a response; it fails the fetch
    // with this message. The server answered, as a 3xx does under Node's fetch.
    if ((error as { message?: unknown } | null)?.message === ELECTRON_REDIRECT_CANCELLED) {
      return { ok: true, status: null, latencyMs: now() - started, error: null };
    }
    return { ok: false, status: null, latencyMs: null, error: signal.aborted ? 'timeout' : fetchErrorKind(error) };
  }
}

const ELECTRON_REDIRECT_CANCELLED = 'Redirect was cancelled';

/** Chromium's net error names (Electron's net.fetch puts them in the message) and what they are. */
const CHROMIUM_NET_ERRORS: readonly [pattern: RegExp, kind: string][] = [
  [/net::ERR_NAME_NOT_RESOLVED|net::ERR_NAME_RESOLUTION_FAILED/, 'dns'],
  [/net::ERR_CONNECTION_REFUSED/, 'refused'],
  [/net::ERR_CONNECTION_RESET/, 'reset'],
  [/net::ERR_TIMED_OUT|net::ERR_CONNECTION_TIMED_OUT/, 'timeout'],
];

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
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  return CHROMIUM_NET_ERRORS.find(([pattern]) => pattern.test(message))?.[1] ?? 'network';
}

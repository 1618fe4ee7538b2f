import { lookup } from 'node:dns/promises';
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
 * One DNS + HTTPS round to a URL with a hard time limit. Any answer below 500 means the service
 * is there; a 5xx, a timeout or a refused connection means it is not. Effects only: what the
 * results mean is decided in classify-network.
 */
export async function probeUrl(
  url: string,
  timeoutMs: number,
  fetchImpl: FetchLike = nodeHttpGet,
  now: () => number = () => performance.now(),
): Promise<HttpProbeResult> {
  const { hostname } = new URL(url);
  const started = now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await lookup(hostname);
  } catch {
    return { ok: false, status: null, latencyMs: null, error: 'dns' };
  }
  try {
    const response = await fetchImpl(url, { method: 'GET', signal, redirect: 'manual' });
    const latencyMs = now() - started;
    const seen = answerDetails(url, response);
    if (response.status >= 500) return { ok: false, status: response.status, latencyMs, error: 'http-5xx', ...seen };
    return { ok: true, status: response.status, latencyMs, error: null, ...seen };
  } catch (error) {
    return { ok: false, status: null, latencyMs: null, error: networkErrorKind(error, signal) };
  }
}

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

/** Certificate errors: whoever answered could not prove it is the address asked for. */
const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

function networkErrorKind(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timeout';
  const code = ((error as { cause?: { code?: string } }).cause?.code ?? '').toUpperCase();
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'reset';
  if (TLS_ERROR.test(code)) return 'tls';
  return 'network';
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
      const headers = response.headers;
      resolve({
        status: response.statusCode ?? 0,
        headers: {
          get(name: string): string | null {
            const value = headers[name.toLowerCase()];
            return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
          },
        },
      });
    });
    outgoing.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
    outgoing.end();
  });

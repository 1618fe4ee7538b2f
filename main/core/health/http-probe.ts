import { lookup } from 'node:dns/promises';

export interface HttpProbeResult {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  /** 'dns' | 'timeout' | 'refused' | 'reset' | 'http-5xx' | 'network' */
  error: string | null;
}

export type FetchLike = (url: string, init: { method: string; signal: AbortSignal; redirect: 'manual' }) => Promise<{ status: number }>;

/**
 * One DNS + HTTPS round to a URL with a hard time limit. Any answer below 500 means the service
 * is there; a 5xx, a timeout or a refused connection means it is not. Effects only: what the
 * results mean is decided in classify-network.
 */
export async function probeUrl(
  url: string,
  timeoutMs: number,
  fetchImpl: FetchLike = fetch,
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
    if (response.status >= 500) return { ok: false, status: response.status, latencyMs, error: 'http-5xx' };
    return { ok: true, status: response.status, latencyMs, error: null };
  } catch (error) {
    return { ok: false, status: null, latencyMs: null, error: networkErrorKind(error, signal) };
  }
}

function networkErrorKind(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timeout';
  const code = ((error as { cause?: { code?: string } }).cause?.code ?? '').toUpperCase();
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'reset';
  return 'network';
}

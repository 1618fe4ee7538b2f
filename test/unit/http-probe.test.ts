import { describe, expect, it } from 'vitest';
import { whoAnswered } from '../../main/core/health/classify-network.ts';
import { fetchAnswer, fetchErrorKind, probeUrl, type FetchLike } from '../../main/core/health/http-probe.ts';

/** How Node's fetch (undici) fails: a TypeError "fetch failed" whose cause carries the system code. */
function nodeFetchError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code} web.whatsapp.com`), { code }) });
}

/** How Electron's net.fetch fails: a plain Error whose message is Chromium's net error name. */
function electronFetchError(name: string): Error {
  return new Error(name);
}

const failingWith =
  (error: unknown): FetchLike =>
  async () => {
    throw error;
  };

describe('fetchErrorKind', () => {
  it("reads Node's fetch errors by their cause's code", () => {
    expect(fetchErrorKind(nodeFetchError('ENOTFOUND'))).toBe('dns');
    expect(fetchErrorKind(nodeFetchError('EAI_AGAIN'))).toBe('dns');
    expect(fetchErrorKind(nodeFetchError('ECONNREFUSED'))).toBe('refused');
    expect(fetchErrorKind(nodeFetchError('ECONNRESET'))).toBe('reset');
    expect(fetchErrorKind(nodeFetchError('UND_ERR_SOCKET'))).toBe('reset');
    expect(fetchErrorKind(nodeFetchError('UND_ERR_CONNECT_TIMEOUT'))).toBe('timeout');
    expect(fetchErrorKind(nodeFetchError('EHOSTUNREACH'))).toBe('network');
  });

  it("reads Electron's net.fetch errors by Chromium's net error name", () => {
    expect(fetchErrorKind(electronFetchError('net::ERR_NAME_NOT_RESOLVED'))).toBe('dns');
    expect(fetchErrorKind(electronFetchError('net::ERR_NAME_RESOLUTION_FAILED'))).toBe('dns');
    expect(fetchErrorKind(electronFetchError('net::ERR_CONNECTION_REFUSED'))).toBe('refused');
    expect(fetchErrorKind(electronFetchError('net::ERR_CONNECTION_RESET'))).toBe('reset');
    expect(fetchErrorKind(electronFetchError('net::ERR_TIMED_OUT'))).toBe('timeout');
    expect(fetchErrorKind(electronFetchError('net::ERR_CONNECTION_TIMED_OUT'))).toBe('timeout');
    expect(fetchErrorKind(electronFetchError('net::ERR_INTERNET_DISCONNECTED'))).toBe('network');
  });

  it('calls anything else a network failure, whatever was thrown', () => {
    for (const thrown of [null, undefined, 'boom', 42, {}, { cause: null }, { message: 7 }, new Error('')]) {
      expect(fetchErrorKind(thrown)).toBe('network');
    }
  });
});

describe('probeUrl', () => {
  it('asks no resolver of its own: a name only the runtime can resolve is probed through the runtime', async () => {
    const asked: string[] = [];
    const runtimeFetch: FetchLike = async (url) => {
      asked.push(url);
      return { status: 204 };
    };
    // .invalid never resolves through the system resolver; only the runtime (its proxy) knows it.
    const result = await probeUrl('https://only-the-proxy-knows.invalid/', 1_000, runtimeFetch);
    expect(result).toMatchObject({ ok: true, status: 204, error: null });
    expect(asked).toEqual(['https://only-the-proxy-knows.invalid/']);
  });

  it('classifies a failed name lookup from either runtime as dns', async () => {
    expect(await probeUrl('https://web.whatsapp.com/', 1_000, failingWith(nodeFetchError('ENOTFOUND')))).toMatchObject({
      ok: false,
      error: 'dns',
    });
    expect(await probeUrl('https://web.whatsapp.com/', 1_000, failingWith(electronFetchError('net::ERR_NAME_NOT_RESOLVED')))).toMatchObject(
      { ok: false, error: 'dns' },
    );
  });

  it("counts Electron's cancelled manual redirect as an answer, as Node's fetch returns the 3xx", async () => {
    const result = await probeUrl('http://web.whatsapp.com/', 1_000, failingWith(new Error('Redirect was cancelled')));
    expect(result).toMatchObject({ ok: true, error: null });
  });

  it('calls a fetch that ran out of time a timeout, whatever it threw', async () => {
    const hanging: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('net::ERR_ABORTED'))));
    expect(await probeUrl('https://web.whatsapp.com/', 50, hanging)).toMatchObject({ ok: false, error: 'timeout' });
  });
});

describe("each runtime's answer to a redirect, as the network classifier reads it", () => {
  const portal = 'http://portal.hotel.example/login';

  it("Node: the 3xx comes back with its Location, so a portal's redirect elsewhere is a sign-in page", async () => {
    const node: FetchLike = async () => fetchAnswer(302, { location: portal });
    const result = await probeUrl('https://web.whatsapp.com/', 1_000, node);
    expect(result).toMatchObject({ ok: true, status: 302, location: portal });
    expect(whoAnswered(result)).toBe('sign-in');
  });

  it("Electron's net.request: the redirect event's status and URL, in Electron's header shape, read the same", async () => {
    // What electronNetGet resolves on a 'redirect' event: headers as string[] (Electron's shape).
    const electron: FetchLike = async () => fetchAnswer(307, { Location: [portal], 'Content-Type': ['text/html'] });
    const result = await probeUrl('https://web.whatsapp.com/', 1_000, electron);
    expect(result).toMatchObject({ ok: true, status: 307, location: portal });
    expect(whoAnswered(result)).toBe('sign-in');
  });

  it("a redirect to a path on WhatsApp's own origin counts as WhatsApp", async () => {
    const sameOrigin: FetchLike = async () => fetchAnswer(301, { location: ['/en/'] });
    const result = await probeUrl('https://web.whatsapp.com/', 1_000, sameOrigin);
    expect(result.location).toBe('https://web.whatsapp.com/en/');
    expect(whoAnswered(result)).toBe('whatsapp');
  });

  it("Electron's net.fetch: the rejected manual redirect is an answer, never a false outage", async () => {
    const result = await probeUrl('http://web.whatsapp.com/', 1_000, failingWith(new Error('Redirect was cancelled')));
    expect(result).toMatchObject({ ok: true, error: null, location: null });
    expect(whoAnswered(result)).toBe('whatsapp');
  });

  it("a proxy's 407 reads as blocked from either runtime's header shape", async () => {
    for (const headers of [{ 'proxy-authenticate': 'Basic realm="corp"' }, { 'Proxy-Authenticate': ['Basic realm="corp"'] }]) {
      const result = await probeUrl('https://web.whatsapp.com/', 1_000, async () => fetchAnswer(407, headers));
      expect(result).toMatchObject({ ok: true, status: 407, proxyAuthenticate: true });
      expect(whoAnswered(result)).toBe('blocked');
    }
  });

  it("errors: Node's carry cause.code, Electron's only a net::ERR_ message, and both tell refused from reset", async () => {
    const cases: [unknown, string][] = [
      [nodeFetchError('ECONNREFUSED'), 'refused'],
      [electronFetchError('net::ERR_CONNECTION_REFUSED'), 'refused'],
      [nodeFetchError('ECONNRESET'), 'reset'],
      [electronFetchError('net::ERR_CONNECTION_RESET'), 'reset'],
      [electronFetchError('net::ERR_CERT_AUTHORITY_INVALID'), 'tls'],
      [nodeFetchError('SELF_SIGNED_CERT_IN_CHAIN'), 'tls'],
    ];
    for (const [error, kind] of cases) {
      expect(await probeUrl('https://web.whatsapp.com/', 1_000, failingWith(error))).toMatchObject({ ok: false, error: kind });
    }
  });
});

describe('fetchAnswer', () => {
  it('finds a header whatever the case of its name and whichever shape its value has', () => {
    const answer = fetchAnswer(200, { 'X-One': 'a', 'x-many': ['b', 'c'], missing: undefined });
    expect(answer.headers.get('x-one')).toBe('a');
    expect(answer.headers.get('X-MANY')).toBe('b');
    expect(answer.headers.get('missing')).toBeNull();
    expect(answer.headers.get('absent')).toBeNull();
  });
});

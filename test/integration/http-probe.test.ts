import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeUrl } from '../../main/core/health/http-probe.ts';

/** A real server on loopback: /ok answers 204, /down 503, /slow never answers. */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/ok') response.writeHead(204).end();
    else if (request.url === '/down') response.writeHead(503).end();
    // /slow: keep the request open.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('probeUrl', () => {
  it('reports a service that answers, with its latency', async () => {
    const result = await probeUrl(`${base}/ok`, 2_000);
    expect(result).toMatchObject({ ok: true, status: 204, error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('tells a 5xx, a refused connection, a time-out and a failed name lookup apart', async () => {
    expect(await probeUrl(`${base}/down`, 2_000)).toMatchObject({ ok: false, status: 503, error: 'http-5xx' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await probeUrl(`http://127.0.0.1:${port}/`, 2_000)).toMatchObject({ ok: false, error: 'refused' });
    expect(await probeUrl(`${base}/slow`, 300)).toMatchObject({ ok: false, error: 'timeout' });
    expect(await probeUrl('http://no-such-host.invalid/', 2_000)).toMatchObject({ ok: false, error: 'dns' });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyNetwork, whoAnswered } from '../../main/core/health/classify-network.ts';
import { probeUrl } from '../../main/core/health/http-probe.ts';

/**
 * Who answers a probe, on real sockets over loopback: WhatsApp, a captive portal redirecting
 * elsewhere, a proxy asking for credentials, a filter refusing.
 */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/app') response.writeHead(200, { 'content-type': 'text/html' }).end('<div id="app"></div>');
    else if (request.url === '/own-redirect') response.writeHead(302, { location: '/app' }).end();
    else if (request.url === '/portal') response.writeHead(302, { location: 'http://127.0.0.2:9/login?next=web.whatsapp.com' }).end();
    else if (request.url === '/proxy') response.writeHead(407, { 'proxy-authenticate': 'Basic realm="corp"' }).end();
    else if (request.url === '/filtered') response.writeHead(403).end('blocked by policy');
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('probeUrl tells who answered', () => {
  it('sees a proxy’s 407 as the answer it is (fetch would hide it as a network error)', async () => {
    const result = await probeUrl(`${base}/proxy`, 2_000);
    expect(result).toMatchObject({ status: 407, proxyAuthenticate: true });
    expect(whoAnswered(result)).toBe('blocked');
  });

  it('reports where a redirect points, absolute, so a portal on another origin is not WhatsApp', async () => {
    const portal = await probeUrl(`${base}/portal`, 2_000);
    expect(portal).toMatchObject({ status: 302, location: 'http://127.0.0.2:9/login?next=web.whatsapp.com', url: `${base}/portal` });
    expect(whoAnswered(portal)).toBe('sign-in');
    const own = await probeUrl(`${base}/own-redirect`, 2_000);
    expect(own).toMatchObject({ status: 302, location: `${base}/app` });
    expect(whoAnswered(own)).toBe('whatsapp');
  });

  it('classifies a round against a real independent address', async () => {
    const independent = await probeUrl(`${base}/app`, 2_000);
    const round = async (path: string) =>
      classifyNetwork({ osOnline: true, whatsapp: await probeUrl(`${base}${path}`, 2_000), independent }, 3_000);
    expect(await round('/app')).toEqual([]);
    expect(await round('/portal')).toEqual(['NETWORK_SIGN_IN_REQUIRED']);
    expect(await round('/proxy')).toEqual(['NETWORK_BLOCKED']);
    expect(await round('/filtered')).toEqual(['NETWORK_BLOCKED']);
  });
});

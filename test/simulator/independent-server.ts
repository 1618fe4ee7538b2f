import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActiveFaults } from './faults.ts';
import type { LocalNetwork } from './local-network.ts';
import { PORTAL_PAGE } from './pages.ts';

export const PORTAL_PATH = '/portal/sign-in';

export interface IndependentServer {
  port: number;
  close(): Promise<void>;
}

/**
 * "The rest of the internet": lets the kiosk tell a WhatsApp outage (this answers) from a dead
 * local network (this does not answer either).
 */
export async function startIndependentServer(
  host: string,
  port: number,
  faults: ActiveFaults,
  network: LocalNetwork,
): Promise<IndependentServer> {
  const server = createServer((request, response) => {
    // The captive portal's sign-in page lives here, on an origin that is not WhatsApp's.
    if (request.url?.startsWith(PORTAL_PATH)) {
      response.writeHead(200, { 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8' });
      response.end(PORTAL_PAGE);
      return;
    }
    response.writeHead(204, { 'cache-control': 'no-store' });
    response.end();
  });
  network.track(server);
  server.on('connection', (socket) => {
    if (faults.has('local-network-down')) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { ActiveFaults } from './faults.ts';
import type { LocalNetwork } from './local-network.ts';
import { OUTAGE_PAGE, PROXY_AUTH_PAGE } from './pages.ts';

export function isControlPath(url: string): boolean {
  return url.startsWith('/__sim/');
}

/** The socket and its upstream POSTs: what WhatsApp's websocket carries. */
function isSocketPath(url: string): boolean {
  return url.startsWith('/ws/');
}

/**
 * Applies the network-level faults to every WhatsApp request before it reaches a route. The
 * control API is exempt so that a fault can always be cleared.
 */
export function installRequestGate(app: FastifyInstance, faults: ActiveFaults, network: LocalNetwork, portalUrl: () => string): void {
  app.addHook('onRequest', async (request, reply) => {
    const control = isControlPath(request.url);
    network.markControl(request.raw.socket, control);
    if (control) return;

    if (faults.has('local-network-down')) {
      // The connection was accepted (the control API shares this port) but gets no answer.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    // A captive portal sends every request to its sign-in page on another origin; a proxy asks
    // for credentials. Either answers instead of WhatsApp, and the page never reaches it.
    if (faults.has('captive-portal')) {
      return reply.code(302).header('cache-control', 'no-store').header('location', portalUrl()).send();
    }
    if (faults.has('proxy-auth')) {
      return reply
        .code(407)
        .header('proxy-authenticate', 'Basic realm="corporate proxy"')
        .type('text/html; charset=utf-8')
        .send(PROXY_AUTH_PAGE);
    }
    if (faults.has('outage')) {
      return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(OUTAGE_PAGE);
    }
    const latency = faults.get('latency');
    if (latency !== undefined) await sleep(jittered(latency.ms, latency.jitterMs));
    if (faults.has('server-error') && isSocketPath(request.url)) {
      return reply.code(500).send({ error: 'internal server error' });
    }
  });
}

function jittered(ms: number, jitterMs: number): number {
  return Math.max(0, ms + (Math.random() * 2 - 1) * jitterMs);
}

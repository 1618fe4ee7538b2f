import type { FastifyInstance } from 'fastify';

/**
 * Our loopback servers answer only requests addressed to loopback by name. A web page can make a
 * browser talk to 127.0.0.1 under a name of its own that resolves there (DNS rebinding); such a
 * request carries that name in its Host header, and is refused.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}` || value === `[::1]:${port}`;
}

/** Refuses (403) every request to `app` whose Host is not its own loopback address and port. */
export function refuseForeignHosts(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : -1;
    if (!isLoopbackHost(request.headers.host, port)) {
      await reply.code(403).header('cache-control', 'no-store').send({ error: 'host not allowed' });
    }
  });
}

import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import type { Hub } from './hub.ts';
import { accountRoutes } from './routes/accounts.ts';
import { adminRoutes } from './routes/admin.ts';
import { routeContext, type ServerOptions } from './routes/common.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { LiveStreams, liveRoutes } from './routes/live.ts';
import { peopleRoutes } from './routes/people.ts';
import { seatRoutes } from './routes/seats.ts';

export { hashPassword, type ServerOptions } from './routes/common.ts';

/**
 * The hub's HTTP API and dashboard. Seats speak with a bearer device token; people with a session
 * cookie, and every change they make carries a CSRF token. Every body is validated against its
 * schema with no type coercion and no extra keys; bodies are small and capped; rate limits apply.
 */
export async function buildServer(hub: Hub, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: 64 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    logger: false,
  });
  await app.register(cookie);
  await app.register(csrf, { cookieOpts: { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/' } });
  await app.register(rateLimit, { global: false });

  const now = () => hub.options.now?.() ?? Date.now();
  const live = new LiveStreams(hub.store, now, options.liveCheckMs ?? 5_000, (error) => hub.options.onError?.('live session check', error));
  // Before the server closes: an open stream would hold it.
  app.addHook('preClose', async () => live.close());
  const context = routeContext(hub, options, live);
  for (const routes of [seatRoutes, peopleRoutes, liveRoutes, incidentRoutes, accountRoutes, adminRoutes]) routes(app, context);

  if (options.dashboardDir && existsSync(options.dashboardDir)) {
    await app.register(fastifyStatic, { root: options.dashboardDir, index: 'index.html' });
  }
  return app;
}

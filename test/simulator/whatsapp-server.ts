import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerControlRoutes } from './control-routes.ts';
import { HttpError } from './errors.ts';
import type { LocalNetwork } from './local-network.ts';
import type { SimulatorOptions } from './options.ts';
import { installRequestGate } from './request-gate.ts';
import type { Simulation } from './simulation.ts';
import { loadFolder } from './static-files.ts';
import { registerWhatsAppRoutes } from './whatsapp-routes.ts';

/** One server carries both the simulated WhatsApp and its control API, on the same origin. */
export async function createWhatsAppServer(
  simulation: Simulation,
  options: SimulatorOptions,
  network: LocalNetwork,
): Promise<FastifyInstance> {
  const here = import.meta.dirname;
  const [publicFiles, media, panel] = await Promise.all([
    loadFolder(join(here, 'public')),
    loadFolder(join(here, 'media')),
    loadFolder(join(here, 'panel')),
  ]);

  // Page sockets stay open forever: closing must not wait for them.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  network.track(app.server);
  app.setErrorHandler((error, _request, reply) => reply.code(statusOf(error)).send({ error: messageOf(error) }));
  installRequestGate(app, simulation.faults, network, () => simulation.portalUrl);
  registerWhatsAppRoutes(app, simulation, options, { public: publicFiles, media });
  registerControlRoutes(app, simulation, panel);
  return app;
}

/** Our own errors carry a status; Fastify's (bad JSON, body too large) carry a statusCode. */
function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number') return error.statusCode;
  return 500;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import fastify, { type FastifyInstance } from 'fastify';
import type { KioskStatus } from '../ipc/contract.ts';
import { refuseForeignHosts } from '../security/loopback-host.ts';

/** What monitoring tools see: states and times, never message text or contact details. */
export function statusReport(status: KioskStatus) {
  return {
    seat: status.seatId,
    state: status.health.level,
    fault: status.health.fault,
    mode: status.mode,
    modeReason: status.modeReason,
    since: new Date(status.health.since).toISOString(),
    lastHeartbeat: status.whatsapp.lastHeartbeat === null ? null : new Date(status.whatsapp.lastHeartbeat).toISOString(),
    whatsappScreen: status.whatsapp.screen,
  };
}

/**
 * The optional read-only status endpoint for IT monitoring: loopback only (by address and by
 * Host header), GET only. Off by default; turned on by setting or policy.
 */
export async function startStatusServer(port: number, current: () => KioskStatus): Promise<{ url: string; close(): Promise<void> }> {
  const app: FastifyInstance = fastify({ logger: false });
  refuseForeignHosts(app);
  app.get('/status', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return statusReport(current());
  });
  const address = await app.listen({ host: '127.0.0.1', port });
  return { url: `${address}/status`, close: () => app.close() };
}

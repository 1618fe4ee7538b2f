import type { Logger } from '../log/logger.ts';
import type { StatusBoard } from './status-board.ts';
import { startStatusServer } from './status-server.ts';

/**
 * Turns the loopback status endpoint on. A taken port must not stop the kiosk: WhatsApp and
 * failover matter more than monitoring, so the failure is logged and shown as a problem.
 */
export async function openStatusEndpoint(
  port: number,
  status: StatusBoard,
  log: Logger,
): Promise<{ url: string; close(): Promise<void> } | null> {
  try {
    const server = await startStatusServer(port, () => status.current);
    log.info({ url: server.url }, 'status endpoint on');
    return server;
  } catch (error) {
    const message = `status endpoint could not start on port ${port}: ${(error as Error).message}`;
    log.error(message);
    status.addProblem(message);
    status.publish();
    return null;
  }
}

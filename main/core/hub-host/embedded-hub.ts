// Loaded with import() only when the kiosk serves the hub: the hub's server packages (fastify and
// its plugins, argon2) are not loaded by a kiosk that does not.
import { z } from 'zod';
import { hubConfigSchema } from '../../../hub/config.ts';
import { hashPassword } from '../../../hub/server.ts';
import { startHub } from '../../../hub/start.ts';
import { ADMIN_USERNAME } from './plan.ts';

/** Long enough for a kiosk that starts slowly; the token is good for one enrolment only. */
const SELF_ENROLMENT_VALID_MS = 3_600_000;

export interface EmbeddedHubOptions {
  /** The first IT account's password, used only while the hub has no account. */
  adminPassword: string | null;
  /** This seat enrols with its own hub: a one-time token is made unless the hub knows the seat already. */
  selfSeatId: string | null;
  /** Where the built dashboard is when the code runs bundled (Electron); from source, the hub finds it itself. */
  dashboardDir?: string;
  onError(what: string, error: unknown): void;
}

export interface EmbeddedHub {
  url: string;
  selfEnrolmentToken: string | null;
  adminCreated: boolean;
  close(): Promise<void>;
}

export async function startEmbeddedHub(input: Record<string, unknown>, options: EmbeddedHubOptions): Promise<EmbeddedHub> {
  const parsed = hubConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`the hub configuration is not valid: ${z.prettifyError(parsed.error)}`);
  const running = await startHub(parsed.data, {
    onError: options.onError,
    ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
  });
  try {
    const { store } = running.hub;
    let adminCreated = false;
    if (options.adminPassword !== null) {
      const [row] = await store.driver.query<{ n: number }>('SELECT COUNT(*) AS n FROM users');
      if (Number(row?.n ?? 0) === 0) {
        await store.addUser(ADMIN_USERNAME, await hashPassword(options.adminPassword), 'it', Date.now());
        await store.audit({ at: Date.now(), actor: 'kiosk', action: 'add-user', target: ADMIN_USERNAME, detail: 'it' });
        adminCreated = true;
      }
    }
    const known = options.selfSeatId !== null && running.hub.seats.some((seat) => seat.id === options.selfSeatId && !seat.revoked);
    const selfEnrolmentToken =
      options.selfSeatId !== null && !known
        ? await running.hub.createEnrolmentToken({ expiresAt: Date.now() + SELF_ENROLMENT_VALID_MS })
        : null;
    return { url: running.url, selfEnrolmentToken, adminCreated, close: () => running.close() };
  } catch (error) {
    await running.close();
    throw error;
  }
}

import { fileURLToPath } from 'node:url';
import type { HubConfig } from './config.ts';
import { Hub } from './hub.ts';
import { buildServer } from './server.ts';
import { postgresDriver } from './store/postgres-driver.ts';
import type { SqlDriver } from './store/sql.ts';
import { sqliteDriver } from './store/sqlite-driver.ts';
import { HubStore } from './store/store.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../dist/hub/', import.meta.url));

export interface RunningHub {
  hub: Hub;
  url: string;
  close(): Promise<void>;
}

export async function openDriver(database: string): Promise<SqlDriver> {
  return database.startsWith('sqlite:') ? sqliteDriver(database.slice('sqlite:'.length)) : postgresDriver(database);
}

/** Opens the store, starts the hub and its HTTP server: `npm run hub`, the tests, or a kiosk hosting a small team's hub. */
export async function startHub(
  config: HubConfig,
  extra: { now?: () => number; onError?: (what: string, error: unknown) => void } = {},
): Promise<RunningHub> {
  const driver = await openDriver(config.database);
  const store = await HubStore.open(driver);
  const hub = new Hub(store, {
    heartbeatMs: config.heartbeatMs,
    missedBeats: config.missedBeats,
    outage: config.outage,
    escalation: config.escalation,
    smtp: config.smtp,
    dashboardUrl: config.publicUrl,
    ...extra,
  });
  await hub.start();
  const app = await buildServer(hub, {
    secureCookies: config.secureCookies,
    sessionHours: config.sessionHours,
    dashboardDir: DASHBOARD_DIR,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    hub,
    url: address.replace('[::1]', '127.0.0.1'),
    async close() {
      await app.close();
      await hub.stop();
      await driver.close();
    },
  };
}

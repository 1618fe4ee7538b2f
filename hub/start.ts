import { fileURLToPath } from 'node:url';
import type { HubConfig } from './config.ts';
import { Hub } from './hub.ts';
import { buildServer } from './server.ts';
import type { SqlDriver } from './store/sql.ts';
import { sqliteDriver } from './store/sqlite-driver.ts';
import { HubStore } from './store/store.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../dist/hub/', import.meta.url));

export interface RunningHub {
  hub: Hub;
  url: string;
  close(): Promise<void>;
}

/** PostgreSQL's client is loaded only for a postgres:// database: a SQLite hub (one inside a kiosk) never loads it. */
export async function openDriver(database: string): Promise<SqlDriver> {
  if (database.startsWith('sqlite:')) return sqliteDriver(database.slice('sqlite:'.length));
  return (await import('./store/postgres-driver.ts')).postgresDriver(database);
}

/** Opens the store, starts the hub and its HTTP server: `npm run hub`, the tests, or a kiosk hosting a small team's hub. */
export async function startHub(
  config: HubConfig,
  extra: {
    now?: () => number;
    onError?: (what: string, error: unknown) => void;
    /** Where the built dashboard is when the code runs bundled (a kiosk in Electron). */
    dashboardDir?: string;
  } = {},
): Promise<RunningHub> {
  const { dashboardDir = DASHBOARD_DIR, ...hubExtra } = extra;
  const driver = await openDriver(config.database);
  const store = await HubStore.open(driver);
  const hub = new Hub(store, {
    heartbeatMs: config.heartbeatMs,
    missedBeats: config.missedBeats,
    outage: config.outage,
    escalation: config.escalation,
    smtp: config.smtp,
    dashboardUrl: config.publicUrl,
    ...hubExtra,
  });
  await hub.start();
  const app = await buildServer(hub, {
    secureCookies: config.secureCookies,
    sessionHours: config.sessionHours,
    dashboardDir,
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

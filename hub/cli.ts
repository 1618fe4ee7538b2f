// `npm run hub -- [--config FILE]` runs the hub; two admin commands work on its database directly:
//   npm run hub -- --config FILE add-user NAME supervisor|it    (password from HUB_PASSWORD)
//   npm run hub -- --config FILE enrolment-token [TEAM] [SITE]  (prints the token for IT's policy)
import { parseArgs } from 'node:util';
import { loadHubConfig } from './config.ts';
import { hashToken, newToken } from './hub.ts';
import { hashPassword } from './server.ts';
import { startHub, openDriver } from './start.ts';
import { HubStore } from './store/store.ts';

const { values, positionals } = parseArgs({ options: { config: { type: 'string' } }, allowPositionals: true });
const config = loadHubConfig(values.config ?? null);
const [command, ...rest] = positionals;

if (command === undefined) {
  const running = await startHub(config, { onError: (what, error) => console.error(`${what} failed:`, error) });
  console.log(`hub on ${running.url} (${config.database.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL'})`);
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  const driver = await openDriver(config.database);
  const store = await HubStore.open(driver);
  try {
    if (command === 'add-user') {
      const [username, role] = rest;
      const password = process.env.HUB_PASSWORD ?? '';
      if (!username || (role !== 'supervisor' && role !== 'it') || password.length < 12) {
        throw new Error('usage: add-user NAME supervisor|it, with a password of 12 characters or more in HUB_PASSWORD');
      }
      await store.addUser(username, await hashPassword(password), role, Date.now());
      await store.audit({ at: Date.now(), actor: 'cli', action: 'add-user', target: username, detail: role });
      console.log(`user ${username} (${role}) added`);
    } else if (command === 'enrolment-token') {
      const [team, site] = rest;
      const token = newToken();
      await store.addEnrolmentToken(hashToken(token), { ...(team ? { team } : {}), ...(site ? { site } : {}) }, Date.now());
      await store.audit({ at: Date.now(), actor: 'cli', action: 'create-enrolment-token', target: team ?? 'any' });
      console.log(token);
    } else {
      throw new Error(`unknown command ${command}`);
    }
  } finally {
    await driver.close();
  }
}

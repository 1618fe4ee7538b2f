import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const guards = join(ROOT, 'main/core/runtime/process-guards.ts');

it('an error no part caught is logged and the kiosk re-checks itself, instead of the process ending', () => {
  // Inside the project, so that the script finds its packages.
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const script = join(mkdtempSync(join(ROOT, 'test-results', 'guards-')), 'run.ts');
  writeFileSync(
    script,
    `import { pino } from 'pino';
import { guardProcess } from ${JSON.stringify(guards)};
const log = pino({ base: null, timestamp: false });
guardProcess(log, (note) => console.log('recheck: ' + note));
Promise.reject(new Error('a promise nobody awaited'));
setTimeout(() => { throw new Error('a timer that threw'); }, 10);
setTimeout(() => console.log('still running'), 200);
`,
  );
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('recheck: kiosk error (unhandled rejection): a promise nobody awaited');
  expect(run.stdout).toContain('recheck: kiosk error (uncaught exception): a timer that threw');
  expect(run.stdout).toMatch(/"msg":"error no part of the kiosk caught"/);
  expect(run.stdout.trim().split('\n').at(-1)).toBe('still running');
});

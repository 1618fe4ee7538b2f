import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '../../main/core/log/logger.ts';
import { drainLog } from '../../main/core/startup/drain-log.ts';

it('once drained, every line logged is in the file, and standard error stays open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-drain-log-'));
  try {
    const log = createLogger(dir, { echo: true });
    for (let i = 0; i < 500; i++) log.info({ i }, 'a line');
    log.fatal('the kiosk could not start');
    log.flush();
    await drainLog(log);
    const lines = readFileSync(join(dir, 'kiosk.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(501);
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ msg: 'the kiosk could not start' });
    expect(process.stderr.writable).toBe(true);
    // A late line (an event while the process ends) is dropped without an uncaught error.
    log.info('too late');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(join(dir, 'kiosk.log'), 'utf8')).not.toContain('too late');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

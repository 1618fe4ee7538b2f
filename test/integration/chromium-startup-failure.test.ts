import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import zh from '../../renderer/src/i18n/zh.json' with { type: 'json' };

const root = join(import.meta.dirname, '..', '..');

/** The Chromium shell started on a data folder whose database a newer app wrote: it cannot start. */
function startOnNewerDatabase(lang: string): { status: number | null; stderr: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-startup-failure-'));
  try {
    const db = new Database(join(dir, 'kiosk.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    const run = spawnSync(
      process.execPath,
      [join(root, 'main', 'shells', 'chromium', 'cli.ts'), '--data-dir', dir, '--policy', join(dir, 'none.json'), '--headless'],
      {
        cwd: root,
        env: { ...process.env, LANG: lang, LC_ALL: lang },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return { status: run.status, stderr: run.stderr, log: readFileSync(join(dir, 'logs', 'kiosk.log'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One run (each start costs seconds): the texts of every step in both languages are unit-tested.
it("the Chromium shell's failed start: what failed in the agent's language, the reason for IT, the log, exit code 1", () => {
  const run = startOnNewerDatabase('zh_CN.UTF-8');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(zh.startup.title);
  expect(run.stderr).toContain('database schema version 9999 is newer than this app knows');
  expect(run.stderr).toMatch(/kiosk-startup-failure-\w+[\\/]logs/);
  expect(run.log).toContain('the kiosk could not start');
});

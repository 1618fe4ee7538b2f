import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

it('smoke:electron without an Electron binary says it was skipped, with its own exit code, and never that it passed', () => {
  // An Electron "installation" with no binary in it: what a machine that could not download it has.
  const empty = mkdtempSync(join(tmpdir(), 'kiosk-no-electron-'));
  try {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'smoke-electron.ts')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(77);
    expect(run.stdout).toMatch(/^SKIPPED: no Electron binary at /m);
    expect(run.stdout).toContain('npx install-electron');
    expect(run.stdout).not.toMatch(/PASS/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

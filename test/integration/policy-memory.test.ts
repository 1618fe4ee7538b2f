import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../main/core/config/load-config.ts';
import { policyMemoryIn } from '../../main/core/config/policy-memory.ts';
import { openDatabase } from '../../main/core/db/database.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { KeyValueStore } from '../../main/core/db/kv.ts';

/** The boot as the shells do it: the policy file on disk, its memory in the workstation's SQLite file. */
describe('the last readable policy, kept in the database', () => {
  let dir: string;
  let policyPath: string;
  let dbFile: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-memory-'));
    policyPath = join(dir, 'policy.json');
    dbFile = join(dir, 'kiosk.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function boot(settings: unknown) {
    const db = openDatabase(dbFile);
    try {
      return loadConfig(
        policyPath,
        settings,
        policyMemoryIn(new KeyValueStore(db, unsharedGate()), () => Date.now()),
      );
    } finally {
      db.close();
    }
  }

  const agent = { general: { whatsappUrl: 'https://evil.example/' }, backups: { restoreAllowed: true } };

  it('keeps the kiosk locked across restarts when the policy file breaks or cannot be read', () => {
    const policy = { enforced: { general: { whatsappUrl: 'http://127.0.0.1:3100/' }, backups: { restoreAllowed: false } } };
    writeFileSync(policyPath, JSON.stringify(policy));
    expect(boot(agent).locked.sort()).toEqual(['backups.restoreAllowed', 'general.whatsappUrl']);

    writeFileSync(policyPath, '{ "enforced": { "general": ');
    const broken = boot(agent);
    expect(broken.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(broken.settings.backups.restoreAllowed).toBe(false);
    expect(broken.problems.map((p) => p.message).join('\n')).toMatch(/not valid JSON[\s\S]*last policy that could be read/);

    // A folder where the file should be: reading fails with EISDIR, even as root.
    rmSync(policyPath);
    mkdirSync(policyPath);
    const unreadable = boot(agent);
    expect(unreadable.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(unreadable.problems[0]?.message).toMatch(/cannot read .*policy\.json/);
  });

  it('forgets the policy once IT removes the file', () => {
    writeFileSync(policyPath, JSON.stringify({ enforced: { backups: { restoreAllowed: false } } }));
    boot(agent);
    rmSync(policyPath);
    expect(boot(agent).locked).toEqual([]);
    writeFileSync(policyPath, 'not json');
    expect(boot(agent).settings.backups.restoreAllowed).toBe(true);
  });
});

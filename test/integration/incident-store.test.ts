import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import { ContactsService } from '../../main/core/contacts/contacts-service.ts';
import { openDatabase, type Db } from '../../main/core/db/database.ts';
import { unsharedGate, WriteGate } from '../../main/core/db/write-gate.ts';
import { createLogger } from '../../main/core/log/logger.ts';
import { systemClock } from '../../main/core/ports.ts';
import type { FaultCode } from '../../main/core/health/faults.ts';
import type { HealthLevel } from '../../main/core/ipc/contract.ts';
import { IncidentStore } from '../../main/core/incidents/incident-store.ts';
import type { IncidentInput } from '../../main/core/incidents/incident-tracker.ts';

const MINUTE = 60_000;
const targets = { rtoMinutes: 15, mtdMinutes: 240 };

const verdict = (at: number, level: HealthLevel, fault: FaultCode | null = null): IncidentInput => ({
  type: 'verdict',
  at,
  verdict: { level, fault, since: at },
});

describe('IncidentStore on a real SQLite file', () => {
  let dir: string;
  let file: string;
  let db: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incidents-'));
    file = join(dir, 'kiosk.db');
    db = openDatabase(file);
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function reopen(): IncidentStore {
    db.close();
    db = openDatabase(file);
    return new IncidentStore(db, unsharedGate());
  }

  it('keeps a whole episode with its timeline across reopening the file', () => {
    const store = new IncidentStore(db, unsharedGate());
    const inputs: IncidentInput[] = [
      verdict(1_000, 'degraded', 'SEND_FAILURE'),
      verdict(5_000, 'down', 'SERVICE_OUTAGE'),
      { type: 'gave-up', at: 5_000, fault: 'SERVICE_OUTAGE', reason: 'network' },
      { type: 'switch', at: 5_000, to: 'failover', reason: 'auto' },
      verdict(20 * MINUTE, 'healthy'),
      { type: 'switch', at: 20 * MINUTE + 9_000, to: 'whatsapp', reason: 'auto' },
    ];
    for (const input of inputs) store.track(input);

    const [incident] = reopen().list(10, 30 * MINUTE, targets);
    expect(incident).toMatchObject({
      fault: 'SERVICE_OUTAGE',
      startedAt: 1_000,
      detectedAt: 5_000,
      failoverAt: 5_000,
      recoveredAt: 20 * MINUTE,
      durationMs: 20 * MINUTE - 1_000,
      rtoMs: 15 * MINUTE,
      mtdMs: 240 * MINUTE,
    });
    expect(incident?.events.map((e) => e.kind)).toEqual(['first-signal', 'detected', 'escalated', 'failover', 'recovered', 'failback']);
    expect(incident!.durationMs).toBeGreaterThan(incident!.rtoMs);
    expect(incident!.durationMs).toBeLessThan(incident!.mtdMs);
  });

  it('measures an open incident until now, and finds it again after a restart', () => {
    new IncidentStore(db, unsharedGate()).track(verdict(0, 'down', 'RENDERER_CRASHED'));
    const store = reopen();
    const id = store.current();
    expect(id).not.toBeNull();
    expect(store.list(1, 5 * MINUTE, targets)[0]).toMatchObject({ id, recoveredAt: null, durationMs: 5 * MINUTE });

    store.track({ type: 'healing', at: 1_000, action: 'reload', fault: 'RENDERER_CRASHED' });
    store.track(verdict(2 * MINUTE, 'healthy'));
    expect(store.current()).toBeNull();
    expect(store.list(1, 5 * MINUTE, targets)[0]?.durationMs).toBe(2 * MINUTE);
  });

  it('lists incidents newest first, one per episode, up to the limit', () => {
    const store = new IncidentStore(db, unsharedGate());
    for (let i = 0; i < 3; i++) {
      store.track(verdict(i * MINUTE, 'degraded', 'FILE_TRANSFER_FAILURE'));
      store.track(verdict(i * MINUTE + 30_000, 'healthy'));
    }
    const listed = store.list(2, 10 * MINUTE, targets);
    expect(listed.map((incident) => incident.startedAt)).toEqual([2 * MINUTE, MINUTE]);
    expect(listed.every((incident) => incident.detectedAt === null && incident.events.length === 2)).toBe(true);
  });

  it('keeps the first failover time when an episode fails over twice', () => {
    const store = new IncidentStore(db, unsharedGate());
    store.track(verdict(0, 'down', 'UNRESPONSIVE'));
    store.track({ type: 'switch', at: 20_000, to: 'failover', reason: 'auto' });
    store.track({ type: 'switch', at: 30_000, to: 'whatsapp', reason: 'agent' });
    store.track({ type: 'switch', at: 40_000, to: 'failover', reason: 'agent' });
    const [incident] = store.list(1, MINUTE, targets);
    expect(incident?.failoverAt).toBe(20_000);
    expect(incident?.events.map((e) => e.kind)).toEqual(['first-signal', 'detected', 'failover', 'failback', 'failover']);
  });

  it('writes the events that happen during a restore after it, in order, none lost', async () => {
    const gate = new WriteGate((error) => {
      throw error;
    });
    const store = new IncidentStore(db, gate);
    const contacts = new ContactsService({
      db,
      settings: defaultSettings(),
      backupsDir: join(dir, 'backups'),
      clock: systemClock,
      log: createLogger(join(dir, 'logs')),
      writeGate: gate,
    });
    // An episode that is over, in the backup.
    store.track(verdict(0, 'down', 'RENDERER_CRASHED'));
    store.track(verdict(MINUTE, 'healthy'));
    const backup = await contacts.backup();

    const restoring = contacts.restore(backup.name);
    // WhatsApp goes down while the restore runs: at once, and again once the restore is under way.
    store.track(verdict(10 * MINUTE, 'down', 'SERVICE_OUTAGE'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    store.track({ type: 'switch', at: 10 * MINUTE + 20_000, to: 'failover', reason: 'auto' });
    // Nothing is written while the restore holds the database...
    expect(store.list(10, 11 * MINUTE, targets)).toHaveLength(1);
    await restoring;

    // ...and everything is written on top of the restored data afterwards.
    const [outage, crash] = store.list(10, 11 * MINUTE, targets);
    expect(crash).toMatchObject({ fault: 'RENDERER_CRASHED', recoveredAt: MINUTE });
    expect(outage).toMatchObject({ fault: 'SERVICE_OUTAGE', startedAt: 10 * MINUTE, failoverAt: 10 * MINUTE + 20_000, recoveredAt: null });
    expect(outage?.events.map((e) => e.kind)).toEqual(['first-signal', 'detected', 'failover']);
    contacts.stop();
  });
});

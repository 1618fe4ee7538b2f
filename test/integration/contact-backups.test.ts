import Database from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, readdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContactStore } from '../../main/core/contacts/contact-store.ts';
import type { ContactDraft } from '../../main/core/contacts/contact.ts';
import { checkIntegrity, createBackup, listBackups, restoreBackup } from '../../main/core/db/backups.ts';
import { openDatabase, type Db } from '../../main/core/db/database.ts';
import { MIGRATIONS } from '../../main/core/db/migrations.ts';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function workstation() {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-backups-'));
  const file = join(dir, 'kiosk.sqlite');
  const db = openDatabase(file);
  open.push(db);
  return { dir, file, db, backups: join(dir, 'backups'), store: new ContactStore(db) };
}

const draft = (i: number): ContactDraft => ({
  name: `Customer ${i}`,
  phones: [`+4420794600${String(i).padStart(2, '0')}`],
  emails: [`customer${i}@example.com`],
  organization: null,
  note: i === 7 ? 'prefers calls after 5pm' : null,
});

/** Scribbles over every page after the first: the file still opens, its tables do not read. */
/** The pages that hold the contacts table: damaging them (not the schema) is the damage a restore must survive. */
function contactPages(db: Db): { pages: number[]; pageSize: number } {
  const rows = db.prepare(`SELECT pageno FROM dbstat WHERE name = 'contacts'`).all() as { pageno: number }[];
  return { pages: rows.map((row) => row.pageno), pageSize: db.pragma('page_size', { simple: true }) as number };
}

function corrupt(file: string, { pages, pageSize }: { pages: number[]; pageSize: number }): void {
  const fd = openSync(file, 'r+');
  try {
    const junk = Buffer.alloc(pageSize, 0xa5);
    for (const page of pages) writeSync(fd, junk, 0, junk.length, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

describe('database backups', () => {
  it('takes checked online backups, keeps only the newest, and names them by time', async () => {
    const { db, backups, store } = workstation();
    store.importCrm([draft(1)], 'crm.csv', 1);
    for (let i = 0; i < 5; i++) await createBackup(db, backups, Date.UTC(2026, 10, 29, 10, i), 3);
    const kept = listBackups(backups);
    expect(kept.map((b) => b.at)).toEqual([4, 3, 2].map((minute) => Date.UTC(2026, 10, 29, 10, minute)));
    expect(readdirSync(backups).filter((name) => name.endsWith('.partial'))).toEqual([]);
    for (const backup of kept) expect(checkIntegrity(backup.file)).toBeNull();
  });

  it('restores a backup over a damaged live database, and every contact is back', async () => {
    const ws = workstation();
    ws.store.importCrm(
      Array.from({ length: 2_000 }, (_, i) => draft(i)),
      'crm.csv',
      1,
    );
    const backup = await createBackup(ws.db, ws.backups, Date.UTC(2026, 10, 29, 9), 5);
    const before = [...ws.store.all()];
    const pages = contactPages(ws.db);
    ws.db.close();

    corrupt(ws.file, pages);
    expect(checkIntegrity(ws.file)).not.toBeNull();
    const damaged = openDatabase(ws.file);
    open.push(damaged);
    expect(() => [...new ContactStore(damaged).all()]).toThrow();

    const { safetyCopy } = await restoreBackup(damaged, backup.file, ws.backups, Date.UTC(2026, 10, 29, 10));
    // A damaged database is not worth a safety copy (and would fail its check).
    expect(safetyCopy).toBeNull();
    expect(checkIntegrity(ws.file)).toBeNull();
    const restored = new ContactStore(damaged);
    expect([...restored.all()]).toEqual(before);
    expect(restored.search('customer7@')[0]?.note).toBe('prefers calls after 5pm');
  });

  it('restores with the kiosk running: the open connection sees the backup, and a safety copy of now is kept', async () => {
    const ws = workstation();
    ws.store.importCrm([draft(1), draft(2)], 'crm.csv', 1);
    const backup = await createBackup(ws.db, ws.backups, Date.UTC(2026, 10, 29, 9), 5);
    ws.store.importCrm([draft(3)], 'later.csv', 2);
    expect(ws.store.count()).toBe(3);

    const { safetyCopy } = await restoreBackup(ws.db, backup.file, ws.backups, Date.UTC(2026, 10, 29, 10));
    expect(ws.store.count()).toBe(2);
    expect(safetyCopy).not.toBeNull();
    // The safety copy holds what was there before the restore.
    const undo = openDatabase(safetyCopy!.file);
    open.push(undo);
    expect(new ContactStore(undo).count()).toBe(3);
  });

  it('refuses a damaged backup and leaves the live database as it was', async () => {
    const ws = workstation();
    ws.store.importCrm([draft(1)], 'crm.csv', 1);
    const backup = await createBackup(ws.db, ws.backups, Date.UTC(2026, 10, 29, 9), 5);
    ws.store.importCrm([draft(2)], 'crm.csv', 2);
    // Any damage will do for a backup: it must fail its check before anything is replaced.
    corrupt(backup.file, { pages: Array.from({ length: 39 }, (_, i) => i + 2), pageSize: 4096 });
    await expect(restoreBackup(ws.db, backup.file, ws.backups, 3)).rejects.toThrow(/cannot be restored/);
    expect(ws.store.count()).toBe(2);
    expect(listBackups(ws.backups)).toHaveLength(1);
  });

  it('refuses a backup from a newer version of the app, with a clear error, and changes nothing', async () => {
    const ws = workstation();
    ws.store.importCrm([draft(1)], 'crm.csv', 1);
    const backup = await createBackup(ws.db, ws.backups, Date.UTC(2026, 10, 29, 9), 5);
    // What a later app would have left: a schema this one has no migration for.
    const later = new Database(backup.file);
    later.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    later.close();
    ws.store.importCrm([draft(2)], 'crm.csv', 2);
    const before = [...ws.store.all()];

    await expect(restoreBackup(ws.db, backup.file, ws.backups, 3)).rejects.toThrow(
      `backup ${backup.name} cannot be restored: it was taken by a newer version of the app (database schema ${MIGRATIONS.length + 1}, this app knows up to ${MIGRATIONS.length})`,
    );
    expect([...ws.store.all()]).toEqual(before);
    expect(ws.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    // No safety copy either: nothing was touched.
    expect(listBackups(ws.backups)).toHaveLength(1);
  });

  it('brings a backup from an older version of the app up to date as it restores it', async () => {
    const ws = workstation();
    const old = join(ws.dir, 'old.sqlite');
    // A workstation that ran an app knowing migrations 1 to 3, with its contacts.
    const oldDb = openDatabase(old, MIGRATIONS.slice(0, 3));
    oldDb.exec(
      `INSERT INTO contacts (name, phones, search_text, updated_at) VALUES ('Old Customer', '["+442079460001"]', 'old customer 442079460001', 1)`,
    );
    await createBackup(oldDb, ws.backups, Date.UTC(2026, 10, 1), 5);
    oldDb.close();
    const [backup] = listBackups(ws.backups);

    await restoreBackup(ws.db, backup!.file, ws.backups, Date.UTC(2026, 10, 29));
    expect(ws.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(ws.store.search('old customer').map((c) => c.name)).toEqual(['Old Customer']);
    // Later writes keep the search index as the current schema does.
    ws.store.importCrm([draft(3)], 'crm.csv', 2);
    expect(ws.store.search('customer3@').map((c) => c.name)).toEqual(['Customer 3']);
  });
});

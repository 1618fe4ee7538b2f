import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactsService } from '../../main/core/contacts/contacts-service.ts';
import { importMessageText } from '../../main/core/contacts/import/messages.ts';
import { IMPORT_MESSAGE_CODES, type ContactImportReport } from '../../main/core/ipc/contacts-wire.ts';
import type { Db } from '../../main/core/db/database.ts';
import type { Settings } from '../../main/core/config/schema.ts';
import { contactsWorkstation } from './contacts-workstation.ts';

const FIXTURES = new URL('../fixtures/contacts/', import.meta.url).pathname;
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function service(backups: Partial<Settings['backups']> = {}, maintenance: Partial<Settings['maintenance']> = {}) {
  const { db, contacts } = contactsWorkstation(backups, maintenance);
  open.push(db);
  return contacts;
}

async function importFixture(contacts: ContactsService, name: string): Promise<ContactImportReport> {
  const result = await contacts.importFile({ fileName: name, dataBase64: readFileSync(join(FIXTURES, name)).toString('base64') });
  if ('refused' in result) throw new Error(`${name} was refused: ${importMessageText(result.refused)}`);
  return result;
}

describe('contacts in a real SQLite file', () => {
  it('imports every realistic export and finds each person by name, number and email', async () => {
    const contacts = service();
    const files = [
      'google-contacts.csv',
      'google-contacts-legacy.csv',
      'outlook-semicolon.csv',
      'chinese-gb18030.csv',
      'excel-unicode-utf16le.csv',
      'android-2.1.vcf',
      'iphone-3.0.vcf',
      'rfc6350-4.0.vcf',
    ];
    let total = 0;
    for (const file of files) {
      const report = await importFixture(contacts, file);
      expect(report.created + report.updated + report.unchanged, file).toBeGreaterThan(0);
      total += report.created;
    }
    expect(contacts.store.count()).toBe(total);

    const jane = contacts.store.search('Jane Doe')[0];
    expect(jane).toMatchObject({ name: expect.stringContaining('Jane'), organization: 'Acme Corp' });
    expect(jane?.emails).toContain('jane.doe@acme.example');
    expect(jane?.sources.name).toEqual({ kind: 'crm', file: 'google-contacts.csv' });
    expect(contacts.store.search('201 555 0123')[0]?.id).toBe(jane?.id);
    expect(contacts.store.search('jane@home')[0]?.id).toBe(jane?.id);
  });

  it('merges a WhatsApp contact and a CRM row with the same number into one person', async () => {
    const contacts = service();
    contacts.onWhatsAppBatch({
      v: 1,
      source: 'indexeddb',
      contacts: [
        {
          id: '34612345678@c.us',
          phone: null,
          name: 'Pepe',
          pushName: 'Pepe G',
          isBusiness: true,
          lastInteractionAt: 1_700_000_000_000,
          unread: 1,
        },
      ],
    });
    await importFixture(contacts, 'google-contacts.csv');
    const jose = contacts.store.search('612 34 56 78');
    expect(jose).toHaveLength(1);
    expect(jose[0]).toMatchObject({
      name: 'José García',
      pushName: 'Pepe G',
      whatsappId: '34612345678@c.us',
      isBusiness: true,
      phones: ['+34612345678'],
    });
    expect(jose[0]?.sources).toMatchObject({ name: { kind: 'crm' }, pushName: { kind: 'whatsapp' } });
  });

  it('reports skipped rows with their line and reason, and imports the rest', async () => {
    const contacts = service();
    const report = await importFixture(contacts, 'malformed.csv');
    expect(report.skipped).toBeGreaterThan(0);
    for (const row of report.rows.filter((r) => r.outcome === 'skipped')) {
      expect(row.line).toBeGreaterThan(1);
      expect(IMPORT_MESSAGE_CODES).toContain(row.reason?.code);
    }
    expect(contacts.store.count()).toBe(report.created);
  });

  it('refuses a file that is not contacts and changes nothing', async () => {
    const contacts = service();
    await importFixture(contacts, 'google-contacts.csv');
    const before = [...contacts.store.all()];
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const data = { fileName: 'photo.csv', dataBase64: binary.toString('base64') };
    expect(await contacts.importFile(data)).toEqual({ refused: { code: 'fileBinary', params: {} } });
    expect(await contacts.preview(data)).toEqual({ refused: { code: 'fileBinary', params: {} } });
    expect([...contacts.store.all()]).toEqual(before);
  });

  it('imports all of a file or nothing: a failure half-way leaves the store as it was', async () => {
    const contacts = service();
    await importFixture(contacts, 'outlook-semicolon.csv');
    const before = [...contacts.store.all()];
    const db = open.at(-1)!;
    // The disk refusing a write half-way through the file, as SQLite would report it.
    db.exec(`CREATE TRIGGER fail_half_way BEFORE INSERT ON contacts WHEN (SELECT count(*) FROM contacts) >= ${before.length + 1}
             BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    await expect(importFixture(contacts, 'google-contacts.csv')).rejects.toThrow(/disk I\/O error/);
    expect([...contacts.store.all()]).toEqual(before);
    db.exec('DROP TRIGGER fail_half_way');
    expect((await importFixture(contacts, 'google-contacts.csv')).created).toBeGreaterThan(1);
  });

  it('refuses a malformed batch from the page and changes nothing', () => {
    const contacts = service();
    contacts.onWhatsAppBatch({ v: 1, source: 'indexeddb', contacts: [{ id: '15550100001@c.us', name: '<img src=x onerror=alert(1)>' }] });
    contacts.onWhatsAppBatch({ v: 2, source: 'indexeddb', contacts: [] });
    contacts.onWhatsAppBatch('not a batch');
    expect(contacts.store.count()).toBe(0);
    expect(contacts.summary().lastSyncAt).toBeNull();
  });

  it('exports to CSV and vCard files that import back into the same contacts', async () => {
    const contacts = service();
    await importFixture(contacts, 'google-contacts.csv');
    await importFixture(contacts, 'iphone-3.0.vcf');
    const essentials = (c: ContactsService) =>
      [...c.store.all()].map(({ name, phones, emails, organization, note }) => ({ name, phones, emails, organization, note }));
    for (const format of ['csv', 'vcard'] as const) {
      const file = contacts.export(format);
      expect(file.fileName).toMatch(format === 'csv' ? /^contacts-\d{4}-\d{2}-\d{2}\.csv$/ : /\.vcf$/);
      const copy = service();
      await copy.importFile({ fileName: file.fileName, dataBase64: Buffer.from(file.text).toString('base64') });
      expect(essentials(copy)).toEqual(essentials(contacts));
    }
  });

  it('takes the scheduled backups by itself', async () => {
    const contacts = service({ schedule: '* * * * * *', keep: 2 });
    await importFixture(contacts, 'outlook-semicolon.csv');
    contacts.start();
    try {
      await expect.poll(() => contacts.listBackups().length, { timeout: 5_000 }).toBe(2);
    } finally {
      contacts.stop();
    }
    expect(contacts.summary().lastBackup?.bytes).toBeGreaterThan(0);
  });

  it('refuses a backup below the free-disk floor, with a clear error, and writes no file', async () => {
    // No disk here has a terabyte free above what it holds: the floor is always above the free space.
    const contacts = service({}, { diskFloorMb: 1_000_000 });
    await importFixture(contacts, 'outlook-semicolon.csv');
    await expect(contacts.backup()).rejects.toThrow(/too little free disk for a backup/);
    expect(contacts.listBackups()).toEqual([]);
  });

  it('keeps a WhatsApp batch that arrives during a restore, and applies it on top of the restored data', async () => {
    const contacts = service();
    await importFixture(contacts, 'outlook-semicolon.csv');
    const backup = await contacts.backup();
    const restoring = contacts.restore(backup.name);
    contacts.onWhatsAppBatch({
      v: 1,
      source: 'indexeddb',
      contacts: [
        { id: '447700900123@c.us', phone: null, name: null, pushName: 'Nora Quinn', isBusiness: false, lastInteractionAt: null, unread: 0 },
      ],
    });
    await restoring;
    expect(contacts.store.search('Nora Quinn')).toHaveLength(1);
  });

  it('cleans control characters out of a search instead of failing on them', async () => {
    const contacts = service();
    await importFixture(contacts, 'google-contacts.csv');
    const jane = contacts.store.search('Jane Doe');
    expect(jane.length).toBeGreaterThan(0);
    // A NUL used to end the full-text query early: "unterminated string".
    expect(contacts.store.search('Jane\u0000 Doe')).toEqual(jane);
    expect(contacts.store.search('\u0000Ja\u0007ne\u001b Doe\u007f')).toEqual(jane);
    expect(contacts.store.search('Jane\tDoe')).toEqual(jane);
    expect(contacts.store.search('\u0000\u0001\u0002')).toEqual([]);
  });
});

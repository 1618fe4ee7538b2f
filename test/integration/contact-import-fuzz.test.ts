import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORT_MESSAGE_CODES } from '../../main/core/ipc/contacts-wire.ts';
import { checkIntegrity } from '../../main/core/db/backups.ts';
import { contactsWorkstation } from './contacts-workstation.ts';

/**
 * Damaged CRM files through the real import path into one real SQLite file: each import is
 * either refused with a reason for the agent (and the store keeps its size) or lands with the store
 * growing by exactly what the report says, and the database stays sound throughout. (That a
 * failure half-way leaves nothing behind is shown in contact-store.test.ts.)
 */
const FIXTURE_DIR = new URL('../fixtures/contacts/', import.meta.url);
const FIXTURES = readdirSync(FIXTURE_DIR).map((name) => ({ name, bytes: readFileSync(new URL(name, FIXTURE_DIR)) }));

const { file, db, contacts } = contactsWorkstation();
afterAll(() => db.close());

/** A fixture with bytes flipped, cut, duplicated or spliced: the damage real files arrive with. */
const damagedFile = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
    cutAt: fc.option(fc.nat()),
    repeat: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ fixture, flips, cutAt, repeat }) => {
    let bytes = Buffer.concat(Array.from({ length: repeat }, () => fixture.bytes));
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    if (cutAt !== null) bytes = bytes.subarray(0, cutAt % (bytes.length + 1));
    return { name: fixture.name, bytes };
  });

describe('importing damaged files into a real database', () => {
  it('refuses or imports, never crashes, and the report matches what was stored', async () => {
    await fc.assert(
      fc.asyncProperty(damagedFile, async ({ name, bytes }) => {
        const before = contacts.store.count();
        const result = await contacts.importFile({ fileName: name, dataBase64: bytes.toString('base64') });
        if ('refused' in result) expect(IMPORT_MESSAGE_CODES).toContain(result.refused.code);
        expect(contacts.store.count()).toBe(before + ('refused' in result ? 0 : result.created));
      }),
      { numRuns: 400 },
    );
    expect(checkIntegrity(file)).toBeNull();
  });
});
